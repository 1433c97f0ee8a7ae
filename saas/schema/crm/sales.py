"""Test drive and order mutations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from saas.crm import sales as service
from saas.crm import vocabulary as v
from saas.schema.context import Info
from saas.schema.crm.types import Order, PaymentMethod, TestDrive, TestDriveStatus
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    attempt,
    parse_id,
)
from saas.schema.permissions import requires


@strawberry.input(description="Book a test drive for an open lead.")
class ScheduleTestDriveInput:
    lead_id: strawberry.ID
    vehicle_model_id: strawberry.ID
    scheduled_at: datetime


@strawberry.input(description="How a scheduled test drive went.")
class CompleteTestDriveInput:
    test_drive_id: strawberry.ID
    outcome: TestDriveStatus = strawberry.field(description="DONE, NO_SHOW or CANCELLED.")  # type: ignore[valid-type]
    feedback: str | None = strawberry.field(default=None, description="Required when DONE.")


@strawberry.input(description="A signed contract for an open lead.")
class SignOrderInput:
    lead_id: strawberry.ID
    vehicle_model_id: strawberry.ID
    price: Decimal = strawberry.field(description="In yuan; more than zero.")
    payment_method: PaymentMethod  # type: ignore[valid-type]
    deposit: Decimal = Decimal(0)
    configuration: str | None = strawberry.field(default=None, description="Trim, colour, options.")


@strawberry.input(description="The order to deliver; the customer then owns the vehicle.")
class DeliverOrderInput:
    order_id: strawberry.ID
    vin: str | None = strawberry.field(default=None, description="The car's VIN, if known now.")


@strawberry.input(description="The order to cancel, and why.")
class CancelOrderInput:
    order_id: strawberry.ID
    reason: str


TestDriveResult = Annotated[
    TestDrive | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union("TestDriveResult"),
]
OrderResult = Annotated[
    Order | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union("OrderResult"),
]


@strawberry.type
class SalesMutations:
    @strawberry.mutation(
        description="Book a test drive.", extensions=requires("test_drive", "create")
    )
    async def schedule_test_drive(
        self, info: Info, input: ScheduleTestDriveInput
    ) -> TestDriveResult:
        actor = info.context.require_actor()

        async def run() -> TestDrive:
            drive = await service.schedule_test_drive(
                actor,
                parse_id(input.lead_id, "input.leadId", "Lead"),
                parse_id(input.vehicle_model_id, "input.vehicleModelId", "VehicleModel"),
                input.scheduled_at,
            )
            return TestDrive.from_model(drive)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Record a test drive as done (moves the lead to the test-drive stage), "
        "no-show or cancelled.",
        extensions=requires("test_drive", "update"),
    )
    async def complete_test_drive(
        self, info: Info, input: CompleteTestDriveInput
    ) -> TestDriveResult:
        actor = info.context.require_actor()

        async def run() -> TestDrive:
            drive = await service.complete_test_drive(
                actor,
                parse_id(input.test_drive_id, "input.testDriveId", "TestDrive"),
                v.TestDriveStatus(input.outcome.value),
                input.feedback,
            )
            return TestDrive.from_model(drive)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Sign an order: the lead becomes O (ordered) at the contract stage.",
        extensions=requires("order", "create"),
    )
    async def sign_order(self, info: Info, input: SignOrderInput) -> OrderResult:
        actor = info.context.require_actor()

        async def run() -> Order:
            order = await service.sign_order(
                actor,
                service.NewOrder(
                    lead_id=parse_id(input.lead_id, "input.leadId", "Lead"),
                    vehicle_model_id=parse_id(
                        input.vehicle_model_id, "input.vehicleModelId", "VehicleModel"
                    ),
                    price=input.price,
                    payment_method=v.PaymentMethod(input.payment_method.value),
                    deposit=input.deposit,
                    configuration=input.configuration,
                ),
            )
            return Order.from_model(order)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Deliver a signed order: the lead becomes D (delivered).",
        extensions=requires("order", "update"),
    )
    async def deliver_order(self, info: Info, input: DeliverOrderInput) -> OrderResult:
        actor = info.context.require_actor()

        async def run() -> Order:
            return Order.from_model(
                await service.deliver_order(
                    actor, parse_id(input.order_id, "input.orderId", "Order"), vin=input.vin
                )
            )

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Cancel a signed order: the lead becomes T (cancelled).",
        extensions=requires("order", "update"),
    )
    async def cancel_order(self, info: Info, input: CancelOrderInput) -> OrderResult:
        actor = info.context.require_actor()

        async def run() -> Order:
            order = await service.cancel_order(
                actor, parse_id(input.order_id, "input.orderId", "Order"), input.reason
            )
            return Order.from_model(order)

        return await attempt(run)  # type: ignore[return-value]
