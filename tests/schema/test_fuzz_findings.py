"""What the schema fuzzer (tests/test_fuzz_schema.py) found, each pinned by a
focused test: hostile input gets a typed answer with a code, never an
unexpected error, and nothing is written."""

from __future__ import annotations

import pytest

from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_oem, make_store, make_user


async def test_a_nul_spelt_as_an_escape_in_the_query_is_refused_before_anything_runs(
    api: Api, settings
) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("admin@a.test")
    create = r'mutation { createStore(input: {code: "X-1", name: "a\u0000b", region: "r", city: "c"}) { __typename } }'
    errors = await api.errors(create, token=token)
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"]
    assert "NUL" in errors[0]["message"]
    assert (await api.gql("{ stores { totalCount } }", token=token))["stores"]["totalCount"] == 0
    login = r'mutation { login(input: {email: "a\u0000b", password: "x"}) { __typename } }'
    assert [e["extensions"]["code"] for e in await api.errors(login)] == ["BAD_USER_INPUT"]


async def test_revoking_a_key_by_a_malformed_id_names_the_field(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("admin@a.test")
    result = (
        await api.gql(
            """mutation { revokeApiKey(input: {id: "key-1"}) { __typename
                ... on ValidationErrors { errors { path message } } } }""",
            token=token,
        )
    )["revokeApiKey"]
    assert result["__typename"] == "ValidationErrors"
    assert result["errors"][0]["path"] == ["input", "id"]


async def test_sla_compliance_refuses_times_without_offset_and_an_empty_range(
    api: Api, settings
) -> None:  # type: ignore[no-untyped-def]
    oem = await make_oem()
    await make_user("desk@oem.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    token = await api.login("desk@oem.test")
    query = "query($f: DateTime!, $t: DateTime!) { slaCompliance(from: $f, to: $t) { key } }"
    naive = await api.errors(query, {"f": "2026-11-01T00:00:00", "t": "2026-12-01T00:00:00"}, token)
    assert naive[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "offset" in naive[0]["message"]
    same = "2026-11-01T00:00:00+08:00"
    empty = await api.errors(query, {"f": same, "t": same}, token)
    assert empty[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert empty[0]["message"] == "to: must be after `from`"


async def test_an_oem_user_completing_a_task_is_told_it_is_forbidden(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    oem = await make_oem()
    await make_user("desk@oem.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    token = await api.login("desk@oem.test")
    result = await api.gql(
        'mutation($t: ID!) { completeTask(input: {taskId: $t, result: "done"}) { __typename } }',
        {"t": gid("ReminderTask", 1)},
        token=token,
    )
    assert result["completeTask"]["__typename"] == "ForbiddenError"


async def test_a_filter_value_longer_than_the_column_is_bad_input(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group)
    await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    token = await api.login("ann@a.test")
    errors = await api.errors(
        "query($b: String) { vehicleModels(brand: $b) { name } }", {"b": "a" * 500}, token
    )
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"]
    assert errors[0]["message"].startswith("brand: ")


async def test_days_and_times_outside_1900_to_2999_are_refused_before_anything_runs(
    api: Api, settings
) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group)
    await make_user("boss@a.test", group=group, role=Role.SALES_MANAGER, store=store)
    token = await api.login("boss@a.test")
    literal = await api.errors(
        f'{{ dailyReport(storeId: "{store.id}", day: "0001-01-01") {{ __typename }} }}',
        token=token,
    )
    variable = await api.errors(
        "query($s: ID!, $d: Date!) { surveyAverages(storeId: $s, from: $d, to: $d) { surveys } }",
        {"s": gid(store), "d": "9999-12-31"},
        token,
    )
    times = await api.errors(
        "query($t: DateTime!) { slaCompliance(from: $t, to: $t) { key } }",
        {"t": "0001-01-01T00:00:00+14:00"},
        token,
    )
    for errors in (literal, variable, times):
        assert "the year must be from 1900 to 2999" in errors[0]["message"], errors
        assert "path" not in errors[0]  # refused while validating: nothing ran


async def test_logging_in_with_an_overlong_email_is_bad_input(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    errors = await api.errors(
        'mutation($e: String!) { login(input: {email: $e, password: "x"}) { __typename } }',
        {"e": "a" * 300 + "@a.test"},
    )
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"]


async def test_a_time_zone_name_too_long_for_a_file_is_a_validation_error(
    api: Api, settings
) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("admin@a.test")
    result = (
        await api.gql(
            """mutation($z: String!) { createStore(input: {code: "X-1", name: "x", region: "r",
                city: "c", timezone: $z}) { __typename ... on ValidationErrors { errors { path } } } }""",
            {"z": "a" * 1000},
            token,
        )
    )["createStore"]
    assert result == {"__typename": "ValidationErrors", "errors": [{"path": ["input", "timezone"]}]}


@pytest.mark.parametrize("cost", ["NaN", "-NaN", "Infinity", "-Infinity", "sNaN", "1,5"])
async def test_money_that_is_not_a_finite_number_is_refused_before_anything_runs(
    api: Api, settings, cost: str
) -> None:  # type: ignore[no-untyped-def]
    service = {"vehicleId": "1", "kind": "maintenance", "serviceDate": "2026-11-01",
               "mileageKm": 3000, "content": "oil", "cost": cost}  # fmt: skip
    errors = await api.errors(
        "mutation($i: RecordServiceInput!) { recordService(input: $i) { __typename } }",
        {"i": service},
    )
    assert "cannot represent a Decimal" in errors[0]["message"]
    assert "path" not in errors[0]


@pytest.mark.parametrize(
    "mutation", ["disableWebhookEndpoint", "deleteWebhookEndpoint", "replayWebhookDelivery"]
)
async def test_webhook_mutations_answer_a_malformed_id_with_a_field_error(
    api: Api, settings, mutation: str
) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("admin@a.test")
    data = await api.gql(
        f'mutation {{ {mutation}(input: {{id: "not-a-number"}}) {{ __typename ... on ValidationErrors {{ errors {{ path }} }} }} }}',
        token=token,
    )
    assert data[mutation]["__typename"] == "ValidationErrors"


async def test_null_for_an_argument_that_has_a_default_but_takes_no_null_is_the_callers_mistake(
    api: Api, settings
) -> None:  # type: ignore[no-untyped-def]
    """`$unreadOnly: Boolean` given as null to `unreadOnly: Boolean! = false`
    (as the demo frontend's Notifications document may send it): graphql-core
    refuses the argument at the field; the error says so with a code, and the
    metrics count it as the caller's, not as an internal error."""
    group = await make_group()
    store = await make_store(group, "SH-1")
    await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    token = await api.login("ann@a.test")
    query = "query($u: Boolean) { notifications(first: 5, unreadOnly: $u) { totalCount } }"
    internal = await api.error_count("INTERNAL")
    errors = await api.errors(query, {"u": None}, token)
    assert [(e["extensions"]["code"], e["path"]) for e in errors] == [
        ("BAD_USER_INPUT", ["notifications"])
    ]
    assert "unreadOnly" in errors[0]["message"]
    assert await api.error_count("INTERNAL") == internal


def test_a_value_the_schema_cannot_show_stays_an_internal_error() -> None:
    """The argument rule above is only for arguments: a stored value an enum
    cannot represent is our fault, not the caller's (and stays masked)."""
    from graphql import build_schema, graphql_sync

    from saas.schema.errors import code_request_errors

    schema = build_schema("enum E { A } type Query { e: E n(x: Int! = 1): Int }")
    result = graphql_sync(schema, "{ e }", root_value={"e": "BOGUS"})
    code_request_errors(result)
    assert result.errors and "code" not in (result.errors[0].extensions or {})
    refused = graphql_sync(
        schema, "query($x: Int) { n(x: $x) }", root_value={"n": 1}, variable_values={"x": None}
    )
    code_request_errors(refused)
    assert [e.extensions["code"] for e in refused.errors or []] == ["BAD_USER_INPUT"]
