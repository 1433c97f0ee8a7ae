"""The OEM's queries: its distributed leads and SLA compliance."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from saas.oem.compliance import sla_compliance
from saas.oem.imports import get_import
from saas.oem.queries import DistributionFilter, get_distributed
from saas.oem.queries import distributed_leads as leads_distributed
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.inputs import global_ids
from saas.schema.limits import MaxItems
from saas.schema.oem.types import (
    DistributedLead,
    DistributionImport,
    DistributionStatus,
    SlaComplianceRow,
    SlaOutcome,
)
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import conditions, listing, lookup
from saas.schema.relay import from_row


@strawberry.input(description="Narrow the distributed leads.")
@described
class DistributedLeadFilter:
    """
    Attributes:
        store_id: Only leads now at this store.
        region: Only leads of this region: the region of their store or the one the OEM sent.
        sla_outcome: Only leads with this SLA outcome.
        status: Only leads with this distribution status.
        received_from: Only leads received at or after this time (include the offset).
        received_to: Only leads received before this time (exclusive).
    """

    store_id: strawberry.ID | None = None
    region: str | None = None
    sla_outcome: SlaOutcome | None = None
    status: DistributionStatus | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None


@described_enum(
    description="Group compliance figures by.",
    values={
        "STORE": "One row per store (key: store code).",
        "REGION": "One row per sales region of the stores (key: region name).",
    },
)
class ComplianceBy(Enum):
    STORE = "store"
    REGION = "region"


global_ids(DistributedLeadFilter, store_id="Store")


@strawberry.type
@described
class OemQueries:
    """
    Attributes:
        distributed_leads: Leads your OEM distributed, newest first (its own view; no dealer data).
        distributed_lead: One lead your OEM distributed, or null.
        distribution_import: Progress of one of your OEM's imports, or null.
    """

    distributed_leads = listing(
        DistributedLead,
        requires("distribution", "read"),
        leads_distributed,
        order=Order("id", descending=True),
        filter=conditions(DistributedLeadFilter, DistributionFilter),
    )

    distributed_lead = lookup(
        DistributedLead,
        requires("distribution", "read"),
        "Its id.",
        get_distributed,
    )

    @strawberry.field(
        description="First-contact SLA per store or region for leads received in [from, to).",
        extensions=requires("sla_report", "read"),
        directives=[MaxItems(count=1_000)],
    )
    async def sla_compliance(
        self,
        info: Info,
        from_: Annotated[
            datetime, strawberry.argument(name="from", description="Start, inclusive.")
        ],
        to: Annotated[datetime, strawberry.argument(description="End, exclusive.")],
        by: Annotated[
            ComplianceBy, strawberry.argument(description="STORE or REGION.")
        ] = ComplianceBy.STORE,
    ) -> list[SlaComplianceRow]:
        rows = await sla_compliance(info.context.require_actor(), from_, to, by.value)
        return [
            from_row(
                SlaComplianceRow,
                r,
                median_minutes_to_first_contact=r.median_minutes,
                p90_minutes_to_first_contact=r.p90_minutes,
            )
            for r in rows
        ]

    distribution_import = lookup(
        DistributionImport,
        requires("distribution", "read"),
        "Its id.",
        get_import,
    )
