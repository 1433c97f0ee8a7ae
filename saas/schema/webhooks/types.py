"""Webhook endpoints and their delivery log."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from saas import models
from saas.crm import vocabulary
from saas.events.service import EventType
from saas.schema.crm.types import SourceChannel
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.relay import Node, from_row, optional_global_id, to_global_id

DomainEventType = described_enum(
    EventType,
    name="DomainEventType",
    description="Domain events: what webhooks and live subscriptions receive "
    "(the `type` of a webhook body, e.g. lead.assigned).",
    values={
        "LEAD_CREATED": "lead.created: a lead was taken in (any channel, or distributed by an "
        "OEM).",
        "LEAD_ASSIGNED": "lead.assigned: a lead got a new owner (by a manager or the "
        "assignment rules).",
        "LEAD_STAGE_CHANGED": "lead.stage_changed: a lead moved to another funnel stage.",
        "LEAD_GRADE_CHANGED": "lead.grade_changed: a lead's intent grade changed.",
        "LEAD_LOST": "lead.lost: a manager approved closing a lead as lost.",
        "LEAD_SLA_WARNING": "lead.sla_warning: an OEM lead has no first follow-up and its "
        "first-contact deadline is near (at the OEM's warning lead time, 2 hours by default); "
        "sent to its owner.",
        "LEAD_SLA_BREACHED": "lead.sla_breached: an OEM lead missed its first-contact deadline "
        "(sent once, whether the sweep or a late first contact found it).",
        "ORDER_SIGNED": "order.signed: a contract was signed (the lead becomes O).",
        "ORDER_DELIVERED": "order.delivered: a car was handed over (D).",
        "ORDER_CANCELLED": "order.cancelled: an order was cancelled (T).",
        "CUSTOMER_MERGED": "customer.merged: a duplicate customer archive was merged into "
        "another (never sent to OEMs).",
    },
)


@described_enum(
    description="Whether an endpoint receives events.",
    values={
        "ACTIVE": "Receives its events.",
        "DISABLED": "Receives nothing: disabled by a person, or after failing for too long (see "
        "disabledReason).",
    },
)
class WebhookEndpointStatus(Enum):
    ACTIVE = "active"
    DISABLED = "disabled"


@described_enum(
    description="pending: waiting for its (next) attempt; succeeded: the endpoint answered 2xx; "
    "failed: retries ran out or the endpoint is disabled (replay it).",
    values={
        "PENDING": "Waiting for its first or next attempt (nextAttemptAt).",
        "SUCCEEDED": "The endpoint answered 2xx.",
        "FAILED": "Retries ran out or the endpoint is disabled; replayWebhookDelivery sends it "
        "again.",
    },
)
class WebhookDeliveryStatus(Enum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@strawberry.type(description="An HTTPS endpoint that receives signed events.")
@described
class WebhookEndpoint(Node):
    """
    Attributes:
        url: The HTTPS address events are POSTed to.
        description: What the endpoint is for, as its owner wrote it.
        event_types: The events it receives.
        store_ids: Only events of these stores; empty = every store.
        source_channels: Only leads from these channels; empty = every channel.
        status: Active or disabled.
        disabled_reason: Why it was disabled (by whom, or the failures that disabled it).
        disabled_at: When it was disabled (UTC); null while active.
        failing_since: Start of the current run of failed deliveries.
        created_at: When it was registered (UTC, ISO-8601).
    """

    url: str
    description: str
    event_types: list[DomainEventType]
    store_ids: list[strawberry.ID]
    source_channels: list[SourceChannel]
    status: WebhookEndpointStatus
    disabled_reason: str | None
    disabled_at: datetime | None
    failing_since: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, e: models.WebhookEndpoint) -> WebhookEndpoint:
        return from_row(
            cls,
            e,
            event_types=[EventType(t) for t in e.event_types or []],
            store_ids=[to_global_id("Store", s) for s in e.store_ids or []],
            source_channels=[vocabulary.SourceChannel(c) for c in e.source_channels or []],
        )


@strawberry.type(description="One event sent (or to be sent) to one endpoint.")
@described
class WebhookDelivery(Node):
    """
    Attributes:
        endpoint_id: The endpoint it goes to.
        event_id: The `id` in the body.
        event_type: The event's type.
        status: Pending, succeeded or failed.
        attempts: Attempts made so far.
        response_code: HTTP status of the last attempt.
        latency_ms: Duration of the last attempt.
        error: What went wrong in the last attempt.
        next_attempt_at: When the next attempt is due (UTC); null unless pending.
        last_attempt_at: When the last attempt was made (UTC); null before the first.
        replay_of_id: The delivery this one replays.
        body: The JSON body (the same in every attempt).
        created_at: When the event was queued for this endpoint (UTC, ISO-8601).
    """

    endpoint_id: strawberry.ID
    event_id: strawberry.ID
    event_type: DomainEventType
    status: WebhookDeliveryStatus
    attempts: int
    response_code: int | None
    latency_ms: int | None
    error: str | None
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    replay_of_id: strawberry.ID | None
    body: str
    created_at: datetime

    @classmethod
    def from_model(cls, d: models.WebhookDelivery | models.OemWebhookDelivery) -> WebhookDelivery:
        return from_row(
            cls,
            d,
            endpoint_id=to_global_id("WebhookEndpoint", d.endpoint_id),
            event_id=strawberry.ID(str(d.event_id)),
            next_attempt_at=d.next_attempt_at if d.status == "pending" else None,
            replay_of_id=optional_global_id("WebhookDelivery", d.replay_of_id or None),
        )
