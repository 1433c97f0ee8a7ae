"""The compiled customer list, follow-up list and task list answer exactly
what the executor answers.

As in `test_compiled_leads`: two apps over the same database (the
application's role, row-level security in force), COMPILED_DOCUMENTS on and
off; every request goes to both by its registered document's id, the answers
must be equal after JSON decoding (data, nulls and errors) with the same
status, and the Server-Timing header says which path answered.

The tests of this module share one world (`shared_database`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from saas.crm.customers import tag_customer, untag_customer
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.vocabulary import FollowUpChannel, TagKind
from saas.documents.service import NewDocument, document_id_of
from saas.documents.service import register_documents as register
from saas.models import Customer, ReminderTask
from saas.schema import schema
from saas.schema.documents.register import schema_problems
from saas.schema.relay import from_global_id, to_global_id
from saas.settings import Settings
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api, empty_database
from tests.factories import actor_for, make_lead
from tests.schema.compiled.pair import (
    BODIES,
    app_pair,
    both,
    caller_email,
    make_cast,
    register_manifest,
)

pytestmark = pytest.mark.shared_database

CUSTOMER_PAGE = document_id_of(BODIES["CustomerPage"])
FOLLOW_UP_LIST = document_id_of(BODIES["FollowUpList"])
MY_TASKS = document_id_of(BODIES["MyTasks"])

CALLERS = {
    "ann": Role.CONSULTANT,
    "bob": Role.CONSULTANT,
    "cat": Role.CONSULTANT,  # no leads, no tasks
    "dan": Role.CONSULTANT,  # store SH-2
    "boss": Role.SHOWROOM_MANAGER,
    "sam": Role.SALES_MANAGER,  # store SH-2
    "exec": Role.GROUP_EXECUTIVE,
    "admin": Role.GROUP_ADMIN,
    "care": Role.CUSTOMER_ADMIN,
    "wes": Role.CONSULTANT,  # group WEST
    "oem": Role.OEM_DISTRIBUTOR,  # an OEM's user: no dealer group
}
# Who may read each list (the rest get the executor's error).
READERS = {
    CUSTOMER_PAGE: set(CALLERS) - {"admin", "oem"},
    FOLLOW_UP_LIST: set(CALLERS) - {"admin", "care", "oem"},
    MY_TASKS: set(CALLERS),
}
# Readers the compiled path answers: a caller of a dealer group.
IN_A_GROUP = set(CALLERS) - {"oem"}


@dataclass
class World:
    compiled: httpx.AsyncClient
    executor: httpx.AsyncClient
    tokens: dict[str, str]
    users: dict[str, int]
    stores: dict[str, int]
    leads: dict[str, list[int]]  # the owner's email name -> lead ids
    customers: list[int]
    merged: int
    checked: dict[str, int] = field(default_factory=lambda: {"compiled": 0, "executor": 0})


@pytest.fixture(scope="module")
async def world(database: Settings) -> AsyncIterator[World]:
    await empty_database(database)
    cast = await make_cast(CALLERS)
    east, sh1, sh2, west, w1, users = cast.east, cast.sh1, cast.sh2, cast.west, cast.w1, cast.users
    now = datetime.now(UTC)
    leads: dict[str, list[int]] = {}
    customers: list[int] = []
    plan = [
        # (owner, store, grade, taken in how long ago, phone)
        ("ann", sh1, "H", timedelta(days=40), "+8613900000001"),
        ("ann", sh1, "A", timedelta(hours=1), "+8613900000002"),
        ("ann", sh1, "B", timedelta(hours=2), "+14155550123"),
        ("ann", sh1, "C", timedelta(days=1), "+85291234567"),
        ("bob", sh1, "H", timedelta(hours=4), "+8613900000007"),
        ("bob", sh1, "A", timedelta(days=2), "+8613900000008"),
        ("dan", sh2, "B", timedelta(hours=5), "+8613900000009"),
        ("dan", sh2, "H", timedelta(days=3), "+8613900000002"),  # ann's customer, lead in SH-2
        ("wes", w1, "H", timedelta(hours=6), "+8613900000011"),
    ]
    for i, (owner, store, grade, ago, phone) in enumerate(plan):
        taken = now - ago
        if i % 2:
            taken = taken.replace(microsecond=0)
        intake = await make_lead(
            users[owner], store, name=f"Customer {i}", phone=phone, grade=grade, now=taken
        )
        leads.setdefault(owner, []).append(intake.lead.id)
        if intake.customer.id not in customers:
            customers.append(intake.customer.id)
    ann = await actor_for(users["ann"])
    async with tenant_transaction(east.id):
        for n, lead_id in enumerate(leads["ann"][:3]):
            for k in range(n + 1):
                await log_follow_up(
                    ann,
                    NewFollowUp(
                        lead_id, FollowUpChannel.WECHAT if k else FollowUpChannel.PHONE,
                        f"contact {k} \"quoted\" 中文", result="ok" if k else None,
                        next_follow_up_at=now + timedelta(days=n + 1, microseconds=k * 7),
                        next_follow_up_reason="visit",
                    ),
                    now=now - timedelta(minutes=30 - k),
                )  # fmt: skip
        for tag in ("vip", "suv"):
            await tag_customer(ann, customers[0], tag, TagKind.STATIC)
        # Tags the customer list's `tag` key tells apart: another case, a
        # removed one, text with LIKE's special characters, multi-byte text.
        await tag_customer(ann, customers[1], "VIP", TagKind.STATIC)
        await tag_customer(ann, customers[1], "50%_off\\", TagKind.DYNAMIC)
        await tag_customer(ann, customers[2], "首购", TagKind.STATIC)
        await tag_customer(ann, customers[2], "suv", TagKind.STATIC)
        await untag_customer(ann, customers[2], "suv")
    bob = await actor_for(users["bob"])
    async with tenant_transaction(east.id):
        await log_follow_up(
            bob,
            NewFollowUp(leads["bob"][0], FollowUpChannel.SMS, "texted", next_follow_up_at=now + timedelta(days=2), next_follow_up_reason="offer"),
            now=now - timedelta(minutes=10),
        )  # fmt: skip
    wes = await actor_for(users["wes"])
    async with tenant_transaction(west.id):
        # Another group's tags, one of them also used in EAST.
        for tag in ("vip", "west only"):
            await tag_customer(wes, customers[-1], tag, TagKind.STATIC)
        await log_follow_up(
            wes,
            NewFollowUp(leads["wes"][0], FollowUpChannel.PHONE, "called", next_follow_up_at=now + timedelta(days=1), next_follow_up_reason="visit"),
            now=now - timedelta(minutes=5),
        )  # fmt: skip
    async with system_transaction():
        # What the list shows and filters by, set as the jobs set it.
        await Customer.filter(id=customers[0]).update(
            city="Shanghai", value_tier="A", lifecycle="high_value", purchase_potential="high",
            classified_at=now,
        )  # fmt: skip
        await Customer.filter(id=customers[1]).update(city="Shanghai", purchase_potential="low")
        await Customer.filter(id=customers[2]).update(city="Suzhou", value_tier="B")
        # Names the `search` key reads: LIKE's special characters, case
        # beyond ASCII, multi-byte text.
        await Customer.filter(id=customers[1]).update(name="王小明 50%_off\\")
        await Customer.filter(id=customers[2]).update(name="Ärzte Straße")
        await Customer.filter(id=customers[4]).update(name="customer_4 Zhang")
        # A merged archive: left out of the list.
        merged = customers[3]
        await Customer.filter(id=merged).update(merged_into_id=customers[0])
        for owner, customer, kind, days, status in [
            ("ann", customers[0], "maintenance", 3, "open"),
            ("ann", customers[1], "birthday", 1, "open"),
            ("ann", customers[2], "insurance_renewal", -2, "done"),
            ("ann", customers[0], "win_back", 10, "open"),
            ("bob", customers[4], "anniversary", 5, "open"),
        ]:
            await ReminderTask.create(
                tenant_id=east.id, store_id=sh1.id, user_id=users[owner].id, customer_id=customer,
                kind=kind, due_date=date.today() + timedelta(days=days), title=f"{kind} \"due\"",
                dedup_key=f"{owner}-{kind}-{days}", status=status,
                result="called back" if status == "done" else None,
            )  # fmt: skip
        await ReminderTask.create(
            tenant_id=west.id, store_id=w1.id, user_id=users["wes"].id, customer_id=customers[-1],
            kind="maintenance", due_date=date.today(), title="west", dedup_key="w",
        )  # fmt: skip
        await register_manifest()
    async with app_pair(database) as (compiled, executor):
        api = Api(executor)
        tokens = {name: await api.login(caller_email(name)) for name in CALLERS}
        yield World(
            compiled,
            executor,
            tokens,
            {name: user.id for name, user in users.items()},
            {"SH-1": sh1.id, "SH-2": sh2.id, "W-1": w1.id},
            leads,
            customers,
            merged,
        )
    await empty_database(database)


def _customer_variables(world: World) -> list[tuple[dict[str, Any], bool]]:
    """(variables, compiled?) of the customer page for every caller."""
    return [
        ({}, True),
        ({"first": 1}, True),
        ({"first": 100}, True),
        ({"order": "OLDEST"}, True),
        ({"order": "DUE_SOONEST", "first": 2}, True),
        ({"storeId": to_global_id("Store", world.stores["SH-1"])}, True),
        ({"storeId": to_global_id("Store", world.stores["SH-2"]), "order": "OLDEST"}, True),
        ({"storeId": to_global_id("Store", world.stores["W-1"])}, True),  # another group's
        ({"storeId": "not-an-id"}, True),
        ({"ownerId": to_global_id("User", world.users["ann"])}, True),
        ({"ownerId": to_global_id("User", world.users["wes"])}, True),
        ({"city": "Shanghai"}, True),
        ({"city": "Shanghai", "purchasePotential": "HIGH"}, True),
        ({"city": ""}, True),
        ({"city": None, "purchasePotential": None}, True),
        ({"purchasePotential": "LOW"}, True),
        ({"city": "x" * 49}, False),  # over the limit: the service's empty list
        ({"first": 0}, False),
        ({"first": 101}, False),
        ({"after": "not a cursor"}, False),
        ({"order": "SOONEST"}, False),
        ({"last": 2}, True),  # not a variable of the document: ignored
    ]


def _follow_up_variables(world: World) -> list[tuple[dict[str, Any], bool]]:
    return [
        ({}, True),
        ({"first": 1}, True),
        ({"leadId": to_global_id("Lead", world.leads["ann"][2])}, True),
        ({"leadId": to_global_id("Lead", world.leads["wes"][0])}, True),  # another group's
        ({"leadId": to_global_id("Customer", world.customers[0])}, True),  # another type
        ({"userId": to_global_id("User", world.users["bob"])}, True),
        ({"channel": "WECHAT"}, True),
        ({"channel": "SMS", "first": 100}, True),
        ({"channel": "FAX"}, False),
        ({"first": 0}, False),
    ]


def _task_variables(world: World) -> list[tuple[dict[str, Any], bool]]:
    return [
        ({}, True),
        ({"openOnly": False}, True),
        ({"openOnly": True, "first": 1}, True),
        ({"first": 100, "openOnly": False}, True),
        ({"openOnly": None}, False),  # refused: Boolean!
        ({"after": "bad"}, False),
    ]


VARIABLES = {
    CUSTOMER_PAGE: ("customers", _customer_variables),
    FOLLOW_UP_LIST: ("followUps", _follow_up_variables),
    MY_TASKS: ("myTasks", _task_variables),
}


@pytest.mark.parametrize("document", list(VARIABLES), ids=["customers", "followUps", "myTasks"])
@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_each_list_answers_as_the_executor_for_every_caller(
    world: World, caller: str, document: str
) -> None:
    root, variable_sets = VARIABLES[document]
    reads = caller in READERS[document] and caller in IN_A_GROUP
    for variables, compiled in variable_sets(world):
        answer = await both(world, caller, document, variables, compiled=compiled and reads)
        if reads and compiled:
            assert "errors" not in answer, answer
    # Page on from each page's end cursor, as a client would.
    cursor: str | None = None
    for _ in range(10):
        variables = {"first": 1, "openOnly": False} if document == MY_TASKS else {"first": 2}
        answer = await both(
            world,
            caller,
            document,
            variables | ({"after": cursor} if cursor else {}),
            compiled=reads,
        )
        if not reads:
            return
        info = answer["data"][root]["pageInfo"]
        if not info["hasNextPage"]:
            break
        cursor = info["endCursor"]


async def test_merged_archives_and_other_groups_rows_are_left_out(world: World) -> None:
    merged = to_global_id("Customer", world.merged)
    east = {to_global_id("Customer", c) for c in world.customers[:-1]}
    for caller in READERS[CUSTOMER_PAGE] - {"wes", "oem"}:
        answer = await both(world, caller, CUSTOMER_PAGE, {"first": 100}, compiled=True)
        ids = {n["id"] for n in answer["data"]["customers"]["nodes"]}
        assert ids <= east - {merged}, caller
    everyone = await both(world, "exec", CUSTOMER_PAGE, {"first": 100}, compiled=True)
    assert everyone["data"]["customers"]["totalCount"] == len(world.customers) - 2
    west = await both(world, "wes", CUSTOMER_PAGE, {"first": 100}, compiled=True)
    assert [n["id"] for n in west["data"]["customers"]["nodes"]] == [
        to_global_id("Customer", world.customers[-1])
    ]
    # SH-2's manager sees ann's SH-1 customer through dan's lead in SH-2.
    sam = await both(world, "sam", CUSTOMER_PAGE, {"first": 100}, compiled=True)
    stores = {n["store"]["code"] for n in sam["data"]["customers"]["nodes"]}
    assert stores == {"SH-1", "SH-2"}
    # Follow-ups and tasks of the other group never show.
    for caller in READERS[FOLLOW_UP_LIST] - {"wes", "oem"}:
        answer = await both(world, caller, FOLLOW_UP_LIST, {"first": 100}, compiled=True)
        assert all(n["content"] != "called" for n in answer["data"]["followUps"]["nodes"])
    tasks = await both(world, "ann", MY_TASKS, {"openOnly": False}, compiled=True)
    assert [t["kind"] for t in tasks["data"]["myTasks"]["nodes"]] == [
        "maintenance", "birthday", "insurance_renewal", "win_back"
    ]  # fmt: skip
    assert tasks["data"]["myTasks"]["nodes"][2]["result"] == "called back"


async def test_phones_are_masked_for_all_but_the_customers_owner(world: World) -> None:
    own = await both(world, "ann", CUSTOMER_PAGE, {"first": 100}, compiled=True)
    managed = await both(world, "boss", CUSTOMER_PAGE, {"first": 100}, compiled=True)
    mine = {n["id"]: n for n in own["data"]["customers"]["nodes"]}
    seen = {n["id"]: n for n in managed["data"]["customers"]["nodes"]}
    assert mine and set(mine) < set(seen)
    for customer_id, customer in mine.items():
        assert customer["phoneMasked"] is False and "*" not in customer["phone"]
        assert seen[customer_id]["phoneMasked"] is True
        assert "*" in seen[customer_id]["phone"]


# --- random selections of the documents' mapped fields ---------------------------

CUSTOMER_FIELDS = [
    "id", "archiveNo", "name", "city", "phone", "phoneMasked", "wechat", "gender", "occupation",
    "incomeBand", "valueTier", "lifecycle", "classifiedAt", "purchasePotential", "version",
    "createdAt", "updatedAt", "mergedIntoId", "__typename", "owner { id name }",
    "store { id code name }", "tags { tag kind addedAt removedAt }",
]  # fmt: skip
FOLLOW_UP_FIELDS = [
    "id", "channel", "happenedAt", "content", "result", "gradeBefore", "gradeAfter",
    "stageBefore", "stageAfter", "nextFollowUpAt", "nextFollowUpReason", "leadId", "__typename",
    "user { id name }",
]  # fmt: skip
TASK_FIELDS = ["id", "kind", "title", "dueDate", "customerId", "status", "result", "__typename"]
ROOTS = {
    "customers": ("(first: $first, after: $after, order: OLDEST)", CUSTOMER_FIELDS),
    "followUps": ("(first: $first, after: $after)", FOLLOW_UP_FIELDS),
    "myTasks": ("(first: $first, after: $after, openOnly: false)", TASK_FIELDS),
}
PAGE_INFO = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"]


@st.composite
def list_pages(draw: st.DrawFn) -> tuple[str, str]:
    root = draw(st.sampled_from(sorted(ROOTS)))
    arguments, names = ROOTS[root]
    fields = draw(st.lists(st.sampled_from(names), min_size=1, max_size=8, unique=True))
    alias = draw(st.sampled_from(["", "rows: "]))
    info = draw(st.lists(st.sampled_from(PAGE_INFO), max_size=3, unique=True))
    parts = [f"{alias}nodes {{ {' '.join(fields)} }}"]
    if info:
        parts.append(f"pageInfo {{ {' '.join(info)} }}")
    if draw(st.booleans()):
        parts.append("edges { cursor node { id } }")
    if draw(st.booleans()):
        parts.append("totalCount")
    body = (
        "query ListSelection($first: Int, $after: String) {\n"
        f"  {root}{arguments} {{ {' '.join(parts)} }}\n}}"
    )
    return root, body


@settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    page=list_pages(),
    caller=st.sampled_from(["ann", "boss", "sam", "exec", "cat", "care"]),
    first=st.sampled_from([None, 1, 2, 5]),
)
async def test_random_selections_of_the_lists_answer_as_the_executor(
    world: World, page: tuple[str, str], caller: str, first: int | None
) -> None:
    root, body = page
    async with system_transaction():
        await register(
            [NewDocument(body=body)],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    reads = caller in READERS[{"customers": CUSTOMER_PAGE, "followUps": FOLLOW_UP_LIST, "myTasks": MY_TASKS}[root]]  # fmt: skip
    variables: dict[str, Any] = {"first": first}
    answer = await both(world, caller, document_id_of(body), variables, compiled=reads)
    if not reads:
        return
    end = (answer["data"][root].get("pageInfo") or {}).get("endCursor")
    if end is not None:
        await both(world, caller, document_id_of(body), variables | {"after": end}, compiled=True)


async def test_unmapped_keys_and_fields_run_on_the_executor(world: World) -> None:
    documents = {
        'query T { customers(first: 5, filter: {tag: "vip"}) { nodes { id } } }': True,
        'query S { customers(first: 5, filter: {search: "Customer"}) { nodes { id } } }': True,
        "query C { customers(first: 5) { nodes { id creditRating { rating } } } }": False,
        # Backward paging compiles as paginate pages.
        "query H { followUps(last: 2) { nodes { id } } }": True,
        "query B { myTasks(last: 2) { nodes { id } } }": True,
        'query V { customers(first: 5, filter: {valueTier: "A", lifecycle: "high_value"}) { nodes { id valueTier } } }': True,
        "query R { customers(first: 5, filter: {creditRating: GOOD}) { nodes { id } } }": True,
    }  # fmt: skip
    async with system_transaction():
        await register(
            [NewDocument(body=b) for b in documents],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    for body, compiled in documents.items():
        for caller in ("ann", "exec"):
            await both(world, caller, document_id_of(body), {}, compiled=compiled)


CUSTOMER_TEXT = (
    "query CustomerText($tag: String, $search: String, $first: Int = 50, $after: String) {"
    " customers(first: $first, after: $after, filter: {tag: $tag, search: $search}) {"
    " totalCount nodes { id name archiveNo phone tags { tag } }"
    " pageInfo { hasNextPage endCursor } } }"
)


def _text_variables(world: World) -> list[tuple[dict[str, Any], bool]]:
    """(variables, compiled?) of the customer list's tag and search keys."""
    tags = ["vip", "VIP", "Vip", "suv", "首购", "50%_off\\", "50%", "%", "_", "\\", "v%",
            "west only", "nobody's", " vip", "x" * 48]  # fmt: skip
    searches = [
        "Customer", "customer", "CUSTOMER 0", "  Customer 0  ", "stomer", "Customer 8",
        "customer_4", "customer%4", "customer_", "Customer_", "%", "_", "\\", "50%_",
        "50%_off\\", "50", "王", "小明", "王小明 50", "ärzte", "ÄRZTE", "straße", "STRASSE",
        "SH-1", "sh-1-0000", "W-1", "+8613900000001", "+86 139 0000 0001", "13900000001",
        "1390000", "+8613900000011", "+14155550123", "(415) 555-0123", "no such customer",
        "x" * 100,
    ]  # fmt: skip
    return [
        *(({"tag": tag}, True) for tag in tags),
        *(({"search": search}, True) for search in searches),
        ({"tag": "vip", "search": "Customer"}, True),
        ({"tag": "VIP", "search": "王"}, True),
        ({"tag": "vip", "search": "nobody"}, True),
        ({"tag": "", "search": ""}, True),  # no filter
        ({"search": "   "}, True),  # no filter
        ({"tag": None, "search": None}, True),
        ({"tag": "vip", "first": 1}, True),
        ({"search": "Customer", "first": 2}, True),
        ({"tag": "x" * 49}, False),  # over the limit: the service's empty list
        ({"search": "x" * 101}, False),
        ({"search": " " + "x" * 100 + " "}, True),  # stripped to the limit
    ]


@pytest.mark.parametrize("caller", ["ann", "bob", "cat", "boss", "sam", "exec", "care", "wes"])
async def test_tag_and_search_keys_answer_as_the_executor(world: World, caller: str) -> None:
    async with system_transaction():
        await register(
            [NewDocument(body=CUSTOMER_TEXT)],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    document = document_id_of(CUSTOMER_TEXT)
    for variables, compiled in _text_variables(world):
        answer = await both(world, caller, document, variables, compiled=compiled)
        if compiled:
            assert "errors" not in answer, answer
        end = answer["data"]["customers"]["pageInfo"]["endCursor"] if compiled else None
        if end is not None and answer["data"]["customers"]["pageInfo"]["hasNextPage"]:
            await both(world, caller, document, variables | {"after": end}, compiled=True)


async def test_tag_and_search_find_what_a_consultant_would_expect(world: World) -> None:
    document = document_id_of(CUSTOMER_TEXT)
    async with system_transaction():
        await register(
            [NewDocument(body=CUSTOMER_TEXT)],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )

    async def found(caller: str, **variables: str) -> set[int]:
        answer = await both(world, caller, document, variables, compiled=True)
        ids = [n["id"] for n in answer["data"]["customers"]["nodes"]]
        return {world.customers.index(from_global_id(i)[1]) for i in ids}

    # Current tags only, exact case, the caller's own group's.
    assert await found("exec", tag="vip") == {0}
    assert await found("exec", tag="VIP") == {1}
    assert await found("exec", tag="suv") == {0}  # removed from customer 2
    assert await found("exec", tag="首购") == {2}
    assert await found("exec", tag="west only") == set()
    assert await found("wes", tag="vip") == {len(world.customers) - 1}
    assert await found("exec", tag="%") == set()
    # LIKE's characters are literal; case is folded beyond ASCII.
    assert await found("exec", search="50%_off\\") == {1}
    assert await found("exec", search="%") == {1}
    assert await found("exec", search="_") == {1, 4}
    assert await found("exec", search="customer_") == {4}
    assert await found("exec", search="ÄRZTE") == {2}
    assert await found("exec", search="小明") == {1}
    # A phone matches in full, in any format; a partial number never does.
    assert await found("exec", search="+86 139 0000 0001") == {0}
    assert await found("exec", search="1390000") == set()
    assert await found("exec", search="Customer 8") == set()  # WEST's customer


async def test_time_keys_answer_as_the_executor(world: World) -> None:
    customers = "query CustomerTimes($from: DateTime, $to: DateTime) { customers(first: 50, filter: {createdFrom: $from, createdTo: $to}) { totalCount nodes { id createdAt } } }"
    follow_ups = "query FollowUpTimes($from: DateTime, $to: DateTime) { followUps(first: 50, filter: {happenedFrom: $from, happenedTo: $to}) { nodes { id happenedAt } pageInfo { hasNextPage endCursor } } }"
    async with system_transaction():
        await register(
            [NewDocument(body=customers), NewDocument(body=follow_ups)],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    now = datetime.now(UTC)
    variable_sets = [
        ({}, True),
        ({"from": (now - timedelta(hours=3)).isoformat()}, True),
        ({"to": (now - timedelta(minutes=20)).isoformat()}, True),
        ({"from": (now - timedelta(days=2)).isoformat(), "to": now.isoformat()}, True),
        ({"from": (now - timedelta(hours=3)).astimezone().replace(tzinfo=None).isoformat()}, False),
        ({"from": "yesterday"}, False),
    ]
    for body, caller in ((customers, "exec"), (customers, "ann"), (follow_ups, "boss")):
        for variables, compiled in variable_sets:
            await both(world, caller, document_id_of(body), variables, compiled=compiled)


def test_both_paths_were_checked(world: World) -> None:
    assert world.checked["compiled"] > 200
    assert world.checked["executor"] > 50
