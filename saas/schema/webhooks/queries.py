"""webhookEndpoints and webhookDeliveries of the caller's dealer group or OEM."""

from __future__ import annotations

from typing import Any

import strawberry
from tortoise.queryset import QuerySet

from saas.schema.described import described
from saas.schema.errors import safe_id
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import Arg, listing
from saas.schema.webhooks.types import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from saas.tenancy.actor import Actor
from saas.webhooks import service


def _deliveries(
    actor: Actor, endpoint_id: strawberry.ID | None, status: WebhookDeliveryStatus | None
) -> QuerySet[Any]:
    endpoint = safe_id(endpoint_id, "WebhookEndpoint") if endpoint_id is not None else None
    return service.deliveries_of(
        actor,
        -1 if endpoint_id is not None and endpoint is None else endpoint,
        status.value if status else None,
    )


@strawberry.type
@described
class WebhookQueries:
    """
    Attributes:
        webhook_endpoints: Your dealer group's (or OEM's) webhook endpoints, newest first.
        webhook_deliveries: Deliveries to your endpoints with status, response code, latency and
            attempts, newest first.
    """

    webhook_endpoints = listing(
        WebhookEndpoint,
        requires("webhook", "read"),
        service.endpoints_of,
        order=Order("id", descending=True),
    )

    webhook_deliveries = listing(
        WebhookDelivery,
        requires("webhook", "read"),
        _deliveries,
        order=Order("id", descending=True),
        endpoint_id=Arg(strawberry.ID | None, "Only this endpoint's."),
        status=Arg(WebhookDeliveryStatus | None, "Only this status."),
    )
