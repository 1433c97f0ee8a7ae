"""Metrics on a hand-built showroom day, with the store's local midnight as the
day boundary, and targets against actuals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.leads import decide_lost, request_lost
from saas.crm.sales import NewOrder, complete_test_drive, schedule_test_drive, sign_order
from saas.crm.vocabulary import FollowUpChannel, LostReason, PaymentMethod, TestDriveStatus
from saas.errors import Forbidden, ValidationFailed
from saas.reports.service import daily_report, set_target, target_achievement
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.factories import (
    actor_for,
    make_group,
    make_lead,
    make_store,
    make_user,
    make_vehicle_model,
)

DAY = date(2026, 11, 10)  # in Shanghai: 2026-11-09 16:00 UTC to 2026-11-10 16:00 UTC
START = datetime(2026, 11, 9, 16, 0, tzinfo=UTC)


@pytest.fixture
async def day(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])  # Asia/Shanghai
    model = await make_vehicle_model()
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=store)
    boss = await make_user("boss@a.test", group=group, role=Role.SALES_MANAGER, store=store)
    a, b, m = await actor_for(ann), await actor_for(bob), await actor_for(boss)
    t = tenant_transaction

    # Leads: one just before local midnight (the 9th), three on the 10th, one on the 11th.
    before = (
        await make_lead(ann, store, phone="13900000001", now=START - timedelta(minutes=30))
    ).lead
    l1 = (
        await make_lead(
            ann, store, phone="13900000002", now=START + timedelta(minutes=10), vehicle_model=model
        )
    ).lead
    l2 = (
        await make_lead(
            ann, store, phone="13900000003", now=START + timedelta(hours=5), channel="prospecting"
        )
    ).lead
    l3 = (await make_lead(bob, store, phone="13900000004", now=START + timedelta(hours=8))).lead
    await make_lead(bob, store, phone="13900000005", now=START + timedelta(hours=24, minutes=1))

    def visit(
        lead_id: int, at: datetime, channel: FollowUpChannel = FollowUpChannel.SHOWROOM_VISIT
    ) -> NewFollowUp:
        return NewFollowUp(
            lead_id,
            channel,
            "talk",
            happened_at=at,
            next_follow_up_at=at + timedelta(days=2),
            next_follow_up_reason="next",
        )

    async with t(group.id):
        await log_follow_up(
            a, visit(before.id, START - timedelta(minutes=5)), now=START
        )  # 9th: not counted
        await log_follow_up(
            a, visit(before.id, START + timedelta(hours=1)), now=START + timedelta(hours=1)
        )  # revisit
        await log_follow_up(
            a, visit(l1.id, START + timedelta(hours=2)), now=START + timedelta(hours=2)
        )  # first visit
        await log_follow_up(
            a,
            visit(l2.id, START + timedelta(hours=6), FollowUpChannel.PHONE),
            now=START + timedelta(hours=6),
        )
        await log_follow_up(
            b,
            visit(l3.id, START + timedelta(hours=9), FollowUpChannel.WECHAT),
            now=START + timedelta(hours=9),
        )
        drive = await schedule_test_drive(a, l1.id, model.id, START + timedelta(hours=3))
        await complete_test_drive(
            a, drive.id, TestDriveStatus.DONE, "liked it", now=START + timedelta(hours=3)
        )
        await sign_order(
            a,
            NewOrder(l1.id, model.id, Decimal(150000), PaymentMethod.CASH),
            now=START + timedelta(hours=4),
        )
        await request_lost(b, l3.id, LostReason.PRICE, "")
        await decide_lost(m, l3.id, True, "ok", now=START + timedelta(hours=10))
    return group, store, ann, bob, boss


async def test_the_daily_report_counts_the_local_day(day) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, bob, boss = day
    async with tenant_transaction(group.id):
        report = await daily_report(await actor_for(boss), store.id, DAY)
    by_person = {row.user.email if row.user else None: row.figures for row in report.rows}
    assert by_person["ann@a.test"] == {
        "new_leads": 2, "contacts": 3, "prospecting": 1, "showroom_visits": 2, "revisits": 1,
        "test_drives": 1, "orders": 1, "deliveries": 0, "cancellations": 0, "lost": 0,
        "on_time_follow_ups": 3,
    }  # fmt: skip
    assert by_person["bob@a.test"] == {
        "new_leads": 1, "contacts": 1, "prospecting": 0, "showroom_visits": 0, "revisits": 0,
        "test_drives": 0, "orders": 0, "deliveries": 0, "cancellations": 0, "lost": 1,
        "on_time_follow_ups": 1,
    }  # fmt: skip
    assert report.totals["new_leads"] == 3 and report.totals["contacts"] == 4
    # Leads of the 10th: l1 contacted after 110 min, l2 after 55 min, l3 after 60 min.
    assert report.median_minutes_to_first_contact == 60.0
    assert report.cadence_compliance_percent == 100.0


async def test_targets_against_actuals(day) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, bob, boss = day
    manager = await actor_for(boss)
    async with tenant_transaction(group.id):
        await set_target(
            manager,
            store.id,
            ann.id,
            DAY,
            {"contacts": 30, "prospecting": 4, "revisits": 5, "test_drives": 4, "sold": 2},
        )
        await set_target(
            manager,
            store.id,
            bob.id,
            DAY,
            {"contacts": 20, "prospecting": 0, "revisits": 0, "test_drives": 2, "sold": 1},
        )
        _, _, rows = await target_achievement(manager, store.id, DAY)
    ann_row = {a.target: (a.goal, a.actual, a.percent) for a in rows[0].achievements}
    # The month includes the visit late on the 9th.
    assert ann_row == {"contacts": (30, 4, 13.3), "prospecting": (4, 1, 25.0), "revisits": (5, 1, 20.0),
                       "test_drives": (4, 1, 25.0), "sold": (2, 1, 50.0)}  # fmt: skip
    store_row = {a.target: (a.goal, a.actual, a.percent) for a in rows[-1].achievements}
    assert rows[-1].user is None
    assert store_row["contacts"] == (50, 5, 10.0)  # the consultants' targets, summed
    assert store_row["prospecting"] == (4, 1, 25.0) and store_row["revisits"] == (5, 1, 20.0)
    assert store_row["sold"] == (3, 1, 33.3)


async def test_target_input_is_checked(day) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, *_ = day
    boss = await actor_for(await _user("boss@a.test"))
    with pytest.raises(ValidationFailed):
        async with tenant_transaction(group.id):
            await set_target(boss, store.id, ann.id, DAY, {"contacts": -1})
    with pytest.raises(Forbidden):
        async with tenant_transaction(group.id):
            await set_target(await actor_for(ann), store.id, ann.id, DAY, {"contacts": 1})


async def _user(email: str):  # type: ignore[no-untyped-def]
    from saas.models import User

    return await User.get(email=email)
