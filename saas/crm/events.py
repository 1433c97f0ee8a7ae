"""Domain events about leads: the lead summary every lead event carries, and
which lead history kinds are events. The outbox itself is `saas.events`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from typing import Any

import orjson

from saas.crm.repository import CustomerRepository, LeadRepository
from saas.crm.vocabulary import SourceChannel
from saas.events.service import EventType, emit, emit_many
from saas.models import DomainEvent, Lead

# Lead history kinds (saas.crm.leads) that are also domain events.
FROM_LEAD_HISTORY = {
    "created": EventType.LEAD_CREATED,
    "stage_changed": EventType.LEAD_STAGE_CHANGED,
    "grade_changed": EventType.LEAD_GRADE_CHANGED,
    "lost_approved": EventType.LEAD_LOST,
}


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
    `saas.events.repository.listening_owners`) writes them fanned out
    already, and they request no job."""
    await emit_kinds_for_leads(tenant_id, [(kind, leads, data)], listened=listened)


async def emit_kinds_for_leads(
    tenant_id: int,
    batches: Sequence[tuple[EventType, Sequence[Lead | LeadRow], dict[int, dict[str, Any]]]],
    *,
    listened: bool = True,
) -> None:
    """`emit_for_leads` for several kinds at once (a bulk intake's
    LEAD_CREATED and LEAD_ASSIGNED): the customers read once, the events of
    every kind written in one statement, in the order given."""
    if not any(leads for _, leads, _ in batches):
        return
    customers = {
        c["id"]: (c["name"], c["archive_no"])
        for c in await CustomerRepository(tenant_id).values_where(
            "id",
            {lead.customer_id for _, leads, _ in batches for lead in leads},
            "id",
            "name",
            "archive_no",
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
        for kind, leads, data in batches
        for lead in leads
    ]
    await emit_many(tenant_id, rows, listened=listened)


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
