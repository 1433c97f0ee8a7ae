"""Queries on organisation tables."""

from __future__ import annotations

from saas.models import Store
from saas.tenancy.scoped import TenantRepository


class StoreRepository(TenantRepository[Store]):
    model = Store
    store_column = "id"
