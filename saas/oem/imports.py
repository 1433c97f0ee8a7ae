"""Large OEM imports: queued, then distributed in chunks by a job that
records its progress."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from saas.crm.vocabulary import IntentGrade
from saas.errors import ValidationFailed
from saas.jobqueue import request_job
from saas.models import DistributionImport
from saas.oem.distribution import distribute_rows
from saas.oem.repository import ImportRepository
from saas.oem.types import LeadOrder, oem_of
from saas.tenancy.actor import Actor
from saas.tenancy.rls import system_transaction

MAX_IMPORT = 200_000
IMPORT_CHUNK = 500
MAX_KEPT_ERRORS = 1_000


async def start_import(actor: Actor, orders: list[LeadOrder]) -> DistributionImport:
    """Queue a large batch; the `oem.import_leads` job distributes it in chunks
    and records its progress."""
    oem_id = oem_of(actor)
    if not orders:
        raise ValidationFailed.one("orders", "send at least one lead")
    if len(orders) > MAX_IMPORT:
        raise ValidationFailed.one("orders", f"at most {MAX_IMPORT} leads per import")
    rows = [asdict(o) | {"intent_grade": o.intent_grade.value} for o in orders]
    batch = await ImportRepository(oem_id).create(total=len(rows), rows=rows)
    await request_job("oem.import_leads", import_id=batch.id)
    return batch


async def run_import(import_id: int, now: datetime) -> DistributionImport | None:
    """Distribute an import from where it stopped; each chunk commits with its
    progress, so a killed worker resumes without duplicates (references are
    idempotent anyway)."""
    async with system_transaction():
        batch = await DistributionImport.get_or_none(id=import_id)
        if batch is None or batch.status == "done":
            return batch
        await DistributionImport.filter(id=import_id).update(status="running", started_at=now)
    while batch.processed < batch.total:
        start = batch.processed
        chunk = batch.rows[start : start + IMPORT_CHUNK]
        orders = [
            LeadOrder(**(row | {"intent_grade": IntentGrade(row.get("intent_grade") or "N")}))  # type: ignore[arg-type]
            for row in chunk
        ]
        async with system_transaction():
            result = await distribute_rows(batch.oem_id, orders, now=now, first_row=start + 1)
            errors = list(batch.errors) + [
                {
                    "row": p.row,
                    "externalRef": p.external_ref,
                    "path": list(p.path),
                    "message": p.message,
                }
                for p in result.problems
            ]
            batch.processed = start + len(chunk)
            batch.landed += len(result.distributed)
            batch.failed += len({p.row for p in result.problems})
            batch.errors = errors[:MAX_KEPT_ERRORS]
            await DistributionImport.filter(id=import_id).update(
                processed=batch.processed,
                landed=batch.landed,
                failed=batch.failed,
                errors=batch.errors,
            )
    async with system_transaction():
        await DistributionImport.filter(id=import_id).update(
            status="done", finished_at=datetime.now(UTC)
        )
        return await DistributionImport.get(id=import_id)


async def get_import(actor: Actor, import_id: int) -> DistributionImport:
    batch = await ImportRepository(oem_of(actor)).require(import_id, "import")
    return batch
