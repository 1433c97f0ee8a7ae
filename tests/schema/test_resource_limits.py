"""Denial of service: every list is bounded and the node budget bounds the
answer's size, whatever way a page size is given; documents are bounded
before parsing and the document caches by bytes; a request has a deadline
and its statements a PostgreSQL statement_timeout."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
import strawberry
from graphql import GraphQLObjectType, Undefined, get_named_type, is_non_null_type, parse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from saas import models
from saas.app import create_app
from saas.schema import schema
from saas.schema.limits import (
    MAX_NODES,
    PARSED,
    VALIDATED,
    Cost,
    MaxItems,
    deep_size,
    install_list_caps,
    list_bound_problems,
)
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api, table_locked
from tests.factories import gid, make_group, make_lead, make_store, make_user

SCHEMA = schema._schema
CHANNELS = ["walk_in", "phone_in", "website", "auto_show", "referral", "third_party"]


def cost(query: str, variables: dict[str, Any] | None = None) -> int:
    return Cost(parse(query), SCHEMA, variables or {}).of_operation(None)


async def _manager(api: Api, leads: int = 8) -> tuple[str, list[str]]:
    """A showroom manager's token and the ids of one customer's `leads` leads."""
    group = await make_group()
    store = await make_store(group)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    ids = []
    for i in range(leads):
        intake = await make_lead(boss, store, channel=CHANNELS[i % len(CHANNELS)])
        ids.append(gid(intake.lead))
        # One open lead per customer and store: close it before the next.
        async with tenant_transaction(group.id):
            await models.Lead.filter(id=intake.lead.id).update(status="lost")
    return await api.login("boss@a.test"), ids


def _objects(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(_objects(v) for v in value)
    return 0


# --- every list is bounded -------------------------------------------------------


@strawberry.type
class Item:
    name: str


def _five() -> list[Item]:
    return [Item(name=str(i)) for i in range(5)]


@strawberry.type
class Unbounded:
    items: list[Item] = strawberry.field(resolver=_five)


@strawberry.type
class Capped:
    few: list[Item] = strawberry.field(resolver=_five, directives=[MaxItems(count=3)])


def test_every_list_of_objects_is_paged_or_capped() -> None:
    assert list_bound_problems(SCHEMA) == []
    unbounded = strawberry.Schema(query=Unbounded)
    assert list_bound_problems(unbounded._schema) == [
        "Unbounded.items: a list of objects needs first/last or @maxItems"
    ]
    with pytest.raises(TypeError, match=r"Unbounded\.items"):
        install_list_caps(unbounded)
    capped = strawberry.Schema(query=Capped)
    assert install_list_caps(capped) == 1
    # The resolver returned 5; the list holds its declared 3, as the budget counts.
    assert capped.execute_sync("{ few { name } }").data == {
        "few": [{"name": "0"}, {"name": "1"}, {"name": "2"}]
    }


async def test_nested_cyclic_lists_are_refused_before_they_run(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    token, ids = await _manager(api, leads=8)
    # The reported shape: 10 aliases, lead -> customer -> leads -> customer -> ...
    nested = "id " + "".join("customer { leads { " for _ in range(5)) + "id" + " } }" * 5
    query = "query($id: ID!) { " + " ".join(f"a{i}: lead(id: $id) {{ {nested} }}" for i in range(10)) + " }"  # fmt: skip
    started = time.perf_counter()
    refused, me = await asyncio.gather(
        api.post(query, {"id": ids[0]}, token), api.post("{ me { kind } }", None, token)
    )
    assert refused.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert "data" not in refused.json()
    assert me.json() == {"data": {"me": {"kind": "USER"}}}
    assert time.perf_counter() - started < 5
    # One level of the cycle is fine: the customer's leads, each with its customer.
    one = await api.gql(
        "query($id: ID!) { lead(id: $id) { customer { leads { id customer { name } } } } }",
        {"id": ids[0]},
        token,
    )
    assert len(one["lead"]["customer"]["leads"]) == 8


async def test_a_capped_list_holds_at_most_its_count(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    token, ids = await _manager(api, leads=12)
    data = await api.gql(
        "query($id: ID!) { lead(id: $id) { customer { leads { id } } } }", {"id": ids[0]}, token
    )
    assert [lead["id"] for lead in data["lead"]["customer"]["leads"]] == ids[:10]


# --- the budget bounds the answer ------------------------------------------------

# Root fields to start from, with their argument text, and how deep to go.
ROOTS = ["leads(first: {n})", "customers(first: {n})", "followUps(first: {n})", "me", "stores(first: {n})"]  # fmt: skip


@st.composite
def nested_queries(draw: st.DrawFn) -> str:
    """Queries that walk the schema's object fields (lists and connections
    too, cycles included) several levels deep, under aliases."""

    def selection(graphql_type: GraphQLObjectType, depth: int) -> str:
        fields = [
            (name, field)
            for name, field in sorted(graphql_type.fields.items())
            if isinstance(get_named_type(field.type), GraphQLObjectType)
            and not any(
                is_non_null_type(arg.type) and arg.default_value is Undefined
                for arg in field.args.values()
            )
        ]
        parts = ["__typename"]
        if depth > 0 and fields:
            chosen = draw(st.lists(st.sampled_from(fields), min_size=1, max_size=3))
            for i, (name, field) in enumerate(chosen):
                arguments = f"(first: {draw(st.integers(1, 30))})" if "first" in field.args else ""
                inner = selection(get_named_type(field.type), depth - 1)
                parts.append(f"f{i}_{name}: {name}{arguments} {{ {inner} }}")
        return " ".join(parts)

    roots = draw(st.lists(st.sampled_from(ROOTS), min_size=1, max_size=3))
    query = []
    for i, root in enumerate(roots):
        field = SCHEMA.query_type.fields[root.split("(")[0]]
        text = root.format(n=draw(st.integers(1, 30)))
        depth = draw(st.integers(1, 5))
        query.append(f"r{i}: {text} {{ {selection(get_named_type(field.type), depth)} }}")
    return "{ " + " ".join(query) + " }"


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(query=nested_queries())
async def test_the_answer_never_holds_more_objects_than_the_budget_counted(
    api: Api, settings, query: str
) -> None:  # type: ignore[no-untyped-def]
    if not hasattr(api, "token"):  # one seed for every example
        api.token, _ = await _manager(api, leads=12)  # type: ignore[attr-defined]
    counted = cost(query)
    body = (await api.post(query, None, api.token)).json()  # type: ignore[attr-defined]
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors", [])]
    if "QUERY_TOO_COSTLY" in codes:
        assert counted > MAX_NODES, query
        return
    assert counted <= MAX_NODES, query
    # Every object of the answer (but `data` itself) was counted.
    assert _objects(body.get("data")) - 1 <= counted, query


async def test_a_page_size_counts_however_it_is_given(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    token, _ = await _manager(api, leads=1)
    aliased = " ".join(f"a{i}: leads(first: $f) {{ nodes {{ id }} }}" for i in range(30))
    refused_with = {
        "a literal": ("query { " + aliased.replace("$f", "100") + " }", {}),
        "an Int variable": ("query($f: Int) { " + aliased + " }", {"f": 100}),
        "a Float variable that coerces to Int": ("query($f: Int) { " + aliased + " }", {"f": 100.0}),
        "an unsent variable's default": ("query($f: Int = 100) { " + aliased + " }", {}),
    }  # fmt: skip
    for how, (query, variables) in refused_with.items():
        errors = await api.errors(query, variables, token)
        assert errors[0]["extensions"]["code"] == "QUERY_TOO_COSTLY", how
        assert "3030 nodes" in errors[0]["message"], how
    # A sent variable wins over its default; null means the default page size (20).
    assert await api.gql("query($f: Int = 100) { " + aliased + " }", {"f": 2}, token)
    assert cost("query($f: Int = 100) { leads(first: $f) { nodes { id } } }", {"f": None}) == 21
    # An argument's own default counts: complaints(first: Int! = 20) is a plain list.
    assert cost("{ complaints { id } }") == 20
    assert cost("query($f: Int!) { complaints(first: $f) { id } }", {"f": 7.0}) == 7


# --- documents and caches --------------------------------------------------------


async def test_documents_over_the_size_limit_are_refused_before_parsing(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    limit = settings.max_document_bytes
    padded = "{ me { __typename } }\n#" + "x" * (4 * 1024 * 1024)
    before = PARSED.size
    response = await api.client.post("/graphql", json={"query": padded})  # anonymous
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "DOCUMENT_TOO_LARGE"
    assert PARSED.size <= before + 0  # nothing of it was kept
    # Multi-byte text counts in bytes; just under the limit is fine.
    wide = "{ __typename }#" + "é" * (limit // 2)
    assert (await api.client.post("/graphql", json={"query": wide})).status_code == 413
    fits = "{ __typename }#" + "x" * (limit - 100)
    assert (await api.client.post("/graphql", json={"query": fits})).json() == {
        "data": {"__typename": "Query"}
    }


async def test_the_document_caches_are_bounded_by_bytes(api: Api, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bound = 2 * 1024 * 1024
    monkeypatch.setattr(PARSED, "max_bytes", bound)
    monkeypatch.setattr(VALIDATED, "max_bytes", bound)
    PARSED.clear()
    VALIDATED.clear()
    size = settings.max_document_bytes - 200
    for i in range(40):  # 40 distinct ~100 KB documents: ~4 MB of text
        query = f"{{ __typename }}\n# {i}\n#" + "x" * size
        response = await api.client.post("/graphql", json={"query": query})
        assert response.json() == {"data": {"__typename": "Query"}}
        assert PARSED.size <= bound and VALIDATED.size <= bound
    assert 10 <= len(PARSED.entries) < 40
    # The accounting is honest: an entry counts at least the text it keeps.
    document = parse("{ __typename }#" + "x" * 50_000)
    assert deep_size("{ __typename }#" + "x" * 50_000, document) > 100_000  # text and comment token


# --- deadlines ---------------------------------------------------------------------


async def _blocked_request(settings, **limits: float) -> tuple[httpx.Response, float]:  # type: ignore[no-untyped-def]
    """A leads query waiting on a table another transaction holds locked."""
    app = create_app(settings.model_copy(update=limits), run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        api = Api(client)
        token = await api.login("boss@a.test")
        async with table_locked("lead"):
            started = time.perf_counter()
            # (Without a limit it would wait for the lock as long as it is held.)
            response = await asyncio.wait_for(api.post("{ leads { totalCount } }", None, token), 10)
            took = time.perf_counter() - started
        # The connection is fine afterwards.
        assert (await api.gql("{ leads { totalCount } }", None, token))["leads"]["totalCount"] == 1
        return response, took


async def test_a_statement_over_its_timeout_is_stopped(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    await _manager(api, leads=1)
    response, took = await _blocked_request(
        settings, statement_timeout_seconds=0.5, request_timeout_seconds=30
    )
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert took < 5


async def test_a_request_over_its_deadline_is_stopped(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    await _manager(api, leads=1)
    response, took = await _blocked_request(
        settings, statement_timeout_seconds=30, request_timeout_seconds=0.5
    )
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert took < 5
