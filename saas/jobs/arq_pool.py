"""arq's Redis keys for one environment.

Several environments (staging and production, two test runs) may share one
Redis database: each has its own `JOB_QUEUE`, and every key either writes
starts with it. Ours: the queues `JOB_QUEUE` and `JOB_QUEUE:bulk`, arq's
health-check keys `JOB_QUEUE:health-check` (and `JOB_QUEUE:bulk:...`), the
rate-limit windows `JOB_QUEUE:rate:...`, the live-event channel
`JOB_QUEUE:events`. arq's per-job keys (the job, its in-progress claim, its
retry count, its result) are built as `arq:job:<id>`, `arq:in-progress:<id>`,
`arq:retry:<id>`, `arq:result:<id>` from constants that `arq.connections`,
`arq.jobs` and `arq.worker` import by name; here they become
`JOB_QUEUE:arq:job:<id>` and so on. So a cron run, whose id is
`<job>:<ms>` in every environment, is claimed once per environment, and a job
id reused by another environment is another job.

How: each of those constants is replaced, once, in the three modules, by a
`str` whose `+` (how arq builds every key from them: `prefix + job_id`) puts
the current environment in front. The environment is a context variable: an
`EnvironmentRedis` sets it around its enqueue and its reading of a queued
job, a worker (ours, or arq's own under `arq saas.jobs.worker.WorkerSettings`)
sets it once at the start of its main task, and every task the worker starts
inherits it. A context
variable rather than a process-wide setting, because one process may hold two
environments (the test suite does; so could a tool that drains one
environment's queue into another's), and rather than a copy of arq's worker
with the prefixes changed, because that would be most of arq. Outside any
environment the prefixes stay arq's own.

Not covered, because nothing here uses them: `arq:abort` (job abortion, off
in our workers) and `ArqRedis.all_job_results` / `Job.status()`, which read
keys outside an `EnvironmentRedis` call.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import arq.connections
import arq.jobs
import arq.worker
from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.constants import (
    in_progress_key_prefix,
    job_key_prefix,
    result_key_prefix,
    retry_key_prefix,
)
from arq.jobs import Job, JobDef

_environment: ContextVar[str | None] = ContextVar("arq_environment", default=None)


class EnvironmentPrefix(str):
    """One of arq's key prefixes: `prefix + job_id` starts with the current
    environment (`JOB_QUEUE:arq:job:<id>`), or is arq's own key outside one."""

    __slots__ = ()

    def __add__(self, other: str) -> str:
        key = str.__add__(self, other)
        environment = _environment.get()
        return f"{environment}:{key}" if environment else key


_PREFIXES = {
    "job_key_prefix": job_key_prefix,
    "in_progress_key_prefix": in_progress_key_prefix,
    "result_key_prefix": result_key_prefix,
    "retry_key_prefix": retry_key_prefix,
}
for _module in (arq.connections, arq.jobs, arq.worker):
    for _name, _value in _PREFIXES.items():
        if hasattr(_module, _name):
            setattr(_module, _name, EnvironmentPrefix(_value))


def job_key(kind: str, job_id: str) -> str:
    """The key arq uses for `job_id` (kind: job, in-progress, retry, result)
    in the current environment."""
    return EnvironmentPrefix(f"arq:{kind}:") + job_id


def current_environment() -> str | None:
    return _environment.get()


def enter_environment(name: str) -> None:
    """From here on, in this task and the tasks it starts, arq's keys start
    with `name:` (a worker calls it at the start of its main task)."""
    _environment.set(name)


@contextmanager
def environment(name: str) -> Iterator[None]:
    """arq's keys start with `name:` inside the block."""
    token = _environment.set(name)
    try:
        yield
    finally:
        _environment.reset(token)


class EnvironmentRedis(ArqRedis):
    """An `ArqRedis` whose job keys start with `environment:`."""

    environment: str = ""

    async def enqueue_job(self, function: str, *args: Any, **kwargs: Any) -> Job | None:
        with environment(self.environment):
            return await super().enqueue_job(function, *args, **kwargs)

    async def _get_job_def(self, job_id: bytes, score: int) -> JobDef:
        with environment(self.environment):
            return await super()._get_job_def(job_id, score)


async def adopt_queued_jobs(redis: Any, environment_name: str, queues: list[str]) -> int:
    """Jobs an earlier version left queued: it kept arq's keys as arq names
    them (`arq:job:<id>`, `arq:retry:<id>`), and a worker of this version
    would find no job under `JOB_QUEUE:arq:job:<id>` and drop it as expired.
    Their keys are renamed into the environment's; returns how many jobs.
    (A worker runs this as it starts; see README, "Upgrading".)"""
    adopted = 0
    for queue in queues:
        for raw in await redis.zrange(queue, 0, -1):
            job_id = raw.decode()
            old, new = f"arq:job:{job_id}", f"{environment_name}:arq:job:{job_id}"
            if not await redis.exists(old) or await redis.exists(new):
                continue
            async with redis.pipeline(transaction=True) as pipe:
                pipe.renamenx(old, new)
                pipe.exists(f"arq:retry:{job_id}")
                renamed, retried = await pipe.execute()
            if retried:
                await redis.renamenx(
                    f"arq:retry:{job_id}", f"{environment_name}:arq:retry:{job_id}"
                )
            adopted += int(bool(renamed))
    return adopted


async def environment_pool(
    settings: RedisSettings, environment_name: str, *, default_queue_name: str, **kwargs: Any
) -> EnvironmentRedis:
    """arq's `create_pool` (with its connection retries), as an
    `EnvironmentRedis` for `environment_name` (the environment's `JOB_QUEUE`)
    sharing its connections."""
    base = await create_pool(settings, default_queue_name=default_queue_name, **kwargs)
    pool = EnvironmentRedis(
        base.connection_pool,
        job_serializer=base.job_serializer,
        job_deserializer=base.job_deserializer,
        default_queue_name=base.default_queue_name,
        expires_extra_ms=base.expires_extra_ms,
    )
    pool.environment = environment_name
    # The connections are this client's to close now.
    pool.auto_close_connection_pool = True
    return pool
