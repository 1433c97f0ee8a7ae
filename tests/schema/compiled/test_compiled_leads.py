"""The compiled lead page and card answer exactly what the executor answers.

Two apps over the same database (the application's role, row-level security
in force): one with COMPILED_DOCUMENTS on, one with it off. Every request
goes to both, by its registered document's id, and the answers must be equal
after JSON decoding (data, nulls and errors) with the same status; the
Server-Timing header says which path answered, and the test asserts that the
compiled path ran where it should and the executor where it must.

The tests of this module share one world (`shared_database`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import asyncpg
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from saas.crm.customers import tag_customer
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.vocabulary import FollowUpChannel, TagKind
from saas.documents.service import Document, NewDocument, document_id_of
from saas.documents.service import register_documents as register
from saas.schema import schema
from saas.schema.compiled import sql
from saas.schema.compiled.compiler import CompiledDocuments
from saas.schema.compiled.sql import ANOMALY_ERRORS
from saas.schema.documents.register import schema_problems
from saas.schema.pagination import encode_cursor
from saas.schema.relay import to_global_id
from saas.schema.view import COMPILED_PLAN, EXECUTOR_PLAN
from saas.settings import Settings
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import ADMIN_DSN, Api, empty_database
from tests.factories import actor_for, make_group, make_lead, make_oem, make_store, make_user
from tests.schema.compiled.pair import BODIES, app_pair, both, register_manifest

pytestmark = pytest.mark.shared_database

LEAD_PAGE = document_id_of(BODIES["LeadPage"])
LEAD_CARD = document_id_of(BODIES["LeadCard"])

# Every caller of the world: the roles that read leads, two that do not, a
# consultant without leads, and another dealer group's consultant.
CALLERS = {
    "ann": Role.CONSULTANT,
    "bob": Role.CONSULTANT,
    "cat": Role.CONSULTANT,  # no leads
    "dan": Role.CONSULTANT,  # store SH-2
    "boss": Role.SHOWROOM_MANAGER,
    "sam": Role.SALES_MANAGER,  # store SH-2
    "exec": Role.GROUP_EXECUTIVE,
    "admin": Role.GROUP_ADMIN,
    "care": Role.CUSTOMER_ADMIN,
    "wes": Role.CONSULTANT,  # group WEST
    "desk": Role.OEM_DISTRIBUTOR,  # an OEM's: no dealer group
    "ops": Role.PLATFORM_ADMIN,  # the platform operator: no dealer group
}
READERS = {"ann", "bob", "cat", "dan", "boss", "sam", "exec", "wes"}


@dataclass
class World:
    compiled: httpx.AsyncClient
    executor: httpx.AsyncClient
    tokens: dict[str, str]
    leads: dict[str, list[int]]  # the owner's email name -> lead ids
    customer_id: int
    checked: dict[str, int] = field(default_factory=lambda: {"compiled": 0, "executor": 0})


@pytest.fixture(scope="module")
async def world(database: Settings) -> AsyncIterator[World]:
    await empty_database(database)
    east = await make_group("EAST")
    sh1 = await make_store(east, "SH-1")
    sh2 = await make_store(east, "SH-2")
    west = await make_group("WEST")
    w1 = await make_store(west, "W-1")
    oem = await make_oem("HUAXIA")
    users = {}
    for name, role in CALLERS.items():
        group, store = (west, w1) if name == "wes" else (east, sh1)
        if name in ("dan", "sam"):
            store = sh2
        if role in (Role.GROUP_EXECUTIVE, Role.GROUP_ADMIN):
            store = None
        if name in ("desk", "ops"):
            users[name] = await make_user(_email(name), oem=oem if name == "desk" else None, role=role)  # fmt: skip
            continue
        users[name] = await make_user(_email(name), group=group, role=role, store=store)
    now = datetime.now(UTC)
    leads: dict[str, list[int]] = {}
    customers: list[int] = []
    plan = [
        # (owner, store, grade, taken in how long ago, phone)
        ("ann", sh1, "H", timedelta(days=40), "+8613900000001"),  # overdue
        ("ann", sh1, "A", timedelta(hours=1), "+8613900000002"),
        ("ann", sh1, "B", timedelta(hours=2), "+8613900000003"),
        ("ann", sh1, "H", timedelta(hours=3), "+14155550123"),
        ("ann", sh1, "C", timedelta(days=1), "+85291234567"),
        ("ann", sh1, "N", timedelta(minutes=5), "+8613900000006"),
        ("bob", sh1, "H", timedelta(hours=4), "+8613900000007"),
        ("bob", sh1, "A", timedelta(days=2), "+8613900000008"),
        ("dan", sh2, "B", timedelta(hours=5), "+8613900000009"),
        ("dan", sh2, "H", timedelta(days=3), "+8613900000010"),
        ("wes", w1, "H", timedelta(hours=6), "+8613900000011"),
    ]
    for i, (owner, store, grade, ago, phone) in enumerate(plan):
        taken = now - ago
        if i % 2:
            taken = taken.replace(microsecond=0)  # the executor prints no fraction then
        intake = await make_lead(
            users[owner], store, name=f"Customer {i}", phone=phone, grade=grade, now=taken
        )
        leads.setdefault(owner, []).append(intake.lead.id)
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
        first = customers[0]
        for tag in ("vip", "suv", "family"):
            await tag_customer(ann, first, tag, TagKind.STATIC)
    async with system_transaction():
        await register_manifest()
    async with app_pair(database) as (compiled, executor):
        api = Api(executor)
        tokens = {name: await api.login(_email(name)) for name in CALLERS}
        yield World(compiled, executor, tokens, leads, first)
    await empty_database(database)


def _email(name: str) -> str:
    return f"{name}@{'west' if name == 'wes' else 'east'}.test"


def _page_variables(world: World) -> list[tuple[dict[str, Any], bool]]:
    """(variables, compiled?) of the lead page for every caller."""
    return [
        ({}, True),
        ({"grades": ["H"]}, True),
        ({"grades": ["H", "A"], "first": 3}, True),
        ({"grades": []}, True),
        ({"grades": ["C"], "first": 1}, True),
        ({"first": 1}, True),
        ({"first": 100}, True),
        ({"first": 0}, False),  # refused: the executor says why
        ({"first": 101}, False),
        ({"after": "not a cursor"}, False),
        ({"grades": ["X"]}, False),  # not an IntentGrade
        ({"first": "ten"}, False),
        ({"last": 2}, False),  # not a variable of the document: ignored
    ]


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_the_lead_page_answers_as_the_executor_for_every_caller(
    world: World, caller: str
) -> None:
    reads = caller in READERS
    for variables, compiled in _page_variables(world):
        if variables == {"last": 2}:
            compiled = True  # an unknown variable is ignored by both
        answer = await both(world, caller, LEAD_PAGE, variables, compiled=compiled and reads)
        if reads and compiled and "errors" not in answer:
            assert "leads" in answer["data"]
    # Page on from the first page's end cursor, twice, as a client would.
    cursor: str | None = None
    for _ in range(3):
        variables = {"first": 2} | ({"after": cursor} if cursor else {})
        answer = await both(world, caller, LEAD_PAGE, variables, compiled=reads)
        if not reads:
            return
        info = answer["data"]["leads"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        cursor = info["endCursor"]


async def test_phones_are_masked_for_all_but_the_customers_owner(world: World) -> None:
    own = await both(world, "ann", LEAD_PAGE, {"first": 100}, compiled=True)
    managed = await both(world, "boss", LEAD_PAGE, {"first": 100}, compiled=True)
    mine = {n["id"]: n["customer"] for n in own["data"]["leads"]["nodes"]}
    seen = {n["id"]: n["customer"] for n in managed["data"]["leads"]["nodes"]}
    assert mine and set(mine) < set(seen)
    for lead_id, customer in mine.items():
        assert customer["phoneMasked"] is False and "*" not in customer["phone"]
        assert seen[lead_id]["phoneMasked"] is True
        assert seen[lead_id]["phone"].count("*") >= 1
    # A Hong Kong number: 8 digits, the first 3 and last 4 kept.
    assert "912*4567" in {c["phone"] for c in seen.values()}
    tags = [c["tags"] for c in mine.values() if c["tags"]]
    assert tags == [[{"tag": "vip", "__typename": "CustomerTag"}, {"tag": "suv", "__typename": "CustomerTag"}, {"tag": "family", "__typename": "CustomerTag"}]]  # fmt: skip


async def test_no_caller_sees_another_groups_leads(world: World) -> None:
    west = {to_global_id("Lead", i) for i in world.leads["wes"]}
    for caller in READERS - {"wes"}:
        answer = await both(world, caller, LEAD_PAGE, {"first": 100}, compiled=True)
        ids = {n["id"] for n in answer["data"]["leads"]["nodes"]}
        assert not ids & west
    theirs = await both(world, "wes", LEAD_PAGE, {"first": 100}, compiled=True)
    assert {n["id"] for n in theirs["data"]["leads"]["nodes"]} == west


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_the_lead_card_answers_as_the_executor_for_every_caller(
    world: World, caller: str
) -> None:
    ids = [
        *(to_global_id("Lead", i) for owner in ("ann", "bob", "dan", "wes") for i in world.leads[owner][:2]),
        to_global_id("Lead", 10**9),  # no such lead
        "not-an-id",
        to_global_id("Lead", 0),  # not an id the API makes
    ]  # fmt: skip
    for lead_id in ids:
        await both(world, caller, LEAD_CARD, {"id": lead_id}, compiled=True)
    # Another type's id: the node is that object, which the executor shows.
    customer = to_global_id("Customer", world.customer_id)
    await both(world, caller, LEAD_CARD, {"id": customer}, compiled=False)
    await both(world, caller, LEAD_CARD, {}, compiled=False)  # $id missing


async def test_the_card_shows_follow_ups_oldest_first_and_nulls(world: World) -> None:
    answer = await both(
        world, "ann", LEAD_CARD, {"id": to_global_id("Lead", world.leads["ann"][2])}, compiled=True
    )
    node = answer["data"]["node"]
    assert [f["content"][:9] for f in node["followUps"]] == ["contact 0", "contact 1", "contact 2"]
    assert node["followUps"][0]["result"] is None
    hidden = await both(
        world, "ann", LEAD_CARD, {"id": to_global_id("Lead", world.leads["bob"][0])}, compiled=True
    )
    assert hidden["data"] == {"node": None}


async def test_an_unmapped_field_or_a_directive_runs_on_the_executor(world: World) -> None:
    documents = {
        "query Unmapped { leads(first: 5) { nodes { id vehicleModel { name } } } }": False,
        "query Skip($s: Boolean = false) { leads(first: 5) { nodes { id stage @skip(if: $s) } } }": False,
        "query Total { leads(first: 5, order: NEWEST) { totalCount edges { cursor node { id } } pageInfo { hasPreviousPage startCursor } } }": True,
        'query Search { leads(first: 5, filter: {search: "Customer"}) { nodes { id } } }': True,
        'query ById { lead(id: "TGVhZDox") { id stage owner { name } } }': True,
        "query Defaults { leads { nodes { id } pageInfo { endCursor } } }": True,
        "query Twice { a: leads(first: 2) { nodes { id } } b: leads(first: 3, order: OLDEST) { nodes { ... on Lead { id stage } } } }": True,
    }  # fmt: skip
    bodies = documents
    async with system_transaction():
        await register(
            [NewDocument(body=b) for b in bodies],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    for body, compiled in bodies.items():
        for caller in ("ann", "boss"):
            # A search filter is a key the compiler leaves to the executor.
            expected = compiled and "search" not in body
            await both(world, caller, document_id_of(body), {}, compiled=expected)
        await both(world, "care", document_id_of(body), {}, compiled=False)


async def test_a_value_only_the_executor_shows_sends_the_request_to_the_executor(
    world: World, database: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A stored phone outside E.164 (only the parser masks it): the
    statement stops, and the executor answers the request whole, in a new
    transaction. The warning it logs names no phone: the manager who asked
    may not see it, nor may whoever reads the logs."""
    admin = await asyncpg.connect(ADMIN_DSN.rsplit("/", 1)[0] + "/" + _database_name(database))
    lead = world.leads["ann"][1]
    try:
        await admin.execute(
            "UPDATE customer SET phone = '02112345678' WHERE id = "
            "(SELECT customer_id FROM lead WHERE id = $1)",
            lead,
        )
        with caplog.at_level("WARNING", logger="saas"):
            answer = await both(world, "boss", LEAD_PAGE, {"first": 100}, compiled=False)
        phones = {n["customer"]["phone"] for n in answer["data"]["leads"]["nodes"]}
        assert "021****5678" in phones
        warned = [r.getMessage() for r in caplog.records if "compiled" in r.getMessage()]
        assert warned, "the fallback is logged"
        assert not any("2112345678" in line for line in warned), warned
        await both(world, "ann", LEAD_PAGE, {"first": 100}, compiled=True)  # her own: unmasked
        # (An unknown enum value takes the same way out; the executor then
        # answers an INTERNAL error (ours: a value the schema cannot show),
        # which would count in this process's metrics that
        # tests/schema/test_http.py reads.)
    finally:
        await admin.execute(
            "UPDATE customer SET phone = '+8613900000002' WHERE id = "
            "(SELECT customer_id FROM lead WHERE id = $1)",
            lead,
        )
        await admin.close()
    await both(world, "boss", LEAD_PAGE, {"first": 100}, compiled=True)


async def test_get_requests_compile_and_anonymous_ones_run_on_the_executor(world: World) -> None:
    params = {"documentId": LEAD_PAGE, "variables": json.dumps({"first": 2})}
    headers = {"authorization": f"Bearer {world.tokens['ann']}"}
    fast = await world.compiled.get("/graphql", params=params, headers=headers)
    slow = await world.executor.get("/graphql", params=params, headers=headers)
    assert fast.headers["server-timing"] == COMPILED_PLAN
    assert (fast.status_code, fast.json()) == (slow.status_code, slow.json())
    assert len(fast.json()["data"]["leads"]["nodes"]) == 2
    anonymous = await world.compiled.post("/graphql", json={"documentId": LEAD_PAGE})
    assert anonymous.headers["server-timing"] == EXECUTOR_PLAN
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_timestamps_enums_and_ids_print_as_the_executor_prints_them(
    database: Settings,
) -> None:
    conn = await asyncpg.connect(database.database_url)
    try:
        for moment in (
            datetime(2026, 12, 7, 10, 0, tzinfo=UTC),
            datetime(2026, 12, 7, 10, 0, 0, 1, tzinfo=UTC),
            datetime(2026, 12, 7, 23, 59, 59, 500000, tzinfo=UTC),
            datetime(1900, 1, 1, tzinfo=UTC),
            datetime(2999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
            datetime(2026, 3, 29, 2, 30, tzinfo=timezone(timedelta(hours=8))),
        ):
            printed = await conn.fetchval(f"SELECT {sql.iso_timestamp('$1::timestamptz')}", moment)
            assert printed == moment.astimezone(UTC).isoformat()
            key = await conn.fetchval(f"SELECT {sql.cursor('$1::bigint', '$2::timestamptz')}", 7, moment)  # fmt: skip
            assert key == encode_cursor(7, moment.astimezone(UTC))
        assert await conn.fetchval(f"SELECT {sql.cursor('$1::bigint', None)}", 2**62) == encode_cursor(2**62)  # fmt: skip
        assert await conn.fetchval(f"SELECT {sql.global_id('Lead', '$1::bigint')}", 2**62) == to_global_id("Lead", 2**62)  # fmt: skip
        stage = sql.enum_name("$1::text", {"first_contact": "FIRST_CONTACT"})
        assert await conn.fetchval(f"SELECT {stage}", "first_contact") == "FIRST_CONTACT"
        assert await conn.fetchval(f"SELECT {stage}", None) is None
        with pytest.raises(ANOMALY_ERRORS):  # the executor shows what it shows for it
            await conn.fetchval(f"SELECT {stage}", "haggling")
    finally:
        await conn.close()


def _database_name(settings: Settings) -> str:
    return settings.database_url.rsplit("/", 1)[1].split("?")[0]


def test_a_document_is_compiled_once_per_process() -> None:
    documents = CompiledDocuments(schema._schema, 102400)
    page = Document(LEAD_PAGE, "LeadPage", "query", BODIES["LeadPage"])
    plan = documents.plan(page)
    assert plan is not None and documents.plan(page) is plan
    unmapped = "query Models { leads(first: 5) { nodes { vehicleModel { name } } } }"
    other = Document(document_id_of(unmapped), "Models", "query", unmapped)
    assert documents.plan(other) is None and documents.plan(other) is None
    assert CompiledDocuments(schema._schema, 102400, enabled=False).plan(page) is None


# --- random selections of the page's mapped fields ---------------------------------

LEAD_FIELDS = [
    "id", "sourceChannel", "intentGrade", "status", "stage", "isImportant", "budgetMin",
    "budgetMax", "expectedPurchaseDate", "nextFollowUpAt", "nextFollowUpReason", "cadenceDueAt",
    "dueAt", "firstFollowUpAt", "lastFollowUpAt", "followUpCount", "lostReason", "lostNote",
    "closedAt", "version", "createdAt", "campaignId", "statusGrade", "overdue", "__typename",
]  # fmt: skip
NESTED = {
    "customer": ["id", "archiveNo", "name", "city", "phone", "phoneMasked", "__typename",
                 "tags { tag kind addedAt removedAt }", "owner { id name }", "store { code }"],
    "owner": ["id", "name"],
    "store": ["id", "code", "name"],
    "lastFollowUp": ["id", "channel", "happenedAt", "content", "result", "gradeBefore",
                     "gradeAfter", "stageBefore", "stageAfter", "nextFollowUpAt",
                     "nextFollowUpReason", "leadId"],
    "followUps": ["happenedAt", "channel", "content", "leadId"],
}  # fmt: skip
PAGE_INFO = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"]


@st.composite
def lead_pages(draw: st.DrawFn) -> str:
    fields = draw(st.lists(st.sampled_from(LEAD_FIELDS), min_size=1, max_size=8, unique=True))
    for name, inner in NESTED.items():
        if draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(inner), min_size=1, max_size=4, unique=True))
            fields.append(f"{name} {{ {' '.join(chosen)} }}")
    alias = draw(st.sampled_from(["", "rows: "]))
    info = draw(st.lists(st.sampled_from(PAGE_INFO), max_size=3, unique=True))
    parts = [f"{alias}nodes {{ {' '.join(fields)} }}"]
    # Both cursors, for paging on from this page either way.
    parts.append(f"pageInfo {{ startCursor endCursor {' '.join(info)} }}")
    if draw(st.booleans()):
        parts.append("edges { cursor node { id } }")
    order = draw(st.sampled_from(["NEWEST", "OLDEST", "DUE_SOONEST"]))
    return (
        "query PageSelection($first: Int, $after: String, $last: Int, $before: String, "
        "$grades: [IntentGrade!]) {\n"
        f"  leads(first: $first, after: $after, last: $last, before: $before, order: {order}, "
        f"filter: {{grades: $grades}}) {{ {' '.join(parts)} }}\n}}"
    )


@settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=lead_pages(),
    caller=st.sampled_from(["ann", "boss", "sam", "exec", "cat"]),
    size=st.sampled_from([None, 1, 2, 5]),
    backward=st.booleans(),
    grades=st.sampled_from([None, ["H"], ["A", "B"]]),
)
async def test_random_selections_of_the_page_answer_as_the_executor(
    world: World,
    body: str,
    caller: str,
    size: int | None,
    backward: bool,
    grades: list[str] | None,
) -> None:
    async with system_transaction():
        await register(
            [NewDocument(body=body)],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    document = document_id_of(body)
    variables: dict[str, Any] = {"last" if backward else "first": size, "grades": grades}
    answer = await both(world, caller, document, variables, compiled=True)
    info = answer["data"]["leads"]["pageInfo"]
    if info["endCursor"] is None:
        return
    # On from this page, either way, and a window between its two cursors.
    after, before = {"after": info["endCursor"]}, {"before": info["startCursor"]}
    await both(world, caller, document, variables | after, compiled=True)
    await both(world, caller, document, variables | before, compiled=True)
    window = {"after": info["startCursor"], "before": info["endCursor"], "grades": grades}
    await both(world, caller, document, window | {"first": size}, compiled=True)
    await both(world, caller, document, window | {"last": size}, compiled=True)
    # Both sizes at once: the executor refuses it, and answers it.
    await both(world, caller, document, {"first": 2, "last": 2}, compiled=False)


def test_both_paths_were_checked(world: World) -> None:
    assert world.checked["compiled"] > 150
    assert world.checked["executor"] > 50
