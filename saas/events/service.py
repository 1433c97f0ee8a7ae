"""Emit domain events inside the causing transaction; publish them after commit.

`emit()` writes the event to the `domain_event` outbox and requests the
`webhooks.deliver` job in the same transaction, so an event exists exactly
when its change committed. After the commit the request (or job) publishes
the committed events to live subscribers; `events.publish` catches any a
crash left behind.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from saas.events.repository import (
    DomainEventRepository,
    claim_for_publishing,
    group_has_endpoints,
    release,
    unpublished,
)
from saas.jobqueue import request_job, request_jobs
from saas.models import DomainEvent
from saas.tenancy.rls import system_transaction

log = logging.getLogger("saas.events")
_emitted: ContextVar[list[int] | None] = ContextVar("emitted_events", default=None)


class EventType(StrEnum):
    LEAD_CREATED = "lead.created"
    LEAD_ASSIGNED = "lead.assigned"
    LEAD_STAGE_CHANGED = "lead.stage_changed"
    LEAD_GRADE_CHANGED = "lead.grade_changed"
    LEAD_LOST = "lead.lost"
    LEAD_SLA_WARNING = "lead.sla_warning"
    LEAD_SLA_BREACHED = "lead.sla_breached"
    ORDER_SIGNED = "order.signed"
    ORDER_DELIVERED = "order.delivered"
    ORDER_CANCELLED = "order.cancelled"
    CUSTOMER_MERGED = "customer.merged"


def collect_events() -> list[int]:
    """Start collecting the ids of events emitted in this context (one request or job)."""
    bucket: list[int] = []
    _emitted.set(bucket)
    return bucket


async def emit(
    kind: EventType,
    *,
    tenant_id: int,
    store_id: int | None,
    data: dict[str, Any],
    lead_id: int | None = None,
    owner_id: int | None = None,
    source_channel: str | None = None,
    oem_may_listen: bool = True,
) -> DomainEvent:
    """Write the event; request its webhook deliveries only if an endpoint
    could take it: one of the dealer group's, or (`oem_may_listen`: the lead
    came from an OEM) the OEM's. Otherwise it is fanned out already, to
    nobody, and costs no job (most groups have no webhooks)."""
    listened = oem_may_listen or await group_has_endpoints(tenant_id)
    event = await DomainEventRepository(tenant_id).create(
        kind=kind.value,
        store_id=store_id,
        lead_id=lead_id,
        owner_id=owner_id,
        source_channel=source_channel,
        data=data,
        fanned_out_at=None if listened else datetime.now(UTC),
    )
    if listened:
        await request_job("webhooks.deliver", tenant_id=tenant_id, event_id=event.id)
    bucket = _emitted.get()
    if bucket is not None:
        bucket.append(event.id)
    return event


async def emit_many(
    tenant_id: int, rows: list[dict[str, Any]], *, listened: bool = True
) -> list[int]:
    """Write many events of one tenant in one statement (`rows`: their
    columns, `data` already JSON text) and their `webhooks.deliver` requests
    in another; events nobody can listen to (`listened=False`) are written
    fanned out already and request no job."""
    if not listened:
        now = datetime.now(UTC)
        for row in rows:
            row["fanned_out_at"] = row.get("created_at", now)
    # (New ids from the sequence: nothing to clash with, so no ON CONFLICT.)
    ids = await DomainEventRepository(tenant_id).insert_many(
        rows, returning_ids=True, skip_conflicts=False
    )
    if listened:
        await request_jobs(
            "webhooks.deliver",
            [{"tenant_id": tenant_id, "event_id": event_id} for event_id in ids],
        )
    bucket = _emitted.get()
    if bucket is not None:
        bucket.extend(ids)
    return ids


def message_of(event: DomainEvent) -> dict[str, Any]:
    """What live subscribers receive (and what travels over Redis)."""
    return {
        "id": event.id,
        "type": event.kind,
        "tenantId": event.tenant_id,
        "storeId": event.store_id,
        "leadId": event.lead_id,
        "ownerId": event.owner_id,
        "occurredAt": event.created_at.isoformat(),
        "data": event.data,
    }


async def publish_committed(
    broker: Any, ids: list[int] | None = None, *, older_than: timedelta | None = None
) -> int:
    """Hand committed events to the broker, each exactly once (claimed first;
    released again if the broker is down). `ids`: these events (rolled-back
    ones no longer exist); otherwise those older than `older_than`."""
    now = datetime.now(UTC)
    async with system_transaction():
        wanted = await unpublished(ids, now - older_than if older_than else None, 500)
    published = 0
    for event_id in wanted:
        async with system_transaction():
            event = await claim_for_publishing(event_id, now)
        if event is None:
            continue
        try:
            await broker.publish(message_of(event))
            published += 1
        except Exception:
            log.warning("could not publish event %s; it stays pending", event_id, exc_info=True)
            async with system_transaction():
                await release(event_id)
    return published
