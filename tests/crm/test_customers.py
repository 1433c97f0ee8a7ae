"""Customers: one archive per phone, merges that lose nothing, tags and
consents with history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from saas.crm.customers import (
    CustomerFields,
    DuplicateCustomerError,
    create_customer,
    merge_customers,
    set_consents,
    tag_customer,
    untag_customer,
)
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.repository import CustomerEventRepository, CustomerRepository, LeadRepository
from saas.crm.vocabulary import FollowUpChannel, TagKind
from saas.errors import ValidationFailed
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_lead, make_store, make_user

CREATE_LEAD = """mutation($input: CreateLeadInput!) { createLead(input: $input) {
  __typename
  ... on LeadCreated { existingCustomer existingLead messages lead { id store { code } }
                       customer { id archiveNo phone } }
  ... on ValidationErrors { errors { path message } } } }"""


@pytest.fixture
async def showroom(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    pudong = await make_store(group, "SH-1", brands=["Huaxia"])
    xihu = await make_store(group, "HZ-1", city="Hangzhou", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=pudong)
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=xihu)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=pudong)
    return group, pudong, xihu, ann, bob, boss


async def test_the_same_phone_written_differently_is_one_customer(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, pudong, xihu, ann, bob, boss = showroom
    ann_token, bob_token = await api.login("ann@a.test"), await api.login("bob@a.test")

    def lead(store, phone: str) -> dict:  # type: ignore[no-untyped-def]
        return {"input": {"storeId": gid(store), "sourceChannel": "WALK_IN",
                          "customer": {"name": "Wang Fang", "phone": phone}}}  # fmt: skip

    first = (await api.gql(CREATE_LEAD, lead(pudong, "138 0013 8000"), ann_token))["createLead"]
    assert first["__typename"] == "LeadCreated" and not first["existingCustomer"]
    again = (await api.gql(CREATE_LEAD, lead(pudong, "+86 138-0013-8000"), ann_token))["createLead"]
    assert again["existingLead"] and again["lead"]["id"] == first["lead"]["id"]
    assert again["messages"] == ["this customer already has an open lead at this store"]
    elsewhere = (await api.gql(CREATE_LEAD, lead(xihu, "008613800138000"), bob_token))["createLead"]
    assert elsewhere["existingCustomer"] and not elsewhere["existingLead"]
    assert elsewhere["customer"]["id"] == first["customer"]["id"]
    assert elsewhere["lead"]["store"] == {"code": "HZ-1"}
    async with tenant_transaction(group.id):
        assert await CustomerRepository(group.id).query().count() == 1
        assert await LeadRepository(group.id).query().count() == 2


async def test_unusable_phone_and_missing_name_are_field_errors(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, pudong, *_ = showroom
    token = await api.login("ann@a.test")
    result = (
        await api.gql(
            CREATE_LEAD,
            {
                "input": {
                    "storeId": gid(pudong),
                    "sourceChannel": "PHONE_IN",
                    "customer": {"name": " ", "phone": "12345"},
                }
            },  # fmt: skip
            token,
        )
    )["createLead"]
    assert result["__typename"] == "ValidationErrors"
    assert {tuple(e["path"]) for e in result["errors"]} == {
        ("input", "customer", "name"),
        ("input", "customer", "phone"),
    }
    async with tenant_transaction(group.id):
        assert await CustomerRepository(group.id).query().count() == 0


async def test_create_customer_with_a_known_phone_points_to_the_existing_one(showroom) -> None:  # type: ignore[no-untyped-def]
    group, pudong, _, ann, *_ = showroom
    intake = await make_lead(ann, pudong, phone="13912345678")
    actor = await actor_for(ann)
    with pytest.raises(DuplicateCustomerError) as raised:
        async with tenant_transaction(group.id):
            await create_customer(
                actor, pudong.id, CustomerFields(name="Other", phone="139 1234 5678")
            )
    assert raised.value.customer.id == intake.customer.id


async def test_archive_numbers_count_per_store(showroom) -> None:  # type: ignore[no-untyped-def]
    group, pudong, xihu, ann, bob, _ = showroom
    a1 = await make_lead(ann, pudong, phone="13900000001")
    a2 = await make_lead(ann, pudong, phone="13900000002")
    b1 = await make_lead(bob, xihu, phone="13900000003")
    assert [a1.customer.archive_no, a2.customer.archive_no, b1.customer.archive_no] == [
        "SH-1-000001",
        "SH-1-000002",
        "HZ-1-000001",
    ]


async def test_merge_keeps_every_lead_follow_up_and_tag_with_history(showroom) -> None:  # type: ignore[no-untyped-def]
    group, pudong, _, ann, _, boss = showroom
    keep = await make_lead(ann, pudong, name="Wang Fang", phone="13800138000")
    dup = await make_lead(ann, pudong, name="Wang F.", phone="13800138001")
    ann_actor, boss_actor = await actor_for(ann), await actor_for(boss)
    async with tenant_transaction(group.id):
        await log_follow_up(
            ann_actor,
            NewFollowUp(
                lead_id=dup.lead.id,
                channel=FollowUpChannel.PHONE,
                content="asked for a quote",
                next_follow_up_at=datetime.now(UTC) + timedelta(days=1),
                next_follow_up_reason="send quote",
            ),
        )
        await tag_customer(ann_actor, dup.customer.id, "price sensitive", TagKind.DYNAMIC)
        with pytest.raises(ValidationFailed):
            await merge_customers(boss_actor, keep.customer.id, dup.customer.id, " ")
    async with tenant_transaction(group.id):
        kept = await merge_customers(
            boss_actor, keep.customer.id, dup.customer.id, "same person, two phones"
        )
    assert kept.id == keep.customer.id
    async with tenant_transaction(group.id):
        leads = await LeadRepository(group.id).query().filter(customer_id=kept.id).count()
        merged = await CustomerRepository(group.id).get(dup.customer.id)
        events = await CustomerEventRepository(group.id).query().filter(kind="merged")
    assert leads == 2
    assert merged is not None and merged.merged_into_id == kept.id
    assert events[0].data["merged_phone"] == "+8613800138001"
    assert events[0].data["moved"] == {
        "leads": 1,
        "follow_ups": 1,
        "test_drives": 0,
        "orders": 0,
        "messages": 0,
        "tags": 1,
        "events": 0,
    }
    # A new lead with the merged phone lands on the kept customer.
    again = await make_lead(ann, pudong, phone="13800138001")
    assert again.customer.id == kept.id


async def test_consultants_cannot_merge(showroom) -> None:  # type: ignore[no-untyped-def]
    from saas.errors import Forbidden

    group, pudong, _, ann, *_ = showroom
    one = await make_lead(ann, pudong, phone="13800138000")
    two = await make_lead(ann, pudong, phone="13800138001")
    with pytest.raises(Forbidden):
        async with tenant_transaction(group.id):
            await merge_customers(await actor_for(ann), one.customer.id, two.customer.id, "same")


async def test_tags_and_consents_keep_their_history(showroom) -> None:  # type: ignore[no-untyped-def]
    group, pudong, _, ann, *_ = showroom
    intake = await make_lead(ann, pudong)
    actor = await actor_for(ann)
    async with tenant_transaction(group.id):
        await tag_customer(actor, intake.customer.id, "first car", TagKind.STATIC)
        await untag_customer(actor, intake.customer.id, "first car")
        await tag_customer(actor, intake.customer.id, "first car", TagKind.STATIC)
        customer = await set_consents(actor, intake.customer.id, {"marketing": True}, "signed form")
        customer = await set_consents(
            actor, intake.customer.id, {"marketing": False}, "WeChat opt-out"
        )
        with pytest.raises(ValidationFailed):
            await set_consents(actor, intake.customer.id, {"share_insurance": True}, "")
        events = (
            await CustomerEventRepository(group.id).query().filter(kind="consent").order_by("id")
        )
        from saas.crm.repository import CustomerTagRepository

        tags = await CustomerTagRepository(group.id).query().order_by("id")
    assert customer.consent_marketing is False
    assert [(e.data["granted"], e.data["source"]) for e in events] == [
        (True, "signed form"),
        (False, "WeChat opt-out"),
    ]
    assert [(t.tag, t.removed_at is not None) for t in tags] == [
        ("first car", True),
        ("first car", False),
    ]


async def test_a_phone_reveal_by_a_non_owner_is_recorded(showroom) -> None:  # type: ignore[no-untyped-def]
    from saas.crm.customers import reveal_phone
    from saas.errors import Forbidden

    group, pudong, _, ann, _, boss = showroom
    intake = await make_lead(ann, pudong, phone="13800138000")
    async with tenant_transaction(group.id):
        assert await reveal_phone(await actor_for(ann), intake.customer.id) == "+8613800138000"
        assert await reveal_phone(await actor_for(boss), intake.customer.id) == "+8613800138000"
        reveals = await CustomerEventRepository(group.id).query().filter(kind="phone_revealed")
    assert [(r.actor_id, r.customer_id) for r in reveals] == [(boss.id, intake.customer.id)]
    assert reveals[0].created_at is not None
    # A consultant who neither owns the customer nor holds reveal permission sees nothing.
    other = await make_user("cy@a.test", group=group, role=Role.CONSULTANT, store=pudong)
    with pytest.raises((Forbidden, Exception)) as raised:
        async with tenant_transaction(group.id):
            await reveal_phone(await actor_for(other), intake.customer.id)
    assert type(raised.value).__name__ in {"NotFound", "Forbidden"}
