"""`TenantRepository.values_where` and `rows_where`: the array-parameter
lookups the OEM intake, the SLA sweep and a page's nested rows use answer as
the queryset does, and only with the repository's tenant (and stores)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.repository import CustomerRepository, FollowUpRepository
from saas.crm.vocabulary import FollowUpChannel
from saas.models import Customer, FollowUp
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.factories import actor_for, make_group, make_lead, make_store, make_user


async def test_values_where_matches_the_queryset_and_stays_in_its_tenant(settings) -> None:  # type: ignore[no-untyped-def]
    east, west = await make_group("EAST"), await make_group("WEST")
    sh, hz = await make_store(east, "SH-1"), await make_store(east, "HZ-1")
    gz = await make_store(west, "GZ-1")
    sh_boss = await make_user("a@east.test", group=east, role=Role.SHOWROOM_MANAGER, store=sh)
    hz_boss = await make_user("b@east.test", group=east, role=Role.SHOWROOM_MANAGER, store=hz)
    gz_boss = await make_user("c@west.test", group=west, role=Role.SHOWROOM_MANAGER, store=gz)
    await make_lead(sh_boss, sh, phone="13700000001")
    await make_lead(hz_boss, hz, phone="13700000002")
    await make_lead(gz_boss, gz, phone="13700000001")  # the same phone in another group
    phones = {"+8613700000001", "+8613700000002", "+8613799999999"}

    async with tenant_transaction(east.id):
        repo = CustomerRepository(east.id)
        fast = await repo.values_where("phone", phones, "id", "phone", "store_id")
        slow = await repo.query().filter(phone__in=list(phones)).values("id", "phone", "store_id")
        only_sh = await CustomerRepository(east.id, [sh.id]).values_where("phone", phones, "phone")
    assert sorted(fast, key=str) == sorted(slow, key=str)
    assert {(r["phone"], r["store_id"]) for r in fast} == {
        ("+8613700000001", sh.id),
        ("+8613700000002", hz.id),
    }
    assert only_sh == [{"phone": "+8613700000001"}]
    # Even where row-level security would let more through, the tenant filter holds.
    async with system_transaction():
        seen = await CustomerRepository(west.id).values_where("phone", phones, "store_id")
    assert seen == [{"store_id": gz.id}]
    assert await CustomerRepository(east.id).values_where("phone", set(), "id") == []


async def test_read_rows_carry_what_the_models_carry(settings) -> None:  # type: ignore[no-untyped-def]
    """A page's nested rows are read as `ReadRow`s on PostgreSQL: every
    attribute equal to the model's (JSON decoded, aware datetimes), in the
    repository's tenant only."""
    east, west = await make_group("EAST"), await make_group("WEST")
    sh, gz = await make_store(east, "SH-1"), await make_store(west, "GZ-1")
    ann = await make_user("a@east.test", group=east, role=Role.CONSULTANT, store=sh)
    gz_boss = await make_user("c@west.test", group=west, role=Role.SHOWROOM_MANAGER, store=gz)
    lead = (await make_lead(ann, sh, phone="13700000001")).lead
    other = (await make_lead(gz_boss, gz, phone="13700000001")).lead
    later = datetime.now(UTC) + timedelta(days=2)
    async with tenant_transaction(east.id):
        await (
            CustomerRepository(east.id)
            .query()
            .filter(id=lead.customer_id)
            .update(focus_points=["safety", "tech"])
        )
        for content in ("first call", "second call"):
            await log_follow_up(
                await actor_for(ann),
                NewFollowUp(lead.id, FollowUpChannel.PHONE, content, next_follow_up_at=later,
                            next_follow_up_reason="test drive"),
            )  # fmt: skip
    async with tenant_transaction(east.id):
        customers = CustomerRepository(east.id)
        model = await customers.get(lead.customer_id)
        rows = await customers.rows_where("id", [lead.customer_id, other.customer_id])
        follow_ups = FollowUpRepository(east.id)
        latest = await follow_ups.latest_of_leads([lead.id, other.id])
        newest = await follow_ups.query().filter(lead_id=lead.id).order_by("-id").first()
    assert model is not None and newest is not None
    assert [type(r).__name__ for r in rows] == ["CustomerRow"] and rows[0].pk == model.id
    for name in Customer._meta.fields_map:
        assert getattr(rows[0], name) == getattr(model, name), name
    assert rows[0].focus_points == ["safety", "tech"]
    assert len(latest) == 1 and latest[0].content == "second call"
    for name in FollowUp._meta.fields_map:
        assert getattr(latest[0], name) == getattr(newest, name), name
