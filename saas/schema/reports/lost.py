"""Lost-reason analysis: lost and returned leads by reason, model, competitor
brand, consultant and stage reached, and the flat list behind it."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry

from saas.crm import vocabulary as v
from saas.reports import lost as service
from saas.schema.context import Info
from saas.schema.crm.types import FunnelStage, LostReason
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    Answered,
    Refused,
    parse_id,
    result_union,
)
from saas.schema.limits import MaxItems
from saas.schema.permissions import requires
from saas.schema.relay import from_row, to_global_id

# Bounded so that the whole report stays within the query cost limit.
MAX_CASES = 1000
MAX_GROUPS = 100


@described_enum(
    description="How a lost request ended.",
    values={
        "LOST": "The manager approved it: the lead closed as lost.",
        "RETURNED": "The manager refused it and sent the lead back to follow-up.",
    },
)
class LostOutcome(Enum):
    LOST = "lost"
    RETURNED = "returned"


@strawberry.input(description="Which lost decisions the report covers.")
@described
class LostLeadReportFilter:
    """
    Attributes:
        to: Store-local day after the last one (exclusive); give it with `from`.
        consultant_id: Only the leads this consultant owned when the loss was asked for.
    """

    from_: date | None = strawberry.field(
        default=None,
        name="from",
        description="First store-local day of the decisions, inclusive; give it with `to`. "
        "Without both: the last 30 days up to and including today.",
    )
    to: date | None = None
    store_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only these stores (each one you may report on); all of yours when null.",
    )
    consultant_id: strawberry.ID | None = None


@strawberry.type(description="One group of lost decisions: its counts and shares.")
@described
class LostGroup:
    """
    Attributes:
        key: The group's value: a reason or stage code, a vehicle model's or consultant's id, or a
            competitor brand; null for decisions where it was not recorded.
        label: The group's value in words (a model's brand and name, a consultant's name).
        lost: Lost requests approved: leads closed as lost.
        returned: Lost requests refused: leads sent back to follow-up.
        lost_percent: lost / all lost decisions of the report, in %; null when there are none.
        returned_percent: returned / all returned decisions of the report, in %; null when there
            are none.
    """

    key: str | None
    label: str
    lost: int
    returned: int
    lost_percent: float | None
    returned_percent: float | None


@strawberry.type(description="One decided lost request: a row of the flat breakdown.")
@described
class LostCase:
    """
    Attributes:
        lead_id: The lead.
        store_code: The lead's store.
        outcome: Approved (LOST) or refused (RETURNED).
        decided_on: The store-local day of the decision.
        decided_at: When the manager decided (UTC).
        reason: The reason the consultant gave.
        vehicle_model: The intended model, brand and name; null when none was recorded.
        competitor_brand: The competitor brand the customer bought; null when none was named.
        competitor_model: The competitor model; null when none was named.
        consultant: The name of the lead's owner when the loss was asked for; null when nobody.
        stage: The funnel stage the lead had reached when the loss was asked for.
    """

    lead_id: strawberry.ID
    store_code: str
    outcome: LostOutcome
    decided_on: date
    decided_at: datetime
    reason: LostReason | None
    vehicle_model: str | None
    competitor_brand: str | None
    competitor_model: str | None
    consultant: str | None
    stage: FunnelStage | None


@strawberry.type(
    description="Lost and returned leads of a period: by reason, model, competitor brand, "
    "consultant and stage reached, and one row per decision."
)
@described
class LostLeadReport:
    """
    Attributes:
        to: Store-local day after the last one, as asked; null for the default period.
        lost: Lost requests approved in the period.
        returned: Lost requests refused in the period (leads sent back to follow-up).
    """

    from_: date | None = strawberry.field(
        name="from", description="First store-local day, as asked; null for the default period."
    )
    to: date | None
    lost: int
    returned: int
    by_reason: list[LostGroup] = strawberry.field(
        description="By the reason given; most lost first.",
        directives=[MaxItems(count=len(v.LostReason) + 1)],
    )
    by_vehicle_model: list[LostGroup] = strawberry.field(
        description=f"By the intended model; most lost first (the first {MAX_GROUPS}).",
        directives=[MaxItems(count=MAX_GROUPS)],
    )
    by_competitor_brand: list[LostGroup] = strawberry.field(
        description="By the competitor brand bought (reason BOUGHT_COMPETITOR), the other "
        f"reasons in the group with key null; most lost first (the first {MAX_GROUPS}).",
        directives=[MaxItems(count=MAX_GROUPS)],
    )
    by_consultant: list[LostGroup] = strawberry.field(
        description="By the lead's owner when the loss was asked for; most lost first (the "
        f"first {MAX_GROUPS}).",
        directives=[MaxItems(count=MAX_GROUPS)],
    )
    by_stage: list[LostGroup] = strawberry.field(
        description="By the funnel stage the lead had reached when the loss was asked for; "
        "most lost first.",
        directives=[MaxItems(count=len(v.FunnelStage) + 1)],
    )
    cases: list[LostCase] = strawberry.field(
        description=f"The flat breakdown, one row per decision, oldest first (the first "
        f"{MAX_CASES}; caseCount says how many there are): paste it into a spreadsheet and "
        "pivot by any column.",
        directives=[MaxItems(count=MAX_CASES)],
    )
    case_count: int = strawberry.field(description="How many decisions the report counts.")


LostLeadReportResult = result_union(
    "LostLeadReportResult", LostLeadReport | Refused, "The report, or why it cannot be shown."
)


def _key(dimension: str, key: str | int | None) -> str | None:
    if key is None:
        return None
    if dimension == "vehicle_model":
        return to_global_id("VehicleModel", int(key))
    if dimension == "consultant":
        return to_global_id("User", int(key))
    return str(key)


def _group_list(report: service.LostReport, dimension: str) -> list[LostGroup]:
    return [from_row(LostGroup, g, key=_key(dimension, g.key)) for g in report.groups[dimension]]


def _case(c: service.LostCase) -> LostCase:
    model = c.vehicle_model
    return LostCase(
        lead_id=to_global_id("Lead", c.lead_id),
        store_code=c.store.code,
        outcome=LostOutcome(c.outcome),
        decided_on=c.decided_on,
        decided_at=c.decided_at,
        reason=v.LostReason(c.reason) if c.reason in set(v.LostReason) else None,
        vehicle_model=f"{model.brand} {model.name}" if model else None,
        competitor_brand=c.competitor_brand,
        competitor_model=c.competitor_model,
        consultant=c.consultant.name if c.consultant else None,
        stage=v.FunnelStage(c.stage) if c.stage in set(v.FunnelStage) else None,
    )


@strawberry.type
class LostReportQueries:
    @strawberry.field(
        description="Lost and returned leads of a period by reason, intended model, competitor "
        "brand, consultant and stage reached, with counts and shares, and one row per "
        "decision: your own leads as a consultant, your store's as a manager, every store's as "
        "an executive.",
        extensions=[*requires("lost_report", "read"), Answered()],
    )
    async def lost_lead_report(
        self,
        info: Info,
        filter: Annotated[
            LostLeadReportFilter | None,
            strawberry.argument(description="Period, stores and consultant."),
        ] = None,
    ) -> LostLeadReportResult:
        f = filter or LostLeadReportFilter()
        report = await service.lost_report(
            info.context.require_actor(),
            service.LostReportFilter(
                first=f.from_,
                last_exclusive=f.to,
                store_ids=[parse_id(s, "filter.storeIds", "Store") for s in f.store_ids]
                if f.store_ids is not None
                else None,
                consultant_id=parse_id(f.consultant_id, "filter.consultantId", "User")
                if f.consultant_id is not None
                else None,
            ),
        )
        return LostLeadReport(
            from_=report.first,
            to=report.last_exclusive,
            lost=report.lost,
            returned=report.returned,
            by_reason=_group_list(report, "reason"),
            by_vehicle_model=_group_list(report, "vehicle_model"),
            by_competitor_brand=_group_list(report, "competitor_brand"),
            by_consultant=_group_list(report, "consultant"),
            by_stage=_group_list(report, "stage"),
            cases=[_case(c) for c in report.cases],
            case_count=len(report.cases),
        )
