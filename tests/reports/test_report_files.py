"""Report and export files as a manager opens them in Excel: every file is
built by a real worker, fetched over HTTP and opened with openpyxl (labels in
the asked language, widths, formats, frozen header, filter, printing, chart
series and axes); the files are kept with their metadata and opened through
signed links that a browser can follow; another dealer group opens nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from saas.app import create_app
from saas.crm.repository import LeadEventRepository
from saas.crm.vocabulary import LostReason
from saas.models import AuditEntry, ReportFile, ReportRun, RoleAssignment, User
from saas.reports import storage
from saas.reports.jobs import reports_purge_files
from saas.reports.runs import purge_expired
from saas.settings import Settings, get_settings
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_lead, make_store, make_user, pk
from tests.reports.test_lost_report import _loss
from tests.reports.test_report_runs import _burst

REQUEST = """mutation($input: RequestReportInput!) { requestReport(input: $input) { __typename
  ... on ReportRun { id status } ... on ValidationErrors { errors { path message } } } }"""
RUN = """query($id: ID!) { reportRun(id: $id) { status error title columns rows csvUrl xlsxUrl
  truncated files { format language sizeBytes rowCount sha256 expiresAt url urlExpiresAt } } }"""
EXPORT = """mutation($input: ExportInput!) { exportLeads(input: $input) { __typename
  ... on Export { id status } } }"""
EXPORT_STATUS = """query($id: ID!) { export(id: $id) { status rowCount truncated csvUrl xlsxUrl
  files { format rowCount sizeBytes sha256 url } } }"""
NOVEMBER = datetime(2026, 11, 10, 3, tzinfo=UTC)  # 11:00 in Shanghai


@pytest.fixture
async def floor(api: Api) -> dict[str, Any]:
    group = await make_group("EAST")
    pudong = await make_store(group, "SH-PUDONG", name="Pudong showroom")
    minhang = await make_store(group, "SH-MINHANG", name="Minhang showroom")
    ann = await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=pudong)
    await make_user("boss@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=pudong)
    await make_user("exec@east.test", group=group, role=Role.GROUP_EXECUTIVE)
    carl = await make_user("carl@east.test", group=group, role=Role.CONSULTANT, store=minhang)
    for i in range(12):
        await make_lead(ann, pudong, name=f"Customer {i}", phone=f"1390100{i:04d}", now=NOVEMBER)
    for i in range(3):
        await make_lead(carl, minhang, name=f"Client {i}", phone=f"1370100{i:04d}", now=NOVEMBER)
    west = await make_group("WEST")
    beijing = await make_store(west, "BJ-1")
    await make_user("boss@west.test", group=west, role=Role.SHOWROOM_MANAGER, store=beijing)
    return {"group": group, "pudong": pudong, "minhang": minhang}


async def _run(api: Api, token: str, headers: dict[str, str] | None = None, **input: Any) -> dict:  # type: ignore[type-arg]
    """Request a report, let a real worker build it, return the finished run."""
    response = await api.client.post(
        "/graphql",
        json={"query": REQUEST, "variables": {"input": input}},
        headers={"authorization": f"Bearer {token}", **(headers or {})},
    )
    requested = response.json()["data"]["requestReport"]
    assert requested["__typename"] == "ReportRun", requested
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await _burst(api.client._transport.app.state.settings)  # type: ignore[attr-defined]
    done = (await api.gql(RUN, {"id": requested["id"]}, token))["reportRun"]
    assert done["status"] == "done", done
    return {"id": requested["id"], **done}


async def _get(api: Api, url: str, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await api.client.get(url, headers=headers)


async def _book(api: Api, url: str, token: str) -> Workbook:
    response = await _get(api, url, token)
    assert response.status_code == 200, response.text
    return load_workbook(io.BytesIO(response.content))


def _axes(chart: Any) -> list[tuple[str, int, str | None]]:
    """(chart type, y axis id, y axis title) of each chart in a combined chart."""
    return [
        (type(c).__name__, c.y_axis.axId, _title(c.y_axis.title)) for c in [chart, *chart._charts]
    ]


def _title(title: Any) -> str | None:
    if title is None:
        return None
    return "".join(r.t for p in title.tx.rich.p for r in (p.r or []))


def _refs(chart: Any) -> list[str]:
    return [s.val.numRef.f for c in chart._charts for s in c.series]


async def test_a_funnel_in_chinese_reads_as_a_manager_expects(api: Api, floor: dict) -> None:  # type: ignore[type-arg]
    boss = await api.login("boss@east.test")
    done = await _run(
        api,
        boss,
        headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.8"},
        kind="FUNNEL",
        storeId=gid(floor["pudong"]),
        **{"from": "2026-11-01", "to": "2026-12-01"},
    )
    # The API keeps its keys; the files speak the manager's language.
    assert done["columns"] == ["stage", "reached", "conversion_percent", "worst"]
    book = await _book(api, done["xlsxUrl"], boss)
    assert book.sheetnames == ["销售漏斗", "图表 销售漏斗"]
    sheet = book["销售漏斗"]
    assert sheet["A1"].value == "销售漏斗" and sheet["A1"].font.b
    heading = sheet["A2"].value
    assert "期间: 2026-11-01 – 2026-11-30" in heading
    assert "门店: SH-PUDONG Pudong showroom" in heading and "Asia/Shanghai" in heading
    assert [c.value for c in sheet[3]] == ["阶段", "到达线索数", "转化率", "最弱环节"]
    assert [c.value for c in sheet["A"][3:]] == [
        "首次接触", "需求分析", "车辆展示", "试乘试驾", "议价", "签约", "交车",
    ]  # fmt: skip
    assert sheet["B4"].value == 12 and sheet["C4"].value is None  # no step before the first
    assert sheet["C5"].number_format == "0.0%" and sheet["C5"].value == 0.0
    assert [c.value for c in sheet["D"][3:]].count("最弱") == 1  # not TRUE/FALSE
    # Frozen under the header, filtered, printed landscape one page wide with the header repeated.
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:D10"
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    # Columns as wide as their content: Chinese characters count two.
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["A"] >= 2 * len("车辆展示") and widths["B"] >= 2 * len("到达线索数")

    chart_sheet = book["图表 销售漏斗"]
    assert (chart_sheet.page_setup.fitToWidth, chart_sheet.page_setup.fitToHeight) == (1, 1)
    (chart,) = chart_sheet._charts
    assert _title(chart.title) == "销售漏斗"
    # Leads as bars on the primary axis, conversion as a line on a secondary one.
    assert _axes(chart) == [
        ("BarChart", 100, "到达线索数"),
        ("BarChart", 100, "到达线索数"),
        ("LineChart", 200, "转化率"),
    ]
    assert _refs(chart) == ["'销售漏斗'!$B$4:$B$10", "'销售漏斗'!$C$4:$C$10"]

    response = await _get(api, done["csvUrl"], boss)
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads it as UTF-8
    assert response.content.count(b"\r\n") == 8  # CRLF, header and seven stages
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == ["阶段", "到达线索数", "转化率", "最弱环节"]
    assert table[1] == ["首次接触", "12", "", ""] and table[2][2] == "0.0%"


async def test_store_comparison_has_rank_and_median_columns_and_one_measure_per_axis(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
) -> None:
    head_office = await api.login("exec@east.test")
    done = await _run(
        api, head_office, kind="STORE_COMPARISON", **{"from": "2026-11-01", "to": "2026-12-01"}
    )
    book = await _book(api, done["xlsxUrl"], head_office)
    sheet = book["Store comparison"]
    header = [c.value for c in sheet[3]]
    assert header[:5] == ["Store", "Store name", "New leads", "New leads rank", "New leads group median"]  # fmt: skip
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    # Stores only: the median is a column, not a row plotted as a store.
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        ("SH-MINHANG", 3, 2, 7.5),
        ("SH-PUDONG", 12, 1, 7.5),
    ]
    assert sheet["E4"].number_format == "#,##0.0"
    (chart,) = book["Chart Store comparison"]._charts
    assert _axes(chart) == [
        ("BarChart", 100, "New leads"),
        ("BarChart", 100, "New leads"),
        ("LineChart", 200, "Orders"),
    ]
    orders = header.index("Orders")
    assert _refs(chart) == [
        "'Store comparison'!$C$4:$C$5",
        f"'Store comparison'!${chr(65 + orders)}$4:${chr(65 + orders)}$5",
    ]
    categories = chart.series[0].cat
    assert (categories.numRef or categories.strRef).f == "'Store comparison'!$A$4:$A$5"
    assert done["columns"][:5] == [
        "store",
        "store_name",
        "new_leads",
        "new_leads_rank",
        "new_leads_median",
    ]


async def test_an_export_is_streamed_once_and_kept_with_its_metadata(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
) -> None:
    ann = await api.login("ann@east.test")
    requested = (await api.gql(EXPORT, {"input": {"language": "EN"}}, ann))["exportLeads"]
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await _burst(api.client._transport.app.state.settings)  # type: ignore[attr-defined]
    done = (await api.gql(EXPORT_STATUS, {"id": requested["id"]}, ann))["export"]
    assert done["status"] == "done" and done["rowCount"] == 12 and done["truncated"] is False
    xlsx, csv_file = done["files"]
    assert (xlsx["format"], csv_file["format"]) == ("xlsx", "csv")

    response = await _get(api, done["xlsxUrl"], ann)
    # The file served is the one the worker wrote: same size and checksum.
    assert len(response.content) == xlsx["sizeBytes"]
    assert hashlib.sha256(response.content).hexdigest() == xlsx["sha256"]
    assert response.headers["x-content-sha256"] == xlsx["sha256"]
    sheet = load_workbook(io.BytesIO(response.content))["Leads"]
    header = [c.value for c in sheet[3]]
    assert header == [
        "Lead no.", "Archive no.", "Customer", "Phone", "Store", "Source", "Model", "Grade",
        "Status", "Stage", "Consultant", "Next follow-up", "Created",
    ]  # fmt: skip
    first = {h: c for h, c in zip(header, sheet[4], strict=True)}
    # A phone keeps its + as a text cell (Excel would show 8.61E+12 of a number).
    assert first["Phone"].value == "+8613901000000" and first["Phone"].data_type == "s"
    assert first["Archive no."].data_type == "s"
    # Times in the store's local time (UTC+8), as dates Excel can sort and filter.
    assert first["Created"].value == datetime(2026, 11, 10, 11, 0)
    assert first["Created"].number_format == "yyyy-mm-dd hh:mm"
    assert (first["Source"].value, first["Status"].value) == ("Walk-in", "Open")
    widths = sheet.column_dimensions
    assert widths["D"].width >= len("+8613901000000") and widths["M"].width >= len(
        "2026-11-10 11:00"
    )
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == "A3:M15"

    # Ann hears that it is ready, with the export to open (its links are made then).
    notes = await api.gql(
        "{ notifications(first: 5) { nodes { kind title body data } } }", None, ann
    )
    (note,) = notes["notifications"]["nodes"]
    assert (note["kind"], note["title"], note["body"]) == (
        "report_ready",
        "Leads: ready to download",
        "Leads export",
    )
    assert json.loads(note["data"]) == {"export_id": requested["id"]}

    # The database keeps the metadata, not the rows.
    async with system_transaction():
        run = await ReportRun.get(id=pk(requested["id"]))
        files = await ReportFile.filter(run_id=run.id).order_by("format")
    assert run.result is not None and "rows" not in run.result
    assert [(f.format, f.row_count, f.language) for f in files] == [
        ("csv", 12, "en"),
        ("xlsx", 12, "en"),
    ]
    assert files[1].expires_at - run.finished_at > timedelta(days=6)  # type: ignore[operator]


@pytest.fixture
def two_rows_per_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """REPORT_MAX_ROWS=2 for the worker of this test."""
    monkeypatch.setenv("REPORT_MAX_ROWS", "2")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("REPORT_MAX_ROWS")
    get_settings.cache_clear()


async def test_an_export_stops_at_the_row_cap_and_says_so(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
    two_rows_per_file: None,
) -> None:
    ann = await api.login("ann@east.test")
    requested = (await api.gql(EXPORT, {"input": {"language": "ZH"}}, ann))["exportLeads"]
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await _burst(api.client._transport.app.state.settings)  # type: ignore[attr-defined]
    done = (await api.gql(EXPORT_STATUS, {"id": requested["id"]}, ann))["export"]
    assert (done["rowCount"], done["truncated"]) == (2, True)
    sheet = (await _book(api, done["xlsxUrl"], ann))["线索导出"]
    assert sheet.max_row == 3 + 2 + 2  # title, heading, header, two rows, a gap, the note
    assert sheet.cell(sheet.max_row, 1).value == "本文件仅含前 2 行"


async def test_signed_links_open_without_a_bearer_header_and_are_audited(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    boss = await api.login("boss@east.test")
    done = await _run(api, boss, kind="H_LIST", storeId=gid(floor["pudong"]), language="EN")
    xlsx = done["files"][0]
    assert xlsx["format"] == "xlsx" and xlsx["url"].startswith(f"/reports/{pk(done['id'])}.xlsx?")
    expires = datetime.fromisoformat(xlsx["urlExpiresAt"])
    assert timedelta(minutes=14) < expires - datetime.now(UTC) <= timedelta(minutes=15)

    opened = await _get(api, xlsx["url"])  # as a browser tab would: no header
    assert opened.status_code == 200
    assert hashlib.sha256(opened.content).hexdigest() == xlsx["sha256"]
    assert 'filename="h_list-' in opened.headers["content-disposition"]
    with_bearer = await _get(api, done["xlsxUrl"], boss)  # the bearer download still works
    assert with_bearer.content == opened.content

    # Changed or expired: a page that says so, for a person, with 403.
    tampered = await _get(api, xlsx["url"].replace("expires=", "expires=1"))
    assert tampered.status_code == 403 and tampered.headers["content-type"].startswith("text/html")
    assert "not valid" in tampered.text and "Traceback" not in tampered.text
    other_file = await _get(api, xlsx["url"].replace(".xlsx?", ".csv?"))
    assert other_file.status_code == 403
    run_id, user_id = pk(done["id"]), int(xlsx["url"].split("user=")[1].split("&")[0])
    old = storage.sign(
        settings, run_id=run_id, fmt="xlsx", user_id=user_id, sha256=xlsx["sha256"],
        now=datetime.now(UTC) - timedelta(minutes=16),
    )  # fmt: skip
    expired = await _get(api, old.url)
    assert expired.status_code == 403 and "expired" in expired.text

    async with system_transaction():
        downloads = await AuditEntry.filter(operation="download_report").order_by("id")
    assert [(d.outcome, d.actor_id, d.details) for d in downloads] == [
        ("xlsx", user_id, {"via": "signed link"}),
        ("xlsx", user_id, {}),
    ]


async def test_another_dealer_group_opens_nothing_even_with_a_valid_signature(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    boss = await api.login("boss@east.test")
    done = await _run(api, boss, kind="H_LIST", storeId=gid(floor["pudong"]))
    xlsx = done["files"][0]
    west = await api.login("boss@west.test")
    assert (await api.gql(RUN, {"id": done["id"]}, west))["reportRun"] is None
    assert (await _get(api, done["xlsxUrl"], west)).status_code == 404
    # A link made out to West's manager for East's file (as if the key had
    # leaked) still opens nothing: the download acts as that person.
    async with system_transaction():
        west_user = await User.get(email="boss@west.test")
    forged = storage.sign(
        settings, run_id=pk(done["id"]), fmt="xlsx", user_id=west_user.id, sha256=xlsx["sha256"]
    )
    refused = await _get(api, forged.url)
    assert refused.status_code == 403 and "no longer yours" in refused.text
    # Nor does East's link with West's user put in it.
    swapped = await _get(api, xlsx["url"].replace("user=", f"user={west_user.id}&was="))
    assert swapped.status_code == 403
    async with system_transaction():
        assert await AuditEntry.filter(operation="download_report").count() == 0


async def test_expired_files_are_purged_and_their_links_say_so(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    boss = await api.login("boss@east.test")
    done = await _run(api, boss, kind="H_LIST", storeId=gid(floor["pudong"]))
    link = done["files"][0]["url"]
    async with system_transaction():
        files = await ReportFile.filter(run_id=pk(done["id"]))
    paths = [storage.path_of(settings, f.storage_key) for f in files]
    assert all(p.is_file() for p in paths)

    group_id = floor["group"].id
    async with tenant_transaction(group_id):
        assert await purge_expired(group_id, settings) == 0  # not yet
    # The daily job, a retention period later (REPORT_RETENTION_DAYS, 7 by default).
    later = datetime.now(UTC) + timedelta(days=8)
    assert await reports_purge_files({}, tenant_id=group_id, now=later.isoformat()) == {group_id: 2}
    assert not any(p.exists() for p in paths)
    assert (await api.gql(RUN, {"id": done["id"]}, boss))["reportRun"]["files"] == []
    assert (await _get(api, done["xlsxUrl"], boss)).status_code == 410
    gone = await _get(api, link)
    assert gone.status_code == 410 and "no longer kept" in gone.text


async def test_the_weekly_pack_is_one_workbook_with_a_sheet_each(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
) -> None:
    # Lost requests decided in the week (Wednesday noon in Shanghai), and one
    # decided today, outside it.
    pudong, group = floor["pudong"], floor["group"]
    ann, manager = await User.get(email="ann@east.test"), await User.get(email="boss@east.test")
    dan = await make_user("dan@east.test", group=group, role=Role.CONSULTANT, store=pudong)
    fjord = LostReason.BOUGHT_COMPETITOR
    in_week = [
        await _loss(ann, manager, pudong, None, LostReason.PRICE),
        await _loss(ann, manager, pudong, None, LostReason.PRICE),
        await _loss(ann, manager, pudong, None, fjord, brand="Fjord"),
        await _loss(ann, manager, pudong, None, LostReason.UNREACHABLE, approve=False),
        await _loss(dan, manager, pudong, None, fjord, brand="Fjord"),
    ]
    await _loss(ann, manager, pudong, None, LostReason.PRICE)
    async with tenant_transaction(group.id):
        await (
            LeadEventRepository(group.id)
            .query()
            .filter(
                lead_id__in=[x.id for x in in_week], kind__in=["lost_approved", "lost_rejected"]
            )
            .update(created_at=datetime(2026, 11, 11, 4, tzinfo=UTC))
        )
    boss = await api.login("boss@east.test")
    done = await _run(
        api,
        boss,
        kind="WEEKLY_PACK",
        storeId=gid(floor["pudong"]),
        language="ZH",
        **{"from": "2026-11-09", "to": "2026-11-16"},
    )
    assert done["csvUrl"] is None and [f["format"] for f in done["files"]] == ["xlsx"]
    book = await _book(api, done["xlsxUrl"], boss)
    # The tables first, then the charts, each on its own page (a day without
    # anyone's figures, and targets nobody was given, have no chart).
    assert book.sheetnames == [
        *[f"日报 11-{d:02d}" for d in range(9, 16)],
        "目标达成",
        "同比环比",
        "战败原因分析",
        "H级客户周清单",
        "图表 日报 11-10",
        "图表 同比环比",
        "图表 战败原因分析",
    ]
    monday = book["日报 11-10"]
    assert monday["A1"].value == "周报合集 · 日报 11-10"
    assert "期间: 2026-11-10" in monday["A2"].value
    header = [c.value for c in monday[3]]
    assert header[:3] == ["销售顾问", "新增线索", "接触数"]
    rows = list(monday.iter_rows(min_row=4, values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][1] == 12
    # Each day's chart: the consultants only, not the total.
    (chart,) = book["图表 日报 11-10"]._charts
    assert len(rows) == 2 and _refs(chart)[0] == "'日报 11-10'!$C$4"  # Ann's row, not the total
    history = book["同比环比"]
    assert [c.value for c in history[3]] == ["指标", "本期", "上期", "去年同期", "环比", "同比"]
    assert history["B4"].value == 12 and history["E4"].value is None  # nothing the week before
    assert done["rows"][0] == ["日报 11-09", "2026-11-09"]

    # The week's lost requests: approved (lost) and refused (returned) by
    # reason, competitor brand and consultant, with shares, then the total.
    lost = book["战败原因分析"]
    assert lost["A1"].value == "周报合集 · 战败原因分析"
    assert "期间: 2026-11-09 – 2026-11-15" in lost["A2"].value
    assert [c.value for c in lost[3]] == [
        "统计维度", "类别", "战败", "驳回继续跟进", "战败占比", "驳回占比"
    ]  # fmt: skip
    assert list(lost.iter_rows(min_row=4, values_only=True)) == [
        ("战败原因", "购买竞品", 2, 0, 0.5, 0),
        ("战败原因", "价格因素", 2, 0, 0.5, 0),
        ("战败原因", "无法联系", 0, 1, 0, 1),
        ("竞品品牌", "Fjord", 2, 0, 0.5, 0),
        ("销售顾问", ann.name, 3, 1, 0.75, 1),
        ("销售顾问", dan.name, 1, 0, 0.25, 0),
        ("合计", None, 4, 1, None, None),
    ]
    assert lost["E4"].number_format == "0.0%" and lost.freeze_panes == "A4"
    (chart,) = book["图表 战败原因分析"]._charts
    assert _refs(chart) == ["'战败原因分析'!$C$4:$C$6", "'战败原因分析'!$D$4:$D$6"]
    english = await _run(
        api, boss, kind="WEEKLY_PACK", storeId=gid(pudong), language="EN",
        **{"from": "2026-11-09", "to": "2026-11-16"},
    )  # fmt: skip
    lost = (await _book(api, english["xlsxUrl"], boss))["Lost reasons"]
    assert [c.value for c in lost[3]][2:4] == ["Lost", "Returned to follow-up"]
    assert [r[:2] for r in lost.iter_rows(min_row=4, max_row=6, values_only=True)] == [
        ("Lost reason", "Bought a competitor's car"),
        ("Lost reason", "Price"),
        ("Lost reason", "Unreachable"),
    ]

    too_long = (
        await api.gql(
            REQUEST,
            {
                "input": {
                    "kind": "WEEKLY_PACK",
                    "storeId": gid(floor["pudong"]),
                    "from": "2026-11-01",
                    "to": "2026-12-15",
                }
            },
            boss,
        )  # fmt: skip
    )["requestReport"]
    assert too_long["errors"] == [
        {"path": ["input", "to"], "message": "a weekly pack has a sheet per day: at most 31 days"}
    ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
async def test_libreoffice_prints_a_report_with_its_chart_on_one_page(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    """LibreOffice (headless, as Debian packages it) renders the store
    comparison to PDF: the table one page wide, the chart on a page of its own."""
    head_office = await api.login("exec@east.test")
    done = await _run(
        api, head_office, kind="STORE_COMPARISON", **{"from": "2026-11-01", "to": "2026-12-01"}
    )
    (tmp_path / "report.xlsx").write_bytes((await _get(api, done["xlsxUrl"], head_office)).content)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "report.xlsx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pdf = (tmp_path / "report.pdf").read_bytes()
    pages = _pages(pdf)
    # One page for the 34 columns of two stores (fitted to the width), one for the chart.
    assert len(pages) == 2
    # The chart (its frame, axes, bars and line are paths; cells are only
    # rectangles) is drawn on one page, whole: every point inside that page.
    drawn = [_path_points(content) for content in pages]
    assert [len(points) > 20 for points in drawn] == [False, True]
    width, height = _media_box(pdf)
    assert all(0 <= x <= width and 0 <= y <= height for x, y in drawn[1])


def _pages(pdf: bytes) -> list[bytes]:
    """Each page's content stream, decompressed, in page order."""
    objects = {
        int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S)
    }
    pages = []
    for number in sorted(objects):
        body = objects[number]
        if re.search(rb"/Type\s*/Page\b(?!s)", body):
            ref = re.search(rb"/Contents\s+(\d+) 0 R", body)
            assert ref is not None
            stream = objects[int(ref.group(1))]
            raw = stream.split(b"stream", 1)[1].rsplit(b"endstream", 1)[0].strip(b"\r\n")
            pages.append(zlib.decompress(raw) if b"FlateDecode" in stream else raw)
    return pages


def _path_points(content: bytes) -> list[tuple[float, float]]:
    """The points of the page's line paths (`x y m`, `x y l`)."""
    return [
        (float(x), float(y)) for x, y in re.findall(rb"(-?[\d.]+) (-?[\d.]+) [ml](?=[\s])", content)
    ]


def _media_box(pdf: bytes) -> tuple[float, float]:
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None
    return float(box.group(1)), float(box.group(2))


SET_LANGUAGE = """mutation($input: SetMyReportLanguageInput!) { setMyReportLanguage(input: $input) {
  __typename ... on User { name language } } }"""
ME = "{ me { user { name language } } }"


async def test_a_person_chooses_the_language_of_their_files(api: Api, floor: dict) -> None:  # type: ignore[type-arg]
    ann = await api.login("ann@east.test")
    chosen = (await api.gql(SET_LANGUAGE, {"input": {"language": "ZH"}}, ann))[
        "setMyReportLanguage"
    ]
    assert chosen == {"__typename": "User", "name": "Ann", "language": "zh"}
    # Her export speaks Chinese without asking, whatever her browser says...
    response = await api.client.post(
        "/graphql",
        json={"query": EXPORT, "variables": {"input": {}}},
        headers={"authorization": f"Bearer {ann}", "accept-language": "en-US"},
    )
    mine = response.json()["data"]["exportLeads"]
    # ...unless one request asks for another.
    english = (await api.gql(EXPORT, {"input": {"language": "EN"}}, ann))["exportLeads"]
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await _burst(api.client._transport.app.state.settings)  # type: ignore[attr-defined]
    for export, sheet in ((mine, "线索导出"), (english, "Leads")):
        done = (await api.gql(EXPORT_STATUS, {"id": export["id"]}, ann))["export"]
        assert (await _book(api, done["xlsxUrl"], ann)).sheetnames == [sheet]

    # Another dealer group's manager sets only their own.
    west = await api.login("boss@west.test")
    assert (await api.gql(SET_LANGUAGE, {"input": {"language": "EN"}}, west))[
        "setMyReportLanguage"
    ]["language"] == "en"
    assert (await api.gql(ME, None, ann))["me"]["user"]["language"] == "zh"
    async with system_transaction():
        entries = await AuditEntry.filter(operation="setMyReportLanguage").order_by("id")
    assert [e.outcome for e in entries] == ["User", "User"]
    assert entries[0].tenant_id == floor["group"].id != entries[1].tenant_id
    # Back to the browser's language.
    reset = (await api.gql(SET_LANGUAGE, {"input": {"language": None}}, ann))["setMyReportLanguage"]
    assert reset["language"] is None

    # A group's IT admin gets no report files, so has no language for them.
    await make_user("admin@east.test", group=floor["group"], role=Role.GROUP_ADMIN)
    admin = await api.login("admin@east.test")
    errors = await api.errors(SET_LANGUAGE, {"input": {"language": "ZH"}}, admin)
    assert "report_language:set" in errors[0]["message"]


async def test_a_showroom_manager_opens_only_the_runs_of_their_own_store(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    await make_user(
        "boss@minhang.test",
        group=floor["group"],
        role=Role.SHOWROOM_MANAGER,
        store=floor["minhang"],
    )
    pudong_boss, minhang_boss = (
        await api.login("boss@east.test"),
        await api.login("boss@minhang.test"),
    )
    executive = await api.login("exec@east.test")
    pudong = await _run(api, pudong_boss, kind="H_LIST", storeId=gid(floor["pudong"]))
    minhang = await _run(api, minhang_boss, kind="H_LIST", storeId=gid(floor["minhang"]))
    # The executive's group-wide comparison has no store: group-wide readers only.
    group_wide = await _run(
        api, executive, kind="STORE_COMPARISON", **{"from": "2026-11-01", "to": "2026-11-08"}
    )
    node = "query($id: ID!) { node(id: $id) { ... on ReportRun { id } } }"
    async with system_transaction():
        users = {
            u.email: u.id
            for u in await User.filter(email__in=["boss@east.test", "boss@minhang.test"])
        }

    async def opens(token: str, email: str, run: dict) -> list[Any]:  # type: ignore[type-arg]
        seen = (await api.gql(RUN, {"id": run["id"]}, token))["reportRun"]
        by_node = (await api.gql(node, {"id": run["id"]}, token))["node"]
        bearer = (await _get(api, run["xlsxUrl"], token)).status_code
        link = storage.sign(
            settings, run_id=pk(run["id"]), fmt="xlsx", user_id=users[email],
            sha256=run["files"][0]["sha256"],
        )  # fmt: skip
        signed = (await _get(api, link.url)).status_code
        return [seen is not None, by_node is not None, bearer, signed]

    assert await opens(pudong_boss, "boss@east.test", pudong) == [True, True, 200, 200]
    assert await opens(pudong_boss, "boss@east.test", minhang) == [False, False, 404, 403]
    assert await opens(pudong_boss, "boss@east.test", group_wide) == [False, False, 404, 403]
    assert await opens(minhang_boss, "boss@minhang.test", minhang) == [True, True, 200, 200]
    assert await opens(minhang_boss, "boss@minhang.test", pudong) == [False, False, 404, 403]
    assert await opens(minhang_boss, "boss@minhang.test", group_wide) == [False, False, 404, 403]
    for run in (pudong, minhang, group_wide):
        assert (await api.gql(RUN, {"id": run["id"]}, executive))["reportRun"] is not None
        assert (await _get(api, run["xlsxUrl"], executive)).status_code == 200


async def test_a_changed_or_malformed_link_answers_one_page_whether_the_run_exists_or_not(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
) -> None:
    boss = await api.login("boss@east.test")
    done = await _run(api, boss, kind="H_LIST", storeId=gid(floor["pudong"]))
    url = done["files"][0]["url"]
    run_id = pk(done["id"])
    signature = url.split("signature=")[1]
    pages = [
        await _get(api, url.replace("signature=", "signature=A")),  # this run: changed
        await _get(api, url.replace(f"/{run_id}.", f"/{run_id + 1000}.")),  # no such run
        await _get(api, url.replace(signature, "%E7%AD%BE%E5%90%8D")),  # not ASCII
        await _get(api, re.sub(r"user=\d+", "user=%C2%B2", url)),  # `²` passes isdigit()
        await _get(api, re.sub(r"expires=\d+", "expires=%D9%A1%D9%A2", url)),
        await _get(api, url.replace("v=", "v=0")),  # another version of the file
    ]
    assert [p.status_code for p in pages] == [403] * 6
    assert len({p.text for p in pages}) == 1 and "not valid" in pages[0].text
    assert all(p.headers["content-type"].startswith("text/html") for p in pages)


async def test_a_revoked_role_no_longer_opens_links_on_a_process_that_only_serves_links(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    await make_user("admin@east.test", group=floor["group"], role=Role.GROUP_ADMIN)
    boss, admin = await api.login("boss@east.test"), await api.login("admin@east.test")
    done = await _run(api, boss, kind="H_LIST", storeId=gid(floor["pudong"]))
    url = done["files"][0]["url"]
    links = create_app(settings, run_jobs=False)  # another process, serving the links only
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=links), base_url="http://links"
    ) as browser:
        # That process has served the API before: its roles are loaded.
        me = {"query": "{ me { kind } }"}
        warm = await browser.post("/graphql", json=me, headers={"authorization": f"Bearer {boss}"})
        assert warm.status_code == 200
        assert (await browser.get(url)).status_code == 200
        async with system_transaction():
            user = await User.get(email="boss@east.test")
            assignment = await RoleAssignment.get(user_id=user.id)
        revoked = await api.gql(
            "mutation($id: ID!) { revokeRole(input: {id: $id}) { __typename } }",
            {"id": gid("RoleAssignment", assignment.id)},
            admin,
        )
        assert revoked["revokeRole"]["__typename"] == "RevokedRole"
        refused = await browser.get(url)
        assert refused.status_code == 403 and "not valid" in refused.text
    await links.state.jobs.close()


async def test_signed_links_count_against_the_address_as_anonymous_calls(
    floor: dict,  # type: ignore[type-arg]
    settings: Settings,
    api: Api,
) -> None:
    boss = await api.login("boss@east.test")
    done = await _run(api, boss, kind="H_LIST", storeId=gid(floor["pudong"]))
    url = done["files"][0]["url"]
    data = settings.model_dump() | {
        "job_queue": f"links-{pk(done['id'])}-{datetime.now(UTC).timestamp()}",
        "rate_limit_anonymous_per_minute": 2,
    }
    links = create_app(Settings(_env_file=None, **data), run_jobs=False)  # type: ignore[call-arg]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=links), base_url="http://links"
    ) as browser:
        statuses = [(await browser.get(url)).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        guessed = await browser.get(url.replace("signature=", "signature=A"))
        assert guessed.status_code == 429 and int(guessed.headers["retry-after"]) > 0
    await links.state.jobs.close()
