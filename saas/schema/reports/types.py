"""The report object types, and the arguments the report queries share."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from saas.reports.metrics import METRICS
from saas.schema.crm.types import IntentGrade, Lead
from saas.schema.identity.types import User
from saas.schema.limits import MaxItems

StoreArg = Annotated[strawberry.ID, strawberry.argument(description="The store.")]
FromArg = Annotated[date, strawberry.argument(name="from", description="First local day.")]
ToArg = Annotated[date, strawberry.argument(description="Local day after the last one.")]


def user_or_none(row_user: object) -> User | None:
    return User.from_model(row_user) if row_user is not None else None  # type: ignore[arg-type]


@strawberry.type(description="The metrics of one person (or of nobody: unassigned) for a period.")
class MetricFigures:
    new_leads: int = strawberry.field(
        description="Leads created in the period (counted for their owner)."
    )
    contacts: int = strawberry.field(description="Follow-ups by a person.")
    prospecting: int = strawberry.field(description="Leads from market development.")
    showroom_visits: int = strawberry.field(description="Follow-ups by showroom visit.")
    revisits: int = strawberry.field(description="Showroom visits after the lead's first one.")
    test_drives: int = strawberry.field(description="Test drives done.")
    orders: int = strawberry.field(description="Orders signed (sold).")
    deliveries: int = strawberry.field(description="Orders delivered in the period.")
    cancellations: int = strawberry.field(description="Orders cancelled in the period.")
    lost: int = strawberry.field(description="Leads closed as lost.")
    on_time_follow_ups: int = strawberry.field(
        description="Follow-ups made by the time the lead was due (cadence compliance)."
    )

    @classmethod
    def of(cls, figures: dict[str, int]) -> MetricFigures:
        return cls(**{m: figures.get(m, 0) for m in METRICS})


@strawberry.type(description="One row of a report: a person's figures.")
class PersonFigures:
    user: User | None = strawberry.field(description="Null for work nobody owns.")
    figures: MetricFigures = strawberry.field(description="The person's counts for the period.")


@strawberry.type(description="A store's day, counted from local midnight to local midnight.")
class DailyReport:
    store_code: str = strawberry.field(description="The store's code.")
    day: date = strawberry.field(description="The store-local date reported (no time zone).")
    rows: list[PersonFigures] = strawberry.field(
        description="One row per person with any figure; the row for work nobody owns (user null) "
        "comes last.",
        directives=[MaxItems(count=200)],
    )
    totals: MetricFigures = strawberry.field(description="The store's totals for the day.")
    cadence_compliance_percent: float | None = strawberry.field(
        description="Follow-ups on time for the grade, in %."
    )
    median_minutes_to_first_contact: float | None = strawberry.field(
        description="Over the leads taken in that day."
    )
    showroom_visits_thanked: int = strawberry.field(
        description="Showroom visits (walk-ins) of the day whose customer got the thank-you "
        "message within two hours of the visit."
    )
    showroom_visits_thanked_percent: float | None = strawberry.field(
        description="showroomVisitsThanked / the day's showroom visits, in %; null without visits."
    )


@strawberry.type(description="One target: goal, actual and % achieved (null without a goal).")
class TargetFigure:
    target: str = strawberry.field(
        description="contacts, prospecting, revisits, test_drives or sold."
    )
    goal: int = strawberry.field(description="The month's goal (a count).")
    actual: int = strawberry.field(description="What was achieved in the month so far (a count).")
    percent: float | None = strawberry.field(
        description="actual / goal, in %; null when the goal is 0."
    )


@strawberry.type(description="A consultant's, or (user null) the store's, targets for the month.")
class TargetAchievement:
    user: User | None = strawberry.field(
        description="The consultant; null for the store row (the store's own target, or the sum of "
        "the consultants' when none was set)."
    )
    figures: list[TargetFigure] = strawberry.field(
        description="One entry per target kind.", directives=[MaxItems(count=5)]
    )


@strawberry.type(description="Targets against actuals of a store for a month.")
class TargetReport:
    store_code: str = strawberry.field(description="The store's code.")
    month: date = strawberry.field(
        description="The first day of the month reported (store-local calendar)."
    )
    rows: list[TargetAchievement] = strawberry.field(
        description="One per consultant with a target, then the store (user null).",
        directives=[MaxItems(count=200)],
    )


@strawberry.type(
    description="One funnel stage: leads that reached it, and conversion from the stage before."
)
class FunnelStep:
    stage: str = strawberry.field(description="The funnel stage (first_contact ... delivery).")
    reached: int = strawberry.field(
        description="Leads taken in during the period that reached this stage or a later one."
    )
    conversion_percent: float | None = strawberry.field(
        description="reached / reached of the stage before, in %; null for the first stage or "
        "when the stage before has none."
    )
    worst: bool = strawberry.field(description="The weakest stage-to-stage conversion.")


@strawberry.type(description="The funnel of a store's leads taken in during a period.")
class FunnelReport:
    steps: list[FunnelStep] = strawberry.field(
        description="The seven funnel stages in order.", directives=[MaxItems(count=7)]
    )


@strawberry.type(description="One lead of the H-list, with what a manager scans it for.")
class HListLead:
    lead: Lead = strawberry.field(description="The lead itself.")
    customer_name: str = strawberry.field(description="The customer's name.")
    grade: IntentGrade = strawberry.field(description="The lead's intent grade (H or A).")
    due_at: datetime | None = strawberry.field(
        description="When the lead is due for its next follow-up (UTC)."
    )
    last_follow_up_at: datetime | None = strawberry.field(
        description="When the latest follow-up took place (UTC); null before the first."
    )
    owner: User | None = strawberry.field(description="The consultant; null when nobody owns it.")


H_LIST_MAX = 300


@strawberry.type(
    description="Open H leads, and A leads with a test drive done: most likely to order next week."
)
class HList:
    leads: list[HListLead] = strawberry.field(
        description=f"Per consultant (the one with the soonest due lead first, leads nobody owns "
        f"last), soonest due first; at most {H_LIST_MAX}.",
        directives=[MaxItems(count=H_LIST_MAX)],
    )
    total: int = strawberry.field(description="How many leads are on the list.")


@strawberry.type(description="This period, the one before it, and the same dates a year earlier.")
class PeriodComparison:
    current: MetricFigures = strawberry.field(description="Figures of [from, to).")
    previous: MetricFigures = strawberry.field(
        description="Figures of the period of the same length just before."
    )
    last_year: MetricFigures = strawberry.field(
        description="Figures of the same dates a year earlier (29 February becomes the 28th)."
    )


@strawberry.type(
    description="A store in the comparison: its figures and its rank per metric (1 = most)."
)
class StoreColumn:
    store_code: str = strawberry.field(description="The store's code.")
    store_name: str = strawberry.field(description="The store's name.")
    figures: MetricFigures = strawberry.field(description="The store's totals for the period.")
    ranks: MetricFigures = strawberry.field(
        description="The store's rank per metric among the group's stores (1 = most)."
    )


@strawberry.type(description="Every store of your group side by side, with the group median.")
class StoreComparison:
    stores: list[StoreColumn] = strawberry.field(
        description="Every store of your group you can see.", directives=[MaxItems(count=200)]
    )
    median: MetricMedians = strawberry.field(
        description="The median over the stores of each metric (e.g. orders 4.5)."
    )


@strawberry.type(description="The median over the compared stores of each metric.")
class MetricMedians:
    new_leads: float = strawberry.field(description="Median of new leads.")
    contacts: float = strawberry.field(description="Median of follow-ups by a person.")
    prospecting: float = strawberry.field(description="Median of leads from market development.")
    showroom_visits: float = strawberry.field(description="Median of showroom visits.")
    revisits: float = strawberry.field(description="Median of showroom revisits.")
    test_drives: float = strawberry.field(description="Median of test drives done.")
    orders: float = strawberry.field(description="Median of orders signed (sold).")
    deliveries: float = strawberry.field(description="Median of orders delivered.")
    cancellations: float = strawberry.field(description="Median of orders cancelled.")
    lost: float = strawberry.field(description="Median of leads closed as lost.")
    on_time_follow_ups: float = strawberry.field(
        description="Median of follow-ups made by the time the lead was due."
    )

    @classmethod
    def of(cls, medians: dict[str, float]) -> MetricMedians:
        return cls(**{m: medians.get(m, 0.0) for m in METRICS})
