"""Every figure of every report, defined once. Each metric is a grouped
COUNT over indexed columns for the stores of one timezone and a period of
their local days (local midnight to local midnight), split by store and by
the responsible person; metrics over the same rows and period (the lead
intake counts; the follow-up counts) are counted in one pass.

| metric | counts | when | person |
|---|---|---|---|
| new_leads | leads taken in | lead created | owner |
| contacts | follow-ups by a person | happened | who followed up |
| prospecting | leads from prospecting (market development) | lead created | owner |
| showroom_visits | follow-ups in the showroom | happened | who followed up |
| revisits | showroom visits after the lead's first visit | happened | who followed up |
| test_drives | test drives done | completed | consultant |
| orders | orders signed (= sold) | signed | consultant |
| deliveries | orders delivered | delivered | consultant |
| cancellations | orders cancelled | cancelled | consultant |
| lost | leads closed as lost | closed | owner |
| on_time_follow_ups | follow-ups made by the time the lead was due | happened | who followed up |

Derived figures: cadence compliance = on_time_follow_ups / contacts; median
minutes to first contact over the leads taken in during the period (see
`first_contact_minutes`). SLA met % of OEM leads is in `saas.oem.compliance`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import F, Q, Subquery
from tortoise.functions import Count, Min
from tortoise.queryset import QuerySet

from saas.crm.repository import (
    FollowUpRepository,
    LeadRepository,
    OrderRepository,
    TestDriveRepository,
)
from saas.crm.vocabulary import (
    FollowUpChannel,
    LeadStatus,
    OrderStatus,
    SourceChannel,
    TestDriveStatus,
)
from saas.models import Store

METRICS = (
    "new_leads",
    "contacts",
    "prospecting",
    "showroom_visits",
    "revisits",
    "test_drives",
    "orders",
    "deliveries",
    "cancellations",
    "lost",
    "on_time_follow_ups",
)


@dataclass(frozen=True)
class Window:
    """[start, end) in UTC for local days [first, last_exclusive) of a store."""

    start: datetime
    end: datetime


def local_window(store: Store, first: date, last_exclusive: date) -> Window:
    zone = ZoneInfo(store.timezone)
    return Window(
        datetime.combine(first, time(), zone), datetime.combine(last_exclusive, time(), zone)
    )


# (store id, person id or None = nobody) -> count
Counts = dict[tuple[int, int | None], int]


async def _grouped(qs: QuerySet, person: str) -> Counts:  # type: ignore[type-arg]
    rows = await (
        qs.annotate(n=Count("id")).group_by("store_id", person).values_list("store_id", person, "n")
    )
    return {(store_id, person_id): n for store_id, person_id, n in rows}


async def _grouped_many(
    qs: QuerySet,  # type: ignore[type-arg]
    person: str,
    metrics: dict[str, Q | None],
) -> dict[str, Counts]:
    """Several counts over the same rows in one pass: each metric counts the
    rows its condition holds for (None: every row)."""
    counts = {
        f"n{i}": Count("id", _filter=condition) if condition is not None else Count("id")
        for i, condition in enumerate(metrics.values())
    }
    rows = await (
        qs.annotate(**counts).group_by("store_id", person).values_list("store_id", person, *counts)
    )
    found: dict[str, Counts] = {metric: {} for metric in metrics}
    for store_id, person_id, *numbers in rows:
        for metric, n in zip(metrics, numbers, strict=True):
            if n:
                found[metric][(store_id, person_id)] = n
    return found


async def _revisits(tenant_id: int, store_ids: list[int], w: Window) -> Counts:
    repo = FollowUpRepository(tenant_id)
    rows = await repo.revisits(store_ids, w.start, w.end)
    if rows is not None:
        return {(store_id, person_id): n for store_id, person_id, n in rows}
    # A lead's first visit may have been at another store (a transferred lead).
    visits = repo.query().filter(channel=FollowUpChannel.SHOWROOM_VISIT.value)
    in_period = visits.filter(
        store_id__in=store_ids, happened_at__gte=w.start, happened_at__lt=w.end
    )
    firsts = await (
        visits.filter(lead_id__in=Subquery(in_period.values("lead_id")))
        .annotate(first=Min("id"))
        .group_by("lead_id")
        .values_list("first", flat=True)
    )
    return await _grouped(in_period.exclude(id__in=list(firsts)), "user_id")


def _counters(
    tenant_id: int, store_ids: list[int], w: Window
) -> list[Callable[[], Awaitable[dict[str, Counts]]]]:
    """The metrics' queries: those over the same rows and period share one."""
    t = tenant_id
    leads = LeadRepository(t).query().filter(store_id__in=store_ids)
    follow_ups = FollowUpRepository(t).query().filter(store_id__in=store_ids)
    orders = OrderRepository(t).query().filter(store_id__in=store_ids)
    drives = TestDriveRepository(t).query().filter(store_id__in=store_ids)
    between = {"gte": w.start, "lt": w.end}

    def period(column: str) -> dict[str, datetime]:
        return {f"{column}__{op}": value for op, value in between.items()}

    def one(metric: str, count: Callable[[], Awaitable[Counts]]) -> Any:
        async def run() -> dict[str, Counts]:
            return {metric: await count()}

        return run

    return [
        lambda: _grouped_many(
            leads.filter(**period("created_at")),
            "owner_id",
            {
                "new_leads": None,
                "prospecting": Q(source_channel=SourceChannel.PROSPECTING.value),
            },
        ),
        lambda: _grouped_many(
            follow_ups.filter(**period("happened_at")),
            "user_id",
            {
                "contacts": None,
                "showroom_visits": Q(channel=FollowUpChannel.SHOWROOM_VISIT.value),
                "on_time_follow_ups": Q(due_at_before__gte=F("happened_at")),
            },
        ),
        one("revisits", lambda: _revisits(t, store_ids, w)),
        one(
            "test_drives",
            lambda: _grouped(
                drives.filter(status=TestDriveStatus.DONE.value, **period("completed_at")),
                "consultant_id",
            ),
        ),
        one("orders", lambda: _grouped(orders.filter(**period("signed_at")), "consultant_id")),
        one(
            "deliveries",
            lambda: _grouped(
                orders.filter(status=OrderStatus.DELIVERED.value, **period("delivered_at")),
                "consultant_id",
            ),
        ),
        one(
            "cancellations",
            lambda: _grouped(
                orders.filter(status=OrderStatus.CANCELLED.value, **period("cancelled_at")),
                "consultant_id",
            ),
        ),
        one(
            "lost",
            lambda: _grouped(
                leads.filter(status=LeadStatus.LOST.value, **period("closed_at")), "owner_id"
            ),
        ),
    ]


@dataclass
class StoreFigures:
    store: Store
    by_person: dict[int | None, dict[str, int]]

    def total(self, metric: str) -> int:
        return sum(figures.get(metric, 0) for figures in self.by_person.values())


async def store_figures(store: Store, first: date, last_exclusive: date) -> StoreFigures:
    """All metrics of one store for local days [first, last_exclusive)."""
    return (await stores_figures([store], first, last_exclusive))[store.id]


async def stores_figures(
    stores: list[Store], first: date, last_exclusive: date
) -> dict[int, StoreFigures]:
    """All metrics of several stores of one tenant: one grouped query per
    metric for all stores that share a timezone (and so a local window),
    instead of one per metric and store."""
    by_zone: dict[str, list[Store]] = defaultdict(list)
    for store in stores:
        by_zone[store.timezone].append(store)
    by_person: dict[int, dict[int | None, dict[str, int]]] = {
        s.id: defaultdict(dict) for s in stores
    }
    for members in by_zone.values():
        window = local_window(members[0], first, last_exclusive)
        ids = [s.id for s in members]
        for counts in _counters(members[0].tenant_id, ids, window):
            for metric, found in (await counts()).items():
                for (store_id, person), n in found.items():
                    by_person[store_id][person][metric] = n
    return {s.id: StoreFigures(s, dict(by_person[s.id])) for s in stores}


def cadence_compliance(figures: dict[str, int]) -> float | None:
    contacts = figures.get("contacts", 0)
    return round(100 * figures.get("on_time_follow_ups", 0) / contacts, 1) if contacts else None


async def first_contact_minutes(store: Store, first: date, last_exclusive: date) -> float | None:
    """Median minutes from a lead's arrival to its first follow-up, over the
    leads taken in during the period that have been contacted."""
    window = local_window(store, first, last_exclusive)
    rows = (
        await LeadRepository(store.tenant_id)
        .query()
        .filter(
            store_id=store.id,
            created_at__gte=window.start,
            created_at__lt=window.end,
            first_follow_up_at__isnull=False,
        )
        .values_list("created_at", "first_follow_up_at")
    )
    minutes = [(contact - created).total_seconds() / 60 for created, contact in rows]
    return round(median(minutes), 1) if minutes else None
