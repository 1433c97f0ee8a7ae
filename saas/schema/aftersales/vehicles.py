"""Vehicle, service record and insurance policy mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
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
from saas.schema.described import described
from saas.schema.errors import (
    Refused,
    RefusedOrConflict,
    result_union,
)
from saas.schema.inputs import global_ids, parse_id, renamed
from saas.schema.mutations import mutation
from saas.schema.permissions import requires

ID = strawberry.ID


@strawberry.input(description="A vehicle the customer owns (bought here or elsewhere).")
@described
class AddVehicleInput:
    """
    Attributes:
        customer_id: The owner.
        vin: 17 characters; checked.
        model_name: The model, in words (required).
        purchase_date: When it was bought (YYYY-MM-DD), not in the future.
        purchase_channel: this_store, group_store, elsewhere or used.
        price: Purchase price in yuan, if known.
    """

    customer_id: ID
    vin: str | None = None
    model_name: str
    purchase_date: date
    purchase_channel: str
    price: Decimal | None = None


@strawberry.input(description="A maintenance or repair visit.")
@described
class RecordServiceInput:
    """
    Attributes:
        vehicle_id: The vehicle serviced.
        kind: maintenance or repair.
        service_date: Day of the visit (YYYY-MM-DD), not in the future.
        mileage_km: Odometer reading in km, not negative.
        content: What was done (required).
        cost: What the customer paid, in yuan, not negative.
    """

    vehicle_id: ID
    kind: str
    service_date: date
    mileage_km: int
    content: str
    cost: Decimal


@strawberry.input(
    description="An insurance policy; sharing with the insurer needs the customer's consent."
)
@described
class AddInsurancePolicyInput:
    """
    Attributes:
        vehicle_id: The insured vehicle.
        insurer: The insurance company (required).
        start_date: First day of cover (YYYY-MM-DD).
        expiry_date: Last day of cover (YYYY-MM-DD), after startDate.
        premium: Premium in yuan, not negative.
        share_with_insurer: Share the policy with the insurer; refused unless the customer consented
            (consents.shareWithInsurers).
    """

    vehicle_id: ID
    insurer: str
    start_date: date
    expiry_date: date
    premium: Decimal
    share_with_insurer: bool = False


VehicleResult = result_union(
    "VehicleResult",
    Vehicle | RefusedOrConflict,
    "The vehicle as saved, or why nothing was saved (ConflictError: the VIN "
    "belongs to another vehicle).",
)
ServiceRecordResult = result_union(
    "ServiceRecordResult",
    ServiceRecord | Refused,
    "The service record as saved, or why nothing was saved.",
)
InsurancePolicyResult = result_union(
    "InsurancePolicyResult",
    InsurancePolicy | Refused,
    "The policy as saved, or why nothing was saved.",
)


global_ids(AddVehicleInput, customer_id="Customer")
global_ids(RecordServiceInput, vehicle_id="Vehicle")
global_ids(AddInsurancePolicyInput, vehicle_id="Vehicle")
renamed(
    AddInsurancePolicyInput, start="start_date", expiry="expiry_date", share="share_with_insurer"
)


@strawberry.type
@described
class VehicleMutations:
    """
    Attributes:
        add_vehicle: Record a vehicle the customer owns.
        record_service: Record maintenance or a repair.
        add_insurance_policy: Record an insurance policy.
    """

    add_vehicle = mutation(
        VehicleResult,
        requires("customer", "update"),
        input=(AddVehicleInput, "The vehicle and its owner."),
        run=service.add_vehicle,
        data=service.NewVehicle,
        answer=Vehicle.from_model,
    )

    record_service = mutation(
        ServiceRecordResult,
        requires("customer", "update"),
        input=(RecordServiceInput, "The vehicle and the visit."),
        run=service.record_service,
        answer=partial(simple_node, ServiceRecord),
    )

    add_insurance_policy = mutation(
        InsurancePolicyResult,
        requires("customer", "update"),
        input=(AddInsurancePolicyInput, "The vehicle and its policy."),
        run=service.add_insurance,
        answer=partial(simple_node, InsurancePolicy),
    )

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
