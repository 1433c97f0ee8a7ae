"""Funnel transitions, the lost flow and the order state machine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saas.crm.leads import LeadChanges, decide_lost, request_lost, update_lead
from saas.crm.repository import LeadEventRepository
from saas.crm.sales import NewOrder, cancel_order, deliver_order, sign_order
from saas.crm.vocabulary import FunnelStage, LeadStatus, LostReason, PaymentMethod
from saas.errors import Conflict, Forbidden, ValidationFailed
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.factories import (
    actor_for,
    make_group,
    make_lead,
    make_store,
    make_user,
    make_vehicle_model,
)


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    model = await make_vehicle_model()
    lead = (await make_lead(ann, store, vehicle_model=model)).lead
    return group, store, ann, boss, model, lead


async def test_stage_moves_are_recorded_and_going_back_is_flagged(floor) -> None:  # type: ignore[no-untyped-def]
    group, _, ann, _, _, lead = floor
    actor = await actor_for(ann)
    for stage in (
        FunnelStage.NEEDS_ANALYSIS,
        FunnelStage.NEGOTIATION,
        FunnelStage.VEHICLE_PRESENTATION,
    ):
        async with tenant_transaction(group.id):
            lead = await update_lead(actor, lead.id, LeadChanges(stage=stage, reason=f"to {stage}"))
    async with tenant_transaction(group.id):
        events = (
            await LeadEventRepository(group.id).query().filter(kind="stage_changed").order_by("id")
        )
    assert [(e.from_value, e.to_value, e.data["backwards"], e.actor_id) for e in events] == [
        ("first_contact", "needs_analysis", False, ann.id),
        ("needs_analysis", "negotiation", False, ann.id),
        ("negotiation", "vehicle_presentation", True, ann.id),
    ]
    assert lead.stage == "vehicle_presentation"


async def test_a_lost_lead_needs_a_managers_approval(floor) -> None:  # type: ignore[no-untyped-def]
    group, _, ann, boss, _, lead = floor
    consultant, manager = await actor_for(ann), await actor_for(boss)
    async with tenant_transaction(group.id):
        with pytest.raises(ValidationFailed):
            await request_lost(consultant, lead.id, LostReason.OTHER, "")
    async with tenant_transaction(group.id):
        lead = await request_lost(
            consultant, lead.id, LostReason.BOUGHT_COMPETITOR, "bought a rival SUV"
        )
    assert lead.status == LeadStatus.LOST_PENDING and lead.due_at is None
    async with tenant_transaction(group.id):
        with pytest.raises(Forbidden):
            await decide_lost(consultant, lead.id, True, "")
    async with tenant_transaction(group.id):
        with pytest.raises(ValidationFailed):
            await decide_lost(manager, lead.id, False, "")
    async with tenant_transaction(group.id):
        reopened = await decide_lost(
            manager, lead.id, False, "call once more, a test drive may change it"
        )
    assert (
        reopened.status == LeadStatus.OPEN
        and reopened.lost_reason is None
        and reopened.due_at is not None
    )
    async with tenant_transaction(group.id):
        await request_lost(consultant, lead.id, LostReason.PRICE, "")
        lost = await decide_lost(manager, lead.id, True, "agreed")
    assert (
        lost.status == LeadStatus.LOST
        and lost.lost_reason == "price"
        and lost.closed_at is not None
    )
    async with tenant_transaction(group.id):
        with pytest.raises(Conflict):
            await update_lead(consultant, lead.id, LeadChanges(stage=FunnelStage.NEGOTIATION))


async def test_order_state_machine(floor) -> None:  # type: ignore[no-untyped-def]
    group, _, ann, _, model, lead = floor
    actor = await actor_for(ann)
    for price, deposit, path in ((Decimal(0), Decimal(0), "price"), (Decimal(-5), Decimal(0), "price"),
                                 (Decimal(100000), Decimal(200000), "deposit")):  # fmt: skip
        with pytest.raises(ValidationFailed) as raised:
            async with tenant_transaction(group.id):
                await sign_order(
                    actor, NewOrder(lead.id, model.id, price, PaymentMethod.LOAN, deposit)
                )
        assert raised.value.problems[0].path == (path,)
    async with tenant_transaction(group.id):
        order = await sign_order(
            actor,
            NewOrder(lead.id, model.id, Decimal("189800.00"), PaymentMethod.LOAN, Decimal(5000)),
        )
    async with tenant_transaction(group.id):
        with pytest.raises(Conflict):  # one order at a time: the lead is no longer open
            await sign_order(actor, NewOrder(lead.id, model.id, Decimal(1), PaymentMethod.CASH))
    async with tenant_transaction(group.id):
        with pytest.raises(ValidationFailed):
            await cancel_order(actor, order.id, " ")
    async with tenant_transaction(group.id):
        cancelled = await cancel_order(actor, order.id, "customer lost the loan approval")
    assert cancelled.status == "cancelled"
    async with tenant_transaction(group.id):
        with pytest.raises(Conflict, match="only a signed order can be delivered"):
            await deliver_order(actor, order.id)


async def test_a_brand_the_store_does_not_sell_is_refused(floor) -> None:  # type: ignore[no-untyped-def]
    group, _, ann, _, _, lead = floor
    other = await make_vehicle_model(brand="Nordwind", series="Fjord", name="Fjord 1.5T")
    with pytest.raises(ValidationFailed, match="does not sell Nordwind"):
        async with tenant_transaction(group.id):
            await sign_order(
                await actor_for(ann), NewOrder(lead.id, other.id, Decimal(1), PaymentMethod.CASH)
            )
