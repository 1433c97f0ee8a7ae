"""Services name fields in domain words; clients see the paths of their input.

The schema layer (saas/schema/inputs.py) parses an input into a service's
arguments and maps a service's field problems back to GraphQL paths. These
tests hold both ends: no module outside saas/schema spells a GraphQL input
path, and the paths a client receives are those of the input it sent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import strawberry
from strawberry.utils.str_converters import to_camel_case

from saas.crm import vocabulary
from saas.errors import field_path
from saas.imports.service import ImportKind, Outcome
from saas.reports.runs import ReportKind
from saas.schema import Mutation
from saas.schema.crm import types as crm_types
from saas.schema.imports import ImportKindEnum, ImportOutcomeEnum
from saas.schema.inputs import global_ids, graphql_path, to_args, to_filter
from saas.schema.reports.runs import ReportKindEnum
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_store, make_user

SAAS = Path(__file__).resolve().parents[2] / "saas"
# "input.storeId", ("input", "storeId"), f"input.{name}", path="input": a GraphQL
# input path or its root (a dictionary key "input": is something else).
GRAPHQL_INPUT_PATH = re.compile(r"""["']input(\.|["'](?!\s*:))""")


def _field(name: str) -> list[strawberry.types.arguments.StrawberryArgument]:
    definition = Mutation.__strawberry_definition__  # type: ignore[attr-defined]
    field = next(f for f in definition.fields if to_camel_case(f.python_name) == name)
    return list(field.arguments)


def test_no_module_outside_the_schema_layer_spells_a_graphql_input_path() -> None:
    found = []
    for path in sorted(SAAS.rglob("*.py")):
        relative = path.relative_to(SAAS).as_posix()
        if relative.startswith("schema/"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if GRAPHQL_INPUT_PATH.search(line):
                found.append(f"saas/{relative}:{number}: {line.strip()}")
    assert found == [], "name the field in domain words (store_id, customer.phone):\n" + "\n".join(
        found
    )


def test_the_guard_sees_the_paths_it_forbids() -> None:
    assert GRAPHQL_INPUT_PATH.search('raise ValidationFailed.one("input.storeId", "x")')
    assert GRAPHQL_INPUT_PATH.search('FieldProblem(("input", "price"), "x")')
    assert GRAPHQL_INPUT_PATH.search('path = f"input.{name}"')
    assert GRAPHQL_INPUT_PATH.search('def distribute(path: str = "input") -> None:')
    assert not GRAPHQL_INPUT_PATH.search('raise ValidationFailed.one("store_id", "x")')
    assert not GRAPHQL_INPUT_PATH.search('details = {"input": kwargs}')


@pytest.mark.parametrize(
    ("mutation", "domain", "client"),
    [
        ("createLead", "store_id", ["input", "storeId"]),
        ("createLead", "budget_max", ["input", "budgetMax"]),
        ("createLead", "customer.income_band", ["input", "customer", "incomeBand"]),
        ("createApiKey", "scopes[1]", ["input", "scopes", "1"]),
        ("distributeLeads", "orders[3].customer_name", ["input", "leads", "3", "customerName"]),
        ("markInsuranceRenewed", "policy_id", ["policyId"]),
        ("retryReportRun", "run_id", ["id"]),
        # A path already spelt as GraphQL stays as it is.
        ("createLead", "input.customer.phone", ["input", "customer", "phone"]),
    ],
)
def test_a_domain_path_maps_to_the_input_path(
    mutation: str, domain: str, client: list[str]
) -> None:
    assert graphql_path(_field(mutation), field_path(domain)) == client


async def test_service_errors_on_nested_fields_reach_the_client_at_their_input_path(
    api: Api,
) -> None:
    group = await make_group()
    store = await make_store(group, "SH-1")
    await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    token = await api.login("ann@a.test")
    create = """mutation($input: CreateLeadInput!) { createLead(input: $input) {
      __typename ... on ValidationErrors { message errors { path message } } } }"""
    lead = {
        "storeId": gid(store),
        "sourceChannel": "WALK_IN",
        "customer": {"name": "Li Lei", "phone": "13800138000", "incomeBand": "lots"},
        "budgetMin": 300000,
        "budgetMax": 200000,
    }
    refused = (await api.gql(create, {"input": lead}, token))["createLead"]
    assert refused["__typename"] == "ValidationErrors"
    assert {tuple(e["path"]) for e in refused["errors"]} == {
        ("input", "customer", "incomeBand"),
        ("input", "budgetMax"),
    }
    assert "input.customer.incomeBand: must be one of" in refused["message"]
    assert "input.budgetMax: must not be below budgetMin" in refused["message"]

    # An id of the wrong type: the same error, at the same path, as ever.
    wrong = {**lead, "customer": {"name": "Li Lei", "phone": "13800138000"}, "budgetMin": None}
    wrong["storeId"] = gid("Customer", 1)
    refused = (await api.gql(create, {"input": wrong}, token))["createLead"]
    assert refused["errors"] == [
        {
            "path": ["input", "storeId"],
            "message": "this is not a store id; pass the id of a store as the API gave it",
        }
    ]


async def test_service_errors_on_list_items_reach_the_client_at_their_input_path(
    api: Api,
) -> None:
    group = await make_group()
    store = await make_store(group, "SH-1")
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("admin@a.test")
    key = """mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
      __typename ... on ValidationErrors { errors { path message } } } }"""
    scopes = ["store:read", "user:read", "lead:assign"]
    refused = (
        await api.gql(
            key, {"input": {"name": "BI", "role": "GROUP_EXECUTIVE", "scopes": scopes}}, token
        )
    )["createApiKey"]
    assert refused["errors"] == [
        {
            "path": ["input", "scopes", "2"],
            "message": "lead:assign is not a permission of group_executive",
        }
    ]

    hook = """mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
      __typename ... on ValidationErrors { errors { path message } } } }"""
    endpoint = {
        "url": "https://hooks.example.com/crm",
        "eventTypes": ["LEAD_CREATED"],
        "storeIds": [gid(store), gid("Customer", 1)],
    }
    refused = (await api.gql(hook, {"input": endpoint}, token))["createWebhookEndpoint"]
    assert refused["errors"] == [
        {
            "path": ["input", "storeIds", "1"],
            "message": "this is not a store id; pass the id of a store as the API gave it",
        }
    ]


def test_schema_enums_are_the_domain_enums_so_inputs_pass_them_through() -> None:
    names = ("IntentGrade", "FunnelStage", "SourceChannel", "LostReason", "TagKind",
             "TestDriveStatus", "PaymentMethod", "FollowUpChannel")  # fmt: skip
    for name in names:
        assert getattr(crm_types, name) is getattr(vocabulary, name)
    assert ReportKindEnum is ReportKind
    assert ImportKindEnum is ImportKind and ImportOutcomeEnum is Outcome


def test_an_input_field_that_reaches_no_parameter_fails_loudly() -> None:
    @strawberry.input
    class Probe:
        lead_id: strawberry.ID
        note: str

    def service(lead_id: int, comment: str = "") -> tuple[int, str]:
        return lead_id, comment

    global_ids(Probe, lead_id="Lead")
    with pytest.raises(TypeError, match=r"Probe.note reaches no parameter"):
        to_args(Probe(lead_id=strawberry.ID(gid("Lead", 7)), note="x"), service)
    assert to_args(
        Probe(lead_id=strawberry.ID(gid("Lead", 7)), note="x"), service, partial=True
    ) == (
        7,
        "",
    )


def test_a_list_filter_narrows_and_never_fails() -> None:
    @strawberry.input
    class ProbeFilter:
        store_id: strawberry.ID | None = None
        grades: list[crm_types.IntentGrade] | None = None
        grade: crm_types.IntentGrade | None = None

    @dataclass
    class ServiceFilter:
        store_id: int | None = None
        grades: list[str] | None = None
        grade: vocabulary.IntentGrade | None = None

    global_ids(ProbeFilter, store_id="Store")
    assert to_filter(None, ServiceFilter) == ServiceFilter()
    grade = vocabulary.IntentGrade("H")
    given = ProbeFilter(store_id=strawberry.ID(gid("Store", 3)), grades=[grade], grade=grade)
    assert to_filter(given, ServiceFilter) == ServiceFilter(3, [grade.value], grade)
    # An id of another type, or none at all, matches nothing instead of failing the list.
    for wrong in (gid("Lead", 3), "not an id"):
        assert to_filter(ProbeFilter(store_id=strawberry.ID(wrong)), ServiceFilter).store_id == -1
    assert to_filter(ProbeFilter(grades=[]), ServiceFilter).grades is None
