"""What a lost request carries beyond its reason: another owner or grade
proposed instead (the manager who rejects the loss can apply it in the same
step), and the competitor a customer bought from."""

from __future__ import annotations

import pytest

from saas.crm.leads import decide_lost, request_lost
from saas.crm.repository import (
    CustomerRepository,
    LeadAssignmentRepository,
    LeadEventRepository,
)
from saas.crm.vocabulary import IntentGrade, LeadStatus, LostReason
from saas.errors import Forbidden, ValidationFailed
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_lead, make_store, make_user


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, brands=["Huaxia"])
    other_store = await make_store(group, "STORE-2", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=store)
    far = await make_user("far@a.test", group=group, role=Role.CONSULTANT, store=other_store)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    lead = (await make_lead(ann, store, grade="A")).lead
    return group, ann, bob, far, boss, lead


def paths(error: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [".".join(p.path) for p in error.value.problems]


async def test_rejecting_the_loss_applies_the_proposed_owner_and_grade(floor) -> None:  # type: ignore[no-untyped-def]
    group, ann, bob, _, boss, lead = floor
    consultant, manager = await actor_for(ann), await actor_for(boss)
    async with tenant_transaction(group.id):
        await request_lost(
            consultant,
            lead.id,
            LostReason.NO_LONGER_INTERESTED,
            "not before next year",
            proposed_owner_id=bob.id,
            proposed_grade=IntentGrade.C,
        )
    async with tenant_transaction(group.id):
        reopened = await decide_lost(
            manager, lead.id, False, "Bob keeps in touch monthly", apply_proposal=True
        )
    assert (reopened.status, reopened.owner_id, reopened.intent_grade) == (
        LeadStatus.OPEN,
        bob.id,
        IntentGrade.C,
    )
    assert reopened.lost_reason is None and reopened.due_at is not None
    # grade A wants a follow-up within 3 days, C within 15: the cadence moved out
    assert (reopened.cadence_due_at - lead.cadence_due_at).days >= 11
    async with tenant_transaction(group.id):
        handovers = await LeadAssignmentRepository(group.id).query().filter(lead_id=lead.id)
        customer = await CustomerRepository(group.id).get(lead.customer_id)
        kinds = [
            e.kind
            for e in await LeadEventRepository(group.id)
            .query()
            .filter(lead_id=lead.id)
            .order_by("id")
        ]
    assert [(h.to_user_id, h.reason, h.assigned_by_id) for h in handovers][-1] == (
        bob.id,
        "Bob keeps in touch monthly",
        boss.id,
    )
    assert customer is not None and customer.owner_id == bob.id
    assert kinds[-3:] == ["lost_requested", "lost_rejected", "grade_changed"]


async def test_a_plain_rejection_ignores_the_proposal(floor) -> None:  # type: ignore[no-untyped-def]
    group, ann, bob, _, boss, lead = floor
    consultant, manager = await actor_for(ann), await actor_for(boss)
    async with tenant_transaction(group.id):
        await request_lost(consultant, lead.id, LostReason.PRICE, "", proposed_owner_id=bob.id)
        reopened = await decide_lost(manager, lead.id, False, "try a better offer")
    assert reopened.owner_id == ann.id and reopened.intent_grade == lead.intent_grade


async def test_bad_proposals_are_refused_and_nothing_is_written(floor) -> None:  # type: ignore[no-untyped-def]
    group, ann, _, far, boss, lead = floor
    consultant, manager = await actor_for(ann), await actor_for(boss)
    async with tenant_transaction(group.id):
        with pytest.raises(ValidationFailed) as same:
            await request_lost(
                consultant,
                lead.id,
                LostReason.PRICE,
                "",
                proposed_owner_id=ann.id,
                proposed_grade=IntentGrade(lead.intent_grade),
            )
        with pytest.raises(ValidationFailed) as elsewhere:
            await request_lost(consultant, lead.id, LostReason.PRICE, "", proposed_owner_id=far.id)
    assert paths(same) == ["proposed_owner_id", "proposed_grade"]
    assert paths(elsewhere) == ["proposed_owner_id"]

    async with tenant_transaction(group.id):
        await request_lost(consultant, lead.id, LostReason.PRICE, "")
    async with tenant_transaction(group.id):
        with pytest.raises(ValidationFailed) as nothing_proposed:
            await decide_lost(manager, lead.id, False, "keep going", apply_proposal=True)
        with pytest.raises(ValidationFailed) as on_approval:
            await decide_lost(manager, lead.id, True, "agreed", apply_proposal=True)
    assert paths(nothing_proposed) == paths(on_approval) == ["apply_proposal"]
    async with tenant_transaction(group.id):
        still = await LeadEventRepository(group.id).query().filter(lead_id=lead.id).count()
        kinds = await LeadEventRepository(group.id).query().filter(kind="lost_rejected").count()
    assert still >= 2 and kinds == 0


async def test_only_a_manager_who_may_assign_applies_an_owner(floor) -> None:  # type: ignore[no-untyped-def]
    group, ann, bob, _, _, lead = floor
    consultant = await actor_for(ann)
    async with tenant_transaction(group.id):
        await request_lost(consultant, lead.id, LostReason.PRICE, "", proposed_owner_id=bob.id)
        with pytest.raises(Forbidden):
            await decide_lost(consultant, lead.id, False, "no", apply_proposal=True)


async def test_the_manager_sees_the_proposal_and_applies_it_over_graphql(  # type: ignore[no-untyped-def]
    api: Api, floor
) -> None:
    _, _, bob, _, _, lead = floor
    ann_token, boss_token = await api.login("ann@a.test"), await api.login("boss@a.test")
    request = """mutation($input: RequestLeadLostInput!) { requestLeadLost(input: $input) {
        __typename ... on Lead { status }
        ... on ValidationErrors { errors { path message } } } }"""
    ask = {
        "leadId": gid(lead),
        "reason": "UNREACHABLE",
        "note": "no answer for two weeks",
        "proposedOwnerId": gid(bob),
        "proposedGrade": "N",
    }
    wrong = await api.gql(request, {"input": {**ask, "competitorBrand": "Orion"}}, ann_token)
    assert wrong["requestLeadLost"]["errors"] == [
        {
            "path": ["input", "competitorBrand"],
            "message": "name a competitor only when the reason is bought_competitor",
        }
    ]
    requested = await api.gql(request, {"input": ask}, ann_token)
    assert requested["requestLeadLost"] == {"__typename": "Lead", "status": "LOST_PENDING"}
    seen = await api.gql(
        """query($id: ID!) { lead(id: $id) { history { kind proposedGrade
            proposedOwner { email } } } }""",
        {"id": gid(lead)},
        boss_token,
    )
    assert seen["lead"]["history"][-1] == {
        "kind": "lost_requested",
        "proposedGrade": "N",
        "proposedOwner": {"email": "bob@a.test"},
    }
    refused = await api.gql(
        """mutation($input: DecideLeadLostInput!) { decideLeadLost(input: $input) {
            __typename ... on ValidationErrors { errors { path message } } } }""",
        {"input": {"leadId": gid(lead), "approve": True, "applyProposal": True}},
        boss_token,
    )
    assert refused["decideLeadLost"]["errors"][0]["path"] == ["input", "applyProposal"]
    decided = await api.gql(
        """mutation($input: DecideLeadLostInput!) { decideLeadLost(input: $input) {
            __typename ... on Lead { status intentGrade owner { email } } } }""",
        {
            "input": {
                "leadId": gid(lead),
                "approve": False,
                "note": "Bob tries from another number",
                "applyProposal": True,
            }
        },
        boss_token,
    )
    assert decided["decideLeadLost"] == {
        "__typename": "Lead",
        "status": "OPEN",
        "intentGrade": "N",
        "owner": {"email": "bob@a.test"},
    }


async def test_a_loss_to_a_competitor_keeps_brand_and_model_until_rejected(floor) -> None:  # type: ignore[no-untyped-def]
    group, ann, _, _, boss, lead = floor
    consultant, manager = await actor_for(ann), await actor_for(boss)
    async with tenant_transaction(group.id):
        with pytest.raises(ValidationFailed) as wrong_reason:
            await request_lost(consultant, lead.id, LostReason.PRICE, "", competitor_brand="Orion")
        with pytest.raises(ValidationFailed) as no_brand:
            await request_lost(
                consultant,
                lead.id,
                LostReason.BOUGHT_COMPETITOR,
                "",
                competitor_brand="  ",
                competitor_model="X" * 81,
            )
    assert paths(wrong_reason) == ["competitor_brand"]
    assert paths(no_brand) == ["competitor_brand", "competitor_model"]

    async with tenant_transaction(group.id):
        pending = await request_lost(
            consultant,
            lead.id,
            LostReason.BOUGHT_COMPETITOR,
            "signed at the Orion dealer",
            competitor_brand=" Orion ",
            competitor_model="Nova 7",
        )
    assert (pending.lost_competitor_brand, pending.lost_competitor_model) == ("Orion", "Nova 7")
    async with tenant_transaction(group.id):
        reopened = await decide_lost(manager, lead.id, False, "the Orion order is not signed yet")
    assert reopened.lost_competitor_brand is None and reopened.lost_competitor_model is None
    async with tenant_transaction(group.id):
        await request_lost(
            consultant, lead.id, LostReason.BOUGHT_COMPETITOR, "", competitor_brand="Orion"
        )
        lost = await decide_lost(manager, lead.id, True, "agreed")
    assert (lost.status, lost.lost_competitor_brand, lost.lost_competitor_model) == (
        LeadStatus.LOST,
        "Orion",
        None,
    )
