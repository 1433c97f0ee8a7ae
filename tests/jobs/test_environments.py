"""Two environments (say staging and production) on one Redis database, each
with its own `JOB_QUEUE`: the same cron job falling due at the same moment
runs once in each, and a job request handed over with the same id in both is
queued and run in both. Every key either writes starts with its own
`JOB_QUEUE`, arq's per-job keys included: the test gives them a Redis
database of their own and reads every key in it.

Staging runs `saas worker`'s workers (in this process); production runs arq's
own command line, `arq saas.jobs.worker.WorkerSettings` (a process), which
also exposes the worker's metrics."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import secrets
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import redis.asyncio as redis
from arq.connections import ArqRedis
from arq.utils import to_unix_ms

from saas.jobs.submit import JobSystem
from saas.jobs.worker import LeasedWorker, Readiness, build_workers
from saas.settings import Settings
from tests.net import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# Any run's environments (another run of this test may share the database).
ENVIRONMENT_KEY = re.compile(r"^(staging|production)-[0-9a-f]{6}:queue(:|$)")


@pytest.fixture
async def environments(settings: Settings) -> AsyncIterator[list[Settings]]:
    """Staging and production settings, sharing this run's PostgreSQL
    database and a Redis database that nothing else here writes to."""
    run = secrets.token_hex(3)
    base = (settings.redis_url or "").rsplit("/", 1)[0]
    url = f"{base}/{await _quiet_database(base, list(range(1, 16)))}"
    envs = [
        settings.model_copy(update={"job_queue": f"{name}-{run}:queue", "redis_url": url})
        for name in ("staging", "production")
    ]
    yield envs
    client = redis.Redis.from_url(url)
    try:
        keys = [k async for k in client.scan_iter(f"*-{run}:queue*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


async def _quiet_database(base: str, candidates: list[int]) -> int:
    """A Redis database with no keys (another test run may use one, so pick at random)."""
    random.shuffle(candidates)
    for n in candidates:
        client = redis.Redis.from_url(f"{base}/{n}")
        try:
            if await client.dbsize() == 0:
                return n
        finally:
            await client.aclose()
    pytest.fail("no empty Redis database among 1-15")


def _dispatch_cron_worker(settings: Settings, due: datetime) -> LeasedWorker:
    """The environment's critical worker, in burst mode, with its `jobs.dispatch`
    cron job due at `due`."""
    worker = build_workers(settings, Readiness(), burst=True, poll_delay=0.05)[0]
    worker.cron_jobs = [c for c in worker.cron_jobs if c.name == "jobs.dispatch"]
    assert worker.cron_jobs, "jobs.dispatch is no longer a critical cron job"
    worker.cron_jobs[0].next_run = due
    return worker


def _arq_cli(
    settings: Settings, due: datetime, metrics_port: int, log: Path
) -> subprocess.Popen[bytes]:
    """`arq saas.jobs.worker.WorkerSettings` as an operator runs it, with
    `jobs.dispatch` due at `due` (its only cron job, so that the run is
    known) and its logging in the environment's format from the first line."""
    code = (
        "from datetime import datetime; from arq.cli import cli; "
        "from saas.jobs.worker import WorkerSettings as W; "
        "W.cron_jobs = [c for c in W.cron_jobs if c.name == 'jobs.dispatch']; "
        f"W.cron_jobs[0].next_run = datetime.fromisoformat({due.isoformat()!r}); "
        "cli(['saas.jobs.worker.WorkerSettings', "
        "'--custom-log-dict', 'saas.jobs.worker.LOG_CONFIG'])"
    )
    env = os.environ | {
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url or "",
        "JOB_QUEUE": settings.job_queue,
        "WORKER_METRICS_PORT": str(metrics_port),
        "LOG_FORMAT": "json",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("WORKER_HEALTH_PORT", None)
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=out, stderr=subprocess.STDOUT
        )


async def _keys(url: str, pattern: str = "*") -> set[str]:
    client = redis.Redis.from_url(url)
    try:
        return {k.decode() async for k in client.scan_iter(pattern)}
    finally:
        await client.aclose()


async def _submit(settings: Settings, job_id: str) -> None:
    system = JobSystem(settings.redis_url, settings.job_queue)
    try:
        await (await system.submitter()).submit("jobs.dispatch", job_id=job_id)
    finally:
        await system.close()


async def test_each_environment_runs_its_own_cron_runs_and_jobs_under_its_own_keys(
    environments: list[Settings], tmp_path: Path
) -> None:
    staging, production = environments
    due = datetime.now(UTC).replace(microsecond=0)
    job_id = f"request-1-{secrets.token_hex(4)}"
    # The same request id in both (each environment has its own job_request rows).
    for env in environments:
        await _submit(env, job_id)

    port = free_port()
    cli = _arq_cli(production, due, port, tmp_path / "arq.log")
    try:
        worker = _dispatch_cron_worker(staging, due)
        try:
            await asyncio.wait_for(worker.main(), timeout=60)
        finally:
            await worker.close()
        assert worker.jobs_complete >= 2, "the cron run and the request"

        # arq's own CLI: its cron run and the request ran, counted on the
        # worker's metrics port.
        figures = ""
        started = time.monotonic()
        async with httpx.AsyncClient() as http:
            while 'saas_job_runs_total{job="jobs.dispatch"} 2.0' not in figures:
                assert cli.poll() is None, (tmp_path / "arq.log").read_text()[-3000:]
                assert time.monotonic() - started < 60, figures or "no metrics"
                with contextlib.suppress(httpx.TransportError):
                    figures = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
                await asyncio.sleep(0.2)
    finally:
        cli.terminate()
        cli.wait(timeout=30)
    assert cli.returncode == 0, (tmp_path / "arq.log").read_text()[-3000:]
    logged = (tmp_path / "arq.log").read_text().splitlines()
    assert logged and all(line.startswith("{") for line in logged), logged[:5]

    keys = await _keys(staging.redis_url or "")
    assert keys, "nothing written"
    assert [k for k in keys if not ENVIRONMENT_KEY.match(k)] == []
    run_id = f"jobs.dispatch:{to_unix_ms(due)}"
    for env in environments:
        # arq keeps a cron run's in-progress key a minute after it ends, so
        # that no other worker starts the same run: one per environment.
        assert f"{env.job_queue}:arq:in-progress:{run_id}" in keys
        # Each ran the request under its own keys (jobs.dispatch being a cron
        # job too, arq keeps its claim, not its result).
        assert f"{env.job_queue}:arq:in-progress:{job_id}" in keys
    assert {k for k in keys if k.endswith(f":arq:in-progress:{run_id}")} == {
        f"{env.job_queue}:arq:in-progress:{run_id}" for env in environments
    }


async def test_a_job_request_is_queued_in_each_environment(environments: list[Settings]) -> None:
    job_id = f"request-1-{secrets.token_hex(4)}"
    for env in environments:
        await _submit(env, job_id)
    url = environments[0].redis_url or ""
    assert await _keys(url, f"*:arq:job:{job_id}") == {
        f"{env.job_queue}:arq:job:{job_id}" for env in environments
    }
    client = redis.Redis.from_url(url)
    try:
        for env in environments:
            assert await client.zrange(env.job_queue, 0, -1) == [job_id.encode()]
    finally:
        await client.aclose()
    assert all(ENVIRONMENT_KEY.match(k) for k in await _keys(url))


async def test_a_worker_takes_over_jobs_queued_under_arqs_own_keys(
    environments: list[Settings],
) -> None:
    """A job the previous version left queued (its keys named as arq names
    them, its id carrying the queue) runs once a worker of this version
    starts, instead of being dropped as expired."""
    staging = environments[0]
    url = staging.redis_url or ""
    old = ArqRedis.from_url(url)
    try:
        job_id = f"{staging.job_queue}:request-7-{secrets.token_hex(4)}"
        await old.enqueue_job("jobs.dispatch", _job_id=job_id, _queue_name=staging.job_queue)
        assert await old.exists(f"arq:job:{job_id}")
    finally:
        await old.aclose()
    worker = build_workers(staging, Readiness(), burst=True, poll_delay=0.05, with_cron=False)[0]
    try:
        await asyncio.wait_for(worker.main(), timeout=60)
    finally:
        await worker.close()
    assert (worker.jobs_complete, worker.jobs_failed) == (1, 0)
    assert all(ENVIRONMENT_KEY.match(k) for k in await _keys(url))
