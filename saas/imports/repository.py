"""Queries on import runs and their row results."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from saas.models import ImportRow, ImportRun
from saas.tenancy.scoped import TenantRepository

# Everything but the parsed rows, for reading a run's status (a file's rows
# can be megabytes; a progress poll should not load them).
STATUS_FIELDS = [f for f in ImportRun._meta.db_fields if f != "rows"]


class ImportRunRepository(TenantRepository[ImportRun]):
    async def create(self, **values: Any) -> ImportRun:
        """The file's rows are stored without copying them into the audit
        trail (a file can hold 100,000 customers; the run is the record)."""
        rows = values.pop("rows")
        run = await super().create(**values)
        await self.query().filter(id=run.id).update(rows=rows)
        run.rows = rows
        return run

    async def status(self, run_id: int) -> ImportRun | None:
        """The run without its rows: read-only."""
        return await self.query().only(*STATUS_FIELDS).get_or_none(id=run_id)


class ImportRowRepository(TenantRepository[ImportRow]):
    async def add_many(self, rows: list[dict[str, Any]]) -> None:
        """One INSERT for a chunk's results, without a model per row (the
        per-row audit trail is the import itself, so these are not reported
        as changes). A row number the run already has is a bug, not a skip."""
        now = datetime.now(UTC)
        written = await self.insert_many(
            [{"created_at": now, **r} for r in rows], returning_ids=True
        )
        if len(written) != len(rows):
            raise RuntimeError("an import row result was written twice")
