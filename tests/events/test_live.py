"""Live subscriptions over a real WebSocket: the app runs in uvicorn on a free
port, a real client speaks graphql-transport-ws, and changes come from other
HTTP requests (or jobs). Fan-out across two app instances goes through Redis."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from saas.app import create_app
from saas.events.broker import Broker, channel_for, use_broker
from saas.jobs.registry import JOBS
from saas.oem.distribution import distribute
from saas.oem.types import LeadOrder
from saas.settings import Settings
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.factories import (
    PASSWORD,
    actor_for,
    gid,
    make_group,
    make_lead,
    make_oem,
    make_store,
    make_user,
)
from tests.net import free_port

pytestmark = pytest.mark.slow

MINE = (
    "subscription { myLeadEvents { id type storeId lead { id ownerId customerName stage } data } }"
)
STORE = "subscription($s: ID) { storeEvents(storeId: $s) { id type storeId lead { id } data } }"
ASSIGN = """mutation($l: ID!, $o: ID!) { assignLead(input: {leadId: $l, ownerId: $o, reason: "she speaks his dialect"}) {
  __typename } }"""


@contextlib.asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[tuple[str, Starlette]]:
    """The app in uvicorn on a free port (the test session owns the database,
    so the app's lifespan stays off)."""
    app = create_app(settings, run_jobs=False)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"))  # fmt: skip
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        await app.state.broker.ready()
        yield f"127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        await task
        await app.state.broker.close()
        await app.state.jobs.close()


async def login(base: str, email: str) -> str:
    async with httpx.AsyncClient(base_url=f"http://{base}") as client:
        body = (await client.post("/graphql", json={"query": f'mutation {{ login(input: {{email: "{email}", password: "{PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}'})).json()  # fmt: skip
    return body["data"]["login"]["accessToken"]  # type: ignore[no-any-return]


async def post(base: str, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=f"http://{base}") as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables}, headers={"authorization": f"Bearer {token}"})  # fmt: skip
    body = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


@contextlib.asynccontextmanager
async def live(base: str, token: str | None) -> AsyncIterator[ClientConnection]:
    async with connect(f"ws://{base}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        payload = {"authorization": f"Bearer {token}"} if token else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        yield ws


async def acked(ws: ClientConnection) -> None:
    assert json.loads(await ws.recv())["type"] == "connection_ack"


async def subscribe(
    ws: ClientConnection, op_id: str, query: str, variables: dict[str, Any] | None = None
) -> None:
    await ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}))  # fmt: skip


async def next_message(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))  # type: ignore[no-any-return]


async def nothing_for(ws: ClientConnection, seconds: float = 0.7) -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(ws.recv(), seconds)


@pytest.fixture
async def store_team(settings: Settings):  # type: ignore[no-untyped-def]
    group = await make_group("EAST")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=store)
    bob = await make_user("bob@east.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    west = await make_group("WEST")
    west_store = await make_store(west, "BJ-1", brands=["Huaxia"])
    await make_user("wu@west.test", group=west, role=Role.CONSULTANT, store=west_store)
    await make_user("boss@west.test", group=west, role=Role.SHOWROOM_MANAGER, store=west_store)
    return group, store, ann, bob


async def test_a_consultant_receives_the_lead_a_manager_assigns(
    settings: Settings, store_team
) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, bob = store_team
    lead = (await make_lead(bob, store, name="Chen Jie")).lead  # bob's own lead
    async with serve(settings) as (base, _):
        ann_token, boss_token = (
            await login(base, "ann@east.test"),
            await login(base, "boss@east.test"),
        )
        async with live(base, ann_token) as ann_ws, live(base, await login(base, "bob@east.test")) as bob_ws, live(base, await login(base, "wu@west.test")) as west_ws:  # fmt: skip
            for ws in (ann_ws, bob_ws, west_ws):
                await acked(ws)
                await subscribe(ws, "1", MINE)
            await asyncio.sleep(0.3)  # the subscriptions are registered
            data = await post(base, boss_token, ASSIGN, {"l": gid(lead), "o": gid(ann)})
            assert data["assignLead"]["__typename"] == "Lead"
            message = await next_message(ann_ws)
            assert message["type"] == "next" and message["id"] == "1"
            event = message["payload"]["data"]["myLeadEvents"]
            assert event["type"] == "LEAD_ASSIGNED"
            assert event["lead"] == {"id": gid(lead), "ownerId": gid(ann), "customerName": "Chen Jie", "stage": "first_contact"}  # fmt: skip
            assert json.loads(event["data"])["previousOwnerId"] == bob.id
            await nothing_for(bob_ws)  # it was taken from bob: not "assigned to" him
            await nothing_for(west_ws)  # another dealer group hears nothing


async def test_a_manager_receives_store_events_and_sla_warnings_reach_the_owner(
    settings: Settings, store_team
) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, bob = store_team
    oem = await make_oem("HUAXIA", ["Huaxia"])
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    async with serve(settings) as (base, _):  # noqa: SIM117 - the server's address is needed to log in
        async with live(base, await login(base, "boss@east.test")) as boss_ws, live(base, await login(base, "boss@west.test")) as west_ws:  # fmt: skip
            await acked(boss_ws)
            await acked(west_ws)
            await subscribe(boss_ws, "s", STORE, {"s": gid(store)})
            await subscribe(west_ws, "s", STORE)
            await asyncio.sleep(0.3)
            async with tenant_transaction(None, oem.id):
                sent = await distribute(await actor_for(desk), LeadOrder("H-1", "Zhao Lei", "13700001111", "Huaxia", store_id=store.id))  # fmt: skip
            # This lead was written by a service, not a request: the publish sweep sends it.
            use_broker(Broker(settings.redis_url, channel_for(settings.job_queue)))
            assert await JOBS["events.publish"]({}) == 0  # younger than the sweep's delay
            from saas.events.broker import process_broker
            from saas.events.service import publish_committed

            assert await publish_committed(process_broker()) == 2
            types = [
                (await next_message(boss_ws))["payload"]["data"]["storeEvents"]["type"]
                for _ in range(2)
            ]
            assert types == ["LEAD_CREATED", "LEAD_ASSIGNED"]
            await nothing_for(west_ws)
            owner = sent.distributed
            async with live(base, await login(base, "ann@east.test")) as ann_ws, live(base, await login(base, "bob@east.test")) as bob_ws:  # fmt: skip
                for ws in (ann_ws, bob_ws):
                    await acked(ws)
                    await subscribe(ws, "m", MINE)
                await asyncio.sleep(0.3)
                # A worker's SLA sweep, 23 h later: the owner hears the warning at once.
                await JOBS["sla.sweep"](
                    {}, now=(owner.received_at + timedelta(hours=23)).isoformat()
                )
                got = []
                for ws in (ann_ws, bob_ws):
                    with contextlib.suppress(TimeoutError):
                        got.append(
                            (await next_message(ws, 3))["payload"]["data"]["myLeadEvents"]["type"]
                        )
                assert got == ["LEAD_SLA_WARNING"]
                assert (await next_message(boss_ws))["payload"]["data"]["storeEvents"][
                    "type"
                ] == "LEAD_SLA_WARNING"


async def test_two_instances_fan_out_through_redis(settings: Settings, store_team) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, bob = store_team
    lead = (await make_lead(bob, store)).lead
    async with serve(settings) as (base_a, _), serve(settings) as (base_b, _):
        token = await login(base_a, "boss@east.test")
        async with live(base_a, await login(base_a, "ann@east.test")) as on_a, live(base_b, await login(base_b, "ann@east.test")) as on_b, live(base_b, token) as boss_on_b:  # fmt: skip
            for ws in (on_a, on_b, boss_on_b):
                await acked(ws)
            await subscribe(on_a, "1", MINE)
            await subscribe(on_b, "1", MINE)
            await subscribe(boss_on_b, "1", STORE)
            await asyncio.sleep(0.3)
            await post(base_a, token, ASSIGN, {"l": gid(lead), "o": gid(ann)})
            for ws in (on_a, on_b):
                event = (await next_message(ws))["payload"]["data"]["myLeadEvents"]
                assert event["type"] == "LEAD_ASSIGNED" and event["lead"]["id"] == gid(lead)
            store_event = (await next_message(boss_on_b))["payload"]["data"]["storeEvents"]
            assert store_event["type"] == "LEAD_ASSIGNED"
            # Each event arrives once per subscription, not once per instance.
            await nothing_for(on_b)


async def test_embedded_mode_delivers_in_process(settings: Settings, store_team) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, bob = store_team
    lead = (await make_lead(bob, store)).lead
    embedded = settings.model_copy(update={"redis_url": None})
    async with serve(embedded) as (base, app):
        assert app.state.broker.redis_url is None
        async with live(base, await login(base, "ann@east.test")) as ws:
            await acked(ws)
            await subscribe(ws, "1", MINE)
            await asyncio.sleep(0.2)
            await post(
                base,
                await login(base, "boss@east.test"),
                ASSIGN,
                {"l": gid(lead), "o": gid(ann)},
            )
            assert (await next_message(ws))["payload"]["data"]["myLeadEvents"][
                "type"
            ] == "LEAD_ASSIGNED"


async def test_connections_are_authenticated_capped_and_subscription_only(
    settings: Settings, store_team
) -> None:  # type: ignore[no-untyped-def]
    capped = settings.model_copy(update={"subscriptions_per_connection": 2})
    async with serve(capped) as (base, _):
        for token in (None, "not-a-token"):
            async with live(base, token) as ws:
                with pytest.raises(ConnectionClosed) as closed:
                    await ws.recv()
                assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        async with live(base, await login(base, "ann@east.test")) as ws:
            await acked(ws)
            await subscribe(ws, "q", "query { me { email } }")
            refused = await next_message(ws)
            assert (
                refused["type"] == "error"
                and "only subscriptions" in refused["payload"][0]["message"]
            )
            await subscribe(ws, "1", MINE)
            await subscribe(ws, "2", MINE)
            await subscribe(ws, "3", MINE)
            limited = await next_message(ws)
            assert limited == {
                "id": "3",
                "type": "error",
                "payload": [{"message": "Subscription limit reached"}],
            }
            # A consultant may not listen to the whole store.
            await ws.send(json.dumps({"id": "1", "type": "complete"}))
            await subscribe(ws, "4", STORE)
            denied = await next_message(ws)
            assert denied["id"] == "4" and "lead:read_any" in json.dumps(denied)


async def test_a_deactivated_user_stops_hearing_events(
    settings: Settings, store_team, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from saas.models import User
    from saas.schema import live as live_schema
    from saas.tenancy.rls import system_transaction

    group, store, ann, bob = store_team
    monkeypatch.setattr(live_schema, "REVERIFY_SECONDS", 0.2)
    async with serve(settings) as (base, _), live(base, await login(base, "ann@east.test")) as ws:
        await acked(ws)
        await subscribe(ws, "1", MINE)
        await nothing_for(ws, 0.5)  # re-checked, still active: nothing to say
        async with system_transaction():
            await User.filter(id=ann.id).update(is_active=False)
        ended = await next_message(ws, 5)
        assert ended["id"] == "1" and "no longer active" in json.dumps(ended)
