"""Domain events' jobs: publishing what no process published, and purging."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from saas.events.broker import process_broker
from saas.events.repository import purge_before
from saas.events.service import publish_committed
from saas.jobqueue import job, parse_now
from saas.settings import get_settings
from saas.tenancy.rls import system_transaction

log = logging.getLogger("saas.jobs")


@job("events.publish", cron={"second": {40}}, queue="critical")
async def events_publish(ctx: dict[str, Any]) -> int:
    """Publish to live subscribers the committed events nobody published (a crash)."""
    return await publish_committed(process_broker(), older_than=timedelta(seconds=10))


@job("events.purge", cron={"hour": {3}, "minute": {40}})
async def events_purge(ctx: dict[str, Any], *, now: str | None = None) -> dict[str, int]:
    """Forget domain events and finished webhook deliveries past the retention."""
    cutoff = parse_now(now) - timedelta(days=get_settings().event_retention_days)
    async with system_transaction():
        events, deliveries = await purge_before(cutoff)
    log.info("events.purge events=%s deliveries=%s", events, deliveries)
    return {"events": events, "deliveries": deliveries}
