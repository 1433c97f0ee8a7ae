"""Reports through the API: who may see them, and nothing of another group."""

from __future__ import annotations

from datetime import UTC, datetime

from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_lead, make_store, make_user

DAILY = """query($s: ID!, $d: Date!) { dailyReport(storeId: $s, day: $d) { __typename
  ... on DailyReport { storeCode totals { newLeads contacts } rows { user { email } figures { newLeads } } }
  ... on ValidationErrors { errors { path message } } ... on ForbiddenError { message } } }"""
TARGETS = """query($s: ID!, $m: Date!) { targetAchievement(storeId: $s, month: $m) { __typename
  ... on TargetReport { rows { user { email } figures { target goal actual percent } } } } }"""
SET = """mutation($input: SetTargetInput!) { setTarget(input: $input) { __typename
  ... on TargetSet { contacts sold } ... on ValidationErrors { errors { path message } } } }"""


async def test_reports_for_managers_and_executives_only_in_their_group(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group, other = await make_group("GROUP-A"), await make_group("GROUP-B")
    store, foreign = (
        await make_store(group, "SH-1", brands=["Huaxia"]),
        await make_store(other, "B-1", brands=["Huaxia"]),
    )
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("sam@a.test", group=group, role=Role.SALES_MANAGER, store=store)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    today = datetime.now(UTC)
    await make_lead(ann, store, now=today)
    sam, exe, consultant = (
        await api.login("sam@a.test"),
        await api.login("exec@a.test"),
        await api.login("ann@a.test"),
    )
    day = today.astimezone().date().isoformat()
    local_day = (
        today.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai")).date().isoformat()
    )

    report = (await api.gql(DAILY, {"s": gid(store), "d": local_day}, sam))["dailyReport"]
    assert report["totals"] == {"newLeads": 1, "contacts": 0}
    assert report["rows"] == [{"user": {"email": "ann@a.test"}, "figures": {"newLeads": 1}}]
    assert (await api.gql(DAILY, {"s": gid(store), "d": local_day}, exe))["dailyReport"][
        "storeCode"
    ] == "SH-1"
    assert (await api.errors(DAILY, {"s": gid(store), "d": day}, consultant))[0]["extensions"][
        "code"
    ] == "FORBIDDEN"
    foreign_report = (await api.gql(DAILY, {"s": gid(foreign), "d": day}, sam))["dailyReport"]
    assert foreign_report["__typename"] == "ValidationErrors"

    set_ok = (
        await api.gql(
            SET,
            {
                "input": {
                    "storeId": gid(store),
                    "userId": gid(ann),
                    "month": local_day,
                    "contacts": 40,
                    "sold": 4,
                }
            },
            sam,
        )
    )["setTarget"]
    assert set_ok == {"__typename": "TargetSet", "contacts": 40, "sold": 4}
    negative = (
        await api.gql(
            SET,
            {
                "input": {
                    "storeId": gid(store),
                    "userId": gid(ann),
                    "month": local_day,
                    "sold": -1,
                }
            },
            sam,
        )
    )["setTarget"]
    assert negative["errors"] == [{"path": ["input", "sold"], "message": "must be zero or more"}]
    foreign_target = (
        await api.gql(SET, {"input": {"storeId": gid(foreign), "month": local_day, "sold": 1}}, sam)
    )["setTarget"]
    assert foreign_target["__typename"] == "ValidationErrors"
    assert (await api.errors(SET, {"input": {"storeId": gid(store), "month": local_day}}, exe))[0][
        "extensions"
    ]["code"] == "FORBIDDEN"

    rows = (await api.gql(TARGETS, {"s": gid(store), "m": local_day}, exe))["targetAchievement"][
        "rows"
    ]
    assert rows[0]["user"] == {"email": "ann@a.test"}
    assert {f["target"]: f["goal"] for f in rows[0]["figures"]}["contacts"] == 40
    assert rows[-1]["user"] is None
