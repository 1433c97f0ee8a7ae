"""Personal success plans' job: the showroom managers hear of a week in which
their store held no one-to-one."""

from __future__ import annotations

from typing import Any

from saas.jobqueue import concat, job, parse_now
from saas.management.coaching import notify_weeks_without_one_to_one
from saas.models import DealerGroup


@job(
    "coaching.week_without_one_to_one",
    cron={"minute": {15}},
    per_tenant=True,
    combine=concat,
)
async def coaching_week_without_one_to_one(
    ctx: dict[str, Any], group: DealerGroup, *, now: str
) -> list[int]:
    """Hourly, so that each store's Monday comes in its own time zone: the
    stores whose last week had no one-to-one (each notified once)."""
    return await notify_weeks_without_one_to_one(group.id, parse_now(now))
