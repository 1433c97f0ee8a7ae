"""CRM's jobs: cadence reminders, morning lists, thank-yous, value tiers."""

from __future__ import annotations

from typing import Any

from saas.crm.reminders import cadence_reminders, morning_lists, thank_you, visits_missing_thanks
from saas.crm.tiers import classify
from saas.jobqueue import job, parse_now, sweep, total
from saas.models import DealerGroup
from saas.org.settings import group_settings
from saas.tenancy.rls import tenant_transaction

# One reminder per overdue period of each open lead, to its owner.
crm_cadence_check = sweep(
    "crm.cadence_check",
    cadence_reminders,
    cron={"minute": set(range(0, 60, 10)), "second": {5}},
    queue="critical",
    combine=total,
)

# At each store's local 08:00, each consultant's follow-ups due today.
crm_morning_list = sweep(
    "crm.morning_list",
    morning_lists,
    cron={"minute": {0}, "second": {10}},
    queue="critical",
    combine=total,
)


@job("crm.thank_you", queue="critical")
async def crm_thank_you(
    ctx: dict[str, Any], *, tenant_id: int, follow_up_id: int, now: str | None = None
) -> str:
    """Thank the customer within two hours of a showroom visit."""
    async with tenant_transaction(tenant_id):
        return await thank_you(tenant_id, follow_up_id, parse_now(now))


@job(
    "crm.thank_you_sweep",
    cron={"minute": set(range(0, 60, 5)), "second": {45}},
    queue="critical",
    per_tenant=True,
    combine=total,
)
async def crm_thank_you_sweep(ctx: dict[str, Any], group: DealerGroup, *, now: str) -> int:
    """Catch visits whose thank-you job was lost (keys keep it to one message)."""
    done = 0
    for follow_up_id in await visits_missing_thanks(group.id, parse_now(now)):
        sent = await thank_you(group.id, follow_up_id, parse_now(now), "crm.thank_you_sweep")
        done += sent == "sent"
    return done


@job("customers.classify", cron={"day": {1}, "hour": {2}, "minute": {30}}, per_tenant=True)
async def customers_classify(
    ctx: dict[str, Any], group: DealerGroup, *, now: str
) -> dict[str, int]:
    """Monthly: value tiers (A/B/C) and lifecycle categories of every customer."""
    return await classify(group.id, parse_now(now), group_settings(group).value_tiers)
