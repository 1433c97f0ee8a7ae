"""Queries on stores, dealer groups and OEMs."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas import models
from saas.errors import SaasError
from saas.org import service
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.errors import as_id
from saas.schema.org.types import DealerGroup, Oem, Store
from saas.schema.pagination import After, Before, Connection, First, Last, Page, paginate
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
class StoreQueries:
    @strawberry.field(
        description="Stores of your dealer group you may see (all of them with a group-wide role).",
        extensions=requires("store", "read"),
    )
    async def stores(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
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
        return await paginate(qs, Page(first, after, last, before), Store.from_model)

    @strawberry.field(
        description="One store of your dealer group, or null if it is not visible to you.",
        extensions=requires("store", "read"),
    )
    async def store(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The store's id.")],
    ) -> Store | None:
        actor = info.context.require_actor()
        try:
            return Store.from_model(await service.get_store(actor, as_id(id, "Store")))
        except (SaasError, ValueError):
            return None


@strawberry.type
class PlatformQueries:
    @strawberry.field(
        description="All dealer groups (tenants). Platform operators only.",
        extensions=requires("tenant", "read"),
    )
    async def dealer_groups(
        self,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[DealerGroup]:
        return await paginate(
            models.DealerGroup.all(), Page(first, after, last, before), DealerGroup.from_model
        )

    @strawberry.field(
        description="All OEMs. Platform operators only.",
        extensions=requires("oem", "read"),
    )
    async def oems(
        self,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Oem]:
        return await paginate(models.Oem.all(), Page(first, after, last, before), Oem.from_model)
