"""Every report refuses another dealer group's store, and roles without
report permissions."""

from __future__ import annotations

import pytest

from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_store, make_user

REPORTS = {
    "dailyReport": 'dailyReport(storeId: $s, day: "2026-11-10") { __typename }',
    "targetAchievement": 'targetAchievement(storeId: $s, month: "2026-11-01") { __typename }',
    "funnel": 'funnel(storeId: $s, from: "2026-11-01", to: "2026-12-01") { __typename }',
    "hList": "hList(storeId: $s) { __typename }",
    "periodComparison": 'periodComparison(storeId: $s, from: "2026-11-01", to: "2026-12-01") { __typename }',
}


@pytest.mark.parametrize("name", list(REPORTS))
async def test_another_groups_store_is_refused(api: Api, settings, name: str) -> None:  # type: ignore[no-untyped-def]
    mine, theirs = await make_group("GROUP-A"), await make_group("GROUP-B")
    await make_store(mine, "A-1")
    foreign = await make_store(theirs, "B-1")
    await make_user("exec@a.test", group=mine, role=Role.GROUP_EXECUTIVE)
    token = await api.login("exec@a.test")
    data = await api.gql(f"query($s: ID!) {{ {REPORTS[name]} }}", {"s": gid(foreign)}, token)
    assert data[name]["__typename"] == "ValidationErrors"
    run = await api.gql(
        'mutation($s: ID!) { requestReport(input: {kind: FUNNEL, storeId: $s, from: "2026-11-01", to: "2026-12-01"}) { __typename } }',
        {"s": gid(foreign)}, token)  # fmt: skip
    assert run["requestReport"]["__typename"] == "ValidationErrors"


@pytest.mark.parametrize("name", list(REPORTS))
async def test_roles_without_report_permission_are_refused(api: Api, settings, name: str) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "A-1")
    await make_user("c@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    for email in ("c@a.test", "admin@a.test"):
        errors = await api.errors(
            f"query($s: ID!) {{ {REPORTS[name]} }}", {"s": gid(store)}, await api.login(email)
        )
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", email


async def test_a_target_for_a_consultant_of_another_store_is_refused(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    sh, hz = await make_store(group, "SH-1"), await make_store(group, "HZ-1")
    await make_user("sam@a.test", group=group, role=Role.SALES_MANAGER, store=sh)
    far = await make_user("far@a.test", group=group, role=Role.CONSULTANT, store=hz)
    token = await api.login("sam@a.test")
    result = await api.gql(
        'mutation($s: ID!, $u: ID!) { setTarget(input: {storeId: $s, userId: $u, month: "2026-11-01", sold: 3}) { __typename ... on ValidationErrors { errors { path } } } }',
        {"s": gid(sh), "u": gid(far)}, token)  # fmt: skip
    assert result["setTarget"]["errors"] == [{"path": ["input", "userId"]}]
