"""Queries on targets and report runs."""

from __future__ import annotations

from saas.models import ReportFile, ReportRun, SalesTarget
from saas.tenancy.scoped import TenantRepository


class SalesTargetRepository(TenantRepository[SalesTarget]):
    model = SalesTarget


class ReportRunRepository(TenantRepository[ReportRun]):
    model = ReportRun


class ReportFileRepository(TenantRepository[ReportFile]):
    model = ReportFile
    store_column = None
