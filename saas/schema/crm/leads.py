"""Lead mutations: intake, changes, assignment, the lost flow."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from saas.crm import leads as service
from saas.crm import vocabulary as v
from saas.schema.context import Info
from saas.schema.crm.customers import CustomerInput, customer_fields
from saas.schema.crm.types import (
    Customer,
    FunnelStage,
    IntentGrade,
    Lead,
    LostReason,
    SourceChannel,
)
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    attempt,
    parse_id,
)
from saas.schema.permissions import requires


@strawberry.input(description="A new lead from any channel, with its customer.")
class CreateLeadInput:
    store_id: strawberry.ID
    customer: CustomerInput = strawberry.field(description="Name and phone are required.")
    source_channel: SourceChannel  # type: ignore[valid-type]
    intent_grade: IntentGrade = v.IntentGrade.N  # type: ignore[valid-type]
    vehicle_model_id: strawberry.ID | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    expected_purchase_date: date | None = None
    is_important: bool = strawberry.field(
        default=False, description="Important leads go to a sales manager."
    )
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Managers only: the owner; otherwise the store's rules choose."
    )
    note: str | None = None


@strawberry.type(description="The lead, and whether it joined an existing customer or lead.")
class LeadCreated:
    lead: Lead
    customer: Customer
    existing_customer: bool = strawberry.field(description="The phone matched a known customer.")
    existing_lead: bool = strawberry.field(
        description="That customer already had an open lead here; it is returned, none was created."
    )
    messages: list[str]


@strawberry.input(description="Change a lead; only the fields given change.")
class UpdateLeadInput:
    lead_id: strawberry.ID
    intent_grade: IntentGrade | None = None  # type: ignore[valid-type]
    stage: FunnelStage | None = strawberry.field(
        default=None, description="Moving back is allowed and recorded."
    )  # type: ignore[valid-type]
    is_important: bool | None = None
    vehicle_model_id: strawberry.ID | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    expected_purchase_date: date | None = None
    reason: str | None = strawberry.field(default=None, description="Kept in the lead's history.")
    expected_version: int | None = strawberry.field(
        default=None, description="The lead's version you saw; a stale one is a ConflictError."
    )


@strawberry.input(description="Give a lead to another consultant (managers).")
class AssignLeadInput:
    lead_id: strawberry.ID
    owner_id: strawberry.ID
    reason: str
    expected_version: int | None = strawberry.field(
        default=None, description="The lead's version you saw; a stale one is a ConflictError."
    )


@strawberry.input(description="Propose closing a lead as lost (战败); a manager decides.")
class RequestLeadLostInput:
    lead_id: strawberry.ID
    reason: LostReason  # type: ignore[valid-type]
    note: str = ""


@strawberry.input(description="Approve or reject a lost request (managers).")
class DecideLeadLostInput:
    lead_id: strawberry.ID
    approve: bool
    note: str = strawberry.field(default="", description="Required when rejecting.")


CreateLeadResult = Annotated[
    LeadCreated | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union("CreateLeadResult"),
]
LeadResult = Annotated[
    Lead | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union("LeadResult"),
]


def _optional(value: strawberry.ID | None, path: str, type_name: str) -> int | None:
    return None if value is None else parse_id(value, path, type_name)


@strawberry.type
class LeadMutations:
    @strawberry.mutation(
        description="Take in a lead. A known phone joins the existing customer; an open lead of "
        "that customer at the store is returned instead of a duplicate.",
        extensions=requires("lead", "create"),
    )
    async def create_lead(self, info: Info, input: CreateLeadInput) -> CreateLeadResult:
        actor = info.context.require_actor()

        async def run() -> LeadCreated:
            intake = await service.create_lead(
                actor,
                service.NewLead(
                    store_id=parse_id(input.store_id, "input.storeId", "Store"),
                    customer=customer_fields(input.customer),
                    source_channel=v.SourceChannel(input.source_channel.value),
                    intent_grade=v.IntentGrade(input.intent_grade.value),
                    vehicle_model_id=_optional(
                        input.vehicle_model_id, "input.vehicleModelId", "VehicleModel"
                    ),
                    budget_min=input.budget_min,
                    budget_max=input.budget_max,
                    expected_purchase_date=input.expected_purchase_date,
                    is_important=input.is_important,
                    owner_id=_optional(input.owner_id, "input.ownerId", "User"),
                    note=input.note,
                ),
            )
            return LeadCreated(
                lead=Lead.from_model(intake.lead),
                customer=Customer.from_model(intake.customer),
                existing_customer=intake.existing_customer,
                existing_lead=intake.existing_lead,
                messages=intake.messages,
            )

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Change grade, stage, model, budget or importance of a lead you may edit.",
        extensions=requires("lead", "update"),
    )
    async def update_lead(self, info: Info, input: UpdateLeadInput) -> LeadResult:
        actor = info.context.require_actor()

        async def run() -> Lead:
            changes = service.LeadChanges(
                intent_grade=v.IntentGrade(input.intent_grade.value)
                if input.intent_grade
                else None,
                stage=v.FunnelStage(input.stage.value) if input.stage else None,
                is_important=input.is_important,
                vehicle_model_id=_optional(
                    input.vehicle_model_id, "input.vehicleModelId", "VehicleModel"
                ),
                budget_min=input.budget_min,
                budget_max=input.budget_max,
                expected_purchase_date=input.expected_purchase_date,
                reason=input.reason,
                expected_version=input.expected_version,
            )
            lead = await service.update_lead(
                actor, parse_id(input.lead_id, "input.leadId", "Lead"), changes
            )
            return Lead.from_model(lead)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Give a lead to another consultant or a sales manager; the reason is kept.",
        extensions=requires("lead", "assign"),
    )
    async def assign_lead(self, info: Info, input: AssignLeadInput) -> LeadResult:
        actor = info.context.require_actor()

        async def run() -> Lead:
            lead = await service.assign_lead(
                actor,
                parse_id(input.lead_id, "input.leadId", "Lead"),
                parse_id(input.owner_id, "input.ownerId", "User"),
                input.reason,
                input.expected_version,
            )
            return Lead.from_model(lead)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Propose closing the lead as lost, with a coded reason.",
        extensions=requires("lead", "update"),
    )
    async def request_lead_lost(self, info: Info, input: RequestLeadLostInput) -> LeadResult:
        actor = info.context.require_actor()

        async def run() -> Lead:
            lead = await service.request_lost(
                actor,
                parse_id(input.lead_id, "input.leadId", "Lead"),
                v.LostReason(input.reason.value),
                input.note,
            )
            return Lead.from_model(lead)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Approve (the lead closes as lost) or reject (it reopens) a lost request.",
        extensions=requires("lead", "approve_lost"),
    )
    async def decide_lead_lost(self, info: Info, input: DecideLeadLostInput) -> LeadResult:
        actor = info.context.require_actor()

        async def run() -> Lead:
            lead = await service.decide_lost(
                actor, parse_id(input.lead_id, "input.leadId", "Lead"), input.approve, input.note
            )
            return Lead.from_model(lead)

        return await attempt(run)  # type: ignore[return-value]
