"""Lost-reason analysis: the lost decisions of a period, grouped by reason,
intended model, competitor brand, consultant and the funnel stage reached.

A lost request (`saas.crm.leads.request_lost`) ends in one of two decisions:
the manager approves it (the lead is **lost**) or refuses it and sends the
lead back to follow-up (the lead is **returned**). Both are counted, each at
the store-local day of its decision, from the lead's history: what the loss
is grouped by is what the consultant's request said at the time (reason,
competitor, stage, owner), since a returned lead forgets its loss and may
move on. Leads an OEM took back (status RETURNED) are not part of this
report: they were never lost, and the OEM's compliance report shows them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.expressions import Subquery

from saas.crm.access import lead_scope, tenant_of
from saas.crm.repository import LeadEventRepository, LeadRepository
from saas.errors import ValidationFailed
from saas.identity.service import users_by_ids
from saas.models import Lead, LeadEvent, Store, User, VehicleModel
from saas.org.repository import StoreRepository
from saas.reports.metrics import local_window
from saas.tenancy.actor import Actor
from saas.tenancy.rls import on_reports_replica
from saas.validation import check_report_period

DEFAULT_DAYS = 30
LOST, RETURNED = "lost", "returned"
_OUTCOME = {"lost_approved": LOST, "lost_rejected": RETURNED}
DIMENSIONS = ("reason", "vehicle_model", "competitor_brand", "consultant", "stage")
Windows = dict[int, tuple[datetime, datetime]]  # store -> [start, end) in UTC


@dataclass(frozen=True)
class LostReportFilter:
    first: date | None = None
    last_exclusive: date | None = None
    store_ids: list[int] | None = None
    consultant_id: int | None = None


@dataclass(frozen=True)
class LostCase:
    """One decided lost request, with what it is grouped by."""

    lead_id: int
    store: Store
    outcome: str  # lost | returned
    decided_at: datetime
    reason: str | None
    vehicle_model: VehicleModel | None
    competitor_brand: str | None
    competitor_model: str | None
    consultant: User | None
    stage: str | None

    @property
    def decided_on(self) -> date:
        return self.decided_at.astimezone(ZoneInfo(self.store.timezone)).date()

    def key(self, dimension: str) -> str | int | None:
        if dimension == "vehicle_model":
            return self.vehicle_model.id if self.vehicle_model else None
        if dimension == "consultant":
            return self.consultant.id if self.consultant else None
        value: str | None = getattr(self, dimension)
        return value


@dataclass
class LostGroup:
    key: str | int | None  # None: not recorded
    label: str
    lost: int
    returned: int
    lost_percent: float | None  # of all lost decisions
    returned_percent: float | None  # of all returned ones


@dataclass
class LostReport:
    first: date | None
    last_exclusive: date | None
    cases: list[LostCase]
    groups: dict[str, list[LostGroup]]

    @property
    def lost(self) -> int:
        return sum(c.outcome == LOST for c in self.cases)

    @property
    def returned(self) -> int:
        return sum(c.outcome == RETURNED for c in self.cases)


def _label(case: LostCase, dimension: str) -> str:
    if dimension == "vehicle_model":
        model = case.vehicle_model
        return f"{model.brand} {model.name}" if model else "no model recorded"
    if dimension == "consultant":
        return case.consultant.name if case.consultant else "nobody"
    if dimension == "competitor_brand":
        return case.competitor_brand or "no competitor named"
    value = case.key(dimension)
    return str(value).replace("_", " ") if value is not None else "not recorded"


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def group_cases(cases: list[LostCase], dimension: str) -> list[LostGroup]:
    """The cases by one dimension, most lost first (then most returned), with
    each group's share of all lost and of all returned decisions."""
    lost = Counter(c.key(dimension) for c in cases if c.outcome == LOST)
    returned = Counter(c.key(dimension) for c in cases if c.outcome == RETURNED)
    labels = {c.key(dimension): _label(c, dimension) for c in cases}
    total_lost, total_returned = sum(lost.values()), sum(returned.values())
    groups = [
        LostGroup(
            key,
            label,
            lost[key],
            returned[key],
            _percent(lost[key], total_lost),
            _percent(returned[key], total_returned),
        )
        for key, label in labels.items()
    ]
    groups.sort(key=lambda g: (-g.lost, -g.returned, g.key is None, g.label))
    return groups


def _check_period(f: LostReportFilter) -> None:
    # The paths are the query's own (filter.from, filter.to), as a report's are.
    if (f.first is None) != (f.last_exclusive is None):
        raise ValidationFailed.one(
            "filter.to" if f.first else "filter.from", "give both `from` and `to`, or neither"
        )
    if f.first is not None and f.last_exclusive is not None:
        problem = check_report_period("filter.to", f.first, f.last_exclusive)
        if problem:
            raise ValidationFailed([problem])


async def _stores(actor: Actor, tenant_id: int, wanted: list[int] | None) -> list[Store]:
    """The stores reported on: those asked for (each one the actor may report
    on, else a field error that does not tell whether it exists), else all
    the actor may report on."""
    visible = actor.store_ids_with("lost_report", "read")
    stores = list(await StoreRepository(tenant_id, visible).query().order_by("code"))
    if wanted is None:
        return stores
    by_id = {s.id: s for s in stores}
    for store_id in wanted:
        if store_id not in by_id:
            raise ValidationFailed.one(
                "filter.storeIds", f"store {store_id} does not exist in your dealer group"
            )
    return [s for s in stores if s.id in set(wanted)]


def _windows(stores: Iterable[Store], f: LostReportFilter, now: datetime) -> Windows:
    """Each store's [start, end) in UTC: the filter's local days, or the last
    `DEFAULT_DAYS` local days up to and including the store's today."""
    windows = {}
    for store in stores:
        today = now.astimezone(ZoneInfo(store.timezone)).date()
        last = f.last_exclusive or today + timedelta(days=1)
        first = f.first or last - timedelta(days=DEFAULT_DAYS)
        window = local_window(store, first, last)
        windows[store.id] = (window.start, window.end)
    return windows


@on_reports_replica
async def lost_report(
    actor: Actor, f: LostReportFilter, *, now: datetime | None = None
) -> LostReport:
    """The lost and returned decisions of the period on the leads the actor
    may see (a consultant its own, a manager its store's, an executive every
    store's), grouped by each dimension, and one case per decision."""
    now = now or datetime.now(UTC)
    tenant_id = tenant_of(actor)
    _check_period(f)
    stores = {s.id: s for s in await _stores(actor, tenant_id, f.store_ids)}
    windows = _windows(stores.values(), f, now)
    cases: list[LostCase] = []
    if windows:
        decisions = await _decisions(actor, tenant_id, list(stores), windows)
        cases = await _cases(tenant_id, stores, decisions)
    if f.consultant_id is not None:
        cases = [c for c in cases if c.consultant and c.consultant.id == f.consultant_id]
    cases.sort(key=lambda c: (c.decided_at, c.lead_id))
    return LostReport(
        f.first, f.last_exclusive, cases, {d: group_cases(cases, d) for d in DIMENSIONS}
    )


async def _decisions(
    actor: Actor, tenant_id: int, store_ids: list[int], windows: Windows
) -> list[LeadEvent]:
    visible_leads = LeadRepository.for_scope(lead_scope(actor)).query().values("id")
    rows = await (
        LeadEventRepository(tenant_id, store_ids)
        .query()
        .filter(
            kind__in=list(_OUTCOME),
            created_at__gte=min(w[0] for w in windows.values()),
            created_at__lt=max(w[1] for w in windows.values()),
            lead_id__in=Subquery(visible_leads),
        )
        .order_by("id")
    )
    return [e for e in rows if windows[e.store_id][0] <= e.created_at < windows[e.store_id][1]]


async def _cases(
    tenant_id: int, stores: dict[int, Store], decisions: list[LeadEvent]
) -> list[LostCase]:
    """Each decision with the lost request it decided (the lead's latest
    before it) and the lead, in three queries plus the names."""
    lead_ids = sorted({e.lead_id for e in decisions})
    leads: dict[int, Lead] = await LeadRepository(tenant_id).get_many(lead_ids)
    requests: dict[int, list[LeadEvent]] = {}
    for request in await (
        LeadEventRepository(tenant_id)
        .query()
        .filter(lead_id__in=lead_ids, kind="lost_requested")
        .order_by("id")
    ):
        requests.setdefault(request.lead_id, []).append(request)
    found = []
    for decision in decisions:
        lead = leads[decision.lead_id]
        asked = [r for r in requests.get(lead.id, []) if r.id < decision.id]
        data = asked[-1].data if asked and asked[-1].data else {}
        owner = data.get("owner_id", lead.owner_id)
        found.append((decision, lead, data, int(str(owner)) if owner is not None else None))
    users = await users_by_ids(tenant_id, sorted({o for *_, o in found if o is not None}))
    model_ids = {lead.vehicle_model_id for _, lead, _, _ in found if lead.vehicle_model_id}
    models = {m.id: m for m in await VehicleModel.filter(id__in=sorted(model_ids))}
    return [
        LostCase(
            lead_id=lead.id,
            store=stores[decision.store_id],
            outcome=_OUTCOME[decision.kind],
            decided_at=decision.created_at,
            reason=_text(data.get("reason")),
            vehicle_model=models.get(lead.vehicle_model_id) if lead.vehicle_model_id else None,
            competitor_brand=_text(data.get("competitor_brand")),
            competitor_model=_text(data.get("competitor_model")),
            consultant=users.get(owner) if owner is not None else None,
            stage=_text(data.get("stage")) or lead.stage,
        )
        for decision, lead, data, owner in found
    ]


def _text(value: object) -> str | None:
    return str(value) if value is not None and value != "" else None
