"""Handing job requests (`saas.jobqueue.request_job`, recorded in the database
with the change that caused them) to arq or to this process once they have
committed. If Redis is down they stay pending and the `jobs.dispatch` cron
retries."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Case, When

from saas.jobqueue import critical_jobs
from saas.models import JobRequest, PlatformJobRequest
from saas.settings import get_settings
from saas.tenancy.rls import system_transaction

log = logging.getLogger("saas.jobs")


# A dealer group's job request, or one of nobody's.
AnyRequest = JobRequest | PlatformJobRequest


async def dispatch_pending(runner: Any, limit: int = 200, batch_size: int | None = None) -> int:
    """Hand pending job requests to `runner` (arq pool or in-process): up to
    `limit` of them, time-critical ones first (`critical_jobs()`), then the
    oldest; then the `webhooks.deliver` requests, many events of one tenant per
    job (`batch_size`, default `WEBHOOK_BATCH_SIZE`), so a burst of events
    costs a few jobs, not one each. Each request is claimed by a conditional
    update, so two dispatchers never run one twice. Returns the jobs handed over."""
    handed = 0
    pending: list[AnyRequest] = []
    async with system_transaction():
        # A dealer group's requests and the platform's: their ids come from
        # one sequence, so the oldest first holds across both.
        for model in (JobRequest, PlatformJobRequest):
            pending += (
                await model.filter(enqueued_at=None)
                .exclude(name__in=list(BATCHED))
                .annotate(urgency=Case(When(name__in=critical_jobs(), then="0"), default="1"))
                .order_by("urgency", "id")
                .limit(limit)
            )
    critical = set(critical_jobs())
    pending = sorted(pending, key=lambda job: (job.name not in critical, job.id))[:limit]
    for job in pending:
        async with system_transaction():
            claimed = (
                await type(job)
                .filter(id=job.id, enqueued_at=None)
                .update(enqueued_at=datetime.now(UTC))
            )
        if not claimed:
            continue
        if await _hand_over(runner, [job], job.name, job.kwargs):
            handed += 1
    size = batch_size or get_settings().webhook_batch_size
    for name, key in BATCHED.items():
        for batch in await _claim_batches(name, size, batches=10):
            kwargs = {"tenant_id": batch[0].tenant_id, f"{key}s": [j.kwargs[key] for j in batch]}
            handed += await _hand_over(runner, batch, name, kwargs)
    return handed


# Jobs requested once per event, handed over as one job per tenant and batch:
# name -> the keyword that the batch job takes as a list (`event_id` -> `event_ids`).
BATCHED = {"webhooks.deliver": "event_id"}


async def _claim_batches(name: str, size: int, batches: int) -> list[list[JobRequest]]:
    """Claim up to `batches` batches of pending `name` requests, oldest first,
    at most `size` of one tenant each (rows another dispatcher holds are skipped)."""
    async with system_transaction():
        rows = (
            await JobRequest.filter(enqueued_at=None, name=name)
            .order_by("id")
            .limit(size * batches)
            .select_for_update(skip_locked=True)
        )
        if not rows:
            return []
        await JobRequest.filter(id__in=[r.id for r in rows]).update(enqueued_at=datetime.now(UTC))
    by_tenant: dict[int | None, list[JobRequest]] = {}
    for row in rows:
        by_tenant.setdefault(row.tenant_id, []).append(row)
    return [group[i : i + size] for group in by_tenant.values() for i in range(0, len(group), size)]


async def _hand_over(
    runner: Any, jobs: Sequence[AnyRequest], name: str, kwargs: dict[str, Any]
) -> int:
    """Submit one job for the claimed `jobs`; on failure they are pending again."""
    first, last = jobs[0], jobs[-1]
    try:
        # The creation time keeps ids unique even if the table is ever reset.
        stamp = int(first.created_at.timestamp() * 1_000_000)
        job_id = f"request-{first.id}-{stamp}" + (f"-{last.id}" if len(jobs) > 1 else "")
        await runner.submit(name, job_id=job_id, **kwargs)
        return 1
    except Exception:
        log.warning(
            "could not hand job %s (%s) over; it stays pending", first.id, name, exc_info=True
        )
        async with system_transaction():
            await type(first).filter(id__in=[j.id for j in jobs]).update(enqueued_at=None)
        return 0
