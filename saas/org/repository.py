"""Queries on organisation tables."""

from __future__ import annotations

from saas.models import Store
from saas.tenancy.scoped import TenantRepository


class StoreRepository(TenantRepository[Store]):
    model = Store
    store_column = "id"


async def franchised_stores(
    brand: str, *, city: str | None = None, region: str | None = None
) -> list[Store]:
    """Active stores of any dealer group carrying `brand` in `city` (or
    `region`). A directory read across tenants: call it inside
    `saas.tenancy.rls.directory_scope()`, for OEM routing only."""
    qs = Store.filter(is_active=True)
    if city:
        qs = qs.filter(city=city)
    if region:
        qs = qs.filter(region=region)
    return [s for s in await qs.order_by("id") if brand in (s.brands or [])]


async def store_in_directory(store_id: int) -> Store | None:
    """One store of any dealer group (inside `directory_scope()`, OEM routing only)."""
    return await Store.get_or_none(id=store_id, is_active=True)
