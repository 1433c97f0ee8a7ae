"""Reports: the daily report and targets against actuals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from saas import models
from saas.errors import SaasError
from saas.reports import runs, service
from saas.reports.metrics import METRICS
from saas.schema.context import Info
from saas.schema.enums import described_enum
from saas.schema.errors import (
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    as_id,
    parse_id,
    to_user_error,
)
from saas.schema.identity.types import User
from saas.schema.limits import MaxItems
from saas.schema.permissions import requires
from saas.schema.relay import Node, optional_global_id, to_global_id


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


@strawberry.input(description="Monthly targets; omit userId for the store's own target.")
class SetTargetInput:
    store_id: strawberry.ID = strawberry.field(description="The store.")
    user_id: strawberry.ID | None = strawberry.field(
        default=None, description="A consultant of the store; null for the store's own target."
    )
    month: date = strawberry.field(description="Any day of the month.")
    contacts: int = strawberry.field(
        default=0, description="Goal: follow-ups (total contacts) in the month; not negative."
    )
    prospecting: int = strawberry.field(
        default=0, description="Goal: leads from market development in the month; not negative."
    )
    revisits: int = strawberry.field(
        default=0, description="Goal: showroom revisits in the month; not negative."
    )
    test_drives: int = strawberry.field(
        default=0, description="Goal: test drives done in the month; not negative."
    )
    sold: int = strawberry.field(
        default=0, description="Goal: orders signed in the month; not negative."
    )


@strawberry.type(description="The targets as stored.")
class TargetSet:
    month: date = strawberry.field(description="The first day of the month the targets are for.")
    user_id: strawberry.ID | None = strawberry.field(
        description="The consultant; null for the store row (the store's own target, or the sum of "
        "the consultants' when none was set)."
    )
    contacts: int = strawberry.field(description="Goal: follow-ups in the month.")
    prospecting: int = strawberry.field(
        description="Goal: leads from market development in the month."
    )
    revisits: int = strawberry.field(description="Goal: showroom revisits in the month.")
    test_drives: int = strawberry.field(description="Goal: test drives done in the month.")
    sold: int = strawberry.field(description="Goal: orders signed in the month.")


SetTargetResult = Annotated[
    TargetSet | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union(
        "SetTargetResult", description="The targets as stored, or why nothing was saved."
    ),
]
TargetReportResult = Annotated[
    TargetReport | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("TargetReportResult", description="The report, or why it cannot be shown."),
]
DailyReportResult = Annotated[
    DailyReport | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("DailyReportResult", description="The report, or why it cannot be shown."),
]


def _user(row_user: object) -> User | None:
    return User.from_model(row_user) if row_user is not None else None  # type: ignore[arg-type]


@strawberry.type
class ReportQueries:
    @strawberry.field(
        description="Every metric of one local day of a store, per person and in total.",
        extensions=requires("report", "read"),
    )
    async def daily_report(
        self,
        info: Info,
        store_id: Annotated[strawberry.ID, strawberry.argument(description="The store.")],
        day: Annotated[date, strawberry.argument(description="The store's local date.")],
    ) -> DailyReportResult:
        actor = info.context.require_actor()
        try:
            report = await service.daily_report(actor, parse_id(store_id, "storeId", "Store"), day)
        except SaasError as exc:
            return to_user_error(exc)  # type: ignore[return-value]
        return DailyReport(
            store_code=report.store.code,
            day=report.day,
            rows=[
                PersonFigures(user=_user(r.user), figures=MetricFigures.of(r.figures))
                for r in report.rows
            ],
            totals=MetricFigures.of(report.totals),
            cadence_compliance_percent=report.cadence_compliance_percent,
            median_minutes_to_first_contact=report.median_minutes_to_first_contact,
        )

    @strawberry.field(
        description="Targets against actuals for a month: per consultant, then the store.",
        extensions=requires("report", "read"),
    )
    async def target_achievement(
        self,
        info: Info,
        store_id: Annotated[strawberry.ID, strawberry.argument(description="The store.")],
        month: Annotated[date, strawberry.argument(description="Any day of the month.")],
    ) -> TargetReportResult:
        actor = info.context.require_actor()
        try:
            store_code, first, rows = await service.target_achievement(
                actor, parse_id(store_id, "storeId", "Store"), month
            )
        except SaasError as exc:
            return to_user_error(exc)  # type: ignore[return-value]
        return TargetReport(
            store_code=store_code,
            month=first,
            rows=[
                TargetAchievement(
                    user=_user(r.user),
                    figures=[
                        TargetFigure(
                            target=a.target, goal=a.goal, actual=a.actual, percent=a.percent
                        )
                        for a in r.achievements
                    ],
                )
                for r in rows
            ],
        )


@strawberry.type
class ReportMutations:
    @strawberry.mutation(
        description="Set monthly targets (sales managers).", extensions=requires("target", "set")
    )
    async def set_target(
        self,
        info: Info,
        input: Annotated[
            SetTargetInput,
            strawberry.argument(
                description="The store, the consultant (or none), the month and the goals."
            ),
        ],
    ) -> SetTargetResult:
        actor = info.context.require_actor()
        target = await service.set_target(
            actor,
            parse_id(input.store_id, "input.storeId", "Store"),
            parse_id(input.user_id, "input.userId", "User") if input.user_id else None,
            input.month,
            {n: getattr(input, n) for n in service.TARGETS},
        )
        return TargetSet(
            month=target.month,
            user_id=optional_global_id("User", target.user_id or None),
            **{n: getattr(target, n) for n in service.TARGETS},
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


@strawberry.type(description="A consultant's part of the weekly H-list.")
class HListEntry:
    owner: User | None = strawberry.field(description="The consultant; null for leads nobody owns.")
    lead_ids: list[strawberry.ID] = strawberry.field(
        description="Soonest due first; open them with lead(id)."
    )


@strawberry.type(
    description="Open H leads, and A leads with a test drive done: most likely to order next week."
)
class HList:
    entries: list[HListEntry] = strawberry.field(
        description="One entry per owner with at least one such lead.",
        directives=[MaxItems(count=200)],
    )


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
    median: list[str] = strawberry.field(description="metric=median pairs, e.g. 'orders=4.5'.")


FunnelResult = Annotated[
    FunnelReport | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("FunnelResult", description="The funnel, or why it cannot be shown."),
]
HListResult = Annotated[
    HList | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("HListResult", description="The H-list, or why it cannot be shown."),
]
PeriodComparisonResult = Annotated[
    PeriodComparison | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union(
        "PeriodComparisonResult", description="The comparison, or why it cannot be shown."
    ),
]
StoreComparisonResult = Annotated[
    StoreComparison | ValidationErrors | ForbiddenError,
    strawberry.union(
        "StoreComparisonResult", description="The comparison, or why it cannot be shown."
    ),
]

StoreArg = Annotated[strawberry.ID, strawberry.argument(description="The store.")]
FromArg = Annotated[date, strawberry.argument(name="from", description="First local day.")]
ToArg = Annotated[date, strawberry.argument(description="Local day after the last one.")]


@strawberry.type
class MoreReportQueries:
    @strawberry.field(
        description="The funnel of leads taken in during [from, to).",
        extensions=requires("report", "read"),
    )
    async def funnel(
        self, info: Info, store_id: StoreArg, from_: FromArg, to: ToArg
    ) -> FunnelResult:
        try:
            steps = await service.funnel(
                info.context.require_actor(), parse_id(store_id, "storeId", "Store"), from_, to
            )
        except SaasError as exc:
            return to_user_error(exc)  # type: ignore[return-value]
        return FunnelReport(
            steps=[
                FunnelStep(
                    stage=s.stage,
                    reached=s.reached,
                    conversion_percent=s.conversion_percent,
                    worst=s.worst,
                )
                for s in steps
            ]
        )

    @strawberry.field(
        description="The weekly H-list of a store, per consultant.",
        extensions=requires("report", "read"),
    )
    async def h_list(self, info: Info, store_id: StoreArg) -> HListResult:
        actor = info.context.require_actor()
        try:
            by_owner = await service.h_list(actor, parse_id(store_id, "storeId", "Store"))
        except SaasError as exc:
            return to_user_error(exc)  # type: ignore[return-value]
        entries = []
        for owner_id, leads in by_owner.items():
            owner = await info.context.loaders.user_by_id.load(owner_id) if owner_id else None
            entries.append(
                HListEntry(
                    owner=_user(owner), lead_ids=[to_global_id("Lead", lead.id) for lead in leads]
                )
            )
        return HList(entries=entries)

    @strawberry.field(
        description="A period against the one before and the same dates last year.",
        extensions=requires("report", "read"),
    )
    async def period_comparison(
        self, info: Info, store_id: StoreArg, from_: FromArg, to: ToArg
    ) -> PeriodComparisonResult:
        try:
            c = await service.period_comparison(
                info.context.require_actor(), parse_id(store_id, "storeId", "Store"), from_, to
            )
        except SaasError as exc:
            return to_user_error(exc)  # type: ignore[return-value]
        return PeriodComparison(
            current=MetricFigures.of(c.current),
            previous=MetricFigures.of(c.previous),
            last_year=MetricFigures.of(c.last_year),
        )

    @strawberry.field(
        description="Every store of your group side by side, with ranks and the median.",
        extensions=requires("report", "read"),
    )
    async def store_comparison(
        self, info: Info, from_: FromArg, to: ToArg
    ) -> StoreComparisonResult:
        try:
            c = await service.store_comparison(info.context.require_actor(), from_, to)
        except SaasError as exc:
            return to_user_error(exc)  # type: ignore[return-value]
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
            median=[f"{m}={v:g}" for m, v in c.median.items()],
        )


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
    },
)


@strawberry.input(
    description="Parameters of a report run; which ones a kind needs is in its error."
)
class RequestReportInput:
    kind: ReportKindEnum = strawberry.field(
        description="Which report; it decides which other fields are required."
    )
    store_id: strawberry.ID | None = strawberry.field(
        default=None, description="The store (every kind except STORE_COMPARISON)."
    )
    day: date | None = strawberry.field(
        default=None, description="The store-local day (DAILY_REPORT)."
    )
    month: date | None = strawberry.field(
        default=None, description="Any day of the month (TARGET_ACHIEVEMENT)."
    )
    from_: date | None = strawberry.field(
        default=None,
        name="from",
        description="First store-local day, inclusive (FUNNEL, PERIOD_COMPARISON, "
        "STORE_COMPARISON).",
    )
    to: date | None = strawberry.field(
        default=None,
        description="Store-local day after the last one, exclusive (FUNNEL, PERIOD_COMPARISON, "
        "STORE_COMPARISON).",
    )


@strawberry.type(description="A report computed in the background.")
class ReportRun(Node):
    kind: str = strawberry.field(description="The report kind, in lower case (e.g. daily_report).")
    status: str = strawberry.field(description="queued, running, done or failed.")
    progress: int = strawberry.field(description="0 to 100.")
    error: str | None = strawberry.field(description="Why it failed; retry with retryReportRun.")
    title: str | None = strawberry.field(description="The report's title; null until done.")
    columns: list[str] = strawberry.field(
        description="Column headings of the result table; empty until done."
    )
    rows: list[list[str]] = strawberry.field(description="The result table, as text.")
    csv_url: str | None = strawberry.field(description="GET with your bearer token.")
    xlsx_url: str | None = strawberry.field(description="GET with your bearer token; has a chart.")
    created_at: datetime = strawberry.field(
        description="When the run was requested (UTC, ISO-8601)."
    )
    finished_at: datetime | None = strawberry.field(
        description="When the run finished or failed (UTC); null while queued or running."
    )

    @classmethod
    def from_model(cls, run: models.ReportRun) -> ReportRun:
        result = run.result or {}
        done = run.status == "done"
        return cls(
            id=to_global_id("ReportRun", run.id),
            kind=run.kind,
            status=run.status,
            progress=run.progress,
            error=run.error,
            title=result.get("title"),  # type: ignore[arg-type]
            columns=list(result.get("columns") or []),  # type: ignore[call-overload]
            rows=[["" if v is None else str(v) for v in row] for row in result.get("rows") or []],  # type: ignore[attr-defined]
            csv_url=f"/reports/{run.id}.csv" if done else None,
            xlsx_url=f"/reports/{run.id}.xlsx" if done else None,
            created_at=run.created_at,
            finished_at=run.finished_at,
        )


ReportRunResult = Annotated[
    ReportRun | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("ReportRunResult", description="The run to follow, or why it was not queued."),
]


@strawberry.type
class ReportRunQueries:
    @strawberry.field(
        description="A report run: status, progress, result, downloads.",
        extensions=requires("report", "read"),
    )
    async def report_run(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The run.")]
    ) -> ReportRun | None:
        try:
            return ReportRun.from_model(
                await runs.get_run(info.context.require_actor(), as_id(id, "ReportRun"))
            )
        except (SaasError, ValueError):
            return None


@strawberry.type
class ReportRunMutations:
    @strawberry.mutation(
        description="Run a report in the background; returns the run to follow.",
        extensions=requires("report", "request"),
    )
    async def request_report(
        self,
        info: Info,
        input: Annotated[
            RequestReportInput,
            strawberry.argument(description="The report kind and its parameters."),
        ],
    ) -> ReportRunResult:
        actor = info.context.require_actor()
        params = {
            "store_id": parse_id(input.store_id, "input.storeId", "Store")
            if input.store_id
            else None,
            "day": input.day.isoformat() if input.day else None,
            "month": input.month.isoformat() if input.month else None,
            "from": input.from_.isoformat() if input.from_ else None,
            "to": input.to.isoformat() if input.to else None,
        }
        kind = runs.ReportKind(input.kind.value)
        return ReportRun.from_model(await runs.request_report(actor, kind, params))

    @strawberry.mutation(
        description="Queue a failed run again.", extensions=requires("report", "request")
    )
    async def retry_report_run(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The run.")]
    ) -> ReportRunResult:
        actor = info.context.require_actor()
        return ReportRun.from_model(await runs.retry(actor, parse_id(id, "id", "ReportRun")))
