"""Jobs under faults and load, with real `saas worker` processes.

- Redis goes away under a running worker and comes back: the worker stays up,
  answers not-ready meanwhile, and its cron jobs run again on their own.
- A worker is killed in the middle of an import: another worker resumes it
  once the dead worker's short lease lapses, not ten minutes later.
- A large import's webhook backlog drains while a time-critical job
  (a thank-you after a showroom visit) still runs within seconds."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from arq.connections import ArqRedis

from saas.crm.events import LeadRow, emit_for_leads
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.vocabulary import FollowUpChannel
from saas.events.service import EventType
from saas.imports.service import ImportKind, run_import, start_import
from saas.jobqueue import request_job
from saas.jobs.arq_pool import environment
from saas.jobs.queue import dispatch_pending
from saas.jobs.submit import ToArq, bulk_queue
from saas.models import Customer, ImportRun, JobRequest, Notification, WebhookDelivery
from saas.settings import Settings
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from saas.webhooks.service import EndpointFields, create_endpoint
from tests.conftest import OWNER, RUN_ID
from tests.factories import actor_for, make_group, make_lead, make_store, make_user

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_redis(port: int, tmp_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
         "--daemonize", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _start_worker(
    settings: Settings, tmp_path: Path, name: str, *, cron: bool = True, **env: str
) -> subprocess.Popen[bytes]:
    """`saas worker` (or, `cron=False`, the same workers without their cron
    jobs, so only the test's jobs run), logging to tmp_path/<name>.log."""
    environ = os.environ | {
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url or "",
        "JOB_QUEUE": settings.job_queue,
        "PYTHONPATH": str(ROOT),
    } | env  # fmt: skip
    if cron:
        command = [sys.executable, "-m", "saas.cli", "worker"]
    else:
        code = (
            "import asyncio; from saas.jobs.worker import run_workers; "
            "from saas.observability import configure_logging; configure_logging(False); "
            "from saas.settings import get_settings; "
            "asyncio.run(run_workers(get_settings(), with_cron=False))"
        )
        command = [sys.executable, "-c", code]
    with (tmp_path / f"{name}.log").open("w") as log:
        return subprocess.Popen(
            command, env=environ, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
        )


async def _until(
    check: Callable[[], Awaitable[bool]], seconds: float, what: str, logs: Path
) -> float:
    """Wait until `check()` holds; return how long it took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if await check():
            return time.monotonic() - started
        await asyncio.sleep(0.05)
    tails = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs.glob("*.log"))
    raise AssertionError(f"not within {seconds} s: {what}\n{tails}")


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.kill()
        process.wait(timeout=10)


# -- Redis outage ---------------------------------------------------------------------------


async def test_the_worker_rides_out_a_redis_outage_and_its_cron_jobs_resume(
    settings: Settings, tmp_path: Path
) -> None:
    redis_port, health_port = _free_port(), _free_port()
    own = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{redis_port}/0"})
    health = f"http://127.0.0.1:{health_port}"
    redis = _start_redis(redis_port, tmp_path)
    worker = _start_worker(own, tmp_path, "worker", WORKER_HEALTH_PORT=str(health_port))
    client = httpx.AsyncClient(timeout=2)

    async def ready() -> int | None:
        try:
            return (await client.get(f"{health}/readyz")).status_code
        except httpx.HTTPError:
            return None

    async def job_runs() -> float:
        text = (await client.get(f"{health}/metrics")).text
        return sum(
            float(v) for v in re.findall(r"^saas_job_runs_total\{[^}]*\} (\S+)$", text, re.M)
        )

    async def is_ready() -> bool:
        return await ready() == 200

    async def is_not_ready() -> bool:
        return await ready() == 503

    try:
        await _until(is_ready, 60, "the worker is ready", tmp_path)
        redis.kill()
        redis.wait(timeout=10)
        await _until(is_not_ready, 10, "the worker says it is not ready", tmp_path)
        # Several reconnection attempts pass; the worker stays up, not ready.
        await asyncio.sleep(5)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        assert await is_not_ready()

        redis = _start_redis(redis_port, tmp_path)
        await _until(is_ready, 45, "the worker is ready again", tmp_path)
        runs = await job_runs()

        async def a_cron_job_ran() -> bool:
            return await job_runs() > runs

        # Cron jobs run every 15 s at most apart (sla.sweep, jobs.dispatch, ...).
        await _until(a_cron_job_ran, 30, "a cron job runs after Redis is back", tmp_path)
        assert worker.poll() is None
        log = (tmp_path / "worker.log").read_text()
        # One warning for the outage and one for its end, not one per attempt.
        assert log.count("worker lost Redis") == 1, log
        assert log.count("worker reached Redis again") == 1, log
    finally:
        await client.aclose()
        _stop(worker)
        _stop(redis)


# -- a killed worker's lease ----------------------------------------------------------------


async def test_a_killed_workers_import_resumes_elsewhere_once_its_lease_lapses(
    settings: Settings, tmp_path: Path
) -> None:
    group = await make_group()
    store = await make_store(group, "SH-1")
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    rows = "\n".join(f"客户{i},1390000{i:04d}" for i in range(30))
    async with tenant_transaction(group.id):
        run = await start_import(
            await actor_for(boss), ImportKind.CUSTOMERS, store.id, "customers.csv",
            f"姓名,手机\n{rows}\n".encode(), max_bytes=settings.import_max_bytes,
        )  # fmt: skip
    queue, job_id = bulk_queue(settings.job_queue), f"lease-{RUN_ID}"
    redis = ArqRedis.from_url(settings.redis_url or "")
    lease = {"JOB_LEASE_SECONDS": "3"}
    first = second = None
    try:
        async with OWNER[0].transaction():
            await OWNER[0].execute('LOCK TABLE "customer" IN SHARE ROW EXCLUSIVE MODE')
            with environment(settings.job_queue):  # as the environment's API would
                await redis.enqueue_job(
                    "crm.import_file", _job_id=job_id, _queue_name=queue,
                    tenant_id=group.id, import_id=run.id,
                )  # fmt: skip
            first = _start_worker(settings, tmp_path, "first", cron=False, **lease)

            async def blocked() -> bool:
                assert first is not None and first.poll() is None
                return bool(
                    await OWNER[0].fetchval(
                        "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = "
                        "(SELECT oid FROM pg_database WHERE datname = current_database())"
                    )
                )

            await _until(blocked, 60, "the import waits for the lock", tmp_path)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        # The job is still queued and claimed by the dead worker; its lease is
        # not renewed any more and lapses.
        assert await redis.exists(f"{settings.job_queue}:arq:in-progress:{job_id}")
        killed_at = time.monotonic()
        second = _start_worker(settings, tmp_path, "second", cron=False, **lease)

        async def done() -> bool:
            async with system_transaction():
                return (await ImportRun.get(id=run.id)).status == "done"

        await _until(done, 40, "a second worker finishes the import", tmp_path)
        # Well within a minute (the default lease is 30 s; arq alone: 10 minutes).
        assert time.monotonic() - killed_at < 40
        async with tenant_transaction(group.id):
            phones = await Customer.filter(tenant_id=group.id).values_list("phone", flat=True)
        assert len(phones) == 30 and len(set(phones)) == 30
    finally:
        _stop(first)
        _stop(second)
        await redis.delete(
            queue, *(f"{settings.job_queue}:arq:{kind}:{job_id}"
                     for kind in ("result", "retry", "job", "in-progress")),
        )  # fmt: skip
        await redis.aclose()


# -- critical jobs and bulk work ------------------------------------------------------------


async def test_the_dispatcher_hands_critical_jobs_first_and_webhooks_in_batches(
    settings: Settings,
) -> None:
    """1,000 event deliveries are waiting when a thank-you is requested: the
    next dispatch, even one allowed a single job, hands the thank-you over
    first, to the critical queue, and the deliveries as 10 jobs of 100 on the
    bulk queue."""
    group = await make_group()
    store = await make_store(group, "SH-1")
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    lead = (await make_lead(ann, store)).lead
    async with tenant_transaction(group.id):
        rows = await LeadRow.load(group.id, [lead.id])
        for _ in range(10):
            await emit_for_leads(EventType.LEAD_ASSIGNED, group.id, rows * 100, {})
        await request_job("crm.thank_you", tenant_id=group.id, follow_up_id=1)
    queue = f"{settings.job_queue}-dispatch"
    redis = ArqRedis.from_url(settings.redis_url or "")
    try:
        assert await dispatch_pending(ToArq(redis, queue), limit=1, batch_size=100) == 11
        assert [j.function for j in await redis.queued_jobs(queue_name=queue)] == ["crm.thank_you"]
        batches = await redis.queued_jobs(queue_name=bulk_queue(queue))
        assert {j.function for j in batches} == {"webhooks.deliver"}
        assert sorted(len(j.kwargs["event_ids"]) for j in batches) == [100] * 10
        async with system_transaction():
            assert not await JobRequest.filter(enqueued_at=None).exists()
    finally:
        await redis.delete(queue, bulk_queue(queue))
        await redis.aclose()


async def test_a_thank_you_runs_on_time_while_an_imports_webhooks_drain(
    settings: Settings, tmp_path: Path
) -> None:
    """A 1,500-row import raises 3,000 events for a slow webhook receiver; while
    the worker works through them, a showroom visit's thank-you (a critical
    job) is still sent within seconds."""
    rows_in_file = 600
    group = await make_group()
    store = await make_store(group, "SH-1")
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    admin = await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    receiver = await asyncio.start_server(_slow_receiver, "127.0.0.1", 0)
    port = receiver.sockets[0].getsockname()[1]
    async with tenant_transaction(group.id):
        fields = EndpointFields(
            url=f"http://127.0.0.1:{port}/hooks", event_types=["lead.created", "lead.assigned"]
        )
        await create_endpoint(await actor_for(admin), fields, settings)
    lines = "\n".join(f"客户{i},1390{i:07d},B" for i in range(rows_in_file))
    async with tenant_transaction(group.id):
        run = await start_import(
            await actor_for(boss), ImportKind.LEADS, store.id, "leads.csv",
            f"姓名,手机,意向级别\n{lines}\n".encode(), max_bytes=settings.import_max_bytes,
        )  # fmt: skip
    started = time.monotonic()
    await run_import(group.id, run.id)
    print(f"import of {rows_in_file} rows: {time.monotonic() - started:.1f} s")
    async with system_transaction():
        events = await JobRequest.filter(name="webhooks.deliver").count()
    assert events >= rows_in_file
    redis = ArqRedis.from_url(settings.redis_url or "")
    runner = ToArq(redis, settings.job_queue)
    worker = _start_worker(settings, tmp_path, "worker", cron=False)
    stop = asyncio.Event()

    async def kicks() -> None:
        # What the API does after every request that asked for jobs.
        while not stop.is_set():
            with environment(settings.job_queue):  # the worker's environment
                await dispatch_pending(runner)
            await asyncio.sleep(0.5)

    kicking = asyncio.create_task(kicks())
    try:

        async def bulk_under_way() -> bool:
            async with system_transaction():
                return await WebhookDelivery.filter(status="succeeded").count() >= 20

        await _until(bulk_under_way, 60, "webhook deliveries are being sent", tmp_path)
        lead = (await make_lead(ann, store, phone="13800000000")).lead
        async with tenant_transaction(group.id):
            visit, *_ = await log_follow_up(
                await actor_for(ann),
                NewFollowUp(
                    lead.id, FollowUpChannel.SHOWROOM_VISIT, "came to see the car",
                    next_follow_up_at=datetime.now(UTC) + timedelta(days=1),
                    next_follow_up_reason="quote",
                ),
            )  # fmt: skip

        async def thanked() -> bool:
            async with tenant_transaction(group.id):
                return await Notification.filter(kind="thank_you").exists()

        lateness = await _until(thanked, 60, "the thank-you is sent", tmp_path)
        async with system_transaction():
            backlog = (
                await WebhookDelivery.filter(status="pending").count()
                + await JobRequest.filter(name="webhooks.deliver", enqueued_at=None).count()
            )
            sent = await WebhookDelivery.filter(status="succeeded").count()
        # The bulk work is not done, and did not hold the thank-you up.
        assert backlog > 0 or sent < events, (backlog, sent, events)
        print(f"thank-you after {lateness:.1f} s; {sent} of {events} sent, backlog {backlog}")
        assert lateness < 8, f"the thank-you waited {lateness:.1f} s behind bulk work"
    finally:
        stop.set()
        await kicking
        _stop(worker)
        receiver.close()
        await redis.delete(settings.job_queue, bulk_queue(settings.job_queue))
        await redis.aclose()


async def _slow_receiver(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A webhook receiver that takes half a second per delivery."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
        await reader.readexactly(length)
        await asyncio.sleep(0.5)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
    except (OSError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()
