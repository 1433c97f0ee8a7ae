"""The daily report of a store."""

from __future__ import annotations

from datetime import date

import strawberry

from saas.reports import service
from saas.schema.described import described
from saas.schema.errors import (
    Refused,
    result_union,
)
from saas.schema.permissions import requires
from saas.schema.reads import REQUIRED, Arg, report
from saas.schema.reports.types import STORE, DailyReport, MetricFigures, PersonFigures, user_or_none

DailyReportResult = result_union(
    "DailyReportResult", DailyReport | Refused, "The report, or why it cannot be shown."
)


def _daily_report(daily: service.DailyReport) -> DailyReport:
    return DailyReport(
        store_code=daily.store.code,
        day=daily.day,
        rows=[
            PersonFigures(user=user_or_none(row.user), figures=MetricFigures.of(row.figures))
            for row in daily.rows
        ],
        totals=MetricFigures.of(daily.totals),
        cadence_compliance_percent=daily.cadence_compliance_percent,
        median_minutes_to_first_contact=daily.median_minutes_to_first_contact,
        showroom_visits_thanked=daily.visits_thanked.thanked_in_time,
        showroom_visits_thanked_percent=daily.visits_thanked.percent,
        customer_cards_not_signed=daily.cards_late.not_signed,
        customer_cards_not_entered=daily.cards_late.not_entered,
    )


@strawberry.type
@described
class DailyReportQueries:
    """
    Attributes:
        daily_report: Every metric of one local day of a store, per person and in total.
    """

    daily_report = report(
        DailyReportResult,
        requires("report", "read"),
        service.daily_report,
        _daily_report,
        store_id=STORE,
        day=Arg(date, "The store's local date.", REQUIRED),
    )
