"""The after-sales object types: vehicles, service records, insurance
policies, complaints, surveys, reminder tasks and timeline entries."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import strawberry

from saas import models
from saas.schema.crm.messages import CustomerMessage
from saas.schema.relay import Node, to_global_id

ID = strawberry.ID


@strawberry.type(description="A vehicle the customer owns.")
class Vehicle(Node):
    vin: str | None = strawberry.field(description="Null until known.")
    model_name: str = strawberry.field(
        description="The model as written on the record, e.g. from the catalogue at delivery."
    )
    purchase_date: date = strawberry.field(
        description="When the customer bought it (a calendar date, no time zone)."
    )
    purchase_channel: str = strawberry.field(
        description="this_store, group_store, elsewhere or used."
    )
    price: Decimal | None = strawberry.field(
        description="Purchase price in yuan (two decimals); null when unknown."
    )

    @classmethod
    def from_model(cls, v: models.Vehicle) -> Vehicle:
        return cls(
            id=to_global_id("Vehicle", v.id),
            vin=v.vin,
            model_name=v.model_name,
            purchase_date=v.purchase_date,
            purchase_channel=v.purchase_channel,
            price=v.price,
        )


@strawberry.type(description="Maintenance or repair.")
class ServiceRecord(Node):
    kind: str = strawberry.field(description="maintenance or repair.")
    service_date: date = strawberry.field(
        description="Day of the visit (a calendar date, no time zone)."
    )
    mileage_km: int = strawberry.field(description="Odometer reading at the visit, in km.")
    content: str = strawberry.field(description="What was done.")
    cost: Decimal = strawberry.field(description="What the customer paid, in yuan (two decimals).")


@strawberry.type(description="An insurance policy of a vehicle.")
class InsurancePolicy(Node):
    insurer: str = strawberry.field(description="The insurance company.")
    start_date: date = strawberry.field(description="First day of cover (a calendar date).")
    expiry_date: date = strawberry.field(
        description="Last day of cover (a calendar date); a renewal reminder is due 30 days "
        "before, until renewed."
    )
    premium: Decimal = strawberry.field(description="Premium in yuan (two decimals).")
    renewed: bool = strawberry.field(
        description="The customer renewed (markInsuranceRenewed); renewal reminders stop."
    )
    shared_with_insurer: bool = strawberry.field(
        description="The policy may be shared with the insurer (the customer consented)."
    )


@strawberry.type(description="A complaint; A-tier customers' come first.")
class Complaint(Node):
    customer_id: ID = strawberry.field(description="The customer who complained.")
    channel: str = strawberry.field(
        description="How the complaint came in, e.g. phone, wechat, showroom, oem_hotline."
    )
    severity: str = strawberry.field(description="low, medium, high or critical.")
    status: str = strawberry.field(description="open, in_progress, resolved or closed.")
    description: str = strawberry.field(description="The complaint in the customer's words.")
    resolution: str | None = strawberry.field(
        description="How it was resolved; null until resolved."
    )
    priority: int = strawberry.field(description="0 for A-tier customers, 1 otherwise.")
    created_at: datetime = strawberry.field(
        description="When the complaint was taken in (UTC, ISO-8601)."
    )
    escalated_at: datetime | None = strawberry.field(
        description="When it was escalated to the showroom managers for staying unresolved past "
        "the group's limit (UTC); null if not escalated."
    )

    @classmethod
    def from_model(cls, c: models.Complaint) -> Complaint:
        return cls(
            id=to_global_id("Complaint", c.id),
            customer_id=to_global_id("Customer", c.customer_id),
            channel=c.channel,
            severity=c.severity,
            status=c.status,
            description=c.description,
            resolution=c.resolution,
            priority=c.priority,
            created_at=c.created_at,
            escalated_at=c.escalated_at,
        )


@strawberry.type(description="A satisfaction survey (scores 1-10).")
class Survey(Node):
    kind: str = strawberry.field(description="delivery or service.")
    product_score: int = strawberry.field(
        description="Satisfaction with the product, 1 (worst) to 10 (best)."
    )
    attitude_score: int = strawberry.field(
        description="Satisfaction with the staff's attitude, 1 to 10."
    )
    after_sales_score: int = strawberry.field(description="Satisfaction with after-sales, 1 to 10.")
    comment: str | None = strawberry.field(description="The customer's comment; null when none.")


@strawberry.type(description="A reminder in your task list.")
class ReminderTask(Node):
    kind: str = strawberry.field(
        description="maintenance, insurance_renewal, birthday, anniversary or win_back."
    )
    title: str = strawberry.field(
        description="What to do, in words, e.g. `Insurance with X expires 2027-03-01`."
    )
    due_date: date = strawberry.field(description="The day the reminder is due (a calendar date).")
    customer_id: ID = strawberry.field(description="The customer to contact.")
    status: str = strawberry.field(
        description="open, done, or skipped (with the reason in result)."
    )
    result: str | None = strawberry.field(
        description="What came of it (set by completeTask), or why it was skipped; null while open."
    )

    @classmethod
    def from_model(cls, t: models.ReminderTask) -> ReminderTask:
        return cls(
            id=to_global_id("ReminderTask", t.id),
            kind=t.kind,
            title=t.title,
            due_date=t.due_date,
            customer_id=to_global_id("Customer", t.customer_id),
            status=t.status,
            result=t.result,
        )


@strawberry.type(description="One event in a customer's history.")
class TimelineEntry:
    at: datetime = strawberry.field(
        description="When it happened (UTC); for date-only records (service, purchase, insurance)"
        " midnight UTC of that date."
    )
    kind: str = strawberry.field(
        description="lead, follow_up, test_drive, order, delivery, order_cancelled, vehicle, "
        "service, insurance, complaint, survey, tag_added, tag_removed, message (sent to the "
        "customer)."
    )
    summary: str = strawberry.field(description="One line in words.")
    object_id: ID = strawberry.field(
        description="Id of the record (lead, follow-up, order, message...) the entry is about."
    )
    message: CustomerMessage | None = strawberry.field(
        default=None,
        description="For a message entry: the message sent (its time, channel and text); else "
        "null.",
    )


@strawberry.type(
    description="Average survey scores of a consultant (or, consultant null, the store)."
)
class SurveyAverage:
    consultant_id: ID | None = strawberry.field(
        description="The consultant; null for the store's average."
    )
    surveys: int = strawberry.field(description="Number of surveys averaged.")
    product: float = strawberry.field(description="Mean product score (1-10).")
    attitude: float = strawberry.field(description="Mean attitude score (1-10).")
    after_sales: float = strawberry.field(description="Mean after-sales score (1-10).")


N = TypeVar("N", bound=Node)


def simple_node(cls: type[N], row: Any) -> N:
    values = {f: getattr(row, f) for f in cls.__annotations__ if f != "id"}
    return cls(id=to_global_id(cls.__name__, row.id), **values)
