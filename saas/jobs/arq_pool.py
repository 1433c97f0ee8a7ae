"""arq's Redis client for one environment.

Several environments (staging and production, two test runs) may share one
Redis database: each has its own `JOB_QUEUE`, and every key it writes carries
it. The queues are `JOB_QUEUE` and `JOB_QUEUE:bulk`, arq's health-check key
`JOB_QUEUE:health-check`, the rate-limit windows `JOB_QUEUE:rate:...`, the
live-event channel `JOB_QUEUE:events`. arq fixes the prefixes of its per-job
keys (`arq:job:`, `arq:in-progress:`, `arq:retry:`, `arq:result:`) and names
a cron run `<job>:<ms>`, the same in every environment; so this client puts
`JOB_QUEUE:` in front of every job id it enqueues (`arq:job:JOB_QUEUE:...`).
Without it, the first environment to enqueue `sla.sweep` at 10:05 would make
the other's enqueue of the same id a no-op, and the job would run in the
first environment only."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.jobs import Job


class EnvironmentRedis(ArqRedis):
    """An `ArqRedis` whose enqueued job ids start with `namespace:`."""

    namespace: str = ""

    async def enqueue_job(
        self, function: str, *args: Any, _job_id: str | None = None, **kwargs: Any
    ) -> Job | None:
        job_id = f"{self.namespace}:{_job_id or uuid4().hex}"
        return await super().enqueue_job(function, *args, _job_id=job_id, **kwargs)


async def environment_pool(
    settings: RedisSettings, namespace: str, *, default_queue_name: str, **kwargs: Any
) -> EnvironmentRedis:
    """arq's `create_pool` (with its connection retries), as an `EnvironmentRedis`
    for `namespace` (the environment's `JOB_QUEUE`) sharing its connections."""
    base = await create_pool(settings, default_queue_name=default_queue_name, **kwargs)
    pool = EnvironmentRedis(
        base.connection_pool,
        job_serializer=base.job_serializer,
        job_deserializer=base.job_deserializer,
        default_queue_name=base.default_queue_name,
        expires_extra_ms=base.expires_extra_ms,
    )
    pool.namespace = namespace
    # The connections are this client's to close now.
    pool.auto_close_connection_pool = True
    return pool
