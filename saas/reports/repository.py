"""Queries on targets and report runs."""

from __future__ import annotations

from saas.models import ReportRun, SalesTarget
from saas.tenancy.scoped import TenantRepository


class SalesTargetRepository(TenantRepository[SalesTarget]): ...


class ReportRunRepository(TenantRepository[ReportRun]): ...
