"""Job functions. Each takes ids, not objects, enters its own (system or
tenant) transaction and is idempotent: a retry or a second worker changes
nothing more. `now` (ISO 8601) lets tests and replays fix the clock."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from saas.identity.service import purge_expired_sessions
from saas.models import DealerGroup
from saas.settings import get_settings
from saas.tenancy.rls import system_transaction, tenant_transaction

log = logging.getLogger("saas.jobs")


def _now(now: str | None) -> datetime:
    return datetime.fromisoformat(now) if now else datetime.now(UTC)


async def _tenant_ids() -> list[int]:
    async with system_transaction():
        # values_list(flat=True) yields values; tortoise types them as tuples.
        return list(await DealerGroup.filter(is_active=True).values_list("id", flat=True))  # type: ignore[arg-type]


async def identity_purge_expired_sessions(ctx: dict[str, Any]) -> int:
    """Delete expired refresh tokens and stale login throttles."""
    async with system_transaction():
        deleted = await purge_expired_sessions()
    log.info("identity.purge_expired_sessions deleted=%s", deleted)
    return deleted


async def sla_sweep(ctx: dict[str, Any], *, now: str | None = None) -> dict[str, list[int]]:
    """Warn before, and mark once, OEM leads missing their 24-hour first contact."""
    from saas.oem.sla import sweep

    warn = timedelta(minutes=get_settings().sla_warn_minutes)
    async with system_transaction():
        result = await sweep(_now(now), warn)
    log.info(
        "sla.sweep warned=%s breached=%s reassigned=%s",
        result.warned,
        result.breached,
        result.reassigned,
    )
    return {"warned": result.warned, "breached": result.breached, "reassigned": result.reassigned}


async def crm_cadence_check(ctx: dict[str, Any], *, now: str | None = None) -> int:
    """One reminder per overdue period of each open lead, to its owner."""
    from saas.crm.reminders import cadence_reminders

    total = 0
    for tenant_id in await _tenant_ids():
        async with tenant_transaction(tenant_id):
            total += await cadence_reminders(tenant_id, _now(now))
    return total


async def crm_morning_list(ctx: dict[str, Any], *, now: str | None = None) -> int:
    """At each store's local 08:00, each consultant's follow-ups due today."""
    from saas.crm.reminders import morning_lists

    total = 0
    for tenant_id in await _tenant_ids():
        async with tenant_transaction(tenant_id):
            total += await morning_lists(tenant_id, _now(now))
    return total


async def crm_thank_you(
    ctx: dict[str, Any], *, tenant_id: int, follow_up_id: int, now: str | None = None
) -> str:
    """Thank the customer within two hours of a showroom visit."""
    from saas.crm.reminders import thank_you

    async with tenant_transaction(tenant_id):
        return await thank_you(tenant_id, follow_up_id, _now(now))


async def crm_thank_you_sweep(ctx: dict[str, Any], *, now: str | None = None) -> int:
    """Catch visits whose thank-you job was lost (keys keep it to one message)."""
    from saas.crm.reminders import thank_you, visits_missing_thanks

    done = 0
    for tenant_id in await _tenant_ids():
        async with tenant_transaction(tenant_id):
            for follow_up_id in await visits_missing_thanks(tenant_id, _now(now)):
                done += (await thank_you(tenant_id, follow_up_id, _now(now))) == "sent"
    return done


async def notify_send_outbox(ctx: dict[str, Any]) -> int:
    """Deliver SMS/WeChat messages through the configured sender."""
    from saas.notify.service import LogSender, send_outbox

    sender = ctx.get("sender") or LogSender()
    return await send_outbox(sender, await _tenant_ids())


async def jobs_dispatch(ctx: dict[str, Any]) -> int:
    """Hand over job requests still pending (e.g. recorded while Redis was down,
    or by other jobs): round after round while there are any, for up to 20 s."""
    import time

    from saas.jobs.queue import dispatch_pending
    from saas.jobs.submit import submitter_for

    runner, handed, started = submitter_for(ctx), 0, time.monotonic()
    while (round_ := await dispatch_pending(runner)) and time.monotonic() - started < 20:
        handed += round_
    return handed + round_


async def oem_import_leads(
    ctx: dict[str, Any], *, import_id: int, now: str | None = None
) -> dict[str, int]:
    """Distribute a large OEM import in chunks, recording progress."""
    from saas.oem.service import run_import

    batch = await run_import(import_id, _now(now))
    if batch is None:
        return {}
    return {"total": batch.total, "landed": batch.landed, "failed": batch.failed}


async def crm_import_file(ctx: dict[str, Any], *, tenant_id: int, import_id: int) -> dict[str, int]:
    """Take in an uploaded spreadsheet of customers or leads, chunk by chunk."""
    from saas.imports.service import run_import

    run = await run_import(tenant_id, import_id)
    if run is None:
        return {}
    return {"total": run.total, "created": run.created, "merged": run.merged,
            "rejected": run.rejected}  # fmt: skip


async def reports_run(ctx: dict[str, Any], *, tenant_id: int, run_id: int) -> str:
    """Compute a requested report run and keep its table."""
    from saas.reports.runs import run_report

    async with tenant_transaction(tenant_id):
        return await run_report(tenant_id, run_id)


async def customers_classify(
    ctx: dict[str, Any], *, now: str | None = None
) -> dict[int, dict[str, int]]:
    """Monthly: value tiers (A/B/C) and lifecycle categories of every customer."""
    from saas.crm.tiers import classify

    counts = {}
    for tenant_id in await _tenant_ids():
        async with system_transaction():
            group = await DealerGroup.get(id=tenant_id)
        async with tenant_transaction(tenant_id):
            counts[tenant_id] = await classify(tenant_id, _now(now), group.settings)
    return counts


async def aftersales_reminders(
    ctx: dict[str, Any], *, now: str | None = None
) -> dict[int, dict[str, int]]:
    """Daily: maintenance, insurance renewal, birthday, anniversary, win-back tasks."""
    from saas.aftersales.reminders import run_reminders

    counts = {}
    for tenant_id in await _tenant_ids():
        async with tenant_transaction(tenant_id):
            counts[tenant_id] = await run_reminders(tenant_id, _now(now).date())
    return counts


async def aftersales_escalate_complaints(
    ctx: dict[str, Any], *, now: str | None = None
) -> list[int]:
    """Complaints unresolved past the group's `complaint_escalation_hours` (default 48)."""
    from saas.aftersales.reminders import escalate_complaints

    escalated: list[int] = []
    for tenant_id in await _tenant_ids():
        async with system_transaction():
            group = await DealerGroup.get(id=tenant_id)
        hours = float((group.settings or {}).get("complaint_escalation_hours", 48))  # type: ignore[arg-type]
        async with tenant_transaction(tenant_id):
            escalated += await escalate_complaints(tenant_id, _now(now), hours)
    return escalated


async def webhooks_deliver(
    ctx: dict[str, Any],
    *,
    tenant_id: int | None,
    event_id: int | None = None,
    event_ids: list[int] | None = None,
    now: str | None = None,
) -> dict[str, int]:
    """Fan committed events out to matching webhook endpoints and send them:
    one event (`event_id`), or a batch of one tenant's (`event_ids`, as the
    dispatcher hands them over). `tenant_id` is the events'; the job request
    records it for operators."""
    from saas.webhooks.delivery import deliver_events

    ids = ([event_id] if event_id is not None else []) + list(event_ids or [])
    return await deliver_events(ids, _now(now) if now else None, get_settings())


async def webhooks_send(
    ctx: dict[str, Any], *, delivery_id: int, now: str | None = None
) -> str | None:
    """Try one webhook delivery now (a replay)."""
    from saas.webhooks.delivery import attempt

    return await attempt(delivery_id, _now(now), get_settings())


async def webhooks_retry(ctx: dict[str, Any], *, now: str | None = None) -> dict[str, int]:
    """Retry due webhook deliveries (exponential backoff) and fan out lost events."""
    from saas.webhooks.delivery import retry_due

    return await retry_due(_now(now), get_settings())


async def events_publish(ctx: dict[str, Any]) -> int:
    """Publish to live subscribers the committed events nobody published (a crash)."""
    from saas.events.broker import process_broker
    from saas.events.service import publish_committed

    return await publish_committed(process_broker(), older_than=timedelta(seconds=10))


async def events_purge(ctx: dict[str, Any], *, now: str | None = None) -> dict[str, int]:
    """Forget domain events and finished webhook deliveries past the retention."""
    from saas.events.repository import purge_before

    cutoff = _now(now) - timedelta(days=get_settings().event_retention_days)
    async with system_transaction():
        events, deliveries = await purge_before(cutoff)
    log.info("events.purge events=%s deliveries=%s", events, deliveries)
    return {"events": events, "deliveries": deliveries}


def _measured(name: str, fn: Any) -> Any:
    """Count runs, failures and durations of a job for /metrics."""
    import functools
    import time

    from saas.observability import METRICS

    @functools.wraps(fn)
    async def run(ctx: dict[str, Any], **kwargs: Any) -> Any:
        from saas.events.broker import process_broker
        from saas.events.service import collect_events, publish_committed

        started = time.perf_counter()
        emitted = collect_events()
        try:
            result = await fn(ctx, **kwargs)
            if emitted:
                # Live subscribers hear about what the job changed (SLA warnings) now.
                await publish_committed(process_broker(), emitted)
        except Exception:
            METRICS.count("saas_job_failures_total", "job runs that failed", job=name)
            raise
        finally:
            METRICS.count("saas_job_runs_total", "job runs", job=name)
            METRICS.observe(
                "saas_job_duration_seconds", "job duration", time.perf_counter() - started, job=name
            )
        if name == "sla.sweep" and isinstance(result, dict):
            METRICS.count(
                "saas_sla_breaches_total",
                "OEM leads marked breached",
                len(result.get("breached", [])),
            )
        return result

    return run


# Job name -> function; names read `domain.event`.
JOBS: dict[str, Any] = {
    "identity.purge_expired_sessions": identity_purge_expired_sessions,
    "sla.sweep": sla_sweep,
    "crm.cadence_check": crm_cadence_check,
    "crm.morning_list": crm_morning_list,
    "crm.thank_you": crm_thank_you,
    "crm.thank_you_sweep": crm_thank_you_sweep,
    "notify.send_outbox": notify_send_outbox,
    "jobs.dispatch": jobs_dispatch,
    "oem.import_leads": oem_import_leads,
    "crm.import_file": crm_import_file,
    "reports.run": reports_run,
    "customers.classify": customers_classify,
    "aftersales.reminders": aftersales_reminders,
    "aftersales.escalate_complaints": aftersales_escalate_complaints,
    "webhooks.deliver": webhooks_deliver,
    "webhooks.send": webhooks_send,
    "webhooks.retry": webhooks_retry,
    "events.publish": events_publish,
    "events.purge": events_purge,
}
JOBS = {name: _measured(name, fn) for name, fn in JOBS.items()}
