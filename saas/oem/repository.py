"""The OEM's own rows, scoped to one OEM by `OemRepository`, and a dealer
group's side of the distributed leads (`DealerLeadRepository`): the two
scoping points of `DistributedLead`."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from saas.models import DistributedLead, DistributionImport, OemRoutingRule
from saas.tenancy.scoped import OemRepository


class OemLeadRepository(OemRepository[DistributedLead]):
    model = DistributedLead


class RoutingRuleRepository(OemRepository[OemRoutingRule]):
    model = OemRoutingRule


class ImportRepository(OemRepository[DistributionImport]):
    model = DistributionImport


class DealerLeadRepository:
    """A dealer group's side of the distributed leads: the rows landed in its
    stores (`tenant_id`), reached through the group's own leads: the
    counterpart of `OemLeadRepository` for the dealer's scope. Row-level
    security holds under it as well (`app.tenant_id`)."""

    def __init__(self, tenant_id: int) -> None:
        self.tenant_id = tenant_id

    def query(self) -> QuerySet[DistributedLead]:
        return DistributedLead.filter(tenant_id=self.tenant_id)

    def active_of(self, lead_id: int) -> QuerySet[DistributedLead]:
        """The row of the group's lead `lead_id` while it is the OEM's lead
        there (not returned; a duplicate has no lead)."""
        return self.query().filter(lead_id=lead_id, status="active")

    async def get(self, distributed_id: int) -> DistributedLead:
        return await self.query().get(id=distributed_id)
