"""The daily report of a store."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from saas.reports import service
from saas.schema.context import Info
from saas.schema.errors import (
    Answered,
    Refused,
    parse_id,
    result_union,
)
from saas.schema.permissions import requires
from saas.schema.reports.types import DailyReport, MetricFigures, PersonFigures, user_or_none

DailyReportResult = result_union(
    "DailyReportResult", DailyReport | Refused, "The report, or why it cannot be shown."
)


@strawberry.type
class DailyReportQueries:
    @strawberry.field(
        description="Every metric of one local day of a store, per person and in total.",
        extensions=[*requires("report", "read"), Answered()],
    )
    async def daily_report(
        self,
        info: Info,
        store_id: Annotated[strawberry.ID, strawberry.argument(description="The store.")],
        day: Annotated[date, strawberry.argument(description="The store's local date.")],
    ) -> DailyReportResult:
        actor = info.context.require_actor()
        report = await service.daily_report(actor, parse_id(store_id, "storeId", "Store"), day)
        return DailyReport(
            store_code=report.store.code,
            day=report.day,
            rows=[
                PersonFigures(user=user_or_none(r.user), figures=MetricFigures.of(r.figures))
                for r in report.rows
            ],
            totals=MetricFigures.of(report.totals),
            cadence_compliance_percent=report.cadence_compliance_percent,
            median_minutes_to_first_contact=report.median_minutes_to_first_contact,
            showroom_visits_thanked=report.visits_thanked.thanked_in_time,
            showroom_visits_thanked_percent=report.visits_thanked.percent,
            customer_cards_not_signed=report.cards_late.not_signed,
            customer_cards_not_entered=report.cards_late.not_entered,
        )
