"""OEM lead distribution: deliver leads into dealers' stores, run the 24-hour
first-contact clock, take leads back, and report compliance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from saas.crm.access import visible_lead
from saas.crm.customers import CustomerFields
from saas.crm.leads import NewLead, record_event, take_in
from saas.crm.repository import LeadRepository
from saas.crm.vocabulary import IntentGrade, LeadStatus, SourceChannel
from saas.db import db, int_array
from saas.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from saas.jobqueue import request_job
from saas.models import (
    DistributedLead,
    DistributionImport,
    Lead,
    Oem,
    OemRoutingRule,
    SlaEvent,
    Store,
)
from saas.org.repository import franchised_stores, stores_in_directory
from saas.tenancy.actor import Actor
from saas.tenancy.rls import acting_in_tenant, directory_scope, system_transaction
from saas.validation import check_aware

SLA_WINDOW = timedelta(hours=24)
MAX_BULK = 10_000


class ReturnReason(StrEnum):
    INVALID = "invalid"
    DUPLICATE = "duplicate"
    OUT_OF_AREA = "out_of_area"


class SlaOutcome(StrEnum):
    PENDING = "pending"
    MET = "met"
    BREACHED = "breached"


@dataclass
class LeadOrder:
    """One lead as the OEM sends it."""

    external_ref: str
    customer_name: str
    phone: str
    brand: str
    vehicle_model_id: int | None = None
    store_id: int | None = None
    city: str | None = None
    region: str | None = None
    intent_grade: IntentGrade = IntentGrade.N
    note: str | None = None


@dataclass(frozen=True)
class Distribution:
    distributed: DistributedLead
    created: bool  # False: the external reference was already distributed


@dataclass(frozen=True)
class RowProblem:
    row: int
    external_ref: str | None
    path: tuple[str, ...]
    message: str


@dataclass
class BulkResult:
    distributed: list[Distribution] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def oem_of(actor: Actor) -> int:
    if actor.oem_id is None:
        raise Forbidden("distribution is for OEM accounts")
    return actor.oem_id


async def distribute(
    actor: Actor, order: LeadOrder, *, now: datetime | None = None, path: str = "input"
) -> Distribution:
    """Send one lead to a store. Re-sending an external reference returns the
    lead distributed the first time."""
    result = await distribute_rows(
        oem_of(actor), [order], now=now or datetime.now(UTC), path_of=lambda _: path
    )
    if result.problems:
        raise ValidationFailed([FieldProblem(p.path, p.message) for p in result.problems])
    return result.distributed[0]


@dataclass
class Batch:
    """What distribution reads once per batch rather than once per lead: the
    OEM, the rows already sent under the batch's references, the routing rules
    per brand, the stores named or franchised, and each candidate store's open
    OEM leads (counted once, then kept current as leads of the batch land)."""

    oem: Oem
    sent: dict[str, DistributedLead] = field(default_factory=dict)
    rules: dict[str, list[OemRoutingRule]] = field(default_factory=dict)
    named: dict[int, Store | None] = field(default_factory=dict)
    franchised: list[Store] | None = None
    places: dict[tuple[str, str, str], list[Store]] = field(default_factory=dict)
    loads: dict[int, int] = field(default_factory=dict)

    @classmethod
    async def load(cls, oem_id: int, refs: list[str]) -> Batch:
        wanted = list({r.strip() for r in refs})
        sent = await DistributedLead.filter(oem_id=oem_id, external_ref__in=wanted)
        return cls(await Oem.get(id=oem_id), {d.external_ref: d for d in sent})

    async def prepare(self, orders: list[LeadOrder]) -> None:
        """Read what routing `orders` needs and is not known yet, in a few
        queries whatever their number."""
        named = {o.store_id for o in orders if o.store_id is not None} - set(self.named)
        brands = {o.brand for o in orders if o.store_id is None} - set(self.rules)
        async with directory_scope():
            if named:
                found = await stores_in_directory(named)
                self.named.update({i: found.get(i) for i in named})
            if brands:
                for brand in brands:
                    self.rules[brand] = []
                for rule in await OemRoutingRule.filter(oem_id=self.oem.id, brand__in=brands):
                    self.rules[rule.brand].append(rule)
                if self.franchised is None:
                    self.franchised = await franchised_stores(set(self.oem.brands))
            uncounted = {
                s.id for o in orders if o.store_id is None for s in self.candidates(o)
            } - set(self.loads)
            if uncounted:
                counted = await open_oem_leads(self.oem.id, list(uncounted))
                self.loads.update({i: counted.get(i, 0) for i in uncounted})

    def candidates(self, order: LeadOrder) -> list[Store]:
        """The OEM's routing: franchised stores carrying the brand in the city
        (if its rules cover the city), else in the region (likewise)."""
        rules = self.rules.get(order.brand, [])
        if order.city and (not rules or any(r.city == order.city for r in rules)):
            found = self._franchised(order.brand, "city", order.city)
            if found:
                return found
        if order.region and (not rules or any(r.region == order.region for r in rules)):
            return self._franchised(order.brand, "region", order.region)
        return []

    def _franchised(self, brand: str, kind: str, place: str) -> list[Store]:
        key = (brand, kind, place)
        if key not in self.places:
            self.places[key] = [
                s
                for s in self.franchised or []
                if getattr(s, kind) == place and brand in (s.brands or [])
            ]
        return self.places[key]

    def route(self, order: LeadOrder, path: str, exclude: int | None = None) -> Store:
        """Explicit store, or the candidate with fewest open OEM leads (after
        `prepare`)."""
        if order.store_id is not None:
            store = self.named.get(order.store_id)
            if store is not None and not set(self.oem.brands) & set(store.brands or []):
                store = None  # not a franchisee of this OEM: answered as missing, unnamed
            if store is None:
                raise ValidationFailed.one(
                    f"{path}.storeId", f"store {order.store_id} does not exist"
                )
            if order.brand not in (store.brands or []):
                raise ValidationFailed.one(
                    f"{path}.storeId", f"{store.code} does not carry {order.brand}"
                )
            return store
        candidates = [s for s in self.candidates(order) if s.id != exclude]
        if not candidates:
            where = order.city or order.region or "anywhere"
            raise ValidationFailed.one(
                f"{path}.storeId",
                f"no franchised store carries {order.brand} in {where}; name a store",
            )
        return min(candidates, key=lambda s: (self.loads[s.id], s.id))


async def _mark_distributed(lead: Lead) -> None:
    if not lead.is_distributed:
        await LeadRepository(lead.tenant_id).query().filter(id=lead.id).update(is_distributed=True)
        lead.is_distributed = True


def _landing(store: Store, lead: Lead, now: datetime) -> dict[str, object]:
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
        "sla_due_at": now + SLA_WINDOW,
        "sla_outcome": SlaOutcome.PENDING.value,
        "first_contact_at": None,
        "warned_at": None,
        "breached_at": None,
        "outcome": None,
        "lost_reason": None,
    }


async def _events(distributed: DistributedLead, now: datetime, lead: Lead, key: str = "") -> None:
    rows = [
        SlaEvent(
            distributed_lead_id=distributed.id,
            oem_id=distributed.oem_id,
            tenant_id=distributed.tenant_id,
            kind="received",
            key=key,
            data={"store_id": distributed.store_id, "at": now.isoformat()},
        )
    ]
    if lead.owner_id:
        rows.append(
            SlaEvent(
                distributed_lead_id=distributed.id,
                oem_id=distributed.oem_id,
                tenant_id=distributed.tenant_id,
                kind="assigned",
                key=key,
                data={"user_id": lead.owner_id, "at": now.isoformat()},
            )
        )
    await SlaEvent.bulk_create(rows, ignore_conflicts=True)


async def _route(batch: Batch, order: LeadOrder, path: str, exclude: int | None = None) -> Store:
    await batch.prepare([order])
    return batch.route(order, path, exclude)


async def distribute_many(
    actor: Actor, orders: list[LeadOrder], *, now: datetime | None = None
) -> BulkResult:
    """Up to 10,000 leads: good rows land, bad rows come back with their row
    number, field and reason. Each row is its own savepoint."""
    if len(orders) > MAX_BULK:
        raise ValidationFailed.one(
            "input.leads", f"at most {MAX_BULK} leads per call; use importLeads for more"
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
    # intake imports this module's types at its top; importing it here keeps
    # the two from a circle until they split by concern (distribution, intake).
    from saas.oem.intake import land

    batch = await Batch.load(oem_id, [o.external_ref for o in orders])
    return await land(
        batch,
        orders,
        now=now,
        first_row=first_row,
        path_of=path_of or (lambda i: f"input.leads.{first_row + i - 1}"),
    )


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
        raise ValidationFailed.one("input.note", "tell the OEM why the lead comes back")
    distributed = await DistributedLead.get_or_none(
        tenant_id=lead.tenant_id, lead_id=lead.id, status="active"
    )
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
    await DistributedLead.filter(id=distributed.id).update(
        status="returned", return_reason=reason.value, return_note=note.strip()
    )
    await SlaEvent.bulk_create(
        [
            SlaEvent(
                distributed_lead_id=distributed.id,
                oem_id=distributed.oem_id,
                tenant_id=lead.tenant_id,
                kind="returned",
                key=str(distributed.received_at.timestamp()),
                data={"reason": reason.value, "note": note.strip()},
            )
        ],
        ignore_conflicts=True,
    )
    return await DistributedLead.get(id=distributed.id)


async def redistribute(
    actor: Actor, distributed_id: int, store_id: int | None, *, now: datetime | None = None
) -> DistributedLead:
    """The OEM sends a returned lead to another store (explicit or routed)."""
    now = now or datetime.now(UTC)
    oem_id = oem_of(actor)
    distributed = await DistributedLead.get_or_none(id=distributed_id, oem_id=oem_id)
    if distributed is None:
        raise NotFound("distributed lead", distributed_id)
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
    store = await _route(Batch(oem), order, "input", exclude=distributed.store_id)
    async with acting_in_tenant(store.tenant_id):
        # From what the OEM sent, never from the returning dealer's records.
        new = NewLead(
            store_id=store.id,
            customer=CustomerFields(name=distributed.customer_name, phone=distributed.phone),
            source_channel=SourceChannel.OEM,
            note=f"redistributed by the OEM ({distributed.external_ref})",
        )
        intake = await take_in(store, new, None, now, None)
        await _mark_distributed(intake.lead)
        attempt = await SlaEvent.filter(
            distributed_lead_id=distributed.id, kind="redistributed"
        ).count()
        await DistributedLead.filter(id=distributed.id).update(
            return_reason=None, return_note=None, **_landing(store, intake.lead, now)
        )
        distributed = await DistributedLead.get(id=distributed.id)
        await SlaEvent.bulk_create(
            [
                SlaEvent(
                    distributed_lead_id=distributed.id,
                    oem_id=oem_id,
                    tenant_id=store.tenant_id,
                    kind="redistributed",
                    key=str(attempt + 1),
                    data={"store_id": store.id},
                )
            ],
            ignore_conflicts=True,
        )
        await _events(distributed, now, intake.lead, key=f"r{attempt + 1}")
    return distributed


# -- the OEM's view ----------------------------------------------------------------------


@dataclass
class DistributionFilter:
    store_id: int | None = None
    region: str | None = None
    sla_outcome: str | None = None
    status: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None


def distributed_leads(actor: Actor, f: DistributionFilter) -> QuerySet[DistributedLead]:
    qs = DistributedLead.filter(oem_id=oem_of(actor))
    if f.store_id is not None:
        qs = qs.filter(store_id=f.store_id)
    if f.region:
        qs = qs.filter(Q(store_region=f.region) | Q(region=f.region))
    if f.sla_outcome:
        qs = qs.filter(sla_outcome=f.sla_outcome)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.received_from:
        qs = qs.filter(received_at__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_at__lt=f.received_to)
    return qs


async def get_distributed(actor: Actor, distributed_id: int) -> DistributedLead:
    row = await DistributedLead.get_or_none(id=distributed_id, oem_id=oem_of(actor))
    if row is None:
        raise NotFound("distributed lead", distributed_id)
    return row


@dataclass(frozen=True)
class ComplianceRow:
    key: str
    total: int
    met: int
    breached: int
    pending: int
    met_percent: float | None
    median_minutes: float | None
    p90_minutes: float | None
    won: int = 0
    conversion_percent: float | None = None  # won / total


@dataclass
class _Tally:
    """One store's (or region's) SLA figures before they are keyed and rounded."""

    store_id: int | None
    code: str | None
    region: str | None
    total: int
    met: int
    breached: int
    won: int
    median: float | None
    p90: float | None


async def sla_compliance(
    actor: Actor, start: datetime, end: datetime, by: str
) -> list[ComplianceRow]:
    """Per store or region, for leads received in [start, end): counts, met %
    (of decided leads), and median / 90th percentile minutes to first contact."""
    problems = [p for p in (check_aware("from", start), check_aware("to", end)) if p]
    if problems:
        raise ValidationFailed(problems)
    if end <= start:
        raise ValidationFailed.one("to", "must be after `from`")
    postgres = db().schema_generator.DIALECT == "postgres"
    tally = _tally_in_sql if postgres else _tally_in_python
    tallies = await tally(oem_of(actor), start, end, by == "store")
    # Store codes are unique within a dealer group only: two groups may both
    # have an "SH-1", so a repeated code carries its store id.
    codes: dict[str | None, set[int | None]] = {}
    for t in tallies:
        codes.setdefault(t.code, set()).add(t.store_id)

    def key(t: _Tally) -> str:
        if by != "store":
            return t.region or "-"
        return str(t.code) if len(codes[t.code]) == 1 else f"{t.code} #{t.store_id}"

    report = []
    for t in sorted(tallies, key=key):
        decided = t.met + t.breached
        report.append(
            ComplianceRow(
                key=key(t),
                total=t.total,
                met=t.met,
                breached=t.breached,
                pending=t.total - decided,
                met_percent=round(100 * t.met / decided, 1) if decided else None,
                median_minutes=None if t.median is None else round(t.median, 1),
                p90_minutes=None if t.p90 is None else round(t.p90, 1),
                won=t.won,
                conversion_percent=round(100 * t.won / t.total, 1),
            )
        )
    return report


async def _tally_in_sql(
    oem_id: int, start: datetime, end: datetime, by_store: bool
) -> list[_Tally]:
    """PostgreSQL: one grouped query; percentiles by percentile_cont."""
    place = (
        "store_id, store_code AS code, NULL AS region"
        if by_store
        else "NULL::bigint AS store_id, NULL AS code, store_region AS region"
    )
    minutes = "extract(epoch FROM first_contact_at - received_at) / 60"
    sql = f"""SELECT {place}, count(*) AS total,
        count(*) FILTER (WHERE sla_outcome = 'met') AS met,
        count(*) FILTER (WHERE sla_outcome = 'breached') AS breached,
        count(*) FILTER (WHERE outcome = 'won') AS won,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY {minutes})
            FILTER (WHERE first_contact_at IS NOT NULL) AS median,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY {minutes})
            FILTER (WHERE first_contact_at IS NOT NULL) AS p90
        FROM distributed_lead
        WHERE oem_id = $1 AND received_at >= $2 AND received_at < $3
          AND store_id IS NOT NULL AND status <> 'duplicate'
        GROUP BY {"store_id, store_code" if by_store else "store_region"}"""
    rows = await db().execute_query_dict(sql, [oem_id, start, end])
    return [_Tally(**r) for r in rows]


async def _tally_in_python(
    oem_id: int, start: datetime, end: datetime, by_store: bool
) -> list[_Tally]:
    """SQLite has no percentile_cont: the same figures from the rows."""
    rows = DistributedLead.filter(
        oem_id=oem_id, received_at__gte=start, received_at__lt=end, store_id__isnull=False
    ).exclude(status="duplicate")
    groups: dict[tuple[object, ...], list[tuple[str, datetime, datetime | None, str | None]]] = {}
    for store_id, code, region, outcome, received, first, result in await rows.values_list(
        "store_id", "store_code", "store_region", "sla_outcome", "received_at",
        "first_contact_at", "outcome",
    ):  # fmt: skip
        group = (store_id, code, None) if by_store else (None, None, region)
        groups.setdefault(group, []).append((outcome, received, first, result))
    tallies = []
    for (store_id, code, region), items in groups.items():
        minutes = sorted((f - r).total_seconds() / 60 for _, r, f, _ in items if f is not None)
        tallies.append(
            _Tally(
                store_id=store_id,  # type: ignore[arg-type]
                code=code,  # type: ignore[arg-type]
                region=region,  # type: ignore[arg-type]
                total=len(items),
                met=sum(1 for o, *_ in items if o == "met"),
                breached=sum(1 for o, *_ in items if o == "breached"),
                won=sum(1 for *_, won in items if won == "won"),
                median=_percentile(minutes, 0.5),
                p90=_percentile(minutes, 0.9),
            )
        )
    return tallies


def _percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    position = (len(values) - 1) * q
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


async def set_routing_rules(
    actor: Actor, rules: list[tuple[str, str | None, str | None]]
) -> list[OemRoutingRule]:
    """Replace the OEM's routing rules: (brand, region, city) each."""
    oem_id = oem_of(actor)
    oem = await Oem.get(id=oem_id)
    problems = []
    for i, (brand, region, city) in enumerate(rules):
        if brand not in oem.brands:
            problems.append(
                FieldProblem(
                    ("input", "rules", str(i), "brand"),
                    f"{oem.code} distributes {', '.join(oem.brands)}",
                )
            )
        if not (region or city):
            problems.append(FieldProblem(("input", "rules", str(i)), "give a region or a city"))
    if problems:
        raise ValidationFailed(problems)
    await OemRoutingRule.filter(oem_id=oem_id).delete()
    return [
        await OemRoutingRule.create(oem_id=oem_id, brand=b, region=r, city=c) for b, r, c in rules
    ]


# -- large imports -------------------------------------------------------------------------

MAX_IMPORT = 200_000
IMPORT_CHUNK = 500
MAX_KEPT_ERRORS = 1_000


async def start_import(actor: Actor, orders: list[LeadOrder]) -> DistributionImport:
    """Queue a large batch; the `oem.import_leads` job distributes it in chunks
    and records its progress."""
    oem_id = oem_of(actor)
    if not orders:
        raise ValidationFailed.one("input.leads", "send at least one lead")
    if len(orders) > MAX_IMPORT:
        raise ValidationFailed.one("input.leads", f"at most {MAX_IMPORT} leads per import")
    rows = [asdict(o) | {"intent_grade": o.intent_grade.value} for o in orders]
    batch = await DistributionImport.create(oem_id=oem_id, total=len(rows), rows=rows)
    await request_job("oem.import_leads", import_id=batch.id)
    return batch


async def run_import(import_id: int, now: datetime) -> DistributionImport | None:
    """Distribute an import from where it stopped; each chunk commits with its
    progress, so a killed worker resumes without duplicates (references are
    idempotent anyway)."""
    async with system_transaction():
        batch = await DistributionImport.get_or_none(id=import_id)
        if batch is None or batch.status == "done":
            return batch
        await DistributionImport.filter(id=import_id).update(status="running", started_at=now)
    while batch.processed < batch.total:
        start = batch.processed
        chunk = batch.rows[start : start + IMPORT_CHUNK]
        orders = [
            LeadOrder(**(row | {"intent_grade": IntentGrade(row.get("intent_grade") or "N")}))  # type: ignore[arg-type]
            for row in chunk
        ]
        async with system_transaction():
            result = await distribute_rows(batch.oem_id, orders, now=now, first_row=start + 1)
            errors = list(batch.errors) + [
                {
                    "row": p.row,
                    "externalRef": p.external_ref,
                    "path": list(p.path),
                    "message": p.message,
                }
                for p in result.problems
            ]
            batch.processed = start + len(chunk)
            batch.landed += len(result.distributed)
            batch.failed += len({p.row for p in result.problems})
            batch.errors = errors[:MAX_KEPT_ERRORS]
            await DistributionImport.filter(id=import_id).update(
                processed=batch.processed,
                landed=batch.landed,
                failed=batch.failed,
                errors=batch.errors,
            )
    async with system_transaction():
        await DistributionImport.filter(id=import_id).update(
            status="done", finished_at=datetime.now(UTC)
        )
        return await DistributionImport.get(id=import_id)


async def get_import(actor: Actor, import_id: int) -> DistributionImport:
    batch = await DistributionImport.get_or_none(id=import_id, oem_id=oem_of(actor))
    if batch is None:
        raise NotFound("import", import_id)
    return batch


async def open_oem_leads(oem_id: int, store_ids: list[int]) -> dict[int, int]:
    """Open OEM leads by store, for routing to the least loaded store, counted
    from the partial covering index distributed_lead_open_by_store (migration
    12) alone; values written in, as in `open_loads_sql`."""
    conn = db()
    if conn.schema_generator.DIALECT == "postgres":
        _, rows = await conn.execute_query(open_oem_leads_sql(oem_id, store_ids))
        return {row["store_id"]: row["n"] for row in rows}
    return dict(
        await DistributedLead.filter(
            oem_id=oem_id, store_id__in=store_ids, status="active", outcome__isnull=True
        )
        .annotate(n=Count("id"))
        .group_by("store_id")
        .values_list("store_id", "n")
    )


def open_oem_leads_sql(oem_id: int, store_ids: list[int]) -> str:
    return f"""SELECT "store_id", count(*) AS "n" FROM "distributed_lead"
WHERE "oem_id" = {int(oem_id)} AND "store_id" = ANY({int_array(store_ids)})
  AND "status" = 'active' AND "outcome" IS NULL
GROUP BY "store_id"
"""
