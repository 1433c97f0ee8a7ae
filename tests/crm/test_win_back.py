"""Win-back: the queue of lost leads worth another try (winnable reasons,
the group's window, no other lead of the customer being worked, scoped by
role) and reopenLostLead, which puts one back in follow-up with its owner,
grade and cadence; refused for a lead that is not lost, for consultants, and
for another dealer group."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from saas.crm.leads import decide_lost, request_lost
from saas.crm.repository import CustomerRepository, LeadRepository
from saas.crm.vocabulary import LostReason
from saas.models import AuditEntry, Lead, User
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_lead, make_store, make_user

QUEUE = """query($filter: WinBackFilter) { winBackLeads(filter: $filter, first: 50) {
    totalCount nodes { id lostReason closedAt owner { email } customer { name } } } }"""
LEAD = """id status intentGrade lostReason lostNote closedAt dueAt cadenceDueAt
    nextFollowUpAt owner { email } customer { owner { email } }
    history { kind reason actor { email } }"""
REOPEN = f"""mutation($input: ReopenLostLeadInput!) {{ reopenLostLead(input: $input) {{
    __typename ... on Lead {{ {LEAD} }}
    ... on LeadNotLostError {{ message status }}
    ... on ValidationErrors {{ errors {{ path message }} }}
    ... on NotFoundError {{ message }} ... on ForbiddenError {{ message }} }} }}"""


PHONES = itertools.count(1)


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=sh)
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=sh)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=sh)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    await make_user("it@a.test", group=group, role=Role.GROUP_ADMIN)
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "OT-1", brands=["Huaxia"])
    await make_user("rival@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    return group, sh, ann, bob, boss


async def _lose(
    owner: User,
    boss: User,
    store: Any,
    name: str,
    reason: LostReason,
    days_ago: float,
    *,
    approve: bool = True,
    phone: str | None = None,
) -> Lead:
    """A lead of `owner` lost for `reason` `days_ago` days ago."""
    number = phone or f"1390000{next(PHONES):04d}"
    lead = (await make_lead(owner, store, name=name, phone=number, grade="A")).lead
    note = "explained" if reason is LostReason.OTHER else ""
    brand = "Nordwind" if reason is LostReason.BOUGHT_COMPETITOR else None
    async with tenant_transaction(lead.tenant_id):
        await request_lost(await actor_for(owner), lead.id, reason, note, competitor_brand=brand)
    if approve:
        async with tenant_transaction(lead.tenant_id):
            lead = await decide_lost(
                await actor_for(boss),
                lead.id,
                True,
                "agreed",
                now=datetime.now(UTC) - timedelta(days=days_ago),
            )
    return lead


async def _run(api: Api, token: str, query: str, **variables: Any) -> dict[str, Any]:
    data = await api.gql(query, variables, token)
    return next(iter(data.values()))  # type: ignore[no-any-return]


async def test_the_queue_holds_recent_winnable_losses_most_recent_first(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, ann, bob, boss = floor
    price = await _lose(ann, boss, sh, "Price Five", LostReason.PRICE, 5)
    rival = await _lose(bob, boss, sh, "Rival Twelve", LostReason.BOUGHT_COMPETITOR, 12)
    finance = await _lose(ann, boss, sh, "Finance Hundred", LostReason.FINANCING_DECLINED, 100)
    later = await _lose(ann, boss, sh, "Later Two Hundred", LostReason.NO_LONGER_INTERESTED, 200)
    # Not worth another try: bought elsewhere too long ago, unreachable, unexplained,
    # still waiting for the manager, or the customer is back with a new lead.
    await _lose(ann, boss, sh, "Dealer Sixty", LostReason.BOUGHT_ELSEWHERE, 60)
    await _lose(ann, boss, sh, "Nobody Answers", LostReason.UNREACHABLE, 3)
    await _lose(ann, boss, sh, "Other Reason", LostReason.OTHER, 3)
    await _lose(ann, boss, sh, "Still Pending", LostReason.PRICE, 0, approve=False)
    back = await _lose(ann, boss, sh, "Came Back", LostReason.PRICE, 20, phone="13900009999")
    again = await make_lead(bob, sh, name="Came Back", phone="13900009999")
    assert again.existing_customer and again.lead.id != back.id

    boss_t, ann_t, exec_t = [
        await api.login(e) for e in ("boss@a.test", "ann@a.test", "exec@a.test")
    ]
    queue = await _run(api, boss_t, QUEUE)
    assert [(n["id"], n["lostReason"]) for n in queue["nodes"]] == [
        (gid(price), "PRICE"),
        (gid(rival), "BOUGHT_COMPETITOR"),
        (gid(finance), "FINANCING_DECLINED"),
    ]
    assert queue["totalCount"] == 3
    assert queue["nodes"][0]["customer"] == {"name": "Price Five"}

    # A consultant sees their own; an executive the group's.
    mine = await _run(api, ann_t, QUEUE)
    assert [n["id"] for n in mine["nodes"]] == [gid(price), gid(finance)]
    assert (await _run(api, exec_t, QUEUE))["totalCount"] == 3

    # Filters: reasons, owner, a wider window.
    narrowed = await _run(api, boss_t, QUEUE, filter={"reasons": ["PRICE", "UNREACHABLE"]})
    assert [n["id"] for n in narrowed["nodes"]] == [gid(price)]
    bobs = await _run(api, boss_t, QUEUE, filter={"ownerId": gid(bob)})
    assert [n["id"] for n in bobs["nodes"]] == [gid(rival)]
    wide = await _run(api, boss_t, QUEUE, filter={"lostWithinDays": 365})
    assert [n["id"] for n in wide["nodes"]][-1] == gid(later)
    errors = await api.errors(
        "query { winBackLeads(filter: {lostWithinDays: 0}) { totalCount } }", None, boss_t
    )
    assert "between 1 and 730 days" in errors[0]["message"]

    # The group's window (winBackDays) decides the default; a group admin tunes it.
    tune = """mutation($days: Int!) { updateGroupSettings(input: {winBackDays: $days}) {
        __typename ... on GroupSettings { winBackDays }
        ... on ValidationErrors { errors { path message } } } }"""
    it = await api.login("it@a.test")
    refused = await _run(api, it, tune, days=0)
    assert refused["errors"] == [
        {"path": ["input", "winBackDays"], "message": "must be at least 1 and at most 730 days"}
    ]
    assert await _run(api, it, tune, days=30) == {
        "__typename": "GroupSettings",
        "winBackDays": 30,
    }
    queue = await _run(api, boss_t, QUEUE)
    assert [n["id"] for n in queue["nodes"]] == [gid(price), gid(rival)]


async def test_the_queue_ranks_by_value_tier_then_budget(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, ann, bob, boss = floor
    recent = await _lose(ann, boss, sh, "Recent Unclassified", LostReason.PRICE, 1)
    small = await _lose(ann, boss, sh, "Tier B Small", LostReason.PRICE, 5)
    big = await _lose(bob, boss, sh, "Tier B Big", LostReason.FINANCING_DECLINED, 50)
    key = await _lose(bob, boss, sh, "Tier A", LostReason.NO_LONGER_INTERESTED, 90)
    async with tenant_transaction(group.id):
        customers = CustomerRepository(group.id)
        for lead, tier, budget in ((small, "B", 150_000), (big, "B", 400_000), (key, "A", None)):
            await (
                customers.query()
                .filter(id=lead.customer_id)
                .update(value_tier=tier, budget_max=budget)
            )
    boss_t = await api.login("boss@a.test")
    ranked = await api.gql(
        "query($after: String) { winBackLeads(order: HIGHEST_VALUE, first: 2, after: $after) {"
        " totalCount nodes { id } pageInfo { hasNextPage endCursor } } }",
        {},
        boss_t,
    )
    first = ranked["winBackLeads"]
    assert [n["id"] for n in first["nodes"]] == [gid(key), gid(big)]
    assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"]
    rest = await api.gql(
        "query($after: String) { winBackLeads(order: HIGHEST_VALUE, first: 2, after: $after) {"
        " nodes { id } pageInfo { hasNextPage } } }",
        {"after": first["pageInfo"]["endCursor"]},
        boss_t,
    )
    assert [n["id"] for n in rest["winBackLeads"]["nodes"]] == [gid(small), gid(recent)]
    assert not rest["winBackLeads"]["pageInfo"]["hasNextPage"]


async def test_reopening_puts_the_lead_back_in_follow_up_with_owner_grade_and_cadence(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    group, sh, ann, bob, boss = floor
    lead = await _lose(ann, boss, sh, "Price Ten", LostReason.PRICE, 10)
    boss_t = await api.login("boss@a.test")
    before = datetime.now(UTC)
    reopened = await _run(
        api,
        boss_t,
        REOPEN,
        input={
            "leadId": gid(lead),
            "note": "the new year offer beats the rival's price",
            "ownerId": gid(bob),
            "intentGrade": "B",
        },
    )
    assert reopened["__typename"] == "Lead", reopened
    assert (reopened["status"], reopened["intentGrade"], reopened["owner"]) == (
        "OPEN",
        "B",
        {"email": "bob@a.test"},
    )
    assert reopened["customer"] == {"owner": {"email": "bob@a.test"}}
    assert reopened["lostReason"] is None and reopened["closedAt"] is None
    assert reopened["nextFollowUpAt"] is None
    # Grade B: the first follow-up within 7 days, counted from the reopening.
    due = datetime.fromisoformat(reopened["dueAt"])
    assert reopened["dueAt"] == reopened["cadenceDueAt"]
    assert before + timedelta(days=7) <= due <= datetime.now(UTC) + timedelta(days=7)
    kinds = [(h["kind"], h["reason"]) for h in reopened["history"]]
    assert ("reopened", "the new year offer beats the rival's price") in kinds
    assert kinds.index(("lost_approved", "agreed")) < kinds.index(
        ("reopened", "the new year offer beats the rival's price")
    )
    # It leaves the queue, and the second reopening is refused by its type.
    assert (await _run(api, boss_t, QUEUE))["totalCount"] == 0
    again = await _run(api, boss_t, REOPEN, input={"leadId": gid(lead), "note": "again"})
    assert again == {
        "__typename": "LeadNotLostError",
        "message": "only a lost lead can be reopened; this one is open",
        "status": "OPEN",
    }
    async with tenant_transaction(group.id):
        ops = await AuditEntry.filter(tenant_id=group.id, operation="reopenLostLead")
    assert sorted(e.outcome for e in ops) == ["Lead", "LeadNotLostError"]


async def test_reopening_keeps_owner_and_grade_unless_told_and_checks_the_input(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    _, sh, ann, _, boss = floor
    lead = await _lose(ann, boss, sh, "Finance Ten", LostReason.FINANCING_DECLINED, 10)
    pending = await _lose(ann, boss, sh, "Still Pending", LostReason.PRICE, 0, approve=False)
    boss_t, ann_t = await api.login("boss@a.test"), await api.login("ann@a.test")

    bad = await _run(
        api, boss_t, REOPEN, input={"leadId": gid(lead), "note": " ", "ownerId": gid(ann)}
    )
    assert bad["errors"] == [
        {"path": ["input", "note"], "message": "say why the lead is worth another try"},
        {"path": ["input", "ownerId"], "message": "the lead already belongs to this person"},
    ]
    waiting = await _run(api, boss_t, REOPEN, input={"leadId": gid(pending), "note": "go"})
    assert (waiting["__typename"], waiting["status"]) == ("LeadNotLostError", "LOST_PENDING")
    # Reopening is the managers' call.
    errors = await api.errors(REOPEN, {"input": {"leadId": gid(lead), "note": "mine"}}, ann_t)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"

    plain = await _run(api, boss_t, REOPEN, input={"leadId": gid(lead), "note": "call in spring"})
    assert (plain["status"], plain["intentGrade"], plain["owner"]) == (
        "OPEN",
        "A",
        {"email": "ann@a.test"},
    )
    # Grade A: the first follow-up within 3 days of the reopening.
    due = datetime.fromisoformat(plain["dueAt"])
    assert timedelta(days=2, hours=23) < due - datetime.now(UTC) <= timedelta(days=3)


async def test_another_dealer_group_sees_and_reopens_nothing(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, ann, _, boss = floor
    lead = await _lose(ann, boss, sh, "Price Ten", LostReason.PRICE, 10)
    rival = await api.login("rival@b.test")
    assert (await _run(api, rival, QUEUE))["totalCount"] == 0
    refused = await _run(api, rival, REOPEN, input={"leadId": gid(lead), "note": "mine now"})
    assert refused["__typename"] == "NotFoundError"
    async with tenant_transaction(group.id):
        still = await LeadRepository(group.id).get(lead.id)
    assert still is not None and (still.status, still.version) == ("lost", lead.version)
