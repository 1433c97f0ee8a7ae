"""A batch of OEM leads lands set-wise, with the outcome of sending the same
leads one by one: routing by load, dedup by phone (merged archives included),
the owner rule chain, archive numbers, history and events. Its statements do
not grow with its size, and a batch that races another for a phone keeps
nothing and lands when sent again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from saas.crm.catalog import set_product_lines
from saas.crm.customers import CustomerFields, create_customer, merge_customers
from saas.crm.repository import (
    CustomerRepository,
    LeadAssignmentRepository,
    LeadEventRepository,
    LeadRepository,
)
from saas.crm.vocabulary import IntentGrade
from saas.events.repository import DomainEventRepository
from saas.models import DistributedLead, SlaEvent, User
from saas.oem.distribution import distribute_rows
from saas.oem.types import BulkResult, LeadOrder
from saas.tenancy.rls import acting_in_tenant, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import OWNER, Api
from tests.crm.test_showroom_day import count_queries
from tests.factories import (
    actor_for,
    gid,
    make_group,
    make_lead,
    make_oem,
    make_store,
    make_user,
    make_vehicle_model,
)

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


class Rollback(Exception):
    pass


@pytest.fixture
async def world(settings):  # type: ignore[no-untyped-def]
    """Two dealer groups. EAST: SH-1 (three consultants, Bob sells the
    Meridian), SH-2 (one), HZ-1 (nobody to assign to). SOUTH: GZ-1. EAST knows
    some phones already: one with an open lead at SH-1, one archive without an
    owner, and one archive merged into another."""
    oem = await make_oem("HUAXIA", ["Huaxia"])
    east, south = await make_group("EAST"), await make_group("SOUTH")
    sh1 = await make_store(east, "SH-1", city="Shanghai", region="East", brands=["Huaxia"])
    sh2 = await make_store(east, "SH-2", city="Shanghai", region="East", brands=["Huaxia"])
    hz = await make_store(east, "HZ-1", city="Hangzhou", region="East", brands=["Huaxia"])
    gz = await make_store(south, "GZ-1", city="Guangzhou", region="South", brands=["Huaxia"])
    meridian = await make_vehicle_model(series="Meridian")
    ann = await make_user("ann@east.test", group=east, role=Role.CONSULTANT, store=sh1)
    bob = await make_user("bob@east.test", group=east, role=Role.CONSULTANT, store=sh1)
    await make_user("cat@east.test", group=east, role=Role.CONSULTANT, store=sh1)
    await make_user("dan@east.test", group=east, role=Role.CONSULTANT, store=sh2)
    await make_user("guo@south.test", group=south, role=Role.CONSULTANT, store=gz)
    boss = await make_user("boss@east.test", group=east, role=Role.SHOWROOM_MANAGER, store=sh1)
    await make_user("boss2@east.test", group=east, role=Role.SHOWROOM_MANAGER, store=sh2)
    manager = await actor_for(boss)
    async with tenant_transaction(east.id):
        await set_product_lines(manager, sh1.id, bob.id, ["Meridian"])
    await make_lead(ann, sh1, phone="13900000001", name="Already Here")
    async with tenant_transaction(east.id):
        await create_customer(manager, sh1.id, CustomerFields(name="No Owner", phone="13900000002"))
        kept = await create_customer(
            manager, sh1.id, CustomerFields(name="Kept", phone="13900000004")
        )
        gone = await create_customer(
            manager, sh1.id, CustomerFields(name="Merged", phone="13900000003")
        )
        await merge_customers(manager, kept.id, gone.id, "same person")
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    return oem, east, south, {"sh1": sh1, "sh2": sh2, "hz": hz, "gz": gz}, meridian, desk


def _orders(stores: dict[str, Any], meridian_id: int) -> list[LeadOrder]:
    def order(ref: str, phone: str, **where: object) -> LeadOrder:
        return LeadOrder(ref, f"Customer {ref}", phone, "Huaxia", **where)  # type: ignore[arg-type]

    return [
        order("A-1", "13700000001", city="Shanghai"),
        order("A-2", "13700000002", city="Shanghai"),
        order("A-3", "13700000003", city="Shanghai", vehicle_model_id=meridian_id),
        order("A-4", "13700000004", city="Shanghai"),
        order("A-5", "13700000001", city="Shanghai"),  # loads even: SH-1 again, DUPLICATE
        order("A-6", "13700000001", store_id=stores["sh2"].id),  # attached to A-1's archive
        order("A-7", "13900000001", store_id=stores["sh1"].id),  # the dealer's open lead
        order("A-8", "13900000001", store_id=stores["sh2"].id),  # known customer, new store
        order("A-9", "13900000002", city="Shanghai"),  # archive without owner gets one
        order("A-10", "13900000003", store_id=stores["sh2"].id),  # merged: the kept archive
        order("A-11", "13700000011", city="Hangzhou"),  # nobody to assign
        order("A-12", "13700000012", region="South"),
        order("A-13", "13700000013", city="Guangzhou"),
        order("A-2", "13700000099", city="Shanghai"),  # the reference again
        order("A-14", "not a phone", city="Shanghai"),
        order("A-15", "13700000015", city="Lhasa"),
        order("A-16", "13700000016", city="Shanghai", vehicle_model_id=999_999),
        order("A-17", "13700000017", city="Shanghai", intent_grade=IntentGrade.H),
        order("A-18", "13700000013", city="Guangzhou"),  # DUPLICATE of A-13 in this batch
    ] + [order(f"B-{i}", f"1360000{i:04d}", city="Shanghai") for i in range(12)]


async def _outcome(oem_id: int, groups: list[int], orders: list[LeadOrder], one_by_one: bool):  # type: ignore[no-untyped-def]
    """Distribute in a transaction, describe everything it wrote without ids,
    and roll it back."""
    described: dict[str, Any] = {}
    try:
        async with tenant_transaction(None, oem_id):
            if one_by_one:
                result = BulkResult()
                for i, order in enumerate(orders):
                    one = await distribute_rows(oem_id, [order], now=NOW, first_row=i + 1)
                    result.distributed += one.distributed
                    result.problems += one.problems
            else:
                result = await distribute_rows(oem_id, orders, now=NOW)
            described = await _describe(result, groups)
            raise Rollback
    except Rollback:
        pass
    return described


async def _describe(result: BulkResult, groups: list[int]) -> dict[str, Any]:
    emails = dict(await User.all().values_list("id", "email"))
    rows = {d.id: d for d in await DistributedLead.all()}
    answer: dict[str, Any] = {
        "results": [
            (d.distributed.external_ref, d.created, d.distributed.status, d.distributed.store_code)
            for d in result.distributed
        ],
        "problems": [(p.row, p.external_ref, p.path, p.message) for p in result.problems],
        "sla": sorted(
            (
                rows[e.distributed_lead_id].external_ref,
                e.kind,
                str(e.data.get("user_id") and emails[e.data["user_id"]]),
            )
            for e in await SlaEvent.all()
        ),  # fmt: skip
        "leads": {},
        "customers": {},
    }
    for tenant_id in groups:
        async with acting_in_tenant(tenant_id):
            customers = {c.id: c for c in await CustomerRepository(tenant_id).query()}
            answer["customers"][tenant_id] = sorted(
                (c.phone, c.archive_no, c.name, emails.get(c.owner_id), c.merged_into_id is None)
                for c in customers.values()
            )
            assignments = {
                a.lead_id: a.reason for a in await LeadAssignmentRepository(tenant_id).query()
            }
            history = {
                e.lead_id: e.kind
                for e in await LeadEventRepository(tenant_id).query().filter(kind="created")
            }
            events: dict[int, list[str]] = {}
            for lead_id, kind in (
                await DomainEventRepository(tenant_id).query().values_list("lead_id", "kind")
            ):
                events.setdefault(lead_id, []).append(kind)
            for lead in await LeadRepository(tenant_id).query().filter(is_distributed=True):
                ref = next(d.external_ref for d in rows.values() if d.lead_id == lead.id)
                answer["leads"][ref] = (
                    customers[lead.customer_id].phone,
                    emails.get(lead.owner_id),
                    assignments.get(lead.id),
                    history.get(lead.id),
                    sorted(events.get(lead.id, [])),
                    lead.intent_grade,
                    lead.cadence_due_at,
                    lead.status,
                )
    return answer


async def test_a_batch_lands_as_the_same_leads_sent_one_by_one(world) -> None:  # type: ignore[no-untyped-def]
    oem, east, south, stores, meridian, _ = world
    orders = _orders(stores, meridian.id)
    batch = await _outcome(oem.id, [east.id, south.id], orders, one_by_one=False)
    single = await _outcome(oem.id, [east.id, south.id], orders, one_by_one=True)
    assert batch == single

    # And that outcome is the one the rules call for.
    results = {ref: (created, status, store) for ref, created, status, store in batch["results"]}
    assert results["A-1"] == (True, "active", "SH-1")
    assert results["A-5"] == (True, "duplicate", "SH-1")  # A-1 is open there
    assert results["A-6"] == (True, "active", "SH-2")
    assert results["A-7"] == (True, "duplicate", "SH-1")
    assert results["A-8"] == (True, "active", "SH-2")
    assert results["A-11"] == (True, "active", "HZ-1")
    assert results["A-12"][2] == results["A-13"][2] == "GZ-1"
    assert results["A-18"] == (True, "duplicate", "GZ-1")
    assert [r for r in batch["results"] if r[0] == "A-2"] == [
        ("A-2", True, "active", "SH-2"),
        ("A-2", False, "active", "SH-2"),  # the reference again: the first one, not created
    ]
    assert [(row, path[-1]) for row, _, path, _ in batch["problems"]] == [
        (15, "phone"), (16, "storeId"), (17, "vehicleModelId"),
    ]  # fmt: skip
    # Routing by load: after the twelve B leads, the Shanghai stores hold as
    # many of the OEM's open leads as can be (A-2 appears twice, once created).
    active = [s for _, created, status, s in batch["results"] if created and status == "active"]
    assert abs(active.count("SH-1") - active.count("SH-2")) <= 1, active

    leads = batch["leads"]
    assert "A-7" not in leads and "A-5" not in leads  # duplicates open no lead
    assert leads["A-3"][1] == "bob@east.test" and "product line Meridian" in leads["A-3"][2]
    assert leads["A-11"][1] is None and leads["A-11"][2] is None  # waits for assignment
    sh1_owners = [lead[1] for ref, lead in leads.items() if ref.startswith("B-") and lead[1]]
    spread = {e: sh1_owners.count(e) for e in ("ann@east.test", "bob@east.test", "cat@east.test")}
    assert max(spread.values()) - min(spread.values()) <= 1, spread  # load, then round-robin
    assert leads["A-1"][4] == ["lead.assigned", "lead.created"]
    assert leads["A-17"][6] < leads["A-1"][6]  # an H lead is due sooner by the cadence
    # share one new archive, A-8 joined the dealer's customer,
    # A-10 the archive its phone was merged into; the ownerless archive went
    # to A-9's consultant.
    east_customers = {c[0]: c for c in batch["customers"][east.id]}
    assert leads["A-1"][0] == leads["A-6"][0] == "+8613700000001"
    assert [c[0] for c in batch["customers"][east.id]].count("+8613700000001") == 1
    assert leads["A-8"][0] == "+8613900000001"
    assert leads["A-10"][0] == "+8613900000004"
    assert east_customers["+8613900000002"][3] == leads["A-9"][1] is not None
    numbers = sorted(c[1] for c in batch["customers"][east.id] if c[1].startswith("SH-1"))
    assert len(numbers) == len(set(numbers)) and numbers[-1] == f"SH-1-{len(numbers):06d}"
    assert ("A-1", "received", "None") in batch["sla"] and ("A-11", "assigned", "None") not in {
        (ref, kind, "None") for ref, kind, _ in batch["sla"]
    }


async def test_statements_do_not_grow_with_the_batch(world) -> None:  # type: ignore[no-untyped-def]
    oem, east, south, stores, meridian, _ = world
    counts = {}
    for size in (12, 120):
        orders = [
            LeadOrder(
                f"S{size}-{i}",
                "Customer",
                f"135{size:03d}{i:05d}",
                "Huaxia",
                city=("Shanghai", "Hangzhou", "Guangzhou")[i % 3],
            )  # fmt: skip
            for i in range(size)
        ]
        with count_queries() as queries:
            try:
                async with tenant_transaction(None, oem.id):
                    result = await distribute_rows(oem.id, orders, now=NOW)
                    raise Rollback
            except Rollback:
                pass
        assert len(result.distributed) == size and not result.problems
        counts[size] = len(queries)
    assert counts[12] == counts[120], counts


DISTRIBUTE_MANY = """mutation($input: DistributeLeadsInput!) { distributeLeads(input: $input) {
  __typename ... on LeadsDistributed { distributed { created distributedLead { externalRef status } } }
  ... on ConflictError { message } } }"""


async def test_a_batch_that_races_another_for_a_phone_keeps_nothing_and_lands_when_resent(
    api: Api, world
) -> None:  # type: ignore[no-untyped-def]
    oem, east, _, stores, _, _ = world
    desk = await api.login("desk@huaxia.test")

    def batch(prefix: str) -> dict[str, Any]:
        return {"leads": [
            {"externalRef": f"{prefix}-1", "customerName": "Race", "phone": "13711112222",
             "brand": "Huaxia", "storeId": gid(stores["sh1"])},
            {"externalRef": f"{prefix}-2", "customerName": "Other", "phone": f"1371111{len(prefix):04d}",
             "brand": "Huaxia", "storeId": gid(stores["sh2"])},
        ]}  # fmt: skip

    # Both requests read the group before either writes: hold them at the
    # archive counters until both wait there.
    owner = OWNER[0]
    async with owner.transaction():
        await owner.execute('LOCK TABLE "store_counter" IN SHARE ROW EXCLUSIVE MODE')
        first = asyncio.create_task(api.gql(DISTRIBUTE_MANY, {"input": batch("X")}, desk))
        second = asyncio.create_task(api.gql(DISTRIBUTE_MANY, {"input": batch("YY")}, desk))
        for _ in range(200):
            waiting = await owner.fetchval(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'store_counter'::regclass"
            )
            if waiting == 2:
                break
            await asyncio.sleep(0.05)
        assert waiting == 2
    answers = [(await first)["distributeLeads"], (await second)["distributeLeads"]]
    kinds = sorted(a["__typename"] for a in answers)
    assert kinds == ["ConflictError", "LeadsDistributed"], answers
    lost = next(a for a in answers if a["__typename"] == "ConflictError")
    assert "send the batch again" in lost["message"]
    won_prefix, lost_prefix = ("X", "YY") if answers[0] is not lost else ("YY", "X")

    async with tenant_transaction(None, oem.id):
        refs = set(await DistributedLead.all().values_list("external_ref", flat=True))
        assert {f"{won_prefix}-1", f"{won_prefix}-2"} <= refs
        assert not {f"{lost_prefix}-1", f"{lost_prefix}-2"} & refs  # nothing half-written
    async with tenant_transaction(east.id):
        phones = await CustomerRepository(east.id).query().values_list("phone", flat=True)
        assert phones.count("+8613711112222") == 1
        assert len(phones) == len(set(phones))

    again = (await api.gql(DISTRIBUTE_MANY, {"input": batch(lost_prefix)}, desk))["distributeLeads"]
    assert [(d["created"], d["distributedLead"]["status"]) for d in again["distributed"]] == [
        (True, "DUPLICATE"),  # the winner's lead for that phone is open at SH-1
        (True, "ACTIVE"),
    ]


async def test_a_bulk_answer_for_every_row_fits_the_node_budget(api: Api, world) -> None:  # type: ignore[no-untyped-def]
    """1,000 leads with their distributed lead each: 2,001 nodes, over the
    2,000 a query may touch, within what a bulk answer may add per row."""
    oem, east, _, stores, _, _ = world
    desk = await api.login("desk@huaxia.test")
    leads = [
        {"externalRef": f"BULK-{i}", "customerName": "Bulk", "phone": f"1372{i:07d}",
         "brand": "Huaxia", "storeId": gid(stores["sh1"])}
        for i in range(1000)
    ]  # fmt: skip
    answer = (await api.gql(DISTRIBUTE_MANY, {"input": {"leads": leads}}, desk))["distributeLeads"]
    assert [d["distributedLead"]["externalRef"] for d in answer["distributed"]] == [
        f"BULK-{i}" for i in range(1000)
    ]
