"""Spreadsheet imports' job."""

from __future__ import annotations

from typing import Any

from saas.imports.service import run_import
from saas.jobqueue import job


@job("crm.import_file")
async def crm_import_file(ctx: dict[str, Any], *, tenant_id: int, import_id: int) -> dict[str, int]:
    """Take in an uploaded spreadsheet of customers or leads, chunk by chunk."""
    run = await run_import(tenant_id, import_id)
    if run is None:
        return {}
    return {"total": run.total, "created": run.created, "merged": run.merged,
            "rejected": run.rejected}  # fmt: skip
