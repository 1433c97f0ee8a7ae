"""Writing many new customers and leads at once, a statement or two per
table, with the rows and events `saas.crm.customers` and `saas.crm.leads`
write one by one: the writing half of the OEM intake (`saas.crm.intake`) and
of bulk imports (`saas.imports`), which decide what to write each their own
way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from saas.crm.cadence import cadence_due, tenant_cadence
from saas.crm.customers import CustomerFields, archive_no
from saas.crm.events import LeadRow, emit_kinds_for_leads
from saas.crm.repository import (
    CustomerRepository,
    LeadAssignmentRepository,
    LeadEventRepository,
    LeadRepository,
    StoreCounterRepository,
)
from saas.crm.vocabulary import FunnelStage, IntentGrade, LeadStatus, SourceChannel
from saas.events.service import EventType
from saas.models import Store


@dataclass(eq=False)
class NewArchive:
    """A customer to archive at `store` (id and archive number once written)."""

    store: Store
    fields: CustomerFields
    owner_id: int | None
    id: int | None = None
    archive_no: str = ""


async def insert_customers(tenant_id: int, archives: Sequence[NewArchive], now: datetime) -> bool:
    """New archives, numbered per store in the order given from one
    reservation of each store's counter; fills in their ids and archive
    numbers. False when another request archived one of these phones
    meanwhile: then not every archive has an id, and the caller rolls back."""
    if not archives:
        return True
    counts: dict[int, int] = {}
    for new in archives:
        counts[new.store.id] = counts.get(new.store.id, 0) + 1
    last = await StoreCounterRepository(tenant_id).reserve("customer", counts)
    number = {store_id: last[store_id] - n for store_id, n in counts.items()}
    for new in archives:
        number[new.store.id] += 1
        new.archive_no = archive_no(new.store, number[new.store.id])
    ids = await CustomerRepository(tenant_id).insert_many(
        [
            {
                "created_at": now,
                "updated_at": now,
                "store_id": new.store.id,
                "archive_no": new.archive_no,
                "owner_id": new.owner_id,
                "name": new.fields.name,
                "phone": new.fields.phone,
                "wechat": new.fields.wechat,
                "gender": new.fields.gender,
                "city": new.fields.city,
                "focus_points": "[]",
                "consent_marketing": False,
                "consent_share_finance": False,
                "consent_share_insurance": False,
                "version": 1,
            }
            for new in archives
        ],
        returning_ids=True,
    )
    if len(ids) != len(archives):
        return False
    for new, customer_id in zip(archives, ids, strict=True):
        new.id = customer_id
    return True


async def hand_customers_over(tenant_id: int, new_owners: Mapping[int, int], now: datetime) -> None:
    """Stored customers (id -> owner of their new lead) that still have no
    owner go to that owner, as `take_in` hands them over: one update per owner."""
    by_owner: dict[int, list[int]] = {}
    for customer_id, owner_id in new_owners.items():
        by_owner.setdefault(owner_id, []).append(customer_id)
    for owner_id, ids in sorted(by_owner.items()):
        await (
            CustomerRepository(tenant_id)
            .query()
            .filter(id__in=sorted(ids), owner_id__isnull=True)
            .update(owner_id=owner_id, updated_at=now)
        )


@dataclass(eq=False)
class NewLeadRow:
    """A lead to write, its customer stored; `reason` and `automatic` describe
    its first assignment (none without an owner), `note` goes to its
    `created` history."""

    store_id: int
    customer_id: int
    owner_id: int | None
    source_channel: SourceChannel
    vehicle_model_id: int | None
    intent_grade: IntentGrade
    is_important: bool
    is_distributed: bool
    note: str | None
    reason: str
    automatic: bool


async def insert_leads(
    tenant_id: int,
    leads: Sequence[NewLeadRow],
    now: datetime,
    *,
    actor_id: int | None,
    listened: bool,
) -> list[LeadRow]:
    """The leads (cadence by the group's table), their `created` history,
    first assignments and LEAD_CREATED/LEAD_ASSIGNED events (`listened`: may
    an endpoint hear them), a statement each; the written leads in order."""
    if not leads:
        return []
    table = await tenant_cadence(tenant_id)
    values = []
    for lead in leads:
        cadence_at = cadence_due(table, lead.intent_grade, now, None)
        values.append(
            {
                "created_at": now,
                "updated_at": now,
                "store_id": lead.store_id,
                "customer_id": lead.customer_id,
                "owner_id": lead.owner_id,
                "source_channel": lead.source_channel.value,
                "vehicle_model_id": lead.vehicle_model_id,
                "intent_grade": lead.intent_grade.value,
                "status": LeadStatus.OPEN.value,
                "stage": FunnelStage.FIRST_CONTACT.value,
                "is_important": lead.is_important,
                "is_distributed": lead.is_distributed,
                "cadence_due_at": cadence_at,
                "due_at": cadence_at,
                "follow_up_count": 0,
                "version": 1,
            }
        )
    # New rows from the sequences clash with nothing: written without ON CONFLICT.
    ids = await LeadRepository(tenant_id).insert_many(
        values, returning_ids=True, skip_conflicts=False
    )
    assert len(ids) == len(leads), "a lead insert skipped rows"
    rows = [
        LeadRow(
            id=lead_id,
            store_id=lead.store_id,
            customer_id=lead.customer_id,
            owner_id=lead.owner_id,
            source_channel=lead.source_channel.value,
            intent_grade=lead.intent_grade.value,
            stage=FunnelStage.FIRST_CONTACT.value,
            status=LeadStatus.OPEN.value,
            is_distributed=lead.is_distributed,
        )
        for lead, lead_id in zip(leads, ids, strict=True)
    ]
    await LeadEventRepository(tenant_id).insert_many(
        [
            {
                "created_at": now,
                "lead_id": row.id,
                "store_id": row.store_id,
                "kind": "created",
                "actor_id": actor_id,
                "from_value": None,
                "to_value": row.source_channel,
                "reason": (lead.note or "").strip() or None,
                "data": "{}",
            }
            for lead, row in zip(leads, rows, strict=True)
        ],
        skip_conflicts=False,
    )
    owned = [(lead, row) for lead, row in zip(leads, rows, strict=True) if lead.owner_id]
    await LeadAssignmentRepository(tenant_id).insert_many(
        [
            {
                "created_at": now,
                "lead_id": row.id,
                "store_id": row.store_id,
                "from_user_id": None,
                "to_user_id": lead.owner_id,
                "reason": lead.reason,
                "is_automatic": lead.automatic,
                "assigned_by_id": actor_id,
            }
            for lead, row in owned
        ],
        skip_conflicts=False,
    )
    await emit_kinds_for_leads(
        tenant_id,
        [
            (EventType.LEAD_CREATED, rows, {}),
            (
                EventType.LEAD_ASSIGNED,
                [row for _, row in owned],
                {
                    row.id: {
                        "previousOwnerId": None,
                        "reason": lead.reason,
                        "automatic": lead.automatic,
                    }
                    for lead, row in owned
                },
            ),
        ],
        listened=listened,
    )
    return rows
