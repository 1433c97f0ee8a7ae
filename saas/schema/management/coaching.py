"""Consultants' personal success plans: coachingCandidates (whom to coach this
week, with the figures), recordOneToOne, completeSuccessPlanAction,
reviewSuccessPlan, the successPlans list, and coachingWeeks (weeks without
any one-to-one)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import strawberry

from saas import models
from saas.management import coaching as service
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    Refused,
    RefusedOrConflict,
    member_for,
    result_union,
)
from saas.schema.identity.types import User, loaded_user
from saas.schema.inputs import converts, global_ids
from saas.schema.limits import MaxItems
from saas.schema.mutations import mutation
from saas.schema.org.types import Store, loaded_store
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import Arg, conditions, listing, lookup, report
from saas.schema.relay import Node, from_row
from saas.schema.reports.types import STORE

PlanStatus = described_enum(
    service.PlanStatus,
    name="SuccessPlanStatus",
    description="Where a personal success plan stands.",
    values={
        "ACTIVE": "Written in the one-to-one; waiting for its first review.",
        "REVIEWED": "Reviewed with the consultant, with a next review planned.",
        "CLOSED": "Reviewed for the last time; nothing changes any more.",
    },
)


@strawberry.type(description="One monthly target against a week.")
@described
class CoachingTarget:
    """
    Attributes:
        target: contacts, prospecting, revisits, test_drives or sold.
        goal: The week's share of the month's goal: each day of the week adds its month's goal
            divided by the days of that month (one decimal).
        actual: What the consultant achieved in the week.
        percent: actual / goal, in %; null when the goal is 0.
    """

    target: str
    goal: float
    actual: int
    percent: float | None


@strawberry.type(
    description="A consultant's lead management in one week, the same figures as the reports, "
    "and why the consultant is proposed for a one-to-one."
)
@described
class CoachingFigures:
    """
    Attributes:
        week: The ISO week, e.g. 2026-W49 (the store's calendar).
        follow_ups: Follow-ups the consultant made in the week (the reports' contacts).
        on_time_follow_ups: Of those, the ones made by the time the lead was due.
        cadence_compliance_percent: onTimeFollowUps / followUps, in % (the daily report's
            cadence compliance); null without follow-ups.
        target_achievement_percent: The mean, over the targets with a goal, of each target's
            percent counted up to 100; null when the consultant has no monthly target.
        reasons: Why the consultant is proposed, the weaker figure first.
        rank: The consultant's place among the store's consultants that week, weakest first.
        ranked_of: How many consultants were ranked.
    """

    week: str
    follow_ups: int
    on_time_follow_ups: int
    cadence_compliance_percent: float | None
    target_achievement_percent: float | None
    targets: list[CoachingTarget] = strawberry.field(
        description="Each target with a goal that week (none without a monthly target).",
        directives=[MaxItems(count=5)],
    )
    reasons: list[str]
    rank: int
    ranked_of: int

    @classmethod
    def of(cls, f: service.CoachingFigures) -> CoachingFigures:
        return from_row(
            cls,
            f,
            targets=[from_row(CoachingTarget, t) for t in f.targets],
            reasons=list(f.reasons),
        )


@strawberry.type(description="One action of a personal success plan.")
@described
class SuccessPlanAction:
    """
    Attributes:
        number: The action's number in the plan (from 1): completeSuccessPlanAction takes it.
        what: What the consultant will do.
        due_on: By when (the store's calendar).
        done_at: When it was marked done; null until then.
    """

    number: int
    what: str
    due_on: date
    done_at: datetime | None
    _done_by_id: strawberry.Private[int | None]
    _store_id: strawberry.Private[int]
    _plan_closed: strawberry.Private[bool]

    @strawberry.field(description="Who marked it done; null until then.")
    async def done_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._done_by_id)

    @strawberry.field(
        description="Not done, its due date has passed in the store, and the plan is not closed."
    )
    async def overdue(self, info: Info) -> bool:
        if self.done_at is not None or self._plan_closed:
            return False
        return self.due_on < await _store_today(info, self._store_id)


async def _store_today(info: Info, store_id: int) -> date:
    """Today in the store's calendar (through the per-request store loader)."""
    store = await info.context.loaders.store_by_id.load(store_id)
    zone = ZoneInfo(store.timezone if store else "Asia/Shanghai")
    return datetime.now(UTC).astimezone(zone).date()


@strawberry.type(
    description="A one-to-one a manager held with a consultant and the personal success plan "
    "written in it: the figures that prompted it, goals, actions, review date and reviews."
)
@described
class SuccessPlan(Node):
    """
    Attributes:
        week: The ISO week of the one-to-one, e.g. 2026-W49 (the store's calendar).
        held_at: When the one-to-one was held.
        goals: What the consultant aims for.
        review_on: When the plan is (next) reviewed.
        status: Where the plan stands.
        outcome: What came of the plan at its last review; null before the first.
        reviewed_at: When it was last reviewed; null before the first review.
        reviews: How many times it was reviewed.
        figures: The consultant's figures that prompted the plan, as they were when it was
            written.
        version: Grows by one with every change.
    """

    week: str
    held_at: datetime
    goals: list[str]
    review_on: date
    status: PlanStatus
    outcome: str | None
    reviewed_at: datetime | None
    reviews: int
    figures: CoachingFigures
    actions: list[SuccessPlanAction] = strawberry.field(
        description="The plan's actions, as numbered.",
        directives=[MaxItems(count=service.MAX_ACTIONS)],
    )
    version: int
    _row: strawberry.Private[models.SuccessPlan]

    @strawberry.field(description="The plan is not closed and its review date has passed.")
    async def review_overdue(self, info: Info) -> bool:
        return self.status is not service.PlanStatus.CLOSED and self.review_on < (
            await _store_today(info, self._row.store_id)
        )

    @strawberry.field(description="The consultant the plan is for.")
    async def consultant(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.consultant_id)

    @strawberry.field(description="The manager who held the one-to-one and wrote the plan.")
    async def manager(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.manager_id)

    @strawberry.field(description="Who last reviewed the plan; null before the first review.")
    async def reviewed_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.reviewed_by_id)

    @strawberry.field(description="The store.")
    async def store(self, info: Info) -> Store | None:
        return await loaded_store(info, self._row.store_id)

    @classmethod
    def from_model(cls, m: models.SuccessPlan) -> SuccessPlan:
        actions = [
            SuccessPlanAction(
                number=number,
                what=str(a["what"]),
                due_on=date.fromisoformat(str(a["due_on"])),
                done_at=datetime.fromisoformat(str(a["done_at"])) if a.get("done_at") else None,
                _done_by_id=a.get("done_by_id"),
                _store_id=m.store_id,
                _plan_closed=m.status == service.PlanStatus.CLOSED,
            )
            for number, a in enumerate(m.actions, start=1)
        ]
        return from_row(
            cls,
            m,
            goals=list(m.goals),
            figures=CoachingFigures.of(service.CoachingFigures.from_json(m.figures)),
            actions=actions,
            _row=m,
        )


@strawberry.type(description="A consultant proposed for a one-to-one, with the week's figures.")
@described
class CoachingCandidate:
    """
    Attributes:
        rank: 1 for the weakest consultant of the week.
        consultant: The consultant.
        figures: The week's figures and why the consultant is proposed.
        last_plan: The latest personal success plan written for the consultant in this store;
            null when none.
    """

    rank: int
    consultant: User
    figures: CoachingFigures
    last_plan: SuccessPlan | None


@strawberry.type(description="The store's consultants ranked weakest first by a week's figures.")
@described
class CoachingCandidates:
    """
    Attributes:
        store_code: The store's code.
        week: The ISO week ranked.
    """

    store_code: str
    week: str
    candidates: list[CoachingCandidate] = strawberry.field(
        description="Every active consultant of the store, weakest first (the first 50).",
        directives=[MaxItems(count=50)],
    )


@strawberry.type(description="One week of a store: how many one-to-ones were held.")
@described
class CoachingWeek:
    """
    Attributes:
        week: The ISO week, e.g. 2026-W49.
        starts_on: Its Monday.
        one_to_ones: One-to-ones held in the week.
        missing: No one-to-one was held in the week (the current week counts too: hold one).
    """

    week: str
    starts_on: date
    one_to_ones: int
    missing: bool


@strawberry.type(description="A store's one-to-ones week by week.")
@described
class CoachingWeeks:
    """
    Attributes:
        store_code: The store's code.
        missing_weeks: How many of the weeks had no one-to-one.
    """

    store_code: str
    missing_weeks: int
    weeks: list[CoachingWeek] = strawberry.field(
        description="The weeks asked for, oldest first, up to the current week.",
        directives=[MaxItems(count=service.MAX_WEEKS)],
    )


CoachingCandidatesResult = result_union(
    "CoachingCandidatesResult",
    CoachingCandidates | Refused,
    "The ranking, or why it cannot be shown.",
)
CoachingWeeksResult = result_union(
    "CoachingWeeksResult", CoachingWeeks | Refused, "The weeks, or why they cannot be shown."
)


@member_for(service.PlanClosed)
@strawberry.type(description="The plan is closed; nothing was changed.")
@described
class SuccessPlanClosedError:
    """
    Attributes:
        message: What was refused and what to do instead.
        status: The plan's status (CLOSED).
    """

    message: str
    status: PlanStatus


SuccessPlanResult = result_union(
    "SuccessPlanResult",
    SuccessPlan | SuccessPlanClosedError | RefusedOrConflict,
    "The plan after the change, or why nothing was changed.",
)


@strawberry.input(description="One action of a personal success plan.")
@described
class SuccessPlanActionInput:
    """
    Attributes:
        what: What the consultant will do (at most 300 characters).
        due_on: By when, from the day of the one-to-one to 92 days after it; by default the
            plan's review date.
    """

    what: str
    due_on: date | None = None


@converts(SuccessPlanActionInput)
def _action(action: SuccessPlanActionInput) -> service.NewAction:
    return service.NewAction(action.what, action.due_on)


@strawberry.input(description="A one-to-one held with a consultant and the plan written in it.")
@described
class RecordOneToOneInput:
    """
    Attributes:
        store_id: The store (one where you hold one-to-ones).
        consultant_id: An active consultant of the store; one one-to-one per consultant a week.
        held_at: When it was held, within the last two weeks; now by default.
        figures_week: The week whose figures prompted the plan (ISO, e.g. 2026-W48); by default
            the week before the one-to-one's. They are frozen into the plan.
        goals: What the consultant aims for: 1 to 5 goals of at most 300 characters.
        actions: What the consultant will do and by when: 1 to 10 actions.
        review_on: When the plan is reviewed: after the one-to-one, within 92 days; by default
            two weeks after it.
    """

    store_id: strawberry.ID
    consultant_id: strawberry.ID
    goals: list[str]
    actions: list[SuccessPlanActionInput]
    review_on: date | None = None
    held_at: datetime | None = None
    figures_week: str | None = None


@strawberry.input(description="Mark one action of a plan done.")
@described
class CompleteSuccessPlanActionInput:
    """
    Attributes:
        plan_id: The plan (your own, or one of your store's).
        action_number: The action's number in the plan (from 1).
    """

    plan_id: strawberry.ID
    action_number: int


@strawberry.input(description="Review a plan with the consultant.")
@described
class ReviewSuccessPlanInput:
    """
    Attributes:
        plan_id: The plan, not closed.
        outcome: What came of the plan so far (at most 1000 characters).
        next_review_on: The next review, after today and within 92 days; required unless the
            plan is closed.
        close: Close the plan with this review; nothing changes in it afterwards.
    """

    plan_id: strawberry.ID
    outcome: str
    next_review_on: date | None = None
    close: bool = False


global_ids(RecordOneToOneInput, store_id="Store", consultant_id="User")
global_ids(CompleteSuccessPlanActionInput, plan_id="SuccessPlan")
global_ids(ReviewSuccessPlanInput, plan_id="SuccessPlan")


@strawberry.type
@described
class SuccessPlanMutations:
    """
    Attributes:
        record_one_to_one: Record a one-to-one held with a consultant of the store and the
            personal success plan written in it; the consultant's figures are frozen into the
            plan.
        complete_success_plan_action: Mark an action of a plan done (the plan's consultant, or a
            manager of its store).
        review_success_plan: Review a plan: what came of it, and the next review or the plan
            closed (a manager of its store).
    """

    record_one_to_one = mutation(
        SuccessPlanResult,
        requires("success_plan", "hold"),
        input=(RecordOneToOneInput, "The one-to-one and the plan."),
        run=service.record_one_to_one,
        answer=SuccessPlan.from_model,
    )

    complete_success_plan_action = mutation(
        SuccessPlanResult,
        requires("success_plan", "track"),
        input=(CompleteSuccessPlanActionInput, "The plan and the action."),
        run=service.complete_action,
        answer=SuccessPlan.from_model,
    )

    review_success_plan = mutation(
        SuccessPlanResult,
        requires("success_plan", "review"),
        input=(ReviewSuccessPlanInput, "The plan and its review."),
        run=service.review_plan,
        answer=SuccessPlan.from_model,
    )


@strawberry.input(description="Narrow the success plans; all given conditions must hold.")
@described
class SuccessPlanFilter:
    """
    Attributes:
        store_id: Only plans of this store.
        consultant_id: Only plans for this consultant.
        status: Only plans in this status.
        week: Only plans of one-to-ones in this ISO week (e.g. 2026-W49).
    """

    store_id: strawberry.ID | None = None
    consultant_id: strawberry.ID | None = None
    status: PlanStatus | None = None
    week: str | None = None


global_ids(SuccessPlanFilter, store_id="Store", consultant_id="User")


def _candidates(found: tuple[models.Store, str, list[service.Candidate]]) -> CoachingCandidates:
    store, ranked, candidates = found
    return CoachingCandidates(
        store_code=store.code,
        week=ranked,
        candidates=[
            CoachingCandidate(
                rank=c.figures.rank,
                consultant=User.from_model(c.consultant),
                figures=CoachingFigures.of(c.figures),
                last_plan=SuccessPlan.from_model(c.last_plan) if c.last_plan else None,
            )
            for c in candidates
        ],
    )


def _weeks(found: tuple[models.Store, list[service.CoachingWeek]]) -> CoachingWeeks:
    store, weeks = found
    return CoachingWeeks(
        store_code=store.code,
        missing_weeks=sum(w.missing for w in weeks),
        weeks=[from_row(CoachingWeek, w) for w in weeks],
    )


@strawberry.type
@described
class SuccessPlanQueries:
    """
    Attributes:
        coaching_candidates: The store's consultants ranked weakest first by a week's cadence
            compliance and target achievement, with the figures and why each is proposed for a
            one-to-one.
        coaching_weeks: A store's one-to-ones week by week, each week without any flagged missing
            (past and current weeks only).
        success_plans: Personal success plans you may see (a consultant its own; managers their
            store's; group executives every store's), latest one-to-one first.
        success_plan: One personal success plan; null when it does not exist or you may not see
            it.
    """

    coaching_candidates = report(
        CoachingCandidatesResult,
        requires("coaching", "read"),
        service.coaching_candidates,
        _candidates,
        store_id=STORE,
        week=Arg(str | None, "The ISO week, e.g. 2026-W49; by default the last complete week."),
    )

    coaching_weeks = report(
        CoachingWeeksResult,
        requires("coaching", "read"),
        service.coaching_weeks,
        _weeks,
        store_id=STORE,
        from_week=Arg(str | None, "The first ISO week; by default seven weeks before toWeek."),
        to_week=Arg(str | None, "The last ISO week; by default (and at most) the current week."),
    )

    success_plans = listing(
        SuccessPlan,
        requires("success_plan", "read"),
        service.plans_visible_to,
        order=Order("held_at", descending=True),
        filter=conditions(SuccessPlanFilter, service.PlanFilter),
    )
    success_plan = lookup(
        SuccessPlan, requires("success_plan", "read"), "The plan's id.", service.visible_plan
    )
