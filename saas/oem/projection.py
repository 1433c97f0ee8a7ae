"""The OEM's view of its distributed leads as a projection of the dealer's
CRM: CRM announces changes through `saas.hooks`, and `install()` registers the
handlers here (`saas.wiring.install` calls it at start-up). They run in the
dealer's transaction, so the SLA clock sees a first contact exactly when the
follow-up commits."""

from __future__ import annotations

from datetime import datetime

from saas import hooks
from saas.crm.vocabulary import STATUS_GRADE, LeadStatus
from saas.models import Lead
from saas.oem.repository import DealerLeadRepository
from saas.oem.sla import Claimed, breaches_found
from saas.oem.types import SlaOutcome, record_sla_events, sla_event


def install() -> None:
    hooks.distributed_lead_saved.register(sync_from_lead)
    hooks.distributed_lead_contacted.register(record_first_contact)
    hooks.distributed_lead_reassigned.register(record_reassignment)


async def sync_from_lead(lead: Lead) -> None:
    """Mirror the dealer's lead into the OEM's view: status grade, stage, won/lost."""
    status = LeadStatus(lead.status)
    outcome = (
        "won"
        if status in (LeadStatus.ORDERED, LeadStatus.DELIVERED)
        else ("lost" if status is LeadStatus.LOST else None)
    )
    await (
        DealerLeadRepository(lead.tenant_id)
        .active_of(lead.id)
        .update(
            status_grade=STATUS_GRADE.get(status, lead.intent_grade),
            stage=lead.stage,
            outcome=outcome,
            lost_reason=lead.lost_reason if status is LeadStatus.LOST else None,
        )
    )


async def record_first_contact(lead: Lead, at: datetime, logged_at: datetime) -> None:
    """The first follow-up by a person stops the clock: met if it happened, and
    was logged, by the deadline (a late entry cannot be backdated into time).
    A late one breaches the lead here, unless a sweep already has: the pending
    row is claimed with a conditional UPDATE, so exactly one of the two paths
    records the breach and tells the showroom managers (`breaches_found`)."""
    distributed_leads = DealerLeadRepository(lead.tenant_id)
    distributed = await distributed_leads.active_of(lead.id).get_or_none(first_contact_at=None)
    if distributed is None or at < distributed.received_at:
        return
    in_time = max(at, logged_at) <= distributed.sla_due_at
    outcome = SlaOutcome.MET if in_time else SlaOutcome.BREACHED
    claimed = (
        await distributed_leads.query()
        .filter(id=distributed.id, first_contact_at=None, sla_outcome=SlaOutcome.PENDING.value)
        .update(
            first_contact_at=at,
            sla_outcome=outcome.value,
            breached_at=None if in_time else distributed.sla_due_at,
        )
    )
    if not claimed:
        # Decided already (a sweep found the breach first): the contact is
        # still the lead's first, and nothing more is announced.
        await (
            distributed_leads.query()
            .filter(id=distributed.id, first_contact_at=None)
            .update(first_contact_at=at)
        )
        decided = (
            await distributed_leads.query()
            .filter(id=distributed.id)
            .values_list("sla_outcome", flat=True)
        )
        outcome = SlaOutcome(str(decided[0]))
    await record_sla_events(
        sla_event(
            distributed,
            "first_contact",
            str(distributed.received_at.timestamp()),
            {"at": at.isoformat(), "outcome": outcome.value},
        )
    )
    if claimed and outcome is SlaOutcome.BREACHED:
        distributed.breached_at = distributed.sla_due_at
        await breaches_found([Claimed.of(distributed)], logged_at, "late_entry")


async def record_reassignment(lead: Lead, to_user_id: int, assignment_id: int) -> None:
    distributed = await DealerLeadRepository(lead.tenant_id).active_of(lead.id).get_or_none()
    if distributed is None:
        return
    await record_sla_events(
        sla_event(distributed, "reassigned", str(assignment_id), {"user_id": to_user_id})
    )
