"""Two managers assigning the same lead at once: one wins, the other is told.
Stale versions are refused; archive numbers stay unique under concurrency."""

from __future__ import annotations

import asyncio

from saas.crm.repository import CustomerRepository
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_lead, make_store, make_user

ASSIGN = """mutation($l: ID!, $o: ID!, $v: Int) { assignLead(input: {leadId: $l, ownerId: $o, reason: "cover", expectedVersion: $v}) {
  __typename ... on Lead { version owner { email } } ... on ConflictError { message } } }"""


async def test_concurrent_assignments_one_wins(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group)
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=store)
    cat = await make_user("cat@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("m1@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    await make_user("m2@a.test", group=group, role=Role.SALES_MANAGER, store=store)
    lead = (await make_lead(ann, store)).lead
    m1, m2 = await api.login("m1@a.test"), await api.login("m2@a.test")
    results = await asyncio.gather(
        api.gql(ASSIGN, {"l": gid(lead), "o": gid(bob), "v": lead.version}, m1),
        api.gql(ASSIGN, {"l": gid(lead), "o": gid(cat), "v": lead.version}, m2),
    )
    kinds = sorted(r["assignLead"]["__typename"] for r in results)
    assert kinds == ["ConflictError", "Lead"]
    stale = (await api.gql(ASSIGN, {"l": gid(lead), "o": gid(ann), "v": lead.version}, m1))[
        "assignLead"
    ]
    assert stale["__typename"] == "ConflictError" and "reload" in stale["message"]


async def test_archive_numbers_stay_unique_under_concurrent_intake(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1")
    await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    token = await api.login("ann@a.test")
    create = """mutation($p: String!, $s: ID!) { createLead(input: {storeId: $s, sourceChannel: WALK_IN,
        customer: {name: "x", phone: $p}}) { __typename } }"""
    results = await asyncio.gather(
        *[api.gql(create, {"p": f"1390000{i:04d}", "s": gid(store)}, token) for i in range(8)]
    )
    assert {r["createLead"]["__typename"] for r in results} <= {"LeadCreated", "ConflictError"}
    async with tenant_transaction(group.id):
        numbers = await CustomerRepository(group.id).query().values_list("archive_no", flat=True)
    assert len(numbers) == len(set(numbers))
    assert len(numbers) == sum(r["createLead"]["__typename"] == "LeadCreated" for r in results)
