"""distributeLead(s), redistributeLead, setRoutingRules (OEM) and returnLeadToOem (dealer)."""

from __future__ import annotations

import strawberry

from saas.crm import vocabulary as v
from saas.oem.distribution import distribute, distribute_many
from saas.oem.imports import start_import
from saas.oem.returns import redistribute, return_to_oem
from saas.oem.rules import set_routing_rules
from saas.oem.types import MAX_BULK, Distribution, LeadOrder
from saas.schema.crm.types import IntentGrade
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    RefusedOrConflict,
    ValidationErrors,
    result_union,
    safe_id,
)
from saas.schema.inputs import global_ids, input_path, renamed
from saas.schema.limits import MaxItems
from saas.schema.mutations import mutation
from saas.schema.oem.types import DistributedLead, DistributionImport, ReturnReason
from saas.schema.permissions import requires
from saas.tenancy.actor import Actor


@strawberry.input(description="One lead from the OEM.")
@described
class DistributeLeadInput:
    """
    Attributes:
        external_ref: Your reference; re-sending it is harmless.
        customer_name: The customer's name.
        phone: The customer's mobile in any common format; you see it masked afterwards
            (phoneMasked).
        brand: One of your OEM's brands; only stores selling it receive the lead.
        vehicle_model_id: The intended model from the catalogue, if known.
        store_id: A store carrying the brand; else routing by city/region.
        city: The customer's city: routing picks a franchised store of the brand there (if your
            rules cover it).
        region: The customer's region, used when no store is found by city.
        intent_grade: The intent grade the lead starts with; N (not yet known) by default.
        note: Free text for the dealer; kept as the reason of the lead's `created` history entry.
    """

    external_ref: str
    customer_name: str
    phone: str
    brand: str
    vehicle_model_id: strawberry.ID | None = None
    store_id: strawberry.ID | None = None
    city: str | None = None
    region: str | None = None
    intent_grade: IntentGrade = v.IntentGrade.N
    note: str | None = None


@strawberry.input(description="Up to 10,000 leads.")
@described
class DistributeLeadsInput:
    """
    Attributes:
        leads: Up to 10,000 leads; each row lands or is reported on its own.
    """

    leads: list[DistributeLeadInput]


@strawberry.input(description="Up to 200,000 leads, distributed in the background.")
@described
class ImportLeadsInput:
    """
    Attributes:
        leads: 1 to 200,000 leads, processed in chunks of 500 by a background job.
    """

    leads: list[DistributeLeadInput]


@strawberry.type(
    description="The lead as distributed; `created` is false when the reference was known."
)
@described
class LeadDistributed:
    """
    Attributes:
        distributed_lead: Your view of the lead.
        created: false when this externalRef was already distributed: nothing new was created.
    """

    distributed_lead: DistributedLead
    created: bool

    @classmethod
    def of(cls, result: Distribution) -> LeadDistributed:
        return cls(
            distributed_lead=DistributedLead.from_model(result.distributed), created=result.created
        )


@strawberry.type(description="A row of a bulk call that did not land.")
@described
class RowError:
    """
    Attributes:
        row: 1-based row number in `leads`.
        external_ref: The row's externalRef, when it had one.
        path: Path of the offending input field, e.g. ['input', 'leads', '3', 'phone'].
        message: What is wrong, in plain words.
    """

    row: int
    external_ref: str | None
    path: list[str]
    message: str


@strawberry.type(description="Good rows landed; bad rows are listed with their reasons.")
class LeadsDistributed:
    distributed: list[LeadDistributed] = strawberry.field(
        description="The rows that landed, in input order.",
        directives=[MaxItems(count=MAX_BULK, input_sized=True)],
    )
    errors: list[RowError] = strawberry.field(
        description="The rows that did not land, with reasons.",
        directives=[MaxItems(count=MAX_BULK, input_sized=True)],
    )


@strawberry.input(description="Send a returned lead to another store.")
@described
class RedistributeLeadInput:
    """
    Attributes:
        distributed_lead_id: A lead a dealer returned (status RETURNED).
        store_id: Else routed again.
    """

    distributed_lead_id: strawberry.ID
    store_id: strawberry.ID | None = None


@strawberry.input(description="One routing rule: leads for the brand in the city (or region).")
@described
class RoutingRuleInput:
    """
    Attributes:
        brand: One of your OEM's brands.
        region: A sales region; give a region or a city.
        city: A city; give a region or a city.
    """

    brand: str
    region: str | None = None
    city: str | None = None


@strawberry.input(description="Your OEM's routing rules (replaces them).")
@described
class SetRoutingRulesInput:
    """
    Attributes:
        rules: All rules of your OEM; [] removes them (routing then uses any city or region the lead
            names).
    """

    rules: list[RoutingRuleInput]


@strawberry.type(description="The routing rules now in force.")
@described
class RoutingRules:
    """
    Attributes:
        rules: Each rule as `brand: city` or `brand: region`.
    """

    rules: list[str]


@strawberry.input(description="Send an OEM lead back to the OEM (dealers).")
@described
class ReturnLeadToOemInput:
    """
    Attributes:
        lead_id: Your open lead that the OEM distributed.
        reason: Why the lead goes back.
        note: A note for the OEM (required).
    """

    lead_id: strawberry.ID
    reason: ReturnReason
    note: str


# ConflictError: another request distributed the same reference, or archived
# one of the phones, at the same moment; nothing was kept and a resend lands.
DistributeLeadResult = result_union(
    "DistributeLeadResult",
    LeadDistributed | ValidationErrors | ForbiddenError | ConflictError,
    "The lead as distributed, or why it was not. ConflictError: a concurrent "
    "request distributed the same reference or phone; nothing was kept, resend.",
)
DistributeLeadsResult = result_union(
    "DistributeLeadsResult",
    LeadsDistributed | ValidationErrors | ForbiddenError | ConflictError,
    "The rows that landed and those that did not, or why none was taken. "
    "ConflictError: a concurrent request raced for a reference or phone; nothing was "
    "kept, resend.",
)
DistributedLeadResult = result_union(
    "DistributedLeadResult",
    DistributedLead | RefusedOrConflict,
    "The distributed lead as it now stands, or why nothing changed.",
)
ImportLeadsResult = result_union(
    "ImportLeadsResult",
    DistributionImport | ValidationErrors | ForbiddenError,
    "The queued import (follow it with distributionImport), or why it was refused.",
)
SetRoutingRulesResult = result_union(
    "SetRoutingRulesResult",
    RoutingRules | ValidationErrors | ForbiddenError,
    "The rules now in force, or why nothing changed.",
)


def _order(item: DistributeLeadInput) -> LeadOrder:
    def number(value: strawberry.ID | None, type_name: str) -> int | None:
        return None if value is None else (safe_id(value, type_name) or -1)

    return LeadOrder(
        external_ref=item.external_ref,
        customer_name=item.customer_name,
        phone=item.phone,
        brand=item.brand,
        vehicle_model_id=number(item.vehicle_model_id, "VehicleModel"),
        store_id=number(item.store_id, "Store"),
        city=item.city,
        region=item.region,
        intent_grade=item.intent_grade,
        note=item.note,
    )


global_ids(RedistributeLeadInput, distributed_lead_id="DistributedLead", store_id="Store")
global_ids(ReturnLeadToOemInput, lead_id="Lead")
renamed(RedistributeLeadInput, distributed_id="distributed_lead_id")
# The services take the leads as `orders`.
renamed(DistributeLeadsInput, orders="leads")
renamed(ImportLeadsInput, orders="leads")


async def _distribute_lead(actor: Actor, input: DistributeLeadInput) -> DistributeLeadResult:
    return LeadDistributed.of(await distribute(actor, _order(input)))


async def _distribute_leads(actor: Actor, input: DistributeLeadsInput) -> DistributeLeadsResult:
    result = await distribute_many(actor, [_order(i) for i in input.leads])
    return LeadsDistributed(
        distributed=[LeadDistributed.of(d) for d in result.distributed],
        errors=[
            RowError(
                row=p.row,
                external_ref=p.external_ref,
                path=input_path(DistributeLeadsInput, p.path),
                message=p.message,
            )
            for p in result.problems
        ],
    )


async def _import_leads(actor: Actor, input: ImportLeadsInput) -> ImportLeadsResult:
    batch = await start_import(actor, [_order(i) for i in input.leads])
    return DistributionImport.from_model(batch)


async def _set_routing_rules(actor: Actor, input: SetRoutingRulesInput) -> SetRoutingRulesResult:
    rules = await set_routing_rules(actor, [(r.brand, r.region, r.city) for r in input.rules])
    return RoutingRules(rules=[f"{r.brand}: {r.city or r.region}" for r in rules])


@strawberry.type
@described
class DistributionMutations:
    """
    Attributes:
        redistribute_lead: Send a lead a dealer returned to another store.
        return_lead_to_oem: Return an OEM lead to the OEM (invalid, duplicate, out of area); it
            closes here.
        distribute_lead: Distribute one lead to a franchised store; its first-contact clock starts
            (your oemSlaSettings).
        distribute_leads: Distribute up to 10,000 leads; good rows land, bad rows are reported.
        import_leads: Queue a large batch; follow it with distributionImport(id).
        set_routing_rules: Replace your OEM's routing rules.
    """

    distribute_lead = mutation(
        DistributeLeadResult,
        requires("distribution", "create"),
        input=(DistributeLeadInput, "The lead to distribute."),
        steps=_distribute_lead,
    )

    distribute_leads = mutation(
        DistributeLeadsResult,
        requires("distribution", "create"),
        input=(DistributeLeadsInput, "The leads to distribute."),
        steps=_distribute_leads,
    )

    import_leads = mutation(
        ImportLeadsResult,
        requires("distribution", "create"),
        input=(ImportLeadsInput, "The leads to import in the background."),
        steps=_import_leads,
    )

    redistribute_lead = mutation(
        DistributedLeadResult,
        requires("distribution", "redistribute"),
        input=(RedistributeLeadInput, "The returned lead and optionally its new store."),
        run=redistribute,
        answer=DistributedLead.from_model,
    )

    set_routing_rules = mutation(
        SetRoutingRulesResult,
        requires("distribution", "create"),
        input=(SetRoutingRulesInput, "The complete new rule list."),
        steps=_set_routing_rules,
    )

    return_lead_to_oem = mutation(
        DistributedLeadResult,
        requires("lead", "update"),
        input=(ReturnLeadToOemInput, "The lead, why it goes back and a note."),
        run=return_to_oem,
        answer=DistributedLead.from_model,
    )
