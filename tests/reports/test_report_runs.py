"""Report runs end to end: requested through the API, computed by a real arq
worker in burst mode, downloaded as CSV and XLSX (opened and checked)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from arq.connections import RedisSettings
from arq.worker import Worker
from openpyxl import load_workbook

from saas.jobs.arq_pool import environment
from saas.jobs.submit import bulk_queue
from saas.jobs.worker import WorkerSettings
from saas.models import ReportRun
from saas.settings import Settings
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_lead, make_store, make_user, pk

REQUEST = """mutation($input: RequestReportInput!) { requestReport(input: $input) { __typename
  ... on ReportRun { id status } ... on ValidationErrors { errors { path message } } } }"""
RUN = "query($id: ID!) { reportRun(id: $id) { status progress title columns rows csvUrl xlsxUrl error } }"


async def _burst(settings: Settings) -> None:
    """Run the queued jobs, critical and bulk, as `saas worker` would."""
    for queue in (settings.job_queue, bulk_queue(settings.job_queue)):
        with environment(settings.job_queue):  # the API enqueued under the environment's keys
            worker = Worker(functions=WorkerSettings.functions, redis_settings=RedisSettings.from_dsn(settings.redis_url or ""),
                            queue_name=queue, burst=True, poll_delay=0.05, handle_signals=False)  # fmt: skip
            await worker.main()
            await worker.close()


async def test_a_funnel_run_through_a_real_worker_downloads_as_csv_and_xlsx(
    api: Api, settings: Settings
) -> None:
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    for i in range(3):
        await make_lead(
            ann, store, phone=f"1390000{i:04d}", now=datetime(2026, 11, 10, 3, tzinfo=UTC)
        )
    boss = await api.login("boss@a.test")
    run = (
        await api.gql(
            REQUEST,
            {
                "input": {
                    "kind": "FUNNEL",
                    "storeId": gid(store),
                    "from": "2026-11-01",
                    "to": "2026-12-01",
                }
            },
            boss,
        )
    )["requestReport"]
    assert run["status"] == "queued"
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await _burst(settings)
    done = (await api.gql(RUN, {"id": run["id"]}, boss))["reportRun"]
    assert done["status"] == "done" and done["progress"] == 100
    assert done["columns"] == ["stage", "reached", "conversion_percent", "worst"]
    assert done["rows"][0] == ["first_contact", "3", "", "False"]

    headers = {"authorization": f"Bearer {boss}"}
    csv_file = await api.client.get(done["csvUrl"], headers=headers)
    assert csv_file.status_code == 200 and csv_file.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    # The files carry labels (English unless asked otherwise), the API its keys.
    assert table[0] == ["Stage", "Leads reached", "Conversion", "Weakest step"]
    assert table[1][:2] == ["First contact", "3"]

    xlsx_file = await api.client.get(done["xlsxUrl"], headers=headers)
    book = load_workbook(io.BytesIO(xlsx_file.content))
    assert book.sheetnames == ["Sales funnel", "Chart Sales funnel"]
    sheet = book["Sales funnel"]
    assert [c.value for c in sheet[3]] == table[0]
    assert sheet["B4"].value == 3
    assert len(book["Chart Sales funnel"]._charts) == 1  # the funnel's chart, on its own sheet

    # Nobody else's: another group's manager and an anonymous caller get nothing.
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "B-1")
    await make_user("boss@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    foreign = await api.login("boss@b.test")
    assert (await api.gql(RUN, {"id": run["id"]}, foreign))["reportRun"] is None
    assert (
        await api.client.get(done["csvUrl"], headers={"authorization": f"Bearer {foreign}"})
    ).status_code == 404
    assert (await api.client.get(done["csvUrl"])).status_code == 401


async def test_bad_requests_are_typed_and_a_failed_run_can_be_retried(
    api: Api, settings: Settings
) -> None:
    group = await make_group()
    store = await make_store(group, "SH-1")
    await make_user("sam@a.test", group=group, role=Role.SALES_MANAGER, store=store)
    sam = await api.login("sam@a.test")
    missing = (
        await api.gql(REQUEST, {"input": {"kind": "DAILY_REPORT", "storeId": gid(store)}}, sam)
    )["requestReport"]
    assert missing["errors"] == [{"path": ["input", "day"], "message": "daily_report needs day"}]
    reversed_ = (
        await api.gql(
            REQUEST,
            {
                "input": {
                    "kind": "FUNNEL",
                    "storeId": gid(store),
                    "from": "2026-12-01",
                    "to": "2026-11-01",
                }
            },
            sam,
        )
    )["requestReport"]
    assert reversed_["__typename"] == "ValidationErrors"
    unknown = await api.errors(REQUEST, {"input": {"kind": "PROFIT", "storeId": gid(store)}}, sam)
    assert "PROFIT" in unknown[0]["message"]

    run = (await api.gql(REQUEST, {"input": {"kind": "H_LIST", "storeId": gid(store)}}, sam))[
        "requestReport"
    ]
    async with system_transaction():  # the store is archived meanwhile: the run fails with a reason
        from saas.models import Store

        await Store.filter(id=store.id).update(is_active=True)
        await ReportRun.filter(id=pk(run["id"])).update(params={"store_id": 999999})
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await _burst(settings)
    failed = (await api.gql(RUN, {"id": run["id"]}, sam))["reportRun"]
    assert failed["status"] == "failed" and "does not exist" in failed["error"]
    async with system_transaction():
        await ReportRun.filter(id=pk(run["id"])).update(params={"store_id": store.id})
    retried = (
        await api.gql(
            "mutation($id: ID!) { retryReportRun(id: $id) { __typename ... on ReportRun { status } } }",
            {"id": run["id"]},
            sam,
        )
    )["retryReportRun"]
    assert retried == {"__typename": "ReportRun", "status": "QUEUED".lower()}
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await _burst(settings)
    assert (await api.gql(RUN, {"id": run["id"]}, sam))["reportRun"]["status"] == "done"
