"""The lead pipeline of a store: its funnel and the weekly H-list."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.errors import SaasError
from saas.reports import service
from saas.schema.context import Info
from saas.schema.errors import (
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    parse_id,
    to_user_error,
)
from saas.schema.permissions import requires
from saas.schema.relay import to_global_id
from saas.schema.reports.types import (
    FromArg,
    FunnelReport,
    FunnelStep,
    HList,
    HListEntry,
    StoreArg,
    ToArg,
    user_or_none,
)

FunnelResult = Annotated[
    FunnelReport | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("FunnelResult", description="The funnel, or why it cannot be shown."),
]
HListResult = Annotated[
    HList | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("HListResult", description="The H-list, or why it cannot be shown."),
]


@strawberry.type
class PipelineReportQueries:
    @strawberry.field(
        description="The funnel of leads taken in during [from, to).",
        extensions=requires("report", "read"),
    )
    async def funnel(
        self, info: Info, store_id: StoreArg, from_: FromArg, to: ToArg
    ) -> FunnelResult:
        try:
            steps = await service.funnel(
                info.context.require_actor(), parse_id(store_id, "storeId", "Store"), from_, to
            )
        except SaasError as exc:
            return to_user_error(exc)  # type: ignore[return-value]
        return FunnelReport(
            steps=[
                FunnelStep(
                    stage=s.stage,
                    reached=s.reached,
                    conversion_percent=s.conversion_percent,
                    worst=s.worst,
                )
                for s in steps
            ]
        )

    @strawberry.field(
        description="The weekly H-list of a store, per consultant.",
        extensions=requires("report", "read"),
    )
    async def h_list(self, info: Info, store_id: StoreArg) -> HListResult:
        actor = info.context.require_actor()
        try:
            by_owner = await service.h_list(actor, parse_id(store_id, "storeId", "Store"))
        except SaasError as exc:
            return to_user_error(exc)  # type: ignore[return-value]
        entries = []
        for owner_id, leads in by_owner.items():
            owner = await info.context.loaders.user_by_id.load(owner_id) if owner_id else None
            entries.append(
                HListEntry(
                    owner=user_or_none(owner),
                    lead_ids=[to_global_id("Lead", lead.id) for lead in leads],
                )
            )
        return HList(entries=entries)
