"""Landing a batch of OEM leads in dealers' stores, set-wise.

Every order is checked and routed in memory, over what the batch reads once:
the routing data, and the receiving dealer groups' customers with the batch's
phones and their open leads. Then each dealer group's rows are written a table
at a time (customers, leads, their history, assignments, domain events), and
the OEM's `distributed_lead` rows and SLA events likewise. The statements grow
with the dealer groups and stores a batch reaches, not with its leads.

The outcome is the one of landing the orders one by one through `take_in`: the
same dedup by phone (an open lead of the customer at the store makes the order
a DUPLICATE), owner rule chain (`OwnerBook`, kept current as it assigns),
archive numbers, cadence and history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from saas.crm.assignment import Choice, OwnerBook
from saas.crm.cadence import cadence_due
from saas.crm.customers import CustomerFields, archive_no, live_customers_by_phone
from saas.crm.events import LeadRow, emit_for_leads
from saas.crm.leads import NewLead, check_new_lead, model_for_store, tenant_cadence
from saas.crm.phones import mask_phone
from saas.crm.repository import (
    CustomerRepository,
    LeadAssignmentRepository,
    LeadEventRepository,
    LeadRepository,
    StoreCounterRepository,
)
from saas.crm.vocabulary import FunnelStage, LeadStatus, SourceChannel
from saas.db import insert_many
from saas.errors import Conflict, FieldProblem, ValidationFailed
from saas.events.repository import listening_owners
from saas.events.service import EventType
from saas.models import DistributedLead, Store, VehicleModel
from saas.oem.routing import Batch
from saas.oem.types import (
    BulkResult,
    Distribution,
    LeadOrder,
    RowProblem,
    SlaOutcome,
    SlaWindow,
)
from saas.tenancy.rls import acting_in_tenant

# The OEM's names for the customer fields it sends.
_ORDER_FIELDS = {"name": "customerName", "phone": "phone"}


@dataclass(eq=False)
class _Customer:
    """A receiving group's customer with an order's phone: stored (`id`), or
    archived by this batch at `store`."""

    id: int | None
    owner_id: int | None
    store: Store | None = None
    name: str = ""
    phone: str = ""
    owner_changed: bool = False


@dataclass(eq=False)
class _Row:
    index: int
    number: int
    path: str
    order: LeadOrder
    ref: str
    new: NewLead | None = None
    problems: list[FieldProblem] = field(default_factory=list)
    store: Store | None = None
    model: VehicleModel | None = None
    customer: _Customer | None = None
    duplicate: bool = False
    owner: Choice | None = None
    lead: LeadRow | None = None
    distributed: DistributedLead | None = None


@dataclass
class _Group:
    """One receiving dealer group: its customers by phone, and the (customer,
    store) pairs with an open lead, as stored plus what the batch lands."""

    customers: dict[str, _Customer] = field(default_factory=dict)
    open: set[tuple[int, int]] = field(default_factory=set)  # (id of _Customer, store)
    rows: list[_Row] = field(default_factory=list)


async def land(
    batch: Batch,
    orders: list[LeadOrder],
    *,
    now: datetime,
    first_row: int,
    path_of: Callable[[int], str],
) -> BulkResult:
    result = BulkResult()
    rows = [
        _check(batch, i, first_row + i, path_of(i), order, now) for i, order in enumerate(orders)
    ]
    pending = [r for r in rows if r.new is not None]
    await batch.prepare([r.order for r in pending if not r.problems])
    models = await _models(pending)
    groups = await _groups(batch, pending)

    landed: dict[str, _Row] = {}
    repeats: dict[int, _Row] = {}
    for row in pending:
        if row.ref in landed:
            repeats[row.index] = landed[row.ref]
        elif not row.problems:
            _route(batch, row, models, groups)
            if not row.problems:
                landed[row.ref] = row

    for tenant_id in sorted(t for t, group in groups.items() if group.rows):
        async with acting_in_tenant(tenant_id):
            # (Acting in the group: its endpoints are visible, like the OEM's.)
            heard = bool(await listening_owners({tenant_id}, {batch.oem.id}))
            await _write_group(tenant_id, groups[tenant_id], now, listened=heard)
    await _write_distributed(batch, list(landed.values()), now)

    for row in rows:
        if row.ref in batch.sent and row.new is None and not row.problems:
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
    batch: Batch, index: int, number: int, path: str, order: LeadOrder, now: datetime
) -> _Row:
    """The order's own checks (reference, customer fields, brand): the row
    carries its normalised lead, or its problems, or neither (already sent)."""
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
    row.new = NewLead(
        store_id=0,
        customer=CustomerFields(name=order.customer_name, phone=order.phone),
        source_channel=SourceChannel.OEM,
        intent_grade=order.intent_grade,
        vehicle_model_id=order.vehicle_model_id,
        note=order.note,
    )
    try:
        check_new_lead(row.new, now)
    except ValidationFailed as exc:
        row.problems += [
            FieldProblem((*path.split("."), _ORDER_FIELDS.get(p.path[-1], p.path[-1])), p.message)
            for p in exc.problems
        ]
    oem = batch.oem
    if order.brand not in oem.brands:
        row.problems.append(
            FieldProblem(
                (*path.split("."), "brand"), f"{oem.code} distributes {', '.join(oem.brands)}"
            )
        )
    return row


async def _models(rows: list[_Row]) -> dict[int, VehicleModel]:
    wanted = {r.order.vehicle_model_id for r in rows if r.order.vehicle_model_id is not None}
    if not wanted:
        return {}
    return {m.id: m for m in await VehicleModel.filter(id__in=list(wanted), is_active=True)}


async def _groups(batch: Batch, rows: list[_Row]) -> dict[int, _Group]:
    """The customers with the batch's phones, and their open leads, in every
    dealer group an order could land in (a few queries per group)."""
    phones: dict[int, set[str]] = {}
    for row in rows:
        if row.problems or row.new is None:
            continue
        order = row.order
        if order.store_id is not None:
            named = batch.named.get(order.store_id)
            stores = [named] if named is not None else []
        else:
            stores = batch.candidates(order)
        for store in stores:
            phones.setdefault(store.tenant_id, set()).add(row.new.customer.phone or "")
    groups = {}
    for tenant_id in sorted(phones):
        async with acting_in_tenant(tenant_id):
            groups[tenant_id] = await _read_group(tenant_id, phones[tenant_id])
    return groups


async def _read_group(tenant_id: int, phones: set[str]) -> _Group:
    group = _Group()
    stored: dict[int, _Customer] = {}
    for phone, (customer_id, owner_id) in (
        await live_customers_by_phone(tenant_id, phones)
    ).items():
        if customer_id not in stored:
            stored[customer_id] = _Customer(customer_id, owner_id)
        group.customers[phone] = stored[customer_id]
    if stored:
        leads = await LeadRepository(tenant_id).values_where(
            "customer_id", stored, "customer_id", "store_id", "status"
        )
        still_open = (LeadStatus.OPEN.value, LeadStatus.LOST_PENDING.value)
        group.open = {
            (id(stored[r["customer_id"]]), r["store_id"])
            for r in leads
            if r["status"] in still_open
        }
    return group


def _route(
    batch: Batch, row: _Row, models: dict[int, VehicleModel], groups: dict[int, _Group]
) -> None:
    """Route the order, then dedup it against its store's group as it stands
    after the rows before it."""
    assert row.new is not None
    order = row.order
    try:
        store = batch.route(order, row.path)
        if order.vehicle_model_id is not None:
            row.model = model_for_store(
                models.get(order.vehicle_model_id),
                order.vehicle_model_id,
                store,
                f"{row.path}.vehicleModelId",
            )
    except ValidationFailed as exc:
        row.problems += exc.problems
        return
    row.store = store
    group = groups[store.tenant_id]
    phone = row.new.customer.phone or ""
    customer = group.customers.get(phone)
    if customer is None:
        name = (row.new.customer.name or "").strip()
        customer = group.customers[phone] = _Customer(None, None, store, name, phone)
    row.customer = customer
    row.duplicate = (id(customer), store.id) in group.open
    if not row.duplicate:
        group.open.add((id(customer), store.id))
        if store.id in batch.loads:
            batch.loads[store.id] += 1
    group.rows.append(row)


async def _write_group(tenant_id: int, group: _Group, now: datetime, *, listened: bool) -> None:
    """Owners, new customers, leads, history, assignments and events of one
    dealer group's landed rows, a statement or two per table."""
    active = [r for r in group.rows if not r.duplicate]
    if not active:
        return
    table = await tenant_cadence(tenant_id)
    book = await OwnerBook.load(tenant_id, {r.store.id for r in active if r.store})
    created: dict[int, _Customer] = {}
    for row in active:
        assert row.store is not None and row.customer is not None and row.new is not None
        row.owner = book.choose(
            row.store.id,
            series=row.model.series if row.model else None,
            important=row.new.is_important,
        )
        customer = row.customer
        if customer.id is None:
            created.setdefault(id(customer), customer)
        if customer.owner_id is None and row.owner is not None:
            customer.owner_id = row.owner.user_id
            customer.owner_changed = customer.id is not None
    await _insert_customers(tenant_id, list(created.values()), now)
    await _hand_customers_over(tenant_id, group, now)

    leads = LeadRepository(tenant_id)
    values = []
    for row in active:
        assert row.store is not None and row.customer is not None and row.new is not None
        cadence_at = cadence_due(table, row.new.intent_grade, now, None)
        values.append(
            {
                "created_at": now,
                "updated_at": now,
                "store_id": row.store.id,
                "customer_id": row.customer.id,
                "owner_id": row.owner.user_id if row.owner else None,
                "source_channel": SourceChannel.OEM.value,
                "vehicle_model_id": row.model.id if row.model else None,
                "intent_grade": row.new.intent_grade.value,
                "status": LeadStatus.OPEN.value,
                "stage": FunnelStage.FIRST_CONTACT.value,
                "is_important": row.new.is_important,
                "is_distributed": True,
                "cadence_due_at": cadence_at,
                "due_at": cadence_at,
                "follow_up_count": 0,
                "version": 1,
            }
        )
    ids = await leads.insert_many(values, returning_ids=True)
    assert len(ids) == len(active), "a lead insert skipped rows"
    for row, lead_id, v in zip(active, ids, values, strict=True):
        row.lead = LeadRow(
            id=lead_id,
            store_id=v["store_id"],
            customer_id=v["customer_id"],
            owner_id=v["owner_id"],
            source_channel=v["source_channel"],
            intent_grade=v["intent_grade"],
            stage=v["stage"],
            status=v["status"],
            is_distributed=True,
        )

    await LeadEventRepository(tenant_id).insert_many(
        [
            {
                "created_at": now,
                "lead_id": row.lead.id,
                "store_id": row.lead.store_id,
                "kind": "created",
                "actor_id": None,
                "from_value": None,
                "to_value": SourceChannel.OEM.value,
                "reason": (row.order.note or "").strip() or None,
                "data": "{}",
            }
            for row in active
            if row.lead
        ]
    )
    owned = [r for r in active if r.owner is not None and r.lead is not None]
    await LeadAssignmentRepository(tenant_id).insert_many(
        [
            {
                "created_at": now,
                "lead_id": row.lead.id,
                "store_id": row.lead.store_id,
                "from_user_id": None,
                "to_user_id": row.owner.user_id,
                "reason": row.owner.reason,
                "is_automatic": True,
                "assigned_by_id": None,
            }
            for row in owned
            if row.lead and row.owner
        ]
    )
    await emit_for_leads(
        EventType.LEAD_CREATED, tenant_id, [r.lead for r in active if r.lead], {}, listened=listened
    )
    await emit_for_leads(
        EventType.LEAD_ASSIGNED,
        tenant_id,
        [r.lead for r in owned if r.lead],
        {
            r.lead.id: {"previousOwnerId": None, "reason": r.owner.reason, "automatic": True}
            for r in owned
            if r.lead and r.owner
        },
        listened=listened,
    )


async def _insert_customers(tenant_id: int, created: list[_Customer], now: datetime) -> None:
    """New archives, numbered per store in the order the batch met them."""
    if not created:
        return
    counts: dict[int, int] = {}
    stores: dict[int, Store] = {}
    for customer in created:
        assert customer.store is not None
        counts[customer.store.id] = counts.get(customer.store.id, 0) + 1
        stores[customer.store.id] = customer.store
    last = await StoreCounterRepository(tenant_id).reserve("customer", counts)
    number = {store_id: last[store_id] - n for store_id, n in counts.items()}
    values = []
    for customer in created:
        assert customer.store is not None
        number[customer.store.id] += 1
        values.append(
            {
                "created_at": now,
                "updated_at": now,
                "store_id": customer.store.id,
                "archive_no": archive_no(customer.store, number[customer.store.id]),
                "owner_id": customer.owner_id,
                "name": customer.name,
                "phone": customer.phone,
                "focus_points": "[]",
                "consent_marketing": False,
                "consent_share_finance": False,
                "consent_share_insurance": False,
                "version": 1,
            }
        )
    ids = await CustomerRepository(tenant_id).insert_many(values, returning_ids=True)
    if len(ids) != len(created):
        # Another request archived one of these phones meanwhile: nothing of
        # this batch is kept, and sending it again lands it.
        raise Conflict(
            "a customer of this batch was created by another request at the same time; "
            "send the batch again (leads already distributed come back as they are)"
        )
    for customer, customer_id in zip(created, ids, strict=True):
        customer.id = customer_id


async def _hand_customers_over(tenant_id: int, group: _Group, now: datetime) -> None:
    """Stored customers without an owner go to their new lead's owner."""
    by_owner: dict[int, list[int]] = {}
    for customer in set(group.customers.values()):
        if customer.owner_changed and customer.id is not None and customer.owner_id is not None:
            by_owner.setdefault(customer.owner_id, []).append(customer.id)
    for owner_id, ids in sorted(by_owner.items()):
        await (
            CustomerRepository(tenant_id)
            .query()
            .filter(id__in=ids, owner_id__isnull=True)
            .update(owner_id=owner_id, updated_at=now)
        )


async def _write_distributed(batch: Batch, rows: list[_Row], now: datetime) -> None:
    """The OEM's view of every landed row, and the SLA clock's first events."""
    if not rows:
        return
    values: list[dict[str, object]] = []
    window = SlaWindow.of(batch.oem)
    for row in rows:
        assert row.store is not None and row.new is not None
        phone = row.new.customer.phone or ""
        base: dict[str, object] = {
            "created_at": now,
            "updated_at": now,
            "oem_id": batch.oem.id,
            "external_ref": row.ref,
            "brand": row.order.brand,
            "region": row.order.region,
            "city": row.order.city,
            "customer_name": row.order.customer_name.strip(),
            "phone": phone,
            "phone_masked": mask_phone(phone),
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
        if row.duplicate:
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
            assert row.lead is not None
            base |= {
                "lead_id": row.lead.id,
                "status": "active",
                "status_grade": row.lead.intent_grade,
                "stage": row.lead.stage,
                "assigned_at": now if row.owner else None,
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
        if row.duplicate or row.store is None:
            continue
        clock = (now, distributed_id, batch.oem.id, row.store.tenant_id)
        data = {"store_id": row.store.id, "at": at}
        events.append((*clock, "received", "", orjson.dumps(data).decode()))
        if row.owner is not None:
            data = {"user_id": row.owner.user_id, "at": at}
            events.append((*clock, "assigned", "", orjson.dumps(data).decode()))
    await insert_many(
        "sla_event",
        ["created_at", "distributed_lead_id", "oem_id", "tenant_id", "kind", "key", "data"],
        events,
    )
