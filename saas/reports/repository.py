"""Queries on targets."""

from __future__ import annotations

from saas.models import SalesTarget
from saas.tenancy.scoped import TenantRepository


class SalesTargetRepository(TenantRepository[SalesTarget]):
    model = SalesTarget
