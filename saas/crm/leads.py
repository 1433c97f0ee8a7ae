"""Leads: intake with de-duplication, assignment, grade and stage, lost flow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from saas.crm.access import lead_scope, store_for, visible_lead
from saas.crm.assignment import check_assignee, choose_owner, record_assignment
from saas.crm.cadence import cadence_due, due_at, tenant_cadence
from saas.crm.campaigns import campaign_for_lead
from saas.crm.customers import (
    CustomerFields,
    check_budget,
    check_customer_fields,
    find_by_phone,
    insert_customer,
)
from saas.crm.events import FROM_LEAD_HISTORY, emit_for_lead
from saas.crm.partners import check_referral, referring_partner
from saas.crm.repository import CustomerRepository, LeadEventRepository, LeadRepository
from saas.crm.vocabulary import (
    OPEN_FOR_INTAKE,
    FunnelStage,
    IntentGrade,
    LeadStatus,
    LostReason,
    SourceChannel,
)
from saas.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from saas.events.service import EventType
from saas.models import Customer, Lead, Store, VehicleModel
from saas.tenancy.actor import Actor
from saas.tenancy.roles import Role
from saas.tenancy.scoped import claim_version


@dataclass
class NewLead:
    store_id: int
    customer: CustomerFields
    source_channel: SourceChannel
    intent_grade: IntentGrade = IntentGrade.N
    vehicle_model_id: int | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    expected_purchase_date: date | None = None
    is_important: bool = False
    owner_id: int | None = None
    note: str | None = None
    # Taken in at this campaign (an owner event, an auto show): its source.
    campaign_id: int | None = None
    referred_by_partner_id: int | None = None


class LeadAlreadyWorked(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "this customer already has an open lead at this store, owned by a colleague; "
            "ask your showroom manager"
        )


@dataclass(frozen=True)
class LeadIntake:
    lead: Lead
    customer: Customer
    existing_customer: bool = False
    existing_lead: bool = False
    messages: list[str] = field(default_factory=list)


async def check_vehicle_model(model_id: int | None, store: Store, path: str) -> VehicleModel | None:
    if model_id is None:
        return None
    model = await VehicleModel.get_or_none(id=model_id, is_active=True)
    return model_for_store(model, model_id, store, path)


def model_for_store(
    model: VehicleModel | None, model_id: int, store: Store, path: str
) -> VehicleModel:
    """`model` (the active vehicle model `model_id`, or None) if `store` sells it."""
    if model is None:
        raise ValidationFailed.one(path, f"vehicle model {model_id} does not exist")
    if store.brands and model.brand not in store.brands:
        raise ValidationFailed.one(
            path, f"{store.code} does not sell {model.brand} (it sells {', '.join(store.brands)})"
        )
    return model


def check_new_lead(new: NewLead, now: datetime) -> None:
    problems: list[FieldProblem] = check_customer_fields(new.customer, "customer", creating=True)
    problems += check_budget(new.budget_min, new.budget_max)
    if new.expected_purchase_date is not None and new.expected_purchase_date < now.date():
        problems.append(FieldProblem.at("expected_purchase_date", "must not be in the past"))
    if problems:
        raise ValidationFailed(problems)


async def create_lead(actor: Actor, new: NewLead, *, now: datetime | None = None) -> LeadIntake:
    """Take in a lead from any channel. A known phone attaches the lead to the
    existing customer (never a second archive); an open lead of that customer
    at the same store is returned instead of a duplicate."""
    now = now or datetime.now(UTC)
    store = await store_for(actor, new.store_id, "lead", "create", field="store_id")
    check_new_lead(new, now)
    model = await check_vehicle_model(new.vehicle_model_id, store, "vehicle_model_id")
    if new.campaign_id is not None:
        await campaign_for_lead(actor, new.campaign_id, store.id)
    if new.referred_by_partner_id is not None:
        check_referral(new.referred_by_partner_id, new.source_channel)
        await referring_partner(
            store.tenant_id, new.referred_by_partner_id, "referred_by_partner_id"
        )
    intake = await take_in(store, new, model, now, actor)
    if intake.existing_lead and new.referred_by_partner_id is not None:
        intake.messages.append("the open lead keeps its own source: the referral was not recorded")
    return intake


async def take_in(
    store: Store, new: NewLead, model: VehicleModel | None, now: datetime, actor: Actor | None
) -> LeadIntake:
    """Land a validated lead in `store` (dedup, owner, cadence, history).
    `actor` is None for leads delivered by an OEM."""
    tenant_id = store.tenant_id
    customer = await find_by_phone(tenant_id, new.customer.phone or "")
    if customer is not None:
        open_lead = (
            await LeadRepository(tenant_id)
            .query()
            .filter(
                customer_id=customer.id,
                store_id=store.id,
                status__in=OPEN_FOR_INTAKE,
            )
            .first()
        )
        if open_lead is not None:
            if actor is not None and not await LeadRepository.for_scope(lead_scope(actor)).get(
                open_lead.id
            ):
                raise LeadAlreadyWorked()
            return LeadIntake(
                open_lead,
                customer,
                existing_customer=True,
                existing_lead=True,
                messages=["this customer already has an open lead at this store"],
            )

    owner_id, reason, automatic = await _initial_owner(actor, tenant_id, store, new, model)
    messages = []
    existing_customer = customer is not None
    if customer is None:
        customer = await insert_customer(tenant_id, store, new.customer, owner_id)
    else:
        messages.append(f"attached to existing customer {customer.archive_no}")
        if customer.owner_id is None and owner_id is not None:
            customer = await CustomerRepository(tenant_id).update(customer, owner_id=owner_id)

    table = await tenant_cadence(tenant_id)
    cadence_at = cadence_due(table, new.intent_grade, now, None)
    lead = await LeadRepository(tenant_id).create(
        store_id=store.id,
        customer_id=customer.id,
        owner_id=owner_id,
        source_channel=new.source_channel.value,
        vehicle_model_id=model.id if model else None,
        budget_min=new.budget_min,
        budget_max=new.budget_max,
        expected_purchase_date=new.expected_purchase_date,
        intent_grade=new.intent_grade.value,
        status=LeadStatus.OPEN.value,
        stage=FunnelStage.FIRST_CONTACT.value,
        is_important=new.is_important,
        referred_by_partner_id=new.referred_by_partner_id,
        cadence_due_at=cadence_at,
        due_at=cadence_at,
        created_at=now,
        campaign_id=new.campaign_id,
    )
    await _event(lead, actor, "created", to_value=new.source_channel.value, reason=new.note)
    if owner_id is not None:
        await record_assignment(
            lead,
            owner_id,
            reason,
            by=actor.user_id if actor else None,
            automatic=automatic,
            first=True,
        )
    else:
        messages.append("no active consultant in the store: the lead waits for assignment")
    return LeadIntake(lead, customer, existing_customer=existing_customer, messages=messages)


async def _initial_owner(
    actor: Actor | None, tenant_id: int, store: Store, new: NewLead, model: VehicleModel | None
) -> tuple[int | None, str, bool]:
    if actor is None:
        pass
    elif new.owner_id is not None:
        if not actor.can("lead", "assign", store_id=store.id):
            raise Forbidden("only managers choose the owner of a new lead")
        await check_assignee(tenant_id, store.id, new.owner_id, "owner_id")
        return new.owner_id, "chosen at intake", False
    elif (
        actor.has_role(Role.CONSULTANT)
        and not actor.can("lead", "assign", store_id=store.id)
        and actor.user_id is not None
    ):
        return actor.user_id, "taken in by the consultant", False
    choice = await choose_owner(
        tenant_id, store.id, series=model.series if model else None, important=new.is_important
    )
    if choice is None:
        return None, "", True
    return choice.user_id, choice.reason, True


async def assign_lead(
    actor: Actor, lead_id: int, owner_id: int, reason: str, expected_version: int | None = None
) -> Lead:
    """A manager gives the lead to another consultant (or takes it as sales
    manager); the reason is required and the history kept."""
    lead = await visible_lead(actor, lead_id)
    if not actor.can("lead", "assign", store_id=lead.store_id):
        raise Forbidden("assigning leads is for the showroom or sales manager")
    if not reason.strip():
        raise ValidationFailed.one("reason", "say why the lead changes hands")
    if lead.status not in (LeadStatus.OPEN, LeadStatus.LOST_PENDING, LeadStatus.ORDERED):
        raise Conflict(f"the lead is {lead.status} and can no longer be reassigned")
    if owner_id == lead.owner_id:
        raise ValidationFailed.one("owner_id", "the lead already belongs to this person")
    await check_assignee(lead.tenant_id, lead.store_id, owner_id, "owner_id")
    await claim_version(LeadRepository(lead.tenant_id), lead, expected_version)
    await record_assignment(lead, owner_id, reason.strip(), by=actor.user_id, automatic=False)
    await hand_over_customer(lead, owner_id)
    return await LeadRepository(lead.tenant_id).update(lead, owner_id=owner_id)


async def hand_over_customer(lead: Lead, owner_id: int) -> None:
    """The customer goes with the lead to its new owner (who must call them),
    unless the customer belongs to someone else than the lead's previous owner."""
    customers = CustomerRepository(lead.tenant_id)
    customer = await customers.get(lead.customer_id)
    if customer is not None and customer.owner_id in (None, lead.owner_id):
        await customers.update(customer, owner_id=owner_id, version=customer.version + 1)


@dataclass
class LeadChanges:
    intent_grade: IntentGrade | None = None
    stage: FunnelStage | None = None
    is_important: bool | None = None
    vehicle_model_id: int | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    expected_purchase_date: date | None = None
    reason: str | None = None
    expected_version: int | None = None


async def update_lead(
    actor: Actor, lead_id: int, changes: LeadChanges, *, now: datetime | None = None
) -> Lead:
    now = now or datetime.now(UTC)
    lead = await visible_lead(actor, lead_id, write=True)
    require_open(lead)
    problems = check_budget(
        changes.budget_min if changes.budget_min is not None else lead.budget_min,
        changes.budget_max if changes.budget_max is not None else lead.budget_max,
    )
    if problems:
        raise ValidationFailed(problems)
    values: dict[str, object] = {}
    if changes.vehicle_model_id is not None:
        store = await store_for(actor, lead.store_id, "lead", "update")
        await check_vehicle_model(changes.vehicle_model_id, store, "vehicle_model_id")
        values["vehicle_model_id"] = changes.vehicle_model_id
    for name in ("budget_min", "budget_max", "expected_purchase_date", "is_important"):
        if getattr(changes, name) is not None:
            values[name] = getattr(changes, name)
    if changes.intent_grade is not None:
        values |= await regrade(lead, changes.intent_grade, actor, changes.reason)
    if changes.stage is not None:
        if changes.stage.rank >= FunnelStage.CONTRACT.rank:
            raise ValidationFailed.one(
                "stage", "contract and delivery follow from signOrder and deliverOrder"
            )
        values |= await move_stage(lead, changes.stage, actor, changes.reason)
    if not values:
        return lead
    await claim_version(LeadRepository(lead.tenant_id), lead, changes.expected_version)
    return await LeadRepository(lead.tenant_id).update(lead, **values)


def require_open(lead: Lead) -> None:
    if lead.status != LeadStatus.OPEN:
        raise Conflict(f"the lead is {lead.status.replace('_', ' ')}; only open leads change")


async def regrade(
    lead: Lead, grade: IntentGrade, actor: Actor, reason: str | None
) -> dict[str, object]:
    """New grade -> new cadence deadline, recorded in the lead's history."""
    if grade == lead.intent_grade:
        return {}
    table = await tenant_cadence(lead.tenant_id)
    cadence_at = cadence_due(table, grade, lead.created_at, lead.last_follow_up_at)
    await _event(lead, actor, "grade_changed", lead.intent_grade, grade.value, reason)
    return {
        "intent_grade": grade.value,
        "cadence_due_at": cadence_at,
        "due_at": due_at(cadence_at, lead.next_follow_up_at),
    }


async def move_stage(
    lead: Lead, stage: FunnelStage, actor: Actor | None, reason: str | None
) -> dict[str, object]:
    """Move through the funnel; moving back is allowed and marked as such."""
    if stage == lead.stage:
        return {}
    backwards = stage.rank < FunnelStage(lead.stage).rank
    await _event(
        lead, actor, "stage_changed", lead.stage, stage.value, reason, data={"backwards": backwards}
    )
    return {"stage": stage.value}


async def request_lost(
    actor: Actor,
    lead_id: int,
    reason: LostReason,
    note: str,
    proposed_owner_id: int | None = None,
    proposed_grade: IntentGrade | None = None,
    competitor_brand: str | None = None,
    competitor_model: str | None = None,
) -> Lead:
    """The owner proposes closing the lead as lost (战败); a manager decides.
    The request may offer an alternative -- another owner, another grade (and so
    cadence) -- which the manager can apply when rejecting the loss. A lead lost
    to a competitor may name the competitor's brand and model."""
    lead = await visible_lead(actor, lead_id, write=True)
    require_open(lead)
    problems: list[FieldProblem] = []
    if reason is LostReason.OTHER and not note.strip():
        problems.append(FieldProblem.at("note", "explain the reason when it is 'other'"))
    if proposed_owner_id is not None and proposed_owner_id == lead.owner_id:
        problems.append(
            FieldProblem.at("proposed_owner_id", "the lead already belongs to this person")
        )
    if proposed_grade is not None and proposed_grade == lead.intent_grade:
        problems.append(
            FieldProblem.at("proposed_grade", f"the lead is already graded {proposed_grade}")
        )
    brand, model = (competitor_brand or "").strip(), (competitor_model or "").strip()
    problems += _check_competitor(reason, brand, model)
    if problems:
        raise ValidationFailed(problems)
    if proposed_owner_id is not None:
        await check_assignee(lead.tenant_id, lead.store_id, proposed_owner_id, "proposed_owner_id")
    # What the loss analysis groups by, as it stood when the loss was asked for
    # (the lead may change hands or move on if the loss is refused).
    data: dict[str, object] = {"reason": reason.value, "stage": lead.stage}
    if lead.owner_id is not None:
        data["owner_id"] = lead.owner_id
    if proposed_owner_id is not None:
        data["proposed_owner_id"] = proposed_owner_id
    if proposed_grade is not None:
        data["proposed_grade"] = proposed_grade.value
    if brand:
        data["competitor_brand"] = brand
    if model:
        data["competitor_model"] = model
    await _event(
        lead,
        actor,
        "lost_requested",
        lead.status,
        LeadStatus.LOST_PENDING.value,
        note,
        data=data,
    )
    return await LeadRepository(lead.tenant_id).update(
        lead,
        status=LeadStatus.LOST_PENDING.value,
        lost_reason=reason.value,
        lost_note=note.strip() or None,
        lost_competitor_brand=brand or None,
        lost_competitor_model=model or None,
        lost_requested_by_id=actor.user_id,
        due_at=None,
        version=lead.version + 1,
    )


def _check_competitor(reason: LostReason, brand: str, model: str) -> list[FieldProblem]:
    if not brand and not model:
        return []
    if reason is not LostReason.BOUGHT_COMPETITOR:
        path = "competitor_brand" if brand else "competitor_model"
        return [
            FieldProblem.at(path, "name a competitor only when the reason is bought_competitor")
        ]
    problems = []
    if not brand:
        problems.append(FieldProblem.at("competitor_brand", "name the brand of the model too"))
    if len(brand) > 60:
        problems.append(FieldProblem.at("competitor_brand", "must be at most 60 characters"))
    if len(model) > 80:
        problems.append(FieldProblem.at("competitor_model", "must be at most 80 characters"))
    return problems


@dataclass(frozen=True)
class LostAlternative:
    """What a lost request proposed instead of closing the lead."""

    owner_id: int | None = None
    intent_grade: IntentGrade | None = None


async def lost_alternative(lead: Lead) -> LostAlternative:
    """The alternative offered by the lead's latest lost request (empty when none)."""
    request = (
        await LeadEventRepository(lead.tenant_id)
        .query()
        .filter(lead_id=lead.id, kind="lost_requested")
        .order_by("-id")
        .first()
    )
    data = request.data if request is not None and request.data else {}
    owner_id = data.get("proposed_owner_id")
    grade = data.get("proposed_grade")
    return LostAlternative(
        owner_id=int(str(owner_id)) if owner_id is not None else None,
        intent_grade=IntentGrade(str(grade)) if grade is not None else None,
    )


async def decide_lost(
    actor: Actor,
    lead_id: int,
    approve: bool,
    note: str,
    apply_proposal: bool = False,
    *,
    now: datetime | None = None,
) -> Lead:
    """Approve the loss (the lead closes) or reject it (the lead reopens). On
    rejection, `apply_proposal` also gives the lead the owner and grade that the
    request proposed, in the same step."""
    now = now or datetime.now(UTC)
    lead = await visible_lead(actor, lead_id)
    if not actor.can("lead", "approve_lost", store_id=lead.store_id):
        raise Forbidden("approving a lost lead is for the showroom or sales manager")
    if lead.status != LeadStatus.LOST_PENDING:
        raise Conflict("no lost request is waiting on this lead")
    if approve:
        if apply_proposal:
            raise ValidationFailed.one(
                "apply_proposal", "a proposal is applied only when the loss is rejected"
            )
        await _event(lead, actor, "lost_approved", lead.status, LeadStatus.LOST.value, note)
        values: dict[str, object] = {"status": LeadStatus.LOST.value, "closed_at": now}
    else:
        if not note.strip():
            raise ValidationFailed.one("note", "tell the consultant why the lead stays open")
        alternative = await lost_alternative(lead) if apply_proposal else LostAlternative()
        if apply_proposal:
            await _check_alternative(actor, lead, alternative)
        await _event(lead, actor, "lost_rejected", lead.status, LeadStatus.OPEN.value, note)
        values = await reopen(lead, actor, note, alternative)
        # (A new grade came with its own due time.)
        values.setdefault("due_at", due_at(lead.cadence_due_at, lead.next_follow_up_at))
    values["version"] = lead.version + 1
    return await LeadRepository(lead.tenant_id).update(lead, **values)


async def reopen(
    lead: Lead, actor: Actor, note: str, alternative: LostAlternative
) -> dict[str, object]:
    """The changes that put a lost (or lost-pending) lead back in follow-up:
    open, the loss forgotten on the lead (its history keeps it), and, when
    given, a new owner (with the customer, recorded as an assignment) and a
    new grade (recorded, with its cadence deadline). The caller records why
    the lead reopened, plans its due time and saves."""
    values: dict[str, object] = {
        "status": LeadStatus.OPEN.value,
        "lost_reason": None,
        "lost_note": None,
        "lost_competitor_brand": None,
        "lost_competitor_model": None,
    }
    if alternative.owner_id is not None:
        await record_assignment(
            lead, alternative.owner_id, note.strip(), by=actor.user_id, automatic=False
        )
        await hand_over_customer(lead, alternative.owner_id)
        values["owner_id"] = alternative.owner_id
    if alternative.intent_grade is not None:
        values |= await regrade(lead, alternative.intent_grade, actor, note)
    return values


async def _check_alternative(actor: Actor, lead: Lead, alternative: LostAlternative) -> None:
    if alternative.owner_id is None and alternative.intent_grade is None:
        raise ValidationFailed.one(
            "apply_proposal", "the lost request proposed no new owner or grade"
        )
    if alternative.owner_id is not None:
        if not actor.can("lead", "assign", store_id=lead.store_id):
            raise Forbidden("assigning leads is for the showroom or sales manager")
        if alternative.owner_id == lead.owner_id:
            raise ValidationFailed.one("apply_proposal", "the proposed owner already owns the lead")
        await check_assignee(lead.tenant_id, lead.store_id, alternative.owner_id, "apply_proposal")


async def _event(
    lead: Lead,
    actor: Actor | None,
    kind: str,
    from_value: str | None = None,
    to_value: str | None = None,
    reason: str | None = None,
    data: dict[str, object] | None = None,
) -> None:
    await LeadEventRepository(lead.tenant_id).create(
        lead_id=lead.id,
        store_id=lead.store_id,
        kind=kind,
        actor_id=actor.user_id if actor else None,
        from_value=from_value,
        to_value=to_value,
        reason=(reason or "").strip() or None,
        data=data or {},
    )
    if kind in FROM_LEAD_HISTORY:
        await _emit_history(lead, FROM_LEAD_HISTORY[kind], from_value, to_value)


async def _emit_history(
    lead: Lead, kind: EventType, from_value: str | None, to_value: str | None
) -> None:
    if kind is EventType.LEAD_STAGE_CHANGED:
        await emit_for_lead(
            kind, lead, lead_changes={"stage": to_value}, previousStage=from_value, stage=to_value
        )
    elif kind is EventType.LEAD_GRADE_CHANGED:
        await emit_for_lead(
            kind,
            lead,
            lead_changes={"intentGrade": to_value},
            previousGrade=from_value,
            grade=to_value,
        )
    elif kind is EventType.LEAD_LOST:
        await emit_for_lead(
            kind, lead, lead_changes={"status": to_value}, lostReason=lead.lost_reason
        )
    else:
        await emit_for_lead(kind, lead)


record_event = _event


def leads_visible_to(actor: Actor) -> LeadRepository:
    return LeadRepository.for_scope(lead_scope(actor))
