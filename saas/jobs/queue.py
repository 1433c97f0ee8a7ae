"""Jobs requested by a transaction: recorded in the database with the change
that caused them, and handed to arq (or run in-process) once it has committed.
If Redis is down they stay pending and the `jobs.dispatch` cron retries."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from saas.models import JobRequest

log = logging.getLogger("saas.jobs")
_requested: ContextVar[list[int] | None] = ContextVar("requested_jobs", default=None)


async def request_job(name: str, **kwargs: Any) -> None:
    """Record a job to run after the current transaction commits; `kwargs` are
    the job's (ids only)."""
    row = await JobRequest.create(name=name, tenant_id=kwargs.get("tenant_id"), kwargs=kwargs)
    requested = _requested.get()
    if requested is not None:
        requested.append(row.id)


async def request_jobs(name: str, kwargs_list: list[dict[str, Any]]) -> None:
    """`request_job` for many jobs of one name, in one statement."""
    import orjson

    from saas.db import insert_many

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


async def dispatch_pending(runner: Any, limit: int = 200) -> int:
    """Hand pending job requests to `runner` (arq pool or in-process); each is
    claimed by a conditional update, so two dispatchers never run one twice."""
    from saas.tenancy.rls import system_transaction

    handed = 0
    async with system_transaction():
        pending = await JobRequest.filter(enqueued_at=None).order_by("id").limit(limit)
    for job in pending:
        async with system_transaction():
            claimed = await JobRequest.filter(id=job.id, enqueued_at=None).update(
                enqueued_at=datetime.now(UTC)
            )
        if not claimed:
            continue
        try:
            # The creation time keeps ids unique even if the table is ever reset.
            job_id = f"request-{job.id}-{int(job.created_at.timestamp() * 1_000_000)}"
            await runner.submit(job.name, job_id=job_id, **job.kwargs)
            handed += 1
        except Exception:
            log.warning(
                "could not hand job %s (%s) over; it stays pending", job.id, job.name, exc_info=True
            )
            async with system_transaction():
                await JobRequest.filter(id=job.id).update(enqueued_at=None)
    return handed
