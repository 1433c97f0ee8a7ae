"""After-sales' jobs: daily reminders and complaint escalation."""

from __future__ import annotations

from typing import Any

from saas.aftersales.reminders import escalate_complaints, run_reminders
from saas.jobqueue import concat, job, parse_now
from saas.models import DealerGroup
from saas.org.settings import group_settings


@job("aftersales.reminders", cron={"hour": {0}, "minute": {20}}, per_tenant=True)
async def aftersales_reminders(
    ctx: dict[str, Any], group: DealerGroup, *, now: str
) -> dict[str, int]:
    """Daily: maintenance, insurance renewal, birthday, anniversary, win-back tasks
    (lead times from the group's settings)."""
    return await run_reminders(group.id, parse_now(now).date(), group_settings(group).reminders)


@job(
    "aftersales.escalate_complaints",
    cron={"minute": {25, 55}},
    queue="critical",
    per_tenant=True,
    combine=concat,
)
async def aftersales_escalate_complaints(
    ctx: dict[str, Any], group: DealerGroup, *, now: str
) -> list[int]:
    """Complaints unresolved past the group's `complaint_escalation_hours` (default 48)."""
    hours = group_settings(group).complaint_escalation_hours
    return await escalate_complaints(group.id, parse_now(now), hours)
