"""OEM distribution's jobs: the SLA sweep and large imports."""

from __future__ import annotations

import logging
from typing import Any

from saas.jobqueue import job, parse_now
from saas.oem.imports import run_import
from saas.oem.sla import sweep
from saas.tenancy.rls import system_transaction

log = logging.getLogger("saas.jobs")


@job("sla.sweep", cron={"second": {0}}, queue="critical")
async def sla_sweep(ctx: dict[str, Any], *, now: str | None = None) -> dict[str, list[int]]:
    """Warn before, and mark once, OEM leads missing their first-contact
    deadline; each dealer group's side effects run as that group."""
    async with system_transaction():
        result = await sweep(parse_now(now))
    log.info(
        "sla.sweep warned=%s breached=%s reassigned=%s failed_tenants=%s",
        result.warned,
        result.breached,
        result.reassigned,
        result.failed_tenants,
    )
    return {"warned": result.warned, "breached": result.breached, "reassigned": result.reassigned}


@job("oem.import_leads")
async def oem_import_leads(
    ctx: dict[str, Any], *, import_id: int, now: str | None = None
) -> dict[str, int]:
    """Distribute a large OEM import in chunks, recording progress."""
    batch = await run_import(import_id, parse_now(now))
    if batch is None:
        return {}
    return {"total": batch.total, "landed": batch.landed, "failed": batch.failed}
