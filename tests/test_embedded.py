"""The embedded default: `saas serve` on a SQLite file, no Redis, demo data.
Starts the real command and talks HTTP to it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from saas.demo import DEMO_PASSWORD
from tests.net import demo_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("embedded")


@pytest.fixture(scope="module")
def server(workdir: Path, demo_database: Path) -> Iterator[str]:
    with demo_server(workdir, seeded=demo_database) as base:
        yield base
    output = (workdir / "server.log").read_text()
    assert "Demo logins" in output and "zhang.wei@eaststar.demo" in output


def _gql(base: str, query: str, token: str | None = None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = httpx.post(f"{base}/graphql", json={"query": query}, headers=headers, timeout=10).json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def test_the_seeded_past_is_not_sent_as_live_events(server: str, workdir: Path) -> None:
    """The demo's history is written through the services, so it leaves domain
    events behind; none may wait for the outbox catch-up, which would push
    hundreds of stale events to the first live subscribers and webhooks."""
    import sqlite3

    with sqlite3.connect(workdir / "saas.sqlite3") as db:
        total, pending = db.execute(
            "SELECT count(*), count(*) FILTER (WHERE published_at IS NULL OR fanned_out_at IS NULL)"
            " FROM domain_event"
        ).fetchone()
    assert total > 100 and pending == 0


def test_demo_login_and_me_on_sqlite(server: str) -> None:
    login = _gql(
        server,
        f'mutation {{ login(input: {{email: "showroom.pudong@eaststar.demo", password: "{DEMO_PASSWORD}"}}) '
        "{ __typename ... on Session { accessToken } } }",
    )["login"]
    assert login["__typename"] == "Session"
    me = _gql(
        server,
        "{ me { user { email } roles { role store { code } } dealerGroup { code } } }",
        login["accessToken"],
    )
    assert me["me"] == {
        "user": {"email": "showroom.pudong@eaststar.demo"},
        "roles": [{"role": "SHOWROOM_MANAGER", "store": {"code": "SH-PUDONG"}}],
        "dealerGroup": {"code": "EASTSTAR"},
    }


def test_group_views_and_filters_work_on_sqlite(server: str) -> None:
    token = _gql(
        server,
        f'mutation {{ login(input: {{email: "exec@eaststar.demo", password: "{DEMO_PASSWORD}"}}) '
        "{ ... on Session { accessToken } } }",
    )["login"]["accessToken"]
    stores = _gql(server, '{ stores(filter: {brand: "Huaxia EV"}) { nodes { code } } }', token)
    assert stores["stores"]["nodes"] == [{"code": "SH-PUDONG"}]


def test_graphiql_and_health_endpoints(server: str) -> None:
    page = httpx.get(f"{server}/graphql", headers={"accept": "text/html"}, timeout=5)
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert httpx.get(f"{server}/readyz", timeout=5).json() == {"status": "ok", "database": "ok"}


def test_the_demo_showroom_is_alive(server: str) -> None:
    token = _gql(
        server,
        f'mutation {{ login(input: {{email: "showroom.pudong@eaststar.demo", password: "{DEMO_PASSWORD}"}}) '
        "{ ... on Session { accessToken } } }",
    )["login"]["accessToken"]
    data = _gql(
        server,
        """{ all: leads { totalCount }
             due: leads(first: 5, order: DUE_SOONEST) { nodes { dueAt overdue intentGrade customer { name phone } owner { name } lastFollowUp { content } } }
             delivered: leads(filter: {statuses: [DELIVERED]}) { totalCount }
             hot: leads(filter: {grades: [H], statuses: [OPEN]}) { totalCount }
             customers { totalCount } }""",
        token,
    )
    assert data["all"]["totalCount"] >= 100
    assert data["delivered"]["totalCount"] > 0 and data["hot"]["totalCount"] > 0
    due = data["due"]["nodes"]
    assert [n["dueAt"] for n in due] == sorted(n["dueAt"] for n in due)
    assert all("****" in n["customer"]["phone"] for n in due)  # the manager does not own them


def test_the_demo_oem_sees_its_compliance(server: str) -> None:
    token = _gql(
        server,
        f'mutation {{ login(input: {{email: "distributor@huaxia-auto.demo", password: "{DEMO_PASSWORD}"}}) '
        "{ ... on Session { accessToken } } }",
    )["login"]["accessToken"]
    data = _gql(
        server,
        """{ distributedLeads(first: 3) { totalCount nodes { externalRef storeCode slaOutcome phoneMasked } }
             slaCompliance(from: "2020-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") { key total met breached metPercent medianMinutesToFirstContact } }""",
        token,
    )
    assert data["distributedLeads"]["totalCount"] == 60
    rows = data["slaCompliance"]
    assert sum(r["met"] for r in rows) > 0 and sum(r["breached"] for r in rows) > 0
    assert all("****" in n["phoneMasked"] for n in data["distributedLeads"]["nodes"])


def test_reports_answer_on_sqlite_for_the_demo(server: str) -> None:
    token = _gql(
        server,
        f'mutation {{ login(input: {{email: "exec@eaststar.demo", password: "{DEMO_PASSWORD}"}}) '
        "{ ... on Session { accessToken } } }",
    )["login"]["accessToken"]
    stores = _gql(server, "{ stores { nodes { id code } } }", token)["stores"]["nodes"]
    pudong = next(s["id"] for s in stores if s["code"] == "SH-PUDONG")
    data = _gql(
        server,
        f"""{{ funnel(storeId: "{pudong}", from: "2026-01-01", to: "2026-12-31") {{ ... on FunnelReport {{ steps {{ stage reached worst }} }} }}
             storeComparison(from: "2026-01-01", to: "2026-12-31") {{ ... on StoreComparison {{ stores {{ storeCode figures {{ newLeads orders }} ranks {{ newLeads }} }} median {{ newLeads }} }} }}
             hList(storeId: "{pudong}") {{ ... on HList {{ leads {{ customerName grade }} }} }} }}""",
        token,
    )
    assert data["funnel"]["steps"][0]["reached"] > 0
    columns = {s["storeCode"]: s for s in data["storeComparison"]["stores"]}
    assert columns["SH-PUDONG"]["ranks"]["newLeads"] == 1  # the busiest demo store
    assert isinstance(data["storeComparison"]["median"]["newLeads"], float)
    assert data["hList"]["leads"]
    assert all(x["customerName"] and x["grade"] in ("H", "A") for x in data["hList"]["leads"])


def test_a_delivered_demo_customer_has_a_full_timeline(server: str) -> None:
    token = _gql(
        server,
        f'mutation {{ login(input: {{email: "showroom.pudong@eaststar.demo", password: "{DEMO_PASSWORD}"}}) '
        "{ ... on Session { accessToken } } }",
    )["login"]["accessToken"]
    delivered = _gql(
        server,
        "{ leads(first: 1, filter: {statuses: [DELIVERED]}) { nodes { customer { id } } } }",
        token,
    )
    customer = delivered["leads"]["nodes"][0]["customer"]["id"]
    kinds = {
        e["kind"]
        for e in _gql(
            server,
            f'{{ customerTimeline(customerId: "{customer}", first: 100) {{ nodes {{ kind }} }} }}',
            token,
        )["customerTimeline"]["nodes"]
    }
    assert {"lead", "order", "delivery", "vehicle", "service", "insurance", "survey"} <= kinds
    consultant = _gql(
        server,
        f'mutation {{ login(input: {{email: "zhang.wei@eaststar.demo", password: "{DEMO_PASSWORD}"}}) '
        "{ ... on Session { accessToken } } }",
    )["login"]["accessToken"]
    tasks = _gql(server, "{ myTasks(first: 50) { totalCount nodes { kind } } }", consultant)[
        "myTasks"
    ]
    assert tasks["totalCount"] > 0 and "insurance_renewal" in {t["kind"] for t in tasks["nodes"]}


def test_the_readme_live_assignment_recipe_works_without_redis(server: str) -> None:
    """The README's browser-console recipe, step by step, against `saas serve`."""
    import asyncio
    import json

    from websockets.asyncio.client import connect

    def login(email: str) -> str:
        data = _gql(server, f'mutation {{ login(input: {{email: "{email}", password: "{DEMO_PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}')  # fmt: skip
        return data["login"]["accessToken"]  # type: ignore[no-any-return]

    token, boss = login("zhang.wei@eaststar.demo"), login("showroom.pudong@eaststar.demo")
    me = _gql(server, "{ me { user { id } } }", token)["me"]["user"]["id"]
    leads = _gql(server, "{ leads(first: 20) { nodes { id owner { id } } } }", boss)["leads"][
        "nodes"
    ]
    lead = next(n for n in leads if (n["owner"] or {}).get("id") != me)

    async def run() -> dict:  # type: ignore[type-arg]
        host = server.removeprefix("http://")
        async with connect(f"ws://{host}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))  # fmt: skip
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            query = "subscription { myLeadEvents { type occurredAt lead { id customerName stage ownerId } data } }"  # fmt: skip
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
            await asyncio.sleep(0.3)
            await asyncio.to_thread(
                _gql, server,
                f'mutation {{ assignLead(input: {{leadId: "{lead["id"]}", ownerId: "{me}", reason: "live demo"}}) {{ __typename }} }}',
                boss,
            )  # fmt: skip

            async def next_about_the_lead() -> dict:  # type: ignore[type-arg]
                # The SLA sweep may report on the consultant's other leads meanwhile.
                while True:
                    event = json.loads(await ws.recv())["payload"]["data"]["myLeadEvents"]
                    if event["lead"]["id"] == lead["id"]:
                        return event  # type: ignore[no-any-return]

            return await asyncio.wait_for(next_about_the_lead(), 10)

    event = asyncio.run(run())
    assert event["type"] == "LEAD_ASSIGNED"
    assert event["lead"]["ownerId"] == me and event["lead"]["customerName"]


def test_the_demo_has_customer_cards_at_every_step_on_sqlite(server: str) -> None:
    token = _gql(
        server,
        f'mutation {{ login(input: {{email: "showroom.pudong@eaststar.demo", password: "{DEMO_PASSWORD}"}}) '
        "{ ... on Session { accessToken } } }",
    )["login"]["accessToken"]
    cards = _gql(
        server,
        "{ customerCards(first: 50) { totalCount nodes { state waitingHours returnComment } } }",
        token,
    )["customerCards"]
    assert cards["totalCount"] == 12
    states = [n["state"] for n in cards["nodes"]]
    assert {s: states.count(s) for s in set(states)} == {
        "DRAFTED": 3,
        "SIGNED": 3,
        "ENTERED": 3,
        "RETURNED": 3,
    }
    # Longest waiting first; the cards waiting for signing are over a day late.
    hours = [n["waitingHours"] for n in cards["nodes"]]
    assert hours == sorted(hours, reverse=True)
    drafted = [n for n in cards["nodes"] if n["state"] == "DRAFTED"]
    assert drafted and all(n["waitingHours"] > 24 for n in drafted)
    assert all(n["returnComment"] for n in cards["nodes"] if n["state"] == "RETURNED")


def test_the_demo_has_a_past_test_drive_day_on_sqlite(server: str) -> None:
    token = _gql(
        server,
        f'mutation {{ login(input: {{email: "showroom.pudong@eaststar.demo", password: "{DEMO_PASSWORD}"}}) '
        "{ ... on Session { accessToken } } }",
    )["login"]["accessToken"]
    data = _gql(
        server,
        """{ campaigns(first: 5) { nodes { id name kind status cost segment { tags store { code } } } } }""",
        token,
    )["campaigns"]["nodes"]
    assert [(c["kind"], c["status"], c["cost"]) for c in data] == [
        ("TEST_DRIVE_DAY", "CLOSED", "8000.00")
    ]
    assert data[0]["segment"] == {"tags": ["family"], "store": {"code": "SH-PUDONG"}}
    report = _gql(
        server,
        f"""{{ campaignReport(campaignId: "{data[0]["id"]}") {{ ... on CampaignReport {{
            invited skippedForConsent rsvpYes rsvpMaybe rsvpNo attended leads testDrives orders
            costPerLead }} }} }}""",
        token,
    )["campaignReport"]
    assert report == {
        "invited": 10,
        "skippedForConsent": 4,
        "rsvpYes": 6,
        "rsvpMaybe": 2,
        "rsvpNo": 1,
        "attended": 5,
        "leads": 2,
        "testDrives": 1,
        "orders": 1,
        "costPerLead": "4000.00",
    }


def test_serve_migrate_logs_what_it_applied_as_json(demo_database: Path) -> None:
    """Under LOG_FORMAT=json, `serve --migrate` says what it applied in a JSON
    log line like every other, not as plain text (the log of the run's first
    demo server, which `demo_database` starts on an empty directory)."""
    log = demo_database.parent / "server.log"
    lines = [json.loads(line) for line in log.read_text().splitlines()
             if line.startswith("{")]  # fmt: skip
    applied = [e for e in lines if e.get("logger") == "saas.migrate"]
    assert applied and applied[0]["message"].startswith("migrations applied: 0_")
    assert not any(line.startswith("migrations applied") for line in log.read_text().splitlines())
