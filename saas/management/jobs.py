"""The management loop's jobs: overdue improvement actions."""

from __future__ import annotations

from typing import Any

from saas.jobqueue import concat, job, parse_now
from saas.management.meetings import notify_overdue_actions
from saas.models import DealerGroup


@job(
    "management.overdue_actions",
    cron={"minute": {40}},
    per_tenant=True,
    combine=concat,
)
async def management_overdue_actions(
    ctx: dict[str, Any], group: DealerGroup, *, now: str
) -> list[int]:
    """Hourly: actions of the weekly meetings still open past their deadline
    notify their owner and the store's showroom managers, once per action."""
    return await notify_overdue_actions(group.id, parse_now(now))
