"""The report object types, and the arguments the report queries share."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from saas.reports.metrics import METRICS
from saas.schema.crm.types import IntentGrade, Lead
from saas.schema.described import described
from saas.schema.identity.types import User
from saas.schema.limits import MaxItems
from saas.schema.reads import REQUIRED, Arg, object_id

StoreArg = Annotated[strawberry.ID, strawberry.argument(description="The store.")]
FromArg = Annotated[date, strawberry.argument(name="from", description="First local day.")]
ToArg = Annotated[date, strawberry.argument(description="Local day after the last one.")]
# The same, for the fields declared with `report` (saas/schema/reads.py).
STORE = object_id("Store", "The store.", "storeId")
FROM = Arg(date, "First local day.", REQUIRED, name="from")
TO = Arg(date, "Local day after the last one.", REQUIRED)


def user_or_none(row_user: object) -> User | None:
    return User.from_model(row_user) if row_user is not None else None  # type: ignore[arg-type]


@strawberry.type(description="The metrics of one person (or of nobody: unassigned) for a period.")
@described
class MetricFigures:
    """
    Attributes:
        new_leads: Leads created in the period (counted for their owner).
        contacts: Follow-ups by a person.
        prospecting: Leads from market development.
        showroom_visits: Follow-ups by showroom visit.
        revisits: Showroom visits after the lead's first one.
        test_drives: Test drives done.
        orders: Orders signed (sold).
        deliveries: Orders delivered in the period.
        cancellations: Orders cancelled in the period.
        lost: Leads closed as lost.
        on_time_follow_ups: Follow-ups made by the time the lead was due (cadence compliance).
    """

    new_leads: int
    contacts: int
    prospecting: int
    showroom_visits: int
    revisits: int
    test_drives: int
    orders: int
    deliveries: int
    cancellations: int
    lost: int
    on_time_follow_ups: int

    @classmethod
    def of(cls, figures: dict[str, int]) -> MetricFigures:
        return cls(**{m: figures.get(m, 0) for m in METRICS})


@strawberry.type(description="One row of a report: a person's figures.")
@described
class PersonFigures:
    """
    Attributes:
        user: Null for work nobody owns.
        figures: The person's counts for the period.
    """

    user: User | None
    figures: MetricFigures


@strawberry.type(description="A store's day, counted from local midnight to local midnight.")
@described
class DailyReport:
    """
    Attributes:
        store_code: The store's code.
        day: The store-local date reported (no time zone).
        totals: The store's totals for the day.
        cadence_compliance_percent: Follow-ups on time for the grade, in %.
        median_minutes_to_first_contact: Over the leads taken in that day.
        showroom_visits_thanked: Showroom visits (walk-ins) of the day whose customer got the
            thank-you message within two hours of the visit.
        showroom_visits_thanked_percent: showroomVisitsThanked / the day's showroom visits, in %;
            null without visits.
        customer_cards_not_signed: Customer cards that at the end of the day had waited over a
            day for the showroom manager's signature (submitted over a day before, not signed
            by then).
        customer_cards_not_entered: Customer cards that at the end of the day had waited over a
            day to be entered (signed over a day before, not entered by then).
    """

    store_code: str
    day: date
    rows: list[PersonFigures] = strawberry.field(
        description="One row per person with any figure; the row for work nobody owns (user null) "
        "comes last.",
        directives=[MaxItems(count=200)],
    )
    totals: MetricFigures
    cadence_compliance_percent: float | None
    median_minutes_to_first_contact: float | None
    showroom_visits_thanked: int
    showroom_visits_thanked_percent: float | None
    customer_cards_not_signed: int
    customer_cards_not_entered: int


@strawberry.type(description="One target: goal, actual and % achieved (null without a goal).")
@described
class TargetFigure:
    """
    Attributes:
        target: contacts, prospecting, revisits, test_drives or sold.
        goal: The month's goal (a count).
        actual: What was achieved in the month so far (a count).
        percent: actual / goal, in %; null when the goal is 0.
    """

    target: str
    goal: int
    actual: int
    percent: float | None


@strawberry.type(description="A consultant's, or (user null) the store's, targets for the month.")
@described
class TargetAchievement:
    """
    Attributes:
        user: The consultant; null for the store row (the store's own target, or the sum of the
            consultants' when none was set).
    """

    user: User | None
    figures: list[TargetFigure] = strawberry.field(
        description="One entry per target kind.", directives=[MaxItems(count=5)]
    )


@strawberry.type(description="Targets against actuals of a store for a month.")
@described
class TargetReport:
    """
    Attributes:
        store_code: The store's code.
        month: The first day of the month reported (store-local calendar).
    """

    store_code: str
    month: date
    rows: list[TargetAchievement] = strawberry.field(
        description="One per consultant with a target, then the store (user null).",
        directives=[MaxItems(count=200)],
    )


@strawberry.type(
    description="One funnel stage: leads that reached it, and conversion from the stage before."
)
@described
class FunnelStep:
    """
    Attributes:
        stage: The funnel stage (first_contact ... delivery).
        reached: Leads taken in during the period that reached this stage or a later one.
        conversion_percent: reached / reached of the stage before, in %; null for the first stage or
            when the stage before has none.
        worst: The weakest stage-to-stage conversion.
    """

    stage: str
    reached: int
    conversion_percent: float | None
    worst: bool


@strawberry.type(description="The funnel of a store's leads taken in during a period.")
class FunnelReport:
    steps: list[FunnelStep] = strawberry.field(
        description="The seven funnel stages in order.", directives=[MaxItems(count=7)]
    )


@strawberry.type(description="One lead of the H-list, with what a manager scans it for.")
@described
class HListLead:
    """
    Attributes:
        lead: The lead itself.
        customer_name: The customer's name.
        grade: The lead's intent grade (H or A).
        due_at: When the lead is due for its next follow-up (UTC).
        last_follow_up_at: When the latest follow-up took place (UTC); null before the first.
        owner: The consultant; null when nobody owns it.
    """

    lead: Lead
    customer_name: str
    grade: IntentGrade
    due_at: datetime | None
    last_follow_up_at: datetime | None
    owner: User | None


H_LIST_MAX = 300


@strawberry.type(
    description="Open H leads, and A leads with a test drive done: most likely to order next week."
)
@described
class HList:
    """
    Attributes:
        total: How many leads are on the list.
    """

    leads: list[HListLead] = strawberry.field(
        description=f"Per consultant (the one with the soonest due lead first, leads nobody owns "
        f"last), soonest due first; at most {H_LIST_MAX}.",
        directives=[MaxItems(count=H_LIST_MAX)],
    )
    total: int


@strawberry.type(description="This period, the one before it, and the same dates a year earlier.")
@described
class PeriodComparison:
    """
    Attributes:
        current: Figures of [from, to).
        previous: Figures of the period of the same length just before.
        last_year: Figures of the same dates a year earlier (29 February becomes the 28th).
    """

    current: MetricFigures
    previous: MetricFigures
    last_year: MetricFigures


@strawberry.type(
    description="A store in the comparison: its figures and its rank per metric (1 = most)."
)
@described
class StoreColumn:
    """
    Attributes:
        store_code: The store's code.
        store_name: The store's name.
        figures: The store's totals for the period.
        ranks: The store's rank per metric among the group's stores (1 = most).
    """

    store_code: str
    store_name: str
    figures: MetricFigures
    ranks: MetricFigures


@strawberry.type(description="Every store of your group side by side, with the group median.")
@described
class StoreComparison:
    """
    Attributes:
        median: The median over the stores of each metric (e.g. orders 4.5).
    """

    stores: list[StoreColumn] = strawberry.field(
        description="Every store of your group you can see.", directives=[MaxItems(count=200)]
    )
    median: MetricMedians


@strawberry.type(description="The median over the compared stores of each metric.")
@described
class MetricMedians:
    """
    Attributes:
        new_leads: Median of new leads.
        contacts: Median of follow-ups by a person.
        prospecting: Median of leads from market development.
        showroom_visits: Median of showroom visits.
        revisits: Median of showroom revisits.
        test_drives: Median of test drives done.
        orders: Median of orders signed (sold).
        deliveries: Median of orders delivered.
        cancellations: Median of orders cancelled.
        lost: Median of leads closed as lost.
        on_time_follow_ups: Median of follow-ups made by the time the lead was due.
    """

    new_leads: float
    contacts: float
    prospecting: float
    showroom_visits: float
    revisits: float
    test_drives: float
    orders: float
    deliveries: float
    cancellations: float
    lost: float
    on_time_follow_ups: float

    @classmethod
    def of(cls, medians: dict[str, float]) -> MetricMedians:
        return cls(**{m: medians.get(m, 0.0) for m in METRICS})
