"""Follow-ups (跟进记录): what was said, what changed, and when to call next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from saas import hooks
from saas.crm.access import lead_scope, visible_lead
from saas.crm.cadence import cadence_due, due_at, tenant_cadence
from saas.crm.leads import move_stage, record_event, regrade
from saas.crm.repository import FollowUpRepository, LeadRepository
from saas.crm.vocabulary import FollowUpChannel, FunnelStage, IntentGrade, LeadStatus
from saas.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from saas.jobqueue import request_job
from saas.models import FollowUp, Lead
from saas.tenancy.actor import Actor
from saas.validation import check_aware

CLOCK_SKEW = timedelta(minutes=5)


@dataclass
class NewFollowUp:
    lead_id: int
    channel: FollowUpChannel
    content: str
    happened_at: datetime | None = None
    result: str | None = None
    intent_grade: IntentGrade | None = None
    stage: FunnelStage | None = None
    next_follow_up_at: datetime | None = None
    next_follow_up_reason: str | None = None


async def log_follow_up(
    actor: Actor, new: NewFollowUp, *, now: datetime | None = None
) -> tuple[FollowUp, Lead]:
    """Record a contact. While the lead stays open, the next follow-up time and
    its reason are required and must lie ahead; a moved date is kept in the
    lead's history with the reason."""
    now = now or datetime.now(UTC)
    naive = [
        p
        for p in (
            check_aware("happened_at", new.happened_at),
            check_aware("next_follow_up_at", new.next_follow_up_at),
        )
        if p
    ]
    if naive:
        raise ValidationFailed(naive)
    lead = await visible_lead(actor, new.lead_id, write=True)
    if lead.status not in (LeadStatus.OPEN, LeadStatus.ORDERED):
        raise Conflict(f"the lead is {lead.status.replace('_', ' ')}; follow-ups are closed")
    happened_at = new.happened_at or now
    problems: list[FieldProblem] = []

    def bad(name: str, message: str) -> None:
        problems.append(FieldProblem((name,), message))

    if not new.content.strip():
        bad("content", "write what was discussed")
    if happened_at > now + CLOCK_SKEW:
        bad("happened_at", "a follow-up cannot happen in the future")
    if happened_at < lead.created_at - CLOCK_SKEW:
        bad("happened_at", "is before the lead was created")
    stays_open = lead.status == LeadStatus.OPEN
    if stays_open:
        if new.next_follow_up_at is None:
            bad("next_follow_up_at", "plan the next follow-up: the lead is still open")
        elif new.next_follow_up_at <= now:
            bad("next_follow_up_at", "must be in the future")
        if not (new.next_follow_up_reason or "").strip():
            bad("next_follow_up_reason", "say what the next follow-up is for")
    if new.stage is not None and new.stage.rank >= FunnelStage.CONTRACT.rank:
        bad("stage", "contract and delivery follow from signOrder and deliverOrder")
    if problems:
        raise ValidationFailed(problems)

    values: dict[str, object] = {}
    if new.intent_grade is not None:
        values |= await regrade(lead, new.intent_grade, actor, "follow-up")
    if new.stage is not None:
        values |= await move_stage(lead, new.stage, actor, "follow-up")
    follow_up = await FollowUpRepository(lead.tenant_id).create(
        lead_id=lead.id,
        store_id=lead.store_id,
        customer_id=lead.customer_id,
        user_id=actor.user_id,
        channel=new.channel.value,
        happened_at=happened_at,
        content=new.content.strip(),
        result=(new.result or "").strip() or None,
        grade_before=lead.intent_grade,
        grade_after=values.get("intent_grade", lead.intent_grade),
        stage_before=lead.stage,
        stage_after=values.get("stage", lead.stage),
        next_follow_up_at=new.next_follow_up_at,
        next_follow_up_reason=(new.next_follow_up_reason or "").strip() or None,
        due_at_before=lead.due_at,
    )
    if (
        new.next_follow_up_at is not None
        and lead.next_follow_up_at is not None
        and new.next_follow_up_at != lead.next_follow_up_at
    ):
        await record_event(
            lead,
            actor,
            "next_follow_up_moved",
            lead.next_follow_up_at.isoformat(),
            new.next_follow_up_at.isoformat(),
            new.next_follow_up_reason,
            data={"follow_up_id": follow_up.id},
        )
    last = max(filter(None, (lead.last_follow_up_at, happened_at)))
    grade = IntentGrade(str(values.get("intent_grade", lead.intent_grade)))
    table = await tenant_cadence(lead.tenant_id)
    cadence_at = cadence_due(table, grade, lead.created_at, last)
    next_at = new.next_follow_up_at if new.next_follow_up_at is not None else lead.next_follow_up_at
    values |= {
        "follow_up_count": lead.follow_up_count + 1,
        "first_follow_up_at": lead.first_follow_up_at or happened_at,
        "last_follow_up_at": last,
        "next_follow_up_at": next_at,
        "next_follow_up_reason": (new.next_follow_up_reason or "").strip()
        or lead.next_follow_up_reason,
        "cadence_due_at": cadence_at,
        "due_at": due_at(cadence_at, next_at) if stays_open else None,
        "version": lead.version + 1,
    }
    lead = await LeadRepository(lead.tenant_id).update(lead, **values)
    if lead.is_distributed:
        await hooks.distributed_lead_contacted(lead, happened_at, now)
    if new.channel is FollowUpChannel.SHOWROOM_VISIT:
        await request_job("crm.thank_you", tenant_id=lead.tenant_id, follow_up_id=follow_up.id)
    return follow_up, lead


def follow_ups_visible_to(actor: Actor) -> QuerySet[FollowUp]:
    """Follow-ups of the leads the actor may see."""
    scope = lead_scope(actor)
    leads = LeadRepository.for_scope(scope).query().values("id")
    return (
        FollowUpRepository.for_scope(scope.whole_stores())
        .query()
        .filter(lead_id__in=Subquery(leads))
    )


async def visible_follow_up(actor: Actor, follow_up_id: int) -> FollowUp:
    """A follow-up of a lead the actor may see."""
    follow_up = await follow_ups_visible_to(actor).get_or_none(id=follow_up_id)
    if follow_up is None:
        raise NotFound("follow-up", follow_up_id)
    return follow_up
