"""The compiled customer timeline answers exactly what the executor answers.

As in `test_compiled_crm`: two apps over the same database, COMPILED_DOCUMENTS
on and off; every request goes to both by its registered document's id, the
answers must be equal after JSON decoding with the same status, and the
Server-Timing header says which path answered. The summaries are Python's
f-strings: the customer with every kind of entry holds the values whose text
is easy to get wrong (long multi-byte content, a NULL or empty VIN, an empty
cancel reason, prices, entries at the same time).

The tests of this module share one world (`shared_database`).
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from saas.documents.service import NewDocument, document_id_of
from saas.documents.service import register_documents as register
from saas.models import (
    Complaint,
    Customer,
    CustomerMessage,
    CustomerTag,
    FollowUp,
    InsurancePolicy,
    Order,
    ServiceRecord,
    Survey,
    Vehicle,
)
from saas.models import (
    TestDrive as Drive,
)
from saas.schema import schema
from saas.schema.documents.register import schema_problems
from saas.schema.relay import to_global_id
from saas.settings import Settings
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api, empty_database
from tests.factories import (
    make_lead,
    make_vehicle_model,
)
from tests.schema.compiled.pair import (
    BODIES,
    app_pair,
    both,
    caller_email,
    make_cast,
    register_manifest,
)

pytestmark = pytest.mark.shared_database

TIMELINE = document_id_of(BODIES["CustomerTimeline"])

CALLERS = {
    "ann": Role.CONSULTANT,  # owns the full customer (SH-1)
    "bob": Role.CONSULTANT,  # SH-1, owns nothing here
    "dan": Role.CONSULTANT,  # SH-2
    "boss": Role.SHOWROOM_MANAGER,
    "sam": Role.SALES_MANAGER,  # SH-2
    "exec": Role.GROUP_EXECUTIVE,
    "admin": Role.GROUP_ADMIN,  # no customer:read
    "care": Role.CUSTOMER_ADMIN,
    "wes": Role.CONSULTANT,  # group WEST
    "oem": Role.OEM_DISTRIBUTOR,  # an OEM's user: no dealer group
}
# Who the compiled path answers (the others get the executor's error or,
# without a dealer group, its answer).
COMPILED = set(CALLERS) - {"admin", "oem"}

KINDS = {
    "lead", "follow_up", "test_drive", "order", "delivery", "order_cancelled", "vehicle",
    "service", "insurance", "complaint", "survey", "tag_added", "tag_removed", "message",
}  # fmt: skip
LONG = "保养说明🚗 " + "更换机油和滤芯，检查刹车片。" * 12 + "end"  # > 120 code points


WINDOW = (
    "query TimelineWindow($customerId: ID!, $first: Int, $after: String, $last: Int, "
    "$before: String) {\n  customerTimeline(customerId: $customerId, first: $first, "
    "after: $after, last: $last, before: $before) { __typename totalCount "
    "edges { __typename cursor node { kind objectId } } "
    "pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor } } }"
)


@dataclass
class World:
    compiled: httpx.AsyncClient
    executor: httpx.AsyncClient
    tokens: dict[str, str]
    customers: dict[str, int]
    checked: dict[str, int] = field(default_factory=lambda: {"compiled": 0, "executor": 0})


async def _every_kind(tenant_id: int, store_id: int, customer_id: int, lead_id: int) -> None:
    """Rows of every kind of entry for one customer, some at the same time."""
    model = await make_vehicle_model()
    at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    day = date(2026, 10, 1)
    mine = {"tenant_id": tenant_id, "store_id": store_id, "customer_id": customer_id}
    async with system_transaction():
        for k, content in enumerate(["called", LONG, "x" * 121, "", "同时"]):
            await FollowUp.create(
                **mine, lead_id=lead_id, channel="phone" if k % 2 else "wechat",
                happened_at=at if k >= 3 else at - timedelta(days=k + 1, microseconds=k),
                content=content,
            )  # fmt: skip
        await Drive.create(
            **mine, lead_id=lead_id, vehicle_model_id=model.id, scheduled_at=at - timedelta(days=9),
            status="done", completed_at=at - timedelta(days=8, hours=3),
        )  # fmt: skip
        await Drive.create(
            **mine, lead_id=lead_id, vehicle_model_id=model.id, scheduled_at=at + timedelta(days=3),
            status="scheduled",
        )  # fmt: skip
        orders = [
            # (price, delivered, cancelled, reason)
            (Decimal("189800.00"), at, None, None),  # signed and delivered at the same time
            (Decimal("0.5"), None, at - timedelta(days=1), ""),
            (Decimal("100000"), None, at + timedelta(hours=1), "customer changed his mind 改主意"),
            (Decimal("-12.5"), None, None, None),
        ]
        for price, delivered, cancelled, reason in orders:
            await Order.create(
                **mine, lead_id=lead_id, vehicle_model_id=model.id, price=price,
                payment_method="loan", status="signed", signed_at=at, delivered_at=delivered,
                cancelled_at=cancelled, cancel_reason=reason,
            )  # fmt: skip
        vehicles = []
        for vin, name in [(None, "Aurora 2.0T"), ("", "极光 EV"), ("LSVAU2180N2123456", "Aurora")]:
            vehicles.append(
                await Vehicle.create(
                    **mine,
                    vin=vin,
                    model_name=name,
                    purchase_date=day,
                    purchase_channel="this_store",
                )
            )
        await ServiceRecord.create(
            **mine, vehicle_id=vehicles[0].id, kind="maintenance", service_date=day,
            mileage_km=5000, content=LONG, cost=Decimal("480.00"),
        )  # fmt: skip
        await ServiceRecord.create(
            **mine, vehicle_id=vehicles[0].id, kind="repair", service_date=date(1999, 1, 2),
            mileage_km=0, content="short", cost=Decimal("1"),
        )  # fmt: skip
        await InsurancePolicy.create(
            **mine, vehicle_id=vehicles[0].id, insurer="平安 Insurance", start_date=day,
            expiry_date=date(2027, 9, 30), premium=Decimal("5200"),
        )  # fmt: skip
        await Complaint.create(
            **mine, channel="phone", severity="high", status="in_progress", description=LONG,
            created_at=at,
        )  # fmt: skip
        await Survey.create(
            **mine, kind="delivery", product_score=9, attitude_score=10, after_sales_score=8,
            created_at=at - timedelta(hours=5),
        )  # fmt: skip
        await CustomerTag.create(**mine, tag="vip", kind="static", created_at=at)
        await CustomerTag.create(
            **mine, tag="价格敏感", kind="dynamic", created_at=at - timedelta(days=30),
            removed_at=at - timedelta(days=2),
        )  # fmt: skip
        for n, channel in enumerate(["sms", "wechat"]):
            await CustomerMessage.create(
                **mine, lead_id=lead_id, kind="thank_you", channel=channel,
                recipient="+8613900000001", text=f"谢谢光临 {n} \"quoted\"", sent_at=at,
                trigger="crm.thank_you", dedup_key=f"thanks-{customer_id}-{n}",
            )  # fmt: skip


@pytest.fixture(scope="module")
async def world(database: Settings) -> AsyncIterator[World]:
    await empty_database(database)
    cast = await make_cast(CALLERS)
    east, sh1, sh2, w1, users = cast.east, cast.sh1, cast.sh2, cast.w1, cast.users
    now = datetime.now(UTC)
    full = await make_lead(users["ann"], sh1, name="Full", phone="+8613900000001", now=now)
    theirs = await make_lead(users["dan"], sh2, name="Dan's", phone="+8613900000002", now=now)
    west_lead = await make_lead(users["wes"], w1, name="West", phone="+8613900000003", now=now)
    odd_message = await make_lead(users["ann"], sh1, name="Odd", phone="+8613900000004", now=now)
    odd_date = await make_lead(users["ann"], sh1, name="Far", phone="+8613900000005", now=now)
    await _every_kind(east.id, sh1.id, full.customer.id, full.lead.id)
    async with system_transaction() as conn:
        empty = await Customer.create(
            tenant_id=east.id, store_id=sh1.id, owner_id=users["ann"].id, archive_no="E-0",
            name="Nobody", phone="+8613900000009",
        )  # fmt: skip
        # A message of a kind the schema does not know: the executor fails on
        # it, so the compiled path leaves the request to the executor.
        await CustomerMessage.create(
            tenant_id=east.id, store_id=sh1.id, customer_id=odd_message.customer.id,
            kind="birthday", channel="sms", recipient="+8613900000004", text="hi",
            sent_at=now, trigger="x", dedup_key="odd",
        )  # fmt: skip
        # A date Python reads as another (infinity): left to the executor too.
        far = await Vehicle.create(
            tenant_id=east.id, store_id=sh1.id, customer_id=odd_date.customer.id,
            vin=None, model_name="Far", purchase_date=date(9999, 12, 31), purchase_channel="used",
        )  # fmt: skip
        await conn.execute_query(
            "UPDATE vehicle SET purchase_date = 'infinity' WHERE id = $1", [far.id]
        )
        await CustomerMessage.create(
            tenant_id=east.id, store_id=sh1.id, customer_id=odd_date.customer.id,
            kind="thank_you", channel="sms", recipient="+8613900000005", text="hi",
            sent_at=now, trigger="x", dedup_key="far",
        )  # fmt: skip
        await conn.execute_query(
            "UPDATE customer_message SET sent_at = 'infinity' WHERE dedup_key = 'far'"
        )
        await register_manifest()
        await register(
            [NewDocument(body=WINDOW)],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    async with app_pair(database) as (compiled, executor):
        api = Api(executor)
        tokens = {name: await api.login(caller_email(name)) for name in CALLERS}
        yield World(
            compiled,
            executor,
            tokens,
            {
                "full": full.customer.id,
                "theirs": theirs.customer.id,
                "west": west_lead.customer.id,
                "empty": empty.id,
                "odd_message": odd_message.customer.id,
                "odd_date": odd_date.customer.id,
            },
        )
    await empty_database(database)


def _customer_ids(world: World) -> list[str]:
    """The full customer, another store's, another group's, one without
    entries, another type's id, malformed ids."""
    return [
        to_global_id("Customer", world.customers["full"]),
        to_global_id("Customer", world.customers["theirs"]),
        to_global_id("Customer", world.customers["west"]),
        to_global_id("Customer", world.customers["empty"]),
        to_global_id("Lead", world.customers["full"]),
        to_global_id("Customer", 2**62),
        "not-an-id",
        "",
    ]


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_the_timeline_answers_as_the_executor_for_every_caller(
    world: World, caller: str
) -> None:
    compiled = caller in COMPILED
    for customer_id in _customer_ids(world):
        for variables, fine in [
            ({}, True),
            ({"first": 1}, True),
            ({"first": 100}, True),
            ({"first": None}, True),
            ({"after": "eyJpZCI6IDN9"}, True),  # {"id": 3}
            ({"after": "eyJpZCI6IDEwMDB9", "first": 2}, True),  # {"id": 1000}: past the end
            ({"first": 0}, False),
            ({"first": 101}, False),
            ({"after": "not a cursor"}, False),
            ({"after": "eyJpZCI6IC0xfQ=="}, False),  # {"id": -1}
        ]:
            await both(
                world,
                caller,
                TIMELINE,
                {"customerId": customer_id} | variables,
                compiled=compiled and fine,
            )
        # Page on from each page's end cursor, as a client would.
        cursor: str | None = None
        for _ in range(40):
            variables = {"customerId": customer_id, "first": 3}
            answer = await both(
                world,
                caller,
                TIMELINE,
                variables | ({"after": cursor} if cursor else {}),
                compiled=compiled,
            )
            if not compiled:
                break
            info = answer["data"]["customerTimeline"]["pageInfo"]
            if not info["hasNextPage"]:
                break
            cursor = info["endCursor"]


async def _all(world: World, caller: str, customer: str) -> list[dict[str, Any]]:
    variables = {"customerId": to_global_id("Customer", world.customers[customer]), "first": 100}
    answer = await both(world, caller, TIMELINE, variables, compiled=True)
    return answer["data"]["customerTimeline"]["nodes"]  # type: ignore[no-any-return]


async def test_every_kind_of_entry_reads_as_python_prints_it(world: World) -> None:
    nodes = await _all(world, "ann", "full")
    assert {n["kind"] for n in nodes} == KINDS
    summaries = {n["summary"] for n in nodes}
    assert {
        "owns Aurora 2.0T (VIN pending)",
        "owns 极光 EV (VIN pending)",
        "owns Aurora (LSVAU2180N2123456)",
        "order signed, 189800.00 yuan",
        "order signed, 0.50 yuan",
        "order signed, 100000.00 yuan",
        "order signed, -12.50 yuan",
        "order cancelled",
        "customer changed his mind 改主意",
        "car delivered",
        "test drive done",
        "test drive scheduled",
        f"wechat: {'x' * 120}",
        "phone: ",
        "repair at 0 km: short",
        "平安 Insurance until 2027-09-30",
        "delivery survey 9/10/8",
        "价格敏感",
        'thank_you by sms: 谢谢光临 0 "quoted"',
    } <= summaries
    assert f"phone: {LONG[:120]}" in summaries
    assert f"maintenance at 5000 km: {LONG[:120]}" in summaries
    assert f"high complaint (in_progress): {LONG[:120]}" in summaries
    # Newest first; at the same time by kind, then by id, both descending.
    keys = [(n["at"], n["kind"]) for n in nodes]
    assert keys == sorted(keys, reverse=True)
    same_time = [n["kind"] for n in nodes if n["at"] == "2026-11-02T09:30:00+00:00"]
    assert same_time == sorted(same_time, reverse=True)
    assert same_time.count("order") == 4 and same_time.count("message") == 2
    messages = [n for n in nodes if n["kind"] == "message"]
    assert [m["message"]["channel"] for m in messages] == ["WECHAT", "SMS"]
    assert all(n["message"] is None for n in nodes if n["kind"] != "message")
    # A tag names its customer; the rest the record they are about.
    customer = to_global_id("Customer", world.customers["full"])
    assert {n["objectId"] for n in nodes if n["kind"].startswith("tag_")} == {customer}
    assert [m["objectId"] for m in messages] == [m["message"]["id"] for m in messages]


async def test_others_see_nothing_of_a_customer_they_may_not_see(world: World) -> None:
    assert len(await _all(world, "boss", "full")) == len(await _all(world, "ann", "full"))
    assert len(await _all(world, "exec", "full")) == 28  # every row above
    for caller in ("bob", "dan", "sam", "wes"):
        assert await _all(world, caller, "full") == [], caller
    assert await _all(world, "ann", "theirs") == []
    assert [n["kind"] for n in await _all(world, "dan", "theirs")] == ["lead"]
    assert await _all(world, "wes", "theirs") == []
    assert await _all(world, "ann", "empty") == []


@pytest.mark.parametrize("customer", ["odd_message", "odd_date"])
async def test_values_only_the_executor_prints_leave_the_request_to_it(
    world: World, customer: str
) -> None:
    variables = {"customerId": to_global_id("Customer", world.customers[customer])}
    # Also where the document selects no message (the executor still reads it).
    for document in (TIMELINE, document_id_of(WINDOW)):
        for caller in ("ann", "boss"):
            await both(world, caller, document, variables, compiled=False)
        # Another caller's request for it (nothing visible) is still compiled.
        await both(world, "dan", document, variables, compiled=True)


async def test_backward_pages_and_windows_answer_as_the_executor(world: World) -> None:
    document = document_id_of(WINDOW)

    def position(n: int) -> str:
        return base64.urlsafe_b64encode(f'{{"id": {n}}}'.encode()).decode()

    for customer in ("full", "empty"):
        customer_id = to_global_id("Customer", world.customers[customer])
        for variables, fine in [
            ({"last": 3}, True),
            ({"last": 100}, True),
            ({"last": 3, "before": position(5)}, True),
            ({"last": 3, "before": position(1)}, True),
            ({"last": 3, "before": position(0)}, True),
            ({"last": 2, "before": position(500)}, True),
            ({"last": 5, "after": position(2), "before": position(6)}, True),
            ({"first": 5, "after": position(2), "before": position(4)}, True),
            ({"first": 5, "after": position(6), "before": position(2)}, True),
            ({"first": 5, "after": position(2**63 - 1)}, True),
            ({"last": 5, "before": position(2**63 - 1)}, True),
            ({"first": 2, "last": 2}, False),
            ({"last": 0}, False),
            ({"before": "nope", "last": 1}, False),
        ]:
            for caller in ("ann", "exec", "wes"):
                await both(
                    world, caller, document, {"customerId": customer_id} | variables, compiled=fine
                )


# --- random selections of the mapped fields ---------------------------------------

ENTRY_FIELDS = [
    "at", "kind", "summary", "objectId", "__typename",
    "message { id kind channel text sentAt recipient trigger leadId followUpId __typename }",
    "message { text }",
]  # fmt: skip
PAGE_INFO = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"]


@st.composite
def timeline_pages(draw: st.DrawFn) -> str:
    fields = draw(st.lists(st.sampled_from(ENTRY_FIELDS[:-1]), min_size=1, max_size=6, unique=True))
    alias = draw(st.sampled_from(["", "entries: "]))
    parts = [f"{alias}nodes {{ {' '.join(fields)} }}"]
    info = draw(st.lists(st.sampled_from(PAGE_INFO), max_size=4, unique=True))
    if info:
        parts.append(f"pageInfo {{ {' '.join(info)} }}")
    if draw(st.booleans()):
        node = draw(st.sampled_from(ENTRY_FIELDS))
        parts.append(f"edges {{ cursor node {{ {node} }} }}")
    if draw(st.booleans()):
        parts.append("totalCount")
    return (
        "query TimelineSelection($customerId: ID!, $first: Int, $after: String) {\n"
        "  customerTimeline(customerId: $customerId, first: $first, after: $after) "
        f"{{ {' '.join(draw(st.permutations(parts)))} }}\n}}"
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
    body=timeline_pages(),
    caller=st.sampled_from(["ann", "boss", "exec", "dan", "admin"]),
    customer=st.sampled_from(["full", "empty", "theirs"]),
    first=st.sampled_from([None, 1, 2, 7]),
)
async def test_random_selections_of_the_timeline_answer_as_the_executor(
    world: World, body: str, caller: str, customer: str, first: int | None
) -> None:
    async with system_transaction():
        await register(
            [NewDocument(body=body)],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    variables: dict[str, Any] = {
        "customerId": to_global_id("Customer", world.customers[customer]),
        "first": first,
    }
    compiled = caller in COMPILED
    answer = await both(world, caller, document_id_of(body), variables, compiled=compiled)
    if not compiled:
        return
    end = (answer["data"]["customerTimeline"].get("pageInfo") or {}).get("endCursor")
    if end is not None:
        await both(world, caller, document_id_of(body), variables | {"after": end}, compiled=True)


async def test_unmapped_fields_run_on_the_executor(world: World) -> None:
    documents = [
        "query M($c: ID!) { customerTimeline(customerId: $c) { nodes { message { store { id } } } } }",
        "query D($c: ID!) { customerTimeline(customerId: $c) { nodes @include(if: true) { kind } } }",
    ]  # fmt: skip
    async with system_transaction():
        await register(
            [NewDocument(body=b) for b in documents],
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=102400,
        )
    variables = {"c": to_global_id("Customer", world.customers["full"])}
    for body in documents:
        await both(world, "ann", document_id_of(body), variables, compiled=False)


def test_both_paths_were_checked(world: World) -> None:
    assert world.checked["compiled"] > 400
    assert world.checked["executor"] > 50
