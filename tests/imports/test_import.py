"""Bulk import of customers and leads: sent through the API as base64, taken
in by the `crm.import_file` job in committed chunks with per-row results;
GBK and UTF-8 CSV, XLSX, dry runs, idempotent re-runs, resumption after a
crash, permissions and tenant isolation, the `saas import` command, and a
real arq worker."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from saas.imports import service
from saas.imports.jobs import crm_import_file
from saas.models import (
    AuditEntry,
    Customer,
    DomainEvent,
    ImportRun,
    JobRequest,
    Lead,
    LeadAssignment,
    LeadEvent,
    Store,
)
from saas.settings import Settings
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import (
    gid,
    make_group,
    make_lead,
    make_store,
    make_user,
    make_vehicle_model,
    pk,
)

IMPORT = """mutation($input: ImportFileInput!) { importFile(input: $input) { __typename
  ... on ImportRun { id status total dryRun }
  ... on ValidationErrors { errors { path message } }
  ... on ForbiddenError { message } } }"""
RUN = """query($id: ID!, $outcome: ImportOutcome, $after: String) { importRun(id: $id) {
  status total processed created merged rejected progressPercent dryRun
  rows(first: 100, outcome: $outcome, after: $after) { edges { node {
    row outcome customerId leadId column message } }
    pageInfo { hasNextPage endCursor } } } }"""
HEADER = ["姓名", "手机", "意向车型", "来源", "级别"]


@pytest.fixture
async def shop(api: Api, settings: Settings) -> dict[str, Any]:
    group = await make_group("EAST")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    await make_vehicle_model("Huaxia", "Aurora", "Aurora 2.0T")
    ann = await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    await make_user("desk@east.test", group=group, role=Role.CUSTOMER_ADMIN, store=store)
    boss = await api.login("boss@east.test")
    return {"group": group, "store": store, "ann": ann, "boss": boss}


def _csv(rows: list[list[str]], encoding: str = "utf-8", header: list[str] = HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _input(store: Store, content: bytes, **extra: object) -> dict[str, object]:
    return {
        "input": {
            "kind": "LEADS",
            "storeId": gid(store),
            "fileName": "leads.csv",
            "contentBase64": base64.b64encode(content).decode(),
            **extra,
        }
    }


async def _send(api: Api, token: str, store: Store, content: bytes, **extra: object) -> dict:
    return (await api.gql(IMPORT, _input(store, content, **extra), token))["importFile"]  # type: ignore[no-any-return]


async def _take_in(api: Api, run_id: str) -> None:
    """Run the queued job as the worker would (after the request committed)."""
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await crm_import_file({}, tenant_id=await _tenant_of(run_id), import_id=pk(run_id))


async def _tenant_of(run_id: str) -> int:
    async with system_transaction():
        return (await ImportRun.get(id=pk(run_id))).tenant_id


async def _progress(api: Api, token: str, run_id: str, outcome: str | None = None) -> dict:
    run = (await api.gql(RUN, {"id": run_id, "outcome": outcome}, token))["importRun"]
    rows = [e["node"] for e in run["rows"]["edges"]]
    while run["rows"]["pageInfo"]["hasNextPage"]:
        after = run["rows"]["pageInfo"]["endCursor"]
        page = await api.gql(RUN, {"id": run_id, "outcome": outcome, "after": after}, token)
        run["rows"] = page["importRun"]["rows"]
        rows += [e["node"] for e in run["rows"]["edges"]]
    run["rows"] = rows
    return run  # type: ignore[no-any-return]


async def _counts() -> tuple[int, int]:
    async with system_transaction():
        return await Customer.all().count(), await Lead.all().count()


def _phone(i: int) -> str:
    return f"1370000{i:04d}"


async def test_a_10000_row_file_with_duplicates_and_bad_rows(api: Api, shop: dict) -> None:
    store = shop["store"]
    for i in range(20):  # already in the CRM
        await make_lead(shop["ann"], store, phone=_phone(i))
    header = ["姓名", "手机", "性别", "城市"]
    rows = [[f"客户{i}", _phone(i), "女" if i % 2 else "男", "上海"] for i in range(10_000)]
    for i in range(9_000, 9_300):  # the same person twice in the file
        rows[i][1] = _phone(i - 8_900)
    for i in range(9_300, 9_400):
        rows[i][1] = "12345"
    for i in range(9_400, 9_450):
        rows[i][0] = ""
    for i in range(9_450, 9_500):
        rows[i][2] = "X"
    queued = await _send(api, shop["boss"], store, _csv(rows, header=header), kind="CUSTOMERS")
    assert queued["__typename"] == "ImportRun" and queued["total"] == 10_000
    await _take_in(api, queued["id"])

    run = await _progress(api, shop["boss"], queued["id"], "REJECTED")
    assert (run["status"], run["processed"], run["progressPercent"]) == ("done", 10_000, 100.0)
    assert (run["created"], run["merged"], run["rejected"]) == (9_480, 320, 200)
    # Row numbers as the spreadsheet shows them: the header is row 1.
    assert (run["rows"][0]["row"], run["rows"][0]["column"]) == (9_302, "phone")
    assert "'12345' is not a usable phone number" in run["rows"][0]["message"]
    assert [r["column"] for r in run["rows"]] == ["phone"] * 100 + ["name"] * 50 + ["gender"] * 50
    assert run["rows"][-1] == {"row": 9_501, "outcome": "REJECTED", "customerId": None,
        "leadId": None, "column": "gender", "message": "must be one of male, female, other"}  # fmt: skip
    merged = (await _progress(api, shop["boss"], queued["id"], "MERGED"))["rows"]
    assert len(merged) == 320 and all(r["customerId"] for r in merged)
    assert merged[0]["message"].startswith("already a customer (archive SH-1-")
    assert await _counts() == (20 + 9_480, 20)


async def test_gbk_csv_with_chinese_headers_and_values(api: Api, shop: dict) -> None:
    content = _csv(
        [
            ["王芳", "138 0013 8000", "Aurora 2.0T", "车展", "H级"],
            ["李雷", "13900139000", "", "", ""],
        ],
        encoding="gbk",
    )
    queued = await _send(api, shop["boss"], shop["store"], content)
    await _take_in(api, queued["id"])
    run = await _progress(api, shop["boss"], queued["id"])
    assert (run["created"], run["rejected"]) == (2, 0)
    async with system_transaction():
        wang = await Customer.get(phone="+8613800138000")
        lead = await Lead.get(customer_id=wang.id)
        li = await Customer.get(phone="+8613900139000")
        li_lead = await Lead.get(customer_id=li.id)
    assert wang.name == "王芳"
    assert (lead.intent_grade, lead.source_channel, lead.vehicle_model_id is not None) == (
        "H",
        "auto_show",
        True,
    )
    assert (li_lead.intent_grade, li_lead.source_channel) == ("N", "walk_in")  # the defaults


async def test_utf8_with_bom_and_english_headers(api: Api, shop: dict) -> None:
    content = b"\xef\xbb\xbf" + _csv(
        [["Zhao Lei", "13700137000", "web@site", "male", "Suzhou"]],
        header=["Customer Name", "Mobile", "WeChat", "Gender", "City"],
    )
    queued = await _send(api, shop["boss"], shop["store"], content, kind="CUSTOMERS")
    await _take_in(api, queued["id"])
    assert (await _progress(api, shop["boss"], queued["id"]))["created"] == 1
    async with system_transaction():
        zhao = await Customer.get(phone="+8613700137000")
    assert (zhao.name, zhao.wechat, zhao.gender, zhao.city) == (
        "Zhao Lei",
        "web@site",
        "male",
        "Suzhou",
    )


async def test_an_xlsx_workbook(api: Api, shop: dict) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["客户姓名", "手机号码", "性别", "备注"])
    sheet.append(["孙丽", 13600136000, "女", "来过两次"])  # the phone typed as a number
    sheet.append([None, None, None, None])
    sheet.append(["周强", "not a phone", "男", None])
    buffer = io.BytesIO()
    book.save(buffer)
    queued = await _send(
        api, shop["boss"], shop["store"], buffer.getvalue(), fileName="客户.xlsx", kind="CUSTOMERS"
    )
    assert queued["total"] == 2  # the blank row is not counted
    await _take_in(api, queued["id"])
    run = await _progress(api, shop["boss"], queued["id"])
    assert [(r["row"], r["outcome"], r["column"]) for r in run["rows"]] == [
        (2, "CREATED", None),
        (4, "REJECTED", "phone"),
    ]
    async with system_transaction():
        sun = await Customer.get(phone="+8613600136000")
    assert (sun.name, sun.gender) == ("孙丽", "female")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,phone\n\x81\x20\xff,1\n", "not text in UTF-8 or GBK/GB18030"),
        ("姓名,城市\n王芳,上海\n".encode(), "missing required column(s) 手机/phone"),
        (b"\xd0\xcf\x11\xe0\x00\x00", "old Excel .xls file"),
        ("姓名,手机\n".encode(), "no rows to import"),
    ],
    ids=["wrong-encoding", "missing-column", "xls", "no-rows"],
)
async def test_a_bad_file_is_refused_whole_with_a_clear_error(
    api: Api, shop: dict, content: bytes, message: str
) -> None:
    refused = await _send(api, shop["boss"], shop["store"], content)
    assert refused["__typename"] == "ValidationErrors"
    assert refused["errors"][0]["path"] == ["input", "contentBase64"]
    assert message in refused["errors"][0]["message"]
    async with system_transaction():
        assert await ImportRun.all().count() == 0


async def test_size_limit_and_bad_base64(api: Api, shop: dict, settings: Settings) -> None:
    store = shop["store"]
    bad = _input(store, b"")
    bad["input"]["contentBase64"] = "not base64!"  # type: ignore[index]
    refused = (await api.gql(IMPORT, bad, shop["boss"]))["importFile"]
    assert refused["errors"][0]["path"] == ["input", "contentBase64"]
    big = _csv([[f"客户{i}", _phone(i), "", "", ""] for i in range(1_000)])
    async with system_transaction():
        with pytest.raises(Exception, match="at most 1,024"):
            await service.create_import(
                store, service.ImportKind.LEADS, "big.csv", big,
                max_bytes=1_024, dry_run=False, requested_by_id=None,
            )  # fmt: skip
    assert settings.import_max_bytes == 10 * 1024 * 1024


async def test_a_dry_run_reports_the_same_results_and_writes_nothing(
    api: Api, shop: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "CHUNK", 4)  # repeats across rolled-back chunks too
    await make_lead(shop["ann"], shop["store"], phone=_phone(0))
    rows = [[f"客户{i}", _phone(i), "Aurora", "", "B"] for i in range(10)]
    rows[7][1] = _phone(2)  # a repeat of row 4 (in an earlier chunk)
    rows[3][1] = _phone(1)  # a repeat of row 3 (same chunk)
    rows[8][2] = "Roadster X"  # not in the catalogue
    content = _csv(rows)
    before = await _counts()
    dry = await _send(api, shop["boss"], shop["store"], content, dryRun=True)
    assert dry["dryRun"] is True
    await _take_in(api, dry["id"])
    preview = await _progress(api, shop["boss"], dry["id"])
    assert await _counts() == before
    assert all(r["customerId"] is None and r["leadId"] is None for r in preview["rows"])
    real = await _send(api, shop["boss"], shop["store"], content)
    await _take_in(api, real["id"])
    done = await _progress(api, shop["boss"], real["id"])
    summary = ("created", "merged", "rejected")
    assert [preview[k] for k in summary] == [done[k] for k in summary] == [6, 3, 1]
    assert [(r["row"], r["outcome"]) for r in preview["rows"]] == [
        (r["row"], r["outcome"]) for r in done["rows"]
    ]
    assert preview["rows"][8]["column"] == "model"


async def test_the_same_file_twice_imports_once(api: Api, shop: dict) -> None:
    content = _csv([[f"客户{i}", _phone(i), "", "", ""] for i in range(30)])
    first = await _send(api, shop["boss"], shop["store"], content)
    await _take_in(api, first["id"])
    counts = await _counts()
    again = await _send(api, shop["boss"], shop["store"], content)
    assert again["id"] == first["id"] and again["status"] == "done"
    await _take_in(api, again["id"])  # a retried job: nothing more
    # The same people in another file (reordered) are all duplicates now.
    reordered = _csv([[f"客户{i}", _phone(i), "", "", ""] for i in reversed(range(30))])
    other = await _send(api, shop["boss"], shop["store"], reordered)
    assert other["id"] != first["id"]
    await _take_in(api, other["id"])
    run = await _progress(api, shop["boss"], other["id"])
    assert (run["created"], run["merged"]) == (0, 30)
    assert await _counts() == counts == (30, 30)
    # Audited without a copy of the file (its size only) or of its rows.
    async with system_transaction():
        entries = await AuditEntry.filter(operation="importFile").order_by("id")
    details = json.dumps([e.details for e in entries], ensure_ascii=False)
    assert len(entries) == 3 and "characters]" in details
    assert _phone(1) not in details and "客户1" not in details


async def test_a_crashed_import_resumes_without_duplicates(
    api: Api, shop: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "CHUNK", 25)
    rows = [[f"客户{i}", _phone(i), "", "", ""] for i in range(60)]
    rows[40][1] = "999"
    queued = await _send(api, shop["boss"], shop["store"], _csv(rows))
    real = service._take_chunk
    calls = {"n": 0}

    async def killed_in_second_chunk(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            await real(*args, **kwargs)  # its rows are written, then the worker dies
            raise RuntimeError("worker killed")
        return await real(*args, **kwargs)

    monkeypatch.setattr(service, "_take_chunk", killed_in_second_chunk)
    with pytest.raises(RuntimeError):
        await _take_in(api, queued["id"])
    halfway = (await api.gql(RUN, {"id": queued["id"]}, shop["boss"]))["importRun"]
    assert (halfway["status"], halfway["processed"], halfway["created"]) == ("running", 25, 25)
    assert await _counts() == (25, 25)  # the second chunk left nothing behind
    monkeypatch.setattr(service, "_take_chunk", real)
    # Sending the file again (say the worker gave up) queues the same run again.
    again = await _send(api, shop["boss"], shop["store"], _csv(rows))
    assert again["id"] == queued["id"]
    async with system_transaction():
        requested = await JobRequest.filter(name="crm.import_file").count()
    assert requested == 2
    await _take_in(api, queued["id"])
    run = await _progress(api, shop["boss"], queued["id"])
    assert (run["status"], run["processed"], run["created"], run["rejected"]) == (
        "done", 60, 59, 1,
    )  # fmt: skip
    assert [r["row"] for r in run["rows"]] == list(range(2, 62))
    assert await _counts() == (59, 59)


async def test_two_workers_on_one_import_land_each_row_once(
    api: Api, shop: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "CHUNK", 10)
    content = _csv([[f"客户{i}", _phone(i), "", "", ""] for i in range(60)])
    queued = await _send(api, shop["boss"], shop["store"], content)
    tenant_id = await _tenant_of(queued["id"])
    await asyncio.gather(
        *(crm_import_file({}, tenant_id=tenant_id, import_id=pk(queued["id"])) for _ in range(2))
    )
    run = await _progress(api, shop["boss"], queued["id"])
    assert (run["status"], run["processed"], run["created"], run["merged"]) == ("done", 60, 60, 0)
    assert [r["row"] for r in run["rows"]] == list(range(2, 62))
    assert await _counts() == (60, 60)


async def test_who_may_import_and_another_tenant_sees_nothing(api: Api, shop: dict) -> None:
    store = shop["store"]
    content = _csv([["王芳", "13800138000", "", "", ""]])
    ann = await api.login("ann@east.test")
    refused = await _send(api, ann, store, content)
    assert refused["__typename"] == "ForbiddenError" and "lead:import" in refused["message"]
    desk = await api.login("desk@east.test")
    assert (await _send(api, desk, store, content))["__typename"] == "ForbiddenError"
    assert (await _send(api, desk, store, content, kind="CUSTOMERS"))["__typename"] == "ImportRun"
    queued = await _send(api, shop["boss"], store, content)
    assert (await api.gql(RUN, {"id": queued["id"]}, ann))["importRun"] is None

    other = await make_group("WEST")
    other_store = await make_store(other, "BJ-1")
    await make_user("boss@west.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    west = await api.login("boss@west.test")
    assert (await api.gql(RUN, {"id": queued["id"]}, west))["importRun"] is None
    into_east = await _send(api, west, store, content)
    assert into_east["__typename"] == "ValidationErrors"
    assert into_east["errors"][0]["path"] == ["input", "storeId"]


async def test_the_saas_import_command(shop: dict, settings: Settings, tmp_path: Path) -> None:
    store = shop["store"]
    file = tmp_path / "客户.csv"
    rows = [[f"客户{i}", _phone(i), "", "", ""] for i in range(1_200)]
    rows[5][1] = "12"
    rows[6][1] = _phone(1)
    file.write_bytes(_csv(rows, encoding="gb18030"))
    env = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": ""}
    env.pop("REDIS_URL")
    saas = Path(sys.executable).parent / "saas"
    args = [str(saas), "import", str(file), "--dealer-group-id", str(store.tenant_id),
            "--store-id", str(store.id), "--kind", "customers"]  # fmt: skip
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "1,198 created, 1 merged as duplicates, 1 rejected" in done.stdout
    assert "row 7: phone: '12' is not a usable phone number" in done.stdout
    # Redrawn after each committed chunk of 500.
    assert "[############..................] 500/1,200" in done.stderr
    assert "[##############################] 1,200/1,200" in done.stderr
    # With the rate so far and the time left at that rate.
    assert re.search(r"500/1,200  [\d,]+ rows/s, \d+ s left", done.stderr), done.stderr
    assert re.search(r"1,200/1,200  [\d,]+ rows/s, 0 s left", done.stderr), done.stderr
    assert (await _counts())[0] == 1_198
    again = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert "1,198 created" in again.stdout and (await _counts())[0] == 1_198
    wrong = subprocess.run([*args[:6], "999999", *args[7:]], env=env, capture_output=True,
                           text=True, timeout=60)  # fmt: skip
    assert wrong.returncode != 0 and "is not in dealer group" in wrong.stderr


async def test_a_real_arq_worker_runs_the_import(api: Api, shop: dict, settings: Settings) -> None:
    from tests.reports.test_report_runs import _burst

    content = _csv([[f"客户{i}", _phone(i), "Aurora", "网站", "C"] for i in range(40)])
    queued = await _send(api, shop["boss"], shop["store"], content)
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await _burst(settings)
    run = await _progress(api, shop["boss"], queued["id"])
    assert (run["status"], run["created"]) == ("done", 40)
    assert await _counts() == (40, 40)


async def test_a_chunk_with_repeats_inside_it_and_phones_already_in_the_crm(
    api: Api, shop: dict
) -> None:
    """A chunk is taken in as a whole, with each row's outcome what taking
    the rows in one by one gives: a phone twice in the chunk lands once (the
    second row merges into what the first created), a phone the CRM has
    merges into its customer or open lead, a customer whose open lead is at
    another store gets a lead here too."""
    store = shop["store"]
    other = await make_store(shop["group"], "SH-2")
    bob = await make_user("bob@east.test", group=shop["group"], role=Role.CONSULTANT, store=other)
    worked = await make_lead(shop["ann"], store, phone=_phone(1))
    elsewhere = await make_lead(bob, other, phone=_phone(2))
    rows = [
        ["新客", _phone(10), "Aurora", "网站", "A"],  # row 2: new
        ["老客", _phone(1), "", "", ""],  # row 3: open lead at this store
        ["新客", _phone(10), "", "", ""],  # row 4: row 2's phone again
        ["别店", _phone(2), "", "", ""],  # row 5: open lead at another store only
        ["坏号", "12", "", "", ""],  # row 6
        ["别店", _phone(2), "", "", ""],  # row 7: row 5's lead again
    ]
    queued = await _send(api, shop["boss"], store, _csv(rows))
    await _take_in(api, queued["id"])
    run = await _progress(api, shop["boss"], queued["id"])
    got = [(r["row"], r["outcome"], r["message"]) for r in run["rows"]]
    assert got == [
        (2, "CREATED", None),
        (3, "MERGED", "this customer already has an open lead at this store"),
        (4, "MERGED", "this customer already has an open lead at this store"),
        (5, "CREATED", f"attached to existing customer {elsewhere.customer.archive_no}"),
        (6, "REJECTED", "'12' is not a usable phone number (e.g. 138 0013 8000)"),
        (7, "MERGED", "this customer already has an open lead at this store"),
    ]
    by_row = {r["row"]: r for r in run["rows"]}
    assert by_row[3]["leadId"] == gid(worked.lead) and by_row[3]["customerId"] == gid(
        worked.customer
    )
    assert (by_row[4]["leadId"], by_row[4]["customerId"]) == (
        by_row[2]["leadId"],
        by_row[2]["customerId"],
    )
    assert by_row[5]["customerId"] == gid(elsewhere.customer)
    assert by_row[7]["leadId"] == by_row[5]["leadId"] != gid(elsewhere.lead)
    assert (run["created"], run["merged"], run["rejected"]) == (2, 3, 1)
    async with system_transaction():
        new = await Lead.get(id=pk(by_row[2]["leadId"]))
        customer = await Customer.get(id=new.customer_id)
        history = await LeadEvent.filter(lead_id=new.id).values_list("kind", "to_value")
        assigned = await LeadAssignment.filter(lead_id=new.id).values_list(
            "to_user_id", "is_automatic"
        )
        events = (
            await DomainEvent.filter(lead_id=new.id).order_by("id").values_list("kind", flat=True)
        )
    # The owner rules, history and events of any new lead.
    assert (new.owner_id, new.intent_grade, new.source_channel) == (shop["ann"].id, "A", "website")
    assert (customer.name, customer.owner_id) == ("新客", shop["ann"].id)
    assert customer.archive_no.startswith("SH-1-")
    assert history == [("created", "website")] and assigned == [(shop["ann"].id, True)]
    assert events == ["lead.created", "lead.assigned"]
    assert await _counts() == (3, 4)

    customers = [["甲", _phone(20)], ["乙", _phone(1)], ["甲", _phone(20)], ["丙", "+86 12"]]
    queued = await _send(
        api, shop["boss"], store, _csv(customers, header=["姓名", "手机"]), kind="CUSTOMERS"
    )
    await _take_in(api, queued["id"])
    run = await _progress(api, shop["boss"], queued["id"])
    first, known, again, bad = run["rows"]
    async with system_transaction():
        jia = await Customer.get(phone="+86" + _phone(20))
    assert (first["outcome"], first["customerId"]) == ("CREATED", gid(jia))
    assert (known["outcome"], known["customerId"]) == ("MERGED", gid(worked.customer))
    assert known["message"] == f"already a customer (archive {worked.customer.archive_no})"
    assert (again["outcome"], again["customerId"]) == ("MERGED", gid(jia))
    assert again["message"] == f"already a customer (archive {jia.archive_no})"
    assert bad["outcome"] == "REJECTED"


async def test_a_worker_killed_in_the_middle_of_a_chunks_writes_resumes_cleanly(
    api: Api, shop: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the chunk's customers and leads were written but before
    its history and results: the chunk leaves nothing, and the next run takes
    it in whole, each lead with its one history row, assignment and events."""
    monkeypatch.setattr(service, "CHUNK", 20)
    rows = [[f"客户{i}", _phone(i % 45), "", "", ""] for i in range(50)]  # 45 people
    queued = await _send(api, shop["boss"], shop["store"], _csv(rows))
    real = service._insert_leads
    calls = {"n": 0}

    async def killed_in_second_chunk(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return await real(*args, **kwargs)

    monkeypatch.setattr(service, "_insert_leads", killed_in_second_chunk)
    with pytest.raises(RuntimeError):
        await _take_in(api, queued["id"])
    halfway = (await api.gql(RUN, {"id": queued["id"]}, shop["boss"]))["importRun"]
    assert (halfway["processed"], halfway["created"]) == (20, 20)
    assert await _counts() == (20, 20)
    monkeypatch.setattr(service, "_insert_leads", real)
    await _take_in(api, queued["id"])
    run = await _progress(api, shop["boss"], queued["id"])
    assert (run["status"], run["processed"], run["created"], run["merged"]) == (
        "done", 50, 45, 5,
    )  # fmt: skip
    assert [r["row"] for r in run["rows"]] == list(range(2, 52))
    assert await _counts() == (45, 45)
    async with system_transaction():
        assert await LeadEvent.filter(kind="created").count() == 45
        assert await LeadAssignment.all().count() == 45
        assert await DomainEvent.filter(kind="lead.created").count() == 45


async def test_a_lead_for_an_imported_customer_without_owner_hands_the_customer_over(
    api: Api, shop: dict
) -> None:
    """Customers imported alone have no owner; a lead imported for one later
    gives the customer to the lead's owner, as a lead taken in by hand does."""
    store = shop["store"]
    customers = _csv([["甲", _phone(30)], ["乙", _phone(31)]], header=["姓名", "手机"])
    queued = await _send(api, shop["boss"], store, customers, kind="CUSTOMERS")
    await _take_in(api, queued["id"])
    async with system_transaction():
        assert await Customer.filter(owner_id=None).count() == 2
        jia = await Customer.get(phone="+86" + _phone(30))
    queued = await _send(api, shop["boss"], store, _csv([["甲", _phone(30), "", "", ""]]))
    await _take_in(api, queued["id"])
    row = (await _progress(api, shop["boss"], queued["id"]))["rows"][0]
    assert (row["outcome"], row["customerId"]) == ("CREATED", gid(jia))
    assert row["message"] == f"attached to existing customer {jia.archive_no}"
    async with system_transaction():
        owners = dict(await Customer.all().values_list("phone", "owner_id"))
    assert owners == {"+86" + _phone(30): shop["ann"].id, "+86" + _phone(31): None}


async def test_a_phone_archived_by_another_request_meanwhile_retakes_the_chunk_row_by_row(
    api: Api, shop: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunk's lookup missed a customer archived at the same moment (here:
    the lookup is made to miss it); the chunk's insert meets it, the chunk is
    rolled back and taken in row by row, which merges that row."""
    store = shop["store"]
    known = await make_lead(shop["ann"], store, phone=_phone(1))
    real = service.live_customers_by_phone

    async def missed(tenant_id: int, phones: set[str]) -> dict:  # type: ignore[type-arg]
        monkeypatch.setattr(service, "live_customers_by_phone", real)
        return {}

    monkeypatch.setattr(service, "live_customers_by_phone", missed)
    content = _csv([["甲", _phone(5)], ["乙", _phone(1)]], header=["姓名", "手机"])
    queued = await _send(api, shop["boss"], store, content, kind="CUSTOMERS")
    await _take_in(api, queued["id"])
    run = await _progress(api, shop["boss"], queued["id"])
    assert [(r["row"], r["outcome"], r["message"]) for r in run["rows"]] == [
        (2, "CREATED", None),
        (3, "MERGED", f"already a customer (archive {known.customer.archive_no})"),
    ]
    async with system_transaction():
        archives = await Customer.all().order_by("id").values_list("archive_no", flat=True)
    assert archives == ["SH-1-000001", "SH-1-000002"]  # no number lost to the retry


async def test_two_phones_of_one_merged_customer_in_a_chunk_give_one_lead(
    api: Api, shop: dict
) -> None:
    """A customer merged into another is found by either phone: the second
    row merges into the lead the first row created for the surviving one."""
    store = shop["store"]
    content = _csv([["甲", _phone(40)], ["甲", _phone(41)]], header=["姓名", "手机"])
    queued = await _send(api, shop["boss"], store, content, kind="CUSTOMERS")
    await _take_in(api, queued["id"])
    async with system_transaction():
        old = await Customer.get(phone="+86" + _phone(40))
        kept = await Customer.get(phone="+86" + _phone(41))
        await Customer.filter(id=old.id).update(merged_into_id=kept.id)
    leads = _csv([["甲", _phone(40), "", "", ""], ["甲", _phone(41), "", "", ""]])
    queued = await _send(api, shop["boss"], store, leads)
    await _take_in(api, queued["id"])
    first, second = (await _progress(api, shop["boss"], queued["id"]))["rows"]
    assert (first["outcome"], first["customerId"]) == ("CREATED", gid(kept))
    assert first["message"] == f"attached to existing customer {kept.archive_no}"
    assert (second["outcome"], second["leadId"]) == ("MERGED", first["leadId"])
    assert await _counts() == (2, 1)
