"""Report runs: a report computed in the background, followed and retried."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from saas import models
from saas.reports import runs
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    Refused,
    parse_id,
    result_union,
)
from saas.schema.inputs import global_ids, id_of
from saas.schema.limits import MaxItems
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.schema.reads import lookup
from saas.schema.relay import Node, from_row
from saas.schema.reports.files import LanguageEnum, ReportFile, files_of_run, language_of

ReportKindEnum = described_enum(
    runs.ReportKind,
    name="ReportKind",
    description="Which report to run.",
    values={
        "DAILY_REPORT": "Every metric of one local day of a store; needs storeId and day.",
        "TARGET_ACHIEVEMENT": "Targets against actuals of a store for a month; needs storeId "
        "and month.",
        "FUNNEL": "The funnel of a store's leads taken in during [from, to); needs storeId, "
        "from and to.",
        "PERIOD_COMPARISON": "A store's period against the one before and a year earlier; needs "
        "storeId, from and to.",
        "STORE_COMPARISON": "Every store of your group side by side; needs from and to.",
        "H_LIST": "The weekly H-list of a store; needs storeId.",
        "WEEKLY_PACK": "A store manager's weekly pack, one XLSX with a sheet each: the daily "
        "report of every day of [from, to) (at most 31), targets vs actuals of from's month, "
        "current vs history, the H-list; needs storeId, from and to.",
    },
)


@strawberry.input(
    description="Parameters of a report run; which ones a kind needs is in its error."
)
@described
class RequestReportInput:
    """
    Attributes:
        kind: Which report; it decides which other fields are required.
        store_id: The store (every kind except STORE_COMPARISON).
        day: The store-local day (DAILY_REPORT).
        month: Any day of the month (TARGET_ACHIEVEMENT).
        to: Store-local day after the last one, exclusive (FUNNEL, PERIOD_COMPARISON,
            STORE_COMPARISON, WEEKLY_PACK).
        language: The language of the files' headings; default: your Accept-Language
            (zh, en), else English.
    """

    kind: ReportKindEnum
    store_id: strawberry.ID | None = None
    day: date | None = None
    month: date | None = None
    from_: date | None = strawberry.field(
        default=None,
        name="from",
        description="First store-local day, inclusive (FUNNEL, PERIOD_COMPARISON, "
        "STORE_COMPARISON, WEEKLY_PACK).",
    )
    to: date | None = None
    language: LanguageEnum | None = None


@strawberry.type(description="A report computed in the background.")
@described
class ReportRun(Node):
    """
    Attributes:
        kind: The report kind, in lower case (e.g. daily_report).
        status: queued, running, done or failed.
        progress: 0 to 100.
        error: Why it failed; retry with retryReportRun.
        title: The report's title; null until done.
        columns: Column headings of the result table; empty until done.
        rows: The result table, as text (a weekly pack: its sheets).
        csv_url: GET with your bearer token (UTF-8 with BOM); null for a weekly pack, which
            is one XLSX.
        xlsx_url: GET with your bearer token; labelled, formatted, with its chart on a sheet
            of its own.
        truncated: True when the files hold only the first REPORT_MAX_ROWS rows.
        created_at: When the run was requested (UTC, ISO-8601).
        finished_at: When the run finished or failed (UTC); null while queued or running.
    """

    kind: str
    status: str
    progress: int
    error: str | None
    title: str | None
    columns: list[str]
    rows: list[list[str]]
    csv_url: str | None
    xlsx_url: str | None
    truncated: bool
    created_at: datetime
    finished_at: datetime | None
    _run_id: strawberry.Private[int]

    @strawberry.field(
        description="The files the run was written to, with signed links; empty until done "
        "and once expired.",
        directives=[MaxItems(count=2)],
    )
    async def files(self, info: Info) -> list[ReportFile]:
        return await files_of_run(info, self._run_id)

    @classmethod
    def from_model(cls, run: models.ReportRun) -> ReportRun:
        result = run.result or {}
        done = run.status == "done"
        return from_row(
            cls,
            run,
            _run_id=run.id,
            title=result.get("title"),
            columns=list(result.get("columns") or []),  # type: ignore[call-overload]
            rows=[["" if v is None else str(v) for v in row] for row in result.get("rows") or []],  # type: ignore[attr-defined]
            csv_url=f"/reports/{run.id}.csv" if done and run.kind != "weekly_pack" else None,
            xlsx_url=f"/reports/{run.id}.xlsx" if done else None,
            truncated=bool(result.get("truncated")),
        )


ReportRunResult = result_union(
    "ReportRunResult", ReportRun | Refused, "The run to follow, or why it was not queued."
)


global_ids(RequestReportInput, store_id="Store")


@strawberry.type
@described
class ReportRunQueries:
    """
    Attributes:
        report_run: A report run: status, progress, result, downloads.
    """

    report_run = lookup(ReportRun, requires("report", "read"), "The run.", runs.get_run)


async def _request_report(info: Info, input: RequestReportInput) -> ReportRunResult:
    actor = info.context.require_actor()
    params = {
        "store_id": id_of(input, "store_id") if input.store_id else None,
        "day": input.day.isoformat() if input.day else None,
        "month": input.month.isoformat() if input.month else None,
        "from": input.from_.isoformat() if input.from_ else None,
        "to": input.to.isoformat() if input.to else None,
    }
    language = await language_of(info, input.language)
    return ReportRun.from_model(await runs.request_report(actor, input.kind, params, language))


@strawberry.type
@described
class ReportRunMutations:
    """
    Attributes:
        request_report: Run a report in the background; returns the run to follow.
    """

    request_report = mutation(
        ReportRunResult,
        requires("report", "request"),
        input=(RequestReportInput, "The report kind and its parameters."),
        request_steps=_request_report,
    )

    @strawberry.mutation(
        description="Queue a failed run again.", extensions=requires("report", "request")
    )
    async def retry_report_run(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The run.")]
    ) -> ReportRunResult:
        actor = info.context.require_actor()
        return ReportRun.from_model(await runs.retry(actor, parse_id(id, "id", "ReportRun")))
