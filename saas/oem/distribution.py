"""OEM lead distribution: deliver leads into dealers' stores, one or many,
and what a landing writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from saas.crm.repository import LeadRepository
from saas.errors import FieldProblem, ValidationFailed
from saas.models import DistributedLead, Lead, Store
from saas.oem.intake import land
from saas.oem.routing import Batch
from saas.oem.types import (
    MAX_BULK,
    BulkResult,
    Distribution,
    LeadOrder,
    SlaOutcome,
    SlaWindow,
    oem_of,
    record_sla_events,
    sla_event,
)
from saas.tenancy.actor import Actor


async def distribute(
    actor: Actor, order: LeadOrder, *, now: datetime | None = None, path: str = ""
) -> Distribution:
    """Send one lead to a store. Re-sending an external reference returns the
    lead distributed the first time. Problems are named by the order's field
    (below `path`, when the order is part of something larger)."""
    result = await distribute_rows(
        oem_of(actor), [order], now=now or datetime.now(UTC), path_of=lambda _: path
    )
    if result.problems:
        raise ValidationFailed(
            [
                FieldProblem(tuple(part for part in p.path if part), p.message)
                for p in result.problems
            ]
        )
    return result.distributed[0]


async def mark_distributed(lead: Lead) -> None:
    if not lead.is_distributed:
        await LeadRepository(lead.tenant_id).query().filter(id=lead.id).update(is_distributed=True)
        lead.is_distributed = True


def landing(store: Store, lead: Lead, now: datetime, window: SlaWindow) -> dict[str, object]:
    """What landing `lead` at `store` writes on the OEM's row: it is received
    there now, so its clock starts again under the OEM's settings of now."""
    return {
        "tenant_id": store.tenant_id,
        "store_id": store.id,
        "lead_id": lead.id,
        "store_code": store.code,
        "store_region": store.region,
        "status": "active",
        "status_grade": lead.intent_grade,
        "stage": lead.stage,
        "received_at": now,
        "assigned_at": now if lead.owner_id else None,
        **window.clock(now),
        "sla_outcome": SlaOutcome.PENDING.value,
        "first_contact_at": None,
        "warned_at": None,
        "breached_at": None,
        "outcome": None,
        "lost_reason": None,
    }


async def landing_events(
    distributed: DistributedLead, now: datetime, lead: Lead, key: str = ""
) -> None:
    rows = [
        sla_event(
            distributed, "received", key, {"store_id": distributed.store_id, "at": now.isoformat()}
        )
    ]
    if lead.owner_id:
        rows.append(
            sla_event(
                distributed, "assigned", key, {"user_id": lead.owner_id, "at": now.isoformat()}
            )
        )
    await record_sla_events(*rows)


async def distribute_many(
    actor: Actor, orders: list[LeadOrder], *, now: datetime | None = None
) -> BulkResult:
    """Up to 10,000 leads: good rows land, bad rows come back with their row
    number, field and reason. Each row is its own savepoint."""
    if len(orders) > MAX_BULK:
        raise ValidationFailed.one(
            "orders", f"at most {MAX_BULK} leads per call; use importLeads for more"
        )
    return await distribute_rows(oem_of(actor), orders, now=now or datetime.now(UTC))


async def distribute_rows(
    oem_id: int,
    orders: list[LeadOrder],
    *,
    now: datetime,
    first_row: int = 1,
    path_of: Callable[[int], str] | None = None,
) -> BulkResult:
    """Land `orders` set-wise (`saas.oem.intake`): rows that fail their checks
    come back as problems (row number counted from `first_row`), the others
    land as if sent one by one."""
    batch = await Batch.load(oem_id, [o.external_ref for o in orders])
    return await land(
        batch,
        orders,
        now=now,
        first_row=first_row,
        path_of=path_of or (lambda i: f"orders.{first_row + i - 1}"),
    )
