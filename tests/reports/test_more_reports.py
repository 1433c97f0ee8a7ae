"""Funnel, H-list, period comparison and store comparison on hand-built data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from saas.crm.leads import LeadChanges, update_lead
from saas.crm.sales import complete_test_drive, schedule_test_drive
from saas.crm.vocabulary import FunnelStage, TestDriveStatus
from saas.errors import ValidationFailed
from saas.reports.service import funnel, h_list, period_comparison, store_comparison
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.crm.test_showroom_day import count_queries
from tests.factories import (
    actor_for,
    gid,
    make_group,
    make_lead,
    make_store,
    make_user,
    make_vehicle_model,
)

T = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
DAY = date(2026, 11, 10)


@pytest.fixture
async def stores(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    hz = await make_store(group, "HZ-1", city="Hangzhou", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=sh)
    hal = await make_user("hal@a.test", group=group, role=Role.CONSULTANT, store=hz)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=sh)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    return group, sh, hz, ann, hal, boss


async def test_funnel_counts_reach_and_flags_the_worst_step(stores) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _, boss = stores
    stages = [None, None, FunnelStage.NEEDS_ANALYSIS, FunnelStage.NEEDS_ANALYSIS, FunnelStage.VEHICLE_PRESENTATION,
              FunnelStage.TEST_DRIVE, FunnelStage.NEGOTIATION, FunnelStage.NEGOTIATION]  # fmt: skip
    actor = await actor_for(ann)
    for i, stage in enumerate(stages):
        lead = (await make_lead(ann, sh, phone=f"1390000{i:04d}", now=T)).lead
        if stage:
            async with tenant_transaction(group.id):
                await update_lead(actor, lead.id, LeadChanges(stage=stage))
    async with tenant_transaction(group.id):
        steps = await funnel(await actor_for(boss), sh.id, DAY, DAY + timedelta(days=1))
    assert [(s.stage, s.reached, s.conversion_percent) for s in steps] == [
        ("first_contact", 8, None),
        ("needs_analysis", 6, 75.0),
        ("vehicle_presentation", 4, 66.7),
        ("test_drive", 3, 75.0),
        ("negotiation", 2, 66.7),
        ("contract", 0, 0.0),
        ("delivery", 0, None),
    ]
    assert [s.stage for s in steps if s.worst] == ["contract"]


async def test_the_h_list_takes_h_leads_and_a_leads_that_test_drove(stores) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _, boss = stores
    model = await make_vehicle_model()
    hot = (await make_lead(ann, sh, phone="13900000001", grade="H")).lead
    warm_driven = (
        await make_lead(ann, sh, phone="13900000002", grade="A", vehicle_model=model)
    ).lead
    await make_lead(ann, sh, phone="13900000003", grade="A")  # no test drive
    await make_lead(ann, sh, phone="13900000004", grade="B")
    actor = await actor_for(ann)
    async with tenant_transaction(group.id):
        drive = await schedule_test_drive(actor, warm_driven.id, model.id, datetime.now(UTC))
        await complete_test_drive(actor, drive.id, TestDriveStatus.DONE, "good")
        listed = await h_list(await actor_for(boss), sh.id)
    assert {lead.id for lead in listed[ann.id]} == {hot.id, warm_driven.id}  # type: ignore[attr-defined]


async def test_period_comparison_and_the_range_checks(stores) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _, boss = stores
    await make_lead(ann, sh, phone="13900000001", now=T)  # this week
    await make_lead(ann, sh, phone="13900000002", now=T - timedelta(days=7))  # the week before
    await make_lead(ann, sh, phone="13900000003", now=T - timedelta(days=365))  # a year ago
    await make_lead(ann, sh, phone="13900000004", now=T - timedelta(days=366))
    manager = await actor_for(boss)
    async with tenant_transaction(group.id):
        c = await period_comparison(
            manager, sh.id, DAY - timedelta(days=3), DAY + timedelta(days=4)
        )
        with pytest.raises(ValidationFailed):
            await period_comparison(manager, sh.id, DAY, DAY)
        with pytest.raises(ValidationFailed, match="at most"):
            await period_comparison(manager, sh.id, DAY - timedelta(days=400), DAY)
    assert (c.current["new_leads"], c.previous["new_leads"], c.last_year["new_leads"]) == (1, 1, 2)


async def test_store_comparison_ranks_and_median(stores) -> None:  # type: ignore[no-untyped-def]
    group, sh, hz, ann, hal, _ = stores
    for i in range(3):
        await make_lead(ann, sh, phone=f"1390000{i:04d}", now=T)
    await make_lead(hal, hz, phone="13911110000", now=T)
    executive = await actor_for(await _user("exec@a.test"))
    async with tenant_transaction(group.id):
        c = await store_comparison(executive, DAY, DAY + timedelta(days=1))
    assert [(s.store.code, s.figures["new_leads"], s.ranks["new_leads"]) for s in c.stores] == [
        ("HZ-1", 1, 2),
        ("SH-1", 3, 1),
    ]
    assert c.median["new_leads"] == 2.0
    # A showroom manager compares only the stores it may report on.
    async with tenant_transaction(group.id):
        own = await store_comparison(
            await actor_for(await _user("boss@a.test")), DAY, DAY + timedelta(days=1)
        )
    assert [s.store.code for s in own.stores] == ["SH-1"]


async def test_the_reports_answer_through_the_api(api: Api, stores) -> None:  # type: ignore[no-untyped-def]
    _, sh, hz, ann, hal, _ = stores
    for i in range(3):
        await make_lead(ann, sh, phone=f"1390000{i:04d}", now=T)
    await make_lead(hal, hz, phone="13911110000", now=T)
    token = await api.login("exec@a.test")
    data = await api.gql(
        """query($s: ID!) { funnel(storeId: $s, from: "2026-11-01", to: "2026-12-01") { __typename ... on FunnelReport { steps { stage reached worst } } }
            hList(storeId: $s) { __typename ... on HList { total leads { customerName } } }
            storeComparison(from: "2026-11-01", to: "2026-12-01") { __typename ... on StoreComparison { stores { storeCode } median { newLeads orders } } } }""",
        {"s": gid(sh)}, token)  # fmt: skip
    assert data["funnel"]["steps"][0]["stage"] == "first_contact"
    assert data["hList"] == {"__typename": "HList", "total": 0, "leads": []}  # N leads only
    assert [s["storeCode"] for s in data["storeComparison"]["stores"]] == ["HZ-1", "SH-1"]
    # 1 and 3 new leads: the median is a number a client can compute with.
    assert data["storeComparison"]["median"] == {"newLeads": 2.0, "orders": 0.0}
    consultant = await api.login("ann@a.test")
    assert (
        await api.errors(
            '{ storeComparison(from: "2026-11-01", to: "2026-12-01") { __typename } }',
            token=consultant,
        )
    )[0]["extensions"]["code"] == "FORBIDDEN"


async def _user(email: str):  # type: ignore[no-untyped-def]
    from saas.models import User

    return await User.get(email=email)


H_LIST = """query($s: ID!) { hList(storeId: $s) { ... on HList { total
    leads { lead { id intentGrade } customerName grade dueAt lastFollowUpAt owner { name } } } } }"""


async def test_the_h_list_shows_each_lead_with_its_customer_in_the_same_statements(
    api: Api, stores
) -> None:  # type: ignore[no-untyped-def]
    """A manager sees who each H-list lead is without a query per lead: two
    leads or six cost the same statements."""
    group, sh, hz, ann, hal, _ = stores
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=sh)
    await make_lead(bob, sh, phone="13900000002", name="Han Meimei", grade="H", now=T)
    await make_lead(
        ann, sh, phone="13900000001", name="Li Lei", grade="H", now=T + timedelta(hours=1)
    )
    await make_lead(hal, hz, phone="13900000009", name="Elsewhere", grade="H", now=T)
    await make_lead(ann, sh, phone="13900000003", name="Cool", grade="B", now=T)
    token = await api.login("boss@a.test")
    await api.gql("{ me { kind } }", token=token)  # load role assignments once
    with count_queries() as few:
        data = await api.gql(H_LIST, {"s": gid(sh)}, token)
    leads = data["hList"]["leads"]
    assert [(x["customerName"], x["grade"], x["owner"]["name"]) for x in leads] == [
        ("Han Meimei", "H", "Bob"),
        ("Li Lei", "H", "Ann"),
    ]
    assert data["hList"]["total"] == 2
    first = leads[0]
    assert first["lead"]["intentGrade"] == "H" and first["lastFollowUpAt"] is None
    # Due within the H grade's first-contact time (24 hours) of intake.
    assert first["dueAt"].startswith("2026-11-11T02:00:00"), first["dueAt"]
    for i in range(4):
        await make_lead(ann, sh, phone=f"1391111{i:04d}", name=f"More {i}", grade="H", now=T)
    with count_queries() as more:
        data = await api.gql(H_LIST, {"s": gid(sh)}, token)
    assert len(data["hList"]["leads"]) == 6
    assert [x["owner"]["name"] for x in data["hList"]["leads"]] == ["Bob"] + ["Ann"] * 5
    assert len(more) == len(few), (few, more)
