"""Report runs: requested through the API, computed by the `reports.run` job
with the requester's own permissions, kept as a table, downloadable as CSV or
XLSX (with a chart where one reads better than numbers)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from saas import spreadsheet
from saas.crm.access import store_for, tenant_of
from saas.errors import Forbidden, NotFound, ValidationFailed
from saas.jobqueue import request_job
from saas.models import ReportRun, User
from saas.reports import exports, service
from saas.reports.metrics import METRICS
from saas.reports.repository import ReportRunRepository
from saas.tenancy.actor import Actor
from saas.tenancy.auth import actor_for_user
from saas.tenancy.authz import Authorizer
from saas.tenancy.rls import reports_replica


class ReportKind(StrEnum):
    DAILY_REPORT = "daily_report"
    TARGET_ACHIEVEMENT = "target_achievement"
    FUNNEL = "funnel"
    PERIOD_COMPARISON = "period_comparison"
    STORE_COMPARISON = "store_comparison"
    H_LIST = "h_list"


NEEDS = {
    ReportKind.DAILY_REPORT: ("store_id", "day"),
    ReportKind.TARGET_ACHIEVEMENT: ("store_id", "month"),
    ReportKind.FUNNEL: ("store_id", "from", "to"),
    ReportKind.PERIOD_COMPARISON: ("store_id", "from", "to"),
    ReportKind.STORE_COMPARISON: ("from", "to"),
    ReportKind.H_LIST: ("store_id",),
}
CAMEL = {"store_id": "storeId", "day": "day", "month": "month", "from": "from", "to": "to"}


def _date(params: dict[str, Any], name: str) -> date:
    return date.fromisoformat(str(params[name]))


async def request_report(actor: Actor, kind: ReportKind, params: dict[str, Any]) -> ReportRun:
    """Check the request now (missing parameters, dates, store, permission) and
    queue it; the job computes it after this transaction commits."""
    tenant_id = tenant_of(actor)
    if actor.user_id is None:
        raise Forbidden("report runs are requested by people, not API keys")
    missing = [n for n in NEEDS[kind] if params.get(n) is None]
    if missing:
        raise ValidationFailed.one(missing[0], f"{kind.value} needs {CAMEL[missing[0]]}")
    if "from" in NEEDS[kind]:
        service.check_period(_date(params, "from"), _date(params, "to"))
    if "store_id" in NEEDS[kind]:
        await store_for(actor, int(params["store_id"]), "report", "read", field="store_id")
    elif not actor.can("report", "read"):
        raise Forbidden("you need the permission report:read")
    clean = {n: (str(params[n]) if n != "store_id" else int(params[n])) for n in NEEDS[kind]}
    run = await ReportRunRepository(tenant_id).create(
        kind=kind.value,
        params=clean,
        store_id=clean.get("store_id"),
        requested_by_id=actor.user_id,
    )
    await request_job("reports.run", tenant_id=tenant_id, run_id=run.id)
    return run


def runs_of(actor: Actor) -> QuerySet[ReportRun]:
    """A person's own runs; managers with report:read see the runs of their group."""
    return ReportRunRepository(tenant_of(actor)).query()


async def get_run(actor: Actor, run_id: int) -> ReportRun:
    run = await runs_of(actor).get_or_none(id=run_id)
    if run is not None and run.kind in exports.EXPORT_KINDS:
        visible = exports.may_see(actor, run)
    else:
        visible = run is not None and (
            (run.requested_by_id == actor.user_id and actor.can("report", "request"))
            or actor.can("report", "read")
        )
    if run is None or not visible:
        raise NotFound("report run", run_id)
    return run


async def retry(actor: Actor, run_id: int) -> ReportRun:
    run = await get_run(actor, run_id)
    if run.status != "failed":
        raise ValidationFailed.one("run_id", "only a failed run can be retried")
    run = await ReportRunRepository(run.tenant_id).update(
        run, status="queued", error=None, progress=0
    )
    await request_job("reports.run", tenant_id=run.tenant_id, run_id=run.id)
    return run


async def compute(run: ReportRun, actor: Actor) -> dict[str, Any]:
    """The report as a table, computed with the requester's permissions."""
    if run.kind in exports.EXPORT_KINDS:
        return await exports.export_table(run, actor)
    p: dict[str, Any] = run.params
    kind = ReportKind(run.kind)
    if kind is ReportKind.DAILY_REPORT:
        r = await service.daily_report(actor, int(p["store_id"]), _date(p, "day"))
        rows = [[_name(row.user), *[row.figures[m] for m in METRICS]] for row in r.rows]
        rows.append(["total", *[r.totals[m] for m in METRICS]])
        return _table(f"Daily report {r.store.code} {r.day}", ["person", *METRICS], rows, None)
    if kind is ReportKind.TARGET_ACHIEVEMENT:
        code, month, targets = await service.target_achievement(
            actor, int(p["store_id"]), _date(p, "month")
        )
        rows = [
            [_name(t.user) if t.user else "store", a.target, a.goal, a.actual, a.percent]
            for t in targets
            for a in t.achievements
        ]
        return _table(
            f"Targets {code} {month:%Y-%m}",
            ["person", "target", "goal", "actual", "percent"],
            rows,
            {"label_columns": [0, 1], "value_columns": [2, 3]},
        )
    if kind is ReportKind.FUNNEL:
        steps = await service.funnel(actor, int(p["store_id"]), _date(p, "from"), _date(p, "to"))
        rows = [[s.stage, s.reached, s.conversion_percent, s.worst] for s in steps]
        return _table(
            "Funnel",
            ["stage", "reached", "conversion_percent", "worst"],
            rows,
            {"label_columns": [0], "value_columns": [1]},
        )
    if kind is ReportKind.PERIOD_COMPARISON:
        c = await service.period_comparison(
            actor, int(p["store_id"]), _date(p, "from"), _date(p, "to")
        )
        rows = [[m, c.current[m], c.previous[m], c.last_year[m]] for m in METRICS]
        return _table(
            "Current vs history",
            ["metric", "current", "previous", "last_year"],
            rows,
            {"label_columns": [0], "value_columns": [1, 2, 3]},
        )
    if kind is ReportKind.STORE_COMPARISON:
        stores = await service.store_comparison(actor, _date(p, "from"), _date(p, "to"))
        rows = [[s.store.code, *[s.figures[m] for m in METRICS]] for s in stores.stores]
        rows.append(["median", *[stores.median[m] for m in METRICS]])
        return _table(
            "Store comparison",
            ["store", *METRICS],
            rows,
            {"label_columns": [0], "value_columns": [1, METRICS.index("orders") + 1]},
        )
    by_owner = await service.h_list(actor, int(p["store_id"]))
    users = {u.id: u for u in await User.filter(id__in=[o for o in by_owner if o])}
    rows = [
        [_name(users.get(owner)) if owner else "unassigned", lead.id, lead.intent_grade]
        for owner, leads in by_owner.items()
        for lead in leads
    ]
    return _table("Weekly H-list", ["owner", "lead_id", "grade"], rows, None)


def _name(user: User | None) -> str:
    return user.name if user is not None else "unassigned"


def _table(
    title: str, columns: list[str], rows: list[list[Any]], chart: dict[str, Any] | None
) -> dict[str, Any]:
    return {"title": title, "columns": columns, "rows": rows, "chart": chart}


async def run_report(tenant_id: int, run_id: int) -> str:
    """The job: compute, store the table, or record why it failed."""
    repo = ReportRunRepository(tenant_id)
    run = await repo.get(run_id)
    if run is None or run.status == "done":
        return "nothing to do"
    run = await repo.update(run, status="running", attempts=run.attempts + 1, progress=10)
    user = await User.get_or_none(id=run.requested_by_id, is_active=True)
    try:
        if user is None:
            raise Forbidden("the requester is no longer active")
        authorizer = Authorizer()
        await authorizer.refresh()
        actor = await actor_for_user(user, authorizer)
        # A failed query must not spoil the status update; the figures come
        # from the read replica when there is one.
        async with in_transaction("default"), reports_replica():
            result = await compute(run, actor)
    except Exception as exc:  # recorded on the run, retryable
        await repo.update(
            run,
            status="failed",
            error=f"{type(exc).__name__}: {exc}",
            finished_at=datetime.now(UTC),
        )
        return "failed"
    await repo.update(
        run, status="done", progress=100, result=result, finished_at=datetime.now(UTC)
    )
    return "done"


def to_csv(result: dict[str, Any]) -> bytes:
    return spreadsheet.to_csv(result["columns"], result["rows"])


def to_xlsx(result: dict[str, Any]) -> bytes:
    # openpyxl takes about 0.1 s to import; only XLSX exports need it.
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    sheet = book.active
    sheet.title = "Report"
    spreadsheet.append_row(sheet, result["columns"])
    for row in result["rows"]:
        spreadsheet.append_row(sheet, row)
    chart_spec = result.get("chart")
    if chart_spec and result["rows"]:
        chart = BarChart()
        chart.title = result["title"]
        last_row = len(result["rows"]) + 1
        for column in chart_spec["value_columns"]:
            data = Reference(sheet, min_col=column + 1, min_row=1, max_row=last_row)
            chart.add_data(data, titles_from_data=True)
        label = chart_spec["label_columns"][0] + 1
        chart.set_categories(Reference(sheet, min_col=label, min_row=2, max_row=last_row))
        chart.width, chart.height = 18, 9
        sheet.add_chart(chart, f"{chr(ord('A') + len(result['columns']) + 1)}2")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
