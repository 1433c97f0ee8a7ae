"""Targets and the reports built on the metrics of `saas.reports.metrics`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from statistics import median

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count

from saas.crm.access import store_for, tenant_of
from saas.crm.cards import CardsLate, cards_late
from saas.crm.messages import VisitsThanked, visits_thanked
from saas.crm.repository import CustomerRepository, LeadRepository, TestDriveRepository
from saas.crm.vocabulary import FunnelStage, LeadStatus, PurchasePotential, TestDriveStatus
from saas.errors import FieldProblem, ValidationFailed
from saas.identity.service import store_staff, users_by_ids
from saas.models import Lead, SalesTarget, Store, User
from saas.org.repository import StoreRepository
from saas.org.settings import load_group_settings
from saas.reports.metrics import (
    METRICS,
    cadence_compliance,
    first_contact_minutes,
    local_window,
    store_figures,
    stores_figures,
)
from saas.reports.repository import SalesTargetRepository
from saas.tenancy.actor import Actor
from saas.tenancy.rls import on_reports_replica
from saas.tenancy.roles import Role
from saas.validation import check_report_period

TARGETS = ("contacts", "prospecting", "revisits", "test_drives", "sold")
# The metric each target is measured by.
TARGET_METRIC = {
    "contacts": "contacts",
    "prospecting": "prospecting",
    "revisits": "revisits",
    "test_drives": "test_drives",
    "sold": "orders",
}


def _month(value: date) -> date:
    return value.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


async def set_target(
    actor: Actor, store_id: int, user_id: int | None, month: date, values: dict[str, int]
) -> SalesTarget:
    """Set a consultant's monthly targets (or, without a user, the store's own)."""
    store = await store_for(actor, store_id, "target", "set", field="store_id")
    problems = [
        FieldProblem((name,), "must be zero or more") for name, value in values.items() if value < 0
    ]
    if user_id is not None:
        staff = await store_staff(
            store.tenant_id, store.id, (Role.CONSULTANT, Role.SALES_MANAGER, Role.SHOWROOM_MANAGER)
        )
        if user_id not in staff:
            problems.append(FieldProblem(("user_id",), "must be an active seller of the store"))
    if problems:
        raise ValidationFailed(problems)
    repo = SalesTargetRepository(store.tenant_id)
    month = _month(month)
    existing = await repo.query().filter(store_id=store.id, user_id=user_id, month=month).first()
    if existing is None:
        return await repo.create(
            store_id=store.id, user_id=user_id, month=month, set_by_id=actor.user_id, **values
        )
    return await repo.update(existing, set_by_id=actor.user_id, **values)


@dataclass
class PersonRow:
    user: User | None
    figures: dict[str, int]


@dataclass
class DailyReport:
    store: Store
    day: date
    rows: list[PersonRow]
    totals: dict[str, int]
    cadence_compliance_percent: float | None = None
    median_minutes_to_first_contact: float | None = None
    visits_thanked: VisitsThanked = field(default_factory=lambda: VisitsThanked(0, 0))
    cards_late: CardsLate = field(default_factory=lambda: CardsLate(0, 0))


async def _report_store(actor: Actor, store_id: int) -> Store:
    tenant_of(actor)
    return await store_for(actor, store_id, "report", "read", field="storeId")


@on_reports_replica
async def daily_report(actor: Actor, store_id: int, day: date) -> DailyReport:
    """Every metric for one local day of a store, per person and in total."""
    store = await _report_store(actor, store_id)
    figures = await store_figures(store, day, date.fromordinal(day.toordinal() + 1))
    users = await users_by_ids(store.tenant_id, [p for p in figures.by_person if p is not None])
    rows = [
        PersonRow(
            users.get(person) if person is not None else None, {m: f.get(m, 0) for m in METRICS}
        )
        for person, f in sorted(
            figures.by_person.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)
        )
    ]
    totals = {m: figures.total(m) for m in METRICS}
    next_day = date.fromordinal(day.toordinal() + 1)
    window = local_window(store, day, next_day)
    return DailyReport(
        store,
        day,
        rows,
        totals,
        cadence_compliance(totals),
        await first_contact_minutes(store, day, next_day),
        await visits_thanked(
            store.tenant_id,
            store.id,
            window.start,
            window.end,
            timedelta(hours=(await load_group_settings(store.tenant_id)).thank_you.within_hours),
        ),
        # Today's report counts the cards late so far, not those late by midnight.
        await cards_late(store.tenant_id, store.id, min(window.end, datetime.now(UTC))),
    )


@dataclass
class Achievement:
    target: str
    goal: int
    actual: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.actual / self.goal, 1) if self.goal else None


@dataclass
class TargetRow:
    user: User | None  # None: the store
    achievements: list[Achievement] = field(default_factory=list)


@on_reports_replica
async def target_achievement(
    actor: Actor, store_id: int, month: date
) -> tuple[str, date, list[TargetRow]]:
    """Actual vs target for a month, per consultant with a target and for the
    store (its explicit target, else the sum of its consultants')."""
    store = await _report_store(actor, store_id)
    month = _month(month)
    figures = await store_figures(store, month, _next_month(month))
    targets = (
        await SalesTargetRepository(store.tenant_id).query().filter(store_id=store.id, month=month)
    )
    people = [t for t in targets if t.user_id is not None]
    explicit = next((t for t in targets if t.user_id is None), None)
    users = await users_by_ids(store.tenant_id, [t.user_id for t in people])
    rows = []
    for target in sorted(people, key=lambda t: t.user_id or 0):
        actual = figures.by_person.get(target.user_id, {})
        rows.append(
            TargetRow(
                users.get(target.user_id),
                [
                    Achievement(name, getattr(target, name), actual.get(TARGET_METRIC[name], 0))
                    for name in TARGETS
                ],
            )
        )
    store_goal = {
        name: getattr(explicit, name) if explicit else sum(getattr(t, name) for t in people)
        for name in TARGETS
    }
    rows.append(
        TargetRow(
            None,
            [
                Achievement(name, store_goal[name], figures.total(TARGET_METRIC[name]))
                for name in TARGETS
            ],
        )
    )
    return store.code, month, rows


# -- funnel, H-list, comparisons ---------------------------------------------------------


def check_period(first: date, last_exclusive: date) -> None:
    """Raises ValidationFailed at `to` for a period no report covers."""
    problem = check_report_period("to", first, last_exclusive)
    if problem:
        raise ValidationFailed([problem])


@dataclass
class FunnelStep:
    stage: str
    reached: int  # leads of the period that reached this stage (or went further)
    conversion_percent: float | None  # from the previous stage
    worst: bool = False


@on_reports_replica
async def funnel(
    actor: Actor, store_id: int, first: date, last_exclusive: date
) -> list[FunnelStep]:
    """Leads taken in during the period, by the furthest stage they reached,
    with stage-to-stage conversion and the weakest step flagged."""
    check_period(first, last_exclusive)
    store = await _report_store(actor, store_id)
    window = local_window(store, first, last_exclusive)
    at_stage = dict(
        await LeadRepository(store.tenant_id)
        .query()
        .filter(store_id=store.id, created_at__gte=window.start, created_at__lt=window.end)
        .annotate(n=Count("id"))
        .group_by("stage")
        .values_list("stage", "n")
    )
    stages = list(FunnelStage)
    steps: list[FunnelStep] = []
    for i, stage in enumerate(stages):
        reached = sum(at_stage.get(s.value, 0) for s in stages[i:])
        previous = steps[-1].reached if steps else None
        conversion = round(100 * reached / previous, 1) if previous else None
        steps.append(FunnelStep(stage.value, reached, conversion))
    rated = [s for s in steps[1:] if s.conversion_percent is not None]
    if rated:
        min(rated, key=lambda s: s.conversion_percent or 0).worst = True
    return steps


async def h_list(actor: Actor, store_id: int) -> dict[int | None, list[Lead]]:
    """The leads most likely to order next week: open H leads, and open A leads
    with a test drive done; per owner, soonest due first."""
    store = await _report_store(actor, store_id)
    driven = (
        TestDriveRepository(store.tenant_id)
        .query()
        .filter(store_id=store.id, status=TestDriveStatus.DONE.value)
    )
    leads = await (
        LeadRepository(store.tenant_id)
        .query()
        .filter(store_id=store.id, status=LeadStatus.OPEN.value)
        .filter(
            Q(intent_grade="H") | Q(intent_grade="A", id__in=Subquery(driven.values("lead_id")))
        )
        .order_by("due_at", "id")
    )
    by_owner: dict[int | None, list[Lead]] = {}
    for lead in leads:
        by_owner.setdefault(lead.owner_id, []).append(lead)
    return by_owner


@dataclass
class PeriodComparison:
    current: dict[str, int]
    previous: dict[str, int]
    last_year: dict[str, int]


@on_reports_replica
async def period_comparison(
    actor: Actor, store_id: int, first: date, last_exclusive: date
) -> PeriodComparison:
    """This period, the period of the same length before it, and the same dates a year earlier."""
    check_period(first, last_exclusive)
    store = await _report_store(actor, store_id)
    length = last_exclusive - first

    def year_before(d: date) -> date:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:  # 29 February
            return d.replace(year=d.year - 1, day=28)

    async def totals(a: date, b: date) -> dict[str, int]:
        figures = await store_figures(store, a, b)
        return {m: figures.total(m) for m in METRICS}

    return PeriodComparison(
        current=await totals(first, last_exclusive),
        previous=await totals(first - length, first),
        last_year=await totals(year_before(first), year_before(last_exclusive)),
    )


@dataclass
class StoreColumn:
    store: Store
    figures: dict[str, int]
    ranks: dict[str, int]


@dataclass
class StoreComparison:
    stores: list[StoreColumn]
    median: dict[str, float]


@on_reports_replica
async def store_comparison(actor: Actor, first: date, last_exclusive: date) -> StoreComparison:
    """Every store of the group the actor may report on, side by side: each
    metric with its rank (1 = most) and the group median."""
    check_period(first, last_exclusive)
    tenant_id = tenant_of(actor)
    visible = actor.store_ids_with("report", "read")
    repo = StoreRepository(tenant_id, visible)
    stores = list(await repo.query().filter(is_active=True).order_by("code"))
    figures = await stores_figures(stores, first, last_exclusive)
    columns = [StoreColumn(s, {m: figures[s.id].total(m) for m in METRICS}, {}) for s in stores]
    for metric in METRICS:
        ordered = sorted({c.figures[metric] for c in columns}, reverse=True)
        for column in columns:
            column.ranks[metric] = ordered.index(column.figures[metric]) + 1
    medians = {m: float(median(c.figures[m] for c in columns)) if columns else 0.0 for m in METRICS}
    return StoreComparison(columns, medians)


@dataclass
class TierPotential:
    """Live customers of one value tier (None: not classified yet) by purchase
    potential (None: not judged), and how many have a credit rating."""

    value_tier: str | None
    potential: dict[str | None, int]
    credit_rated: int

    @property
    def customers(self) -> int:
        return sum(self.potential.values())


VALUE_TIERS = ("A", "B", "C", None)


@on_reports_replica
async def tier_potential(actor: Actor, store_id: int) -> list[TierPotential]:
    """A store's live customers per value tier, counted by purchase potential
    (a row for every tier, even an empty one)."""
    store = await _report_store(actor, store_id)
    live = (
        CustomerRepository(store.tenant_id)
        .query()
        .filter(store_id=store.id, merged_into_id__isnull=True)
    )
    counts = await (
        live.annotate(n=Count("id"))
        .group_by("value_tier", "purchase_potential")
        .values_list("value_tier", "purchase_potential", "n")
    )
    rated = dict(
        await live.filter(credit_rating__isnull=False)
        .annotate(n=Count("id"))
        .group_by("value_tier")
        .values_list("value_tier", "n")
    )
    rows = {
        tier: TierPotential(
            tier, {p: 0 for p in (*(p.value for p in PurchasePotential), None)}, rated.get(tier, 0)
        )
        for tier in VALUE_TIERS
    }
    for tier, potential, n in counts:
        row = rows.get(tier)
        if row is not None and potential in row.potential:
            row.potential[potential] += n
    return list(rows.values())
