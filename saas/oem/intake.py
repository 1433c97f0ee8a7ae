"""Landing a batch of OEM leads in dealers' stores, set-wise.

Every order is checked and routed in memory, over what the batch reads once:
the routing data, and (through the CRM's batch intake, `saas.crm.intake`) the
receiving dealer groups' customers with the batch's phones and their open
leads. The CRM then writes each dealer group's side (customers, leads, their
history, assignments, domain events) a table at a time, and this module the
OEM's `distributed_lead` rows and SLA events likewise. The statements grow
with the dealer groups and stores a batch reaches, not with its leads.

The outcome is the one of landing the orders one by one: the same dedup by
phone (an open lead of the customer at the store makes the order a
DUPLICATE), owner rule chain, archive numbers, cadence and history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from saas.crm.intake import IncomingLead, LeadBatch, TakenIn
from saas.db import insert_many
from saas.errors import Conflict, FieldProblem, ValidationFailed
from saas.models import DistributedLead, Store
from saas.oem.routing import Batch
from saas.oem.types import (
    BulkResult,
    Distribution,
    LeadOrder,
    RowProblem,
    SlaOutcome,
    SlaWindow,
)

# The OEM's names for the fields of a lead the CRM checks.
_ORDER_FIELDS = {
    "customer_name": "customerName",
    "phone": "phone",
    "vehicle_model_id": "vehicleModelId",
}


@dataclass(eq=False)
class _Row:
    index: int
    number: int
    path: str
    order: LeadOrder
    ref: str
    lead: IncomingLead | None = None
    problems: list[FieldProblem] = field(default_factory=list)
    store: Store | None = None
    taken: TakenIn | None = None
    distributed: DistributedLead | None = None

    def add_problems(self, problems: list[FieldProblem]) -> None:
        """The CRM's problems (named by `IncomingLead`'s fields) at the order's path."""
        self.problems += [
            FieldProblem(
                (*self.path.split("."), _ORDER_FIELDS.get(p.path[-1], p.path[-1])), p.message
            )
            for p in problems
        ]


async def land(
    batch: Batch,
    orders: list[LeadOrder],
    *,
    now: datetime,
    first_row: int,
    path_of: Callable[[int], str],
) -> BulkResult:
    result = BulkResult()
    intake = LeadBatch(now, oem_id=batch.oem.id)
    rows = [
        _check(batch, intake, i, first_row + i, path_of(i), order) for i, order in enumerate(orders)
    ]
    pending = [r for r in rows if r.lead is not None]
    await batch.prepare([r.order for r in pending if not r.problems])
    await intake.read(_phones(batch, pending))

    landed: dict[str, _Row] = {}
    repeats: dict[int, _Row] = {}
    for row in pending:
        if row.ref in landed:
            repeats[row.index] = landed[row.ref]
        elif not row.problems:
            _route(batch, intake, row)
            if not row.problems:
                landed[row.ref] = row

    await intake.write()
    await _write_distributed(batch, list(landed.values()), now)

    for row in rows:
        if row.ref in batch.sent and row.lead is None and not row.problems:
            result.distributed.append(Distribution(batch.sent[row.ref], created=False))
        elif row.index in repeats:
            first = repeats[row.index].distributed
            assert first is not None
            result.distributed.append(Distribution(first, created=False))
        elif row.problems:
            result.problems += [
                RowProblem(row.number, row.order.external_ref, p.path, p.message)
                for p in row.problems
            ]
        else:
            assert row.distributed is not None
            result.distributed.append(Distribution(row.distributed, created=True))
    return result


def _check(
    batch: Batch, intake: LeadBatch, index: int, number: int, path: str, order: LeadOrder
) -> _Row:
    """The order's own checks (reference, customer fields, brand): the row
    carries its lead for the CRM, or its problems, or neither (already sent)."""
    ref = order.external_ref.strip()
    row = _Row(index, number, path, order, ref)
    if not ref or len(ref) > 64:
        row.problems.append(
            FieldProblem(
                (*path.split("."), "externalRef"), "give the OEM's reference (1-64 characters)"
            )
        )
        return row
    if ref in batch.sent:
        return row
    row.lead = IncomingLead(
        customer_name=order.customer_name,
        phone=order.phone,
        intent_grade=order.intent_grade,
        vehicle_model_id=order.vehicle_model_id,
        note=order.note,
    )
    row.add_problems(intake.check(row.lead))
    oem = batch.oem
    if order.brand not in oem.brands:
        row.problems.append(
            FieldProblem(
                (*path.split("."), "brand"), f"{oem.code} distributes {', '.join(oem.brands)}"
            )
        )
    return row


def _phones(batch: Batch, rows: list[_Row]) -> dict[int, set[str]]:
    """The batch's phones by every dealer group an order could land in."""
    phones: dict[int, set[str]] = {}
    for row in rows:
        if row.problems or row.lead is None:
            continue
        order = row.order
        if order.store_id is not None:
            named = batch.named.get(order.store_id)
            stores = [named] if named is not None else []
        else:
            stores = batch.candidates(order)
        for store in stores:
            phones.setdefault(store.tenant_id, set()).add(row.lead.phone)
    return phones


def _route(batch: Batch, intake: LeadBatch, row: _Row) -> None:
    """Route the order, then let the CRM dedup it against its store's group
    as it stands after the rows before it; a lead the store takes (not a
    duplicate) counts in the store's load for the next orders."""
    assert row.lead is not None
    try:
        store = batch.route(row.order, row.path)
    except ValidationFailed as exc:
        row.problems += exc.problems
        return
    try:
        row.taken = intake.place(store, row.lead)
    except ValidationFailed as exc:
        row.add_problems(exc.problems)
        return
    row.store = store
    if not row.taken.duplicate and store.id in batch.loads:
        batch.loads[store.id] += 1


async def _write_distributed(batch: Batch, rows: list[_Row], now: datetime) -> None:
    """The OEM's view of every landed row, and the SLA clock's first events."""
    if not rows:
        return
    values: list[dict[str, object]] = []
    window = SlaWindow.of(batch.oem)
    for row in rows:
        assert row.store is not None and row.lead is not None and row.taken is not None
        taken = row.taken
        base: dict[str, object] = {
            "created_at": now,
            "updated_at": now,
            "oem_id": batch.oem.id,
            "external_ref": row.ref,
            "brand": row.order.brand,
            "region": row.order.region,
            "city": row.order.city,
            "customer_name": row.order.customer_name.strip(),
            "phone": row.lead.phone,
            "phone_masked": row.lead.masked_phone(),
            "tenant_id": row.store.tenant_id,
            "store_id": row.store.id,
            "store_code": row.store.code,
            "store_region": row.store.region,
            "received_at": now,
            "first_contact_at": None,
            "warned_at": None,
            "breached_at": None,
            "outcome": None,
            "lost_reason": None,
            "return_reason": None,
            "return_note": None,
        }
        if taken.duplicate:
            # The dealer already works this customer here: nothing of its lead
            # is mirrored, and no clock runs.
            base |= {
                "lead_id": None,
                "status": "duplicate",
                "status_grade": None,
                "stage": None,
                "assigned_at": None,
                "sla_due_at": now,
                "sla_warn_at": None,
                "sla_outcome": "excluded",
            }
        else:
            base |= {
                "lead_id": taken.lead_id,
                "status": "active",
                "status_grade": taken.intent_grade,
                "stage": taken.stage,
                "assigned_at": now if taken.owner_id is not None else None,
                **window.clock(now),
                "sla_outcome": SlaOutcome.PENDING.value,
            }
        values.append(base)
    columns = list(values[0])
    ids = await insert_many(
        "distributed_lead", columns, [[v[c] for c in columns] for v in values], returning_ids=True
    )
    if len(ids) != len(rows):
        raise Conflict(
            "some of these references were distributed by another request at the same time; "
            "send the batch again (they come back as they are)"
        )
    events: list[tuple[object, ...]] = []
    at = now.isoformat()
    for row, distributed_id, v in zip(rows, ids, values, strict=True):
        # As loaded from the database (the constructor's checks cost ten times more).
        row.distributed = DistributedLead._init_from_db(id=distributed_id, **v)
        if row.taken is None or row.taken.duplicate or row.store is None:
            continue
        clock = (now, distributed_id, batch.oem.id, row.store.tenant_id)
        data = {"store_id": row.store.id, "at": at}
        events.append((*clock, "received", "", orjson.dumps(data).decode()))
        if row.taken.owner_id is not None:
            data = {"user_id": row.taken.owner_id, "at": at}
            events.append((*clock, "assigned", "", orjson.dumps(data).decode()))
    await insert_many(
        "sla_event",
        ["created_at", "distributed_lead_id", "oem_id", "tenant_id", "kind", "key", "data"],
        events,
    )
