"""Relay cursor connections both ways: each list pages forward with
`first`/`after` and backward with `last`/`before` through the same rows in
the same order, with `hasNextPage`/`hasPreviousPage` a frontend can rely on
in both directions and `startCursor`/`endCursor` naming the page's ends; a
window between two cursors; and bad paging refused with a coded error.

The tests of this module share one world (`shared_database`); none of them
writes."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from saas.app import create_app
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.vocabulary import FollowUpChannel
from saas.oem.distribution import distribute
from saas.oem.types import LeadOrder
from saas.schema.pagination import decode_cursor, encode_cursor
from saas.settings import Settings
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api, empty_database
from tests.crm.test_showroom_day import LEAD_FIELDS, count_queries
from tests.factories import (
    actor_for,
    gid,
    make_group,
    make_lead,
    make_oem,
    make_store,
    make_user,
    make_vehicle_model,
    pk,
)
from tests.imports.test_import import _csv, _send, _take_in

pytestmark = pytest.mark.shared_database

PAGING = "first: $first, after: $after, last: $last, before: $before"
PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
# Grades of the seven leads, all taken in at the same moment: leads of one
# grade share their due time, so ordering by it needs the id tie-breaker.
GRADES = "HABHHAA"


@dataclass
class World:
    customer_id: int
    import_run_id: str


@pytest.fixture(scope="module")
async def world(database: Settings) -> AsyncIterator[World]:
    await empty_database(database)
    group = await make_group("EAST")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    model = await make_vehicle_model()
    ann = await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    await make_user("admin@east.test", group=group, role=Role.GROUP_ADMIN)
    for i in range(3):
        await make_user(f"c{i}@east.test", group=group, role=Role.CONSULTANT, store=store)
    now = datetime.now(UTC).replace(microsecond=0)
    leads = [
        await make_lead(
            ann,
            store,
            name=f"Customer {i}",
            phone=f"1390000{i:04d}",
            grade=grade,
            vehicle_model=model,
            now=now - timedelta(hours=1),
        )  # fmt: skip
        for i, grade in enumerate(GRADES)
    ]
    actor = await actor_for(ann)
    async with tenant_transaction(group.id):
        for lead, times in ((leads[0], 3), (leads[1], 2), (leads[2], 1)):
            for n in range(times):
                await log_follow_up(
                    actor,
                    NewFollowUp(
                        lead.lead.id, FollowUpChannel.PHONE, f"call {n}",
                        next_follow_up_at=now + timedelta(days=3), next_follow_up_reason="visit",
                    ),
                )  # fmt: skip
    # The OEM's leads go to a second store, outside the store lists above.
    other = await make_store(group, "SH-2", brands=["Huaxia"])
    await make_user("amy@east.test", group=group, role=Role.CONSULTANT, store=other)
    oem = await make_oem("HUAXIA", ["Huaxia"])
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    async with tenant_transaction(None, oem.id):
        for i in range(5):
            order = LeadOrder(
                f"HX-{i}", f"Zhao {i}", f"1370000{i:04d}", "Huaxia", store_id=other.id
            )
            await distribute(await actor_for(desk), order, now=now)
    app = create_app(database, run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        api = Api(client)
        boss = await api.login("boss@east.test")
        content = _csv([[f"客户{i}", f"1360000{i:04d}", "", "", ""] for i in range(7)])
        run = await _send(api, boss, store, content, kind="CUSTOMERS")
        await _take_in(api, run["id"])
    yield World(customer_id=leads[0].customer.id, import_run_id=run["id"])
    await empty_database(database)


async def _connection(
    api: Api, token: str, query: str, path: list[str], variables: dict[str, Any]
) -> dict[str, Any]:
    data: Any = await api.gql(query, variables, token)
    for key in path:
        data = data[key]
    cursors = [edge["cursor"] for edge in data["edges"]]
    # The page's ends are its first and last edges' cursors (null when empty).
    assert data["pageInfo"]["startCursor"] == (cursors[0] if cursors else None)
    assert data["pageInfo"]["endCursor"] == (cursors[-1] if cursors else None)
    return data  # type: ignore[no-any-return]


async def walk_both_ways(
    api: Api,
    token: str,
    field: str,
    node: str = "id",
    declare: str = "",
    variables: dict[str, Any] | None = None,
    size: int = 2,
) -> list[dict[str, Any]]:
    """Page through `field` (its arguments as `@args`, its selection as
    `@page`) forward `size` at a time, then backward from the end; both walks
    must give the whole list as one page of 100 gives it, with true flags at
    every step. Returns the list's edges."""
    query = "query($first: Int, $after: String, $last: Int, $before: String{}) {{ {} }}".format(
        declare, field.replace("@args", PAGING).replace("@page", f"edges {{ cursor node {{ {node} }} }} {PAGE_INFO}")
    )  # fmt: skip
    path = re.findall(r"(\w+)\s*\(", field.split("@args")[0])

    async def page(**paging: Any) -> dict[str, Any]:
        return await _connection(api, token, query, path, {**(variables or {}), **paging})

    whole = await page(first=100)
    edges = whole["edges"]
    assert not whole["pageInfo"]["hasNextPage"] and not whole["pageInfo"]["hasPreviousPage"]
    assert len(edges) > 2 * size, f"{field}: too few rows ({len(edges)}) to page through"

    forward: list[dict[str, Any]] = []
    after = None
    while True:
        current = await page(first=size, after=after)
        # The next `size` rows after `after`.
        assert current["edges"] == edges[len(forward) :][:size]
        forward += current["edges"]
        # Rows lie before `after` (its own row at least); more follow until the end.
        assert current["pageInfo"]["hasPreviousPage"] is (after is not None), forward
        assert current["pageInfo"]["hasNextPage"] is (len(forward) < len(edges)), forward
        if not current["pageInfo"]["hasNextPage"]:
            break
        after = current["pageInfo"]["endCursor"]
    assert forward == edges

    backward: list[dict[str, Any]] = []
    before = None
    while True:
        current = await page(last=size, before=before)
        # The last `size` rows before `before`, in the list's own order.
        assert current["edges"] == edges[: len(edges) - len(backward)][-size:]
        backward = current["edges"] + backward
        # Rows follow `before` (its own row at least); more precede until the start.
        assert current["pageInfo"]["hasNextPage"] is (before is not None), backward
        assert current["pageInfo"]["hasPreviousPage"] is (len(backward) < len(edges)), backward
        if not current["pageInfo"]["hasPreviousPage"]:
            break
        before = current["pageInfo"]["startCursor"]
    assert backward == edges
    return edges  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "value",
    [
        None,
        datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=timezone(timedelta(hours=8))),
    ],
    ids=["by id", "by a time", "by a time with microseconds elsewhere"],
)
def test_a_cursor_is_url_safe_base64_of_its_key_as_json(value: datetime | None) -> None:
    # The compiled statement prints cursors this way too; clients hand them back.
    key: dict[str, Any] = {"id": 2**62} | ({} if value is None else {"v": value.isoformat()})
    cursor = encode_cursor(2**62, value)
    assert cursor == base64.urlsafe_b64encode(json.dumps(key).encode()).decode()
    assert decode_cursor(cursor) == key


async def test_leads_page_both_ways(api: Api, world: World) -> None:
    boss = await api.login("boss@east.test")
    edges = await walk_both_ways(api, boss, "leads(@args) { @page }")
    assert len(edges) == len(GRADES)
    ids = [pk(e["node"]["id"]) for e in edges]
    assert ids == sorted(ids, reverse=True)  # newest first, whichever way it was paged
    # With the nested rows a lead page primes (customer, tags, owner, store,
    # last follow-up) read up front, as a lead list screen asks for them.
    rich = await walk_both_ways(api, boss, "leads(@args) { @page }", LEAD_FIELDS, size=3)
    assert [e["node"]["id"] for e in rich] == [e["node"]["id"] for e in edges]
    assert {e["node"]["owner"]["name"] for e in rich} == {"Ann"}
    assert [e["node"]["customer"]["name"] for e in rich] == [
        f"Customer {i}" for i in reversed(range(len(GRADES)))
    ]
    assert sum(e["node"]["lastFollowUp"] is not None for e in rich) == 3
    oldest = await walk_both_ways(api, boss, "leads(@args, order: OLDEST) { @page }")
    assert oldest == edges[::-1]


async def test_leads_by_next_follow_up_page_backward_under_a_filter(api: Api, world: World) -> None:
    boss = await api.login("boss@east.test")
    edges = await walk_both_ways(
        api, boss, "leads(@args, order: DUE_SOONEST, filter: $filter) { @page }",
        "id intentGrade dueAt", ", $filter: LeadFilter", {"filter": {"grades": ["H", "A"]}},
    )  # fmt: skip
    assert len(edges) == GRADES.count("H") + GRADES.count("A")
    assert {e["node"]["intentGrade"] for e in edges} == {"H", "A"}
    keys = [(e["node"]["dueAt"], pk(e["node"]["id"])) for e in edges]
    assert keys == sorted(keys)
    # Leads share a due time, so the pages cross ties (broken by id).
    assert len({due for due, _ in keys}) < len(keys)


async def test_customers_follow_ups_and_a_timeline_page_both_ways(api: Api, world: World) -> None:
    boss = await api.login("boss@east.test")
    customers = await walk_both_ways(api, boss, "customers(@args) { @page }", "id name")
    assert len(customers) == len(GRADES) + 7  # taken in, imported
    oldest = await walk_both_ways(api, boss, "customers(@args, order: OLDEST) { @page }", "id name")
    assert oldest == customers[::-1]
    follow_ups = await walk_both_ways(api, boss, "followUps(@args) { @page }", "id content")
    assert len(follow_ups) == 6
    # A list built in memory (positions as cursors) answers the same way.
    timeline = await walk_both_ways(
        api, boss, "customerTimeline(customerId: $c, @args) { @page }", "at kind summary",
        ", $c: ID!", {"c": gid("Customer", world.customer_id)}, size=1,
    )  # fmt: skip
    assert [e["node"]["kind"] for e in timeline].count("follow_up") == 3


async def test_an_oem_list_an_admin_list_and_a_nested_list_page_both_ways(
    api: Api, world: World
) -> None:
    desk = await api.login("desk@huaxia.test")
    distributed = await walk_both_ways(
        api, desk, "distributedLeads(@args) { @page }", "externalRef"
    )
    assert [e["node"]["externalRef"] for e in distributed] == [f"HX-{i}" for i in (4, 3, 2, 1, 0)]
    admin = await api.login("admin@east.test")
    users = await walk_both_ways(api, admin, "users(@args) { @page }", "email")
    assert len(users) == 7
    boss = await api.login("boss@east.test")
    rows = await walk_both_ways(
        api, boss, "importRun(id: $run) { rows(@args) { @page } }", "row outcome",
        ", $run: ID!", {"run": world.import_run_id},
    )  # fmt: skip
    assert [e["node"]["row"] for e in rows] == list(range(2, 9))  # file order


async def test_a_window_between_two_cursors(api: Api, world: World) -> None:
    boss = await api.login("boss@east.test")
    query = f"""query($first: Int, $after: String, $last: Int, $before: String) {{
        leads({PAGING}) {{ edges {{ cursor node {{ id }} }} {PAGE_INFO} }} }}"""

    async def page(**paging: Any) -> dict[str, Any]:
        return await _connection(api, boss, query, ["leads"], paging)

    edges = (await page(first=100))["edges"]
    after, before = edges[1]["cursor"], edges[5]["cursor"]
    inside = edges[2:5]
    forward = await page(first=100, after=after, before=before)
    assert forward["edges"] == inside
    # Forward, hasNextPage speaks of the window; rows lie before `after`.
    assert (forward["pageInfo"]["hasPreviousPage"], forward["pageInfo"]["hasNextPage"]) == (
        True, False,
    )  # fmt: skip
    backward = await page(last=100, after=after, before=before)
    assert backward["edges"] == inside
    # Backward, hasPreviousPage speaks of the window; rows lie after `before`.
    assert (backward["pageInfo"]["hasPreviousPage"], backward["pageInfo"]["hasNextPage"]) == (
        False, True,
    )  # fmt: skip
    head = await page(first=2, after=after, before=before)
    assert head["edges"] == inside[:2] and head["pageInfo"]["hasNextPage"]
    tail = await page(last=2, after=after, before=before)
    assert tail["edges"] == inside[1:] and tail["pageInfo"]["hasPreviousPage"]
    # Nothing between two neighbours; nothing beyond either end of the list.
    empty = await page(first=5, after=edges[1]["cursor"], before=edges[2]["cursor"])
    assert empty["edges"] == [] and empty["pageInfo"]["startCursor"] is None
    before_all = await page(last=5, before=edges[0]["cursor"])
    assert before_all["edges"] == []
    assert (before_all["pageInfo"]["hasPreviousPage"], before_all["pageInfo"]["hasNextPage"]) == (
        False, True,
    )  # fmt: skip
    after_all = await page(first=5, after=edges[-1]["cursor"])
    assert after_all["edges"] == []
    assert (after_all["pageInfo"]["hasPreviousPage"], after_all["pageInfo"]["hasNextPage"]) == (
        True, False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("first: 2, last: 2", "give either `first`"),
        ("last: 101", "`last` must be between 1 and 100"),
        ("last: 0", "`last` must be between 1 and 100"),
        ('last: 2, before: "not-a-cursor"', "`before` is not a cursor this API returned"),
        ('before: "eyJpZCI6IHRydWV9"', "`before` is not a cursor this API returned"),
        ("order: DUE_SOONEST, last: 2, before: $idCursor", "`before` is a cursor of another ordering"),
    ],
    ids=["first and last", "last over 100", "last zero", "malformed before",
         "before with a non-number id", "before of another ordering"],
)  # fmt: skip
async def test_bad_paging_is_refused(api: Api, world: World, arguments: str, message: str) -> None:
    boss = await api.login("boss@east.test")
    variables = {}
    if "$idCursor" in arguments:  # a cursor of the default order, newest first by id
        variables["idCursor"] = (
            await api.gql("{ leads(first: 1) { pageInfo { endCursor } } }", token=boss)
        )["leads"]["pageInfo"]["endCursor"]
    declare = "($idCursor: String)" if variables else ""
    errors = await api.errors(
        f"query{declare} {{ leads({arguments}) {{ nodes {{ id }} }} }}", variables, boss
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in errors[0]["message"]


async def test_both_ways_the_list_in_memory_refuses_bad_paging_too(api: Api, world: World) -> None:
    boss = await api.login("boss@east.test")
    query = "query($c: ID!) {{ customerTimeline(customerId: $c, {}) {{ nodes {{ kind }} }} }}"
    for arguments, message in (
        ("first: 1, last: 1", "give either `first`"),
        ("last: 101", "`last` must be between 1 and 100"),
        ('before: "7"', "`before` is not a cursor this API returned"),
    ):
        errors = await api.errors(
            query.format(arguments), {"c": gid("Customer", world.customer_id)}, boss
        )
        assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert message in errors[0]["message"]


async def test_a_backward_page_costs_the_same_statements_whatever_its_size(
    api: Api, world: World
) -> None:
    boss = await api.login("boss@east.test")
    await api.gql("{ me { kind } }", token=boss)  # load role assignments once
    query = f"""query($last: Int, $before: String) {{ leads(last: $last, before: $before) {{
        edges {{ cursor node {{ {LEAD_FIELDS} }} }} {PAGE_INFO} }} }}"""
    end = (await api.gql("{ leads(first: 1) { pageInfo { endCursor } } }", token=boss))["leads"][
        "pageInfo"
    ]["endCursor"]
    counts = {}
    for size in (2, 6):
        with count_queries() as queries:
            data = await api.gql(query, {"last": size}, boss)
        assert len(data["leads"]["edges"]) == size
        counts[size] = len(queries)
    assert counts[2] == counts[6], counts
    # From a cursor, whether rows follow it is one LIMIT 1 query, asked only
    # when the flag is selected.
    flags = "query($before: String) {{ leads(last: 2, before: $before) {{ nodes {{ id }} {} }} }}"
    with count_queries() as without:
        await api.gql(flags.format("pageInfo { endCursor }"), {"before": end}, boss)
    with count_queries() as with_flag:
        data = await api.gql(flags.format("pageInfo { hasNextPage }"), {"before": end}, boss)
    assert data["leads"]["pageInfo"]["hasNextPage"] is True
    assert len(with_flag) == len(without) + 1
