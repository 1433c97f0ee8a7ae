"""Live GraphQL subscriptions over WebSocket (graphql-transport-ws).

Resolvers read nothing from the database: they filter the committed events
the broker fans out (Redis pub/sub across API instances) by the connection's
verified tenant and the caller's own grants, and yield them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError

from saas.errors import Unauthenticated
from saas.events.service import EventType
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.errors import safe_id
from saas.schema.permissions import forbidden, requires
from saas.schema.relay import optional_global_id, to_global_id
from saas.schema.webhooks.types import DomainEventType
from saas.tenancy.actor import Actor
from saas.tenancy.auth import DATABASE_DOWN, authenticate

log = logging.getLogger("saas.events")
# How often a live connection's token is verified again.
REVERIFY_SECONDS = 60.0

# What a consultant hears about on its own leads.
MY_LEAD_EVENTS = frozenset({EventType.LEAD_ASSIGNED.value, EventType.LEAD_SLA_WARNING.value})


@strawberry.type(description="The lead an event is about, as it is after the event.")
@described
class LiveLead:
    """
    Attributes:
        id: The lead's global id: fetch it with `node(id:)` or `lead(id:)`.
        store_id: The lead's store.
        owner_id: The owner's user id; null while nobody owns the lead.
        customer_name: The customer's name; null when it was not known to the event.
        source_channel: Where the lead came from, as the SourceChannel value in lower case (e.g.
            walk_in, oem).
        intent_grade: Intent grade: H, A, B, C or N.
        stage: Funnel stage in lower case (e.g. needs_analysis).
        status: Lead status in lower case (open, lost_pending, lost, ordered, delivered, cancelled,
            returned).
    """

    id: strawberry.ID
    store_id: strawberry.ID
    owner_id: strawberry.ID | None
    customer_name: str | None
    source_channel: str
    intent_grade: str
    stage: str
    status: str


@strawberry.type(description="Something that just happened in a store you may see.")
@described
class LiveEvent:
    """
    Attributes:
        id: The event's id, the same as the webhook body's `id`: drop a repeat by it.
        type: What happened.
        occurred_at: When it happened (UTC, ISO-8601).
        store_id: The store it happened in; null for events of no one store.
        lead: For lead and order events.
        data: JSON: the event's data, as in a webhook body (e.g. previousStage, stage).
    """

    id: strawberry.ID
    type: DomainEventType
    occurred_at: datetime
    store_id: strawberry.ID | None
    lead: LiveLead | None
    data: str

    @classmethod
    def from_message(cls, m: dict[str, Any]) -> LiveEvent:
        lead = m["data"].get("lead")
        return cls(
            id=strawberry.ID(str(m["id"])),
            type=EventType(m["type"]),
            occurred_at=datetime.fromisoformat(m["occurredAt"]),
            store_id=optional_global_id("Store", m.get("storeId") or None),
            lead=LiveLead(
                id=to_global_id("Lead", lead["id"]),
                store_id=to_global_id("Store", lead["storeId"]),
                owner_id=optional_global_id("User", lead.get("ownerId") or None),
                customer_name=(lead.get("customer") or {}).get("name"),
                source_channel=lead["sourceChannel"],
                intent_grade=lead["intentGrade"],
                stage=lead["stage"],
                status=lead["status"],
            )
            if lead
            else None,
            data=json.dumps(m["data"], ensure_ascii=False),
        )


async def _reverify(info: Info) -> None:
    """Check the connection's token again: an expired token, a deactivated
    user or a revoked key ends the subscription; changed roles apply."""
    context = info.context
    if context.credential is None:
        return
    try:
        context.actor = await authenticate(context.credential, context.settings, context.authorizer)
    except Unauthenticated as exc:
        raise GraphQLError(exc.message, extensions={"code": "UNAUTHENTICATED"}) from None
    except DATABASE_DOWN:
        log.warning("could not re-check a live connection's token; trying again later")


async def _events(info: Info) -> AsyncGenerator[dict[str, Any], None]:
    broker = info.context.broker
    if broker is None:
        raise GraphQLError("live events are not available here")
    async with broker.subscribe() as queue:
        checked = time.monotonic()
        while True:
            message = None
            with contextlib.suppress(TimeoutError):
                message = await asyncio.wait_for(queue.get(), REVERIFY_SECONDS)
            if time.monotonic() - checked >= REVERIFY_SECONDS:
                await _reverify(info)
                checked = time.monotonic()
            if message is not None:
                yield message


def _tenant_actor(info: Info) -> Actor:
    actor = info.context.require_actor()
    if actor.tenant_id is None:
        raise forbidden("live events are for people of a dealer group")
    return actor


@strawberry.type
class LiveSubscriptions:
    @strawberry.subscription(
        description="Leads assigned to you and SLA warnings on your leads, as they happen.",
        extensions=requires("lead", "read"),
    )
    async def my_lead_events(self, info: Info) -> AsyncGenerator[LiveEvent, None]:
        if _tenant_actor(info).user_id is None:
            raise forbidden("live lead events are for people, not API keys")
        async for m in _events(info):
            actor = _tenant_actor(info)
            if (
                m["tenantId"] == actor.tenant_id
                and m["ownerId"] == actor.user_id
                and m["type"] in MY_LEAD_EVENTS
            ):
                yield LiveEvent.from_message(m)

    @strawberry.subscription(
        description="Every event of the stores you manage (or of one of them), as it happens.",
        extensions=requires("lead", "read_any"),
    )
    async def store_events(
        self,
        info: Info,
        store_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this store.")
        ] = None,
    ) -> AsyncGenerator[LiveEvent, None]:
        wanted = safe_id(store_id, "Store") if store_id is not None else None
        if store_id is not None and wanted is None:
            raise forbidden("you do not manage this store")
        _managed_stores(info, wanted)
        async for m in _events(info):
            stores = _managed_stores(info, wanted)
            if m["tenantId"] != info.context.require_actor().tenant_id or m["storeId"] is None:
                continue
            if (stores is None or m["storeId"] in stores) and wanted in (None, m["storeId"]):
                yield LiveEvent.from_message(m)


def _managed_stores(info: Info, wanted: int | None) -> frozenset[int] | None:
    """Stores whose events the caller may hear (None: every store of its
    group); raises when it manages none of them, or not `wanted`."""
    stores = _tenant_actor(info).store_ids_with("lead", "read_any")
    if stores is not None and (not stores or (wanted is not None and wanted not in stores)):
        raise forbidden("you do not manage this store")
    return stores
