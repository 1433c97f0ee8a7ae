"""Reports' jobs: report runs and exports, and the purge of expired files."""

from __future__ import annotations

from typing import Any

from saas.jobqueue import job, parse_now
from saas.models import DealerGroup
from saas.reports.runs import purge_expired, run_report
from saas.settings import get_settings
from saas.tenancy.rls import tenant_transaction


@job("reports.run")
async def reports_run(ctx: dict[str, Any], *, tenant_id: int, run_id: int) -> str:
    """Compute a requested report run and write its files once."""
    async with tenant_transaction(tenant_id):
        return await run_report(tenant_id, run_id, get_settings())


@job("reports.purge_files", cron={"hour": {1}, "minute": {40}}, per_tenant=True)
async def reports_purge_files(ctx: dict[str, Any], group: DealerGroup, *, now: str) -> int:
    """Daily: delete report and export files past REPORT_RETENTION_DAYS."""
    return await purge_expired(group.id, get_settings(), parse_now(now))
