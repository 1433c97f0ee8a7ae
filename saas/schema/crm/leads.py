"""Lead mutations: intake, changes, assignment, the lost flow."""

from __future__ import annotations

from datetime import date

import strawberry

from saas.crm import leads as service
from saas.crm import vocabulary as v
from saas.schema.crm.customers import CustomerInput
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
    RefusedOrConflict,
    result_union,
)
from saas.schema.inputs import global_ids, id_of, to_args
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.tenancy.actor import Actor


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
        campaign_id: The campaign the lead was taken in at (an open or closed campaign of the
            lead's store or of the whole group): the lead counts in its report. A customer's open
            lead at the store is returned as it is, without the campaign.
        referred_by_partner_id: The active partner of the group who referred the buyer (source
            channel PARTNER_REFERRAL); counted in partnerReferralReport.
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
    campaign_id: strawberry.ID | None = None
    referred_by_partner_id: strawberry.ID | None = None


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
        proposed_owner_id: Instead of losing the lead, hand it to this colleague: an active
            consultant or manager of the lead's store, not the current owner. The manager may
            apply it when rejecting the loss (decideLeadLost applyProposal).
        proposed_grade: Instead of losing the lead, keep it at this intent grade (a slower or
            faster follow-up cadence); not the current grade. Applied like proposedOwnerId.
        competitor_brand: Only with reason BOUGHT_COMPETITOR: the brand the customer bought
            instead (at most 60 characters).
        competitor_model: Only with reason BOUGHT_COMPETITOR and a competitorBrand: the model
            bought (at most 80 characters).
    """

    lead_id: strawberry.ID
    reason: LostReason
    note: str = ""
    proposed_owner_id: strawberry.ID | None = None
    proposed_grade: IntentGrade | None = None
    competitor_brand: str | None = None
    competitor_model: str | None = None


@strawberry.input(description="Approve or reject a lost request (managers).")
@described
class DecideLeadLostInput:
    """
    Attributes:
        lead_id: The lead whose lost request to decide (status LOST_PENDING).
        approve: true closes the lead as lost; false reopens it for follow-ups.
        note: Required when rejecting.
        apply_proposal: With approve false: also give the lead the owner and grade its lost
            request proposed (proposedOwnerId, proposedGrade), in the same step. Needs the lead
            assign permission when an owner was proposed.
    """

    lead_id: strawberry.ID
    approve: bool
    note: str = ""
    apply_proposal: bool = False


CreateLeadResult = result_union(
    "CreateLeadResult",
    LeadCreated | RefusedOrConflict,
    "The lead taken in, or why nothing was saved.",
)
LeadResult = result_union(
    "LeadResult", Lead | RefusedOrConflict, "The lead as saved, or why nothing was saved."
)


global_ids(CreateLeadInput, store_id="Store", vehicle_model_id="VehicleModel", owner_id="User")
global_ids(CreateLeadInput, campaign_id="Campaign")
global_ids(CreateLeadInput, referred_by_partner_id="Partner")
global_ids(UpdateLeadInput, lead_id="Lead", vehicle_model_id="VehicleModel")
global_ids(AssignLeadInput, lead_id="Lead", owner_id="User")
global_ids(RequestLeadLostInput, lead_id="Lead", proposed_owner_id="User")
global_ids(DecideLeadLostInput, lead_id="Lead")


def _created(intake: service.LeadIntake) -> LeadCreated:
    return LeadCreated(
        lead=Lead.from_model(intake.lead),
        customer=Customer.from_model(intake.customer),
        existing_customer=intake.existing_customer,
        existing_lead=intake.existing_lead,
        messages=intake.messages,
    )


async def _update_lead(actor: Actor, input: UpdateLeadInput) -> LeadResult:
    changes = to_args(input, service.LeadChanges, partial=True)  # all but the lead's id
    lead = await service.update_lead(actor, id_of(input, "lead_id"), changes)
    return Lead.from_model(lead)


@strawberry.type
@described
class LeadMutations:
    """
    Attributes:
        create_lead: Take in a lead. A known phone joins the existing customer; an open lead of that
            customer at the store is returned instead of a duplicate.
        assign_lead: Give a lead to another consultant or a sales manager; the reason is kept.
        request_lead_lost: Propose closing the lead as lost, with a coded reason.
        decide_lead_lost: Approve (the lead closes as lost) or reject (it reopens) a lost request.
        update_lead: Change grade, stage, model, budget or importance of a lead you may edit.
    """

    create_lead = mutation(
        CreateLeadResult,
        requires("lead", "create"),
        input=(CreateLeadInput, "The lead, its store and its customer."),
        run=service.create_lead,
        data=service.NewLead,
        answer=_created,
    )

    update_lead = mutation(
        LeadResult,
        requires("lead", "update"),
        input=(UpdateLeadInput, "The lead and the fields to change."),
        steps=_update_lead,
    )

    assign_lead = mutation(
        LeadResult,
        requires("lead", "assign"),
        input=(AssignLeadInput, "The lead, its new owner and why."),
        run=service.assign_lead,
        answer=Lead.from_model,
    )

    request_lead_lost = mutation(
        LeadResult,
        requires("lead", "update"),
        input=(RequestLeadLostInput, "The lead and why it is lost."),
        run=service.request_lost,
        answer=Lead.from_model,
    )

    decide_lead_lost = mutation(
        LeadResult,
        requires("lead", "approve_lost"),
        input=(DecideLeadLostInput, "The lead and the manager's decision."),
        run=service.decide_lost,
        answer=Lead.from_model,
    )
