"""groupSettings / updateGroupSettings / groupSettingsHistory over HTTP: who
may read and change them, partial changes, field errors that change nothing,
the history, other groups, and open leads following a new cadence."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from saas.crm.jobs import crm_cadence_check, crm_morning_list
from saas.crm.leads import decide_lost, request_lost
from saas.crm.vocabulary import LostReason
from saas.models import AuditEntry, DealerGroup, Lead, Notification
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_lead, make_store, make_user

READ = """{ groupSettings {
  cadence { grade firstWithinHours contacts perDays thenEveryHours }
  valueTiers { aPercent bPercent lostAfterMonths }
  slaBreach { notify reassign reassignTo }
  complaintEscalationHours morningListHour
  thankYou { withinHours template }
  reminders { maintenanceEveryDays maintenanceEveryKm insuranceRenewalDays birthdayDaysBefore }
} }"""
UPDATE = """mutation($input: UpdateGroupSettingsInput!) { updateGroupSettings(input: $input) {
  __typename
  ... on GroupSettings { cadence { grade firstWithinHours contacts perDays thenEveryHours }
                         valueTiers { aPercent bPercent } complaintEscalationHours }
  ... on ValidationErrors { errors { path message } } } }"""
HISTORY = """{ groupSettingsHistory(first: 10) { totalCount
  nodes { at actorId changes { setting before after } } } }"""
LEAD = """query($id: ID!) { node(id: $id) { ... on Lead { cadenceDueAt dueAt overdue } } }"""


@pytest.fixture
async def group_a(settings):  # type: ignore[no-untyped-def]
    group = await make_group("GROUP-A")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    people = {
        "admin": await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN),
        "ann": await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store),
        "sm": await make_user("sm@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store),
        "sales": await make_user("sales@a.test", group=group, role=Role.SALES_MANAGER, store=store),
        "exec": await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE),
    }
    return group, store, people


async def _stored(group: DealerGroup) -> dict[str, object]:
    async with system_transaction():
        fresh = await DealerGroup.get(id=group.id)
    return fresh.settings


async def test_a_group_admin_changes_only_what_it_names(api: Api, group_a) -> None:  # type: ignore[no-untyped-def]
    group, _, people = group_a
    token = await api.login("admin@a.test")
    before = (await api.gql(READ, token=token))["groupSettings"]
    assert before["cadence"][1] == {
        "grade": "A", "firstWithinHours": 72.0, "contacts": 2, "perDays": 3.0, "thenEveryHours": 36.0,
    }  # fmt: skip
    assert before["slaBreach"] == {
        "notify": ["SHOWROOM_MANAGER"], "reassign": False, "reassignTo": "NEXT_CONSULTANT",
    }  # fmt: skip
    result = (
        await api.gql(
            UPDATE,
            {"input": {"cadence": [{"grade": "A", "firstWithinHours": 48}],
                       "valueTiers": {"aPercent": 10}, "complaintEscalationHours": 24}},
            token,
        )
    )["updateGroupSettings"]  # fmt: skip
    assert result["__typename"] == "GroupSettings"
    assert result["cadence"][1] == {
        "grade": "A", "firstWithinHours": 48.0, "contacts": 2, "perDays": 3.0, "thenEveryHours": 36.0,
    }  # fmt: skip
    assert result["valueTiers"] == {"aPercent": 10.0, "bPercent": 15.0}
    after = (await api.gql(READ, token=token))["groupSettings"]
    changed = {"cadence", "valueTiers", "complaintEscalationHours"}
    assert {k: v for k, v in after.items() if k not in changed} == {
        k: v for k, v in before.items() if k not in changed
    }
    assert after["cadence"][0] == before["cadence"][0]  # grade H untouched

    history = (await api.gql(HISTORY, token=token))["groupSettingsHistory"]
    assert history["totalCount"] == 1
    entry = history["nodes"][0]
    assert entry["actorId"] == gid(people["admin"])
    assert {(c["setting"], json.loads(c["before"]), json.loads(c["after"])) for c in entry["changes"]} == {
        ("cadence.A.first_within_hours", 72.0, 48.0),
        ("value_tiers.a_percent", 5.0, 10.0),
        ("complaint_escalation_hours", 48.0, 24.0),
    }  # fmt: skip
    # The audit log holds the request with the before/after of each setting.
    async with system_transaction():
        audited = await AuditEntry.get(operation="updateGroupSettings")
    change = next(c for c in audited.details["changes"] if c["table"] == "dealer_group")
    assert change["before"]["cadence.A.first_within_hours"] == 72.0
    assert change["after"]["cadence.A.first_within_hours"] == 48.0
    # Setting a value it already has is no change and leaves no history.
    await api.gql(UPDATE, {"input": {"complaintEscalationHours": 24}}, token)
    assert (await api.gql(HISTORY, token=token))["groupSettingsHistory"]["totalCount"] == 1


async def test_bad_settings_are_named_field_by_field_and_nothing_changes(api: Api, group_a) -> None:  # type: ignore[no-untyped-def]
    group, _, _ = group_a
    token = await api.login("admin@a.test")
    stored = await _stored(group)
    result = (
        await api.gql(
            UPDATE,
            {"input": {
                "cadence": [{"grade": "H", "contacts": 2},
                            {"grade": "B", "firstWithinHours": 24 * 31}],  # B buys within 30 days
                "valueTiers": {"aPercent": 40, "bPercent": 70},
                "complaintEscalationHours": -5,
                "thankYou": {"withinHours": 0},
                "slaBreach": {"notify": ["CONSULTANT"]},
            }},
            token,
        )
    )["updateGroupSettings"]  # fmt: skip
    assert result["__typename"] == "ValidationErrors"
    paths = {tuple(e["path"]): e["message"] for e in result["errors"]}
    assert set(paths) == {
        ("input", "cadence", "1", "firstWithinHours"),
        ("input", "valueTiers", "bPercent"),
        ("input", "complaintEscalationHours"),
        ("input", "thankYou", "withinHours"),
        ("input", "slaBreach", "notify"),
    }
    assert "at most 720 hours" in paths[("input", "cadence", "1", "firstWithinHours")]
    assert "100 %" in paths[("input", "valueTiers", "bPercent")]
    # The valid part (H: two contacts) was not applied either.
    assert await _stored(group) == stored
    assert (await api.gql(HISTORY, token=token))["groupSettingsHistory"]["totalCount"] == 0
    twice = (
        await api.gql(UPDATE, {"input": {"cadence": [{"grade": "A", "contacts": 3},
                                                      {"grade": "A", "perDays": 2}]}}, token)
    )["updateGroupSettings"]  # fmt: skip
    assert twice["errors"] == [
        {"path": ["input", "cadence", "1", "grade"], "message": "give each grade once"}
    ]
    # An unknown grade is not a value of the IntentGrade enum: refused before anything runs.
    errors = await api.errors(
        UPDATE, {"input": {"cadence": [{"grade": "X", "contacts": 1}]}}, token
    )
    assert "IntentGrade" in errors[0]["message"]
    assert await _stored(group) == stored


async def test_who_may_read_and_change_the_settings(api: Api, group_a) -> None:  # type: ignore[no-untyped-def]
    group, _, people = group_a
    for email in ("sm@a.test", "sales@a.test"):
        token = await api.login(email)
        assert (await api.gql(READ, token=token))["groupSettings"]["morningListHour"] == 8
        assert (await api.gql(HISTORY, token=token))["groupSettingsHistory"]["totalCount"] == 0
    for email in ("ann@a.test", "exec@a.test"):
        errors = await api.errors(READ, token=await api.login(email))
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    stored = await _stored(group)
    for email in ("ann@a.test", "sm@a.test", "sales@a.test"):
        errors = await api.errors(UPDATE, {"input": {"morningListHour": 6}}, await api.login(email))
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert await _stored(group) == stored
    # Each refusal is in the audit log, with who tried and what.
    async with system_transaction():
        refused = await AuditEntry.filter(operation="updateGroupSettings").order_by("id")
    assert [(e.actor_id, e.outcome, e.tenant_id) for e in refused] == [
        (people[p].id, "error", group.id) for p in ("ann", "sm", "sales")
    ]
    assert refused[0].details["input"]["input"]["morning_list_hour"] == 6


async def test_another_group_sees_and_changes_nothing(api: Api, group_a) -> None:  # type: ignore[no-untyped-def]
    group, _, _ = group_a
    other = await make_group("GROUP-B")
    await make_user("admin@b.test", group=other, role=Role.GROUP_ADMIN)
    token_a = await api.login("admin@a.test")
    await api.gql(UPDATE, {"input": {"morningListHour": 7}}, token_a)
    token_b = await api.login("admin@b.test")
    assert (await api.gql(READ, token=token_b))["groupSettings"]["morningListHour"] == 8
    assert (await api.gql(HISTORY, token=token_b))["groupSettingsHistory"]["totalCount"] == 0
    result = (await api.gql(UPDATE, {"input": {"morningListHour": 9}}, token_b))[
        "updateGroupSettings"
    ]
    assert result["__typename"] == "GroupSettings"
    assert (await api.gql(READ, token=token_a))["groupSettings"]["morningListHour"] == 7
    assert (await api.gql(READ, token=token_b))["groupSettings"]["morningListHour"] == 9
    history_a = (await api.gql(HISTORY, token=token_a))["groupSettingsHistory"]
    assert [c["setting"] for n in history_a["nodes"] for c in n["changes"]] == ["morning_list_hour"]
    assert json.loads(history_a["nodes"][0]["changes"][0]["after"]) == 7


async def test_open_leads_follow_a_new_cadence_at_once(api: Api, group_a) -> None:  # type: ignore[no-untyped-def]
    group, store, people = group_a
    now = datetime.now(UTC)
    arrived = now - timedelta(hours=30)
    # Grade A: first follow-up within 72 hours, so not overdue after 30 hours.
    fresh = (
        await make_lead(people["ann"], store, grade="A", phone="13900000001", now=arrived)
    ).lead
    later = (await make_lead(people["ann"], store, grade="C", phone="13900000002", now=now)).lead
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "BJ-1", brands=["Huaxia"])
    bob = await make_user("bob@b.test", group=other, role=Role.CONSULTANT, store=other_store)
    foreign = (await make_lead(bob, other_store, grade="A", now=arrived)).lead
    ann = await api.login("ann@a.test")
    lead = (await api.gql(LEAD, {"id": gid(fresh)}, ann))["node"]
    assert lead["overdue"] is False
    assert datetime.fromisoformat(lead["cadenceDueAt"]) == arrived + timedelta(hours=72)
    assert await crm_cadence_check({}) == 0

    admin = await api.login("admin@a.test")
    await api.gql(UPDATE, {"input": {"cadence": [{"grade": "A", "firstWithinHours": 24}]}}, admin)

    lead = (await api.gql(LEAD, {"id": gid(fresh)}, ann))["node"]
    assert datetime.fromisoformat(lead["cadenceDueAt"]) == arrived + timedelta(hours=24)
    assert datetime.fromisoformat(lead["dueAt"]) == arrived + timedelta(hours=24)
    assert lead["overdue"] is True
    overdue = await api.gql("{ leads(filter: {overdue: true}) { nodes { id } } }", token=ann)
    assert [n["id"] for n in overdue["leads"]["nodes"]] == [gid(fresh)]
    # The cadence reminder and the morning list follow the new deadline.
    assert await crm_cadence_check({}) == 1
    async with system_transaction():
        reminded = await Notification.filter(kind="cadence_overdue").values_list("data", flat=True)
        untouched = {
            lead.id: lead.cadence_due_at
            for lead in await Lead.filter(id__in=[later.id, foreign.id])
        }
    assert [d["lead_id"] for d in reminded] == [fresh.id]  # type: ignore[index]
    assert untouched == {later.id: later.cadence_due_at, foreign.id: foreign.cadence_due_at}
    eight_local = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    assert await crm_morning_list({}, now=eight_local.isoformat()) == 1
    async with system_transaction():
        morning = await Notification.get(kind="morning_list", tenant_id=group.id)
    assert morning.data["lead_ids"] == [fresh.id]  # the C lead is due in 15 days


async def test_a_lead_with_follow_ups_counts_from_its_last_one(api: Api, group_a) -> None:  # type: ignore[no-untyped-def]
    group, store, people = group_a
    lead = (await make_lead(people["ann"], store, grade="B")).lead
    ann = await api.login("ann@a.test")
    planned = datetime.now(UTC) + timedelta(days=20)
    await api.gql(
        """mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename } }""",
        {"input": {"leadId": gid(lead), "channel": "PHONE", "content": "sent the brochure",
                   "nextFollowUpAt": planned.isoformat(), "nextFollowUpReason": "test drive"}},
        ann,
    )  # fmt: skip
    async with system_transaction():
        contacted = (await Lead.get(id=lead.id)).last_follow_up_at
    assert contacted is not None
    admin = await api.login("admin@a.test")
    await api.gql(
        UPDATE, {"input": {"cadence": [{"grade": "B", "contacts": 2, "perDays": 3}]}}, admin
    )
    moved = (await api.gql(LEAD, {"id": gid(lead)}, ann))["node"]
    assert datetime.fromisoformat(moved["cadenceDueAt"]) == contacted + timedelta(hours=36)
    assert datetime.fromisoformat(moved["dueAt"]) == contacted + timedelta(hours=36)
    # A plan earlier than the cadence stays the due time.
    await api.gql(
        UPDATE, {"input": {"cadence": [{"grade": "B", "contacts": 1, "perDays": 30}]}}, admin
    )
    moved = (await api.gql(LEAD, {"id": gid(lead)}, ann))["node"]
    assert datetime.fromisoformat(moved["cadenceDueAt"]) == contacted + timedelta(days=30)
    assert datetime.fromisoformat(moved["dueAt"]) == planned


async def test_a_lead_waiting_for_a_lost_decision_gets_the_new_deadline_when_it_reopens(
    api: Api, group_a
) -> None:  # type: ignore[no-untyped-def]
    group, store, people = group_a
    arrived = datetime.now(UTC) - timedelta(hours=1)
    lead = (await make_lead(people["ann"], store, grade="C", now=arrived)).lead
    async with tenant_transaction(group.id):
        await request_lost(await actor_for(people["ann"]), lead.id, LostReason.PRICE, "too dear")
    admin = await api.login("admin@a.test")
    await api.gql(UPDATE, {"input": {"cadence": [{"grade": "C", "firstWithinHours": 100}]}}, admin)
    async with system_transaction():
        waiting = await Lead.get(id=lead.id)
    assert waiting.due_at is None  # not worked while the request waits
    assert waiting.cadence_due_at == arrived + timedelta(hours=100)
    async with tenant_transaction(group.id):
        reopened = await decide_lost(
            await actor_for(people["sm"]), lead.id, approve=False, note="call again"
        )
    assert reopened.due_at == arrived + timedelta(hours=100)
