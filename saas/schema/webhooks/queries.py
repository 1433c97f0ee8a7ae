"""webhookEndpoints and webhookDeliveries of the caller's dealer group or OEM."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.schema.context import Info
from saas.schema.errors import safe_id
from saas.schema.pagination import Connection, Order, Page, paged, paginate
from saas.schema.permissions import requires
from saas.schema.webhooks.types import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from saas.webhooks import service


@strawberry.type
class WebhookQueries:
    @strawberry.field(
        description="Your dealer group's (or OEM's) webhook endpoints, newest first.",
        extensions=requires("webhook", "read"),
    )
    @paged
    async def webhook_endpoints(
        self,
        info: Info,
        page: Page,
    ) -> Connection[WebhookEndpoint]:
        qs = service.endpoints_of(info.context.require_actor())
        return await paginate(
            qs,
            page,
            WebhookEndpoint.from_model,
            Order("id", descending=True),
        )

    @strawberry.field(
        description="Deliveries to your endpoints with status, response code, latency and "
        "attempts, newest first.",
        extensions=requires("webhook", "read"),
    )
    @paged
    async def webhook_deliveries(
        self,
        info: Info,
        page: Page,
        endpoint_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this endpoint's.")
        ] = None,
        status: Annotated[
            WebhookDeliveryStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
    ) -> Connection[WebhookDelivery]:
        endpoint = safe_id(endpoint_id, "WebhookEndpoint") if endpoint_id is not None else None
        qs = service.deliveries_of(
            info.context.require_actor(),
            -1 if endpoint_id is not None and endpoint is None else endpoint,
            status.value if status else None,
        )
        return await paginate(
            qs,
            page,
            WebhookDelivery.from_model,
            Order("id", descending=True),
        )
