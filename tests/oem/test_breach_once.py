"""Every SLA breach reaches the showroom managers once, whichever path finds
it: the sweep, or a first contact logged after the deadline (a late entry,
possibly dated earlier). Also after a worker outage that ends past the
deadlines, with two sweeps at once, with a sweep racing a late entry, and when
one dealer group's part of a sweep fails."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.vocabulary import FollowUpChannel
from saas.events.service import EventType
from saas.models import DistributedLead, DomainEvent, Notification, SlaEvent, User
from saas.observability import REGISTRY as METRICS
from saas.oem.distribution import distribute
from saas.oem.jobs import sla_sweep
from saas.oem.types import LeadOrder
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import OWNER
from tests.factories import actor_for, make_group, make_oem, make_store, make_user

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
FAILURES = {"job": "sla.sweep", "scope": "tenant"}


def _failures() -> float:
    return METRICS.get_sample_value("saas_job_failures_total", FAILURES) or 0.0


@pytest.fixture
async def sent(settings):  # type: ignore[no-untyped-def]
    """Three OEM leads at one store, received at T0, T0+1h and T0+2h (due 24 h
    later each), and two showroom managers there."""
    oem = await make_oem("HUAXIA", ["Huaxia"])
    group = await make_group("EAST")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=store)
    boss = await make_user("boss@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    deputy = await make_user(
        "deputy@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store
    )
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    rows = []
    async with tenant_transaction(None, oem.id):
        for i in range(3):
            order = LeadOrder(
                f"S-{i}", f"Customer {i}", f"1370000{i:04d}", "Huaxia", store_id=store.id
            )
            rows.append(
                (
                    await distribute(await actor_for(desk), order, now=T0 + timedelta(hours=i))
                ).distributed
            )
    return oem, group, store, rows, (boss, deputy), desk


async def _contact(
    group_id: int, manager: User, row: DistributedLead, *, at: datetime, logged: datetime
) -> None:
    """A first follow-up that happened at `at` and was logged at `logged`."""
    actor = await actor_for(manager)
    async with tenant_transaction(group_id):
        await log_follow_up(
            actor,
            NewFollowUp(row.lead_id, FollowUpChannel.PHONE, "called", happened_at=at,  # type: ignore[arg-type]
                        next_follow_up_at=logged + timedelta(days=1), next_follow_up_reason="visit"),
            now=logged,
        )  # fmt: skip


async def _breach_notes() -> list[tuple[int, list[int]]]:
    """(manager, the leads named) of every breach notification, in order."""
    async with system_transaction():
        found = await Notification.filter(kind="sla_breach").order_by("id")
    return [(n.user_id, n.data.get("lead_ids") or [n.data["lead_id"]]) for n in found]  # type: ignore[misc]


async def _times_told(manager: User) -> dict[int, int]:
    """How many breach notifications named each lead, for one manager."""
    told: dict[int, int] = {}
    for user_id, leads in await _breach_notes():
        if user_id == manager.id:
            for lead in leads:
                told[lead] = told.get(lead, 0) + 1
    return told


async def _breach_events() -> list[tuple[int, dict[str, object]]]:
    async with system_transaction():
        found = await SlaEvent.filter(kind="breached").order_by("id")
    return [(e.distributed_lead_id, e.data) for e in found]


async def _domain_breaches() -> list[int]:
    async with system_transaction():
        ids = await DomainEvent.filter(kind=EventType.LEAD_SLA_BREACHED.value).values_list(
            "lead_id", flat=True
        )
    return sorted(ids)  # type: ignore[type-var]


async def _row(row: DistributedLead) -> DistributedLead:
    async with system_transaction():
        return await DistributedLead.get(id=row.id)


async def test_a_late_entry_breach_is_told_once_and_the_sweep_adds_nothing(sent) -> None:  # type: ignore[no-untyped-def]
    _, group, _, rows, (boss, deputy), _ = sent
    lead = rows[0]
    # Logged 25 h after receipt, dated 23 h: after the deadline, before any sweep.
    logged = T0 + timedelta(hours=25)
    await _contact(group.id, boss, lead, at=T0 + timedelta(hours=23), logged=logged)

    row = await _row(lead)
    assert row.sla_outcome == "breached" and row.breached_at == row.sla_due_at
    assert row.first_contact_at == T0 + timedelta(hours=23)
    assert await _times_told(boss) == {lead.lead_id: 1}
    assert await _times_told(deputy) == {lead.lead_id: 1}
    async with system_transaction():
        note = await Notification.filter(user_id=boss.id, kind="sla_breach").get()
    assert note.title == "OEM lead missed its 24-hour first contact"
    assert "Customer 0 (S-0)" in note.body and "2026-11-21 09:00 UTC" in note.body
    assert await _breach_events() == [(lead.id, {"at": logged.isoformat(), "via": "late_entry"})]
    assert await _domain_breaches() == [lead.lead_id]

    # The sweep after it finds the two others, and says nothing more of this one.
    result = await sla_sweep({}, now=(T0 + timedelta(hours=30)).isoformat())
    assert result["breached"] == [rows[1].id, rows[2].id]
    assert await _times_told(boss) == {r.lead_id: 1 for r in rows}
    assert [d for d, _ in await _breach_events()] == [lead.id, rows[1].id, rows[2].id]
    assert await _domain_breaches() == sorted(r.lead_id for r in rows)  # type: ignore[type-var]


async def test_a_worker_outage_past_the_deadlines_tells_each_breach_once(sent) -> None:  # type: ignore[no-untyped-def]
    _, group, _, (late, in_time, silent), (boss, deputy), _ = sent
    # The last sweep ran at T0 + 23 h; the worker is down until T0 + 30 h.
    await sla_sweep({}, now=(T0 + timedelta(hours=23)).isoformat())
    # During the outage: one lead contacted late (due 24 h, logged at 25 h,
    # dated 23 h 30), one in time (due 25 h, logged at 24 h 30), one never.
    await _contact(
        group.id,
        boss,
        late,
        at=T0 + timedelta(hours=23, minutes=30),
        logged=T0 + timedelta(hours=25),
    )
    await _contact(group.id, boss, in_time, at=T0 + timedelta(hours=24), logged=T0 + timedelta(hours=24, minutes=30))  # fmt: skip
    assert await _times_told(boss) == {late.lead_id: 1}

    # The worker comes back: the first sweep finds the silent lead only.
    result = await sla_sweep({}, now=(T0 + timedelta(hours=30)).isoformat())
    assert result["breached"] == [silent.id]
    # Contacting the silent lead now, and sweeping again, adds nothing.
    await _contact(group.id, boss, silent, at=T0 + timedelta(hours=30, minutes=5), logged=T0 + timedelta(hours=30, minutes=5))  # fmt: skip
    again = await sla_sweep({}, now=(T0 + timedelta(hours=31)).isoformat())
    assert again["breached"] == []

    for manager in (boss, deputy):
        assert await _times_told(manager) == {late.lead_id: 1, silent.lead_id: 1}
    events = await _breach_events()
    assert [(d, data["via"]) for d, data in events] == [
        (late.id, "late_entry"),
        (silent.id, "sweep"),
    ]
    assert await _domain_breaches() == sorted([late.lead_id, silent.lead_id])  # type: ignore[type-var]
    outcomes = {r.id: (await _row(r)).sla_outcome for r in (late, in_time, silent)}
    assert outcomes == {late.id: "breached", in_time.id: "met", silent.id: "breached"}
    # breachedAt means the same for both paths: the deadline.
    for r in (late, silent):
        row = await _row(r)
        assert row.breached_at == row.sla_due_at and row.first_contact_at is not None


async def test_a_sweep_racing_late_entries_records_and_tells_each_breach_once(sent) -> None:  # type: ignore[no-untyped-def]
    _, group, _, rows, (boss, _), _ = sent
    at = T0 + timedelta(hours=30)
    # Two sweeps and two late entries at the same moment, on leads all past due.
    await asyncio.gather(
        sla_sweep({}, now=at.isoformat()),
        _contact(group.id, boss, rows[0], at=T0 + timedelta(hours=20), logged=at),
        sla_sweep({}, now=at.isoformat()),
        _contact(group.id, boss, rows[2], at=T0 + timedelta(hours=21), logged=at),
    )
    assert sorted(d for d, _ in await _breach_events()) == sorted(r.id for r in rows)
    assert await _times_told(boss) == {r.lead_id: 1 for r in rows}
    assert await _domain_breaches() == sorted(r.lead_id for r in rows)  # type: ignore[type-var]
    for r in (rows[0], rows[2]):
        row = await _row(r)
        assert row.sla_outcome == "breached" and row.first_contact_at is not None


async def test_one_groups_failing_side_effects_do_not_stop_the_others_and_are_retried(sent) -> None:  # type: ignore[no-untyped-def]
    oem, east, _, rows, (boss, _), desk = sent
    west = await make_group("WEST")
    store = await make_store(west, "XA-1", brands=["Huaxia"])
    await make_user("wu@west.test", group=west, role=Role.CONSULTANT, store=store)
    west_boss = await make_user(
        "boss@west.test", group=west, role=Role.SHOWROOM_MANAGER, store=store
    )
    async with tenant_transaction(None, oem.id):
        order = LeadOrder("W-1", "Customer W", "13900000001", "Huaxia", store_id=store.id)
        west_lead = (await distribute(await actor_for(desk), order, now=T0)).distributed
    failures = _failures()
    owner = OWNER[0]
    # The database refuses the east group's notifications, as a broken
    # constraint or a full disk would.
    await owner.execute(
        "CREATE FUNCTION refuse_notification() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'notification refused'; END $$"
    )
    await owner.execute(
        "CREATE TRIGGER refuse_east BEFORE INSERT ON notification FOR EACH ROW "
        f"WHEN (NEW.tenant_id = {east.id}) EXECUTE FUNCTION refuse_notification()"
    )
    try:
        result = await sla_sweep({}, now=(T0 + timedelta(hours=30)).isoformat())
    finally:
        await owner.execute("DROP TRIGGER refuse_east ON notification")
        await owner.execute("DROP FUNCTION refuse_notification()")

    # The west group's breach went through; nothing of the east group's was kept.
    assert result["breached"] == [west_lead.id]
    assert _failures() == failures + 1
    assert await _times_told(west_boss) == {west_lead.lead_id: 1}
    assert [d for d, _ in await _breach_events()] == [west_lead.id]
    assert await _domain_breaches() == [west_lead.lead_id]
    for r in rows:  # back to pending, for the next sweep
        row = await _row(r)
        assert row.sla_outcome == "pending" and row.breached_at is None and row.warned_at is None

    # The next sweep retries them: each told once, the west lead not again.
    retry = await sla_sweep({}, now=(T0 + timedelta(hours=30, minutes=1)).isoformat())
    assert retry["breached"] == [r.id for r in rows]
    assert await _times_told(boss) == {r.lead_id: 1 for r in rows}
    assert await _times_told(west_boss) == {west_lead.lead_id: 1}
    assert sorted(d for d, _ in await _breach_events()) == sorted(
        [west_lead.id, *(r.id for r in rows)]
    )
