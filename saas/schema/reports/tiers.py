"""A store's customers by value tier and purchase potential."""

from __future__ import annotations

import strawberry

from saas.reports import service
from saas.schema.described import described
from saas.schema.errors import (
    Refused,
    result_union,
)
from saas.schema.limits import MaxItems
from saas.schema.permissions import requires
from saas.schema.reads import report
from saas.schema.reports.types import STORE


@strawberry.type(description="Live customers of one value tier, by purchase potential.")
@described
class TierPotentialRow:
    """
    Attributes:
        value_tier: A, B or C; null for customers the monthly classification has not reached yet.
        customers: Live (not merged) customers of the store in this tier.
        high: Of them, judged to have high purchase potential.
        medium: Of them, judged to have medium purchase potential.
        low: Of them, judged to have low purchase potential.
        not_judged: Of them, without a purchase potential.
        credit_rated: Of them, with a credit rating (key customers only).
    """

    value_tier: str | None
    customers: int
    high: int
    medium: int
    low: int
    not_judged: int
    credit_rated: int


@strawberry.type(description="A store's customers by value tier and purchase potential.")
class TierPotentialReport:
    rows: list[TierPotentialRow] = strawberry.field(
        description="One row per value tier: A, B, C, then not yet classified.",
        directives=[MaxItems(count=4)],
    )


TierPotentialResult = result_union(
    "TierPotentialResult", TierPotentialReport | Refused, "The report, or why it cannot be shown."
)


def _tier_report(rows: list[service.TierPotential]) -> TierPotentialReport:
    return TierPotentialReport(
        rows=[
            TierPotentialRow(
                value_tier=r.value_tier,
                customers=r.customers,
                high=r.potential["high"],
                medium=r.potential["medium"],
                low=r.potential["low"],
                not_judged=r.potential[None],
                credit_rated=r.credit_rated,
            )
            for r in rows
        ]
    )


@strawberry.type
@described
class TierReportQueries:
    """
    Attributes:
        tier_potential_report: The store's live customers per value tier, counted by purchase
            potential.
    """

    tier_potential_report = report(
        TierPotentialResult,
        requires("report", "read"),
        service.tier_potential,
        _tier_report,
        store_id=STORE,
    )
