"""Monthly targets: setting them, and targets against actuals."""

from __future__ import annotations

from datetime import date

import strawberry

from saas.reports import service
from saas.schema.described import described
from saas.schema.errors import (
    Refused,
    result_union,
)
from saas.schema.inputs import global_ids, to_args
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.schema.reads import REQUIRED, Arg, report
from saas.schema.relay import from_row, optional_global_id
from saas.schema.reports.types import (
    STORE,
    TargetAchievement,
    TargetFigure,
    TargetReport,
    user_or_none,
)
from saas.tenancy.actor import Actor


@strawberry.input(description="Monthly targets; omit userId for the store's own target.")
@described
class SetTargetInput:
    """
    Attributes:
        store_id: The store.
        user_id: A consultant of the store; null for the store's own target.
        month: Any day of the month.
        contacts: Goal: follow-ups (total contacts) in the month; not negative.
        prospecting: Goal: leads from market development in the month; not negative.
        revisits: Goal: showroom revisits in the month; not negative.
        test_drives: Goal: test drives done in the month; not negative.
        sold: Goal: orders signed in the month; not negative.
    """

    store_id: strawberry.ID
    user_id: strawberry.ID | None = None
    month: date
    contacts: int = 0
    prospecting: int = 0
    revisits: int = 0
    test_drives: int = 0
    sold: int = 0


@strawberry.type(description="The targets as stored.")
@described
class TargetSet:
    """
    Attributes:
        month: The first day of the month the targets are for.
        user_id: The consultant; null for the store row (the store's own target, or the sum of the
            consultants' when none was set).
        contacts: Goal: follow-ups in the month.
        prospecting: Goal: leads from market development in the month.
        revisits: Goal: showroom revisits in the month.
        test_drives: Goal: test drives done in the month.
        sold: Goal: orders signed in the month.
    """

    month: date
    user_id: strawberry.ID | None
    contacts: int
    prospecting: int
    revisits: int
    test_drives: int
    sold: int


SetTargetResult = result_union(
    "SetTargetResult", TargetSet | Refused, "The targets as stored, or why nothing was saved."
)
TargetReportResult = result_union(
    "TargetReportResult", TargetReport | Refused, "The report, or why it cannot be shown."
)


def _target_report(found: tuple[str, date, list[service.TargetRow]]) -> TargetReport:
    store_code, first, rows = found
    return TargetReport(
        store_code=store_code,
        month=first,
        rows=[
            TargetAchievement(
                user=user_or_none(r.user),
                figures=[from_row(TargetFigure, a) for a in r.achievements],
            )
            for r in rows
        ],
    )


@strawberry.type
@described
class TargetQueries:
    """
    Attributes:
        target_achievement: Targets against actuals for a month: per consultant, then the store.
    """

    target_achievement = report(
        TargetReportResult,
        requires("report", "read"),
        service.target_achievement,
        _target_report,
        store_id=STORE,
        month=Arg(date, "Any day of the month.", REQUIRED),
    )


global_ids(SetTargetInput, store_id="Store", user_id="User")


async def _set_target(actor: Actor, input: SetTargetInput) -> SetTargetResult:
    values = {n: getattr(input, n) for n in service.TARGETS}
    target = await to_args(input, service.set_target, actor, values=values, partial=True)
    return TargetSet(
        month=target.month,
        user_id=optional_global_id("User", target.user_id or None),
        **{n: getattr(target, n) for n in service.TARGETS},
    )


@strawberry.type
@described
class TargetMutations:
    """
    Attributes:
        set_target: Set monthly targets (sales managers).
    """

    set_target = mutation(
        SetTargetResult,
        requires("target", "set"),
        input=(SetTargetInput, "The store, the consultant (or none), the month and the goals."),
        steps=_set_target,
    )
