"""Queries on stores, dealer groups and OEMs."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas import models
from saas.org import service
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.lookups import lookup
from saas.schema.org.types import DealerGroup, Oem, Store
from saas.schema.pagination import Connection, Page, paged, paginate
from saas.schema.permissions import requires


@strawberry.input(description="Narrow the store list; all given conditions must hold.")
@described
class StoreFilter:
    """
    Attributes:
        city: Exact city name.
        region: Exact region name.
        brand: Stores selling this brand.
        search: Part of the store's name or code, any case.
    """

    city: str | None = None
    region: str | None = None
    brand: str | None = None
    search: str | None = None


@strawberry.type
@described
class StoreQueries:
    """
    Attributes:
        store: One store of your dealer group, or null if it is not visible to you.
    """

    @strawberry.field(
        description="Stores of your dealer group you may see (all of them with a group-wide role).",
        extensions=requires("store", "read"),
    )
    @paged
    async def stores(
        self,
        info: Info,
        page: Page,
        filter: Annotated[
            StoreFilter | None, strawberry.argument(description="Conditions.")
        ] = None,
    ) -> Connection[Store]:
        actor = info.context.require_actor()
        qs = service.stores_visible_to(actor).query()
        if filter is not None:
            qs = service.filter_stores(
                qs,
                city=filter.city,
                region=filter.region,
                brand=filter.brand,
                search=filter.search,
            )
        return await paginate(qs, page, Store.from_model)

    store = lookup(Store, requires("store", "read"), "The store's id.", service.get_store)


@strawberry.type
class PlatformQueries:
    @strawberry.field(
        description="All dealer groups (tenants). Platform operators only.",
        extensions=requires("tenant", "read"),
    )
    @paged
    async def dealer_groups(
        self,
        page: Page,
    ) -> Connection[DealerGroup]:
        return await paginate(models.DealerGroup.all(), page, DealerGroup.from_model)

    @strawberry.field(
        description="All OEMs. Platform operators only.",
        extensions=requires("oem", "read"),
    )
    @paged
    async def oems(
        self,
        page: Page,
    ) -> Connection[Oem]:
        return await paginate(models.Oem.all(), page, Oem.from_model)
