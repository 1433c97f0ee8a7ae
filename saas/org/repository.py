"""Queries on organisation tables."""

from __future__ import annotations

from saas.models import Store
from saas.tenancy.scoped import TenantRepository


class StoreRepository(TenantRepository[Store]):
    store_column = "id"


async def franchised_stores(brands: set[str]) -> list[Store]:
    """Active stores of any dealer group carrying one of `brands`, by id. A
    directory read across tenants: call it inside
    `saas.tenancy.rls.directory_scope()`, for OEM routing only."""
    return [
        s for s in await Store.filter(is_active=True).order_by("id") if brands & set(s.brands or [])
    ]


async def stores_in_directory(store_ids: set[int]) -> dict[int, Store]:
    """Active stores of any dealer group by id (inside `directory_scope()`,
    OEM routing only)."""
    return {s.id: s for s in await Store.filter(id__in=list(store_ids), is_active=True)}


async def store_in_directory(store_id: int) -> Store | None:
    """One store of any dealer group (inside `directory_scope()`, OEM routing only)."""
    return await Store.get_or_none(id=store_id, is_active=True)
