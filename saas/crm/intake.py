"""Taking in many leads at once, set-wise: the CRM's one entry point for a
batch of leads an OEM distributes (`saas.oem.intake`), in plain data.

    batch = LeadBatch(now, oem_id=oem.id)
    problems = batch.check(lead)        # each lead's own fields, normalised in place
    await batch.read(phones_by_group)   # each dealer group's customers with those phones
    taken = batch.place(store, lead)    # in order: dedup, answered at once
    await batch.write()                 # customers, leads, history, assignments, events

`place` answers at once whether the lead is a duplicate (its customer has an
open lead at the store, stored or placed before it in this batch), because
the caller's routing of the next lead depends on it; `write` then fills in
each `TakenIn` that `place` returned (lead, customer and owner ids).

The outcome is the one of taking the leads in one by one through
`saas.crm.leads.take_in`: the same dedup by phone (merged archives followed),
owner rule chain (`OwnerBook`, kept current as it assigns), archive numbers,
cadence and history. What a batch reads and writes grows with the dealer
groups and stores it reaches, a statement or two per table, not with its
leads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from saas.crm.assignment import Choice, OwnerBook
from saas.crm.bulk import (
    NewArchive,
    NewLeadRow,
    hand_customers_over,
    insert_customers,
    insert_leads,
)
from saas.crm.customers import CustomerFields, check_customer_fields, live_customers_by_phone
from saas.crm.leads import model_for_store
from saas.crm.phones import mask_phone
from saas.crm.repository import LeadRepository
from saas.crm.vocabulary import OPEN_FOR_INTAKE, IntentGrade, SourceChannel
from saas.errors import Conflict, FieldProblem
from saas.events.repository import listening_owners
from saas.models import Store, VehicleModel
from saas.tenancy.rls import acting_in_tenant

# The customer fields' names in `IncomingLead`.
_FIELDS = {"name": "customer_name", "phone": "phone"}


@dataclass
class IncomingLead:
    """A lead as the OEM sends it: who, what they want, how urgent."""

    customer_name: str
    phone: str
    intent_grade: IntentGrade = IntentGrade.N
    vehicle_model_id: int | None = None
    note: str | None = None
    is_important: bool = False

    def masked_phone(self) -> str:
        """The phone as it may be shown (138****1234), once `check` passed."""
        return mask_phone(self.phone)


@dataclass(eq=False)
class TakenIn:
    """A placed lead: whether it is a duplicate (nothing is written for it),
    and once written, the ids of its lead, customer and owner."""

    store_id: int
    duplicate: bool
    lead_id: int | None = None
    customer_id: int | None = None
    owner_id: int | None = None
    intent_grade: str | None = None
    stage: str | None = None


@dataclass(eq=False)
class _Customer:
    """A receiving group's customer with a batch phone: stored (`id`), or
    archived by this batch at `store`."""

    id: int | None
    owner_id: int | None
    store: Store | None = None
    name: str = ""
    phone: str = ""
    owner_changed: bool = False


@dataclass(eq=False)
class _Placed:
    lead: IncomingLead
    store: Store
    model: VehicleModel | None
    customer: _Customer
    taken: TakenIn
    owner: Choice | None = None


@dataclass
class _Group:
    """One receiving dealer group: its customers by phone, and the (customer,
    store) pairs with an open lead, as stored plus what the batch places."""

    customers: dict[str, _Customer] = field(default_factory=dict)
    open: set[tuple[int, int]] = field(default_factory=set)  # (id of _Customer, store)
    placed: list[_Placed] = field(default_factory=list)


class LeadBatch:
    """The CRM side of landing a batch of OEM leads (see the module's text).
    `oem_id` is the sending OEM, whose endpoints may hear the leads' events."""

    def __init__(self, now: datetime, *, oem_id: int) -> None:
        self.now = now
        self.oem_id = oem_id
        self._model_ids: set[int] = set()
        self._models: dict[int, VehicleModel] = {}
        self._groups: dict[int, _Group] = {}

    def check(self, lead: IncomingLead) -> list[FieldProblem]:
        """The lead's own fields, as a lead of any channel is checked; the
        problems name `IncomingLead`'s fields. A good lead is normalised in
        place (name trimmed, phone in E.164)."""
        customer = CustomerFields(name=lead.customer_name, phone=lead.phone)
        problems = [
            FieldProblem((_FIELDS.get(p.path[-1], p.path[-1]),), p.message)
            for p in check_customer_fields(customer, "lead", creating=True)
        ]
        if not problems:
            lead.customer_name, lead.phone = customer.name or "", customer.phone or ""
            if lead.vehicle_model_id is not None:
                self._model_ids.add(lead.vehicle_model_id)
        return problems

    async def read(self, phones_by_group: Mapping[int, set[str]]) -> None:
        """The vehicle models the checked leads name, and in each dealer group
        (by tenant id) the customers with the phones that may land there and
        their open leads: a few queries per group."""
        if self._model_ids:
            self._models = {
                m.id: m
                for m in await VehicleModel.filter(id__in=list(self._model_ids), is_active=True)
            }
        for tenant_id in sorted(phones_by_group):
            async with acting_in_tenant(tenant_id):
                self._groups[tenant_id] = await _read_group(tenant_id, phones_by_group[tenant_id])

    def place(self, store: Store, lead: IncomingLead) -> TakenIn:
        """Give a checked lead to `store` (of a group `read` covered), deduped
        against the group as it stands after the leads placed before it.
        Raises ValidationFailed (field `vehicle_model_id`) when the store does
        not sell the model."""
        model = None
        if lead.vehicle_model_id is not None:
            model = model_for_store(
                self._models.get(lead.vehicle_model_id),
                lead.vehicle_model_id,
                store,
                "vehicle_model_id",
            )
        group = self._groups[store.tenant_id]
        customer = group.customers.get(lead.phone)
        if customer is None:
            name = lead.customer_name.strip()
            customer = group.customers[lead.phone] = _Customer(None, None, store, name, lead.phone)
        duplicate = (id(customer), store.id) in group.open
        if not duplicate:
            group.open.add((id(customer), store.id))
        taken = TakenIn(store.id, duplicate)
        group.placed.append(_Placed(lead, store, model, customer, taken))
        return taken

    async def write(self) -> None:
        """Write what `place` decided, one dealer group after the other, each
        acting in it, and fill in the `TakenIn`s."""
        for tenant_id in sorted(t for t, group in self._groups.items() if group.placed):
            async with acting_in_tenant(tenant_id):
                # (Acting in the group: its endpoints are visible, like the OEM's.)
                heard = bool(await listening_owners({tenant_id}, {self.oem_id}))
                await _write_group(tenant_id, self._groups[tenant_id], self.now, listened=heard)


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
        group.open = {
            (id(stored[r["customer_id"]]), r["store_id"])
            for r in leads
            if r["status"] in OPEN_FOR_INTAKE
        }
    return group


async def _write_group(tenant_id: int, group: _Group, now: datetime, *, listened: bool) -> None:
    """Owners, new customers, leads, history, assignments and events of one
    dealer group's placed leads, a statement or two per table."""
    active = [p for p in group.placed if not p.taken.duplicate]
    if not active:
        return
    book = await OwnerBook.load(tenant_id, {p.store.id for p in active})
    created: dict[int, _Customer] = {}
    for placed in active:
        placed.owner = book.choose(
            placed.store.id,
            series=placed.model.series if placed.model else None,
            important=placed.lead.is_important,
        )
        customer = placed.customer
        if customer.id is None:
            created.setdefault(id(customer), customer)
        if customer.owner_id is None and placed.owner is not None:
            customer.owner_id = placed.owner.user_id
            customer.owner_changed = customer.id is not None
    await _insert_customers(tenant_id, list(created.values()), now)
    await hand_customers_over(
        tenant_id,
        {
            customer.id: customer.owner_id
            for customer in set(group.customers.values())
            if customer.owner_changed and customer.id is not None and customer.owner_id is not None
        },
        now,
    )
    new_leads = []
    for placed in active:
        assert placed.customer.id is not None
        new_leads.append(
            NewLeadRow(
                store_id=placed.store.id,
                customer_id=placed.customer.id,
                owner_id=placed.owner.user_id if placed.owner else None,
                source_channel=SourceChannel.OEM,
                vehicle_model_id=placed.model.id if placed.model else None,
                intent_grade=placed.lead.intent_grade,
                is_important=placed.lead.is_important,
                is_distributed=True,
                note=placed.lead.note,
                reason=placed.owner.reason if placed.owner else "",
                automatic=True,
            )
        )
    rows = await insert_leads(tenant_id, new_leads, now, actor_id=None, listened=listened)
    for placed, row in zip(active, rows, strict=True):
        taken = placed.taken
        taken.lead_id, taken.customer_id, taken.owner_id = row.id, row.customer_id, row.owner_id
        taken.intent_grade, taken.stage = row.intent_grade, row.stage


async def _insert_customers(tenant_id: int, created: list[_Customer], now: datetime) -> None:
    """New archives, numbered per store in the order the batch met them."""
    archives = []
    for customer in created:
        assert customer.store is not None
        fields = CustomerFields(name=customer.name, phone=customer.phone)
        archives.append(NewArchive(customer.store, fields, customer.owner_id))
    if not await insert_customers(tenant_id, archives, now):
        # Another request archived one of these phones meanwhile: nothing of
        # this batch is kept, and sending it again lands it.
        raise Conflict(
            "a customer of this batch was created by another request at the same time; "
            "send the batch again (leads already distributed come back as they are)"
        )
    for customer, archive in zip(created, archives, strict=True):
        customer.id = archive.id
