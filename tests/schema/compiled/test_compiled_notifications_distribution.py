"""The compiled notification list and the OEM's distributed-lead list answer
exactly what the executor answers (see test_compiled_leads.py for the set-up:
two apps over one database, every request to both, equal answers, the
Server-Timing header showing which path answered).

The tests of this module share one world (`shared_database`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from saas.documents.service import NewDocument, document_id_of
from saas.documents.service import register_documents as register
from saas.models import DistributedLead, Notification
from saas.notify.service import Message, notify
from saas.notify.shown import shown_data
from saas.schema import schema
from saas.schema.documents.register import schema_problems
from saas.schema.relay import to_global_id
from saas.settings import Settings
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api, empty_database
from tests.factories import make_group, make_lead, make_oem, make_store, make_user
from tests.schema.compiled.pair import BODIES, app_pair, both, register_manifest

pytestmark = pytest.mark.shared_database

NOTIFICATIONS = document_id_of(BODIES["Notifications"])
DISTRIBUTED = document_id_of(BODIES["DistributedLeads"])
TIMELINE = document_id_of(BODIES["CustomerTimeline"])

# email -> (organisation, role); "nobody" has no role at all.
CALLERS = {
    "ann@east.test": ("EAST", Role.CONSULTANT),
    "bob@east.test": ("EAST", Role.CONSULTANT),  # notifications only the executor shows
    "dee@east.test": ("EAST", Role.CONSULTANT),  # notifications written by `notify`
    "boss@east.test": ("EAST", Role.SHOWROOM_MANAGER),
    "care@east.test": ("EAST", Role.CUSTOMER_ADMIN),  # no notifications
    "wes@west.test": ("WEST", Role.CONSULTANT),
    "nobody@east.test": ("EAST", None),
    "hq@oem-a.test": ("OEM-A", Role.OEM_DISTRIBUTOR),
    "hq@oem-b.test": ("OEM-B", Role.OEM_DISTRIBUTOR),
}
OEM_READERS = {"hq@oem-a.test", "hq@oem-b.test"}
NOTIFICATION_READERS = {"ann@east.test", "bob@east.test", "boss@east.test", "care@east.test", "dee@east.test", "wes@west.test"}  # fmt: skip

# Data as the services write it, and the odd cases of `with_global_ids`.
PLAIN_DATA: list[dict[str, Any]] = [
    {"lead_id": 12},
    {"lead_ids": [3, 4, -1, "x", 0], "store_id": 7},
    {},
    {"customer_id": 0, "note": 'two\nlines "quoted" \\ and /', "count": 3},
    {"report_run_id": 5, "nested": {"lead_id": 9, "list": [1, None, True]}},
    {"distributed_lead_id": -4, "user_id": "5", "complaint_id": None},
    {"export_id": 123456789012, "order_id": 1, "webhook_endpoint_id": 2},
]
# What only the executor prints so (non-ASCII, a fraction, a boolean id).
ODD_DATA: list[Any] = [{"note": "中文"}, {"ratio": 1.50}, {"lead_id": True}, {"lead_ids": [False]}]
# Written by `notify`, which stores the data as the API prints it
# (`shown_data`): keys out of jsonb's order, at every depth; non-ASCII text;
# booleans under id keys; an integer past 18 digits. All compiled.
WRITTEN_DATA: list[dict[str, Any]] = [
    *PLAIN_DATA,
    {"zeta": 1, "a": {"long_key": [{"bb": 2, "a": None}], "b": "中文"}, "lead_id": 44, "é": "x"},
    {"lead_id": True, "lead_ids": [False, 7], "store_id": 0},
    {"total": 12345678901234567890, "user_id": 3},
]


@dataclass
class World:
    compiled: httpx.AsyncClient
    executor: httpx.AsyncClient
    tokens: dict[str, str]
    notifications: dict[str, list[int]]
    distributed: dict[str, list[int]]
    customer_id: int
    checked: dict[str, int] = field(default_factory=lambda: {"compiled": 0, "executor": 0})


@pytest.fixture(scope="module")
async def world(database: Settings) -> AsyncIterator[World]:
    await empty_database(database)
    east, west = await make_group("EAST"), await make_group("WEST")
    oem_a, oem_b = await make_oem("OEM-A"), await make_oem("OEM-B")
    stores = {"EAST": await make_store(east, "SH-1"), "WEST": await make_store(west, "W-1")}
    orgs: dict[str, Any] = {"EAST": east, "WEST": west, "OEM-A": oem_a, "OEM-B": oem_b}
    users = {}
    for email, (org, role) in CALLERS.items():
        if org.startswith("OEM"):
            users[email] = await make_user(email, oem=orgs[org], role=role)
        else:
            store = stores[org] if role is not None else None
            users[email] = await make_user(email, group=orgs[org], role=role, store=store)
    now = datetime.now(UTC)
    intake = await make_lead(users["ann@east.test"], stores["EAST"], name="Timeline", phone="+8613900000099")  # fmt: skip
    notifications: dict[str, list[int]] = {}
    distributed: dict[str, list[int]] = {}
    async with system_transaction():
        plan: list[tuple[str, Any, bool, str]] = [
            *(("ann@east.test", d, i % 3 == 0, "in_app") for i, d in enumerate(PLAIN_DATA)),
            ("ann@east.test", {"lead_id": 1}, False, "sms"),  # not in the app
            *(("bob@east.test", d, False, "in_app") for d in ODD_DATA),
            ("boss@east.test", {"lead_id": 2}, True, "in_app"),
            ("wes@west.test", {"lead_id": 3}, False, "in_app"),
            ("wes@west.test", {"lead_ids": []}, False, "in_app"),
        ]
        for n, (email, data, read, channel) in enumerate(plan):
            org = CALLERS[email][0]
            row = await Notification.create(
                tenant_id=orgs[org].id,
                user_id=users[email].id,
                kind="cadence_overdue",
                channel=channel,
                title=f"Notice {n}",
                body=f"Body {n}: 'quoted' \"text\"",
                data=data,
                dedup_key=f"k{n}",
                read_at=(now - timedelta(minutes=n)).replace(microsecond=0) if read else None,
            )
            if channel == "in_app":
                notifications.setdefault(email, []).append(row.id)
        dee = users["dee@east.test"]
        await notify([
            Message(east.id, dee.id, "cadence_overdue", f"Written {n}", "b", f"w{n}", data=data)
            for n, data in enumerate(WRITTEN_DATA)
        ])  # fmt: skip
        written = Notification.filter(user_id=dee.id).order_by("id")
        notifications["dee@east.test"] = await written.values_list("id", flat=True)
        assert None not in await written.values_list("shown_data", flat=True)
        # (oem, status, outcome, first contact after (minutes), return reason)
        leads: list[tuple[Any, str, str, float | None, str | None]] = [
            (oem_a, "active", "pending", None, None),
            (oem_a, "active", "met", 12.25, None),  # a tie: Python rounds to even
            (oem_a, "active", "met", 0.05, None),
            (oem_a, "active", "breached", 2000.34, None),
            (oem_a, "returned", "pending", None, "out_of_area"),
            (oem_a, "duplicate", "excluded", None, None),
            (oem_a, "active", "met", 7 + 1 / 3, None),
            (oem_b, "active", "pending", 1.0, None),
            (oem_b, "returned", "pending", None, "invalid"),
        ]
        for n, (oem, status, outcome, minutes, reason) in enumerate(leads):
            received = now - timedelta(hours=n * 5, microseconds=n * 1001)
            store = stores["EAST"] if status == "active" else None
            row = await DistributedLead.create(
                oem_id=oem.id,
                external_ref=f"REF-{n}",
                brand="Huaxia",
                region="East China" if n % 2 else "North",
                customer_name=f"Buyer {n}",
                phone=f"+861390000{n:04d}",
                phone_masked=f"139****{n:04d}",
                tenant_id=east.id if store else None,
                store_id=store.id if store else None,
                store_code=store.code if store else None,
                store_region="East China" if store else None,
                status=status,
                status_grade="H" if store else None,
                stage="first_contact" if store else None,
                outcome="lost" if n == 3 else None,
                lost_reason="price" if n == 3 else None,
                return_reason=reason,
                return_note="too far" if reason else None,
                received_at=received,
                assigned_at=received + timedelta(minutes=1) if store else None,
                first_contact_at=received + timedelta(minutes=minutes)
                if minutes is not None
                else None,
                sla_due_at=received + timedelta(hours=24),
                sla_outcome=outcome,
                breached_at=received + timedelta(hours=24) if outcome == "breached" else None,
            )
            distributed.setdefault(oem.code, []).append(row.id)
        await register_manifest()
    async with app_pair(database) as (compiled, executor):
        api = Api(executor)
        tokens = {email: await api.login(email) for email in CALLERS}
        yield World(compiled, executor, tokens, notifications, distributed, intake.customer.id)
    await empty_database(database)


async def _page_through(
    world: World,
    caller: str,
    document_id: str,
    root: str,
    variables: dict[str, Any],
    *,
    compiled: bool,
) -> list[str]:
    """Every id of the list, two at a time after each endCursor."""
    ids: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        given = variables | {"first": 2} | ({"after": cursor} if cursor else {})
        answer = await both(world, caller, document_id, given, compiled=compiled)
        if not compiled:
            return ids
        connection = answer["data"][root]
        ids += [n["id"] for n in connection["nodes"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return ids
        cursor = connection["pageInfo"]["endCursor"]
    raise AssertionError("more pages than rows")


# --- notifications ----------------------------------------------------------------


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_notifications_answer_as_the_executor_for_every_caller(
    world: World, caller: str
) -> None:
    # bob's notifications hold data only the executor prints; an OEM user has
    # no dealer group (the executor answers its empty list); nobody may not read.
    compiled = caller in NOTIFICATION_READERS and caller != "bob@east.test"
    for variables, fast in [
        ({}, True),
        ({"first": 1}, True),
        ({"first": 100}, True),
        ({"unreadOnly": True}, True),
        ({"unreadOnly": False, "first": 3}, True),
        ({"first": 0}, False),
        ({"first": 101}, False),
        ({"after": "not a cursor"}, False),
        ({"unreadOnly": None}, False),  # null for a Boolean!: refused
    ]:
        await both(world, caller, NOTIFICATIONS, variables, compiled=compiled and fast)
    for unread in (False, True):
        seen = await _page_through(
            world, caller, NOTIFICATIONS, "notifications", {"unreadOnly": unread}, compiled=compiled
        )
        if compiled:
            mine = world.notifications.get(caller, [])
            assert len(seen) == len(set(seen)) and len(seen) <= len(mine)
            assert seen == sorted(seen, key=lambda i: -int(_pk(i)))


def _pk(global_id: str) -> str:
    import base64

    return base64.b64decode(global_id).decode().split(":")[1]


async def test_notification_data_carries_global_ids(world: World) -> None:
    answer = await both(world, "ann@east.test", NOTIFICATIONS, {"first": 100}, compiled=True)
    nodes = answer["data"]["notifications"]["nodes"]
    assert [_pk(n["id"]) for n in nodes] == [
        str(i) for i in reversed(world.notifications["ann@east.test"])
    ]
    data = [json.loads(n["data"]) for n in reversed(nodes)]
    assert data[0] == {"lead_id": to_global_id("Lead", 12)}
    assert data[1]["lead_ids"] == [to_global_id("Lead", 3), to_global_id("Lead", 4), to_global_id("Lead", -1), "x", to_global_id("Lead", 0)]  # fmt: skip
    assert data[3]["customer_id"] == 0 and data[5]["distributed_lead_id"] == -4
    assert data[4]["nested"] == {"lead_id": 9, "list": [1, None, True]}
    unread = await both(world, "ann@east.test", NOTIFICATIONS, {"unreadOnly": True}, compiled=True)
    assert all(n["readAt"] is None for n in unread["data"]["notifications"]["nodes"])
    assert len(unread["data"]["notifications"]["nodes"]) == len(nodes) - 3


async def test_data_written_by_notify_is_sent_as_written(world: World) -> None:
    answer = await both(world, "dee@east.test", NOTIFICATIONS, {"first": 100}, compiled=True)
    nodes = list(reversed(answer["data"]["notifications"]["nodes"]))
    assert [n["title"] for n in nodes] == [f"Written {n}" for n in range(len(WRITTEN_DATA))]
    shown = [n["data"] for n in nodes[len(PLAIN_DATA) :]]
    # The executor's own text: jsonb's key order, escapes and global ids.
    assert shown[0] == (
        '{"a": {"b": "\\u4e2d\\u6587", "long_key": [{"a": null, "bb": 2}]}, "\\u00e9": "x", '
        f'"zeta": 1, "lead_id": "{to_global_id("Lead", 44)}"}}'
    )
    assert json.loads(shown[1]) == {
        "lead_id": to_global_id("Lead", True),  # type: ignore[arg-type]
        "lead_ids": [to_global_id("Lead", False), to_global_id("Lead", 7)],  # type: ignore[arg-type]
        "store_id": 0,
    }
    assert json.loads(shown[2]) == {
        "total": 12345678901234567890,
        "user_id": to_global_id("User", 3),
    }


def test_data_that_could_read_back_otherwise_is_not_stored_as_shown() -> None:
    # Printed from its data on each read, as rows written before the column.
    assert shown_data({"ratio": 1.5}) is None
    assert shown_data({"nested": [{"x": 0.1}]}) is None
    assert shown_data({}) == "{}"


async def test_no_one_sees_another_users_notifications(world: World) -> None:
    theirs = {to_global_id("Notification", i) for e, ids in world.notifications.items() if e != "ann@east.test" for i in ids}  # fmt: skip
    answer = await both(world, "ann@east.test", NOTIFICATIONS, {"first": 100}, compiled=True)
    assert not {n["id"] for n in answer["data"]["notifications"]["nodes"]} & theirs
    wes = await both(world, "wes@west.test", NOTIFICATIONS, {"first": 100}, compiled=True)
    assert {n["id"] for n in wes["data"]["notifications"]["nodes"]} == {to_global_id("Notification", i) for i in world.notifications["wes@west.test"]}  # fmt: skip
    # A cursor made of another user's notification only pages the caller's own.
    foreign = world.notifications["wes@west.test"][0]
    cursor = await _cursor_of(world, "wes@west.test")
    after = await both(world, "ann@east.test", NOTIFICATIONS, {"after": cursor}, compiled=True)
    assert all(int(_pk(n["id"])) < foreign for n in after["data"]["notifications"]["nodes"])


async def _cursor_of(world: World, caller: str) -> str:
    answer = await both(world, caller, NOTIFICATIONS, {"first": 1}, compiled=True)
    return str(answer["data"]["notifications"]["pageInfo"]["endCursor"])


# --- the OEM's distributed leads --------------------------------------------------


def _distributed_variables(world: World) -> list[tuple[dict[str, Any], bool]]:
    east_store = to_global_id("Store", 1)
    return [
        ({}, True),
        ({"first": 1}, True),
        ({"first": 100}, True),
        ({"filter": {"status": "RETURNED"}}, True),
        ({"filter": {"status": "ACTIVE", "slaOutcome": "MET"}}, True),
        ({"filter": {"slaOutcome": "EXCLUDED"}}, True),
        ({"filter": {"region": "East China"}}, True),
        ({"filter": {"region": ""}}, True),
        ({"filter": {"region": "Nowhere"}}, True),  # an empty page
        ({"filter": {"storeId": east_store}}, True),
        ({"filter": {"storeId": "not-an-id"}}, True),
        ({"filter": {"storeId": to_global_id("Lead", 1)}}, True),
        ({"filter": {"receivedFrom": (datetime.now(UTC) - timedelta(hours=12)).isoformat()}}, True),
        ({"filter": {"receivedTo": (datetime.now(UTC) - timedelta(hours=12)).isoformat()}}, True),
        ({"filter": {"receivedFrom": "2026-01-01T00:00:00"}}, False),  # no offset
        ({"filter": {"status": "GONE"}}, False),  # not a DistributionStatus
        ({"first": 0}, False),
        ({"after": "not a cursor"}, False),
    ]


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_distributed_leads_answer_as_the_executor_for_every_caller(
    world: World, caller: str
) -> None:
    reads = caller in OEM_READERS
    for variables, compiled in _distributed_variables(world):
        await both(world, caller, DISTRIBUTED, variables, compiled=compiled and reads)
    seen = await _page_through(world, caller, DISTRIBUTED, "distributedLeads", {}, compiled=reads)
    if reads:
        oem = "OEM-A" if "oem-a" in caller else "OEM-B"
        assert seen == [
            to_global_id("DistributedLead", i) for i in reversed(world.distributed[oem])
        ]


async def test_the_oem_view_rounds_minutes_and_shows_no_other_oems_leads(world: World) -> None:
    answer = await both(world, "hq@oem-a.test", DISTRIBUTED, {"first": 100}, compiled=True)
    nodes = {_pk(n["id"]): n for n in answer["data"]["distributedLeads"]["nodes"]}
    ids = world.distributed["OEM-A"]
    assert set(nodes) == {str(i) for i in ids}
    minutes = [nodes[str(i)]["minutesToFirstContact"] for i in ids]
    # 12.25 is a tie near which the compiled path defers to the executor
    # only if needed; either way the answers are equal and Python's.
    assert minutes == [None, 12.2, 0.1, 2000.3, None, None, 7.3]
    assert nodes[str(ids[4])]["returnReason"] == "OUT_OF_AREA"
    assert nodes[str(ids[4])]["status"] == "RETURNED"
    assert all("*" in n["phoneMasked"] for n in nodes.values())
    theirs = await both(world, "hq@oem-b.test", DISTRIBUTED, {"first": 100}, compiled=True)
    assert {_pk(n["id"]) for n in theirs["data"]["distributedLeads"]["nodes"]} == {str(i) for i in world.distributed["OEM-B"]}  # fmt: skip
    # Another OEM's cursor pages only the caller's own rows.
    cursor = theirs["data"]["distributedLeads"]["pageInfo"]["endCursor"]
    after = await both(world, "hq@oem-a.test", DISTRIBUTED, {"after": cursor}, compiled=True)
    assert {_pk(n["id"]) for n in after["data"]["distributedLeads"]["nodes"]} <= {
        str(i) for i in ids
    }


# --- the customer timeline (compiled; the OEM's user on the executor) -------------


@pytest.mark.parametrize("caller", ["ann@east.test", "boss@east.test", "wes@west.test", "hq@oem-a.test"])  # fmt: skip
async def test_the_customer_timeline_is_compiled_for_dealer_group_callers(
    world: World, caller: str
) -> None:
    customer = to_global_id("Customer", world.customer_id)
    compiled = not caller.startswith("hq@")  # an OEM's user has no dealer group
    for variables in [{"customerId": customer}, {"customerId": customer, "first": 1}, {"customerId": "not-an-id"}]:  # fmt: skip
        answer = await both(world, caller, TIMELINE, variables, compiled=compiled)
        if caller == "ann@east.test" and variables["customerId"] == customer:
            assert answer["data"]["customerTimeline"]["nodes"][0]["kind"] == "lead"


# --- random selections of the mapped fields ---------------------------------------

NOTIFICATION_FIELDS = ["id", "kind", "title", "body", "data", "createdAt", "readAt", "__typename"]
DISTRIBUTED_FIELDS = [
    "id", "externalRef", "brand", "customerName", "phoneMasked", "status", "storeCode",
    "storeRegion", "statusGrade", "stage", "outcome", "lostReason", "returnReason", "returnNote",
    "receivedAt", "assignedAt", "firstContactAt", "slaDueAt", "slaOutcome", "breachedAt",
    "minutesToFirstContact", "__typename",
]  # fmt: skip
PAGE_INFO = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"]


@st.composite
def selections(draw: st.DrawFn) -> tuple[str, str]:
    """A document over one of the two lists and who reads it."""
    notifications = draw(st.booleans())
    names = NOTIFICATION_FIELDS if notifications else DISTRIBUTED_FIELDS
    fields = draw(st.lists(st.sampled_from(names), min_size=1, max_size=8, unique=True))
    info = draw(st.lists(st.sampled_from(PAGE_INFO), max_size=3, unique=True))
    parts = [f"{draw(st.sampled_from(['', 'rows: ']))}nodes {{ {' '.join(fields)} }}"]
    if info:
        parts.append(f"pageInfo {{ {' '.join(info)} }}")
    if draw(st.booleans()):
        parts.append("edges { cursor node { id } }")
    if notifications:
        unread = draw(st.sampled_from(["", ", unreadOnly: true", ", unreadOnly: false"]))
        root = f"notifications(first: $first, after: $after{unread})"
        caller = draw(st.sampled_from(["ann@east.test", "boss@east.test", "dee@east.test", "wes@west.test"]))  # fmt: skip
    else:
        status = draw(st.sampled_from(["", "status: ACTIVE", "slaOutcome: MET"]))
        root = f"distributedLeads(first: $first, after: $after, filter: {{{status}}})"
        caller = draw(st.sampled_from(sorted(OEM_READERS)))
    body = f"query Selection($first: Int, $after: String) {{ {root} {{ {' '.join(parts)} }} }}"
    return body, caller


@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(chosen=selections(), first=st.sampled_from([None, 1, 2, 5]))
async def test_random_selections_answer_as_the_executor(
    world: World, chosen: tuple[str, str], first: int | None
) -> None:
    body, caller = chosen
    async with system_transaction():
        await register(
            [NewDocument(body=body)],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    answer = await both(world, caller, document_id_of(body), {"first": first}, compiled=True)
    connection = next(iter(answer["data"].values()))
    end = (connection.get("pageInfo") or {}).get("endCursor")
    if end is not None:
        await both(
            world, caller, document_id_of(body), {"first": first, "after": end}, compiled=True
        )


def test_both_paths_were_checked(world: World) -> None:
    assert world.checked["compiled"] > 100
    assert world.checked["executor"] > 50
