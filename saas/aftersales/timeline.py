"""One customer's history in time order: leads, follow-ups, test drives,
orders, vehicles, services, insurance, complaints, surveys, tags, and the
messages sent to the customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from saas.aftersales.repository import (
    ComplaintRepository,
    InsurancePolicyRepository,
    ServiceRecordRepository,
    SurveyRepository,
    VehicleRepository,
)
from saas.crm.access import visible_customer
from saas.crm.messages import messages_to
from saas.crm.repository import (
    CustomerTagRepository,
    FollowUpRepository,
    LeadRepository,
    OrderRepository,
    TestDriveRepository,
)
from saas.models import CustomerMessage
from saas.tenancy.actor import Actor


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    summary: str
    object_id: int
    message: CustomerMessage | None = None


def _day(d: date) -> datetime:
    return datetime.combine(d, time(), UTC)


async def timeline(actor: Actor, customer_id: int) -> list[Entry]:
    """Everything, newest first (one query per kind of record)."""
    customer = await visible_customer(actor, customer_id)
    t, c = customer.tenant_id, customer.id
    entries: list[Entry] = []
    for lead in await LeadRepository(t).query().filter(customer_id=c):
        entries.append(
            Entry(
                lead.created_at,
                "lead",
                f"lead from {lead.source_channel}, grade {lead.intent_grade}",
                lead.id,
            )
        )
    for f in await FollowUpRepository(t).query().filter(customer_id=c):
        entries.append(Entry(f.happened_at, "follow_up", f"{f.channel}: {f.content[:120]}", f.id))
    for d in await TestDriveRepository(t).query().filter(customer_id=c):
        entries.append(
            Entry(d.completed_at or d.scheduled_at, "test_drive", f"test drive {d.status}", d.id)
        )
    for o in await OrderRepository(t).query().filter(customer_id=c):
        entries.append(Entry(o.signed_at, "order", f"order signed, {o.price} yuan", o.id))
        if o.delivered_at:
            entries.append(Entry(o.delivered_at, "delivery", "car delivered", o.id))
        if o.cancelled_at:
            entries.append(
                Entry(o.cancelled_at, "order_cancelled", o.cancel_reason or "order cancelled", o.id)
            )
    for v in await VehicleRepository(t).query().filter(customer_id=c):
        entries.append(
            Entry(
                _day(v.purchase_date),
                "vehicle",
                f"owns {v.model_name} ({v.vin or 'VIN pending'})",
                v.id,
            )
        )
    for s in await ServiceRecordRepository(t).query().filter(customer_id=c):
        entries.append(
            Entry(
                _day(s.service_date),
                "service",
                f"{s.kind} at {s.mileage_km} km: {s.content[:120]}",
                s.id,
            )
        )
    for p in await InsurancePolicyRepository(t).query().filter(customer_id=c):
        entries.append(
            Entry(
                _day(p.start_date),
                "insurance",
                f"{p.insurer} until {p.expiry_date.isoformat()}",
                p.id,
            )
        )
    for x in await ComplaintRepository(t).query().filter(customer_id=c):
        entries.append(
            Entry(
                x.created_at,
                "complaint",
                f"{x.severity} complaint ({x.status}): {x.description[:120]}",
                x.id,
            )
        )
    for survey in await SurveyRepository(t).query().filter(customer_id=c):
        entries.append(
            Entry(
                survey.created_at,
                "survey",
                f"{survey.kind} survey {survey.product_score}/{survey.attitude_score}/"
                f"{survey.after_sales_score}",
                survey.id,
            )
        )
    for tag in await CustomerTagRepository(t).query().filter(customer_id=c):
        entries.append(Entry(tag.created_at, "tag_added", tag.tag, tag.id))
        if tag.removed_at:
            entries.append(Entry(tag.removed_at, "tag_removed", tag.tag, tag.id))
    for m in await messages_to(t, c):
        entries.append(Entry(m.sent_at, "message", f"{m.kind} by {m.channel}: {m.text}", m.id, m))
    return sorted(entries, key=lambda e: (e.at, e.kind, e.object_id), reverse=True)
