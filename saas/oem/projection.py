"""The OEM's view of its distributed leads as a projection of the dealer's
CRM: CRM announces changes through `saas.hooks`, and `install()` registers the
handlers here (`saas.wiring.install` calls it at start-up). They run in the
dealer's transaction, so the SLA clock sees a first contact exactly when the
follow-up commits."""

from __future__ import annotations

from datetime import datetime

from saas import hooks
from saas.crm.vocabulary import STATUS_GRADE, LeadStatus
from saas.models import DistributedLead, Lead
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
    await DistributedLead.filter(tenant_id=lead.tenant_id, lead_id=lead.id, status="active").update(
        status_grade=STATUS_GRADE.get(status, lead.intent_grade),
        stage=lead.stage,
        outcome=outcome,
        lost_reason=lead.lost_reason if status is LeadStatus.LOST else None,
    )


async def record_first_contact(lead: Lead, at: datetime, logged_at: datetime) -> None:
    """The first follow-up by a person stops the clock: met if it happened, and
    was logged, within 24 hours (a late entry cannot be backdated into time)."""
    distributed = await DistributedLead.get_or_none(
        tenant_id=lead.tenant_id, lead_id=lead.id, status="active", first_contact_at=None
    )
    if distributed is None or at < distributed.received_at:
        return
    values: dict[str, object] = {"first_contact_at": at}
    if distributed.sla_outcome == SlaOutcome.PENDING:
        in_time = max(at, logged_at) <= distributed.sla_due_at
        values["sla_outcome"] = SlaOutcome.MET.value if in_time else SlaOutcome.BREACHED.value
        if values["sla_outcome"] == SlaOutcome.BREACHED.value:
            values["breached_at"] = distributed.sla_due_at
    await DistributedLead.filter(id=distributed.id, first_contact_at=None).update(**values)
    await record_sla_events(
        sla_event(
            distributed,
            "first_contact",
            str(distributed.received_at.timestamp()),
            {"at": at.isoformat(), "outcome": values.get("sla_outcome", distributed.sla_outcome)},
        )
    )


async def record_reassignment(lead: Lead, to_user_id: int, assignment_id: int) -> None:
    distributed = await DistributedLead.get_or_none(
        tenant_id=lead.tenant_id, lead_id=lead.id, status="active"
    )
    if distributed is None:
        return
    await record_sla_events(
        sla_event(distributed, "reassigned", str(assignment_id), {"user_id": to_user_id})
    )
