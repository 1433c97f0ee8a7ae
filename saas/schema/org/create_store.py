"""createStore: a group admin opens a store in its dealer group."""

from __future__ import annotations

import strawberry

from saas.org import service
from saas.schema.described import described
from saas.schema.errors import ConflictError, ValidationErrors, result_union
from saas.schema.mutations import mutation
from saas.schema.org.types import OpeningHoursInput, Store
from saas.schema.permissions import requires
from saas.tenancy.actor import Actor
from saas.tenancy.context import require_tenant


@strawberry.input(description="A new store of your dealer group.")
@described
class CreateStoreInput:
    """
    Attributes:
        code: 2-32 characters A-Z, 0-9, '-', '_'; unique in the group.
        name: Display name of the store (required).
        region: Sales region, e.g. East China (required); OEM routing and reports group by it.
        city: City (required); OEM routing matches leads to stores by city.
        timezone: IANA time zone.
        brands: Brands it sells.
        opening_hours: One entry per open weekday.
    """

    code: str
    name: str
    region: str
    city: str
    timezone: str = "Asia/Shanghai"
    brands: list[str] = strawberry.field(default_factory=list)
    opening_hours: list[OpeningHoursInput] = strawberry.field(default_factory=list)


CreateStoreResult = result_union(
    "CreateStoreResult",
    Store | ValidationErrors | ConflictError,
    "The new store, or why it was not created (ConflictError: the code is taken in your group).",
)


async def _create_store(_actor: Actor, input: CreateStoreInput) -> CreateStoreResult:
    tenant_id = require_tenant()
    fields = service.StoreFields(
        code=input.code,
        name=input.name,
        region=input.region,
        city=input.city,
        timezone=input.timezone,
        brands=input.brands,
        opening_hours={h.day: [h.opens, h.closes] for h in input.opening_hours},
    )
    return Store.from_model(await service.create_store(tenant_id, fields))


@strawberry.type
@described
class CreateStoreMutation:
    """
    Attributes:
        create_store: Open a store in your dealer group.
    """

    create_store = mutation(
        CreateStoreResult,
        requires("store", "create"),
        input=(CreateStoreInput, "The store's code, name, place, time zone, brands and hours."),
        steps=_create_store,
    )
