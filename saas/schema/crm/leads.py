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
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    parse_id,
)
from saas.schema.permissions import requires


@strawberry.input(description="A new lead from any channel, with its customer.")
@described
class CreateLeadInput:
    """
    Attributes:
        store_id: The store the lead is for.
        customer: Name and phone are required.
        source_channel: Where the lead came from.
        intent_grade: Initial intent grade; N (not yet known) by default. It starts the follow-up
            cadence.
        vehicle_model_id: The intended model: an active catalogue model of a brand the store sells.
        budget_min: Lowest budget in whole yuan, positive.
        budget_max: Highest budget in whole yuan, positive and not below budgetMin.
        expected_purchase_date: When the customer expects to buy (YYYY-MM-DD).
        is_important: Important leads go to a sales manager.
        owner_id: Managers only: the owner; otherwise the store's rules choose.
        note: Free text about the enquiry; kept as the reason of the lead's `created` history entry.
    """

    store_id: strawberry.ID
    customer: CustomerInput
    source_channel: SourceChannel
    intent_grade: IntentGrade = v.IntentGrade.N
    vehicle_model_id: strawberry.ID | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    expected_purchase_date: date | None = None
    is_important: bool = False
    owner_id: strawberry.ID | None = None
    note: str | None = None


@strawberry.type(description="The lead, and whether it joined an existing customer or lead.")
@described
class LeadCreated:
    """
    Attributes:
        lead: The new lead, or the customer's open lead at this store when existingLead.
        customer: The customer, new or existing.
        existing_customer: The phone matched a known customer.
        existing_lead: That customer already had an open lead here; it is returned, none was
            created.
        messages: Notes for the person entering the lead, e.g. that it joined an existing customer
            or waits for assignment.
    """

    lead: Lead
    customer: Customer
    existing_customer: bool
    existing_lead: bool
    messages: list[str]


@strawberry.input(description="Change a lead; only the fields given change.")
@described
class UpdateLeadInput:
    """
    Attributes:
        lead_id: The lead to change; only open leads change.
        intent_grade: New intent grade; recalculates when the next follow-up is due.
        stage: Moving back is allowed and recorded.
        is_important: Mark or unmark an important customer.
        vehicle_model_id: New intended model: an active catalogue model of a brand the store sells.
        budget_min: Lowest budget in whole yuan, positive.
        budget_max: Highest budget in whole yuan, positive and not below budgetMin.
        expected_purchase_date: When the customer expects to buy (YYYY-MM-DD).
        reason: Kept in the lead's history.
        expected_version: The lead's version you saw; a stale one is a ConflictError.
    """

    lead_id: strawberry.ID
    intent_grade: IntentGrade | None = None
    stage: FunnelStage | None = None
    is_important: bool | None = None
    vehicle_model_id: strawberry.ID | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    expected_purchase_date: date | None = None
    reason: str | None = None
    expected_version: int | None = None


@strawberry.input(description="Give a lead to another consultant (managers).")
@described
class AssignLeadInput:
    """
    Attributes:
        lead_id: The lead to reassign: open, lost-pending or ordered.
        owner_id: The new owner: an active consultant or manager of the lead's store, not the
            current owner. The customer goes along unless someone else owns them.
        reason: Why the lead changes hands (required, kept in its history).
        expected_version: The lead's version you saw; a stale one is a ConflictError.
    """

    lead_id: strawberry.ID
    owner_id: strawberry.ID
    reason: str
    expected_version: int | None = None


@strawberry.input(description="Propose closing a lead as lost (战败); a manager decides.")
@described
class RequestLeadLostInput:
    """
    Attributes:
        lead_id: The lead to close as lost.
        reason: Why the lead is lost.
        note: The consultant's explanation; required when the reason is OTHER.
    """

    lead_id: strawberry.ID
    reason: LostReason
    note: str = ""


@strawberry.input(description="Approve or reject a lost request (managers).")
@described
class DecideLeadLostInput:
    """
    Attributes:
        lead_id: The lead whose lost request to decide (status LOST_PENDING).
        approve: true closes the lead as lost; false reopens it for follow-ups.
        note: Required when rejecting.
    """

    lead_id: strawberry.ID
    approve: bool
    note: str = ""


CreateLeadResult = Annotated[
    LeadCreated | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union(
        "CreateLeadResult", description="The lead taken in, or why nothing was saved."
    ),
]
LeadResult = Annotated[
    Lead | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union("LeadResult", description="The lead as saved, or why nothing was saved."),
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
    async def create_lead(
        self,
        info: Info,
        input: Annotated[
            CreateLeadInput,
            strawberry.argument(description="The lead, its store and its customer."),
        ],
    ) -> CreateLeadResult:
        actor = info.context.require_actor()
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

    @strawberry.mutation(
        description="Change grade, stage, model, budget or importance of a lead you may edit.",
        extensions=requires("lead", "update"),
    )
    async def update_lead(
        self,
        info: Info,
        input: Annotated[
            UpdateLeadInput, strawberry.argument(description="The lead and the fields to change.")
        ],
    ) -> LeadResult:
        actor = info.context.require_actor()
        changes = service.LeadChanges(
            intent_grade=v.IntentGrade(input.intent_grade.value) if input.intent_grade else None,
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

    @strawberry.mutation(
        description="Give a lead to another consultant or a sales manager; the reason is kept.",
        extensions=requires("lead", "assign"),
    )
    async def assign_lead(
        self,
        info: Info,
        input: Annotated[
            AssignLeadInput, strawberry.argument(description="The lead, its new owner and why.")
        ],
    ) -> LeadResult:
        actor = info.context.require_actor()
        lead = await service.assign_lead(
            actor,
            parse_id(input.lead_id, "input.leadId", "Lead"),
            parse_id(input.owner_id, "input.ownerId", "User"),
            input.reason,
            input.expected_version,
        )
        return Lead.from_model(lead)

    @strawberry.mutation(
        description="Propose closing the lead as lost, with a coded reason.",
        extensions=requires("lead", "update"),
    )
    async def request_lead_lost(
        self,
        info: Info,
        input: Annotated[
            RequestLeadLostInput, strawberry.argument(description="The lead and why it is lost.")
        ],
    ) -> LeadResult:
        actor = info.context.require_actor()
        lead = await service.request_lost(
            actor,
            parse_id(input.lead_id, "input.leadId", "Lead"),
            v.LostReason(input.reason.value),
            input.note,
        )
        return Lead.from_model(lead)

    @strawberry.mutation(
        description="Approve (the lead closes as lost) or reject (it reopens) a lost request.",
        extensions=requires("lead", "approve_lost"),
    )
    async def decide_lead_lost(
        self,
        info: Info,
        input: Annotated[
            DecideLeadLostInput,
            strawberry.argument(description="The lead and the manager's decision."),
        ],
    ) -> LeadResult:
        actor = info.context.require_actor()
        lead = await service.decide_lost(
            actor, parse_id(input.lead_id, "input.leadId", "Lead"), input.approve, input.note
        )
        return Lead.from_model(lead)
