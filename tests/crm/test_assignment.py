"""Automatic assignment by the store's rule chain, and managers' reassignment."""

from __future__ import annotations

import pytest

from saas.crm.catalog import set_product_lines
from saas.crm.leads import assign_lead
from saas.crm.repository import LeadAssignmentRepository
from saas.errors import Forbidden, ValidationFailed
from saas.identity.service import set_user_active
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
async def store_team(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    other = await make_store(group, "HZ-1", brands=["Huaxia"])
    admin = await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=store)
    cat = await make_user("cat@a.test", group=group, role=Role.CONSULTANT, store=store)
    far = await make_user("far@a.test", group=group, role=Role.CONSULTANT, store=other)
    return group, store, admin, boss, ann, bob, cat, far


def _phone(i: int) -> str:
    return f"1390000{i:04d}"


async def test_new_leads_spread_by_load_then_round_robin(store_team) -> None:  # type: ignore[no-untyped-def]
    group, store, _, boss, ann, bob, cat, _ = store_team
    owners = [(await make_lead(boss, store, phone=_phone(i))).lead.owner_id for i in range(6)]
    # Equal loads, so each consultant gets one in turn, twice round.
    assert owners == [ann.id, bob.id, cat.id, ann.id, bob.id, cat.id]
    async with tenant_transaction(group.id):
        reasons = await LeadAssignmentRepository(group.id).query().values_list("reason", flat=True)
    assert reasons[0] == "consultants of the store; lowest load (0 open leads); round-robin"
    assert reasons[3] == "consultants of the store; lowest load (1 open leads); round-robin"
    assert reasons[5] == "consultants of the store; lowest load (1 open leads)"  # only cat left


async def test_the_least_loaded_consultant_gets_the_next_lead(store_team) -> None:  # type: ignore[no-untyped-def]
    _, store, _, boss, ann, bob, cat, _ = store_team
    await make_lead(ann, store, phone=_phone(1))  # ann takes in two walk-ins herself
    await make_lead(ann, store, phone=_phone(2))
    await make_lead(bob, store, phone=_phone(3))
    lead = (await make_lead(boss, store, phone=_phone(4))).lead
    assert lead.owner_id == cat.id


async def test_product_line_comes_first(store_team) -> None:  # type: ignore[no-untyped-def]
    group, store, _, boss, ann, bob, cat, _ = store_team
    ev = await make_vehicle_model(series="Volt", name="Volt EV")
    await make_lead(bob, store, phone=_phone(1))
    await make_lead(bob, store, phone=_phone(2))  # bob is the busiest
    async with tenant_transaction(group.id):
        await set_product_lines(await actor_for(boss), store.id, bob.id, ["Volt"])
    lead = (await make_lead(boss, store, phone=_phone(3), vehicle_model=ev)).lead
    assert lead.owner_id == bob.id
    async with tenant_transaction(group.id):
        reason = (
            await LeadAssignmentRepository(group.id)
            .query()
            .filter(lead_id=lead.id)
            .values_list("reason", flat=True)
        )
    assert reason == ["consultants of the store; product line Volt; lowest load (2 open leads)"]
    # A lead for another series is spread among everyone by load.
    other = (await make_lead(boss, store, phone=_phone(4))).lead
    assert other.owner_id in {ann.id, cat.id}


async def test_inactive_consultants_are_skipped(store_team) -> None:  # type: ignore[no-untyped-def]
    group, store, admin, boss, ann, bob, cat, _ = store_team
    async with tenant_transaction(group.id):
        await set_user_active(await actor_for(admin), ann.id, False)
        await set_user_active(await actor_for(admin), cat.id, False)
    owners = {(await make_lead(boss, store, phone=_phone(i))).lead.owner_id for i in range(3)}
    assert owners == {bob.id}


async def test_important_leads_go_to_the_sales_manager(store_team) -> None:  # type: ignore[no-untyped-def]
    group, store, _, boss, *_ = store_team
    sam = await make_user("sam@a.test", group=group, role=Role.SALES_MANAGER, store=store)
    lead = (await make_lead(boss, store, phone=_phone(1), is_important=True)).lead
    assert lead.owner_id == sam.id


async def test_a_manager_reassigns_with_a_reason_and_history(store_team) -> None:  # type: ignore[no-untyped-def]
    group, store, _, boss, ann, bob, _, far = store_team
    lead = (await make_lead(ann, store, phone=_phone(1))).lead
    manager = await actor_for(boss)
    async with tenant_transaction(group.id):
        with pytest.raises(ValidationFailed, match="reason"):
            await assign_lead(manager, lead.id, bob.id, "  ")
    async with tenant_transaction(group.id):
        with pytest.raises(ValidationFailed) as other_store:
            await assign_lead(manager, lead.id, far.id, "closer to home")
    assert other_store.value.problems[0].path == ("owner_id",)
    async with tenant_transaction(group.id):
        with pytest.raises(Forbidden):
            await assign_lead(await actor_for(ann), lead.id, bob.id, "holiday")
    async with tenant_transaction(group.id):
        moved = await assign_lead(manager, lead.id, bob.id, "Ann on holiday")
        history = (
            await LeadAssignmentRepository(group.id).query().filter(lead_id=lead.id).order_by("id")
        )
    assert moved.owner_id == bob.id
    assert [(h.from_user_id, h.to_user_id, h.reason, h.is_automatic) for h in history] == [
        (None, ann.id, "taken in by the consultant", False),
        (ann.id, bob.id, "Ann on holiday", False),
    ]
