"""Vehicle, service record and insurance policy mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry

from saas.aftersales import service
from saas.schema.aftersales.types import (
    InsurancePolicy,
    ServiceRecord,
    Vehicle,
    simple_node,
)
from saas.schema.context import Info
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
)
from saas.schema.inputs import global_ids, parse_id, renamed, to_args
from saas.schema.permissions import requires

ID = strawberry.ID


@strawberry.input(description="A vehicle the customer owns (bought here or elsewhere).")
class AddVehicleInput:
    customer_id: ID = strawberry.field(description="The owner.")
    vin: str | None = strawberry.field(default=None, description="17 characters; checked.")
    model_name: str = strawberry.field(description="The model, in words (required).")
    purchase_date: date = strawberry.field(
        description="When it was bought (YYYY-MM-DD), not in the future."
    )
    purchase_channel: str = strawberry.field(
        description="this_store, group_store, elsewhere or used."
    )
    price: Decimal | None = strawberry.field(
        default=None, description="Purchase price in yuan, if known."
    )


@strawberry.input(description="A maintenance or repair visit.")
class RecordServiceInput:
    vehicle_id: ID = strawberry.field(description="The vehicle serviced.")
    kind: str = strawberry.field(description="maintenance or repair.")
    service_date: date = strawberry.field(
        description="Day of the visit (YYYY-MM-DD), not in the future."
    )
    mileage_km: int = strawberry.field(description="Odometer reading in km, not negative.")
    content: str = strawberry.field(description="What was done (required).")
    cost: Decimal = strawberry.field(description="What the customer paid, in yuan, not negative.")


@strawberry.input(
    description="An insurance policy; sharing with the insurer needs the customer's consent."
)
class AddInsurancePolicyInput:
    vehicle_id: ID = strawberry.field(description="The insured vehicle.")
    insurer: str = strawberry.field(description="The insurance company (required).")
    start_date: date = strawberry.field(description="First day of cover (YYYY-MM-DD).")
    expiry_date: date = strawberry.field(
        description="Last day of cover (YYYY-MM-DD), after startDate."
    )
    premium: Decimal = strawberry.field(description="Premium in yuan, not negative.")
    share_with_insurer: bool = strawberry.field(
        default=False,
        description="Share the policy with the insurer; refused unless the customer consented "
        "(consents.shareWithInsurers).",
    )


VehicleResult = Annotated[
    Vehicle | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union(
        "VehicleResult",
        description="The vehicle as saved, or why nothing was saved (ConflictError: the VIN "
        "belongs to another vehicle).",
    ),
]
ServiceRecordResult = Annotated[
    ServiceRecord | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union(
        "ServiceRecordResult", description="The service record as saved, or why nothing was saved."
    ),
]
InsurancePolicyResult = Annotated[
    InsurancePolicy | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union(
        "InsurancePolicyResult", description="The policy as saved, or why nothing was saved."
    ),
]


global_ids(AddVehicleInput, customer_id="Customer")
global_ids(RecordServiceInput, vehicle_id="Vehicle")
global_ids(AddInsurancePolicyInput, vehicle_id="Vehicle")
renamed(
    AddInsurancePolicyInput, start="start_date", expiry="expiry_date", share="share_with_insurer"
)


@strawberry.type
class VehicleMutations:
    @strawberry.mutation(
        description="Record a vehicle the customer owns.", extensions=requires("customer", "update")
    )
    async def add_vehicle(
        self,
        info: Info,
        input: Annotated[
            AddVehicleInput, strawberry.argument(description="The vehicle and its owner.")
        ],
    ) -> VehicleResult:
        actor = info.context.require_actor()
        vehicle = await service.add_vehicle(actor, to_args(input, service.NewVehicle))
        return Vehicle.from_model(vehicle)

    @strawberry.mutation(
        description="Record maintenance or a repair.", extensions=requires("customer", "update")
    )
    async def record_service(
        self,
        info: Info,
        input: Annotated[
            RecordServiceInput, strawberry.argument(description="The vehicle and the visit.")
        ],
    ) -> ServiceRecordResult:
        actor = info.context.require_actor()
        return simple_node(ServiceRecord, await to_args(input, service.record_service, actor))

    @strawberry.mutation(
        description="Record an insurance policy.", extensions=requires("customer", "update")
    )
    async def add_insurance_policy(
        self,
        info: Info,
        input: Annotated[
            AddInsurancePolicyInput, strawberry.argument(description="The vehicle and its policy.")
        ],
    ) -> InsurancePolicyResult:
        actor = info.context.require_actor()
        return simple_node(InsurancePolicy, await to_args(input, service.add_insurance, actor))

    @strawberry.mutation(
        description="The customer renewed this policy; its renewal reminders stop.",
        extensions=requires("customer", "update"),
    )
    async def mark_insurance_renewed(
        self, info: Info, policy_id: Annotated[ID, strawberry.argument(description="The policy.")]
    ) -> InsurancePolicyResult:
        actor = info.context.require_actor()
        row = await service.mark_renewed(actor, parse_id(policy_id, "policy_id", "InsurancePolicy"))
        return simple_node(InsurancePolicy, row)
