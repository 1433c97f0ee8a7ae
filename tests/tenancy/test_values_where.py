"""`TenantRepository.values_where`: the array-parameter lookup the OEM intake
and the SLA sweep use for thousands of values answers as the queryset does,
and only with the repository's tenant (and stores)."""

from __future__ import annotations

from saas.crm.repository import CustomerRepository
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.factories import make_group, make_lead, make_store, make_user


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
