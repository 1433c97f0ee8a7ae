"""createVehicleModel and setProductLines."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.crm import catalog as service
from saas.schema.context import Info
from saas.schema.crm.types import ModelClass, VehicleModel
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    attempt,
    parse_id,
)
from saas.schema.permissions import requires
from saas.schema.relay import to_global_id


@strawberry.input(description="A model for the shared catalogue.")
class CreateVehicleModelInput:
    brand: str
    series: str
    name: str
    model_class: ModelClass  # type: ignore[valid-type]


@strawberry.input(description="The series a consultant sells in a store (replaces the list).")
class SetProductLinesInput:
    store_id: strawberry.ID
    user_id: strawberry.ID
    series: list[str]


@strawberry.type(description="The consultant's product lines now.")
class ProductLines:
    user_id: strawberry.ID
    store_id: strawberry.ID
    series: list[str]


CreateVehicleModelResult = Annotated[
    VehicleModel | ValidationErrors | ConflictError, strawberry.union("CreateVehicleModelResult")
]
SetProductLinesResult = Annotated[
    ProductLines | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("SetProductLinesResult"),
]


@strawberry.type
class CatalogMutations:
    @strawberry.mutation(
        description="Add a model to the shared catalogue (platform operators).",
        extensions=requires("vehicle_model", "create"),
    )
    async def create_vehicle_model(
        self, input: CreateVehicleModelInput
    ) -> CreateVehicleModelResult:
        async def run() -> VehicleModel:
            model = await service.create_vehicle_model(
                input.brand, input.series, input.name, input.model_class.value
            )
            return VehicleModel.from_model(model)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description=(
            "Set the series a consultant sells: new leads for those series go to them first."
        ),
        extensions=requires("product_line", "set"),
    )
    async def set_product_lines(
        self, info: Info, input: SetProductLinesInput
    ) -> SetProductLinesResult:
        actor = info.context.require_actor()

        async def run() -> ProductLines:
            store_id = parse_id(input.store_id, "input.storeId", "Store")
            user_id = parse_id(input.user_id, "input.userId", "User")
            lines = await service.set_product_lines(actor, store_id, user_id, input.series)
            return ProductLines(
                user_id=to_global_id("User", user_id),
                store_id=to_global_id("Store", store_id),
                series=[line.series for line in lines],
            )

        return await attempt(run)  # type: ignore[return-value]
