"""Test drive and order mutations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from saas.crm import sales as service
from saas.schema.context import Info
from saas.schema.crm.types import Order, PaymentMethod, TestDrive, TestDriveStatus
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
)
from saas.schema.inputs import global_ids, to_args
from saas.schema.permissions import requires


@strawberry.input(description="Book a test drive for an open lead.")
@described
class ScheduleTestDriveInput:
    """
    Attributes:
        lead_id: The open lead the test drive is for.
        vehicle_model_id: The model to drive: an active catalogue model of a brand the store sells.
        scheduled_at: When the test drive is booked, with its UTC offset (e.g.
            2026-11-24T10:00:00+08:00).
    """

    lead_id: strawberry.ID
    vehicle_model_id: strawberry.ID
    scheduled_at: datetime


@strawberry.input(description="How a scheduled test drive went.")
@described
class CompleteTestDriveInput:
    """
    Attributes:
        test_drive_id: A scheduled test drive of an open lead.
        outcome: DONE, NO_SHOW or CANCELLED.
        feedback: Required when DONE.
    """

    test_drive_id: strawberry.ID
    outcome: TestDriveStatus
    feedback: str | None = None


@strawberry.input(description="A signed contract for an open lead.")
@described
class SignOrderInput:
    """
    Attributes:
        lead_id: The open lead the contract closes; it becomes ordered (O) at the contract stage.
        vehicle_model_id: The model ordered: an active catalogue model of a brand the store sells.
        price: In yuan; more than zero.
        payment_method: Cash, loan or lease.
        deposit: Deposit paid at signing, in yuan; 0 by default, not negative and not more than the
            price.
        configuration: Trim, colour, options.
    """

    lead_id: strawberry.ID
    vehicle_model_id: strawberry.ID
    price: Decimal
    payment_method: PaymentMethod
    deposit: Decimal = Decimal(0)
    configuration: str | None = None


@strawberry.input(description="The order to deliver; the customer then owns the vehicle.")
@described
class DeliverOrderInput:
    """
    Attributes:
        order_id: A signed order; the lead becomes delivered (D) and a vehicle is added to the
            customer.
        vin: The car's VIN, if known now.
    """

    order_id: strawberry.ID
    vin: str | None = None


@strawberry.input(description="The order to cancel, and why.")
@described
class CancelOrderInput:
    """
    Attributes:
        order_id: A signed order; the lead becomes cancelled (T).
        reason: Why the customer withdrew (required).
    """

    order_id: strawberry.ID
    reason: str


TestDriveResult = Annotated[
    TestDrive | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union(
        "TestDriveResult", description="The test drive as saved, or why nothing was saved."
    ),
]
OrderResult = Annotated[
    Order | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union("OrderResult", description="The order as saved, or why nothing was saved."),
]


global_ids(ScheduleTestDriveInput, lead_id="Lead", vehicle_model_id="VehicleModel")
global_ids(CompleteTestDriveInput, test_drive_id="TestDrive")
global_ids(SignOrderInput, lead_id="Lead", vehicle_model_id="VehicleModel")
global_ids(DeliverOrderInput, order_id="Order")
global_ids(CancelOrderInput, order_id="Order")


@strawberry.type
class SalesMutations:
    @strawberry.mutation(
        description="Book a test drive.", extensions=requires("test_drive", "create")
    )
    async def schedule_test_drive(
        self,
        info: Info,
        input: Annotated[
            ScheduleTestDriveInput,
            strawberry.argument(description="The lead, the model and the time."),
        ],
    ) -> TestDriveResult:
        actor = info.context.require_actor()
        return TestDrive.from_model(await to_args(input, service.schedule_test_drive, actor))

    @strawberry.mutation(
        description="Record a test drive as done (moves the lead to the test-drive stage), "
        "no-show or cancelled.",
        extensions=requires("test_drive", "update"),
    )
    async def complete_test_drive(
        self,
        info: Info,
        input: Annotated[
            CompleteTestDriveInput,
            strawberry.argument(description="The test drive and how it went."),
        ],
    ) -> TestDriveResult:
        actor = info.context.require_actor()
        return TestDrive.from_model(await to_args(input, service.complete_test_drive, actor))

    @strawberry.mutation(
        description="Sign an order: the lead becomes O (ordered) at the contract stage.",
        extensions=requires("order", "create"),
    )
    async def sign_order(
        self,
        info: Info,
        input: Annotated[
            SignOrderInput, strawberry.argument(description="The lead and the contract's terms.")
        ],
    ) -> OrderResult:
        actor = info.context.require_actor()
        order = await service.sign_order(actor, to_args(input, service.NewOrder))
        return Order.from_model(order)

    @strawberry.mutation(
        description="Deliver a signed order: the lead becomes D (delivered).",
        extensions=requires("order", "update"),
    )
    async def deliver_order(
        self,
        info: Info,
        input: Annotated[
            DeliverOrderInput, strawberry.argument(description="The order handed over.")
        ],
    ) -> OrderResult:
        actor = info.context.require_actor()
        return Order.from_model(await to_args(input, service.deliver_order, actor))

    @strawberry.mutation(
        description="Cancel a signed order: the lead becomes T (cancelled).",
        extensions=requires("order", "update"),
    )
    async def cancel_order(
        self,
        info: Info,
        input: Annotated[
            CancelOrderInput, strawberry.argument(description="The order and why it is cancelled.")
        ],
    ) -> OrderResult:
        actor = info.context.require_actor()
        return Order.from_model(await to_args(input, service.cancel_order, actor))
