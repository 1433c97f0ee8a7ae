"""Two environments (say staging and production) on one Redis database, each
with its own `JOB_QUEUE`: the same cron job falling due at the same moment
runs once in each, and a job request handed over with the same id in both is
queued in both. Every key either writes carries its own `JOB_QUEUE`."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import redis.asyncio as redis
from arq.utils import to_unix_ms

from saas.jobs.submit import JobSystem
from saas.jobs.worker import LeasedWorker, Readiness, build_workers
from saas.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
async def environments(settings: Settings) -> AsyncIterator[list[Settings]]:
    """Staging and production settings, sharing this run's database and Redis."""
    run = secrets.token_hex(3)
    envs = [
        settings.model_copy(update={"job_queue": f"{name}-{run}:queue"})
        for name in ("staging", "production")
    ]
    yield envs
    client = redis.Redis.from_url(settings.redis_url or "")
    try:
        keys = [k async for k in client.scan_iter(f"*{run}*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


def _dispatch_cron_worker(settings: Settings, due: datetime) -> LeasedWorker:
    """The environment's critical worker, in burst mode, with its `jobs.dispatch`
    cron job due at `due`."""
    worker = build_workers(settings, Readiness(), burst=True, poll_delay=0.05)[0]
    worker.cron_jobs = [c for c in worker.cron_jobs if c.name == "jobs.dispatch"]
    assert worker.cron_jobs, "jobs.dispatch is no longer a critical cron job"
    worker.cron_jobs[0].next_run = due
    return worker


async def _keys(settings: Settings, pattern: str) -> set[str]:
    client = redis.Redis.from_url(settings.redis_url or "")
    try:
        return {k.decode() async for k in client.scan_iter(pattern)}
    finally:
        await client.aclose()


async def test_each_environment_runs_its_own_cron_job(environments: list[Settings]) -> None:
    due = datetime.now(UTC).replace(microsecond=0)
    workers = [_dispatch_cron_worker(env, due) for env in environments]
    try:
        await asyncio.wait_for(asyncio.gather(*(w.main() for w in workers)), timeout=60)
    finally:
        for w in workers:
            await w.close()

    assert [w.jobs_complete for w in workers] == [1, 1]
    run_id = f"jobs.dispatch:{to_unix_ms(due)}"
    # arq keeps a cron run's in-progress key a minute after it ends, so that
    # no other worker starts the same run: one per environment.
    runs = await _keys(environments[0], f"*{run_id}")
    assert runs == {f"arq:in-progress:{env.job_queue}:{run_id}" for env in environments}


async def test_a_job_request_is_queued_in_each_environment(environments: list[Settings]) -> None:
    systems = [JobSystem(env.redis_url, env.job_queue) for env in environments]
    job_id = f"request-1-{secrets.token_hex(4)}"
    try:
        for system in systems:
            # The same request id in both: each environment has its own job_request rows.
            await (await system.submitter()).submit("jobs.dispatch", job_id=job_id)
    finally:
        for system in systems:
            await system.close()
    jobs = await _keys(environments[0], f"arq:job:*{job_id}")
    assert jobs == {f"arq:job:{env.job_queue}:{job_id}" for env in environments}
    client = redis.Redis.from_url(environments[0].redis_url or "")
    try:
        for env in environments:
            assert await client.zrange(env.job_queue, 0, -1) == [
                f"{env.job_queue}:{job_id}".encode()
            ]
    finally:
        await client.aclose()
