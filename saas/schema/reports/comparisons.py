"""Comparisons: a period against earlier ones, and the group's stores side by side."""

from __future__ import annotations

import strawberry

from saas.reports import service
from saas.schema.context import Info
from saas.schema.errors import (
    Answered,
    ForbiddenError,
    Refused,
    ValidationErrors,
    parse_id,
    result_union,
)
from saas.schema.permissions import requires
from saas.schema.reports.types import (
    FromArg,
    MetricFigures,
    MetricMedians,
    PeriodComparison,
    StoreArg,
    StoreColumn,
    StoreComparison,
    ToArg,
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


@strawberry.type
class ComparisonReportQueries:
    @strawberry.field(
        description="A period against the one before and the same dates last year.",
        extensions=[*requires("report", "read"), Answered()],
    )
    async def period_comparison(
        self, info: Info, store_id: StoreArg, from_: FromArg, to: ToArg
    ) -> PeriodComparisonResult:
        c = await service.period_comparison(
            info.context.require_actor(), parse_id(store_id, "storeId", "Store"), from_, to
        )
        return PeriodComparison(
            current=MetricFigures.of(c.current),
            previous=MetricFigures.of(c.previous),
            last_year=MetricFigures.of(c.last_year),
        )

    @strawberry.field(
        description="Every store of your group side by side, with ranks and the median.",
        extensions=[*requires("report", "read"), Answered()],
    )
    async def store_comparison(
        self, info: Info, from_: FromArg, to: ToArg
    ) -> StoreComparisonResult:
        c = await service.store_comparison(info.context.require_actor(), from_, to)
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
