"""Webhook endpoints for dealer groups and OEMs: register, change, disable,
delete, list deliveries and replay one. The owner is the caller's dealer
group, or its OEM; nobody sees another owner's endpoints or deliveries."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.queryset import QuerySet

from saas.crm.vocabulary import SourceChannel
from saas.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from saas.events.service import EventType
from saas.jobqueue import request_job
from saas.models import WebhookEndpoint
from saas.models.events import AnyDelivery
from saas.org.repository import StoreRepository
from saas.settings import Settings
from saas.tenancy.actor import Actor
from saas.webhooks.delivery import OEM_EVENTS
from saas.webhooks.repository import (
    DeliveryRepository,
    EndpointRepository,
    Party,
    delivery_model,
)
from saas.webhooks.ssrf import UnsafeUrl, resolve

MAX_ENDPOINTS = 20


def party_of(actor: Actor) -> Party:
    if actor.tenant_id is not None:
        return Party(tenant_id=actor.tenant_id)
    if actor.oem_id is not None:
        return Party(oem_id=actor.oem_id)
    raise Forbidden("webhooks belong to a dealer group or an OEM account")


@dataclass
class EndpointFields:
    url: str | None = None
    description: str | None = None
    event_types: list[str] | None = None
    store_ids: list[int] | None = None
    source_channels: list[str] | None = None


async def _check(
    party: Party, fields: EndpointFields, settings: Settings, creating: bool
) -> dict[str, Any]:
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}

    def bad(name: str, message: str) -> None:
        problems.append(FieldProblem((name,), message))

    if fields.url is not None or creating:
        url = (fields.url or "").strip()
        if len(url) > 2000:
            bad("url", "must be at most 2,000 characters")
        else:
            try:
                await resolve(
                    url,
                    allow_private=settings.webhooks_allow_private,
                    https_only=settings.is_production,
                )
                values["url"] = url
            except UnsafeUrl as exc:
                bad("url", exc.message)
    if fields.description is not None:
        if len(fields.description) > 200:
            bad("description", "must be at most 200 characters")
        values["description"] = fields.description.strip()
    if fields.event_types is not None or creating:
        wanted = list(dict.fromkeys(fields.event_types or []))
        allowed = OEM_EVENTS if party.oem_id is not None else frozenset(EventType)
        unknown = [e for e in wanted if e not in allowed]
        if not wanted:
            bad("event_types", "choose at least one event")
        elif unknown:
            bad("event_types", f"{', '.join(unknown)} cannot be subscribed to here")
        values["event_types"] = wanted
    if fields.store_ids is not None:
        store_ids = sorted(set(fields.store_ids))
        if party.tenant_id is not None and store_ids:
            found = await StoreRepository(party.tenant_id).get_many(store_ids)
            missing = [s for s in store_ids if s not in found]
            if missing:
                bad("store_ids", f"no store {missing[0]} in your dealer group")
        values["store_ids"] = store_ids
    if fields.source_channels is not None:
        channels = list(dict.fromkeys(fields.source_channels))
        unknown = [c for c in channels if c not in {s.value for s in SourceChannel}]
        if unknown:
            bad("source_channels", f"unknown source channel {unknown[0]}")
        values["source_channels"] = channels
    if problems:
        raise ValidationFailed(problems)
    return values


async def create_endpoint(
    actor: Actor, fields: EndpointFields, settings: Settings
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; the signing secret is returned this once."""
    party = party_of(actor)
    repo = EndpointRepository(party)
    values = await _check(party, fields, settings, creating=True)
    if await repo.query().count() >= MAX_ENDPOINTS:
        raise Conflict(f"at most {MAX_ENDPOINTS} webhook endpoints; delete one first")
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = await repo.create(secret=secret, created_by_id=actor.user_id, **values)
    return endpoint, secret


async def owned_endpoint(actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    endpoint = await EndpointRepository(party_of(actor)).require(endpoint_id, "webhook endpoint")
    return endpoint


async def update_endpoint(
    actor: Actor,
    endpoint_id: int,
    fields: EndpointFields,
    settings: Settings,
    enabled: bool = False,
) -> WebhookEndpoint:
    """Change an endpoint; `enabled=True` turns a disabled one back on (its
    failure clock starts again)."""
    endpoint = await owned_endpoint(actor, endpoint_id)
    values = await _check(party_of(actor), fields, settings, creating=False)
    if enabled and endpoint.status != "active":
        values |= {
            "status": "active",
            "disabled_at": None,
            "disabled_reason": None,
            "failing_since": None,
        }
    for name, value in values.items():
        setattr(endpoint, name, value)
    await endpoint.save()
    return endpoint


def _disabled_by(actor: Actor) -> dict[str, Any]:
    return {
        "status": "disabled",
        "disabled_at": datetime.now(UTC),
        "disabled_reason": f"disabled by {actor.name}",
    }


async def disable_endpoint(actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    """Stop deliveries to an endpoint (pending ones fail); enable it again with an update."""
    endpoint = await owned_endpoint(actor, endpoint_id)
    if endpoint.status == "active":
        for name, value in _disabled_by(actor).items():
            setattr(endpoint, name, value)
        await endpoint.save()
    return endpoint


async def delete_endpoint(actor: Actor, endpoint_id: int) -> int:
    """Delete an endpoint and its delivery log."""
    endpoint = await owned_endpoint(actor, endpoint_id)
    await DeliveryRepository(party_of(actor)).query().filter(endpoint_id=endpoint.id).delete()
    await endpoint.delete()
    return endpoint_id


def endpoints_of(actor: Actor):  # type: ignore[no-untyped-def]
    return EndpointRepository(party_of(actor)).query()


def deliveries_of(actor: Actor, endpoint_id: int | None, status: str | None) -> QuerySet[Any]:
    qs = DeliveryRepository(party_of(actor)).query()
    if endpoint_id is not None:
        qs = qs.filter(endpoint_id=endpoint_id)
    if status is not None:
        qs = qs.filter(status=status)
    return qs


async def replay_delivery(actor: Actor, delivery_id: int) -> AnyDelivery:
    """Send a delivery's event again (same body and event id, so a receiver
    that already processed it can tell), as a new delivery with its own log."""
    original = await DeliveryRepository(party_of(actor)).require(delivery_id, "webhook delivery")
    endpoint = await owned_endpoint(actor, original.endpoint_id)
    if endpoint.status != "active":
        raise Conflict("the endpoint is disabled; enable it before replaying")
    replay = await delivery_model(endpoint.tenant_id).create(
        **(
            {"tenant_id": endpoint.tenant_id}
            if endpoint.tenant_id is not None
            else {"oem_id": endpoint.oem_id}
        ),
        endpoint_id=endpoint.id,
        event_id=original.event_id,
        event_tenant_id=original.event_tenant_id,
        event_type=original.event_type,
        key=f"replay:{secrets.token_hex(8)}",
        body=original.body,
        replay_of_id=original.id,
    )
    # A dealer group's replay is that group's request; an OEM's, nobody's.
    owner = {"tenant_id": endpoint.tenant_id} if endpoint.tenant_id is not None else {}
    await request_job("webhooks.send", delivery_id=replay.id, **owner)
    return replay


async def owned_delivery(actor: Actor, delivery_id: int) -> AnyDelivery:
    delivery: AnyDelivery = await DeliveryRepository(party_of(actor)).require(
        delivery_id, "webhook delivery"
    )
    return delivery
