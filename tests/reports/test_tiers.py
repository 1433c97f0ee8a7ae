"""Value tiers at the 5% / 15% boundaries, lifecycle categories, and the
monthly job that sets them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from saas.crm.jobs import customers_classify
from saas.crm.repository import CustomerRepository
from saas.crm.sales import NewOrder, sign_order
from saas.crm.vocabulary import PaymentMethod
from saas.jobs.schedule import cron_jobs
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import (
    actor_for,
    make_group,
    make_lead,
    make_store,
    make_user,
    make_vehicle_model,
)


async def test_tiers_at_the_boundaries_and_lifecycle(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    model = await make_vehicle_model()
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    now = datetime.now(UTC)
    actor = await actor_for(ann)
    leads = []
    # 41 customers: 5% -> 3 in A, 15% -> 7 in B (rounded up). Ten bought, at different prices.
    for i in range(40):
        leads.append(
            (
                await make_lead(
                    ann, store, phone=f"1390000{i:04d}", grade="C", now=now - timedelta(days=400)
                )
            ).lead
        )
    async with tenant_transaction(group.id):  # archived over a year ago
        await CustomerRepository(group.id).query().update(created_at=now - timedelta(days=400))
    hot = (await make_lead(ann, store, phone="13911112222", grade="H")).lead  # a new, hot customer
    for i in range(10):
        async with tenant_transaction(group.id):
            await sign_order(
                actor,
                NewOrder(leads[i].id, model.id, Decimal(100000 + 10000 * i), PaymentMethod.CASH),
                now=now - timedelta(days=30),
            )
    counts = await customers_classify({}, now=now.isoformat())
    assert counts[group.id] == {"A": 3, "B": 7, "C": 31, "lost": 30}
    async with tenant_transaction(group.id):
        rows = {c.id: c for c in await CustomerRepository(group.id).query()}
    by_lead = [rows[lead.customer_id] for lead in leads]
    assert [c.value_tier for c in by_lead[:10]] == [
        "B",
        "B",
        "B",
        "B",
        "B",
        "B",
        "B",
        "A",
        "A",
        "A",
    ]
    assert {c.value_tier for c in by_lead[10:]} == {"C"}  # no spend, never A or B
    assert by_lead[9].lifecycle == "high_value"
    assert by_lead[0].lifecycle == "general"  # bought this year, nothing open
    assert by_lead[20].lifecycle == "lost"  # no contact or purchase for a year
    assert (
        rows[hot.customer_id].lifecycle == "potential" and rows[hot.customer_id].value_tier == "C"
    )
    boss = await api.login("boss@a.test")
    listed = await api.gql(
        '{ customers(filter: {valueTier: "A"}) { totalCount nodes { valueTier lifecycle classifiedAt } } }',
        token=boss,
    )
    assert listed["customers"]["totalCount"] == 3
    assert any(j.name == "customers.classify" for j in cron_jobs())
