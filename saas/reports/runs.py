"""Report runs: requested through the API, computed by the `reports.run` job
with the requester's own permissions, written once as files (XLSX with the
charts, and CSV) to the report storage in the requester's language, the
table also kept for the API; downloads stream the stored files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from saas.crm.access import store_for, tenant_of
from saas.crm.repository import CustomerRepository
from saas.errors import Forbidden, NotFound, ValidationFailed
from saas.jobqueue import request_job
from saas.models import ReportRun, Store, User
from saas.notify.service import Message, notify
from saas.reports import exports, service, storage
from saas.reports.files import Chart, Column, Heading, Kind, Sheet, Written, local, write_files
from saas.reports.labels import Language, label
from saas.reports.lost import LostGroup, LostReportFilter, lost_report
from saas.reports.metrics import METRICS
from saas.reports.repository import ReportFileRepository, ReportRunRepository
from saas.settings import Settings
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
    WEEKLY_PACK = "weekly_pack"


NEEDS = {
    ReportKind.DAILY_REPORT: ("store_id", "day"),
    ReportKind.TARGET_ACHIEVEMENT: ("store_id", "month"),
    ReportKind.FUNNEL: ("store_id", "from", "to"),
    ReportKind.PERIOD_COMPARISON: ("store_id", "from", "to"),
    ReportKind.STORE_COMPARISON: ("from", "to"),
    ReportKind.H_LIST: ("store_id",),
    ReportKind.WEEKLY_PACK: ("store_id", "from", "to"),
}
# A pack has a sheet per day: a week, or up to a month.
MAX_PACK_DAYS = 31
CAMEL = {"store_id": "storeId", "day": "day", "month": "month", "from": "from", "to": "to"}


def _date(params: dict[str, Any], name: str) -> date:
    return date.fromisoformat(str(params[name]))


async def request_report(
    actor: Actor, kind: ReportKind, params: dict[str, Any], language: Language = Language.EN
) -> ReportRun:
    """Check the request now (missing parameters, dates, store, permission) and
    queue it; the job computes it after this transaction commits, and writes
    its files in `language`."""
    tenant_id = tenant_of(actor)
    if actor.user_id is None:
        raise Forbidden("report runs are requested by people, not API keys")
    missing = [n for n in NEEDS[kind] if params.get(n) is None]
    if missing:
        raise ValidationFailed.one(missing[0], f"{kind.value} needs {CAMEL[missing[0]]}")
    if "from" in NEEDS[kind]:
        service.check_period(_date(params, "from"), _date(params, "to"))
        days = (_date(params, "to") - _date(params, "from")).days
        if kind is ReportKind.WEEKLY_PACK and days > MAX_PACK_DAYS:
            raise ValidationFailed.one(
                "to", f"a weekly pack has a sheet per day: at most {MAX_PACK_DAYS} days"
            )
    if "store_id" in NEEDS[kind]:
        await store_for(actor, int(params["store_id"]), "report", "read", field="store_id")
    elif not actor.can("report", "read"):
        raise Forbidden("you need the permission report:read")
    clean: dict[str, Any] = {
        n: (str(params[n]) if n != "store_id" else int(params[n])) for n in NEEDS[kind]
    }
    clean["language"] = language.value
    run = await ReportRunRepository(tenant_id).create(
        kind=kind.value,
        params=clean,
        store_id=clean.get("store_id"),
        requested_by_id=actor.user_id,
    )
    await request_job("reports.run", tenant_id=tenant_id, run_id=run.id)
    return run


def runs_of(actor: Actor) -> QuerySet[ReportRun]:
    """The runs the actor may open, filtered in SQL: their own, and the
    reports of the stores where they have report:read (a run without a store,
    such as a group-wide comparison, only with a group-wide report:read).
    Exports stay their requester's."""
    query = ReportRunRepository(tenant_of(actor)).query()
    readable = actor.store_ids_with("report", "read")
    reports = Q(kind__not_in=list(exports.EXPORT_KINDS))
    if readable is None:
        others: Q | None = reports
    elif readable:
        others = Q(reports, Q(store_id__in=list(readable)))
    else:
        others = None
    mine = Q(requested_by_id=actor.user_id) if actor.user_id is not None else None
    allowed = [q for q in (mine, others) if q is not None]
    if not allowed:
        return query.filter(id__in=[])
    return query.filter(Q(*allowed, join_type=Q.OR))


def may_read(actor: Actor, run: ReportRun) -> bool:
    """The check of `runs_of`, for one run already loaded."""
    if run.kind in exports.EXPORT_KINDS:
        return exports.may_see(actor, run)
    if run.requested_by_id == actor.user_id and actor.can("report", "request"):
        return True
    readable = actor.store_ids_with("report", "read")
    if readable is None:
        return True
    return run.store_id is not None and run.store_id in readable


async def get_run(actor: Actor, run_id: int) -> ReportRun:
    run = await runs_of(actor).get_or_none(id=run_id)
    if run is None or not may_read(actor, run):
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


@dataclass
class Built:
    """A computed report: the sheets its files hold, and the table the API shows
    (`reportRun { columns rows }`, the first sheet's, or a pack's contents)."""

    heading: Heading
    sheets: list[Sheet]
    table: dict[str, Any]
    with_csv: bool = True


async def compute(run: ReportRun, actor: Actor, language: Language) -> Built:
    """The report, computed with the requester's permissions."""
    p: dict[str, Any] = run.params
    kind = ReportKind(run.kind)
    now = datetime.now(UTC)
    if kind is ReportKind.STORE_COMPARISON:
        return await _store_comparison(actor, _date(p, "from"), _date(p, "to"), language, now)
    store = await store_for(actor, int(p["store_id"]), "report", "read", field="store_id")
    where = f"{store.code} {store.name}"
    if kind is ReportKind.WEEKLY_PACK:
        return await _weekly_pack(actor, store, _date(p, "from"), _date(p, "to"), language, now)
    if kind is ReportKind.DAILY_REPORT:
        day = _date(p, "day")
        sheet, table = await _daily(actor, store, day, language)
        period = day.isoformat()
    elif kind is ReportKind.TARGET_ACHIEVEMENT:
        sheet, table = await _targets(actor, store, _date(p, "month"), language)
        period = f"{_date(p, 'month'):%Y-%m}"
    elif kind is ReportKind.FUNNEL:
        sheet, table = await _funnel(actor, store, _date(p, "from"), _date(p, "to"))
        period = _period(_date(p, "from"), _date(p, "to"))
    elif kind is ReportKind.PERIOD_COMPARISON:
        sheet, table = await _period_comparison(actor, store, _date(p, "from"), _date(p, "to"))
        period = _period(_date(p, "from"), _date(p, "to"))
    else:
        sheet, table = await _h_list(actor, store, language, now)
        period = None
    heading = Heading(kind.value, period, where, now, store.timezone)
    return Built(heading, [sheet], table)


def _period(first: date, last_exclusive: date) -> str:
    """[from, to) as people say it: both days inclusive."""
    last = last_exclusive - timedelta(days=1)
    return first.isoformat() if last == first else f"{first.isoformat()} – {last.isoformat()}"


def _api_table(title: str, columns: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    return {"title": title, "columns": columns, "rows": rows}


async def _daily(
    actor: Actor, store: Store, day: date, language: Language, name: str = "daily_report"
) -> tuple[Sheet, dict[str, Any]]:
    r = await service.daily_report(actor, store.id, day)
    people = [[_name(row.user, language), *[row.figures[m] for m in METRICS]] for row in r.rows]
    total = [label("total", language), *[r.totals[m] for m in METRICS]]
    columns = [Column("person"), *[Column(m, Kind.INT) for m in METRICS]]
    # Contacts as bars, orders (a tenth as many) as a line on its own axis; no total.
    chart = Chart(
        name,
        categories=0,
        primary=(1 + METRICS.index("contacts"),),
        secondary=1 + METRICS.index("orders"),
        rows=len(people),
    )
    sheet = Sheet(name, columns, [*people, total], chart, period=day.isoformat())
    api_rows = [[_name(row.user), *[row.figures[m] for m in METRICS]] for row in r.rows]
    api_rows.append(["total", *[r.totals[m] for m in METRICS]])
    return sheet, _api_table(f"Daily report {r.store.code} {r.day}", ["person", *METRICS], api_rows)


async def _targets(
    actor: Actor, store: Store, month: date, language: Language
) -> tuple[Sheet, dict[str, Any]]:
    code, month, targets = await service.target_achievement(actor, store.id, month)
    # Target by target, "sold" first, each ending with the store's line, so the
    # chart (sold: goal against actual per consultant) reads the first rows.
    order = ["sold", *[t for t in service.TARGETS if t != "sold"]]
    api_rows, rows = [], []
    for target in order:
        for t in targets:
            a = next(a for a in t.achievements if a.target == target)
            api_who = _name(t.user) if t.user else "store"
            api_rows.append([api_who, target, a.goal, a.actual, a.percent])
            who = _name(t.user, language) if t.user else label("the_store", language)
            rows.append([who, target, a.goal, a.actual, a.percent])
    columns = [Column("person"), Column("target", Kind.WORD), Column("goal", Kind.INT),
               Column("actual", Kind.INT), Column("percent", Kind.PERCENT)]  # fmt: skip
    consultants = sum(1 for t in targets if t.user is not None)
    chart = Chart("sold", categories=0, primary=(2, 3), rows=consultants) if consultants else None
    sheet = Sheet("target_achievement", columns, rows, chart, period=f"{month:%Y-%m}")
    return sheet, _api_table(
        f"Targets {code} {month:%Y-%m}", ["person", "target", "goal", "actual", "percent"], api_rows
    )


async def _funnel(
    actor: Actor, store: Store, first: date, last_exclusive: date
) -> tuple[Sheet, dict[str, Any]]:
    steps = await service.funnel(actor, store.id, first, last_exclusive)
    rows = [[s.stage, s.reached, s.conversion_percent, s.worst] for s in steps]
    columns = [Column("stage", Kind.WORD), Column("reached", Kind.INT),
               Column("conversion_percent", Kind.PERCENT),
               Column("worst", Kind.FLAG, mark="weakest")]  # fmt: skip
    chart = Chart("funnel", categories=0, primary=(1,), secondary=2)
    sheet = Sheet("funnel", columns, rows, chart)
    return sheet, _api_table("Funnel", ["stage", "reached", "conversion_percent", "worst"], rows)


def _change(now: int, before: int) -> float | None:
    return round(100 * (now - before) / before, 1) if before else None


async def _period_comparison(
    actor: Actor, store: Store, first: date, last_exclusive: date
) -> tuple[Sheet, dict[str, Any]]:
    c = await service.period_comparison(actor, store.id, first, last_exclusive)
    rows = [
        [m, c.current[m], c.previous[m], c.last_year[m],
         _change(c.current[m], c.previous[m]), _change(c.current[m], c.last_year[m])]
        for m in METRICS
    ]  # fmt: skip
    keys = ["metric", "current", "previous", "last_year", "change_previous", "change_last_year"]
    columns = [Column("metric", Kind.WORD), *[Column(k, Kind.INT) for k in keys[1:4]],
               Column("change_previous", Kind.PERCENT),
               Column("change_last_year", Kind.PERCENT)]  # fmt: skip
    # Metrics of very different sizes share no axis: the chart shows the changes, in %.
    chart = Chart("period_comparison", categories=0, primary=(4, 5))
    sheet = Sheet("period_comparison", columns, rows, chart)
    return sheet, _api_table("Current vs history", keys, rows)


async def _store_comparison(
    actor: Actor, first: date, last_exclusive: date, language: Language, now: datetime
) -> Built:
    stores = await service.store_comparison(actor, first, last_exclusive)
    keys, columns = ["store", "store_name"], [Column("store"), Column("store_name")]
    for m in METRICS:
        keys += [m, f"{m}_rank", f"{m}_median"]
        columns += [
            Column(m, Kind.INT),
            Column(f"{m}_rank", Kind.INT, heading=_joined(m, "rank", language)),
            Column(f"{m}_median", Kind.DECIMAL, heading=_joined(m, "median", language)),
        ]
    rows = [
        [s.store.code, s.store.name,
         *[v for m in METRICS for v in (s.figures[m], s.ranks[m], stores.median[m])]]
        for s in stores.stores
    ]  # fmt: skip
    # New leads as bars, orders (a tenth as many) as a line on a secondary axis;
    # the median is a column, never a bar among the stores.
    chart = Chart("store_comparison", categories=0, primary=(keys.index("new_leads"),),
                  secondary=keys.index("orders"))  # fmt: skip
    timezone = stores.stores[0].store.timezone if stores.stores else "Asia/Shanghai"
    heading = Heading(
        "store_comparison", _period(first, last_exclusive), "all_stores", now, timezone
    )
    sheet = Sheet("store_comparison", columns, rows, chart)
    return Built(heading, [sheet], _api_table("Store comparison", keys, rows))


def _joined(key: str, suffix: str, language: Language) -> str:
    """ "New leads rank", "新增线索排名"."""
    glue = "" if language is Language.ZH else " "
    return f"{label(key, language)}{glue}{label(suffix, language)}"


async def _h_list(
    actor: Actor, store: Store, language: Language, now: datetime
) -> tuple[Sheet, dict[str, Any]]:
    by_owner = await service.h_list(actor, store.id)
    users = {u.id: u for u in await User.filter(id__in=[o for o in by_owner if o])}
    leads = [lead for owned in by_owner.values() for lead in owned]
    customers = await CustomerRepository(store.tenant_id).get_many(x.customer_id for x in leads)
    rows, api_rows = [], []
    for owner, owned in by_owner.items():
        for lead in owned:
            customer = customers.get(lead.customer_id)
            name = customer.name if customer is not None else None
            due = local(lead.due_at, store.timezone)
            rows.append([_name(users.get(owner) if owner else None, language), lead.id, name,
                         lead.intent_grade, lead.stage, due])  # fmt: skip
            api_rows.append([_name(users.get(owner)) if owner else "unassigned", lead.id,
                             lead.intent_grade, name, lead.stage,
                             f"{due:%Y-%m-%d %H:%M}" if due else None])  # fmt: skip
    columns = [Column("owner"), Column("lead_id", Kind.INT), Column("customer"),
               Column("grade"), Column("stage", Kind.WORD),
               Column("due_at", Kind.DATETIME)]  # fmt: skip
    today = now.astimezone(ZoneInfo(store.timezone))
    sheet = Sheet("h_list", columns, rows, period=f"{today:%Y-%m-%d}")
    return sheet, _api_table(
        "Weekly H-list", ["owner", "lead_id", "grade", "customer", "stage", "due_at"], api_rows
    )


async def _weekly_pack(
    actor: Actor, store: Store, first: date, last_exclusive: date, language: Language,
    now: datetime,
) -> Built:  # fmt: skip
    """The manager's weekly pack, one workbook: the daily report of each day,
    targets vs actuals of the month, this period against history, the
    period's lost reasons (for those who may read them), the H-list."""
    sheets: list[Sheet] = []
    day = first
    while day < last_exclusive:
        name = f"{label('daily_report', language)} {day:%m-%d}"
        sheet, _ = await _daily(actor, store, day, language, name=name)
        sheets.append(sheet)
        day += timedelta(days=1)
    sheets.append((await _targets(actor, store, first, language))[0])
    comparison = (await _period_comparison(actor, store, first, last_exclusive))[0]
    sheets.append(comparison)
    visible = actor.store_ids_with("lost_report", "read")
    if visible is None or store.id in visible:
        sheets.append(await _lost_reasons(actor, store, first, last_exclusive, language))
    h_list = (await _h_list(actor, store, language, now))[0]
    sheets.append(h_list)
    heading = Heading("weekly_pack", _period(first, last_exclusive), f"{store.code} {store.name}",
                      now, store.timezone)  # fmt: skip
    period = _period(first, last_exclusive)
    contents = [[label(s.name, language), s.period or period] for s in sheets]
    table = _api_table(f"Weekly pack {store.code} {_period(first, last_exclusive)}",
                       ["sheet", "period"], contents)  # fmt: skip
    return Built(heading, sheets, table, with_csv=False)


async def _lost_reasons(
    actor: Actor, store: Store, first: date, last_exclusive: date, language: Language
) -> Sheet:
    """The period's lost requests as `lostLeadReport` counts them: approved
    (lost) and refused (returned to follow-up) by reason, then by the
    competitor brand named, then by consultant, each with its share, and the
    total; the chart compares the reasons."""
    report = await lost_report(actor, LostReportFilter(first, last_exclusive, store_ids=[store.id]))

    def row(dimension: str, group: LostGroup, name: str) -> list[Any]:
        shares = [group.lost_percent, group.returned_percent]
        return [dimension, name, group.lost, group.returned, *shares]

    reasons = [
        row("reason", g, label(str(g.key) if g.key else "not_recorded", language))
        for g in report.groups["reason"]
    ]
    # The other reasons name no competitor: the reason rows count them already.
    brands = [
        row("competitor_brand", g, str(g.key))
        for g in report.groups["competitor_brand"]
        if g.key is not None
    ]
    consultants = [
        row("person", g, g.label if g.key is not None else label("unassigned", language))
        for g in report.groups["consultant"]
    ]
    total = ["total", None, report.lost, report.returned, None, None]
    columns = [Column("dimension", Kind.WORD), Column("group"), Column("lost", Kind.INT),
               Column("refused", Kind.INT), Column("lost_percent", Kind.PERCENT),
               Column("refused_percent", Kind.PERCENT)]  # fmt: skip
    # Lost and returned share a unit (requests): bars side by side, reasons only.
    chart = Chart("lost_by_reason", categories=1, primary=(2, 3), rows=len(reasons))
    return Sheet("lost_reasons", columns, [*reasons, *brands, *consultants, total], chart)


def _name(user: User | None, language: Language | None = None) -> str:
    if user is not None:
        return user.name
    return "unassigned" if language is None else label("unassigned", language)


async def run_report(tenant_id: int, run_id: int, settings: Settings) -> str:
    """The job: compute, write the files once to the report storage, record
    them; or record why it failed."""
    repo = ReportRunRepository(tenant_id)
    run = await repo.get(run_id)
    if run is None or run.status == "done":
        return "nothing to do"
    run = await repo.update(run, status="running", attempts=run.attempts + 1, progress=10)
    user = await User.get_or_none(id=run.requested_by_id, is_active=True)
    language = Language(str(run.params.get("language") or Language.EN.value))
    directory = storage.run_directory(settings, tenant_id, run.id)
    stem = f"{run.kind}-{run.id}"
    try:
        if user is None:
            raise Forbidden("the requester is no longer active")
        authorizer = Authorizer()
        await authorizer.refresh()
        actor = await actor_for_user(user, authorizer)
        # A failed query must not spoil the status update; the figures come
        # from the read replica when there is one.
        async with in_transaction("default"), reports_replica():
            if run.kind in exports.EXPORT_KINDS:
                written, result = await exports.write_export(
                    run, actor, directory, stem, language, settings.report_max_rows
                )
            else:
                built = await compute(run, actor, language)
                written = write_files(
                    directory, stem, built.heading, built.sheets, language,
                    max_rows=settings.report_max_rows, with_csv=built.with_csv,
                )  # fmt: skip
                result = built.table
        for w in written:  # with a bucket: uploaded, after the transaction
            key = storage.storage_key(tenant_id, run.id, run.kind, w.format)
            await storage.keep(settings, w.path, key)
    except Exception as exc:  # recorded on the run, retryable
        await repo.update(
            run,
            status="failed",
            error=f"{type(exc).__name__}: {exc}",
            finished_at=datetime.now(UTC),
        )
        return "failed"
    await _record_files(run, written, language, settings)
    result["truncated"] = any(w.truncated for w in written)
    await repo.update(
        run, status="done", progress=100, result=result, finished_at=datetime.now(UTC)
    )
    await _tell_the_requester(run, str(result.get("title") or run.kind), language)
    return "done"


async def _tell_the_requester(run: ReportRun, title: str, language: Language) -> None:
    """An in-app notification that the files are ready; the app opens them
    through the run's signed links (`files { url }`), made when they are asked for."""
    export = run.kind in exports.EXPORT_KINDS
    await notify(
        [
            Message(
                run.tenant_id,
                run.requested_by_id,
                "report_ready",
                f"{label(run.kind, language)}: {label('ready', language)}",
                title,
                f"report_ready:{run.id}",
                run.store_id,
                data={"export_id" if export else "report_run_id": run.id},
            )
        ]
    )


async def _record_files(
    run: ReportRun, written: list[Written], language: Language, settings: Settings
) -> None:
    files = ReportFileRepository(run.tenant_id)
    await files.query().filter(run_id=run.id).delete()  # a retry's files replace the first
    expires_at = datetime.now(UTC) + timedelta(days=settings.report_retention_days)
    for w in written:
        await files.create(
            run_id=run.id,
            format=w.format,
            language=language.value,
            storage_key=storage.storage_key(run.tenant_id, run.id, run.kind, w.format),
            size_bytes=w.size_bytes,
            row_count=w.row_count,
            sha256=w.sha256,
            expires_at=expires_at,
        )


async def purge_expired(tenant_id: int, settings: Settings, now: datetime | None = None) -> int:
    """Delete the files past their expiry from the storage; their rows stay,
    marked purged, so a late link says the file expired."""
    repo = ReportFileRepository(tenant_id)
    moment = now or datetime.now(UTC)
    expired = await repo.query().filter(expires_at__lte=moment, purged_at__isnull=True)
    for f in expired:
        await storage.delete(settings, f.storage_key)
    if expired:
        await repo.query().filter(id__in=[f.id for f in expired]).update(purged_at=moment)
    return len(expired)
