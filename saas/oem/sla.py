"""The SLA sweep: warn before the 24-hour deadline, mark breaches once,
notify, and (by dealer group setting) reassign."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from saas.crm.assignment import choose_owner, record_assignment
from saas.crm.repository import LeadRepository
from saas.events.service import EventType, emit_for_lead
from saas.identity.service import store_staff
from saas.models import DealerGroup, DistributedLead, SlaEvent
from saas.notify.service import Message, notify
from saas.tenancy.roles import Role

PENDING = {"status": "active", "sla_outcome": "pending", "first_contact_at": None}


@dataclass
class SweepResult:
    warned: list[int] = field(default_factory=list)
    breached: list[int] = field(default_factory=list)
    reassigned: list[int] = field(default_factory=list)


async def sweep(now: datetime, warn_before: timedelta) -> SweepResult:
    """Touches only rows due now (indexed on sla_outcome, sla_due_at). Each
    warning and breach is claimed by a conditional update, so two sweeps at
    once record, notify and reassign each of them exactly once."""
    result = SweepResult()
    soon = await DistributedLead.filter(
        **PENDING, warned_at=None, sla_due_at__gt=now, sla_due_at__lte=now + warn_before
    )
    for row in soon:
        if await DistributedLead.filter(id=row.id, **PENDING, warned_at=None).update(warned_at=now):
            result.warned.append(row.id)
            await _event(row, "warned", now)
            await _emit(EventType.LEAD_SLA_WARNING, row)
            await _notify_owner(row, now)
    due = await DistributedLead.filter(**PENDING, sla_due_at__lte=now)
    for row in due:
        claimed = await DistributedLead.filter(id=row.id, **PENDING).update(
            sla_outcome="breached", breached_at=now
        )
        if not claimed:
            continue
        result.breached.append(row.id)
        await _event(row, "breached", now)
        await _emit(EventType.LEAD_SLA_BREACHED, row)
        await _notify_managers(row, now)
        if await _reassign_on_breach(row):
            result.reassigned.append(row.id)
    return result


async def _event(row: DistributedLead, kind: str, now: datetime) -> None:
    await SlaEvent.bulk_create(
        [
            SlaEvent(
                distributed_lead_id=row.id,
                oem_id=row.oem_id,
                tenant_id=row.tenant_id,
                kind=kind,
                key=str(row.received_at.timestamp()),
                data={"at": now.isoformat()},
            )
        ],
        ignore_conflicts=True,
    )


async def _emit(kind: EventType, row: DistributedLead) -> None:
    if row.tenant_id is None or row.lead_id is None:
        return
    lead = await LeadRepository(row.tenant_id).get(row.lead_id)
    if lead is not None:
        await emit_for_lead(kind, lead, dueAt=row.sla_due_at.isoformat())


async def _notify_owner(row: DistributedLead, now: datetime) -> None:
    if row.tenant_id is None or row.lead_id is None:
        return
    lead = await LeadRepository(row.tenant_id).get(row.lead_id)
    if lead is None or lead.owner_id is None:
        return
    minutes = int((row.sla_due_at - now).total_seconds() // 60)
    await notify(
        [
            Message(
                row.tenant_id,
                lead.owner_id,
                "sla_warning",
                "OEM lead: first contact due soon",
                f"Call {row.customer_name} ({row.external_ref}) within {minutes} minutes.",
                f"sla-warn:{row.id}:{row.received_at.timestamp()}",
                row.store_id,
                data={"lead_id": row.lead_id, "due_at": row.sla_due_at.isoformat()},
            ),
        ]
    )


async def _notify_managers(row: DistributedLead, now: datetime) -> None:
    if row.tenant_id is None or row.store_id is None:
        return
    managers = await store_staff(row.tenant_id, row.store_id, (Role.SHOWROOM_MANAGER,))
    await notify(
        [
            Message(
                row.tenant_id,
                user_id,
                "sla_breach",
                "OEM lead missed its 24-hour first contact",
                f"{row.customer_name} ({row.external_ref}) was not contacted by "
                f"{row.sla_due_at:%Y-%m-%d %H:%M} UTC.",
                f"sla-breach:{row.id}:{row.received_at.timestamp()}",
                row.store_id,
                data={"lead_id": row.lead_id},
            )
            for user_id in managers
        ]
    )


async def _reassign_on_breach(row: DistributedLead) -> bool:
    if row.tenant_id is None or row.lead_id is None or row.store_id is None:
        return False
    group = await DealerGroup.get_or_none(id=row.tenant_id)
    if not group or not (group.settings or {}).get("sla_reassign_on_breach"):
        return False
    repo = LeadRepository(row.tenant_id)
    lead = await repo.get(row.lead_id)
    if lead is None:
        return False
    choice = await choose_owner(
        row.tenant_id, row.store_id, series=None, important=False, exclude={lead.owner_id or 0}
    )
    if choice is None:
        return False
    await record_assignment(
        lead, choice.user_id, "SLA breached: " + choice.reason, by=None, automatic=True
    )
    await repo.update(lead, owner_id=choice.user_id, version=lead.version + 1)
    return True
