"""The SLA sweep with a controlled clock: warnings, breaches exactly once (also
with two sweeps at the same time), notifications, reassignment; run by a real
arq worker and by the embedded scheduler."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker

from saas.jobs.runner import JobRunner
from saas.jobs.schedule import cron_jobs
from saas.jobs.worker import WorkerSettings
from saas.models import (
    DealerGroup,
    DistributedLead,
    Lead,
    LeadAssignment,
    Notification,
    SlaEvent,
    Store,
)
from saas.oem.distribution import distribute
from saas.oem.jobs import sla_sweep
from saas.oem.types import LeadOrder
from saas.settings import Settings
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import RUN_ID
from tests.factories import actor_for, make_group, make_oem, make_store, make_user

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
async def sent(settings):  # type: ignore[no-untyped-def]
    oem = await make_oem("HUAXIA", ["Huaxia"])
    group = await make_group("EAST")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=store)
    bob = await make_user("bob@east.test", group=group, role=Role.CONSULTANT, store=store)
    boss = await make_user("boss@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    actor = await actor_for(desk)
    rows = []
    async with tenant_transaction(None, oem.id):
        for i in range(3):
            order = LeadOrder(f"S-{i}", "Zhao Lei", f"1370000{i:04d}", "Huaxia", store_id=store.id)
            rows.append((await distribute(actor, order, now=T0 + timedelta(hours=i))).distributed)
    return group, rows, ann, bob, boss


async def _state() -> tuple[dict[int, str], list[tuple[int, str]], list[tuple[int, str]]]:
    async with system_transaction():
        outcomes = dict(await DistributedLead.all().values_list("id", "sla_outcome"))
        events = (
            await SlaEvent.filter(kind__in=["warned", "breached"])
            .order_by("id")
            .values_list("distributed_lead_id", "kind")
        )
        notes = await Notification.all().order_by("id").values_list("user_id", "kind")
    return outcomes, events, notes  # type: ignore[return-value]


async def test_warn_then_breach_once_each(sent) -> None:  # type: ignore[no-untyped-def]
    group, rows, ann, bob, boss = sent
    owners = {r.id: r for r in rows}
    # 22.5 h after the first lead: it is within 2 h of its deadline, the others not yet.
    first = await sla_sweep({}, now=(T0 + timedelta(hours=22, minutes=30)).isoformat())
    assert first == {"warned": [rows[0].id], "breached": [], "reassigned": []}
    # 24 h + 1 min: the first breaches; the others (due at 25 h and 26 h) are warned.
    second = await sla_sweep({}, now=(T0 + timedelta(hours=24, minutes=1)).isoformat())
    assert second["breached"] == [rows[0].id] and second["warned"] == [rows[1].id, rows[2].id]
    again = await sla_sweep({}, now=(T0 + timedelta(hours=24, minutes=2)).isoformat())
    assert again == {"warned": [], "breached": [], "reassigned": []}
    outcomes, events, notes = await _state()
    assert outcomes == {rows[0].id: "breached", rows[1].id: "pending", rows[2].id: "pending"}
    assert events == [
        (rows[0].id, "warned"),
        (rows[1].id, "warned"),
        (rows[2].id, "warned"),
        (rows[0].id, "breached"),
    ]
    async with system_transaction():
        lead_owner = {r.id: (await DistributedLead.get(id=r.id)).lead_id for r in owners.values()}
    assert ("sla_breach" in [k for _, k in notes]) and [
        u for u, k in notes if k == "sla_breach"
    ] == [boss.id]
    assert len([k for _, k in notes if k == "sla_warning"]) == 3
    assert lead_owner  # every lead still points at its dealer lead


async def test_two_sweeps_at_once_record_each_breach_once(sent) -> None:  # type: ignore[no-untyped-def]
    _, rows, *_ = sent
    at = (T0 + timedelta(hours=30)).isoformat()
    results = await asyncio.gather(sla_sweep({}, now=at), sla_sweep({}, now=at))
    breached = sorted(results[0]["breached"] + results[1]["breached"])
    assert breached == sorted(r.id for r in rows)
    outcomes, events, notes = await _state()
    assert sorted(d for d, k in events if k == "breached") == sorted(r.id for r in rows)
    # Each sweep tells the manager of what it claimed: every lead named once.
    named = [lead for _, _, leads in await _breach_notes() for lead in leads]
    assert sorted(named) == sorted(r.lead_id for r in rows)


async def _breach_notes() -> list[tuple[int, str, list[int]]]:
    """(manager, title, the leads named) of every breach notification."""
    async with system_transaction():
        found = await Notification.filter(kind="sla_breach").order_by("id")
    return [
        (n.user_id, n.title, n.data.get("lead_ids") or [n.data["lead_id"]])  # type: ignore[list-item]
        for n in found
    ]


async def test_every_manager_of_the_store_hears_of_a_backlog_once(sent) -> None:  # type: ignore[no-untyped-def]
    group, rows, _, _, boss = sent
    async with system_transaction():
        store = await Store.get(id=rows[0].store_id)
    deputy = await make_user(
        "deputy@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store
    )
    # All three leads run out before one sweep: one digest per manager, naming each.
    await sla_sweep({}, now=(T0 + timedelta(hours=30)).isoformat())
    notes = await _breach_notes()
    assert sorted(u for u, _, _ in notes) == sorted([boss.id, deputy.id])
    for _, title, leads in notes:
        assert title == "3 OEM leads missed their 24-hour first contact"
        assert sorted(leads) == sorted(r.lead_id for r in rows)
    async with system_transaction():
        body = (await Notification.filter(user_id=deputy.id).first()).body  # type: ignore[union-attr]
    assert body.count("Zhao Lei (S-") == 3
    # A later sweep with nothing new says nothing more.
    await sla_sweep({}, now=(T0 + timedelta(hours=31)).isoformat())
    assert len(await _breach_notes()) == 2


async def test_a_breach_reassigns_when_the_group_asks_for_it(sent) -> None:  # type: ignore[no-untyped-def]
    group, rows, ann, bob, _ = sent
    async with system_transaction():
        await DealerGroup.filter(id=group.id).update(settings={"sla_reassign_on_breach": True})
        before = {r.lead_id: r for r in await DistributedLead.all()}
    result = await sla_sweep({}, now=(T0 + timedelta(hours=24, minutes=30)).isoformat())
    assert result["reassigned"] == [rows[0].id]
    async with tenant_transaction(group.id):
        from saas.crm.repository import LeadRepository

        lead = await LeadRepository(group.id).get(rows[0].lead_id)  # type: ignore[arg-type]
        history = (
            await LeadAssignment.filter(lead_id=rows[0].lead_id)
            .order_by("id")
            .values_list("reason", flat=True)
        )
    assert lead is not None and lead.owner_id in {ann.id, bob.id}
    assert history[-1].startswith("SLA breached: ")
    async with system_transaction():
        kinds = await SlaEvent.filter(distributed_lead_id=rows[0].id).values_list("kind", flat=True)
    assert "reassigned" in kinds and before


async def test_a_breach_follows_the_groups_breach_rules(sent) -> None:  # type: ignore[no-untyped-def]
    """`slaBreach`: the sales managers are told beside the showroom manager,
    and the breached lead goes to a sales manager of the store."""
    group, rows, ann, bob, boss = sent
    async with system_transaction():
        store = await Store.get(id=rows[0].store_id)
    chief = await make_user("chief@east.test", group=group, role=Role.SALES_MANAGER, store=store)
    rules = {"notify": ["showroom_manager", "sales_manager"], "reassign": True,
             "reassign_to": "sales_manager"}  # fmt: skip
    async with system_transaction():
        await DealerGroup.filter(id=group.id).update(settings={"sla_breach": rules})
    result = await sla_sweep({}, now=(T0 + timedelta(hours=24, minutes=30)).isoformat())
    assert result["breached"] == [rows[0].id] and result["reassigned"] == [rows[0].id]
    assert sorted(user for user, _, _ in await _breach_notes()) == sorted([boss.id, chief.id])
    async with system_transaction():
        lead = await Lead.get(id=rows[0].lead_id)
    assert lead.owner_id == chief.id


async def test_a_breach_tells_only_whom_the_group_names(sent) -> None:  # type: ignore[no-untyped-def]
    group, rows, ann, bob, boss = sent
    async with system_transaction():
        store = await Store.get(id=rows[0].store_id)
    chief = await make_user("chief@east.test", group=group, role=Role.SALES_MANAGER, store=store)
    async with system_transaction():
        await DealerGroup.filter(id=group.id).update(
            settings={"sla_breach": {"notify": ["sales_manager"]}}
        )
    result = await sla_sweep({}, now=(T0 + timedelta(hours=24, minutes=30)).isoformat())
    assert result["reassigned"] == []
    assert [user for user, _, _ in await _breach_notes()] == [chief.id]


async def test_a_real_arq_worker_runs_the_sweep(sent, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    _, rows, *_ = sent
    redis_settings = RedisSettings.from_dsn(settings.redis_url or "")
    queue = f"saas-test-sla-{RUN_ID}"
    pool = await create_pool(redis_settings, default_queue_name=queue)
    try:
        job = await pool.enqueue_job(
            "sla.sweep", now=(T0 + timedelta(hours=40)).isoformat(), _queue_name=queue
        )
        assert job is not None
        worker = Worker(functions=WorkerSettings.functions, redis_settings=redis_settings, queue_name=queue,
                        burst=True, poll_delay=0.05, handle_signals=False)  # fmt: skip
        await worker.main()
        await worker.close()
        result = await job.result(timeout=5)
    finally:
        await pool.delete(queue)
        await pool.aclose()
    assert sorted(result["breached"]) == sorted(r.id for r in rows)


async def test_the_embedded_scheduler_runs_the_sweep_every_minute(sent, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    _, rows, *_ = sent
    runner = JobRunner(settings, [j for j in cron_jobs() if j.name == "sla.sweep"])
    start = datetime.now(UTC).replace(second=30, microsecond=0)
    assert await runner.run_due(start) == []
    assert await runner.run_due(start + timedelta(seconds=31)) == ["sla.sweep"]
    outcomes, *_ = await _state()
    # The real clock is days past T0: every lead has breached.
    assert set(outcomes.values()) == {"breached"}
