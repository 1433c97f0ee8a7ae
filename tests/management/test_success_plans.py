"""Personal success plans: whom the product proposes for a one-to-one (the
store's consultants ranked weakest first by a week's cadence compliance and
target achievement, with the figures and why), the one-to-one and its plan,
marking actions done, reviews up to closing, who sees which plans, the weeks
without any one-to-one, and another dealer group that sees and changes
nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.vocabulary import FollowUpChannel
from saas.management.coaching import NewAction, record_one_to_one, week_of
from saas.management.coaching_jobs import coaching_week_without_one_to_one
from saas.management.coaching_repository import SuccessPlanRepository
from saas.models import AuditEntry, Lead, Notification, Store, User
from saas.reports.service import set_target
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_lead, make_store, make_user

# 2026-W45: Monday 2 to Sunday 8 November 2026, in Shanghai.
WEEK = "2026-W45"
MONDAY = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 09:00 local

FIGURES = """week followUps onTimeFollowUps cadenceCompliancePercent targetAchievementPercent
    targets { target goal actual percent } reasons rank rankedOf"""
CANDIDATES = f"""query($store: ID!, $week: String) {{ coachingCandidates(storeId: $store,
    week: $week) {{ __typename
    ... on CoachingCandidates {{ storeCode week candidates {{ rank consultant {{ email }}
        figures {{ {FIGURES} }} lastPlan {{ id week }} }} }}
    ... on ValidationErrors {{ errors {{ path message }} }}
    ... on NotFoundError {{ message }} ... on ForbiddenError {{ message }} }} }}"""
PLAN = f"""id week heldAt goals reviewOn reviewOverdue status outcome reviews version
    actions {{ number what dueOn doneAt overdue doneBy {{ email }} }}
    figures {{ {FIGURES} }} consultant {{ email }} manager {{ email }} reviewedBy {{ email }}
    store {{ code }}"""
RESULT = f"""__typename ... on SuccessPlan {{ {PLAN} }}
    ... on SuccessPlanClosedError {{ message status }}
    ... on ValidationErrors {{ errors {{ path message }} }}
    ... on NotFoundError {{ message }} ... on ForbiddenError {{ message }}
    ... on ConflictError {{ message }}"""
RECORD = f"""mutation($input: RecordOneToOneInput!) {{ recordOneToOne(input: $input) {{
    {RESULT} }} }}"""
COMPLETE = f"""mutation($plan: ID!, $n: Int!) {{ completeSuccessPlanAction(input: {{
    planId: $plan, actionNumber: $n}}) {{ {RESULT} }} }}"""
REVIEW = f"""mutation($input: ReviewSuccessPlanInput!) {{ reviewSuccessPlan(input: $input) {{
    {RESULT} }} }}"""
PLANS = """query($filter: SuccessPlanFilter) { successPlans(filter: $filter, first: 20) {
    totalCount nodes { id week status consultant { email } } } }"""
ONE = """query($id: ID!) { successPlan(id: $id) { id } }"""
NODE = """query($id: ID!) { node(id: $id) { id } }"""
WEEKS = """query($store: ID!, $from: String, $to: String) { coachingWeeks(storeId: $store,
    fromWeek: $from, toWeek: $to) { __typename
    ... on CoachingWeeks { storeCode missingWeeks weeks { week startsOn oneToOnes missing } }
    ... on ValidationErrors { errors { path message } }
    ... on NotFoundError { message } } }"""


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    hz = await make_store(group, "HZ-1", city="Hangzhou", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=sh)
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=sh)
    cat = await make_user("cat@a.test", group=group, role=Role.CONSULTANT, store=sh)
    await make_user("hal@a.test", group=group, role=Role.CONSULTANT, store=hz)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=sh)
    await make_user("sales@a.test", group=group, role=Role.SALES_MANAGER, store=sh)
    await make_user("hzboss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=hz)
    await make_user("clerk@a.test", group=group, role=Role.CUSTOMER_ADMIN, store=sh)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "OT-1", brands=["Huaxia"])
    await make_user("rival@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    await make_user("rivalexec@b.test", group=other, role=Role.GROUP_EXECUTIVE)
    return group, sh, hz, ann, bob, cat


async def _follow_up(user: User, lead: Lead, at: datetime) -> None:
    async with tenant_transaction(lead.tenant_id):
        await log_follow_up(
            await actor_for(user),
            NewFollowUp(
                lead.id,
                FollowUpChannel.PHONE,
                "called about the test drive",
                happened_at=at,
                next_follow_up_at=at + timedelta(days=1),
                next_follow_up_reason="call back",
            ),
            now=at,
        )


async def _week_of_work(floor: Any) -> None:
    """In 2026-W45: ann makes two follow-ups on time, bob one on time and one a
    day late, cat none; ann has a monthly target of 30 contacts."""
    group, sh, _, ann, bob, _ = floor
    phone = iter(f"1390000{i:04d}" for i in range(100))
    for user, delays in ((ann, (2, 3)), (bob, (2, 48))):
        for hours in delays:
            # An H lead is due within 24 hours of arriving.
            lead = (await make_lead(user, sh, grade="H", phone=next(phone), now=MONDAY)).lead
            await _follow_up(user, lead, MONDAY + timedelta(hours=hours))
    sales = await actor_for(await User.get(email="sales@a.test"))
    async with tenant_transaction(group.id):
        await set_target(
            sales,
            sh.id,
            ann.id,
            date(2026, 11, 1),
            {"contacts": 30, "prospecting": 0, "revisits": 0, "test_drives": 0, "sold": 0},
        )


def _shanghai_today() -> date:
    return (datetime.now(UTC) + timedelta(hours=8)).date()


async def _run(api: Api, token: str, query: str, **variables: Any) -> dict[str, Any]:
    data = await api.gql(query, variables, token)
    return next(iter(data.values()))  # type: ignore[no-any-return]


def _plan_input(store: Any, consultant: Any, **more: Any) -> dict[str, Any]:
    today = _shanghai_today()
    return {
        "storeId": gid(store),
        "consultantId": gid(consultant),
        "figuresWeek": WEEK,
        "goals": ["every H lead called back within 24 hours", "  two test drives a week "],
        "actions": [
            {"what": "plan tomorrow's calls before leaving", "dueOn": str(today)},
            {"what": "review the overdue list with the manager", "dueOn": str(today)},
        ],
        "reviewOn": str(today + timedelta(days=14)),
    } | more


async def test_the_weakest_consultants_come_first_with_the_figures_and_why(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    _, sh, *_ = floor
    await _week_of_work(floor)
    boss = await api.login("boss@a.test")
    ranking = await _run(api, boss, CANDIDATES, store=gid(sh), week=WEEK)
    assert (ranking["storeCode"], ranking["week"]) == ("SH-1", WEEK)
    people = [(c["rank"], c["consultant"]["email"]) for c in ranking["candidates"]]
    # cat did nothing; ann's follow-ups were on time but far below her target;
    # bob made half of his on time and has no target.
    assert people == [(1, "cat@a.test"), (2, "ann@a.test"), (3, "bob@a.test")]
    cat, ann, bob = (c["figures"] for c in ranking["candidates"])
    assert cat == {
        "week": WEEK,
        "followUps": 0,
        "onTimeFollowUps": 0,
        "cadenceCompliancePercent": None,
        "targetAchievementPercent": None,
        "targets": [],
        "reasons": ["no follow-up logged in the week", "no monthly target set"],
        "rank": 1,
        "rankedOf": 3,
    }
    assert (ann["followUps"], ann["onTimeFollowUps"], ann["cadenceCompliancePercent"]) == (
        2,
        2,
        100.0,
    )
    # November has 30 days: a week's share of 30 contacts is 7.
    assert {"target": "contacts", "goal": 7.0, "actual": 2, "percent": 28.6} in ann["targets"]
    assert ann["targetAchievementPercent"] == 28.6
    assert ann["reasons"] == [
        "target achievement 28.6% of the week's share of the monthly targets; weakest: "
        "contacts, 2 of 7",
        "cadence compliance 100.0%: 2 of 2 follow-ups made by the time the lead was due",
    ]
    assert bob["cadenceCompliancePercent"] == 50.0
    assert bob["reasons"][0] == (
        "cadence compliance 50.0%: 1 of 2 follow-ups made by the time the lead was due"
    )

    # Managers and executives see the ranking; consultants and a week to come do not.
    for email in ("sales@a.test", "exec@a.test"):
        other = await _run(api, await api.login(email), CANDIDATES, store=gid(sh), week=WEEK)
        assert [c["rank"] for c in other["candidates"]] == [1, 2, 3], email
    for email in ("ann@a.test", "clerk@a.test"):
        errors = await api.errors(CANDIDATES, {"store": gid(sh)}, await api.login(email))
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", email
    bad = await _run(api, boss, CANDIDATES, store=gid(sh), week="2026-49")
    assert bad["errors"] == [
        {"path": ["week"], "message": "'2026-49' is not an ISO week: write it as 2026-W49"}
    ]
    future = await _run(api, boss, CANDIDATES, store=gid(sh), week="2030-W01")
    assert future["errors"] == [{"path": ["week"], "message": "the week has not begun yet"}]
    # The other store's manager does not reach this store.
    hz = await _run(api, await api.login("hzboss@a.test"), CANDIDATES, store=gid(sh))
    assert hz["__typename"] == "ValidationErrors"


async def test_a_one_to_one_records_the_plan_with_the_figures_that_prompted_it(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    group, sh, _, ann, *_ = floor
    await _week_of_work(floor)
    boss = await api.login("boss@a.test")
    plan = await _run(api, boss, RECORD, input=_plan_input(sh, ann))
    assert plan["__typename"] == "SuccessPlan", plan
    today = _shanghai_today()
    assert plan["week"] == week_of(_shanghai_today())
    assert plan["goals"] == ["every H lead called back within 24 hours", "two test drives a week"]
    assert [(a["number"], a["doneAt"], a["overdue"]) for a in plan["actions"]] == [
        (1, None, False),
        (2, None, False),
    ]
    assert (plan["status"], plan["reviews"], plan["version"], plan["reviewOverdue"]) == (
        "ACTIVE",
        0,
        1,
        False,
    )
    assert plan["reviewOn"] == str(today + timedelta(days=14))
    assert (plan["consultant"], plan["manager"], plan["store"]) == (
        {"email": "ann@a.test"},
        {"email": "boss@a.test"},
        {"code": "SH-1"},
    )
    # The figures of the week that prompted it, frozen as they were.
    assert plan["figures"]["week"] == WEEK
    assert (plan["figures"]["targetAchievementPercent"], plan["figures"]["rank"]) == (28.6, 2)

    # The candidates now show it as ann's last plan.
    ranking = await _run(api, boss, CANDIDATES, store=gid(sh), week=WEEK)
    last = {c["consultant"]["email"]: c["lastPlan"] for c in ranking["candidates"]}
    assert last["ann@a.test"] == {"id": plan["id"], "week": plan["week"]}
    assert last["bob@a.test"] is None

    # One one-to-one per consultant a week.
    again = await _run(api, boss, RECORD, input=_plan_input(sh, ann))
    assert again == {
        "__typename": "ConflictError",
        "message": f"Ann already had a one-to-one in {plan['week']}: review that plan instead",
    }
    async with tenant_transaction(group.id):
        ops = await AuditEntry.filter(tenant_id=group.id, operation="recordOneToOne")
    assert sorted(e.outcome for e in ops) == ["ConflictError", "SuccessPlan"]


async def test_a_plan_is_refused_with_what_to_fix(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, *_ = floor
    hal = await User.get(email="hal@a.test")
    boss = await api.login("boss@a.test")
    today = _shanghai_today()
    refused = await _run(
        api,
        boss,
        RECORD,
        input=_plan_input(
            sh,
            hal,
            goals=[],
            actions=[
                {"what": " ", "dueOn": str(today)},
                {"what": "call every A lead", "dueOn": str(today - timedelta(days=3))},
            ],
            reviewOn=str(today - timedelta(days=1)),
            figuresWeek="W45",
        ),
    )
    assert refused["errors"] == [
        {"path": ["input", "figuresWeek"], "message": "'W45' is not an ISO week: write it as "
         "2026-W49"},
        {"path": ["input", "consultantId"], "message": "must be an active consultant of the store"},
        {"path": ["input", "goals"], "message": "write at least one goal"},
        {"path": ["input", "actions", "0", "what"], "message": "say what the consultant will do"},
        {"path": ["input", "actions", "1", "dueOn"], "message": "is before the one-to-one"},
        {"path": ["input", "reviewOn"], "message": "must be after the one-to-one"},
    ]  # fmt: skip
    future = await _run(
        api,
        boss,
        RECORD,
        input=_plan_input(sh, ann, heldAt=(datetime.now(UTC) + timedelta(hours=2)).isoformat()),
    )
    assert future["errors"] == [
        {"path": ["input", "heldAt"], "message": "a one-to-one cannot be held in the future"}
    ]
    # Holding one-to-ones needs success_plan:hold: not consultants, clerks or executives.
    for email in ("ann@a.test", "clerk@a.test", "exec@a.test"):
        errors = await api.errors(RECORD, {"input": _plan_input(sh, ann)}, await api.login(email))
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", email
    # Another store's manager does not reach this store.
    other = await _run(api, await api.login("hzboss@a.test"), RECORD, input=_plan_input(sh, ann))
    assert other["errors"][0]["path"] == ["input", "storeId"]


async def test_actions_are_marked_done_and_the_plan_reviewed_until_closed(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    group, sh, _, ann, *_ = floor
    boss, ann_t, bob_t = [await api.login(e) for e in ("boss@a.test", "ann@a.test", "bob@a.test")]
    plan = await _run(api, boss, RECORD, input=_plan_input(sh, ann))

    # The consultant marks its own action done; twice is refused, so is a 3rd action.
    done = await _run(api, ann_t, COMPLETE, plan=plan["id"], n=2)
    assert [(a["number"], a["doneBy"]) for a in done["actions"]] == [
        (1, None),
        (2, {"email": "ann@a.test"}),
    ]
    assert done["actions"][1]["doneAt"] is not None and done["version"] == 2
    twice = await _run(api, ann_t, COMPLETE, plan=plan["id"], n=2)
    assert twice["__typename"] == "ConflictError"
    assert twice["message"].startswith("action 2 was already marked done at ")
    third = await _run(api, ann_t, COMPLETE, plan=plan["id"], n=3)
    assert third["errors"] == [
        {"path": ["input", "actionNumber"], "message": "the plan has actions 1 to 2"}
    ]
    # Another consultant of the store neither sees nor marks it.
    assert (await _run(api, bob_t, COMPLETE, plan=plan["id"], n=1))["__typename"] == (
        "NotFoundError"
    )
    # The manager marks the other one.
    assert (await _run(api, boss, COMPLETE, plan=plan["id"], n=1))["actions"][0]["doneBy"] == {
        "email": "boss@a.test"
    }

    # Reviews: only managers; a next review or closing, not both, not neither.
    review = {"planId": plan["id"], "outcome": "calls are on time now"}
    errors = await api.errors(REVIEW, {"input": review}, ann_t)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    neither = await _run(api, boss, REVIEW, input=review)
    assert neither["errors"] == [
        {"path": ["input", "nextReviewOn"], "message": "plan the next review, or close the plan"}
    ]
    both = await _run(
        api, boss, REVIEW, input=review | {"close": True, "nextReviewOn": "2030-01-01"}
    )
    assert both["errors"][0]["path"] == ["input", "nextReviewOn"]
    next_review = str(_shanghai_today() + timedelta(days=21))
    reviewed = await _run(api, boss, REVIEW, input=review | {"nextReviewOn": next_review})
    assert (reviewed["status"], reviewed["reviews"], reviewed["reviewOn"]) == (
        "REVIEWED",
        1,
        next_review,
    )
    assert (reviewed["outcome"], reviewed["reviewedBy"]) == (
        "calls are on time now",
        {"email": "boss@a.test"},
    )
    closed = await _run(
        api, boss, REVIEW, input={"planId": plan["id"], "outcome": "done", "close": True}
    )
    assert (closed["status"], closed["reviews"], closed["version"]) == ("CLOSED", 2, 5)

    # A closed plan changes no more.
    late = await _run(api, ann_t, COMPLETE, plan=plan["id"], n=1)
    assert late["__typename"] == "SuccessPlanClosedError"
    assert late["status"] == "CLOSED"
    assert late["message"] == (
        "cannot mark an action done: the plan is closed; hold a new one-to-one for a new plan"
    )
    again = await _run(api, boss, REVIEW, input=review | {"close": True})
    assert again["__typename"] == "SuccessPlanClosedError"
    async with tenant_transaction(group.id):
        ops = await AuditEntry.filter(tenant_id=group.id, operation="reviewSuccessPlan")
    assert sorted(e.outcome for e in ops) == [
        "SuccessPlan",
        "SuccessPlan",
        "SuccessPlanClosedError",
        "ValidationErrors",
        "ValidationErrors",
        "error",  # the consultant's, refused by permission
    ]


async def test_consultants_see_their_own_plans_managers_their_stores(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    _, sh, _, ann, bob, _ = floor
    boss = await api.login("boss@a.test")
    ann_plan = await _run(api, boss, RECORD, input=_plan_input(sh, ann))
    bob_plan = await _run(api, boss, RECORD, input=_plan_input(sh, bob))

    def emails(answer: dict[str, Any]) -> list[str]:
        return sorted(n["consultant"]["email"] for n in answer["nodes"])

    assert emails(await _run(api, await api.login("ann@a.test"), PLANS)) == ["ann@a.test"]
    for email in ("boss@a.test", "sales@a.test", "exec@a.test"):
        assert emails(await _run(api, await api.login(email), PLANS)) == [
            "ann@a.test",
            "bob@a.test",
        ], email
    assert (await _run(api, await api.login("hzboss@a.test"), PLANS))["totalCount"] == 0
    errors = await api.errors(PLANS, {}, await api.login("clerk@a.test"))
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"

    # Filters: consultant, status, week.
    week = ann_plan["week"]
    assert emails(await _run(api, boss, PLANS, filter={"consultantId": gid(bob)})) == ["bob@a.test"]
    assert (await _run(api, boss, PLANS, filter={"status": "CLOSED"}))["totalCount"] == 0
    assert (await _run(api, boss, PLANS, filter={"week": week}))["totalCount"] == 2
    assert (await _run(api, boss, PLANS, filter={"week": "2020-W01"}))["totalCount"] == 0
    errors = await api.errors(PLANS, {"filter": {"week": "last week"}}, boss)
    assert (errors[0]["extensions"]["code"], errors[0]["message"]) == (
        "BAD_USER_INPUT",
        "filter.week: 'last week' is not an ISO week: write it as 2026-W49",
    )

    ann_t = await api.login("ann@a.test")
    assert await api.gql(ONE, {"id": bob_plan["id"]}, ann_t) == {"successPlan": None}
    assert await api.gql(ONE, {"id": ann_plan["id"]}, ann_t) == {
        "successPlan": {"id": ann_plan["id"]}
    }
    assert await api.gql(NODE, {"id": bob_plan["id"]}, ann_t) == {"node": None}
    assert await api.gql(NODE, {"id": bob_plan["id"]}, boss) == {"node": {"id": bob_plan["id"]}}


async def test_weeks_without_any_one_to_one_are_flagged(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, bob, _ = floor
    boss_user = await User.get(email="boss@a.test")
    boss = await actor_for(boss_user)
    # One-to-ones in W44 (two) and W46; none in W45.
    held = [
        (ann, datetime(2026, 10, 27, 2, tzinfo=UTC)),
        (bob, datetime(2026, 10, 29, 2, tzinfo=UTC)),
        (ann, datetime(2026, 11, 10, 2, tzinfo=UTC)),
    ]
    async with tenant_transaction(group.id):
        for consultant, at in held:
            await record_one_to_one(
                boss,
                sh.id,
                consultant.id,
                ["answer every lead the same day"],
                [NewAction("call back the open H leads", at.date())],
                at.date() + timedelta(days=14),
                held_at=at,
                now=at + timedelta(hours=1),
            )
    token = await api.login("boss@a.test")
    weeks = await _run(api, token, WEEKS, store=gid(sh), **{"from": "2026-W44", "to": "2026-W46"})
    assert weeks == {
        "__typename": "CoachingWeeks",
        "storeCode": "SH-1",
        "missingWeeks": 1,
        "weeks": [
            {"week": "2026-W44", "startsOn": "2026-10-26", "oneToOnes": 2, "missing": False},
            {"week": "2026-W45", "startsOn": "2026-11-02", "oneToOnes": 0, "missing": True},
            {"week": "2026-W46", "startsOn": "2026-11-09", "oneToOnes": 1, "missing": False},
        ],
    }
    # By default the eight weeks up to the current one, which counts (none held yet);
    # weeks to come are left out.
    current = week_of(_shanghai_today())
    recent = await _run(api, token, WEEKS, store=gid(sh))
    assert len(recent["weeks"]) == 8
    assert recent["weeks"][-1] == recent["weeks"][-1] | {"week": current, "missing": True}
    ahead = await _run(api, token, WEEKS, store=gid(sh), **{"from": "2026-W46", "to": "2030-W01"})
    assert ahead["weeks"][-1]["week"] == current
    bad = await _run(api, token, WEEKS, store=gid(sh), **{"from": "2026-W46", "to": "2026-W44"})
    assert bad["errors"] == [{"path": ["fromWeek"], "message": "is after toWeek"}]
    wide = await _run(api, token, WEEKS, store=gid(sh), **{"from": "2024-W01", "to": "2026-W44"})
    assert wide["errors"] == [{"path": ["fromWeek"], "message": "ask for at most 53 weeks"}]
    # The group's executive reads it; a consultant does not.
    exec_t = await api.login("exec@a.test")
    assert (
        await _run(api, exec_t, WEEKS, store=gid(sh), **{"from": "2026-W45", "to": "2026-W45"})
    )["missingWeeks"] == 1
    errors = await api.errors(WEEKS, {"store": gid(sh)}, await api.login("ann@a.test"))
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_dealer_group_sees_and_changes_nothing(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, *_ = floor
    await _week_of_work(floor)
    plan = await _run(api, await api.login("boss@a.test"), RECORD, input=_plan_input(sh, ann))
    rival, rival_exec = await api.login("rival@b.test"), await api.login("rivalexec@b.test")
    for token in (rival, rival_exec):
        assert (await _run(api, token, PLANS))["totalCount"] == 0
        assert await api.gql(ONE, {"id": plan["id"]}, token) == {"successPlan": None}
        assert await api.gql(NODE, {"id": plan["id"]}, token) == {"node": None}
        ranking = await _run(api, token, CANDIDATES, store=gid(sh), week=WEEK)
        assert ranking["__typename"] == "ValidationErrors"
        assert ranking["errors"][0]["path"] == ["storeId"]
        weeks = await _run(api, token, WEEKS, store=gid(sh))
        assert weeks["__typename"] == "ValidationErrors"
    assert (await _run(api, rival, COMPLETE, plan=plan["id"], n=1))["__typename"] == (
        "NotFoundError"
    )
    reviewed = await _run(
        api, rival, REVIEW, input={"planId": plan["id"], "outcome": "x", "close": True}
    )
    assert reviewed["__typename"] == "NotFoundError"
    recorded = await _run(api, rival, RECORD, input=_plan_input(sh, ann))
    assert recorded["__typename"] == "ValidationErrors"
    assert {tuple(e["path"]) for e in recorded["errors"]} == {("input", "storeId")}
    async with tenant_transaction(group.id):
        rows = await SuccessPlanRepository(group.id).query()
    assert [(r.status, r.version, r.reviews, [a["done_at"] for a in r.actions]) for r in rows] == [
        ("active", 1, 0, [None, None])
    ]


async def test_by_default_the_review_is_two_weeks_on_and_actions_are_due_by_it(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    _, sh, _, ann, *_ = floor
    boss = await api.login("boss@a.test")
    given = _plan_input(sh, ann, actions=[{"what": "call every open A lead"}])
    del given["reviewOn"], given["figuresWeek"]
    plan = await _run(api, boss, RECORD, input=given)
    review_on = str(_shanghai_today() + timedelta(days=14))
    assert (plan["reviewOn"], plan["actions"][0]["dueOn"]) == (review_on, review_on)
    # The figures are those of the week before the one-to-one's.
    assert plan["figures"]["week"] == week_of(_shanghai_today() - timedelta(weeks=1))


async def test_the_showroom_manager_hears_of_a_week_without_a_one_to_one_once(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    group, sh, hz, ann, *_ = floor
    async with system_transaction():
        # Stores open since before the weeks looked at.
        await Store.filter(tenant_id=group.id).update(created_at=datetime(2026, 1, 1, tzinfo=UTC))
    held = datetime(2026, 10, 27, 2, tzinfo=UTC)  # W44
    async with tenant_transaction(group.id):
        await record_one_to_one(
            await actor_for(await User.get(email="boss@a.test")),
            sh.id,
            ann.id,
            ["answer every lead the same day"],
            [NewAction("call back the open H leads")],
            held_at=held,
            now=held,
        )
    # Monday of W45, 09:15 in Shanghai: W44 had SH-1's one-to-one, none at HZ-1.
    first = datetime(2026, 11, 2, 1, 15, tzinfo=UTC)
    assert await coaching_week_without_one_to_one({}, now=first.isoformat()) == [hz.id]
    # Monday of W46: nobody held one in W45; an hour later nobody hears it again.
    monday = datetime(2026, 11, 9, 1, 15, tzinfo=UTC)
    assert sorted(await coaching_week_without_one_to_one({}, now=monday.isoformat())) == sorted(
        [sh.id, hz.id]
    )
    later = (monday + timedelta(hours=1)).isoformat()
    assert sorted(await coaching_week_without_one_to_one({}, now=later)) == [sh.id, hz.id]
    async with system_transaction():
        kinds = await Notification.filter(kind="one_to_one_missing").values_list(
            "user_id", "dedup_key"
        )
    boss, hzboss = await User.get(email="boss@a.test"), await User.get(email="hzboss@a.test")
    assert sorted(kinds) == sorted(
        [
            (hzboss.id, f"one_to_one_missing:{hz.id}:2026-W44@{hzboss.id}"),
            (hzboss.id, f"one_to_one_missing:{hz.id}:2026-W45@{hzboss.id}"),
            (boss.id, f"one_to_one_missing:{sh.id}:2026-W45@{boss.id}"),
        ]
    )
    seen = await api.gql(
        "{ notifications(first: 5) { nodes { kind title body } } }",
        {},
        await api.login("boss@a.test"),
    )
    assert seen["notifications"]["nodes"] == [
        {
            "kind": "one_to_one_missing",
            "title": "No one-to-one in 2026-W45",
            "body": "Nobody held a one-to-one with a consultant of SH-1 in 2026-W45: see "
            "coachingCandidates for whom to coach this week.",
        }
    ]
