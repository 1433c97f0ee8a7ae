"""createVehicleModel and setProductLines."""

from __future__ import annotations

import strawberry

from saas.crm import catalog as service
from saas.schema.crm.types import ModelClass, VehicleModel
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    Refused,
    ValidationErrors,
    result_union,
)
from saas.schema.inputs import global_ids, id_of, to_args
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.schema.relay import to_global_id
from saas.tenancy.actor import Actor


@strawberry.input(description="A model for the shared catalogue.")
@described
class CreateVehicleModelInput:
    """
    Attributes:
        brand: Brand (make), required; stores match it against the brands they sell.
        series: Series within the brand, required; consultants' product lines name series.
        name: Model name, required; brand + name must not be in the catalogue yet (ConflictError).
        model_class: Kind of vehicle.
    """

    brand: str
    series: str
    name: str
    model_class: ModelClass


@strawberry.input(description="The series a consultant sells in a store (replaces the list).")
@described
class SetProductLinesInput:
    """
    Attributes:
        store_id: The store.
        user_id: A consultant of that store.
        series: Every series the consultant sells there (replaces the previous list; [] clears it).
            New leads for a series go first to the consultants who sell it.
    """

    store_id: strawberry.ID
    user_id: strawberry.ID
    series: list[str]


@strawberry.type(description="The consultant's product lines now.")
@described
class ProductLines:
    """
    Attributes:
        user_id: The consultant.
        store_id: The store.
        series: The series the consultant now sells in the store.
    """

    user_id: strawberry.ID
    store_id: strawberry.ID
    series: list[str]


CreateVehicleModelResult = result_union(
    "CreateVehicleModelResult",
    VehicleModel | ValidationErrors | ConflictError,
    "The new catalogue model, or why it was not added.",
)
SetProductLinesResult = result_union(
    "SetProductLinesResult",
    ProductLines | Refused,
    "The consultant's product lines as saved, or why nothing changed.",
)


global_ids(SetProductLinesInput, store_id="Store", user_id="User")


async def _create_vehicle_model(
    _actor: Actor, input: CreateVehicleModelInput
) -> CreateVehicleModelResult:
    model = await service.create_vehicle_model(
        input.brand, input.series, input.name, input.model_class.value
    )
    return VehicleModel.from_model(model)


async def _set_product_lines(actor: Actor, input: SetProductLinesInput) -> SetProductLinesResult:
    lines = await to_args(input, service.set_product_lines, actor)
    return ProductLines(
        user_id=to_global_id("User", id_of(input, "user_id")),
        store_id=to_global_id("Store", id_of(input, "store_id")),
        series=[line.series for line in lines],
    )


@strawberry.type
@described
class CatalogMutations:
    """
    Attributes:
        create_vehicle_model: Add a model to the shared catalogue (platform operators).
        set_product_lines: Set the series a consultant sells: new leads for those series go to them
            first.
    """

    create_vehicle_model = mutation(
        CreateVehicleModelResult,
        requires("vehicle_model", "create"),
        input=(CreateVehicleModelInput, "The model's brand, series, name and class."),
        steps=_create_vehicle_model,
    )

    set_product_lines = mutation(
        SetProductLinesResult,
        requires("product_line", "set"),
        input=(SetProductLinesInput, "The consultant, the store and the series."),
        steps=_set_product_lines,
    )
