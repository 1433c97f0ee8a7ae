"""Test drives and orders: the funnel's last steps, with their state machines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

from saas import hooks
from saas.crm.access import lead_scope, store_for, visible_lead
from saas.crm.events import emit_for_lead
from saas.crm.leads import check_vehicle_model, move_stage, record_event
from saas.crm.repository import LeadRepository, OrderRepository, TestDriveRepository
from saas.crm.vocabulary import (
    FunnelStage,
    LeadStatus,
    OrderStatus,
    PaymentMethod,
    TestDriveStatus,
)
from saas.errors import Conflict, FieldProblem, ValidationFailed
from saas.events.service import EventType
from saas.models import Lead, Order, TestDrive, VehicleModel
from saas.tenancy.actor import Actor
from saas.tenancy.scoped import TenantRepository
from saas.validation import check_aware


async def schedule_test_drive(
    actor: Actor, lead_id: int, vehicle_model_id: int, scheduled_at: datetime
) -> TestDrive:
    problem = check_aware("scheduled_at", scheduled_at)
    if problem:
        raise ValidationFailed([problem])
    lead = await visible_lead(actor, lead_id, write=True)
    if lead.status != LeadStatus.OPEN:
        raise Conflict("test drives are for open leads")
    store = await store_for(actor, lead.store_id, "test_drive", "create")
    await check_vehicle_model(vehicle_model_id, store, "vehicle_model_id")
    return await TestDriveRepository(lead.tenant_id).create(
        lead_id=lead.id,
        store_id=lead.store_id,
        customer_id=lead.customer_id,
        vehicle_model_id=vehicle_model_id,
        consultant_id=lead.owner_id,
        scheduled_at=scheduled_at,
        status=TestDriveStatus.SCHEDULED.value,
    )


async def complete_test_drive(
    actor: Actor,
    test_drive_id: int,
    outcome: TestDriveStatus,
    feedback: str | None,
    *,
    now: datetime | None = None,
) -> TestDrive:
    """Done (with the customer's feedback), no-show, or cancelled. A done test
    drive moves the lead to the test-drive stage if it was earlier."""
    now = now or datetime.now(UTC)
    drive, lead = await _with_lead(actor, TestDriveRepository, "test drive", test_drive_id)
    if drive.status != TestDriveStatus.SCHEDULED:
        raise Conflict(f"the test drive is already {drive.status.replace('_', ' ')}")
    if lead.status != LeadStatus.OPEN:
        raise Conflict(
            f"the lead is {lead.status.replace('_', ' ')}; cancel the test drive instead"
        )
    if outcome is TestDriveStatus.SCHEDULED:
        raise ValidationFailed.one("outcome", "choose done, no-show or cancelled")
    if outcome is TestDriveStatus.DONE and not (feedback or "").strip():
        raise ValidationFailed.one("feedback", "write down what the customer said")
    drive = await TestDriveRepository(lead.tenant_id).update(
        drive, status=outcome.value, completed_at=now, feedback=(feedback or "").strip() or None
    )
    if (
        outcome is TestDriveStatus.DONE
        and FunnelStage(lead.stage).rank < FunnelStage.TEST_DRIVE.rank
    ):
        values = await move_stage(lead, FunnelStage.TEST_DRIVE, actor, "test drive done")
        await LeadRepository(lead.tenant_id).update(lead, version=lead.version + 1, **values)
    return drive


# Rows of a lead's sale.
S = TypeVar("S", TestDrive, Order)


@dataclass
class NewOrder:
    lead_id: int
    vehicle_model_id: int
    price: Decimal
    payment_method: PaymentMethod
    deposit: Decimal = Decimal(0)
    configuration: str | None = None


async def sign_order(actor: Actor, new: NewOrder, *, now: datetime | None = None) -> Order:
    """A signed contract: the lead becomes O (ordered) at the contract stage."""
    now = now or datetime.now(UTC)
    lead = await visible_lead(actor, new.lead_id, write=True)
    if lead.status != LeadStatus.OPEN:
        raise Conflict(f"the lead is {lead.status.replace('_', ' ')}; only open leads can order")
    problems = []
    if new.price <= 0:
        problems.append(FieldProblem(("price",), "must be more than zero"))
    if new.deposit < 0:
        problems.append(FieldProblem(("deposit",), "must not be negative"))
    elif new.price > 0 and new.deposit > new.price:
        problems.append(FieldProblem(("deposit",), "must not exceed the price"))
    if problems:
        raise ValidationFailed(problems)
    store = await store_for(actor, lead.store_id, "order", "create")
    await check_vehicle_model(new.vehicle_model_id, store, "vehicle_model_id")
    order = await OrderRepository(lead.tenant_id).create(
        lead_id=lead.id,
        store_id=lead.store_id,
        customer_id=lead.customer_id,
        vehicle_model_id=new.vehicle_model_id,
        configuration=(new.configuration or "").strip() or None,
        price=new.price,
        payment_method=new.payment_method.value,
        deposit=new.deposit,
        status=OrderStatus.SIGNED.value,
        signed_at=now,
        consultant_id=lead.owner_id,
    )
    values = await move_stage(lead, FunnelStage.CONTRACT, actor, "order signed")
    await _move_lead(
        actor, order, lead, EventType.ORDER_SIGNED, LeadStatus.ORDERED, {"due_at": None, **values}
    )
    return order


async def deliver_order(
    actor: Actor, order_id: int, *, now: datetime | None = None, vin: str | None = None
) -> Order:
    """Hand over the car: the order is delivered, the lead becomes D, and the
    customer now owns the vehicle (with its VIN, if known yet)."""
    now = now or datetime.now(UTC)
    order, lead = await _order_and_lead(actor, order_id)
    if order.status != OrderStatus.SIGNED:
        raise Conflict(f"only a signed order can be delivered; this one is {order.status}")
    order = await OrderRepository(lead.tenant_id).update(
        order, status=OrderStatus.DELIVERED.value, delivered_at=now
    )
    values = await move_stage(lead, FunnelStage.DELIVERY, actor, "delivered")
    await _move_lead(
        actor,
        order,
        lead,
        EventType.ORDER_DELIVERED,
        LeadStatus.DELIVERED,
        {"closed_at": now, **values},
    )
    model = await VehicleModel.get_or_none(id=order.vehicle_model_id)
    # After-sales takes the delivered car in (a vehicle the customer owns).
    await hooks.order_delivered(order, model.name if model else "vehicle", vin, now)
    return order


async def cancel_order(
    actor: Actor, order_id: int, reason: str, *, now: datetime | None = None
) -> Order:
    """The customer withdraws: the order is cancelled and the lead becomes T."""
    now = now or datetime.now(UTC)
    order, lead = await _order_and_lead(actor, order_id)
    if order.status != OrderStatus.SIGNED:
        raise Conflict(f"only a signed order can be cancelled; this one is {order.status}")
    if not reason.strip():
        raise ValidationFailed.one("reason", "say why the order was cancelled")
    order = await OrderRepository(lead.tenant_id).update(
        order, status=OrderStatus.CANCELLED.value, cancelled_at=now, cancel_reason=reason.strip()
    )
    await _move_lead(
        actor,
        order,
        lead,
        EventType.ORDER_CANCELLED,
        LeadStatus.CANCELLED,
        {"closed_at": now},
        reason,
    )
    return order


# The lead history's kind of each order step.
_HISTORY_KIND = {
    EventType.ORDER_SIGNED: "order_signed",
    EventType.ORDER_DELIVERED: "order_delivered",
    EventType.ORDER_CANCELLED: "order_cancelled",
}


async def _move_lead(
    actor: Actor,
    order: Order,
    lead: Lead,
    kind: EventType,
    status: LeadStatus,
    changes: dict[str, Any],
    reason: str | None = None,
) -> None:
    """What an order step does to its lead: the event for subscribers and
    webhooks, the entry in the lead's history, and the lead's new status
    (with `changes`), one version on."""
    await _emit_order(kind, order, lead, status)
    await record_event(
        lead,
        actor,
        _HISTORY_KIND[kind],
        lead.status,
        status.value,
        reason,
        data={"order_id": order.id},
    )
    await LeadRepository(lead.tenant_id).update(
        lead, status=status.value, version=lead.version + 1, **changes
    )


async def _emit_order(kind: EventType, order: Order, lead: Lead, status: LeadStatus) -> None:
    await emit_for_lead(
        kind,
        lead,
        lead_changes={"status": status.value},
        order={
            "id": order.id,
            "vehicleModelId": order.vehicle_model_id,
            "price": str(order.price),
            "paymentMethod": order.payment_method,
            "status": order.status,
            "signedAt": order.signed_at.isoformat() if order.signed_at else None,
            "deliveredAt": order.delivered_at.isoformat() if order.delivered_at else None,
            "cancelReason": order.cancel_reason,
        },
    )


async def _order_and_lead(actor: Actor, order_id: int) -> tuple[Order, Lead]:
    return await _with_lead(actor, OrderRepository, "order", order_id)


async def _with_lead(
    actor: Actor,
    repository: type[TenantRepository[S]],
    kind: str,
    row_id: int,
    *,
    write: bool = True,
) -> tuple[S, Lead]:
    """A test drive or order and its lead, which the actor may change (or,
    without `write`, see); NotFound naming `kind` otherwise."""
    row = await repository.for_scope(lead_scope(actor).whole_stores()).require(row_id, kind)
    return row, await visible_lead(actor, row.lead_id, write=write)


async def visible_test_drive(actor: Actor, test_drive_id: int) -> TestDrive:
    """A test drive of a lead the actor may see."""
    drive, _ = await _with_lead(
        actor, TestDriveRepository, "test drive", test_drive_id, write=False
    )
    return drive


async def visible_order(actor: Actor, order_id: int) -> Order:
    """An order of a lead the actor may see."""
    order, _ = await _with_lead(actor, OrderRepository, "order", order_id, write=False)
    return order
