"""Webhook endpoints and their delivery log."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from saas import models
from saas.crm import vocabulary
from saas.events.service import EventType
from saas.schema.crm.types import SourceChannel
from saas.schema.relay import Node, optional_global_id, to_global_id

DomainEventType = strawberry.enum(
    EventType,
    name="DomainEventType",
    description="Domain events: what webhooks and live subscriptions receive "
    "(the `type` of a webhook body, e.g. lead.assigned).",
)


@strawberry.enum(description="Whether an endpoint receives events.")
class WebhookEndpointStatus(Enum):
    ACTIVE = "active"
    DISABLED = "disabled"


@strawberry.enum(
    description="pending: waiting for its (next) attempt; succeeded: the endpoint answered 2xx; "
    "failed: retries ran out or the endpoint is disabled (replay it)."
)
class WebhookDeliveryStatus(Enum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@strawberry.type(description="An HTTPS endpoint that receives signed events.")
class WebhookEndpoint(Node):
    url: str
    description: str
    event_types: list[DomainEventType] = strawberry.field(  # type: ignore[valid-type]
        description="The events it receives."
    )
    store_ids: list[strawberry.ID] = strawberry.field(
        description="Only events of these stores; empty = every store."
    )
    source_channels: list[SourceChannel] = strawberry.field(  # type: ignore[valid-type]
        description="Only leads from these channels; empty = every channel."
    )
    status: WebhookEndpointStatus
    disabled_reason: str | None = strawberry.field(
        description="Why it was disabled (by whom, or the failures that disabled it)."
    )
    disabled_at: datetime | None
    failing_since: datetime | None = strawberry.field(
        description="Start of the current run of failed deliveries."
    )
    created_at: datetime

    @classmethod
    def from_model(cls, e: models.WebhookEndpoint) -> WebhookEndpoint:
        return cls(
            id=to_global_id("WebhookEndpoint", e.id),
            url=e.url,
            description=e.description,
            event_types=[EventType(t) for t in e.event_types or []],
            store_ids=[to_global_id("Store", s) for s in e.store_ids or []],
            source_channels=[vocabulary.SourceChannel(c) for c in e.source_channels or []],
            status=WebhookEndpointStatus(e.status),
            disabled_reason=e.disabled_reason,
            disabled_at=e.disabled_at,
            failing_since=e.failing_since,
            created_at=e.created_at,
        )


@strawberry.type(description="One event sent (or to be sent) to one endpoint.")
class WebhookDelivery(Node):
    endpoint_id: strawberry.ID
    event_id: strawberry.ID = strawberry.field(description="The `id` in the body.")
    event_type: DomainEventType  # type: ignore[valid-type]
    status: WebhookDeliveryStatus
    attempts: int = strawberry.field(description="Attempts made so far.")
    response_code: int | None = strawberry.field(description="HTTP status of the last attempt.")
    latency_ms: int | None = strawberry.field(description="Duration of the last attempt.")
    error: str | None = strawberry.field(description="What went wrong in the last attempt.")
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    replay_of_id: strawberry.ID | None = strawberry.field(
        description="The delivery this one replays."
    )
    body: str = strawberry.field(description="The JSON body (the same in every attempt).")
    created_at: datetime

    @classmethod
    def from_model(cls, d: models.WebhookDelivery) -> WebhookDelivery:
        return cls(
            id=to_global_id("WebhookDelivery", d.id),
            endpoint_id=to_global_id("WebhookEndpoint", d.endpoint_id),
            event_id=strawberry.ID(str(d.event_id)),
            event_type=EventType(d.event_type),
            status=WebhookDeliveryStatus(d.status),
            attempts=d.attempts,
            response_code=d.response_code,
            latency_ms=d.latency_ms,
            error=d.error,
            next_attempt_at=d.next_attempt_at if d.status == "pending" else None,
            last_attempt_at=d.last_attempt_at,
            replay_of_id=optional_global_id("WebhookDelivery", d.replay_of_id or None),
            body=d.body,
            created_at=d.created_at,
        )
