"""Comparisons: a period against earlier ones, and the group's stores side by side."""

from __future__ import annotations

import strawberry

from saas.reports import service
from saas.schema.described import described
from saas.schema.errors import (
    ForbiddenError,
    Refused,
    ValidationErrors,
    result_union,
)
from saas.schema.permissions import requires
from saas.schema.reads import report
from saas.schema.reports.types import (
    FROM,
    STORE,
    TO,
    MetricFigures,
    MetricMedians,
    PeriodComparison,
    StoreColumn,
    StoreComparison,
)

PeriodComparisonResult = result_union(
    "PeriodComparisonResult",
    PeriodComparison | Refused,
    "The comparison, or why it cannot be shown.",
)
StoreComparisonResult = result_union(
    "StoreComparisonResult",
    StoreComparison | ValidationErrors | ForbiddenError,
    "The comparison, or why it cannot be shown.",
)


def _period_comparison(c: service.PeriodComparison) -> PeriodComparison:
    return PeriodComparison(
        current=MetricFigures.of(c.current),
        previous=MetricFigures.of(c.previous),
        last_year=MetricFigures.of(c.last_year),
    )


def _store_comparison(c: service.StoreComparison) -> StoreComparison:
    return StoreComparison(
        stores=[
            StoreColumn(
                store_code=s.store.code,
                store_name=s.store.name,
                figures=MetricFigures.of(s.figures),
                ranks=MetricFigures.of(s.ranks),
            )
            for s in c.stores
        ],
        median=MetricMedians.of(c.median),
    )


@strawberry.type
@described
class ComparisonReportQueries:
    """
    Attributes:
        period_comparison: A period against the one before and the same dates last year.
        store_comparison: Every store of your group side by side, with ranks and the median.
    """

    period_comparison = report(
        PeriodComparisonResult,
        requires("report", "read"),
        service.period_comparison,
        _period_comparison,
        store_id=STORE,
        from_=FROM,
        to=TO,
    )

    store_comparison = report(
        StoreComparisonResult,
        requires("report", "read"),
        service.store_comparison,
        _store_comparison,
        from_=FROM,
        to=TO,
    )
