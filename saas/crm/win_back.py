"""Win-back: lost leads worth another try, and putting one back in follow-up.

Which losses are winnable is a rule of this module (README "Lost-reason
analysis"): a customer put off by the price, by financing or by timing
(no longer interested *for now*) may come back; one who bought another car
may still cancel an order that is not delivered yet, so for a short while
only; one who cannot be reached, or whose loss is unexplained (other), is
not a sales target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from saas.crm.access import lead_scope, visible_lead
from saas.crm.assignment import check_assignee
from saas.crm.cadence import cadence_due, tenant_cadence
from saas.crm.leads import LostAlternative, record_event, reopen
from saas.crm.repository import CustomerRepository, LeadRepository
from saas.crm.vocabulary import IntentGrade, LeadStatus, LostReason
from saas.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from saas.models import Lead
from saas.org.settings import load_group_settings
from saas.query import where
from saas.tenancy.actor import Actor
from saas.tenancy.scoped import claim_version

# Reasons worth another try for the whole win-back window.
WINNABLE = frozenset(
    {LostReason.PRICE, LostReason.FINANCING_DECLINED, LostReason.NO_LONGER_INTERESTED}
)
# Reasons worth a try only while the other purchase may still fall through
# (an order signed elsewhere is usually delivered within a month).
WINNABLE_BRIEFLY = frozenset({LostReason.BOUGHT_COMPETITOR, LostReason.BOUGHT_ELSEWHERE})
BOUGHT_ELSEWHERE_DAYS = 30
# Statuses in which the customer is already being worked by the group.
_WORKED = [LeadStatus.OPEN.value, LeadStatus.LOST_PENDING.value, LeadStatus.ORDERED.value]


class LeadNotLost(Conflict):
    """Reopening asked of a lead that is not lost."""

    def __init__(self, lead: Lead) -> None:
        self.status = LeadStatus(lead.status)
        super().__init__(
            f"only a lost lead can be reopened; this one is {self.status.value.replace('_', ' ')}"
        )


@dataclass(frozen=True)
class WinBackFilter:
    store_id: int | None = None
    owner_id: int | None = None
    reasons: list[str] | None = None
    # None: the group's win-back window (`win_back_days`).
    lost_within_days: int | None = None


async def win_back_leads(
    actor: Actor, f: WinBackFilter, *, now: datetime | None = None
) -> QuerySet[Lead]:
    """Lost leads the actor may see that are worth another try: lost within
    the window for a winnable reason (bought elsewhere: within
    `BOUGHT_ELSEWHERE_DAYS`), and whose customer has no other lead in the
    group being worked (open, waiting for a lost decision, or ordered)."""
    now = now or datetime.now(UTC)
    scope = lead_scope(actor)
    days = f.lost_within_days
    if days is None:
        days = (await load_group_settings(scope.tenant_id)).win_back_days
    elif not 1 <= days <= 730:
        raise ValidationFailed.one("filter.lostWithinDays", "must be between 1 and 730 days")
    since = now - timedelta(days=days)
    briefly = max(since, now - timedelta(days=BOUGHT_ELSEWHERE_DAYS))
    wanted = set(f.reasons) if f.reasons is not None else {r.value for r in LostReason}
    long = sorted(wanted & {r.value for r in WINNABLE})
    short = sorted(wanted & {r.value for r in WINNABLE_BRIEFLY})
    winnable = Q(lost_reason__in=long, closed_at__gte=since) | Q(
        lost_reason__in=short, closed_at__gte=briefly
    )
    leads = LeadRepository.for_scope(scope)
    qs = leads.query().filter(status=LeadStatus.LOST.value).filter(winnable)
    qs = where(qs, store_id=f.store_id, owner_id=f.owner_id)
    # The customer came back on their own (here or at a sister store): that
    # lead is worked, not this one.
    worked = LeadRepository(scope.tenant_id).query().filter(status__in=_WORKED)
    return qs.exclude(customer_id__in=Subquery(worked.values("customer_id")))


# Ranking by value reads the queue into memory; a queue is bounded by its
# window, this bounds it whatever the window.
MAX_RANKED = 5000
TIER_RANK = {"A": 0, "B": 1, "C": 2}


async def win_back_by_value(
    actor: Actor, f: WinBackFilter, *, now: datetime | None = None
) -> list[Lead]:
    """The queue, most valuable first: by the customer's value tier (A, B, C,
    then not classified), then the budget (the lead's, else the customer's)
    highest first, then the most recently lost. The `MAX_RANKED` most
    recently lost leads of the queue are ranked."""
    qs = await win_back_leads(actor, f, now=now)
    leads = list(await qs.order_by("-closed_at", "-id").limit(MAX_RANKED))
    customers = await CustomerRepository(lead_scope(actor).tenant_id).get_many(
        lead.customer_id for lead in leads
    )

    def rank(lead: Lead) -> tuple[int, int, float, int]:
        customer = customers.get(lead.customer_id)
        tier = TIER_RANK.get(customer.value_tier or "", 3) if customer else 3
        budget = lead.budget_max or (customer.budget_max if customer else None) or 0
        lost_at = lead.closed_at.timestamp() if lead.closed_at else 0.0
        return (tier, -budget, -lost_at, -lead.id)

    return sorted(leads, key=rank)


async def reopen_lost(
    actor: Actor,
    lead_id: int,
    note: str,
    owner_id: int | None = None,
    intent_grade: IntentGrade | None = None,
    *,
    now: datetime | None = None,
) -> Lead:
    """A manager puts a lost lead back in follow-up: open again, optionally
    with another owner and grade, and a cadence that starts now (the first
    follow-up within the grade's first-contact time, as for a new lead).
    The lead's history keeps the loss and says who reopened it and why."""
    now = now or datetime.now(UTC)
    lead = await visible_lead(actor, lead_id)
    if not actor.can("lead", "reopen", store_id=lead.store_id):
        raise Forbidden("reopening a lost lead is for the showroom or sales manager")
    if lead.status != LeadStatus.LOST:
        raise LeadNotLost(lead)
    problems = []
    if not note.strip():
        problems.append(FieldProblem.at("note", "say why the lead is worth another try"))
    if owner_id is not None and owner_id == lead.owner_id:
        problems.append(FieldProblem.at("owner_id", "the lead already belongs to this person"))
    if problems:
        raise ValidationFailed(problems)
    if owner_id is not None:
        await check_assignee(lead.tenant_id, lead.store_id, owner_id, "owner_id")
    # Of two managers reopening at once, one goes on; the other gets a conflict.
    await claim_version(LeadRepository(lead.tenant_id), lead, None)
    await record_event(
        lead,
        actor,
        "reopened",
        lead.status,
        LeadStatus.OPEN.value,
        note,
        data={"lost_reason": lead.lost_reason} if lead.lost_reason else None,
    )
    regrade = intent_grade if intent_grade != lead.intent_grade else None
    values = await reopen(lead, actor, note, LostAlternative(owner_id, regrade))
    grade = intent_grade or IntentGrade(lead.intent_grade)
    cadence_at = cadence_due(await tenant_cadence(lead.tenant_id), grade, now, None)
    values |= {
        "cadence_due_at": cadence_at,
        "due_at": cadence_at,
        # A date planned before the loss is long past; the cadence plans anew.
        "next_follow_up_at": None,
        "next_follow_up_reason": None,
        "closed_at": None,
    }
    return await LeadRepository(lead.tenant_id).update(lead, **values)
