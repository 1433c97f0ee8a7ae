"""Queries on targets and report runs."""

from __future__ import annotations

from saas.models import ReportFile, ReportRun, SalesTarget
from saas.tenancy.scoped import TenantRepository


class SalesTargetRepository(TenantRepository[SalesTarget]): ...


class ReportRunRepository(TenantRepository[ReportRun]): ...


class ReportFileRepository(TenantRepository[ReportFile]):
    store_column = None
