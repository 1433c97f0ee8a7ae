"""Queries on import runs and their row results."""

from __future__ import annotations

from typing import Any

from saas.models import ImportRow, ImportRun
from saas.tenancy.scoped import TenantRepository


class ImportRunRepository(TenantRepository[ImportRun]):
    model = ImportRun


class ImportRowRepository(TenantRepository[ImportRow]):
    model = ImportRow

    async def add_many(self, rows: list[dict[str, Any]]) -> None:
        """One INSERT for a chunk's results (the per-row audit trail is the
        import itself, so these are not reported as changes)."""
        await ImportRow.bulk_create([ImportRow(tenant_id=self.tenant_id, **r) for r in rows])
