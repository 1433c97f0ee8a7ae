"""Jobs as the domains declare them, and the job outbox; low enough that every
domain may import it.

A domain declares a job in its own `jobs.py` with `@job(name, cron=...,
queue=..., per_tenant=...)`; `saas.jobs.registry` imports those modules and
hands the registry to the worker and the in-process runner. A job requested by
a transaction (`request_job`) is recorded in `job_request` with the change
that caused it and handed to arq (or run in-process) once it has committed; if
Redis is down it stays pending and the `jobs.dispatch` cron retries.

A per-tenant job's function takes one active dealer group and runs inside
that group's own tenant transaction. The registry runs it for each group in
turn: a group that fails is rolled back, logged, counted
(`saas_job_failures_total{job,scope="tenant"}`) and retried by a job request
for that group alone (with the run's `now`), and the other groups go on."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import orjson

from saas.db import insert_many
from saas.models import DealerGroup, JobRequest, PlatformJobRequest
from saas.observability import JOB_FAILURES
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tracing import TRACEPARENT_KEY, current_traceparent

log = logging.getLogger("saas.jobs")
_requested: ContextVar[list[int] | None] = ContextVar("requested_jobs", default=None)

Queue = Literal["critical", "bulk"]
JobFn = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class JobSpec:
    """A declared job: `name` reads `domain.event`; `cron` holds arq's `cron()`
    keywords (UTC), or None for a job only ever requested; `queue` is
    "critical" (time-critical, never waits behind bulk work) or "bulk"."""

    name: str
    run: JobFn
    cron: dict[str, Any] | None
    queue: Queue
    per_tenant: bool


REGISTRY: dict[str, JobSpec] = {}


def job(
    name: str,
    *,
    cron: dict[str, Any] | None = None,
    queue: Queue = "bulk",
    per_tenant: bool = False,
    combine: Callable[[dict[int, Any]], Any] = dict,
) -> Callable[[JobFn], JobFn]:
    """Register a job function. A plain job is `fn(ctx, **kwargs)`. A
    per-tenant job is `fn(ctx, group, **kwargs)`; what the decorator returns
    (and the registry runs) is the whole run over every active dealer group,
    or over `tenant_id`'s alone when the job is called with it (a retry),
    whose results `combine` turns into the job's result (default: a dict
    tenant id -> result)."""

    def register(fn: JobFn) -> JobFn:
        if name in REGISTRY:
            raise ValueError(f"job {name!r} is declared twice")
        run = _per_tenant(name, fn, combine) if per_tenant else fn
        REGISTRY[name] = JobSpec(name, run, cron, queue, per_tenant)
        return run

    return register


def sweep(
    name: str,
    service: Callable[[int, datetime], Awaitable[Any]],
    *,
    cron: dict[str, Any],
    queue: Queue = "bulk",
    combine: Callable[[dict[int, Any]], Any] = dict,
) -> JobFn:
    """Declare a per-tenant job that is one call of `service(tenant_id, now)`
    for each active group (a sweep of the service's rows due at `now`); the
    job keeps the service's name and docstring."""

    @functools.wraps(service)
    async def run(ctx: dict[str, Any], group: DealerGroup, *, now: str) -> Any:
        return await service(group.id, parse_now(now))

    return job(name, cron=cron, queue=queue, per_tenant=True, combine=combine)(run)


def is_critical(name: str) -> bool:
    spec = REGISTRY.get(name)
    return spec is not None and spec.queue == "critical"


def critical_jobs() -> list[str]:
    return sorted(name for name, spec in REGISTRY.items() if spec.queue == "critical")


def total(results: dict[int, int]) -> int:
    """`combine` for per-tenant jobs that count."""
    return sum(results.values())


def concat(results: dict[int, list[Any]]) -> list[Any]:
    """`combine` for per-tenant jobs that return lists."""
    return [item for items in results.values() for item in items]


def parse_now(now: str | None) -> datetime:
    """A job's `now` keyword (ISO 8601, lets tests and replays fix the clock)."""
    return datetime.fromisoformat(now) if now else datetime.now(UTC)


async def active_groups(tenant_id: int | None = None) -> list[DealerGroup]:
    async with system_transaction():
        query = DealerGroup.filter(is_active=True)
        if tenant_id is not None:
            query = query.filter(id=tenant_id)
        return list(await query.order_by("id"))


async def active_tenant_ids() -> list[int]:
    return [group.id for group in await active_groups()]


def _per_tenant(name: str, fn: JobFn, combine: Callable[[dict[int, Any]], Any]) -> JobFn:
    @functools.wraps(fn)
    async def run(ctx: dict[str, Any], *, tenant_id: int | None = None, **kwargs: Any) -> Any:
        # Every group sees the same clock; a retry replays the run's.
        kwargs["now"] = kwargs.get("now") or datetime.now(UTC).isoformat()
        results: dict[int, Any] = {}
        for group in await active_groups(tenant_id):
            try:
                async with tenant_transaction(group.id):
                    results[group.id] = await fn(ctx, group, **kwargs)
            except Exception:
                if tenant_id is not None:
                    raise  # a retry of one group: the queue's retries take over
                log.exception("job %s failed for tenant %s; retrying it alone", name, group.id)
                JOB_FAILURES.labels(name, "tenant").inc()
                async with system_transaction():
                    await request_job(name, tenant_id=group.id, **kwargs)
        return combine(results)

    return run


async def request_job(name: str, **kwargs: Any) -> None:
    """Record a job to run after the current transaction commits; `kwargs` are
    the job's (ids only). With tracing on, the request's `traceparent` goes
    along so that the job's span links back to it."""
    traceparent = current_traceparent()
    if traceparent is not None:
        kwargs[TRACEPARENT_KEY] = traceparent
    tenant_id = kwargs.get("tenant_id")
    row = (
        await JobRequest.create(name=name, tenant_id=tenant_id, kwargs=kwargs)
        if tenant_id is not None
        else await PlatformJobRequest.create(name=name, kwargs=kwargs)
    )
    requested = _requested.get()
    if requested is not None:
        requested.append(row.id)


async def request_jobs(name: str, kwargs_list: list[dict[str, Any]]) -> None:
    """`request_job` for many jobs of one name, in one statement; dealer
    groups' jobs only (each kwargs names its `tenant_id`)."""
    if any(kw.get("tenant_id") is None for kw in kwargs_list):
        raise ValueError("request_jobs is for dealer groups' jobs; use request_job")
    now = datetime.now(UTC)
    ids = await insert_many(
        "job_request",
        ["created_at", "tenant_id", "name", "kwargs"],
        [[now, kw.get("tenant_id"), name, orjson.dumps(kw).decode()] for kw in kwargs_list],
        returning_ids=True,
    )
    requested = _requested.get()
    if requested is not None:
        requested.extend(ids)


def collect_requests() -> list[int]:
    """Start collecting job requests made in this context (one request)."""
    bucket: list[int] = []
    _requested.set(bucket)
    return bucket
