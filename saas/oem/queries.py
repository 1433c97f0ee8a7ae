"""The OEM's view of its distributed leads: the list filter and one lead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from saas.models import DistributedLead
from saas.oem.repository import OemLeadRepository
from saas.oem.types import oem_of
from saas.query import where
from saas.tenancy.actor import Actor


@dataclass
class DistributionFilter:
    store_id: int | None = None
    region: str | None = None
    sla_outcome: str | None = None
    status: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None


def distributed_leads(actor: Actor, f: DistributionFilter) -> QuerySet[DistributedLead]:
    qs = OemLeadRepository(oem_of(actor)).query()
    if f.region:
        qs = qs.filter(Q(store_region=f.region) | Q(region=f.region))
    return where(
        qs,
        store_id=f.store_id,
        sla_outcome=f.sla_outcome or None,
        status=f.status or None,
        received_at__gte=f.received_from,
        received_at__lt=f.received_to,
    )


async def get_distributed(actor: Actor, distributed_id: int) -> DistributedLead:
    row = await OemLeadRepository(oem_of(actor)).require(distributed_id, "distributed lead")
    return row
