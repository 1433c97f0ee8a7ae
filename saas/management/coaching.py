"""Consultants' personal success plans. Each week the showroom manager holds a
one-to-one with at least one consultant whose lead management is weak and
writes the consultant's personal success plan with them: goals, actions with
due dates, a review date. The product proposes whom (the store's consultants
ranked weakest first by the week's cadence compliance and target
achievement, with the figures and why), freezes the figures that prompted
the plan into it, tracks its actions and reviews, and flags a week in which
the store held no one-to-one at all.

The figures are the reports' own (`saas.reports.metrics`): cadence
compliance is the daily report's (follow-ups made by the time the lead was
due, of the follow-ups made), and target achievement measures the week's
actuals against the week's share of the monthly targets."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.functions import Count
from tortoise.queryset import QuerySet

from saas.crm.access import store_for, tenant_of
from saas.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from saas.identity.service import staff_of_stores, store_staff
from saas.management.coaching_repository import SuccessPlanRepository
from saas.models import SalesTarget, Store, SuccessPlan, User
from saas.notify.service import Message, notify
from saas.org.repository import StoreRepository
from saas.query import where
from saas.reports.metrics import cadence_compliance, store_figures
from saas.reports.repository import SalesTargetRepository
from saas.reports.service import TARGET_METRIC, TARGETS
from saas.tenancy.actor import Actor, row_scope
from saas.tenancy.roles import Role

MAX_GOALS = 5
MAX_ACTIONS = 10
MAX_TEXT = 300
MAX_OUTCOME = 1000
# A plan's actions and reviews lie within about a quarter of the one-to-one.
PLAN_HORIZON = timedelta(days=92)
# A plan is reviewed two weeks after the one-to-one unless the manager says otherwise.
REVIEW_AFTER = timedelta(days=14)
# A one-to-one is recorded within two weeks of being held.
RECORD_WITHIN = timedelta(days=14)
CLOCK_SKEW = timedelta(minutes=5)
MAX_WEEKS = 53
WEEKS_SHOWN = 8

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


# -- ISO weeks in a store's calendar ------------------------------------------------------


def week_of(day: date) -> str:
    """The ISO week of a date: "2026-W49"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str, path: str) -> date:
    """The Monday of an ISO week given as "2026-W49"; a validation error at
    `path` for anything else."""
    match = _WEEK.fullmatch(week.strip())
    if match is not None:
        try:
            return date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
    raise ValidationFailed.one(path, f"{week!r} is not an ISO week: write it as 2026-W49")


def local_today(store: Store, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(store.timezone)).date()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# -- the week's figures of the store's consultants -----------------------------------------


@dataclass(frozen=True)
class WeekTarget:
    """One monthly target against the week: its goal is the week's share of the
    month's (days of the week in the month / days of the month)."""

    target: str
    goal: float
    actual: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.actual / self.goal, 1) if self.goal else None


@dataclass(frozen=True)
class CoachingFigures:
    """A consultant's lead management in one week, and why it is weak."""

    week: str
    follow_ups: int
    on_time_follow_ups: int
    cadence_compliance_percent: float | None
    target_achievement_percent: float | None
    targets: list[WeekTarget]
    reasons: list[str] = field(default_factory=list)
    rank: int = 0  # weakest first among the store's consultants
    ranked_of: int = 0

    @property
    def weakness(self) -> tuple[float, float, float]:
        """Lower is weaker: the lower of the two percentages (a week without
        any follow-up has none on time), then cadence, then targets."""
        cadence = self.cadence_compliance_percent or 0.0
        achievement = self.target_achievement_percent
        lower = cadence if achievement is None else min(cadence, achievement)
        return lower, cadence, 100.0 if achievement is None else achievement

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "follow_ups": self.follow_ups,
            "on_time_follow_ups": self.on_time_follow_ups,
            "cadence_compliance_percent": self.cadence_compliance_percent,
            "target_achievement_percent": self.target_achievement_percent,
            "targets": [
                {"target": t.target, "goal": t.goal, "actual": t.actual} for t in self.targets
            ],
            "reasons": list(self.reasons),
            "rank": self.rank,
            "ranked_of": self.ranked_of,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CoachingFigures:
        return cls(
            week=str(data.get("week", "")),
            follow_ups=int(data.get("follow_ups", 0)),
            on_time_follow_ups=int(data.get("on_time_follow_ups", 0)),
            cadence_compliance_percent=data.get("cadence_compliance_percent"),
            target_achievement_percent=data.get("target_achievement_percent"),
            targets=[
                WeekTarget(str(t["target"]), float(t["goal"]), int(t["actual"]))
                for t in data.get("targets", [])
            ],
            reasons=[str(r) for r in data.get("reasons", [])],
            rank=int(data.get("rank", 0)),
            ranked_of=int(data.get("ranked_of", 0)),
        )


def _target_label(target: str) -> str:
    return target.replace("_", " ")


def _reasons(f: CoachingFigures) -> list[str]:
    """Why the consultant is proposed, the weaker figure first."""
    if f.follow_ups == 0:
        cadence = "no follow-up logged in the week"
    else:
        cadence = (
            f"cadence compliance {f.cadence_compliance_percent}%: {f.on_time_follow_ups} of "
            f"{f.follow_ups} follow-ups made by the time the lead was due"
        )
    with_goal = [t for t in f.targets if t.goal]
    if not with_goal:
        return [cadence, "no monthly target set"]
    worst = min(with_goal, key=lambda t: (t.percent or 0.0, t.target))
    targets = (
        f"target achievement {f.target_achievement_percent}% of the week's share of the "
        f"monthly targets; weakest: {_target_label(worst.target)}, {worst.actual} of "
        f"{worst.goal:g}"
    )
    cadence_value = f.cadence_compliance_percent or 0.0
    achievement = f.target_achievement_percent or 0.0
    return [cadence, targets] if cadence_value <= achievement else [targets, cadence]


def _week_goals(targets: Sequence[SalesTarget], monday: date) -> dict[int | None, dict[str, float]]:
    """Each person's goals for the week: every day of the week adds its month's
    goal divided by the days of that month."""
    by_person_month = {(t.user_id, t.month): t for t in targets}
    goals: dict[int | None, dict[str, float]] = {}
    for user_id in {t.user_id for t in targets}:
        sums = dict.fromkeys(TARGETS, 0.0)
        for offset in range(7):
            day = monday + timedelta(days=offset)
            target = by_person_month.get((user_id, day.replace(day=1)))
            if target is None:
                continue
            days = calendar.monthrange(day.year, day.month)[1]
            for name in TARGETS:
                sums[name] += getattr(target, name) / days
        goals[user_id] = {name: round(value, 1) for name, value in sums.items()}
    return goals


async def week_figures(
    store: Store, monday: date, consultant_ids: Sequence[int]
) -> dict[int, CoachingFigures]:
    """The week's figures of each consultant, ranked weakest first, with why."""
    sunday = monday + timedelta(days=6)
    figures = await store_figures(store, monday, monday + timedelta(days=7))
    months = sorted({monday.replace(day=1), sunday.replace(day=1)})
    targets = (
        await SalesTargetRepository(store.tenant_id)
        .query()
        .filter(store_id=store.id, user_id__in=list(consultant_ids), month__in=months)
    )
    goals = _week_goals(targets, monday)
    found: list[tuple[int, CoachingFigures]] = []
    for consultant_id in consultant_ids:
        actual = figures.by_person.get(consultant_id, {})
        week_targets = [
            WeekTarget(name, goal, actual.get(TARGET_METRIC[name], 0))
            for name, goal in goals.get(consultant_id, {}).items()
            if goal
        ]
        percents = [t.percent for t in week_targets if t.percent is not None]
        f = CoachingFigures(
            week=week_of(monday),
            follow_ups=actual.get("contacts", 0),
            on_time_follow_ups=actual.get("on_time_follow_ups", 0),
            cadence_compliance_percent=cadence_compliance(actual),
            # Each target counts up to its goal: a week of many test drives
            # does not hide one without a single contact.
            target_achievement_percent=round(
                sum(min(p, 100.0) for p in percents) / len(percents), 1
            )
            if percents
            else None,
            targets=week_targets,
        )
        found.append((consultant_id, f))
    found.sort(key=lambda item: (item[1].weakness, item[0]))
    return {
        consultant_id: replace(f, reasons=_reasons(f), rank=rank, ranked_of=len(found))
        for rank, (consultant_id, f) in enumerate(found, start=1)
    }


@dataclass(frozen=True)
class Candidate:
    consultant: User
    figures: CoachingFigures
    # The consultant's latest plan of the store, if any.
    last_plan: SuccessPlan | None


async def _consultants(store: Store) -> dict[int, User]:
    staff = await store_staff(store.tenant_id, store.id, (Role.CONSULTANT,))
    return {user_id: user for user_id, (user, _) in staff.items()}


def _last_week(store: Store, now: datetime | None) -> date:
    return _monday(local_today(store, now)) - timedelta(days=7)


async def coaching_candidates(
    actor: Actor, store_id: int, week: str | None = None, *, now: datetime | None = None
) -> tuple[Store, str, list[Candidate]]:
    """The store's consultants ranked weakest first by the week's figures (by
    default the last complete week), each with the figures, why, and the
    latest plan written for it."""
    tenant_of(actor)
    store = await store_for(actor, store_id, "coaching", "read", field="storeId")
    monday = _last_week(store, now) if week is None else week_start(week, "week")
    if monday > _monday(local_today(store, now)):
        raise ValidationFailed.one("week", "the week has not begun yet")
    consultants = await _consultants(store)
    figures = await week_figures(store, monday, sorted(consultants))
    plans = (
        await SuccessPlanRepository(store.tenant_id)
        .query()
        .filter(store_id=store.id, consultant_id__in=list(consultants))
        .order_by("week_start", "id")
    )
    last = {plan.consultant_id: plan for plan in plans}
    candidates = [
        Candidate(consultants[consultant_id], f, last.get(consultant_id))
        for consultant_id, f in sorted(figures.items(), key=lambda kv: kv[1].rank)
    ]
    return store, week_of(monday), candidates


# -- plans -------------------------------------------------------------------------------


class PlanStatus(StrEnum):
    ACTIVE = "active"  # written in the one-to-one; waiting for its review
    REVIEWED = "reviewed"  # reviewed, with a next review
    CLOSED = "closed"  # reviewed for the last time; nothing changes any more


class PlanClosed(Conflict):
    """A change asked of a closed plan."""

    def __init__(self, plan: SuccessPlan, step: str) -> None:
        self.status = PlanStatus(plan.status)
        super().__init__(f"cannot {step}: the plan is closed; hold a new one-to-one for a new plan")


@dataclass(frozen=True)
class NewAction:
    what: str
    due_on: date | None = None  # None: by the plan's review


def _read_scope(actor: Actor) -> SuccessPlanRepository:
    return SuccessPlanRepository.for_scope(row_scope(actor, "success_plan", "read"))


async def visible_plan(actor: Actor, plan_id: int) -> SuccessPlan:
    """A plan the actor may see: its own (a consultant) or its stores' (managers,
    group executives)."""
    plan = await _read_scope(actor).require(plan_id, "success plan")
    return plan


def _text_problems(path: str, value: str, limit: int, missing: str) -> list[FieldProblem]:
    if not value.strip():
        return [FieldProblem.at(path, missing)]
    if len(value.strip()) > limit:
        return [FieldProblem.at(path, f"at most {limit} characters")]
    return []


def _plan_problems(
    goals: Sequence[str], actions: Sequence[NewAction], review_on: date, held_on: date
) -> list[FieldProblem]:
    """What is wrong with a plan written on `held_on` (its actions' due dates given)."""
    problems: list[FieldProblem] = []
    if not goals:
        problems.append(FieldProblem.at("goals", "write at least one goal"))
    elif len(goals) > MAX_GOALS:
        problems.append(FieldProblem.at("goals", f"at most {MAX_GOALS} goals"))
    for i, goal in enumerate(goals[:MAX_GOALS]):
        problems += _text_problems(f"goals[{i}]", goal, MAX_TEXT, "write the goal")
    if not actions:
        problems.append(FieldProblem.at("actions", "plan at least one action"))
    elif len(actions) > MAX_ACTIONS:
        problems.append(FieldProblem.at("actions", f"at most {MAX_ACTIONS} actions"))
    for i, action in enumerate(actions[:MAX_ACTIONS]):
        problems += _text_problems(
            f"actions[{i}].what", action.what, MAX_TEXT, "say what the consultant will do"
        )
        if action.due_on is None:
            continue
        if action.due_on < held_on:
            problems.append(FieldProblem.at(f"actions[{i}].due_on", "is before the one-to-one"))
        elif action.due_on > held_on + PLAN_HORIZON:
            problems.append(
                FieldProblem.at(f"actions[{i}].due_on", "must lie within 92 days of the one-to-one")
            )
    if review_on <= held_on:
        problems.append(FieldProblem.at("review_on", "must be after the one-to-one"))
    elif review_on > held_on + PLAN_HORIZON:
        problems.append(FieldProblem.at("review_on", "must lie within 92 days of the one-to-one"))
    return problems


async def record_one_to_one(
    actor: Actor,
    store_id: int,
    consultant_id: int,
    goals: Sequence[str],
    actions: Sequence[NewAction],
    review_on: date | None = None,
    held_at: datetime | None = None,
    figures_week: str | None = None,
    *,
    now: datetime | None = None,
) -> SuccessPlan:
    """Record a one-to-one held with a consultant of the store and the personal
    success plan written in it, with the consultant's figures of
    `figures_week` (by default the week before the one-to-one's) frozen in.
    The review is two weeks after the one-to-one unless `review_on` says
    otherwise; an action without a due date is due by the review."""
    now = now or datetime.now(UTC)
    tenant_of(actor)
    store = await store_for(actor, store_id, "success_plan", "hold", field="store_id")
    held_at = held_at or now
    problems: list[FieldProblem] = []
    if held_at.tzinfo is None:
        raise ValidationFailed.one("held_at", "give the time with its UTC offset")
    if held_at > now + CLOCK_SKEW:
        problems.append(FieldProblem.at("held_at", "a one-to-one cannot be held in the future"))
    elif held_at < now - RECORD_WITHIN:
        problems.append(
            FieldProblem.at("held_at", "record a one-to-one within two weeks of holding it")
        )
    held_on = local_today(store, held_at)
    monday = _monday(held_on)
    about = monday - timedelta(days=7)
    if figures_week is not None:
        try:
            about = week_start(figures_week, "figures_week")
        except ValidationFailed as exc:
            problems += exc.problems
        else:
            if about > monday:
                problems.append(
                    FieldProblem.at("figures_week", "is after the week of the one-to-one")
                )
    consultants = await _consultants(store)
    if consultant_id not in consultants:
        problems.append(
            FieldProblem.at("consultant_id", "must be an active consultant of the store")
        )
    review_on = review_on or held_on + REVIEW_AFTER
    problems += _plan_problems(goals, actions, review_on, held_on)
    if problems:
        raise ValidationFailed(problems)
    repo = SuccessPlanRepository(store.tenant_id)
    if await repo.query().filter(consultant_id=consultant_id, week_start=monday).exists():
        raise Conflict(
            f"{consultants[consultant_id].name} already had a one-to-one in {week_of(monday)}: "
            "review that plan instead"
        )
    figures = (await week_figures(store, about, sorted(consultants)))[consultant_id]
    return await repo.create(
        store_id=store.id,
        consultant_id=consultant_id,
        manager_id=actor.user_id,
        week=week_of(monday),
        week_start=monday,
        held_at=held_at,
        figures=figures.to_json(),
        goals=[g.strip() for g in goals],
        actions=[
            {"what": a.what.strip(), "due_on": (a.due_on or review_on).isoformat(), "done_at": None}
            for a in actions
        ],
        review_on=review_on,
        status=PlanStatus.ACTIVE.value,
    )


async def _plan_to(actor: Actor, plan_id: int) -> SuccessPlan:
    """The plan, locked, if the actor may see it (the caller checks what it may do)."""
    plan = await visible_plan(actor, plan_id)
    return await SuccessPlanRepository(plan.tenant_id).query().select_for_update().get(id=plan.id)


def may_track(actor: Actor, plan: SuccessPlan) -> bool:
    """The consultant marks its own plan's actions done; the store's managers
    any plan's."""
    if actor.can("success_plan", "track_any", store_id=plan.store_id):
        return True
    return (
        actor.can("success_plan", "track", store_id=plan.store_id)
        and plan.consultant_id == actor.user_id
    )


async def complete_action(
    actor: Actor, plan_id: int, action_number: int, *, now: datetime | None = None
) -> SuccessPlan:
    """Mark one action of a plan done (numbered from 1, as listed)."""
    now = now or datetime.now(UTC)
    plan = await _plan_to(actor, plan_id)
    if not may_track(actor, plan):
        raise Forbidden("only the plan's consultant or a manager of its store marks actions done")
    if plan.status == PlanStatus.CLOSED:
        raise PlanClosed(plan, "mark an action done")
    if not 1 <= action_number <= len(plan.actions):
        raise ValidationFailed.one(
            "action_number", f"the plan has actions 1 to {len(plan.actions)}"
        )
    action = plan.actions[action_number - 1]
    if action.get("done_at"):
        raise Conflict(f"action {action_number} was already marked done at {action['done_at']}")
    actions = [dict(a) for a in plan.actions]
    actions[action_number - 1] |= {"done_at": now.isoformat(), "done_by_id": actor.user_id}
    return await SuccessPlanRepository(plan.tenant_id).update(
        plan, actions=actions, version=plan.version + 1
    )


async def review_plan(
    actor: Actor,
    plan_id: int,
    outcome: str,
    next_review_on: date | None = None,
    close: bool = False,
    *,
    now: datetime | None = None,
) -> SuccessPlan:
    """Review a plan with the consultant: what came of it, and either the next
    review or the plan closed."""
    now = now or datetime.now(UTC)
    plan = await _plan_to(actor, plan_id)
    if not actor.can("success_plan", "review", store_id=plan.store_id):
        raise Forbidden("you need success_plan:review in the plan's store")
    if plan.status == PlanStatus.CLOSED:
        raise PlanClosed(plan, "review it")
    store = await store_for(actor, plan.store_id, "success_plan", "review")
    today = local_today(store, now)
    problems = _text_problems("outcome", outcome, MAX_OUTCOME, "say what came of the plan")
    if close and next_review_on is not None:
        problems.append(FieldProblem.at("next_review_on", "a closed plan has no next review"))
    elif not close and next_review_on is None:
        problems.append(
            FieldProblem.at("next_review_on", "plan the next review, or close the plan")
        )
    elif next_review_on is not None and next_review_on <= today:
        problems.append(FieldProblem.at("next_review_on", "must be after today"))
    elif next_review_on is not None and next_review_on > today + PLAN_HORIZON:
        problems.append(FieldProblem.at("next_review_on", "must lie within 92 days"))
    if problems:
        raise ValidationFailed(problems)
    return await SuccessPlanRepository(plan.tenant_id).update(
        plan,
        status=(PlanStatus.CLOSED if close else PlanStatus.REVIEWED).value,
        outcome=outcome.strip(),
        review_on=plan.review_on if next_review_on is None else next_review_on,
        reviewed_at=now,
        reviewed_by_id=actor.user_id,
        reviews=plan.reviews + 1,
        version=plan.version + 1,
    )


@dataclass(frozen=True)
class PlanFilter:
    store_id: int | None = None
    consultant_id: int | None = None
    status: PlanStatus | None = None
    week: str | None = None  # an ISO week, "2026-W49"


def plans_visible_to(actor: Actor, f: PlanFilter) -> QuerySet[SuccessPlan]:
    """The plans the actor may see (a consultant its own), narrowed by `f`
    (a week that is no ISO week is refused at the list's `filter.week`)."""
    monday = None if f.week is None else week_start(f.week, "filter.week")
    return where(
        _read_scope(actor).query(),
        store_id=f.store_id,
        consultant_id=f.consultant_id,
        week_start=monday,
        status=f.status,
    )


# -- weeks without a one-to-one ------------------------------------------------------------


@dataclass(frozen=True)
class CoachingWeek:
    week: str
    starts_on: date
    one_to_ones: int

    @property
    def missing(self) -> bool:
        return self.one_to_ones == 0


async def coaching_weeks(
    actor: Actor,
    store_id: int,
    from_week: str | None = None,
    to_week: str | None = None,
    *,
    now: datetime | None = None,
) -> tuple[Store, list[CoachingWeek]]:
    """The store's one-to-ones per week from `from_week` to `to_week` (by default
    the eight weeks up to the current one); weeks after the current one are
    left out, as nobody can have missed them yet."""
    tenant_of(actor)
    store = await store_for(actor, store_id, "coaching", "read", field="storeId")
    current = _monday(local_today(store, now))
    problems: list[FieldProblem] = []
    last, first = current, current - timedelta(weeks=WEEKS_SHOWN - 1)
    try:
        if to_week is not None:
            last = week_start(to_week, "toWeek")
            first = last - timedelta(weeks=WEEKS_SHOWN - 1)
    except ValidationFailed as exc:
        problems += exc.problems
    try:
        if from_week is not None:
            first = week_start(from_week, "fromWeek")
    except ValidationFailed as exc:
        problems += exc.problems
    if not problems and first > last:
        problems.append(FieldProblem.at("fromWeek", "is after toWeek"))
    elif not problems and first > current:
        problems.append(FieldProblem.at("fromWeek", "the week has not begun yet"))
    last = min(last, current)
    if not problems and (last - first).days // 7 + 1 > MAX_WEEKS:
        problems.append(FieldProblem.at("fromWeek", f"ask for at most {MAX_WEEKS} weeks"))
    if problems:
        raise ValidationFailed(problems)
    rows = (
        await SuccessPlanRepository(store.tenant_id)
        .query()
        .filter(store_id=store.id, week_start__gte=first, week_start__lte=last)
        .annotate(n=Count("id"))
        .group_by("week_start")
        .values_list("week_start", "n")
    )
    # SQLite answers a grouped date as text.
    counts = {day if isinstance(day, date) else date.fromisoformat(str(day)): n for day, n in rows}
    weeks = []
    monday = first
    while monday <= last:
        weeks.append(CoachingWeek(week_of(monday), monday, int(counts.get(monday, 0))))
        monday += timedelta(days=7)
    return store, weeks


async def notify_weeks_without_one_to_one(tenant_id: int, now: datetime) -> list[int]:
    """Each active store with consultants whose last complete week (in its own
    calendar) had no one-to-one: its showroom managers hear of it, once per
    store and week (the notification's key), however often this runs.
    Returns the stores flagged this time or before."""
    stores = await StoreRepository(tenant_id).query().filter(is_active=True)
    weeks = {store.id: _last_week(store, now) for store in stores}
    held = set(
        await SuccessPlanRepository(tenant_id)
        .query()
        .filter(week_start__in=sorted(set(weeks.values())))
        .values_list("store_id", "week_start")
    )
    # SQLite answers a date as text.
    held = {(s, d if isinstance(d, date) else date.fromisoformat(str(d))) for s, d in held}
    staff = await staff_of_stores(tenant_id, set(weeks), (Role.CONSULTANT, Role.SHOWROOM_MANAGER))
    flagged: list[int] = []
    messages: list[Message] = []
    for store in stores:
        monday = weeks[store.id]
        people = staff.get(store.id, {})
        # A store opened after the week began had no week to miss.
        if (store.id, monday) in held or store.created_at.date() > monday:
            continue
        if not any(Role.CONSULTANT in roles for roles in people.values()):
            continue
        flagged.append(store.id)
        week = week_of(monday)
        messages += [
            Message(
                tenant_id,
                user_id,
                "one_to_one_missing",
                f"No one-to-one in {week}",
                f"Nobody held a one-to-one with a consultant of {store.code} in {week}: "
                "see coachingCandidates for whom to coach this week.",
                f"one_to_one_missing:{store.id}:{week}",
                store.id,
                data={"week": week},
            )
            for user_id, roles in people.items()
            if Role.SHOWROOM_MANAGER in roles
        ]
    await notify(messages)
    return flagged
