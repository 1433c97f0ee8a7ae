"""Queries on stores, dealer groups and OEMs."""

from __future__ import annotations

import strawberry
from tortoise.queryset import QuerySet

from saas import models
from saas.org import service
from saas.schema.described import described
from saas.schema.org.types import DealerGroup, Oem, Store
from saas.schema.permissions import requires
from saas.schema.reads import Arg, listing, lookup
from saas.tenancy.actor import Actor


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


def _stores(actor: Actor, filter: StoreFilter | None) -> QuerySet[models.Store]:
    qs = service.stores_visible_to(actor).query()
    if filter is None:
        return qs
    return service.filter_stores(
        qs, city=filter.city, region=filter.region, brand=filter.brand, search=filter.search
    )


@strawberry.type
@described
class StoreQueries:
    """
    Attributes:
        stores: Stores of your dealer group you may see (all of them with a group-wide role).
        store: One store of your dealer group, or null if it is not visible to you.
    """

    stores = listing(
        Store,
        requires("store", "read"),
        _stores,
        filter=Arg(StoreFilter | None, "Conditions."),
    )

    store = lookup(Store, requires("store", "read"), "The store's id.", service.get_store)


@strawberry.type
@described
class PlatformQueries:
    """
    Attributes:
        dealer_groups: All dealer groups (tenants). Platform operators only.
        oems: All OEMs. Platform operators only.
    """

    dealer_groups = listing(
        DealerGroup, requires("tenant", "read"), lambda actor: models.DealerGroup.all()
    )

    oems = listing(Oem, requires("oem", "read"), lambda actor: models.Oem.all())
