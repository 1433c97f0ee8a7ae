"""createStore: a group admin opens a store in its dealer group."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.org import service
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.errors import ConflictError, ValidationErrors
from saas.schema.org.types import OpeningHoursInput, Store
from saas.schema.permissions import requires
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


CreateStoreResult = Annotated[
    Store | ValidationErrors | ConflictError,
    strawberry.union(
        "CreateStoreResult",
        description=(
            "The new store, or why it was not created (ConflictError: the code is taken in"
            " your group)."
        ),
    ),
]


@strawberry.type
class CreateStoreMutation:
    @strawberry.mutation(
        description="Open a store in your dealer group.",
        extensions=requires("store", "create"),
    )
    async def create_store(
        self,
        info: Info,
        input: Annotated[
            CreateStoreInput,
            strawberry.argument(
                description="The store's code, name, place, time zone, brands and hours."
            ),
        ],
    ) -> CreateStoreResult:
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
