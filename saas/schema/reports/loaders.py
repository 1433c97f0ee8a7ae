"""The report files' DataLoader, apart from the report types so that the
request's loaders (`saas.schema.loaders`, which the context names) import no
resolver module."""

from __future__ import annotations

from collections.abc import Sequence

from saas import models
from saas.reports.repository import ReportFileRepository
from saas.schema.crm.loaders import ListByKeyLoader


class FilesByRunIdLoader(ListByKeyLoader[models.ReportFile]):
    """Each run's files still kept, XLSX first."""

    async def rows(self, tenant_id: int, run_ids: Sequence[int]) -> list[list[models.ReportFile]]:
        rows = (
            await ReportFileRepository(tenant_id)
            .query()
            .filter(run_id__in=list(run_ids), purged_at__isnull=True)
            .order_by("id")
        )
        by_run: dict[int, list[models.ReportFile]] = {r: [] for r in run_ids}
        for row in sorted(rows, key=lambda f: f.format != "xlsx"):
            by_run[row.run_id].append(row)
        return [by_run[r] for r in run_ids]
