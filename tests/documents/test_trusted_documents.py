"""Trusted documents over GraphQL over HTTP: the platform operator registers
operations (the mutation and the committed manifest), frontends send them by
`documentId` or by Apollo's APQ hash, TRUSTED_DOCUMENTS_ONLY refuses anything
else, and the metrics name operations by registered names only."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from saas.app import create_app
from saas.documents.service import NewDocument, manifest_documents, register_documents
from saas.models import AuditEntry, PlatformAuditEntry, TrustedDocument
from saas.schema import schema
from saas.schema.documents.register import schema_problems
from saas.settings import Settings
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.crm.test_showroom_day import count_queries
from tests.events.test_live import serve
from tests.factories import PASSWORD, make_group, make_store, make_user

MANIFEST = Path(__file__).resolve().parents[2] / "documents" / "manifest.json"
REGISTER = """mutation($input: RegisterTrustedDocumentsInput!) {
  registerTrustedDocuments(input: $input) {
    __typename
    ... on TrustedDocumentsRegistered { created documents { id documentId name operation } }
    ... on ValidationErrors { errors { path message } }
  }
}"""
STORES = "query Stores { stores(first: 5) { nodes { code } } }"
ME = "query WhoAmI { me { user { email } } }"
NOT_FOUND = {
    "message": "PersistedQueryNotFound",
    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
async def people(settings: Settings) -> dict[str, str]:
    group = await make_group()
    store = await make_store(group, "SH-1")
    await make_user("ops@platform.test", role=Role.PLATFORM_ADMIN)
    await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    other = await make_group("GROUP-B")
    await make_user("it@b.test", group=other, role=Role.GROUP_ADMIN)
    return {"ops": "ops@platform.test", "ann": "ann@a.test", "rival": "it@b.test"}


async def _register(api: Api, token: str, *documents: dict[str, Any]) -> dict[str, Any]:
    data = await api.gql(REGISTER, {"input": {"documents": list(documents)}}, token)
    return data["registerTrustedDocuments"]  # type: ignore[no-any-return]


async def _post(api: Api, body: dict[str, Any], token: str | None = None) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await api.client.post("/graphql", json=body, headers=headers)


async def test_the_platform_operator_registers_operations_once_and_lists_them(
    api: Api, people: dict[str, str]
) -> None:
    ops = await api.login(people["ops"])
    first = await _register(api, ops, {"body": STORES, "id": sha256(STORES), "name": "Stores"})
    assert first["__typename"] == "TrustedDocumentsRegistered"
    assert first["created"] == 1
    assert first["documents"][0] | {"id": None} == {
        "id": None,
        "documentId": sha256(STORES),
        "name": "Stores",
        "operation": "query",
    }
    again = await _register(api, ops, {"body": STORES}, {"body": ME})
    assert again["created"] == 1  # Stores was known; WhoAmI is new
    assert [d["name"] for d in again["documents"]] == ["Stores", "WhoAmI"]

    listed = await api.gql("{ trustedDocuments(first: 10) { nodes { id name body } } }", token=ops)
    nodes = listed["trustedDocuments"]["nodes"]
    assert [(n["name"], n["body"]) for n in nodes] == [("Stores", STORES), ("WhoAmI", ME)]
    refetched = await api.gql(
        "query($id: ID!) { node(id: $id) { ... on TrustedDocument { name } } }",
        {"id": nodes[0]["id"]},
        ops,
    )
    assert refetched["node"] == {"name": "Stores"}

    async with system_transaction():
        # The platform operator's entries: no dealer group's, no OEM's.
        audit = await PlatformAuditEntry.filter(operation="registerTrustedDocuments").order_by("id")
        in_groups = await AuditEntry.filter(operation="registerTrustedDocuments").count()
    assert [e.outcome for e in audit] == ["TrustedDocumentsRegistered"] * 2
    assert in_groups == 0


async def test_a_document_that_disagrees_or_does_not_validate_registers_nothing(
    api: Api, people: dict[str, str]
) -> None:
    ops = await api.login(people["ops"])
    refused = await _register(
        api,
        ops,
        {"body": STORES, "id": "0" * 64},
        {"body": ME, "name": "Me"},
        {"body": "{ me { kind } }"},
        {"body": "query Broken { leads(first: 5) { nodes { noSuchField } } }"},
    )
    assert refused["__typename"] == "ValidationErrors"
    problems = {tuple(e["path"]): e["message"] for e in refused["errors"]}
    assert problems.keys() == {
        ("input", "documents", "0", "id"),
        ("input", "documents", "1", "name"),
        ("input", "documents", "2", "body"),
        ("input", "documents", "3", "body"),
    }
    assert problems[("input", "documents", "0", "id")].endswith(f"(that is {sha256(STORES)})")
    assert "named 'WhoAmI'" in problems[("input", "documents", "1", "name")]
    assert "with a name" in problems[("input", "documents", "2", "body")]
    assert "noSuchField" in problems[("input", "documents", "3", "body")]
    async with system_transaction():
        assert await TrustedDocument.all().count() == 0


async def test_another_dealer_groups_admin_neither_registers_nor_lists_documents(
    api: Api, people: dict[str, str]
) -> None:
    ops, rival = await api.login(people["ops"]), await api.login(people["rival"])
    await _register(api, ops, {"body": STORES})
    response = await api.post(REGISTER, {"input": {"documents": [{"body": ME}]}}, rival)
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    listed = (await api.post("{ trustedDocuments { nodes { body } } }", token=rival)).json()
    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with system_transaction():
        assert [d.name for d in await TrustedDocument.all()] == ["Stores"]


async def test_a_registered_document_runs_by_its_id(api: Api, people: dict[str, str]) -> None:
    ops, ann = await api.login(people["ops"]), await api.login(people["ann"])
    await _register(api, ops, {"body": STORES})
    for document_id in (sha256(STORES), f"sha256:{sha256(STORES)}"):
        answer = await _post(api, {"documentId": document_id}, ann)
        assert answer.json() == {"data": {"stores": {"nodes": [{"code": "SH-1"}]}}}
    over_get = await api.client.get(
        "/graphql",
        params={"documentId": sha256(STORES)},
        headers={"authorization": f"Bearer {ann}"},
    )
    assert over_get.json() == {"data": {"stores": {"nodes": [{"code": "SH-1"}]}}}

    unknown = await _post(api, {"documentId": "f" * 64}, ann)
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    both = await _post(api, {"documentId": sha256(STORES), "query": STORES}, ann)
    assert both.status_code == 400
    assert both.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_apq_misses_once_then_runs_by_hash(api: Api, people: dict[str, str]) -> None:
    ann = await api.login(people["ann"])
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256(STORES)}}

    miss = await _post(api, {"extensions": extensions}, ann)
    # As Apollo Server answers it: 200, the message and code Apollo's link looks for, no cache.
    assert miss.status_code == 200
    assert miss.json() == {"errors": [NOT_FOUND]}
    assert miss.headers["cache-control"] == "private, no-cache, must-revalidate"

    sent = await _post(api, {"query": STORES, "extensions": extensions}, ann)
    assert sent.json() == {"data": {"stores": {"nodes": [{"code": "SH-1"}]}}}
    with count_queries() as statements:
        hit = await _post(api, {"extensions": extensions}, ann)
    assert hit.json() == {"data": {"stores": {"nodes": [{"code": "SH-1"}]}}}
    assert not [s for s in statements if "trusted_document" in s], "a hit costs no lookup"

    wrong = await _post(api, {"query": ME, "extensions": extensions}, ann)
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["message"] == "provided sha does not match query"
    version_2 = {"persistedQuery": {"version": 2, "sha256Hash": sha256(STORES)}}
    unsupported = await _post(api, {"extensions": version_2}, ann)
    assert unsupported.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


@pytest.fixture
async def trusted_only(settings: Settings) -> AsyncIterator[Api]:
    """The app as production runs it with TRUSTED_DOCUMENTS_ONLY."""
    app = create_app(settings.model_copy(update={"trusted_documents_only": True}), run_jobs=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client)


async def test_trusted_documents_only_runs_registered_operations_and_nothing_else(
    api: Api, trusted_only: Api, people: dict[str, str]
) -> None:
    async with system_transaction():
        await register_documents(
            manifest_documents(json.loads(MANIFEST.read_text())),
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    login = next(o for o in json.loads(MANIFEST.read_text())["operations"] if o["name"] == "Login")
    signed_in = await _post(
        trusted_only,
        {
            "documentId": login["id"],
            "variables": {"input": {"email": people["ann"], "password": PASSWORD}},
        },
    )
    session = signed_in.json()["data"]["login"]
    assert session["__typename"] == "Session", session
    ann = session["accessToken"]

    # The exact text of a registered document runs (a graphql-ws client sends text).
    me = next(o for o in json.loads(MANIFEST.read_text())["operations"] if o["name"] == "Me")
    as_text = await _post(trusted_only, {"query": me["body"]}, ann)
    assert as_text.json()["data"]["me"]["user"]["email"] == people["ann"]

    # Anything else is refused before it runs, whatever the route.
    for body in (
        {"query": STORES},
        {
            "query": STORES,
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256(STORES)}},
        },
    ):
        refused = await _post(trusted_only, body, ann)
        assert refused.status_code == 400
        assert refused.json() == {
            "errors": [
                {
                    "message": refused.json()["errors"][0]["message"],
                    "extensions": {"code": "TRUSTED_DOCUMENT_REQUIRED"},
                }
            ]
        }
    # An unregistered hash alone misses as APQ does, and the retry with its text is refused.
    hash_only = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256(STORES)}}}
    assert (await _post(trusted_only, hash_only, ann)).json() == {"errors": [NOT_FOUND]}
    # A registered document by its APQ hash runs.
    by_hash = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": me["id"]}}}
    assert (await _post(trusted_only, by_hash, ann)).json()["data"]["me"]["user"]["email"] == (
        people["ann"]
    )


async def test_metrics_label_operations_by_registered_names_only(
    api: Api, people: dict[str, str]
) -> None:
    ops, ann = await api.login(people["ops"]), await api.login(people["ann"])
    await _register(api, ops, {"body": STORES})
    before = await _count(api, "Stores")
    await _post(api, {"documentId": sha256(STORES)}, ann)
    # The text of the registered document counts under its name too.
    await _post(api, {"query": STORES, "operationName": "Stores"}, ann)
    for n in range(3):
        name = f"Random{n}"
        await _post(api, {"query": f"query {name} {{ __typename }}", "operationName": name}, ann)
    assert await _count(api, "Stores") == before + 2
    text = (await api.client.get("/metrics")).text
    assert 'saas_graphql_requests_total{operation="unregistered"}' in text
    assert "Random" not in text


async def _count(api: Api, operation: str) -> float:
    """saas_graphql_requests_total of `operation` (the metrics are the process's)."""
    prefix = f'saas_graphql_requests_total{{operation="{operation}"}} '
    for line in (await api.client.get("/metrics")).text.splitlines():
        if line.startswith(prefix):
            return float(line.removeprefix(prefix))
    return 0.0


@pytest.mark.slow
async def test_trusted_documents_only_holds_over_the_websocket(
    api: Api, settings: Settings, people: dict[str, str]
) -> None:
    subscription = "subscription MyLeadEvents { myLeadEvents { type } }"
    async with system_transaction():
        await register_documents(
            [NewDocument(body=subscription)],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    trusted = settings.model_copy(update={"trusted_documents_only": True})
    token = await api.login(people["ann"])  # the login operation is not registered here
    async with (
        serve(trusted) as (base, _app),
        connect(f"ws://{base}/graphql", subprotocols=["graphql-transport-ws"]) as ws,
    ):
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))  # fmt: skip
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        other = "subscription { myLeadEvents { type lead { id } } }"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": other}}))
        refused = json.loads(await ws.recv())
        assert refused["type"] == "error" and refused["id"] == "1"
        assert refused["payload"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"
        by_id = {"documentId": sha256(subscription)}
        await ws.send(json.dumps({"id": "2", "type": "subscribe", "payload": by_id}))
        await ws.send(json.dumps({"id": "3", "type": "subscribe", "payload": {"query": subscription}}))  # fmt: skip
        # Both run: nothing comes back until an event, and no error does.
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(ws.recv(), timeout=1)


async def test_apq_texts_are_bounded_by_bytes_oldest_dropped_first(
    settings: Settings, people: dict[str, str], api: Api
) -> None:
    ann = await api.login(people["ann"])
    small = create_app(settings.model_copy(update={"apq_cache_bytes": 80}), run_jobs=False)
    transport = httpx.ASGITransport(app=small)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        bounded = Api(client)
        texts = [STORES, "query Other { stores(first: 1) { nodes { name } } }"]
        assert all(len(t.encode()) <= 80 < sum(len(x.encode()) for x in texts) for t in texts)
        for text in texts:  # each sent once with its hash, as Apollo's link does after a miss
            extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256(text)}}
            assert (
                "data"
                in (await _post(bounded, {"query": text, "extensions": extensions}, ann)).json()
            )
        answers = [
            (
                await _post(
                    bounded,
                    {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256(t)}}},
                    ann,
                )
            ).json()
            for t in texts
        ]
    assert answers[0] == {"errors": [NOT_FOUND]}  # dropped to make room
    assert len(answers[1]["data"]["stores"]["nodes"]) == 1  # the newest is kept
