"""distributeLead(s), redistributeLead, setRoutingRules (OEM) and returnLeadToOem (dealer)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.crm import vocabulary as v
from saas.oem import service
from saas.schema.context import Info
from saas.schema.crm.types import IntentGrade
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    attempt,
    parse_id,
    safe_id,
)
from saas.schema.oem.types import DistributedLead, DistributionImport, ReturnReason
from saas.schema.permissions import requires


@strawberry.input(description="One lead from the OEM.")
class DistributeLeadInput:
    external_ref: str = strawberry.field(description="Your reference; re-sending it is harmless.")
    customer_name: str
    phone: str
    brand: str
    vehicle_model_id: strawberry.ID | None = None
    store_id: strawberry.ID | None = strawberry.field(
        default=None, description="A store carrying the brand; else routing by city/region."
    )
    city: str | None = None
    region: str | None = None
    intent_grade: IntentGrade = v.IntentGrade.N  # type: ignore[valid-type]
    note: str | None = None


@strawberry.input(description="Up to 10,000 leads.")
class DistributeLeadsInput:
    leads: list[DistributeLeadInput]


@strawberry.input(description="Up to 200,000 leads, distributed in the background.")
class ImportLeadsInput:
    leads: list[DistributeLeadInput]


@strawberry.type(
    description="The lead as distributed; `created` is false when the reference was known."
)
class LeadDistributed:
    distributed_lead: DistributedLead
    created: bool


@strawberry.type(description="A row of a bulk call that did not land.")
class RowError:
    row: int = strawberry.field(description="1-based row number in `leads`.")
    external_ref: str | None
    path: list[str]
    message: str


@strawberry.type(description="Good rows landed; bad rows are listed with their reasons.")
class LeadsDistributed:
    distributed: list[LeadDistributed]
    errors: list[RowError]


@strawberry.input(description="Send a returned lead to another store.")
class RedistributeLeadInput:
    distributed_lead_id: strawberry.ID
    store_id: strawberry.ID | None = strawberry.field(
        default=None, description="Else routed again."
    )


@strawberry.input(description="One routing rule: leads for the brand in the city (or region).")
class RoutingRuleInput:
    brand: str
    region: str | None = None
    city: str | None = None


@strawberry.input(description="Your OEM's routing rules (replaces them).")
class SetRoutingRulesInput:
    rules: list[RoutingRuleInput]


@strawberry.type(description="The routing rules now in force.")
class RoutingRules:
    rules: list[str]


@strawberry.input(description="Send an OEM lead back to the OEM (dealers).")
class ReturnLeadToOemInput:
    lead_id: strawberry.ID
    reason: ReturnReason
    note: str


# ConflictError: another request distributed the same reference, or archived
# one of the phones, at the same moment; nothing was kept and a resend lands.
DistributeLeadResult = Annotated[
    LeadDistributed | ValidationErrors | ForbiddenError | ConflictError,
    strawberry.union("DistributeLeadResult"),
]
DistributeLeadsResult = Annotated[
    LeadsDistributed | ValidationErrors | ForbiddenError | ConflictError,
    strawberry.union("DistributeLeadsResult"),
]
DistributedLeadResult = Annotated[
    DistributedLead | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union("DistributedLeadResult"),
]
ImportLeadsResult = Annotated[
    DistributionImport | ValidationErrors | ForbiddenError, strawberry.union("ImportLeadsResult")
]
SetRoutingRulesResult = Annotated[
    RoutingRules | ValidationErrors | ForbiddenError, strawberry.union("SetRoutingRulesResult")
]


def _order(item: DistributeLeadInput) -> service.LeadOrder:
    def number(value: strawberry.ID | None, type_name: str) -> int | None:
        return None if value is None else (safe_id(value, type_name) or -1)

    return service.LeadOrder(
        external_ref=item.external_ref,
        customer_name=item.customer_name,
        phone=item.phone,
        brand=item.brand,
        vehicle_model_id=number(item.vehicle_model_id, "VehicleModel"),
        store_id=number(item.store_id, "Store"),
        city=item.city,
        region=item.region,
        intent_grade=v.IntentGrade(item.intent_grade.value),
        note=item.note,
    )


@strawberry.type
class DistributionMutations:
    @strawberry.mutation(
        description="Distribute one lead to a franchised store; the 24-hour clock starts.",
        extensions=requires("distribution", "create"),
    )
    async def distribute_lead(self, info: Info, input: DistributeLeadInput) -> DistributeLeadResult:
        actor = info.context.require_actor()

        async def run() -> LeadDistributed:
            result = await service.distribute(actor, _order(input))
            return LeadDistributed(
                distributed_lead=DistributedLead.from_model(result.distributed),
                created=result.created,
            )

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Distribute up to 10,000 leads; good rows land, bad rows are reported.",
        extensions=requires("distribution", "create"),
    )
    async def distribute_leads(
        self, info: Info, input: DistributeLeadsInput
    ) -> DistributeLeadsResult:
        actor = info.context.require_actor()

        async def run() -> LeadsDistributed:
            result = await service.distribute_many(actor, [_order(i) for i in input.leads])
            return LeadsDistributed(
                distributed=[
                    LeadDistributed(
                        distributed_lead=DistributedLead.from_model(d.distributed),
                        created=d.created,
                    )
                    for d in result.distributed
                ],
                errors=[
                    RowError(
                        row=p.row, external_ref=p.external_ref, path=list(p.path), message=p.message
                    )
                    for p in result.problems
                ],
            )

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Queue a large batch; follow it with distributionImport(id).",
        extensions=requires("distribution", "create"),
    )
    async def import_leads(self, info: Info, input: ImportLeadsInput) -> ImportLeadsResult:
        actor = info.context.require_actor()

        async def run() -> DistributionImport:
            batch = await service.start_import(actor, [_order(i) for i in input.leads])
            return DistributionImport.from_model(batch)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Send a lead a dealer returned to another store.",
        extensions=requires("distribution", "redistribute"),
    )
    async def redistribute_lead(
        self, info: Info, input: RedistributeLeadInput
    ) -> DistributedLeadResult:
        actor = info.context.require_actor()

        async def run() -> DistributedLead:
            row = await service.redistribute(
                actor,
                parse_id(input.distributed_lead_id, "input.distributedLeadId", "DistributedLead"),
                parse_id(input.store_id, "input.storeId", "Store") if input.store_id else None,
            )
            return DistributedLead.from_model(row)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Replace your OEM's routing rules.",
        extensions=requires("distribution", "create"),
    )
    async def set_routing_rules(
        self, info: Info, input: SetRoutingRulesInput
    ) -> SetRoutingRulesResult:
        actor = info.context.require_actor()

        async def run() -> RoutingRules:
            rules = await service.set_routing_rules(
                actor, [(r.brand, r.region, r.city) for r in input.rules]
            )
            return RoutingRules(rules=[f"{r.brand}: {r.city or r.region}" for r in rules])

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description=(
            "Return an OEM lead to the OEM (invalid, duplicate, out of area); it closes here."
        ),
        extensions=requires("lead", "update"),
    )
    async def return_lead_to_oem(
        self, info: Info, input: ReturnLeadToOemInput
    ) -> DistributedLeadResult:
        actor = info.context.require_actor()

        async def run() -> DistributedLead:
            row = await service.return_to_oem(
                actor,
                parse_id(input.lead_id, "input.leadId", "Lead"),
                service.ReturnReason(input.reason.value),
                input.note,
            )
            return DistributedLead.from_model(row)

        return await attempt(run)  # type: ignore[return-value]
