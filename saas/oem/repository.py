"""The OEM's own rows, scoped to one OEM by `OemRepository`, a dealer
group's side of the distributed leads (`DealerLeadRepository`), and the SLA
sweep's rows across every OEM and group (`SweepLeadRepository`): the scoping
points of `DistributedLead`."""

from __future__ import annotations

from typing import Any

from tortoise.queryset import QuerySet

from saas.models import DistributedLead, DistributionImport, OemRoutingRule
from saas.tenancy.scoped import OemRepository


class OemLeadRepository(OemRepository[DistributedLead]): ...


class RoutingRuleRepository(OemRepository[OemRoutingRule]): ...


class ImportRepository(OemRepository[DistributionImport]): ...


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


class SweepLeadRepository:
    """The SLA sweep's side: rows it claimed by id, across every OEM and dealer
    group, in the system scope (the claim itself is one UPDATE ... RETURNING
    over the pending rows, in saas/oem/sla.py). Nothing else may read or write
    distributed leads without an OEM or a dealer group."""

    async def rows(self, ids: list[int], fields: tuple[str, ...]) -> list[dict[str, Any]]:
        return await DistributedLead.filter(id__in=ids).order_by("id").values(*fields)

    async def unwarn(self, ids: list[int]) -> None:
        """Warnings claimed by a sweep whose group failed: pending again."""
        await DistributedLead.filter(id__in=ids).update(warned_at=None)

    async def unbreach(self, ids: list[int]) -> None:
        """Breaches claimed by a sweep whose group failed: pending again."""
        await DistributedLead.filter(id__in=ids, sla_outcome="breached").update(
            sla_outcome="pending", breached_at=None
        )
