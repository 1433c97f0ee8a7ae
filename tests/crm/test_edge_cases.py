"""Edge cases found in review: nobody takes over a colleague's lead by typing
a phone, keys do not bypass the reveal audit, customers follow their leads,
and bad input gets field errors instead of crashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_lead, make_store, make_user


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    hz = await make_store(group, "HZ-1", city="Hangzhou", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=sh)
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=sh)
    hal = await make_user("hal@a.test", group=group, role=Role.CONSULTANT, store=hz)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=sh)
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    return group, sh, hz, ann, bob, hal


CREATE_LEAD = """mutation($input: CreateLeadInput!) { createLead(input: $input) { __typename
  ... on LeadCreated { lead { id followUps { content } } customer { name } }
  ... on ConflictError { message } } }"""


async def test_typing_a_known_phone_does_not_open_a_colleagues_lead(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, *_ = floor
    await make_lead(await _user("ann@a.test"), sh, name="Wang Fang", phone="13800138000")
    bob = await api.login("bob@a.test")
    result = (await api.gql(CREATE_LEAD, {"input": {"storeId": gid(sh), "sourceChannel": "PHONE_IN",
              "customer": {"name": "x", "phone": "13800138000"}}}, bob))["createLead"]  # fmt: skip
    assert result["__typename"] == "ConflictError"
    assert "owned by a colleague" in result["message"] and "Wang" not in result["message"]


async def test_an_api_key_cannot_read_an_unowned_customers_phone(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, *_ = floor
    boss = await api.login("boss@a.test")
    created = (await api.gql(
        """mutation($s: ID!) { createCustomer(input: {storeId: $s, customer: {name: "No Owner", phone: "13912345678"}}) {
            __typename ... on Customer { id } } }""", {"s": gid(sh)}, boss))["createCustomer"]  # fmt: skip
    admin = await api.login("admin@a.test")
    key = (
        await api.gql(
            'mutation { createApiKey(input: {name: "BI", role: GROUP_EXECUTIVE}) { ... on CreatedApiKey { secret } } }',
            token=admin,
        )
    )["createApiKey"]["secret"]
    reveal = (
        await api.gql(
            "mutation($c: ID!) { revealCustomerPhone(input: {customerId: $c}) { __typename } }",
            {"c": created["id"]},
            key,
        )
    )["revealCustomerPhone"]
    assert reveal["__typename"] == "ForbiddenError"
    bad = (
        await api.gql(
            'mutation { revealCustomerPhone(input: {customerId: "abc"}) { __typename } }',
            token=boss,
        )
    )["revealCustomerPhone"]
    assert bad["__typename"] == "ValidationErrors"


async def test_the_customer_follows_the_lead_to_its_new_owner(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, bob, _ = floor
    lead = (await make_lead(ann, sh, phone="13800138000")).lead
    boss = await api.login("boss@a.test")
    await api.gql('mutation($l: ID!, $o: ID!) { assignLead(input: {leadId: $l, ownerId: $o, reason: "holiday"}) { __typename } }',
                  {"l": gid(lead), "o": gid(bob)}, boss)  # fmt: skip
    query = "query($l: ID!) { lead(id: $l) { customer { phone phoneMasked } } }"
    bob_view = (await api.gql(query, {"l": gid(lead)}, await api.login("bob@a.test")))["lead"]
    assert bob_view["customer"] == {"phone": "+8613800138000", "phoneMasked": False}
    assert (await api.gql(query, {"l": gid(lead)}, await api.login("ann@a.test")))["lead"] is None


async def test_a_manager_sees_a_customer_archived_elsewhere_with_a_lead_in_the_store(
    api: Api, floor
) -> None:  # type: ignore[no-untyped-def]
    _, sh, hz, ann, _, hal = floor
    elsewhere = await make_lead(hal, hz, phone="13800138000")
    await make_lead(ann, sh, phone="13800138000")
    boss = await api.login("boss@a.test")
    seen = await api.gql(
        "query($c: ID!) { customer(id: $c) { name } }", {"c": gid(elsewhere.customer)}, boss
    )
    assert seen["customer"] is not None


async def test_merged_duplicate_tags_stay_workable(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, *_ = floor
    one = await make_lead(ann, sh, phone="13800138000")
    two = await make_lead(ann, sh, phone="13800138001")
    token, boss = await api.login("ann@a.test"), await api.login("boss@a.test")
    for c in (one.customer, two.customer):
        await api.gql(
            'mutation($c: ID!) { tagCustomer(input: {customerId: $c, tag: "vip"}) { __typename } }',
            {"c": gid(c)},
            token,
        )
    await api.gql('mutation($k: ID!, $m: ID!) { mergeCustomers(input: {keepId: $k, mergeId: $m, reason: "same"}) { __typename } }',
                  {"k": gid(one.customer), "m": gid(two.customer)}, boss)  # fmt: skip
    tags = await api.gql(
        "query($c: ID!) { customer(id: $c) { tags { tag } tagHistory { tag removedAt } } }",
        {"c": gid(one.customer)},
        boss,
    )
    assert tags["customer"]["tags"] == [{"tag": "vip"}] and len(tags["customer"]["tagHistory"]) == 2
    untag = await api.gql(
        'mutation($c: ID!) { untagCustomer(input: {customerId: $c, tag: "vip"}) { __typename } }',
        {"c": gid(one.customer)},
        boss,
    )
    assert untag["untagCustomer"]["__typename"] == "CustomerTag"


async def test_bad_times_and_cleared_names_are_field_errors(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, *_ = floor
    lead = (await make_lead(ann, sh)).lead
    token = await api.login("ann@a.test")
    naive = (await api.gql(
        """mutation($l: ID!) { logFollowUp(input: {leadId: $l, channel: PHONE, content: "x",
            nextFollowUpAt: "2031-01-01T10:00:00", nextFollowUpReason: "y"}) { __typename ... on ValidationErrors { errors { path } } } }""",
        {"l": gid(lead)}, token))["logFollowUp"]  # fmt: skip
    assert naive["errors"] == [{"path": ["input", "nextFollowUpAt"]}]
    cleared = (await api.gql(
        """mutation($c: ID!) { updateCustomer(input: {customerId: $c, customer: {name: null, focusPoints: null}}) {
            __typename ... on ValidationErrors { errors { path message } } } }""",
        {"c": gid("Customer", lead.customer_id)}, token))["updateCustomer"]  # fmt: skip
    assert cleared["errors"] == [{"path": ["input", "name"], "message": "cannot be cleared"}]
    contract = (
        await api.gql(
            "mutation($l: ID!) { updateLead(input: {leadId: $l, stage: CONTRACT}) { __typename } }",
            {"l": gid(lead)},
            token,
        )
    )["updateLead"]
    assert contract["__typename"] == "ValidationErrors"


async def test_a_cursor_of_another_ordering_is_refused(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, *_ = floor
    await make_lead(ann, sh, phone="13800138000")
    await make_lead(ann, sh, phone="13800138001")
    token = await api.login("ann@a.test")
    cursor = (await api.gql("{ leads(first: 1) { pageInfo { endCursor } } }", token=token))[
        "leads"
    ]["pageInfo"]["endCursor"]
    errors = await api.errors(
        "query($a: String) { leads(first: 1, after: $a, order: DUE_SOONEST) { nodes { id } } }",
        {"a": cursor},
        token,
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


async def _user(email: str):  # type: ignore[no-untyped-def]
    from saas.models import User

    return await User.get(email=email)


async def test_a_backdated_late_entry_does_not_meet_the_oem_sla(settings) -> None:  # type: ignore[no-untyped-def]
    from saas.crm.follow_ups import NewFollowUp, log_follow_up
    from saas.crm.vocabulary import FollowUpChannel
    from saas.models import DistributedLead
    from saas.oem.distribution import distribute
    from saas.oem.types import LeadOrder
    from saas.tenancy.rls import system_transaction, tenant_transaction
    from tests.factories import actor_for, make_oem

    oem = await make_oem("HUAXIA", ["Huaxia"])
    group = await make_group("EAST")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=store)
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    t0 = datetime.now(UTC) - timedelta(hours=30)
    async with tenant_transaction(None, oem.id):
        row = (
            await distribute(
                await actor_for(desk),
                LeadOrder("L-1", "Zhao", "13700001111", "Huaxia", store_id=store.id),
                now=t0,
            )
        ).distributed
    async with tenant_transaction(group.id):  # logged now, 30 h in, claiming a call at 2 h
        await log_follow_up(await actor_for(ann), NewFollowUp(row.lead_id, FollowUpChannel.PHONE, "called", happened_at=t0 + timedelta(hours=2),
                            next_follow_up_at=datetime.now(UTC) + timedelta(days=1), next_follow_up_reason="visit"))  # type: ignore[arg-type]  # fmt: skip
    async with system_transaction():
        assert (await DistributedLead.get(id=row.id)).sla_outcome == "breached"
