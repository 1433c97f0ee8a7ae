"""The job worker, `saas worker`: two arq workers in one process, one for the
time-critical queue (`JOB_QUEUE`) and one for bulk work (`JOB_QUEUE:bulk`),
each with its own slots, so imports and webhook batches never delay an SLA
sweep. Both ride out a Redis outage (they reconnect with backoff, answer
not-ready meanwhile, and resume on their own) and hold a short, renewed lease
on each job they run, so a crashed worker's job resumes elsewhere within
`JOB_LEASE_SECONDS`. Every Redis key either writes starts with `JOB_QUEUE`
(`saas.jobs.arq_pool`).

`WorkerSettings` keeps arq's own entry point working
(`arq saas.jobs.worker.WorkerSettings`): arq's plain worker on `JOB_QUEUE`
with the critical cron jobs, and, started beside it by its start-up hook, the
same bulk worker, metrics and health ports, tracing and JSON logs as
`saas worker`; its keys start with `JOB_QUEUE` too. What it lacks is the
critical worker's lease and outage handling (arq's worker claims a job for
its timeout plus 10 s, and exits when Redis goes away): `saas worker` is the
one to deploy."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import signal
import time
from datetime import UTC
from typing import Any, ClassVar

from arq import func
from arq.connections import RedisSettings
from arq.cron import CronJob
from arq.worker import Worker
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from saas import wiring
from saas.db import close_db, init_db
from saas.jobqueue import is_critical
from saas.jobs.arq_pool import adopt_queued_jobs, enter_environment, environment_pool, job_key
from saas.jobs.figures import metrics_text
from saas.jobs.registry import JOBS
from saas.jobs.schedule import cron_jobs
from saas.jobs.submit import bulk_queue
from saas.observability import CONTENT_TYPE, configure_logging
from saas.settings import Settings, get_settings
from saas.tracing import configure_tracing, shutdown_tracing

log = logging.getLogger("saas.jobs")

# What a lost or restarting Redis raises.
REDIS_DOWN = (
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    OSError,
    asyncio.TimeoutError,
)
MAX_JOBS = 10  # per queue
JOB_TIMEOUT = 600
MAX_BACKOFF_SECONDS = 30.0


async def startup(ctx: dict[str, Any]) -> None:
    """arq's own CLI runs this first in its worker's main task: what
    `saas worker` sets up around its workers, and its bulk worker beside."""
    settings = get_settings()
    # From here on, in this task and the job tasks it starts, arq's keys
    # start with JOB_QUEUE.
    enter_environment(settings.job_queue)
    configure_logging(json_logs=settings.log_format.lower() == "json")  # arq's CLI set its own
    wiring.install()
    configure_tracing("saas-worker")
    await init_db(settings)
    readiness = Readiness()
    await adopt_queued_jobs(ctx["redis"], settings.job_queue, [settings.job_queue])
    ctx["saas_servers"] = await _serve_ports(settings, readiness)
    bulk = build_workers(settings, readiness)[1]
    bulk.main_task = asyncio.create_task(bulk.main())
    ctx["saas_bulk_worker"] = bulk


async def shutdown(ctx: dict[str, Any]) -> None:
    bulk: LeasedWorker | None = ctx.pop("saas_bulk_worker", None)
    if bulk is not None and bulk.main_task is not None:
        bulk.main_task.cancel()
        bulk.on_shutdown = None  # the database closes once, below
        try:
            await bulk.close()
        except (*REDIS_DOWN, asyncio.CancelledError):
            pass
    for server in ctx.pop("saas_servers", []):
        server.close()
    await close_db()
    shutdown_tracing()


def redis_settings() -> RedisSettings:
    url = get_settings().redis_url
    if not url:
        raise RuntimeError(
            "REDIS_URL is not set: the worker needs Redis (embedded mode runs jobs in `saas serve`)"
        )
    return RedisSettings.from_dsn(url)


class WorkerSettings:
    """For `arq saas.jobs.worker.WorkerSettings`: the critical queue and its
    cron jobs here, the bulk queue and its cron jobs in the worker `startup`
    starts."""

    functions: ClassVar[list[Any]] = [func(fn, name=name) for name, fn in JOBS.items()]
    cron_jobs: ClassVar[list[Any]] = [c for c in cron_jobs() if is_critical(c.name)]
    on_startup = staticmethod(startup)
    on_shutdown = staticmethod(shutdown)
    max_tries = 5
    job_timeout = JOB_TIMEOUT
    queue_name = get_settings().job_queue
    # Jobs a job requests go to the queue of their kind.
    ctx: ClassVar[dict[str, Any]] = {"queue_name": get_settings().job_queue}
    timezone = UTC  # cron times are UTC, as in the in-process runner
    redis_settings: ClassVar[RedisSettings | None] = (
        RedisSettings.from_dsn(os.environ["REDIS_URL"]) if os.environ.get("REDIS_URL") else None
    )


# For arq's CLI, `--custom-log-dict saas.jobs.worker.LOG_CONFIG`: its
# lines before the start-up hook (which sets up logging as `saas worker`
# does) are then already in the environment's LOG_FORMAT.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "saas": {"()": "saas.observability.JsonFormatter"}
        if get_settings().log_format.lower() == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"saas": {"class": "logging.StreamHandler", "formatter": "saas"}},
    "root": {"handlers": ["saas"], "level": "INFO"},
}


class Readiness:
    """Whether the worker can take jobs: not while a queue's worker cannot
    reach Redis. Logs one WARNING when an outage starts and one when it ends,
    however many attempts it took."""

    def __init__(self) -> None:
        self.down_since: dict[str, float] = {}  # queue -> when its worker lost Redis

    @property
    def ready(self) -> bool:
        return not self.down_since

    def lost(self, queue: str, exc: BaseException) -> None:
        if self.ready:
            log.warning(
                "worker lost Redis (%s: %s); reconnecting with backoff, not ready meanwhile",
                type(exc).__name__,
                exc,
            )
        self.down_since.setdefault(queue, time.time())

    def regained(self, queue: str) -> None:
        since = self.down_since.pop(queue, None)
        if since is not None and self.ready:
            log.warning("worker reached Redis again after %.0f s; resuming", time.time() - since)

    def report(self) -> dict[str, str]:
        if self.ready:
            return {"status": "ok", "redis": "ok"}
        since = min(self.down_since.values())
        return {"status": "unavailable", "redis": f"unreachable for {time.time() - since:.0f} s"}


class LeasedWorker(Worker):
    """arq's worker with three changes.

    Every key it writes starts with the environment's `JOB_QUEUE`, arq's
    per-job keys included (`saas.jobs.arq_pool`), so two environments on one
    Redis database each run their own cron runs and jobs.

    A lease: arq marks a running job with an in-progress key that lives for the
    longest job timeout plus 10 s, so a job whose worker died waits that long
    (10 minutes) before another worker may take it. Here the key lives
    `lease_seconds` and the worker renews it on every poll while the job runs.

    A Redis outage is waited out: a poll that cannot reach Redis logs one
    WARNING for the outage, marks the worker not ready, and waits with
    exponential backoff (with jitter, at most 30 s) before it polls again;
    the first poll that succeeds logs the recovery and resumes. (arq's own
    worker raises out of its loop and the process exits.)"""

    def __init__(
        self,
        *args: Any,
        lease_seconds: float,
        readiness: Readiness,
        environment: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.environment = environment
        self.in_progress_timeout_s = lease_seconds
        self.readiness = readiness
        self._failures = 0

    async def main(self) -> None:
        # This task and every job task it starts write the environment's keys.
        enter_environment(self.environment)
        while True:
            try:
                if self._pool is None:
                    settings = self.redis_settings or RedisSettings()
                    settings.conn_retries = 0
                    self._pool = await environment_pool(
                        settings,
                        self.environment,
                        default_queue_name=self.queue_name,
                        expires_extra_ms=self.expires_extra_ms,
                    )
                    adopted = await adopt_queued_jobs(
                        self._pool, self.environment, [self.queue_name]
                    )
                    if adopted:
                        log.info("took over %d jobs queued under arq's own keys", adopted)
                self._recovered()
                return await super().main()
            except REDIS_DOWN as exc:  # outside a poll: at start, or a burst's count
                await self._wait_out(exc)

    async def _poll_iteration(self) -> None:
        try:
            await super()._poll_iteration()
            await self._renew_leases()
        except REDIS_DOWN as exc:
            await self._wait_out(exc)
        else:
            self._recovered()

    async def start_jobs(self, job_ids: list[bytes]) -> None:
        # arq takes a slot before it claims a job; if Redis fails during the
        # claim, the slot is given back here (arq would keep it for good).
        for job_id in job_ids:
            if self.job_counter >= self.max_jobs:
                return
            before = self.job_counter
            try:
                await super().start_jobs([job_id])
            except REDIS_DOWN:
                if self.job_counter > before and job_id.decode() not in self.tasks:
                    self.job_counter -= 1
                    self.sem.release()
                raise

    async def _renew_leases(self) -> None:
        """Extend the in-progress key of every job still running here (and
        check Redis answers, even when there is nothing to poll for)."""
        ttl = int(self.in_progress_timeout_s * 1000)
        async with self.pool.pipeline(transaction=False) as pipe:
            pipe.ping()
            for job_id, task in self.tasks.items():
                if not task.done():
                    pipe.pexpire(job_key("in-progress", job_id), ttl)
            await pipe.execute()

    async def _wait_out(self, exc: BaseException) -> None:
        self.readiness.lost(self.queue_name, exc)
        self._failures += 1
        delay = min(0.5 * 2 ** (self._failures - 1), MAX_BACKOFF_SECONDS)
        await asyncio.sleep(delay * random.uniform(0.8, 1.2))

    def _recovered(self) -> None:
        if self._failures:
            self.readiness.regained(self.queue_name)
            self._failures = 0
            self._last_health_check = 0  # write arq's health-check key again now


def critical_cron(job: CronJob) -> bool:
    return is_critical(job.name)


def build_workers(
    settings: Settings,
    readiness: Readiness,
    *,
    burst: bool = False,
    with_cron: bool = True,
    poll_delay: float = 0.5,
) -> list[LeasedWorker]:
    """The critical worker and the bulk worker, each with the cron jobs of its queue."""
    if not settings.redis_url:
        raise RuntimeError(
            "REDIS_URL is not set: the worker needs Redis (embedded mode runs jobs in `saas serve`)"
        )
    functions = [func(fn, name=name) for name, fn in JOBS.items()]
    crons = cron_jobs() if with_cron else []
    workers = []
    for queue, wanted in (
        (settings.job_queue, [c for c in crons if critical_cron(c)]),
        (bulk_queue(settings.job_queue), [c for c in crons if not critical_cron(c)]),
    ):
        workers.append(
            LeasedWorker(
                functions,
                queue_name=queue,
                cron_jobs=wanted,
                redis_settings=RedisSettings.from_dsn(settings.redis_url),
                burst=burst,
                handle_signals=False,
                max_jobs=MAX_JOBS,
                max_tries=5,
                job_timeout=JOB_TIMEOUT,
                poll_delay=poll_delay,
                timezone=UTC,  # cron times are UTC, as in the in-process runner
                # Jobs a job requests go to the queue of their kind.
                ctx={"queue_name": settings.job_queue},
                lease_seconds=settings.job_lease_seconds,
                environment=settings.job_queue,
                readiness=readiness,
            )
        )
    return workers


async def run_workers(settings: Settings, *, burst: bool = False, with_cron: bool = True) -> None:
    """Run both workers until SIGTERM/SIGINT (or, `burst`, until both queues are empty)."""
    readiness = Readiness()
    wiring.install()
    configure_tracing("saas-worker")
    await init_db(settings)
    servers = await _serve_ports(settings, readiness)
    workers = build_workers(settings, readiness, burst=burst, with_cron=with_cron)
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(w.main()) for w in workers]
    for w, task in zip(workers, tasks, strict=True):
        w.main_task = task

    def stop(signum: signal.Signals) -> None:
        for w in workers:
            w.handle_sig(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop, signum)
    try:
        await asyncio.gather(*tasks)
    except asyncio.CancelledError:
        pass  # a signal stopped the workers
    finally:
        for w in workers:
            w.on_shutdown = None  # the database closes once, below
            try:
                await w.close()
            except (*REDIS_DOWN, asyncio.CancelledError):
                pass  # nothing to tidy in a Redis that is gone
        for server in servers:
            server.close()
        await close_db()
        shutdown_tracing()


async def _serve_ports(settings: Settings, readiness: Readiness) -> list[asyncio.Server]:
    """The health port (with /metrics) and the metrics port, those configured."""
    return [
        await _serve_health(settings, readiness, port, metrics_only=metrics_only)
        for port, metrics_only in (
            (settings.worker_health_port, False),
            (settings.worker_metrics_port, True),
        )
        if port and not (metrics_only and port == settings.worker_health_port)
    ]


async def _serve_health(
    settings: Settings, readiness: Readiness, port: int, *, metrics_only: bool = False
) -> asyncio.Server:
    """GET /healthz (the process is up), /readyz (200 when Redis answers,
    else 503) and /metrics (this process's figures, for Prometheus); only
    /metrics when `metrics_only` (WORKER_METRICS_PORT)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), 5)
            path = request_line.split(b" ")[1].decode() if request_line.count(b" ") >= 2 else ""
            raw: bytes
            if path == "/metrics":
                status, raw, kind = 200, await metrics_text(settings), CONTENT_TYPE
            elif metrics_only:
                status, raw, kind = 404, b'{"error": "not found"}', "application/json"
            elif path == "/readyz":
                status = 200 if readiness.ready else 503
                raw, kind = json.dumps(readiness.report()).encode(), "application/json"
            elif path == "/healthz":
                status, raw, kind = 200, b'{"status": "ok"}', "application/json"
            else:
                status, raw, kind = 404, b'{"error": "not found"}', "application/json"
            reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}[status]
            writer.write(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\n"
                f"Content-Length: {len(raw)}\r\nConnection: close\r\n\r\n".encode()
                + raw
            )
            await writer.drain()
        except (TimeoutError, OSError, IndexError, UnicodeDecodeError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(answer, settings.host, port)
