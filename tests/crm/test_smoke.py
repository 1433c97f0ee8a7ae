"""A first walk through the CRM services."""

from __future__ import annotations

from saas.crm.vocabulary import LeadStatus
from saas.tenancy.roles import Role
from tests.factories import make_group, make_lead, make_store, make_user, make_vehicle_model


async def test_a_consultant_takes_in_a_walk_in(settings) -> None:
    group = await make_group()
    store = await make_store(group, brands=["Huaxia"])
    model = await make_vehicle_model()
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    intake = await make_lead(ann, store, vehicle_model=model, grade="H")
    assert intake.lead.owner_id == ann.id
    assert intake.lead.status == LeadStatus.OPEN
    assert intake.customer.phone == "+8613800138000"
    assert intake.customer.archive_no == "STORE-1-000001"
