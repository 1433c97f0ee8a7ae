"""Emit domain events inside the causing transaction; publish them after commit.

`emit()` writes the event to the `domain_event` outbox and requests the
`webhooks.deliver` job in the same transaction, so an event exists exactly
when its change committed. After the commit the request (or job) publishes
the committed events to live subscribers; `events.publish` catches any a
crash left behind.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from saas.crm.vocabulary import SourceChannel
from saas.events.repository import (
    DomainEventRepository,
    claim_for_publishing,
    release,
    unpublished,
)
from saas.models import DomainEvent, Lead

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


# Lead history kinds (saas.crm.leads) that are also domain events.
FROM_LEAD_HISTORY = {
    "created": EventType.LEAD_CREATED,
    "stage_changed": EventType.LEAD_STAGE_CHANGED,
    "grade_changed": EventType.LEAD_GRADE_CHANGED,
    "lost_approved": EventType.LEAD_LOST,
}


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
    from saas.jobqueue import request_job
    from saas.webhooks.repository import group_has_endpoints

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


async def emit_for_lead(
    kind: EventType,
    lead: Lead,
    *,
    owner_id: int | None = None,
    lead_changes: dict[str, Any] | None = None,
    **data: Any,
) -> DomainEvent:
    """An event about one lead. Events are emitted before the lead row is
    saved, so `owner_id` and `lead_changes` give the lead's new values."""
    owner = lead.owner_id if owner_id is None else owner_id
    from saas.crm.repository import CustomerRepository

    customer = await CustomerRepository(lead.tenant_id).get(lead.customer_id)
    return await emit(
        kind,
        tenant_id=lead.tenant_id,
        store_id=lead.store_id,
        lead_id=lead.id,
        owner_id=owner,
        source_channel=lead.source_channel,
        data={
            "lead": _summary(
                lead, (customer.name, customer.archive_no) if customer else None, owner
            )
            | (lead_changes or {}),
            **data,
        },
        # (A lead the OEM is sending is not marked distributed until it landed.)
        oem_may_listen=lead.is_distributed or lead.source_channel == SourceChannel.OEM,
    )


@dataclass(slots=True)
class LeadRow:
    """What an event says of a lead, as plain values: for events raised by the
    thousand (the SLA sweep, OEM batches), where building `Lead` models costs
    more than the database does."""

    id: int
    store_id: int
    customer_id: int
    owner_id: int | None
    source_channel: str
    intent_grade: str
    stage: str
    status: str
    is_distributed: bool

    @classmethod
    async def load(cls, tenant_id: int, ids: list[int]) -> list[LeadRow]:
        from saas.crm.repository import LeadRepository

        fields = [f.name for f in dataclass_fields(cls)]
        rows = await LeadRepository(tenant_id).values_where("id", ids, *fields)
        return [cls(**row) for row in sorted(rows, key=lambda row: row["id"])]


async def emit_for_leads(
    kind: EventType,
    tenant_id: int,
    leads: Sequence[Lead | LeadRow],
    data: dict[int, dict[str, Any]],
    *,
    listened: bool = True,
) -> None:
    """`emit_for_lead` for many leads of one tenant in three statements (the
    SLA sweep raises thousands at once): their customers are read together,
    the events and their `webhooks.deliver` requests written in a batch each.
    `data` holds each lead's extra payload by lead id. A caller that knows no
    endpoint can take them (`listened=False`, from
    `saas.webhooks.repository.listening_owners`) writes them fanned out
    already, and they request no job."""
    import orjson

    from saas.crm.repository import CustomerRepository
    from saas.jobqueue import request_jobs

    if not leads:
        return
    customers = {
        c["id"]: (c["name"], c["archive_no"])
        for c in await CustomerRepository(tenant_id).values_where(
            "id", {lead.customer_id for lead in leads}, "id", "name", "archive_no"
        )
    }
    now = datetime.now(UTC)
    rows = [
        {
            "created_at": now,
            "kind": kind.value,
            "store_id": lead.store_id,
            "lead_id": lead.id,
            "owner_id": lead.owner_id,
            "source_channel": lead.source_channel,
            "data": orjson.dumps(
                {"lead": _summary(lead, customers.get(lead.customer_id), lead.owner_id)}
                | data.get(lead.id, {})
            ).decode(),
        }
        for lead in leads
    ]
    if not listened:
        for row in rows:
            row["fanned_out_at"] = now
    ids = await DomainEventRepository(tenant_id).insert_many(rows, returning_ids=True)
    if listened:
        await request_jobs(
            "webhooks.deliver",
            [{"tenant_id": tenant_id, "event_id": event_id} for event_id in ids],
        )
    bucket = _emitted.get()
    if bucket is not None:
        bucket.extend(ids)


def _summary(
    lead: Lead | LeadRow, customer: tuple[str, str] | None, owner_id: int | None
) -> dict[str, Any]:
    """`customer` is the lead's customer's (name, archive number)."""
    return {
        "id": lead.id,
        "storeId": lead.store_id,
        "ownerId": owner_id,
        "sourceChannel": lead.source_channel,
        "intentGrade": lead.intent_grade,
        "stage": lead.stage,
        "status": lead.status,
        "isDistributed": lead.is_distributed,
        "customer": {
            "id": lead.customer_id,
            "name": customer[0] if customer else None,
            "archiveNo": customer[1] if customer else None,
        },
    }


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
    from saas.tenancy.rls import system_transaction

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
