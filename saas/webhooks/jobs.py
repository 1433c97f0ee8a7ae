"""Webhooks' jobs: fan-out and delivery, replays, retries."""

from __future__ import annotations

from typing import Any

from saas.jobqueue import job, parse_now
from saas.settings import get_settings
from saas.webhooks.delivery import attempt, deliver_events, retry_due


@job("webhooks.deliver")
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
    ids = ([event_id] if event_id is not None else []) + list(event_ids or [])
    return await deliver_events(ids, parse_now(now) if now else None, get_settings())


@job("webhooks.send")
async def webhooks_send(
    ctx: dict[str, Any], *, delivery_id: int, tenant_id: int | None = None, now: str | None = None
) -> str | None:
    """Try one webhook delivery now (a replay). `tenant_id`: the dealer group
    whose delivery it is (its request is that group's), None for an OEM's."""
    return await attempt(delivery_id, parse_now(now), get_settings())


@job("webhooks.retry", cron={"second": {50}})
async def webhooks_retry(ctx: dict[str, Any], *, now: str | None = None) -> dict[str, int]:
    """Retry due webhook deliveries (exponential backoff) and fan out lost events."""
    return await retry_due(parse_now(now), get_settings())
