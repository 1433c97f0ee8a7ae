"""Webhook mutations: create, update, disable, delete an endpoint; replay a delivery."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from saas.schema.context import Info
from saas.schema.crm.types import SourceChannel
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    Refused,
    ValidationErrors,
    result_union,
)
from saas.schema.inputs import global_ids, id_of, renamed, to_args
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.schema.relay import to_global_id
from saas.schema.webhooks.types import DomainEventType, WebhookDelivery, WebhookEndpoint
from saas.webhooks import service


@strawberry.input(description="A new webhook endpoint.")
@described
class CreateWebhookEndpointInput:
    """
    Attributes:
        url: Where to POST events; https in production, public addresses only.
        event_types: The events to receive (at least one).
        description: What it is for.
        store_ids: Only these stores' events; empty = every store.
        source_channels: Only leads from these channels; empty = all.
    """

    url: str
    event_types: list[DomainEventType]
    description: str = ""
    store_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    source_channels: list[SourceChannel] = strawberry.field(default_factory=list)


@strawberry.input(description="Change an endpoint; fields left out stay as they are.")
@described
class UpdateWebhookEndpointInput:
    """
    Attributes:
        id: The endpoint to change.
        url: New address; https in production, public addresses only.
        description: New description.
        event_types: New list of events to receive (at least one).
        store_ids: New store filter; [] = every store.
        source_channels: New channel filter for lead events; [] = every channel.
        enable: Turn a disabled endpoint back on.
    """

    id: strawberry.ID
    url: str | None = None
    description: str | None = None
    event_types: list[DomainEventType] | None = None
    store_ids: list[strawberry.ID] | None = None
    source_channels: list[SourceChannel] | None = None
    enable: bool = False


@strawberry.input(description="The endpoint to disable or delete.")
@described
class WebhookEndpointIdInput:
    """
    Attributes:
        id: The endpoint.
    """

    id: strawberry.ID


@strawberry.input(description="The delivery to send again.")
@described
class ReplayWebhookDeliveryInput:
    """
    Attributes:
        id: The delivery to send again (its endpoint must be active).
    """

    id: strawberry.ID


@strawberry.type(
    description="The new endpoint. Store `secret` now: it signs every delivery and is never "
    "shown again."
)
@described
class CreatedWebhookEndpoint:
    """
    Attributes:
        endpoint: The endpoint as registered.
        secret: The signing secret: verify each delivery's signature with it. Shown only in this
            answer.
    """

    endpoint: WebhookEndpoint
    secret: str


@strawberry.type(description="The endpoint and its delivery log are gone.")
@described
class DeletedWebhookEndpoint:
    """
    Attributes:
        id: The global id the deleted endpoint had; it answers nothing any more.
    """

    id: strawberry.ID


CreateWebhookEndpointResult = result_union(
    "CreateWebhookEndpointResult",
    CreatedWebhookEndpoint | ValidationErrors | ConflictError | ForbiddenError,
    "The endpoint and its secret, or why it was not registered.",
)
UpdateWebhookEndpointResult = result_union(
    "UpdateWebhookEndpointResult",
    WebhookEndpoint | Refused,
    "The endpoint as changed, or why nothing changed.",
)
DisableWebhookEndpointResult = result_union(
    "DisableWebhookEndpointResult",
    WebhookEndpoint | Refused,
    "The endpoint, now disabled, or why nothing changed.",
)
DeleteWebhookEndpointResult = result_union(
    "DeleteWebhookEndpointResult",
    DeletedWebhookEndpoint | Refused,
    "The id of the deleted endpoint, or why nothing was deleted.",
)
ReplayWebhookDeliveryResult = result_union(
    "ReplayWebhookDeliveryResult",
    WebhookDelivery | ValidationErrors | NotFoundError | ConflictError | ForbiddenError,
    "The new delivery (replayOfId points to the old one), or why nothing was sent "
    "(ConflictError: the endpoint is disabled).",
)


def _values(items: Sequence[object] | None) -> list[str] | None:
    return None if items is None else [str(getattr(i, "value", i)) for i in items]


def _endpoint_fields(
    input: CreateWebhookEndpointInput | UpdateWebhookEndpointInput, *, partial: bool = False
) -> service.EndpointFields:
    """The input's endpoint fields, its enum lists as the service's strings."""
    return to_args(
        input,
        service.EndpointFields,
        event_types=_values(input.event_types),
        source_channels=_values(input.source_channels),
        partial=partial,
    )


global_ids(CreateWebhookEndpointInput, store_ids="Store")
global_ids(UpdateWebhookEndpointInput, id="WebhookEndpoint", store_ids="Store")
global_ids(WebhookEndpointIdInput, id="WebhookEndpoint")
global_ids(ReplayWebhookDeliveryInput, id="WebhookDelivery")
renamed(UpdateWebhookEndpointInput, endpoint_id="id")
renamed(WebhookEndpointIdInput, endpoint_id="id")
renamed(ReplayWebhookDeliveryInput, delivery_id="id")


def _deleted(endpoint_id: int) -> DeletedWebhookEndpoint:
    return DeletedWebhookEndpoint(id=to_global_id("WebhookEndpoint", endpoint_id))


async def _create_endpoint(
    info: Info, input: CreateWebhookEndpointInput
) -> CreateWebhookEndpointResult:
    actor = info.context.require_actor()
    fields = _endpoint_fields(input)
    endpoint, secret = await service.create_endpoint(actor, fields, info.context.settings)
    return CreatedWebhookEndpoint(endpoint=WebhookEndpoint.from_model(endpoint), secret=secret)


async def _update_endpoint(
    info: Info, input: UpdateWebhookEndpointInput
) -> UpdateWebhookEndpointResult:
    actor = info.context.require_actor()
    # partial: the rest of the input says which endpoint, and whether to enable it.
    fields = _endpoint_fields(input, partial=True)
    endpoint = await service.update_endpoint(
        actor, id_of(input, "id"), fields, info.context.settings, enabled=input.enable
    )
    return WebhookEndpoint.from_model(endpoint)


@strawberry.type
@described
class WebhookMutations:
    """
    Attributes:
        create_webhook_endpoint: Register an endpoint for your dealer group (or OEM). Returns the
            signing secret once.
        update_webhook_endpoint: Change an endpoint's URL, events or filters, or enable it again.
        disable_webhook_endpoint: Stop sending to an endpoint; pending deliveries fail (replay them
            later).
        delete_webhook_endpoint: Delete an endpoint and its delivery log.
        replay_webhook_delivery: Send a delivery's event again, as a new delivery (same event id and
            body, new timestamp and signature).
    """

    create_webhook_endpoint = mutation(
        CreateWebhookEndpointResult,
        requires("webhook", "manage"),
        input=(CreateWebhookEndpointInput, "The address, the events and the filters."),
        request_steps=_create_endpoint,
    )

    update_webhook_endpoint = mutation(
        UpdateWebhookEndpointResult,
        requires("webhook", "manage"),
        input=(UpdateWebhookEndpointInput, "The endpoint and the fields to change."),
        request_steps=_update_endpoint,
    )

    disable_webhook_endpoint = mutation(
        DisableWebhookEndpointResult,
        requires("webhook", "manage"),
        input=(WebhookEndpointIdInput, "The endpoint to disable."),
        run=service.disable_endpoint,
        answer=WebhookEndpoint.from_model,
    )

    delete_webhook_endpoint = mutation(
        DeleteWebhookEndpointResult,
        requires("webhook", "manage"),
        input=(WebhookEndpointIdInput, "The endpoint to delete."),
        run=service.delete_endpoint,
        answer=_deleted,
    )

    replay_webhook_delivery = mutation(
        ReplayWebhookDeliveryResult,
        requires("webhook", "manage"),
        input=(ReplayWebhookDeliveryInput, "The delivery to send again."),
        run=service.replay_delivery,
        answer=WebhookDelivery.from_model,
    )
