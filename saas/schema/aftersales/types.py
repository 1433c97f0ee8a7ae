"""The after-sales object types: vehicles, service records, insurance
policies, complaints, surveys, reminder tasks and timeline entries."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import strawberry

from saas import models
from saas.schema.crm.messages import CustomerMessage
from saas.schema.described import described
from saas.schema.relay import Node, from_row, to_global_id

ID = strawberry.ID


@strawberry.type(description="A vehicle the customer owns.")
@described
class Vehicle(Node):
    """
    Attributes:
        vin: Null until known.
        model_name: The model as written on the record, e.g. from the catalogue at delivery.
        purchase_date: When the customer bought it (a calendar date, no time zone).
        purchase_channel: this_store, group_store, elsewhere or used.
        price: Purchase price in yuan (two decimals); null when unknown.
    """

    vin: str | None
    model_name: str
    purchase_date: date
    purchase_channel: str
    price: Decimal | None

    @classmethod
    def from_model(cls, v: models.Vehicle) -> Vehicle:
        return from_row(cls, v)


@strawberry.type(description="Maintenance or repair.")
@described
class ServiceRecord(Node):
    """
    Attributes:
        kind: maintenance or repair.
        service_date: Day of the visit (a calendar date, no time zone).
        mileage_km: Odometer reading at the visit, in km.
        content: What was done.
        cost: What the customer paid, in yuan (two decimals).
    """

    kind: str
    service_date: date
    mileage_km: int
    content: str
    cost: Decimal


@strawberry.type(description="An insurance policy of a vehicle.")
@described
class InsurancePolicy(Node):
    """
    Attributes:
        insurer: The insurance company.
        start_date: First day of cover (a calendar date).
        expiry_date: Last day of cover (a calendar date); a renewal reminder is due 30 days before,
            until renewed.
        premium: Premium in yuan (two decimals).
        renewed: The customer renewed (markInsuranceRenewed); renewal reminders stop.
        shared_with_insurer: The policy may be shared with the insurer (the customer consented).
    """

    insurer: str
    start_date: date
    expiry_date: date
    premium: Decimal
    renewed: bool
    shared_with_insurer: bool


@strawberry.type(description="A complaint; A-tier customers' come first.")
@described
class Complaint(Node):
    """
    Attributes:
        customer_id: The customer who complained.
        channel: How the complaint came in, e.g. phone, wechat, showroom, oem_hotline.
        severity: low, medium, high or critical.
        status: open, in_progress, resolved or closed.
        description: The complaint in the customer's words.
        resolution: How it was resolved; null until resolved.
        priority: 0 for A-tier customers, 1 otherwise.
        created_at: When the complaint was taken in (UTC, ISO-8601).
        escalated_at: When it was escalated to the showroom managers for staying unresolved past the
            group's limit (UTC); null if not escalated.
    """

    customer_id: ID
    channel: str
    severity: str
    status: str
    description: str
    resolution: str | None
    priority: int
    created_at: datetime
    escalated_at: datetime | None

    @classmethod
    def from_model(cls, c: models.Complaint) -> Complaint:
        return from_row(cls, c, customer_id=to_global_id("Customer", c.customer_id))


@strawberry.type(description="A satisfaction survey (scores 1-10).")
@described
class Survey(Node):
    """
    Attributes:
        kind: delivery or service.
        product_score: Satisfaction with the product, 1 (worst) to 10 (best).
        attitude_score: Satisfaction with the staff's attitude, 1 to 10.
        after_sales_score: Satisfaction with after-sales, 1 to 10.
        comment: The customer's comment; null when none.
    """

    kind: str
    product_score: int
    attitude_score: int
    after_sales_score: int
    comment: str | None


@strawberry.type(description="A reminder in your task list.")
@described
class ReminderTask(Node):
    """
    Attributes:
        kind: maintenance, insurance_renewal, birthday, anniversary or win_back.
        title: What to do, in words, e.g. `Insurance with X expires 2027-03-01`.
        due_date: The day the reminder is due (a calendar date).
        customer_id: The customer to contact.
        status: open, done, or skipped (with the reason in result).
        result: What came of it (set by completeTask), or why it was skipped; null while open.
    """

    kind: str
    title: str
    due_date: date
    customer_id: ID
    status: str
    result: str | None

    @classmethod
    def from_model(cls, t: models.ReminderTask) -> ReminderTask:
        return from_row(cls, t, customer_id=to_global_id("Customer", t.customer_id))


@strawberry.type(description="One event in a customer's history.")
@described
class TimelineEntry:
    """
    Attributes:
        at: When it happened (UTC); for date-only records (service, purchase, insurance) midnight
            UTC of that date.
        kind: lead, follow_up, test_drive, order, delivery, order_cancelled, vehicle, service,
            insurance, complaint, survey, tag_added, tag_removed, message (sent to the customer).
        summary: One line in words.
        object_id: Id of the record (lead, follow-up, order, message...) the entry is about.
        message: For a message entry: the message sent (its time, channel and text); else null.
    """

    at: datetime
    kind: str
    summary: str
    object_id: ID
    message: CustomerMessage | None = None


@strawberry.type(
    description="Average survey scores of a consultant (or, consultant null, the store)."
)
@described
class SurveyAverage:
    """
    Attributes:
        consultant_id: The consultant; null for the store's average.
        surveys: Number of surveys averaged.
        product: Mean product score (1-10).
        attitude: Mean attitude score (1-10).
        after_sales: Mean after-sales score (1-10).
    """

    consultant_id: ID | None
    surveys: int
    product: float
    attitude: float
    after_sales: float


N = TypeVar("N", bound=Node)


def simple_node(cls: type[N], row: Any) -> N:
    """A node whose fields all take the row's columns of the same names."""
    return from_row(cls, row)
