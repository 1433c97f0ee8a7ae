"""Where requested jobs go: arq on Redis, or straight into this process."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from saas.jobqueue import is_critical
from saas.jobs.queue import dispatch_pending

log = logging.getLogger("saas.jobs")

# Time-critical jobs (declared `queue="critical"`: SLA, cadence, thank-you,
# notifications, the dispatcher itself) are handed over before anything else
# and queued on their own arq queue, which worker slots of their own read, so
# bulk work (imports, reports, webhook fan-out) never delays them. Every other
# job goes to `<queue>:bulk`.


def bulk_queue(queue: str) -> str:
    return f"{queue}:bulk"


def queue_for(name: str, queue: str | None) -> str | None:
    """The arq queue of job `name`; None (the pool's default) stays None."""
    if queue is None or is_critical(name):
        return queue
    return bulk_queue(queue)


# The runnable jobs, by name: `saas.jobs.registry` hands them over once it has
# loaded them (it also holds `jobs.dispatch`, which submits, so it sits above).
_jobs: dict[str, Any] = {}


def use_jobs(jobs: dict[str, Any]) -> None:
    _jobs.update(jobs)


class InProcess:
    """Embedded mode: run the job function now, in this process."""

    async def submit(self, name: str, job_id: str, **kwargs: Any) -> None:
        if name not in _jobs:
            raise LookupError(f"no job {name!r} loaded (import saas.jobs.registry)")
        await _jobs[name]({"job_id": job_id, "in_process": True}, **kwargs)


class ToArq:
    """Enqueue on arq; the job id makes a second enqueue of the same request a no-op."""

    def __init__(self, redis: Any, queue: str | None = None) -> None:
        self.redis = redis
        self.queue = queue

    async def submit(self, name: str, job_id: str, **kwargs: Any) -> None:
        await self.redis.enqueue_job(
            name, _job_id=job_id, _queue_name=queue_for(name, self.queue), **kwargs
        )


def submitter_for(ctx: dict[str, Any]) -> Any:
    if ctx.get("submitter") is not None:
        return ctx["submitter"]
    if ctx.get("redis") is not None:
        # A worker's pool defaults to the queue that worker reads.
        return ToArq(ctx["redis"], ctx.get("queue_name"))
    return InProcess()


class JobSystem:
    """The API process's side of jobs: where requests go after a commit."""

    def __init__(self, redis_url: str | None, queue: str = "arq:queue") -> None:
        self.redis_url = redis_url
        self.queue = queue
        self._pool: Any = None
        self._tasks: set[Any] = set()

    async def submitter(self) -> Any:
        if not self.redis_url:
            return InProcess()
        if self._pool is None:
            # Only with REDIS_URL set: the embedded mode never loads arq and redis.
            from arq.connections import RedisSettings

            from saas.jobs.arq_pool import environment_pool

            settings = RedisSettings.from_dsn(self.redis_url)
            settings.conn_retries = 0
            self._pool = await environment_pool(settings, self.queue, default_queue_name=self.queue)
        return ToArq(self._pool, self.queue)

    def kick(self) -> None:
        """Dispatch pending requests in the background; failures leave them
        pending for the `jobs.dispatch` cron."""

        async def run() -> None:
            try:
                await dispatch_pending(await self.submitter())
            except Exception:
                log.warning("job dispatch failed; requests stay pending", exc_info=True)

        task = asyncio.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def close(self) -> None:
        await self.drain()
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None
