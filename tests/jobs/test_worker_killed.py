"""A worker killed in the middle of a job: the job runs again and its effects
happen once.

For each job type a real `saas worker` process takes the job and is stopped in
the middle of it: the test holds a lock on the table the job writes, waits
until the job is blocked on it, and kills the worker with SIGKILL. The killed
job must have left nothing behind; a second worker then runs the same job
again (arq keeps it queued until it completes), which must do the work; a
third run must change nothing more."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from arq.connections import ArqRedis, RedisSettings
from arq.worker import Worker

from saas.aftersales.service import open_complaint
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.reminders import thank_you
from saas.crm.vocabulary import FollowUpChannel
from saas.identity.service import login
from saas.imports.service import ImportKind, start_import
from saas.jobs.arq_pool import environment
from saas.jobs.registry import JOBS
from saas.jobs.submit import queue_for
from saas.jobs.worker import WorkerSettings
from saas.management.meetings import add_action, open_meeting
from saas.models import DealerGroup, DomainEvent, FollowUp, Store, User
from saas.oem.distribution import distribute
from saas.oem.types import LeadOrder
from saas.reports.runs import ReportKind, request_report
from saas.settings import Settings
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from saas.webhooks.service import EndpointFields, create_endpoint
from tests.conftest import OWNER, RUN_ID
from tests.factories import (
    PASSWORD,
    actor_for,
    make_group,
    make_lead,
    make_oem,
    make_store,
    make_user,
)

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass
class Floor:
    settings: Settings
    group: DealerGroup
    store: Store
    ann: User
    boss: User


@dataclass
class Case:
    """How to give a job work, which table it writes (locked to stop it), and
    the rows that are its effect."""

    setup: Callable[[Floor], Awaitable[dict[str, Any]]]
    lock: str
    effect: str


async def _visit(floor: Floor) -> FollowUp:
    lead = (await make_lead(floor.ann, floor.store)).lead
    async with tenant_transaction(floor.group.id):
        return (
            await log_follow_up(
                await actor_for(floor.ann),
                NewFollowUp(
                    lead.id,
                    FollowUpChannel.SHOWROOM_VISIT,
                    "came to see the car",
                    next_follow_up_at=NOW + timedelta(days=1),
                    next_follow_up_reason="quote",
                ),
            )  # fmt: skip
        )[0]


async def _overdue_oem_lead(floor: Floor) -> dict[str, Any]:
    oem = await make_oem("HUAXIA", ["Huaxia"])
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    async with tenant_transaction(None, oem.id):
        order = LeadOrder("S-1", "Zhao Lei", "13700000001", "Huaxia", store_id=floor.store.id)
        await distribute(await actor_for(desk), order, now=NOW - timedelta(hours=30))
    return {"now": NOW.isoformat()}


async def _overdue_lead(floor: Floor) -> dict[str, Any]:
    await make_lead(floor.ann, floor.store, grade="H", now=NOW - timedelta(days=3))
    return {"now": NOW.isoformat()}


async def _due_today(floor: Floor) -> dict[str, Any]:
    await make_lead(floor.ann, floor.store, grade="H", now=NOW - timedelta(hours=30))
    eight_in_shanghai = (NOW + timedelta(days=1)).replace(hour=0, minute=0, second=0)
    return {"now": eight_in_shanghai.isoformat()}


async def _thank_you(floor: Floor) -> dict[str, Any]:
    return {"tenant_id": floor.group.id, "follow_up_id": (await _visit(floor)).id}


async def _recent_visit(floor: Floor) -> dict[str, Any]:
    await _visit(floor)
    return {}


async def _unsent_sms(floor: Floor) -> dict[str, Any]:
    visit = await _visit(floor)
    async with tenant_transaction(floor.group.id):
        assert await thank_you(floor.group.id, visit.id, NOW) == "sent"
    return {}


async def _expired_session(floor: Floor) -> dict[str, Any]:
    async with system_transaction():
        await login(floor.settings, "ann@a.test", PASSWORD)
    await OWNER[0].execute("UPDATE refresh_token SET expires_at = now() - interval '1 day'")
    return {}


async def _report(floor: Floor) -> dict[str, Any]:
    await make_lead(floor.ann, floor.store)
    async with tenant_transaction(floor.group.id):
        run = await request_report(
            await actor_for(floor.boss), ReportKind.H_LIST, {"store_id": floor.store.id}
        )
    return {"tenant_id": floor.group.id, "run_id": run.id}


async def _customers(floor: Floor) -> dict[str, Any]:
    for i in range(3):
        await make_lead(floor.ann, floor.store, phone=f"1390000000{i}")
    return {"now": NOW.isoformat()}


async def _old_complaint(floor: Floor) -> dict[str, Any]:
    lead = (await make_lead(floor.ann, floor.store)).lead
    async with tenant_transaction(floor.group.id):
        await open_complaint(
            await actor_for(floor.boss), lead.customer_id, "phone", "high", "noisy brakes"
        )
    return {"now": (NOW + timedelta(days=3)).isoformat()}


async def _spreadsheet(floor: Floor) -> dict[str, Any]:
    rows = "\n".join(f"客户{i},1390000{i:04d}" for i in range(30))
    async with tenant_transaction(floor.group.id):
        run = await start_import(
            await actor_for(floor.boss), ImportKind.CUSTOMERS, floor.store.id, "customers.csv",
            f"姓名,手机\n{rows}\n".encode(), max_bytes=floor.settings.import_max_bytes,
        )  # fmt: skip
    return {"tenant_id": floor.group.id, "import_id": run.id}


async def _event_for_a_webhook(floor: Floor) -> dict[str, Any]:
    admin = await make_user("admin@a.test", group=floor.group, role=Role.GROUP_ADMIN)
    async with tenant_transaction(floor.group.id):
        # Nothing listens there: the attempt fails and is scheduled again, once.
        fields = EndpointFields(url="http://127.0.0.1:9/hooks", event_types=["lead.created"])
        await create_endpoint(await actor_for(admin), fields, floor.settings)
    await make_lead(floor.ann, floor.store)
    async with system_transaction():
        event = await DomainEvent.get(kind="lead.created")
    return {"tenant_id": floor.group.id, "event_id": event.id, "now": NOW.isoformat()}


async def _overdue_action(floor: Floor) -> dict[str, Any]:
    """Last week's meeting with an action due last Monday, still open."""
    monday = NOW.date() - timedelta(days=NOW.weekday() + 7)
    async with tenant_transaction(floor.group.id):
        boss = await actor_for(floor.boss)
        meeting = await open_meeting(
            boss, floor.store.id, monday, NOW - timedelta(days=7), [floor.ann.id], now=NOW
        )
        await add_action(
            boss, meeting.id, "slow first calls", "first call < 24h", floor.ann.id, monday
        )
    return {"now": NOW.isoformat()}


async def _store_without_one_to_one(floor: Floor) -> dict[str, Any]:
    """A store open for a fortnight whose last week had no one-to-one."""
    async with system_transaction():
        await Store.filter(id=floor.store.id).update(created_at=NOW - timedelta(days=14))
    return {"now": NOW.isoformat()}


CASES = {
    "sla.sweep": Case(
        _overdue_oem_lead,
        "sla_event",
        "SELECT distributed_lead_id, kind FROM sla_event UNION ALL "
        "SELECT user_id, kind FROM notification",
    ),
    "crm.cadence_check": Case(_overdue_lead, "notification", "SELECT user_id, dedup_key FROM notification"),
    "crm.morning_list": Case(_due_today, "notification", "SELECT user_id, dedup_key FROM notification"),
    "crm.thank_you": Case(_thank_you, "notification", "SELECT user_id, dedup_key FROM notification"),
    "crm.thank_you_sweep": Case(_recent_visit, "notification", "SELECT user_id, dedup_key FROM notification"),
    "notify.send_outbox": Case(_unsent_sms, "notification", "SELECT id FROM notification WHERE sent_at IS NOT NULL"),
    "jobs.dispatch": Case(_recent_visit, "job_request", "SELECT id FROM job_request WHERE enqueued_at IS NOT NULL"),
    "identity.purge_expired_sessions": Case(_expired_session, "refresh_token", "SELECT 'purged' WHERE NOT EXISTS (SELECT 1 FROM refresh_token)"),
    "reports.run": Case(_report, "report_run", "SELECT status, attempts FROM report_run WHERE result IS NOT NULL"),
    "customers.classify": Case(_customers, "customer", "SELECT id, value_tier, lifecycle FROM customer WHERE lifecycle IS NOT NULL"),
    "aftersales.escalate_complaints": Case(_old_complaint, "complaint", "SELECT id FROM complaint WHERE escalated_at IS NOT NULL UNION ALL SELECT user_id FROM notification"),
    "crm.import_file": Case(_spreadsheet, "customer", "SELECT name, phone FROM customer UNION ALL SELECT status || processed || '/' || created, '' FROM import_run WHERE status = 'done'"),
    "coaching.week_without_one_to_one": Case(_store_without_one_to_one, "notification", "SELECT user_id, dedup_key FROM notification"),
    "management.overdue_actions": Case(_overdue_action, "meeting_action", "SELECT 'action', id FROM meeting_action WHERE overdue_notified_at IS NOT NULL UNION ALL SELECT 'told', user_id FROM notification"),
    "webhooks.deliver": Case(_event_for_a_webhook, "webhook_delivery", "SELECT event_id, endpoint_id, status, attempts FROM webhook_delivery"),
}  # fmt: skip

# Jobs whose crash and resumption are tested where their work is.
ELSEWHERE = {
    "oem.import_leads": "tests/oem/test_import.py (resumes a crashed import from its last chunk)",
    "aftersales.reminders": "tests/aftersales/test_aftersales.py (one task per due reminder, by key)",
    # One attempt of one delivery, claimed by its status: a rerun after a crash
    # sends it again (at least once; receivers dedupe by the event id).
    "webhooks.send": "tests/webhooks/test_webhooks.py (replay)",
    "webhooks.retry": "tests/webhooks/test_webhooks.py (backoff, disable, retry window)",
    # Live publishing is best effort; purging deletes, which a rerun repeats harmlessly.
    "events.publish": "tests/events/test_live.py",
    "events.purge": "tests/webhooks/test_webhooks.py (purge)",
    "reports.purge_files": "tests/reports/test_report_files.py (purge)",
}


def test_every_job_type_is_covered() -> None:
    assert set(JOBS) == set(CASES) | set(ELSEWHERE)


@pytest.mark.parametrize("job", sorted(CASES))
async def test_a_job_killed_midway_runs_again_with_one_effect(
    settings: Settings, job: str, tmp_path: Path
) -> None:
    case = CASES[job]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    kwargs = await case.setup(Floor(settings, group, store, ann, boss))
    before = await _effect(case)
    base, job_id = f"{settings.job_queue}-killed", f"killed-{job}-{RUN_ID}"
    queue = queue_for(job, base)
    redis = ArqRedis.from_url(settings.redis_url or "")
    worker = None
    try:
        async with OWNER[0].transaction():
            await OWNER[0].execute(f'LOCK TABLE "{case.lock}" IN SHARE ROW EXCLUSIVE MODE')
            with environment(base):  # as the environment's API would
                await redis.enqueue_job(job, _job_id=job_id, _queue_name=queue, **kwargs)
            worker = _start_worker(settings, base, tmp_path)
            await _until_blocked(OWNER[0], worker, tmp_path)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        # The lock is gone with the rollback; the killed job left nothing.
        assert await _effect(case) == before
        # arq keeps the job queued until it completes; once the dead worker's
        # claim on it lapses (here: at once), the next worker runs it again.
        await redis.delete(f"{base}:arq:in-progress:{job_id}")
        rerun = Worker(functions=WorkerSettings.functions, redis_settings=RedisSettings.from_dsn(settings.redis_url or ""),
                       queue_name=queue, burst=True, poll_delay=0.05, handle_signals=False)  # fmt: skip
        with environment(base):
            await rerun.main()
        await rerun.close()
        # (jobs.dispatch hands over a job of its own, which runs too.)
        assert rerun.jobs_failed == 0 and rerun.jobs_complete >= 1
        done = await _effect(case)
        assert done != before and len(done) == len(set(done)), done
        # Once more (a retry after success): nothing changes.
        await JOBS[job]({}, **kwargs)
        assert await _effect(case) == done
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
        await redis.delete(
            queue, *(f"{base}:arq:{kind}:{job_id}" for kind in ("result", "retry", "job"))
        )
        await redis.aclose()


def _start_worker(settings: Settings, queue: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url or "",
        "JOB_QUEUE": queue,
    }
    # `saas worker` without its cron jobs, so only the test's job runs.
    code = (
        "import asyncio; from saas.jobs.worker import run_workers; "
        "from saas.settings import get_settings; "
        "asyncio.run(run_workers(get_settings(), with_cron=False))"
    )
    with (tmp_path / "worker.log").open("w") as log:
        return subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=log, stderr=subprocess.STDOUT
        )


async def _until_blocked(
    owner: asyncpg.Connection, worker: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    """Wait until a session of another role waits for the test's lock."""
    for _ in range(300):
        waiting = await owner.fetchval(
            "SELECT count(*) FROM pg_locks WHERE NOT granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        if waiting:
            return
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        await asyncio.sleep(0.05)
    raise AssertionError(
        "the job never reached the locked table: " + (tmp_path / "worker.log").read_text()
    )


async def _effect(case: Case) -> list[tuple[Any, ...]]:
    async with OWNER[0].transaction():
        await OWNER[0].execute("SELECT set_config('app.system_scope', 'on', true)")
        rows = await OWNER[0].fetch(case.effect)
    return sorted(tuple(r) for r in rows)
