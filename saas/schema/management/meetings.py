"""The weekly management meeting: openWeeklyMeeting, updateWeeklyMeeting,
archiveWeeklyMeeting, addMeetingAction, updateMeetingAction,
changeMeetingActionStatus, and the weeklyMeetings, weeklyMeeting and
meetingActions queries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import strawberry

from saas import models
from saas.errors import SaasError
from saas.management import meetings as service
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    RefusedOrConflict,
    member_for,
    result_union,
)
from saas.schema.identity.types import User, loaded_user
from saas.schema.inputs import global_ids
from saas.schema.limits import MaxItems
from saas.schema.mutations import mutation
from saas.schema.org.types import Store, loaded_store
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import conditions, listing, lookup
from saas.schema.relay import Node, from_row, to_global_id
from saas.schema.reports.types import TargetFigure

ActionStatus = described_enum(
    service.ActionStatus,
    name="MeetingActionStatus",
    description="Where an improvement action stands.",
    values={
        "OPEN": "Planned at the meeting; not started.",
        "IN_PROGRESS": "Its owner is working on it.",
        "DONE": "Done: the measure was reached (closed).",
        "DROPPED": "Dropped by a manager, with the reason in its note (closed).",
    },
)


@strawberry.type(description="One status change of an action: what, why, who and when.")
@described
class ActionStatusChange:
    """
    Attributes:
        status: The status the action moved to.
        note: What happened, as its author wrote it.
        at: When.
    """

    status: ActionStatus
    note: str
    at: datetime
    _by: strawberry.Private[int | None]

    @strawberry.field(description="Who changed the status.")
    async def by(self, info: Info) -> User | None:
        return await loaded_user(info, self._by)


@strawberry.type(
    description="One action of a weekly meeting's continuous-improvement plan: the defect it "
    "addresses, a concrete measure, its owner, deadline and status."
)
@described
class MeetingAction(Node):
    """
    Attributes:
        meeting_id: The weekly meeting that planned it.
        defect: The defect found in the week's reports that the action addresses.
        measure: What will be measured to say it worked, e.g. 'first contact within 24h >= 95%'.
        deadline: The store-local day it is due by.
        status: Where it stands.
        status_note: The note of the last status change.
        status_changed_at: When the status last changed.
        overdue: Still open or in progress after its deadline's day.
        overdue_notified_at: When its owner and the showroom manager were told it is overdue;
            null until then.
        version: Grows with every change; pass it as expectedVersion to refuse a stale edit.
    """

    meeting_id: strawberry.ID
    defect: str
    measure: str
    deadline: date
    status: ActionStatus
    status_note: str
    status_changed_at: datetime
    overdue: bool
    overdue_notified_at: datetime | None
    version: int
    _row: strawberry.Private[models.MeetingAction]

    @strawberry.field(description="The owner: a user of the store who answers for the action.")
    async def owner(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.owner_id)

    @strawberry.field(description="The store.")
    async def store(self, info: Info) -> Store | None:
        return await loaded_store(info, self._row.store_id)

    @strawberry.field(description="Who last changed the status.")
    async def status_changed_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.status_changed_by_id)

    @strawberry.field(
        description="Every status change, oldest first (the first: planned at the meeting).",
        directives=[MaxItems(count=service.MAX_STATUS_CHANGES)],
    )
    def history(self) -> list[ActionStatusChange]:
        return [
            ActionStatusChange(
                status=service.ActionStatus(str(c["status"])),
                note=str(c["note"]),
                at=datetime.fromisoformat(str(c["at"])),
                _by=c["by"] if isinstance(c["by"], int) else None,
            )
            for c in self._row.history
        ]

    @strawberry.field(
        description="The meeting that planned it; null when you may not read the store's "
        "meetings (a consultant sees its own actions only)."
    )
    async def meeting(self, info: Info) -> WeeklyMeeting | None:
        actor = info.context.require_actor()
        if not actor.can("weekly_meeting", "read"):
            return None
        try:
            return WeeklyMeeting.from_model(
                await service.visible_meeting(actor, self._row.meeting_id)
            )
        except SaasError:
            return None

    @classmethod
    def from_model(cls, m: models.MeetingAction) -> MeetingAction:
        return from_row(
            cls,
            m,
            meeting_id=to_global_id("WeeklyMeeting", m.meeting_id),
            overdue=service.is_overdue(m, datetime.now(UTC)),
            _row=m,
        )


@strawberry.type(description="One figure of the week beside the week before.")
@described
class MeetingFigure:
    """
    Attributes:
        metric: The figure's key: new_leads, contacts, showroom_visits, test_drives, orders,
            lost, cadence_compliance_percent or median_minutes_to_first_contact.
        label: What it counts, in words.
        this_week: The meeting's week; null when it cannot be computed (no follow-ups, no
            contacted leads).
        previous_week: The week before.
        change: thisWeek - previousWeek; null when either is null.
    """

    metric: str
    label: str
    this_week: float | None
    previous_week: float | None
    change: float | None


@strawberry.type(
    description="The store's report figures for the meeting's week, beside the plan: live "
    "while the meeting is open, frozen as they stood when it was archived."
)
@described
class MeetingFigures:
    """
    Attributes:
        week_start: The Monday of the week.
        as_of: When the figures were computed (for an archived meeting: when it was archived).
        frozen: True once the meeting is archived: the figures are those its analysis read.
        month: The month whose targets are shown (the month of the week's Thursday).
    """

    week_start: date
    as_of: datetime
    frozen: bool
    month: date
    figures: list[MeetingFigure] = strawberry.field(
        description="The week beside the week before: leads, follow-ups, showroom visits, test "
        "drives, orders, lost leads (the current-vs-history report), cadence compliance and "
        "first-contact time (the daily report's derived figures).",
        directives=[MaxItems(count=10)],
    )
    targets: list[TargetFigure] = strawberry.field(
        description="The store's actual vs target for the month (the targets report's store row).",
        directives=[MaxItems(count=5)],
    )

    @classmethod
    def of(cls, f: service.WeekFigures) -> MeetingFigures:
        return from_row(
            cls,
            f,
            figures=[from_row(MeetingFigure, r) for r in f.rows],
            targets=[from_row(TargetFigure, t) for t in f.targets],
        )


@strawberry.type(
    description="A store's weekly management meeting for one ISO week: who attended, the "
    "week's analysis (defects found in the reports), its improvement actions and the week's "
    "figures; read-only once archived."
)
@described
class WeeklyMeeting(Node):
    """
    Attributes:
        week: The ISO week reviewed, e.g. '2026-W49'.
        week_start: The Monday of that week.
        held_at: When the meeting was held.
        analysis: The week's analysis: the defects the managers found.
        archived: True once archived (read-only).
        archived_at: When it was archived; null while open.
        version: Grows with every change; pass it as expectedVersion to refuse a stale edit.
    """

    week: str
    week_start: date
    held_at: datetime
    analysis: str
    archived: bool
    archived_at: datetime | None
    version: int
    _row: strawberry.Private[models.WeeklyMeeting]

    @strawberry.field(description="The store.")
    async def store(self, info: Info) -> Store | None:
        return await loaded_store(info, self._row.store_id)

    @strawberry.field(description="Who recorded the meeting.")
    async def held_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.held_by_id)

    @strawberry.field(description="Who archived it; null while open.")
    async def archived_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.archived_by_id)

    @strawberry.field(
        description="The users of the store who attended.",
        directives=[MaxItems(count=service.MAX_ATTENDEES)],
    )
    async def attendees(self, info: Info) -> list[User]:
        rows = await info.context.loaders.user_by_id.load_many(self._row.attendee_ids)
        return [User.from_model(r) for r in rows if r is not None]

    @strawberry.field(
        description="The improvement actions planned, soonest deadline first.",
        directives=[MaxItems(count=service.MAX_ACTIONS)],
    )
    async def actions(self, info: Info) -> list[MeetingAction]:
        rows = await info.context.loaders.actions_by_meeting_id.load(self._row.id)
        return [MeetingAction.from_model(r) for r in rows]

    @strawberry.field(
        description="The week's report figures beside the plan (needs report:read in the "
        "store); frozen when the meeting is archived.",
        extensions=requires("report", "read"),
    )
    async def figures(self, info: Info) -> MeetingFigures:
        return MeetingFigures.of(
            await service.week_figures(info.context.require_actor(), self._row)
        )

    @classmethod
    def from_model(cls, m: models.WeeklyMeeting) -> WeeklyMeeting:
        return from_row(
            cls,
            m,
            week=service.iso_week(m.week_start),
            archived=m.archived_at is not None,
            _row=m,
        )


@member_for(service.MeetingArchived, since="archived_at")
@strawberry.type(
    description="The meeting is archived and read-only; nothing was changed. Record new "
    "actions at this week's meeting."
)
@described
class WeeklyMeetingArchivedError:
    """
    Attributes:
        message: Which meeting, since when, and what to do instead.
        since: When the meeting was archived.
    """

    message: str
    since: datetime


@member_for(service.ActionStatusRefused)
@strawberry.type(description="The action's status does not allow this change; nothing changed.")
@described
class MeetingActionStatusError:
    """
    Attributes:
        message: What the status is and what to do instead.
        status: The action's status.
    """

    message: str
    status: ActionStatus


WeeklyMeetingResult = result_union(
    "WeeklyMeetingResult",
    WeeklyMeeting | WeeklyMeetingArchivedError | RefusedOrConflict,
    "The meeting after the change, or why nothing changed.",
)
MeetingActionResult = result_union(
    "MeetingActionResult",
    MeetingAction | WeeklyMeetingArchivedError | RefusedOrConflict,
    "The action after the change, or why nothing changed.",
)
MeetingActionStatusResult = result_union(
    "MeetingActionStatusResult",
    MeetingAction | MeetingActionStatusError | RefusedOrConflict,
    "The action after the status change, or why nothing changed.",
)


@strawberry.input(description="Record a store's weekly management meeting.")
@described
class OpenWeeklyMeetingInput:
    """
    Attributes:
        store_id: The store (one you manage).
        week_of: Any day of the ISO week the meeting reviews (the current week or a past one);
            a store has one meeting per week.
        held_at: When the meeting was held (now or earlier), with its time zone.
        attendee_ids: The users of the store who attended (1 to 30).
        analysis: The week's analysis: the defects found in the daily, actual-vs-target and
            current-vs-history reports (at most 4000 characters; may follow later).
    """

    store_id: strawberry.ID
    week_of: date
    held_at: datetime
    attendee_ids: list[strawberry.ID]
    analysis: str = ""


@strawberry.input(description="Change an open weekly meeting; omitted fields stay.")
@described
class UpdateWeeklyMeetingInput:
    """
    Attributes:
        meeting_id: The meeting (not archived).
        analysis: The week's analysis (at most 4000 characters).
        attendee_ids: The attendees, replacing the list.
        held_at: When the meeting was held.
        expected_version: The meeting's version you saw; a stale one is a ConflictError.
    """

    meeting_id: strawberry.ID
    analysis: str | None = None
    attendee_ids: list[strawberry.ID] | None = None
    held_at: datetime | None = None
    expected_version: int | None = None


@strawberry.input(description="A weekly meeting to archive.")
@described
class ArchiveWeeklyMeetingInput:
    """
    Attributes:
        meeting_id: The meeting (with its analysis written).
    """

    meeting_id: strawberry.ID


@strawberry.input(description="Add an improvement action to an open weekly meeting.")
@described
class AddMeetingActionInput:
    """
    Attributes:
        meeting_id: The meeting (not archived; at most 30 actions).
        defect: The defect the action addresses (at most 300 characters).
        measure: What will be measured to say it worked, e.g. 'first contact within 24h >= 95%'
            (at most 300 characters).
        owner_id: Who answers for it: a user of the store.
        deadline: The store-local day it is due by (not before the meeting's week).
    """

    meeting_id: strawberry.ID
    defect: str
    measure: str
    owner_id: strawberry.ID
    deadline: date


@strawberry.input(description="Change an action of an open weekly meeting; omitted fields stay.")
@described
class UpdateMeetingActionInput:
    """
    Attributes:
        action_id: The action.
        defect: The defect it addresses.
        measure: What will be measured.
        owner_id: The new owner, a user of the store.
        deadline: The new deadline (an overdue reminder is sent again when it passes).
        expected_version: The action's version you saw; a stale one is a ConflictError.
    """

    action_id: strawberry.ID
    defect: str | None = None
    measure: str | None = None
    owner_id: strawberry.ID | None = None
    deadline: date | None = None
    expected_version: int | None = None


@strawberry.input(description="Move an action to another status, with a note.")
@described
class ChangeMeetingActionStatusInput:
    """
    Attributes:
        action_id: The action (yours, or one of your store's as its manager).
        status: The new status; DROPPED is for managers.
        note: What happened (at most 500 characters).
        expected_version: The action's version you saw; a stale one is a ConflictError.
    """

    action_id: strawberry.ID
    status: ActionStatus
    note: str
    expected_version: int | None = None


global_ids(OpenWeeklyMeetingInput, store_id="Store", attendee_ids="User")
global_ids(UpdateWeeklyMeetingInput, meeting_id="WeeklyMeeting", attendee_ids="User")
global_ids(ArchiveWeeklyMeetingInput, meeting_id="WeeklyMeeting")
global_ids(AddMeetingActionInput, meeting_id="WeeklyMeeting", owner_id="User")
global_ids(UpdateMeetingActionInput, action_id="MeetingAction", owner_id="User")
global_ids(ChangeMeetingActionStatusInput, action_id="MeetingAction")


@strawberry.type
@described
class WeeklyMeetingMutations:
    """
    Attributes:
        open_weekly_meeting: Record a store's weekly management meeting for an ISO week
            (showroom or sales manager of the store): when it was held, who attended, the week's
            analysis.
        update_weekly_meeting: Change an open meeting's analysis, attendees or time.
        archive_weekly_meeting: Archive a meeting: it becomes read-only and keeps the week's
            figures as they stand now. Its actions' statuses are still followed up.
        add_meeting_action: Add an improvement action (defect, measure, owner, deadline) to an
            open meeting; it starts OPEN.
        update_meeting_action: Change an action's defect, measure, owner or deadline while its
            meeting is open.
        change_meeting_action_status: Move an action (its owner, or a manager of its store) with
            a note saying what happened; DONE and DROPPED close it. Works after the meeting is
            archived: that is the follow-up.
    """

    open_weekly_meeting = mutation(
        WeeklyMeetingResult,
        requires("weekly_meeting", "manage"),
        input=(OpenWeeklyMeetingInput, "The meeting."),
        run=service.open_meeting,
        answer=WeeklyMeeting.from_model,
    )

    update_weekly_meeting = mutation(
        WeeklyMeetingResult,
        requires("weekly_meeting", "manage"),
        input=(UpdateWeeklyMeetingInput, "The changes."),
        run=service.update_meeting,
        answer=WeeklyMeeting.from_model,
    )

    archive_weekly_meeting = mutation(
        WeeklyMeetingResult,
        requires("weekly_meeting", "manage"),
        input=(ArchiveWeeklyMeetingInput, "Which."),
        run=service.archive_meeting,
        answer=WeeklyMeeting.from_model,
    )

    add_meeting_action = mutation(
        MeetingActionResult,
        requires("weekly_meeting", "manage"),
        input=(AddMeetingActionInput, "The action."),
        run=service.add_action,
        answer=MeetingAction.from_model,
    )

    update_meeting_action = mutation(
        MeetingActionResult,
        requires("weekly_meeting", "manage"),
        input=(UpdateMeetingActionInput, "The changes."),
        run=service.update_action,
        answer=MeetingAction.from_model,
    )

    change_meeting_action_status = mutation(
        MeetingActionStatusResult,
        requires("meeting_action", "update"),
        input=(ChangeMeetingActionStatusInput, "The action, its new status and the note."),
        run=service.change_action_status,
        answer=MeetingAction.from_model,
    )


@strawberry.input(description="Narrow the weekly meetings; all given conditions must hold.")
@described
class WeeklyMeetingFilter:
    """
    Attributes:
        store_id: Only this store's meetings.
        from_week: Only weeks from the ISO week holding this day on.
        to_week: Only weeks up to the ISO week holding this day.
    """

    store_id: strawberry.ID | None = None
    from_week: date | None = None
    to_week: date | None = None


@strawberry.input(description="Narrow the meeting actions; all given conditions must hold.")
@described
class MeetingActionFilter:
    """
    Attributes:
        mine: Only the actions you own.
        owner_id: Only the actions of this owner.
        store_id: Only this store's actions.
        meeting_id: Only this meeting's actions.
        statuses: Only actions in one of these statuses.
        overdue: True: only actions still open or in progress after their deadline; false:
            only the others.
    """

    mine: bool = False
    owner_id: strawberry.ID | None = None
    store_id: strawberry.ID | None = None
    meeting_id: strawberry.ID | None = None
    statuses: list[ActionStatus] | None = None
    overdue: bool | None = None


global_ids(WeeklyMeetingFilter, store_id="Store")
global_ids(MeetingActionFilter, owner_id="User", store_id="Store", meeting_id="WeeklyMeeting")


@strawberry.type
@described
class WeeklyMeetingQueries:
    """
    Attributes:
        weekly_meetings: Weekly meetings of the stores you may read (your store's as its
            manager, every store's as a group executive), latest held first.
        weekly_meeting: One weekly meeting you may read, or null.
        meeting_actions: Improvement actions you may see (your own as a consultant, your stores'
            as a manager or executive), soonest deadline first.
    """

    weekly_meetings = listing(
        WeeklyMeeting,
        requires("weekly_meeting", "read"),
        service.meetings_visible_to,
        order=Order("held_at", True),
        filter=conditions(WeeklyMeetingFilter, service.MeetingFilter),
    )
    weekly_meeting = lookup(
        WeeklyMeeting,
        requires("weekly_meeting", "read"),
        "The meeting's id.",
        service.visible_meeting,
    )
    meeting_actions = listing(
        MeetingAction,
        requires("meeting_action", "read"),
        service.actions_visible_to,
        order=Order("due_at"),
        filter=conditions(MeetingActionFilter, service.ActionFilter),
    )
