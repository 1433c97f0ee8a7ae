"""Reports' job: report runs and exports."""

from __future__ import annotations

from typing import Any

from saas.jobqueue import job
from saas.reports.runs import run_report
from saas.tenancy.rls import tenant_transaction


@job("reports.run")
async def reports_run(ctx: dict[str, Any], *, tenant_id: int, run_id: int) -> str:
    """Compute a requested report run and keep its table."""
    async with tenant_transaction(tenant_id):
        return await run_report(tenant_id, run_id)
