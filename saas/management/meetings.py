"""The weekly management meeting. Each week the store's managers read the daily
report, actual vs target and current vs history, name the defects they found
(the week's analysis) and plan continuous-improvement actions: each with a
concrete measure, an owner, a deadline and a status that its owner moves with a
note. Archiving the meeting freezes the record (analysis, attendees, actions'
content) with the week's figures as they stood; the actions' statuses are still
followed up afterwards, and an action left open past its deadline notifies its
owner and the store's showroom manager once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from saas.crm.access import store_for, tenant_of
from saas.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from saas.identity.service import store_staff
from saas.management.repository import MeetingActionRepository, WeeklyMeetingRepository
from saas.models import MeetingAction, Store, WeeklyMeeting
from saas.notify.service import Message, notify
from saas.org.repository import StoreRepository
from saas.query import where
from saas.reports.metrics import cadence_compliance, first_contact_minutes
from saas.reports.service import Achievement, period_comparison, target_achievement
from saas.tenancy.actor import Actor, row_scope
from saas.tenancy.roles import STORE_ROLES, Role
from saas.tenancy.scoped import claim_version

MAX_ANALYSIS = 4000
MAX_TEXT = 300
MAX_NOTE = 500
MAX_ATTENDEES = 30
MAX_ACTIONS = 20
MAX_STATUS_CHANGES = 20
WEEK = timedelta(days=7)


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_final(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.DROPPED)


LIVE_STATUSES = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)


class MeetingArchived(Conflict):
    """An edit asked of a meeting (or of an action's content) after the meeting
    was archived: the record is read-only."""

    def __init__(self, meeting: WeeklyMeeting) -> None:
        assert meeting.archived_at is not None
        self.archived_at = meeting.archived_at
        super().__init__(
            f"the meeting of {iso_week(meeting.week_start)} was archived on "
            f"{meeting.archived_at:%Y-%m-%d %H:%M} UTC and is read-only; "
            "record new actions at this week's meeting"
        )


class ActionStatusRefused(Conflict):
    """A status change the action's status does not allow (a done or dropped
    action is closed for good)."""

    def __init__(self, action: MeetingAction, message: str) -> None:
        self.status = ActionStatus(action.status)
        super().__init__(message)


def iso_week(week_start: date) -> str:
    """'2026-W49' for the week starting on `week_start`."""
    year, week, _ = week_start.isocalendar()
    return f"{year}-W{week:02d}"


def week_start_of(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def _text(problems: list[FieldProblem], path: str, value: str, limit: int, what: str) -> str:
    value = value.strip()
    if not value:
        problems.append(FieldProblem.at(path, f"say {what}"))
    elif len(value) > limit:
        problems.append(FieldProblem.at(path, f"at most {limit} characters"))
    return value


def _check_analysis(problems: list[FieldProblem], analysis: str) -> str:
    analysis = analysis.strip()
    if len(analysis) > MAX_ANALYSIS:
        problems.append(FieldProblem.at("analysis", f"at most {MAX_ANALYSIS} characters"))
    return analysis


async def _store_people(tenant_id: int, store_id: int) -> set[int]:
    """Active users holding a role in the store: who may attend or own an action."""
    return set(await store_staff(tenant_id, store_id, tuple(sorted(STORE_ROLES))))


async def _check_attendees(
    problems: list[FieldProblem], tenant_id: int, store_id: int, attendee_ids: list[int]
) -> list[int]:
    unique = list(dict.fromkeys(attendee_ids))
    if not unique:
        problems.append(FieldProblem.at("attendee_ids", "name at least one attendee"))
    if len(unique) > MAX_ATTENDEES:
        problems.append(FieldProblem.at("attendee_ids", f"at most {MAX_ATTENDEES} attendees"))
    people = await _store_people(tenant_id, store_id)
    for i, user_id in enumerate(attendee_ids):
        if user_id not in people:
            problems.append(
                FieldProblem.at(f"attendee_ids[{i}]", "must be an active user of the store")
            )
    return unique


def _check_held_at(problems: list[FieldProblem], held_at: datetime, now: datetime) -> None:
    if held_at.tzinfo is None:
        problems.append(
            FieldProblem.at("held_at", "give a time zone (e.g. 2026-12-07T09:00+08:00)")
        )
    elif held_at > now + timedelta(minutes=5):
        problems.append(FieldProblem.at("held_at", "cannot be in the future"))


# -- meetings -----------------------------------------------------------------------------


def _read_scope(actor: Actor) -> WeeklyMeetingRepository:
    if actor.tenant_id is None:
        return WeeklyMeetingRepository(-1, store_ids=())
    return WeeklyMeetingRepository(actor.tenant_id, actor.store_ids_with("weekly_meeting", "read"))


async def visible_meeting(actor: Actor, meeting_id: int) -> WeeklyMeeting:
    """A meeting of a store whose meetings the actor may read (its own store's
    for a manager, every store's for a group executive)."""
    meeting = await _read_scope(actor).require(meeting_id, "weekly meeting")
    return meeting


async def _meeting_to_manage(actor: Actor, meeting_id: int, *, editing: bool) -> WeeklyMeeting:
    """The meeting, locked, if the actor may manage it in its store; with
    `editing`, refused once archived."""
    meeting = await visible_meeting(actor, meeting_id)
    if not actor.can("weekly_meeting", "manage", store_id=meeting.store_id):
        raise Forbidden("you need weekly_meeting:manage in the meeting's store")
    locked = (
        await WeeklyMeetingRepository(meeting.tenant_id)
        .query()
        .select_for_update()
        .get(id=meeting.id)
    )
    if editing and locked.archived_at is not None:
        raise MeetingArchived(locked)
    return locked


async def open_meeting(
    actor: Actor,
    store_id: int,
    week_of: date,
    held_at: datetime,
    attendee_ids: list[int],
    analysis: str = "",
    *,
    now: datetime | None = None,
) -> WeeklyMeeting:
    """Record the store's meeting for the ISO week of `week_of` (one per store
    and week), held now or earlier by the actor, a manager of the store."""
    now = now or datetime.now(UTC)
    tenant_of(actor)
    store = await store_for(actor, store_id, "weekly_meeting", "manage", field="store_id")
    problems: list[FieldProblem] = []
    week_start = week_start_of(week_of)
    local_today = now.astimezone(ZoneInfo(store.timezone)).date()
    if week_start > local_today:
        problems.append(FieldProblem.at("week_of", "the week has not begun yet"))
    _check_held_at(problems, held_at, now)
    attendees = await _check_attendees(problems, store.tenant_id, store.id, attendee_ids)
    text = _check_analysis(problems, analysis)
    if problems:
        raise ValidationFailed(problems)
    repo = WeeklyMeetingRepository(store.tenant_id)
    if await repo.query().filter(store_id=store.id, week_start=week_start).exists():
        raise Conflict(
            f"store {store.code} already has its meeting of {iso_week(week_start)}; update that one"
        )
    return await repo.create(
        store_id=store.id,
        week_start=week_start,
        held_at=held_at,
        held_by_id=actor.user_id,
        attendee_ids=attendees,
        analysis=text,
    )


async def update_meeting(
    actor: Actor,
    meeting_id: int,
    *,
    analysis: str | None = None,
    attendee_ids: list[int] | None = None,
    held_at: datetime | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> WeeklyMeeting:
    """Change the week's analysis (the defects found), the attendees or when
    the meeting was held, until it is archived."""
    now = now or datetime.now(UTC)
    meeting = await _meeting_to_manage(actor, meeting_id, editing=True)
    problems: list[FieldProblem] = []
    changes: dict[str, Any] = {}
    if analysis is not None:
        changes["analysis"] = _check_analysis(problems, analysis)
    if attendee_ids is not None:
        changes["attendee_ids"] = await _check_attendees(
            problems, meeting.tenant_id, meeting.store_id, attendee_ids
        )
    if held_at is not None:
        _check_held_at(problems, held_at, now)
        changes["held_at"] = held_at
    if problems:
        raise ValidationFailed(problems)
    repo = WeeklyMeetingRepository(meeting.tenant_id)
    await claim_version(repo, meeting, expected_version)
    return await repo.update(meeting, **changes) if changes else meeting


async def archive_meeting(
    actor: Actor, meeting_id: int, *, now: datetime | None = None
) -> WeeklyMeeting:
    """Close the meeting: it becomes read-only and keeps the week's figures as
    they stand now, so the archived analysis reads against its own numbers."""
    now = now or datetime.now(UTC)
    meeting = await _meeting_to_manage(actor, meeting_id, editing=True)
    if not meeting.analysis:
        raise ValidationFailed.one(
            "meeting_id", "write the week's analysis (the defects found) before archiving"
        )
    figures = await week_figures(actor, meeting, now=now)
    return await WeeklyMeetingRepository(meeting.tenant_id).update(
        meeting,
        archived_at=now,
        archived_by_id=actor.user_id,
        figures=figures.to_json(),
        version=meeting.version + 1,
    )


@dataclass(frozen=True)
class MeetingFilter:
    store_id: int | None = None
    from_week: date | None = None
    to_week: date | None = None


def meetings_visible_to(actor: Actor, f: MeetingFilter) -> QuerySet[WeeklyMeeting]:
    """The meetings the actor may read, narrowed by store and by week (the
    weeks of `from_week` to `to_week`, both included)."""
    return where(
        _read_scope(actor).query(),
        store_id=f.store_id,
        week_start__gte=None if f.from_week is None else week_start_of(f.from_week),
        week_start__lte=None if f.to_week is None else week_start_of(f.to_week),
    )


# -- actions ------------------------------------------------------------------------------


def _action_scope(actor: Actor, action: str = "read") -> MeetingActionRepository:
    return MeetingActionRepository.for_scope(row_scope(actor, "meeting_action", action))


async def visible_action(actor: Actor, action_id: int) -> MeetingAction:
    """An action the actor may see: its own (a consultant) or its stores' (managers,
    group executives)."""
    action = await _action_scope(actor).require(action_id, "meeting action")
    return action


def _due_at(store: Store, deadline: date) -> datetime:
    """The end of the deadline's local day: the action is overdue after it."""
    end = datetime.combine(deadline + timedelta(days=1), time(), ZoneInfo(store.timezone))
    return end.astimezone(UTC)


async def _checked_action(
    meeting: WeeklyMeeting,
    *,
    defect: str | None,
    measure: str | None,
    owner_id: int | None,
    deadline: date | None,
) -> dict[str, Any]:
    """The given fields of an action of `meeting` (its store's, as every
    action of it is), checked; ValidationFailed with every problem found."""
    tenant_id, store_id, week_start = meeting.tenant_id, meeting.store_id, meeting.week_start
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    if defect is not None:
        values["defect"] = _text(problems, "defect", defect, MAX_TEXT, "which defect it addresses")
    if measure is not None:
        values["measure"] = _text(
            problems,
            "measure",
            measure,
            MAX_TEXT,
            "what will be measured (e.g. first contact within 24h >= 95%)",
        )
    if owner_id is not None:
        if owner_id not in await _store_people(tenant_id, store_id):
            problems.append(FieldProblem.at("owner_id", "must be an active user of the store"))
        values["owner_id"] = owner_id
    if deadline is not None:
        if deadline < week_start:
            problems.append(
                FieldProblem.at("deadline", "must not be before the week the meeting reviews")
            )
        values["deadline"] = deadline
    if problems:
        raise ValidationFailed(problems)
    return values


async def add_action(
    actor: Actor,
    meeting_id: int,
    defect: str,
    measure: str,
    owner_id: int,
    deadline: date,
    *,
    now: datetime | None = None,
) -> MeetingAction:
    """Add an action to the meeting's plan, open, owned by a user of the store."""
    now = now or datetime.now(UTC)
    meeting = await _meeting_to_manage(actor, meeting_id, editing=True)
    values = await _checked_action(
        meeting, defect=defect, measure=measure, owner_id=owner_id, deadline=deadline
    )
    repo = MeetingActionRepository(meeting.tenant_id)
    if await repo.query().filter(meeting_id=meeting.id).count() >= MAX_ACTIONS:
        raise ValidationFailed.one("meeting_id", f"a meeting plans at most {MAX_ACTIONS} actions")
    store = await StoreRepository(meeting.tenant_id).get(meeting.store_id)
    assert store is not None
    return await repo.create(
        store_id=meeting.store_id,
        meeting_id=meeting.id,
        due_at=_due_at(store, deadline),
        status=ActionStatus.OPEN.value,
        status_note="",
        status_changed_at=now,
        status_changed_by_id=actor.user_id,
        history=[_change(ActionStatus.OPEN, "planned at the meeting", actor, now)],
        created_by_id=actor.user_id,
        **values,
    )


def _change(status: ActionStatus, note: str, actor: Actor, at: datetime) -> dict[str, object]:
    return {"status": status.value, "note": note, "by": actor.user_id, "at": at.isoformat()}


async def _action_to(actor: Actor, action_id: int, how: str) -> MeetingAction:
    """The action, locked, if the actor may `how` it (`update`: its owner or a
    manager of the store; `manage`: a manager of the store)."""
    action = await visible_action(actor, action_id)
    if how == "manage":
        allowed = actor.can("weekly_meeting", "manage", store_id=action.store_id)
    else:
        allowed = await _action_scope(actor, "update").get(action.id) is not None
    if not allowed:
        raise Forbidden(
            "only the store's managers change this action"
            if how == "manage"
            else "only the action's owner and the store's managers move this action"
        )
    return (
        await MeetingActionRepository(action.tenant_id)
        .query()
        .select_for_update()
        .get(id=action.id)
    )


async def update_action(
    actor: Actor,
    action_id: int,
    *,
    defect: str | None = None,
    measure: str | None = None,
    owner_id: int | None = None,
    deadline: date | None = None,
    expected_version: int | None = None,
) -> MeetingAction:
    """Change what an action addresses, how it is measured, its owner or its
    deadline, until its meeting is archived."""
    action = await _action_to(actor, action_id, "manage")
    meeting = await _meeting_to_manage(actor, action.meeting_id, editing=True)
    values = await _checked_action(
        meeting, defect=defect, measure=measure, owner_id=owner_id, deadline=deadline
    )
    if deadline is not None and deadline != action.deadline:
        store = await StoreRepository(action.tenant_id).get(action.store_id)
        assert store is not None
        values["due_at"] = _due_at(store, deadline)
        # A new deadline earns a new reminder when it passes in turn.
        values["overdue_notified_at"] = None
    if owner_id is not None and owner_id != action.owner_id:
        # A new owner of an overdue action hears of it at the next run.
        values["overdue_notified_at"] = None
    repo = MeetingActionRepository(action.tenant_id)
    await claim_version(repo, action, expected_version)
    return await repo.update(action, **values) if values else action


async def change_action_status(
    actor: Actor,
    action_id: int,
    status: ActionStatus,
    note: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> MeetingAction:
    """Move an action (its owner or a store manager), with a note saying what
    happened; dropping an action is the managers' call. Done and dropped
    actions are closed. Statuses are followed up after the meeting is archived."""
    now = now or datetime.now(UTC)
    problems: list[FieldProblem] = []
    note = _text(problems, "note", note, MAX_NOTE, "what happened (a note for the change)")
    if problems:
        raise ValidationFailed(problems)
    action = await _action_to(actor, action_id, "update")
    current = ActionStatus(action.status)
    if current.is_final:
        raise ActionStatusRefused(
            action, f"the action is {current.value.replace('_', ' ')} and closed; plan a new one"
        )
    if status is current:
        raise ValidationFailed.one(
            "status", f"the action is already {status.value.replace('_', ' ')}"
        )
    if status is ActionStatus.DROPPED and not actor.can(
        "meeting_action", "update_any", store_id=action.store_id
    ):
        raise Forbidden("only the store's managers drop an action")
    if len(action.history) >= MAX_STATUS_CHANGES:
        raise ActionStatusRefused(
            action, f"an action changes status at most {MAX_STATUS_CHANGES} times"
        )
    repo = MeetingActionRepository(action.tenant_id)
    await claim_version(repo, action, expected_version)
    return await repo.update(
        action,
        status=status.value,
        status_note=note,
        status_changed_at=now,
        status_changed_by_id=actor.user_id,
        history=[*action.history, _change(status, note, actor, now)],
    )


def is_overdue(action: MeetingAction, now: datetime) -> bool:
    return action.status in LIVE_STATUSES and action.due_at <= now


@dataclass(frozen=True)
class ActionFilter:
    mine: bool = False
    owner_id: int | None = None
    store_id: int | None = None
    meeting_id: int | None = None
    statuses: Sequence[ActionStatus] | None = None
    overdue: bool | None = None


def actions_visible_to(
    actor: Actor, f: ActionFilter, now: datetime | None = None
) -> QuerySet[MeetingAction]:
    """The actions the actor may see, narrowed by `f`: with `mine`, the caller's
    own; with `overdue`, those still open past their deadline (or not)."""
    now = now or datetime.now(UTC)
    qs = _action_scope(actor).query()
    if f.mine:
        qs = qs.filter(owner_id=actor.user_id if actor.user_id is not None else -1)
    qs = where(qs, owner_id=f.owner_id, store_id=f.store_id, meeting_id=f.meeting_id)
    if f.statuses:
        qs = qs.filter(status__in=[s.value for s in f.statuses])
    overdue = Q(status__in=list(LIVE_STATUSES), due_at__lte=now)
    if f.overdue is True:
        qs = qs.filter(overdue)
    elif f.overdue is False:
        qs = qs.filter(~overdue)
    return qs


async def actions_of_meetings(
    tenant_id: int, meeting_ids: Iterable[int]
) -> dict[int, list[MeetingAction]]:
    """Each meeting's actions, by deadline (for readers of the meeting)."""
    by_meeting: dict[int, list[MeetingAction]] = {m: [] for m in meeting_ids}
    rows = (
        await MeetingActionRepository(tenant_id)
        .query()
        .filter(meeting_id__in=list(by_meeting))
        .order_by("due_at", "id")
    )
    for row in rows:
        by_meeting[row.meeting_id].append(row)
    return by_meeting


async def notify_overdue_actions(tenant_id: int, now: datetime) -> list[int]:
    """Actions still open past their deadline: their owner and the store's
    showroom managers are told, once per action (a conditional claim of
    `overdue_notified_at`, and a notification key per action)."""
    repo = MeetingActionRepository(tenant_id)
    late = await (
        repo.query()
        .filter(status__in=list(LIVE_STATUSES), due_at__lte=now, overdue_notified_at=None)
        .order_by("due_at", "id")
    )
    notified = []
    for seen in late:
        # The claim re-checks the whole condition: an action marked done, or
        # its deadline moved forward, since the read above is not overdue (and
        # a stamp would silence the notice of its new deadline).
        claimed = (
            await repo.query()
            .filter(
                id=seen.id,
                status__in=list(LIVE_STATUSES),
                due_at__lte=now,
                overdue_notified_at=None,
            )
            .update(overdue_notified_at=now)
        )
        if not claimed:
            continue
        # The message tells the action as claimed, not as first read.
        action = await repo.query().get(id=seen.id)
        notified.append(action.id)
        managers = await store_staff(tenant_id, action.store_id, (Role.SHOWROOM_MANAGER,))
        await notify(
            [
                Message(
                    tenant_id,
                    user_id,
                    "meeting_action_overdue",
                    f"Action overdue since {action.deadline:%Y-%m-%d}",
                    f"{action.measure} (defect: {action.defect})"[:200],
                    # Once per deadline: a moved deadline that passes again is news.
                    f"meeting-action-overdue:{action.id}:{action.deadline}",
                    action.store_id,
                    data={
                        "meeting_action_id": action.id,
                        "meeting_id": action.meeting_id,
                        "owner_id": action.owner_id,
                    },
                )
                for user_id in dict.fromkeys([action.owner_id, *managers])
            ]
        )
    return notified


# -- the week's figures beside the plan ---------------------------------------------------

# The figures the meeting reads, in the order shown: from current vs history
# (the week and the week before), and the daily report's derived figures.
COUNTED = {
    "new_leads": "Leads taken in",
    "contacts": "Follow-ups",
    "showroom_visits": "Showroom visits",
    "test_drives": "Test drives done",
    "orders": "Orders signed",
    "lost": "Leads lost",
}
DERIVED = {
    "cadence_compliance_percent": "Follow-ups on time for the grade, %",
    "median_minutes_to_first_contact": "Median minutes to first contact",
}
LABELS = COUNTED | DERIVED


@dataclass(frozen=True)
class FigureRow:
    metric: str
    this_week: float | None
    previous_week: float | None

    @property
    def label(self) -> str:
        return LABELS.get(self.metric, self.metric)

    @property
    def change(self) -> float | None:
        if self.this_week is None or self.previous_week is None:
            return None
        return round(self.this_week - self.previous_week, 1)


@dataclass(frozen=True)
class WeekFigures:
    """The week's report figures beside the plan: live while the meeting is
    open, as frozen at archiving afterwards."""

    week_start: date
    as_of: datetime
    frozen: bool
    rows: list[FigureRow]
    month: date
    targets: list[Achievement]

    def to_json(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.isoformat(),
            "as_of": self.as_of.isoformat(),
            "rows": [[r.metric, r.this_week, r.previous_week] for r in self.rows],
            "month": self.month.isoformat(),
            "targets": [[t.target, t.goal, t.actual] for t in self.targets],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WeekFigures:
        return cls(
            week_start=date.fromisoformat(data["week_start"]),
            as_of=datetime.fromisoformat(data["as_of"]),
            frozen=True,
            rows=[FigureRow(m, this, prev) for m, this, prev in data["rows"]],
            month=date.fromisoformat(data["month"]),
            targets=[Achievement(t, goal, actual) for t, goal, actual in data["targets"]],
        )


async def week_figures(
    actor: Actor, meeting: WeeklyMeeting, *, now: datetime | None = None
) -> WeekFigures:
    """The store's figures for the meeting's week beside the week before (the
    current-vs-history report), the daily report's cadence compliance and
    first-contact time over both weeks, and actual vs target for the month of
    the week (the month holding its Thursday, as ISO weeks are counted). Once
    archived, the figures frozen then."""
    if meeting.figures is not None:
        return WeekFigures.from_json(meeting.figures)
    now = now or datetime.now(UTC)
    start, end = meeting.week_start, meeting.week_start + WEEK
    comparison = await period_comparison(actor, meeting.store_id, start, end)
    store = await store_for(actor, meeting.store_id, "report", "read")
    rows = [
        FigureRow(m, comparison.current.get(m, 0), comparison.previous.get(m, 0)) for m in COUNTED
    ]
    rows.append(
        FigureRow(
            "cadence_compliance_percent",
            cadence_compliance(comparison.current),
            cadence_compliance(comparison.previous),
        )
    )
    rows.append(
        FigureRow(
            "median_minutes_to_first_contact",
            await first_contact_minutes(store, start, end),
            await first_contact_minutes(store, start - WEEK, start),
        )
    )
    _, month, target_rows = await target_achievement(
        actor, meeting.store_id, start + timedelta(days=3)
    )
    store_row = target_rows[-1]  # the store's own line comes last
    return WeekFigures(start, now, False, rows, month, list(store_row.achievements))
