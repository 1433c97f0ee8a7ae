"""The lead pipeline of a store: its funnel and the weekly H-list."""

from __future__ import annotations

import strawberry

from saas.crm import vocabulary as v
from saas.reports import service
from saas.schema.context import Info
from saas.schema.crm.types import Lead
from saas.schema.described import described
from saas.schema.errors import (
    Answered,
    Refused,
    parse_id,
    result_union,
)
from saas.schema.permissions import requires
from saas.schema.reads import report
from saas.schema.relay import from_row
from saas.schema.reports.types import (
    FROM,
    STORE,
    TO,
    FunnelReport,
    FunnelStep,
    HList,
    HListLead,
    StoreArg,
    user_or_none,
)

FunnelResult = result_union(
    "FunnelResult", FunnelReport | Refused, "The funnel, or why it cannot be shown."
)
HListResult = result_union("HListResult", HList | Refused, "The H-list, or why it cannot be shown.")


def _funnel(steps: list[service.FunnelStep]) -> FunnelReport:
    return FunnelReport(steps=[from_row(FunnelStep, s) for s in steps])


@strawberry.type
@described
class PipelineReportQueries:
    """
    Attributes:
        funnel: The funnel of leads taken in during [from, to).
    """

    funnel = report(
        FunnelResult,
        requires("report", "read"),
        service.funnel,
        _funnel,
        store_id=STORE,
        from_=FROM,
        to=TO,
    )

    @strawberry.field(
        description="The weekly H-list of a store, per consultant.",
        extensions=[*requires("report", "read"), Answered()],
    )
    async def h_list(self, info: Info, store_id: StoreArg) -> HListResult:
        actor = info.context.require_actor()
        by_owner = await service.h_list(actor, parse_id(store_id, "storeId", "Store"))
        # One query for every customer and one for every owner of the list.
        loaders = info.context.loaders
        leads = [lead for o in sorted(by_owner, key=lambda o: o is None) for lead in by_owner[o]]
        customers = await loaders.customer_by_id.load_many([lead.customer_id for lead in leads])
        owner_ids = [o for o in by_owner if o is not None]
        owners = dict(zip(owner_ids, await loaders.user_by_id.load_many(owner_ids), strict=True))
        return HList(
            leads=[
                HListLead(
                    lead=Lead.from_model(lead),
                    customer_name=customer.name if customer else "",
                    grade=v.IntentGrade(lead.intent_grade),
                    due_at=lead.due_at,
                    last_follow_up_at=lead.last_follow_up_at,
                    owner=user_or_none(owners.get(lead.owner_id)) if lead.owner_id else None,
                )
                for lead, customer in zip(leads, customers, strict=True)
            ],
            total=len(leads),
        )
