"""The cadence table drives due dates; follow-ups keep the next date honest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from saas.crm.cadence import DEFAULT_CADENCE
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.leads import LeadChanges, update_lead
from saas.crm.repository import LeadEventRepository
from saas.crm.vocabulary import FollowUpChannel, IntentGrade
from saas.errors import ValidationFailed
from saas.models import DealerGroup
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.factories import actor_for, make_group, make_lead, make_store, make_user

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # lead arrives
FIRST = {
    "H": timedelta(hours=24),
    "A": timedelta(days=3),
    "B": timedelta(days=7),
    "C": timedelta(days=15),
    "N": timedelta(days=30),
}
THEN = {
    "H": timedelta(days=2),
    "A": timedelta(hours=36),
    "B": timedelta(days=4),
    "C": timedelta(days=7),
    "N": timedelta(days=15),
}


@pytest.fixture
async def seller(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    return group, store, ann


def test_the_default_table_is_the_one_of_the_design() -> None:
    assert {g.value: c.first_within for g, c in DEFAULT_CADENCE.items()} == FIRST
    assert {g.value: c.then_every for g, c in DEFAULT_CADENCE.items()} == THEN


@pytest.mark.parametrize("grade", list(FIRST))
async def test_first_follow_up_and_then_cadence_per_grade(seller, grade: str) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = seller
    lead = (await make_lead(ann, store, grade=grade, now=T0)).lead
    assert lead.cadence_due_at == T0 + FIRST[grade]
    assert lead.due_at == T0 + FIRST[grade]
    contacted = T0 + timedelta(hours=3)
    planned = datetime.now(UTC) + timedelta(days=60)
    async with tenant_transaction(group.id):
        _, lead = await log_follow_up(
            await actor_for(ann),
            NewFollowUp(lead.id, FollowUpChannel.PHONE, "introduced the range", happened_at=contacted,
                        next_follow_up_at=planned, next_follow_up_reason="invite to showroom"),
        )  # fmt: skip
    assert lead.cadence_due_at == contacted + THEN[grade]
    assert lead.due_at == min(contacted + THEN[grade], planned)
    assert lead.first_follow_up_at == contacted and lead.follow_up_count == 1


async def test_a_grade_change_recomputes_the_deadline_and_is_recorded(seller) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = seller
    lead = (await make_lead(ann, store, grade="N", now=T0)).lead
    async with tenant_transaction(group.id):
        lead = await update_lead(
            await actor_for(ann),
            lead.id,
            LeadChanges(intent_grade=IntentGrade.H, reason="wants to buy this week"),
        )
        events = await LeadEventRepository(group.id).query().filter(kind="grade_changed")
    assert lead.intent_grade == "H"
    assert lead.cadence_due_at == T0 + FIRST["H"]
    assert [(e.from_value, e.to_value, e.reason) for e in events] == [
        ("N", "H", "wants to buy this week")
    ]


async def test_a_tenant_can_tune_its_cadence(seller) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = seller
    async with system_transaction():
        await DealerGroup.filter(id=group.id).update(
            settings={"cadence": {"H": {"first_hours": 4}}}
        )
    lead = (await make_lead(ann, store, grade="H", now=T0)).lead
    assert lead.cadence_due_at == T0 + timedelta(hours=4)


async def test_an_open_lead_needs_a_future_next_date_with_a_reason(seller) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = seller
    lead = (await make_lead(ann, store)).lead
    actor = await actor_for(ann)
    cases = [
        ({}, {("next_follow_up_at",), ("next_follow_up_reason",)}),
        ({"next_follow_up_at": datetime.now(UTC) - timedelta(hours=1), "next_follow_up_reason": "x"}, {("next_follow_up_at",)}),
        ({"next_follow_up_at": datetime.now(UTC) + timedelta(days=1), "next_follow_up_reason": " "}, {("next_follow_up_reason",)}),
        ({"next_follow_up_at": datetime.now(UTC) + timedelta(days=1), "next_follow_up_reason": "x",
          "happened_at": datetime.now(UTC) + timedelta(hours=2)}, {("happened_at",)}),
    ]  # fmt: skip
    for extra, paths in cases:
        with pytest.raises(ValidationFailed) as raised:
            async with tenant_transaction(group.id):
                await log_follow_up(
                    actor, NewFollowUp(lead.id, FollowUpChannel.WECHAT, "hello", **extra)
                )
        assert {p.path for p in raised.value.problems} == paths, extra


async def test_moving_the_next_date_is_kept_with_its_reason(seller) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = seller
    lead = (await make_lead(ann, store)).lead
    actor = await actor_for(ann)
    first_plan = datetime.now(UTC) + timedelta(days=2)
    second_plan = datetime.now(UTC) + timedelta(days=5)
    async with tenant_transaction(group.id):
        await log_follow_up(
            actor,
            NewFollowUp(
                lead.id,
                FollowUpChannel.PHONE,
                "called",
                next_follow_up_at=first_plan,
                next_follow_up_reason="send brochure",
            ),
        )
        _, lead = await log_follow_up(
            actor,
            NewFollowUp(
                lead.id,
                FollowUpChannel.WECHAT,
                "customer travelling",
                next_follow_up_at=second_plan,
                next_follow_up_reason="back from trip",
            ),
        )
        moves = await LeadEventRepository(group.id).query().filter(kind="next_follow_up_moved")
    assert lead.next_follow_up_at == second_plan and lead.next_follow_up_reason == "back from trip"
    assert [(m.from_value, m.to_value, m.reason) for m in moves] == [
        (first_plan.isoformat(), second_plan.isoformat(), "back from trip")
    ]
