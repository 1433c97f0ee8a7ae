"""Returns and redistribution: a dealer sends an OEM lead back, and the OEM
sends it to another store."""

from __future__ import annotations

from datetime import UTC, datetime

from saas.crm.access import visible_lead
from saas.crm.customers import CustomerFields
from saas.crm.leads import NewLead, record_event, take_in
from saas.crm.repository import LeadRepository
from saas.crm.vocabulary import LeadStatus, SourceChannel
from saas.errors import Conflict, NotFound, ValidationFailed
from saas.models import DistributedLead, Oem, SlaEvent
from saas.oem.distribution import landing, landing_events, mark_distributed
from saas.oem.repository import DealerLeadRepository, OemLeadRepository
from saas.oem.routing import Batch, route_one
from saas.oem.types import LeadOrder, ReturnReason, SlaWindow, oem_of, record_sla_events, sla_event
from saas.tenancy.actor import Actor
from saas.tenancy.rls import acting_in_tenant


async def return_to_oem(
    actor: Actor, lead_id: int, reason: ReturnReason, note: str
) -> DistributedLead:
    """A dealer sends an OEM lead back (invalid, duplicate, out of area)."""
    lead = await visible_lead(actor, lead_id, write=True)
    if not lead.is_distributed:
        raise Conflict("only leads distributed by an OEM can be returned")
    if lead.status not in (LeadStatus.OPEN, LeadStatus.LOST_PENDING):
        raise Conflict(f"the lead is {lead.status}; only open leads can be returned")
    if not note.strip():
        raise ValidationFailed.one("note", "tell the OEM why the lead comes back")
    distributed_leads = DealerLeadRepository(lead.tenant_id)
    distributed = await distributed_leads.active_of(lead.id).get_or_none()
    if distributed is None:
        raise NotFound("distributed lead", lead_id)
    now = datetime.now(UTC)
    await record_event(
        lead,
        actor,
        "returned_to_oem",
        lead.status,
        LeadStatus.RETURNED.value,
        note,
        data={"reason": reason.value},
    )
    await LeadRepository(lead.tenant_id).update(
        lead, status=LeadStatus.RETURNED.value, closed_at=now, due_at=None, version=lead.version + 1
    )
    await (
        distributed_leads.query()
        .filter(id=distributed.id)
        .update(status="returned", return_reason=reason.value, return_note=note.strip())
    )
    await record_sla_events(
        sla_event(
            distributed,
            "returned",
            str(distributed.received_at.timestamp()),
            {"reason": reason.value, "note": note.strip()},
        )
    )
    return await distributed_leads.get(distributed.id)


async def redistribute(
    actor: Actor, distributed_id: int, store_id: int | None, *, now: datetime | None = None
) -> DistributedLead:
    """The OEM sends a returned lead to another store (explicit or routed)."""
    now = now or datetime.now(UTC)
    oem_id = oem_of(actor)
    distributed_leads = OemLeadRepository(oem_id)
    distributed = await distributed_leads.require(distributed_id, "distributed lead")
    if distributed.status != "returned":
        raise Conflict("only a lead the dealer returned can be redistributed")
    oem = await Oem.get(id=oem_id)
    # Without an explicit store, route again near where it was: its city or
    # region, else the region of the store that returned it.
    order = LeadOrder(
        distributed.external_ref,
        distributed.customer_name,
        "",
        distributed.brand,
        store_id=store_id,
        city=distributed.city,
        region=distributed.region or distributed.store_region,
    )
    store = await route_one(Batch(oem), order, "", exclude=distributed.store_id)
    async with acting_in_tenant(store.tenant_id):
        # From what the OEM sent, never from the returning dealer's records.
        new = NewLead(
            store_id=store.id,
            customer=CustomerFields(name=distributed.customer_name, phone=distributed.phone),
            source_channel=SourceChannel.OEM,
            note=f"redistributed by the OEM ({distributed.external_ref})",
        )
        intake = await take_in(store, new, None, now, None)
        await mark_distributed(intake.lead)
        attempt = await SlaEvent.filter(
            distributed_lead_id=distributed.id, kind="redistributed"
        ).count()
        await (
            distributed_leads.query()
            .filter(id=distributed.id)
            .update(
                return_reason=None,
                return_note=None,
                **landing(store, intake.lead, now, SlaWindow.of(oem)),
            )
        )
        distributed = await distributed_leads.query().get(id=distributed.id)
        await record_sla_events(
            sla_event(distributed, "redistributed", str(attempt + 1), {"store_id": store.id})
        )
        await landing_events(distributed, now, intake.lead, key=f"r{attempt + 1}")
    return distributed
