"""Test drive and order mutations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from saas.crm import sales as service
from saas.schema.crm.types import Order, PaymentMethod, TestDrive, TestDriveStatus
from saas.schema.described import described
from saas.schema.errors import (
    RefusedOrConflict,
    result_union,
)
from saas.schema.inputs import global_ids
from saas.schema.mutations import mutation
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


TestDriveResult = result_union(
    "TestDriveResult",
    TestDrive | RefusedOrConflict,
    "The test drive as saved, or why nothing was saved.",
)
OrderResult = result_union(
    "OrderResult", Order | RefusedOrConflict, "The order as saved, or why nothing was saved."
)


global_ids(ScheduleTestDriveInput, lead_id="Lead", vehicle_model_id="VehicleModel")
global_ids(CompleteTestDriveInput, test_drive_id="TestDrive")
global_ids(SignOrderInput, lead_id="Lead", vehicle_model_id="VehicleModel")
global_ids(DeliverOrderInput, order_id="Order")
global_ids(CancelOrderInput, order_id="Order")


@strawberry.type
@described
class SalesMutations:
    """
    Attributes:
        schedule_test_drive: Book a test drive.
        complete_test_drive: Record a test drive as done (moves the lead to the test-drive stage),
            no-show or cancelled.
        sign_order: Sign an order: the lead becomes O (ordered) at the contract stage.
        deliver_order: Deliver a signed order: the lead becomes D (delivered).
        cancel_order: Cancel a signed order: the lead becomes T (cancelled).
    """

    schedule_test_drive = mutation(
        TestDriveResult,
        requires("test_drive", "create"),
        input=(ScheduleTestDriveInput, "The lead, the model and the time."),
        run=service.schedule_test_drive,
        answer=TestDrive.from_model,
    )

    complete_test_drive = mutation(
        TestDriveResult,
        requires("test_drive", "update"),
        input=(CompleteTestDriveInput, "The test drive and how it went."),
        run=service.complete_test_drive,
        answer=TestDrive.from_model,
    )

    sign_order = mutation(
        OrderResult,
        requires("order", "create"),
        input=(SignOrderInput, "The lead and the contract's terms."),
        run=service.sign_order,
        data=service.NewOrder,
        answer=Order.from_model,
    )

    deliver_order = mutation(
        OrderResult,
        requires("order", "update"),
        input=(DeliverOrderInput, "The order handed over."),
        run=service.deliver_order,
        answer=Order.from_model,
    )

    cancel_order = mutation(
        OrderResult,
        requires("order", "update"),
        input=(CancelOrderInput, "The order and why it is cancelled."),
        run=service.cancel_order,
        answer=Order.from_model,
    )
