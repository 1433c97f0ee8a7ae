"""Owner events and campaigns: auto shows, test-drive days, owner trips and
care events. A manager plans a campaign for one store (or the group
administrator one for the whole group) with a target segment of customers (tags, value
tier, lifecycle, vehicle model, store), chosen with the customer list's own
filter. Inviting the segment invites only customers whose consent allows
marketing contact, once each, and says how many it left out for consent.
Whoever may read the invited customer in its store (its consultant, the
store's managers) records the answer (RSVP) and the attendance; consultants
take in leads at the event with the campaign as their source; the report
counts what the event brought, and its cost per lead."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from saas.crm.access import customer_scope, store_for, tenant_of
from saas.crm.repository import (
    CampaignInvitationRepository,
    CampaignRepository,
    CustomerRepository,
    LeadRepository,
    OrderRepository,
    TestDriveRepository,
)
from saas.crm.search import CustomerFilter, filter_customers
from saas.crm.vocabulary import OrderStatus, TestDriveStatus
from saas.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from saas.models import Campaign, CampaignInvitation, Customer, VehicleModel
from saas.org.repository import StoreRepository
from saas.query import where
from saas.tenancy.actor import Actor
from saas.tenancy.scoped import RowScope, claim_version

MAX_NAME = 100
MAX_TAGS = 10
MAX_TAG = 48
MAX_COST = Decimal("9999999999.99")
VALUE_TIERS = ("A", "B", "C")
LIFECYCLES = ("high_value", "potential", "general", "lost")


class CampaignKind(StrEnum):
    AUTO_SHOW = "auto_show"
    TEST_DRIVE_DAY = "test_drive_day"
    OWNER_TRIP = "owner_trip"  # owners' self-drive trip
    CARE_EVENT = "care_event"  # owner care (free check-up, winter service)


class CampaignStatus(StrEnum):
    PLANNED = "planned"  # being prepared: invitations and answers
    OPEN = "open"  # under way: attendance and leads
    CLOSED = "closed"  # over: late attendance and leads may still be entered

    @property
    def allows(self) -> str:
        return {
            CampaignStatus.PLANNED: "inviting and answers; attendance and leads once it is open",
            CampaignStatus.OPEN: "invitations, answers, attendance and leads",
            CampaignStatus.CLOSED: "attendance and leads entered late; no more invitations or "
            "answers",
        }[self]


class Rsvp(StrEnum):
    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


class CampaignInWrongStatus(Conflict):
    """A step the campaign's status does not allow."""

    def __init__(self, campaign: Campaign, step: str) -> None:
        self.status = CampaignStatus(campaign.status)
        super().__init__(
            f"cannot {step}: the campaign is {self.status.value}; it allows {self.status.allows}"
        )


@dataclass
class Segment:
    """Who a campaign is for; every condition given must hold. The store of a
    store's campaign is always its own."""

    tags: list[str] = field(default_factory=list)
    value_tier: str | None = None
    lifecycle: str | None = None
    vehicle_model_id: int | None = None
    store_id: int | None = None


@dataclass
class NewCampaign:
    kind: CampaignKind
    name: str
    starts_at: datetime
    ends_at: datetime
    store_id: int | None = None
    cost: Decimal | None = None
    segment: Segment | None = None


@dataclass
class CampaignChanges:
    """Only the fields given change."""

    name: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    cost: Decimal | None = None
    status: CampaignStatus | None = None
    expected_version: int | None = None


def _read_scope(actor: Actor) -> RowScope:
    """Campaigns of the stores where the actor may read them, and the group's."""
    if actor.tenant_id is None:
        return RowScope(tenant_id=-1, store_ids=frozenset())
    return RowScope(actor.tenant_id, actor.store_ids_with("campaign", "read"))


async def visible_campaign(actor: Actor, campaign_id: int) -> Campaign:
    """A campaign of the actor's stores, or of its whole group."""
    campaign = await CampaignRepository.for_scope(_read_scope(actor)).require(
        campaign_id, "campaign"
    )
    return campaign


def runs_store_campaigns(actor: Actor, store_id: int) -> bool:
    """A store's campaigns are run by its own managers, who hold campaign:manage
    through their grant in that store. Whoever holds it for the whole group
    (the group administrator) plans the group-wide campaigns only: it works no
    store's floor and reads none of its customers."""
    stores = actor.store_ids_with("campaign", "manage")
    return stores is not None and store_id in stores


def may_manage(actor: Actor, campaign: Campaign) -> bool:
    """A store's campaign is run by its managers; a group-wide one by whoever
    holds campaign:manage for the whole group (the group administrator)."""
    if campaign.store_id is None:
        return actor.store_ids_with("campaign", "manage") is None
    return runs_store_campaigns(actor, campaign.store_id)


async def _campaign_to_manage(actor: Actor, campaign_id: int) -> Campaign:
    """The campaign, locked, if the actor may run it."""
    campaign = await visible_campaign(actor, campaign_id)
    if not may_manage(actor, campaign):
        where = "the group" if campaign.store_id is None else "the campaign's store"
        raise Forbidden(f"you need campaign:manage in {where} to run this campaign")
    return await (
        CampaignRepository(campaign.tenant_id).query().select_for_update().get(id=campaign.id)
    )


async def _check_segment(
    tenant_id: int, segment: Segment, store_id: int | None
) -> list[FieldProblem]:
    """Validate and normalise the segment in place (tags trimmed, the store of
    a store's campaign filled in)."""
    problems: list[FieldProblem] = []
    tags = [t.strip() for t in segment.tags]
    if len(tags) > MAX_TAGS:
        problems.append(FieldProblem.at("segment.tags", f"at most {MAX_TAGS} tags"))
    for i, tag in enumerate(tags):
        if not tag or len(tag) > MAX_TAG:
            problems.append(FieldProblem.at(f"segment.tags[{i}]", "a tag is 1 to 48 characters"))
    segment.tags = list(dict.fromkeys(tags))
    if segment.value_tier is not None and segment.value_tier not in VALUE_TIERS:
        problems.append(FieldProblem.at("segment.value_tier", "must be A, B or C"))
    if segment.lifecycle is not None and segment.lifecycle not in LIFECYCLES:
        problems.append(
            FieldProblem.at("segment.lifecycle", f"must be one of {', '.join(LIFECYCLES)}")
        )
    if segment.vehicle_model_id is not None and not await VehicleModel.exists(
        id=segment.vehicle_model_id
    ):
        problems.append(
            FieldProblem.at(
                "segment.vehicle_model_id",
                f"vehicle model {segment.vehicle_model_id} does not exist",
            )
        )
    if store_id is not None:
        if segment.store_id not in (None, store_id):
            problems.append(
                FieldProblem.at(
                    "segment.store_id",
                    "a store's campaign invites the customers of its own store; leave it out",
                )
            )
        segment.store_id = store_id
    elif (
        segment.store_id is not None
        and await StoreRepository(tenant_id).get(segment.store_id) is None
    ):
        problems.append(
            FieldProblem.at(
                "segment.store_id", f"store {segment.store_id} does not exist in your dealer group"
            )
        )
    return problems


def _check_fields(
    name: str | None, starts_at: datetime | None, ends_at: datetime | None, cost: Decimal | None
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if name is not None:
        if not name.strip():
            problems.append(FieldProblem.at("name", "give the campaign a name"))
        elif len(name.strip()) > MAX_NAME:
            problems.append(FieldProblem.at("name", f"at most {MAX_NAME} characters"))
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        problems.append(FieldProblem.at("ends_at", "must be after the start"))
    if cost is not None and (cost < 0 or cost > MAX_COST):
        problems.append(FieldProblem.at("cost", "must be an amount in yuan, zero or more"))
    elif cost is not None and cost != cost.quantize(Decimal("0.01")):
        problems.append(FieldProblem.at("cost", "at most two decimal places (fen)"))
    return problems


async def create_campaign(actor: Actor, new: NewCampaign) -> Campaign:
    """Plan a campaign of one store (its managers), or of the whole group (the
    group administrator, `store_id` None)."""
    tenant_id = tenant_of(actor)
    if new.store_id is not None:
        store = await store_for(actor, new.store_id, "campaign", "manage", field="store_id")
        if not runs_store_campaigns(actor, store.id):
            raise ValidationFailed.one(
                "store_id",
                "leave it out: you plan campaigns of the whole group; a store's own campaigns "
                "are planned by its managers",
            )
        store_id: int | None = store.id
    else:
        if actor.store_ids_with("campaign", "manage") is not None:
            raise ValidationFailed.one(
                "store_id",
                "name your store: a campaign of the whole group is planned by the group "
                "administrator",
            )
        store_id = None
    segment = new.segment or Segment()
    problems = _check_fields(new.name, new.starts_at, new.ends_at, new.cost)
    problems += await _check_segment(tenant_id, segment, store_id)
    if problems:
        raise ValidationFailed(problems)
    return await CampaignRepository(tenant_id).create(
        store_id=store_id,
        kind=new.kind.value,
        name=new.name.strip(),
        starts_at=new.starts_at,
        ends_at=new.ends_at,
        cost=new.cost,
        status=CampaignStatus.PLANNED.value,
        segment_tags=segment.tags,
        segment_value_tier=segment.value_tier,
        segment_lifecycle=segment.lifecycle,
        segment_vehicle_model_id=segment.vehicle_model_id,
        segment_store_id=segment.store_id,
        created_by_id=actor.user_id,
    )


async def update_campaign(actor: Actor, campaign_id: int, changes: CampaignChanges) -> Campaign:
    """Rename, move, cost or open/close a campaign. A closed campaign may be
    reopened (an event extended); the segment stays as planned."""
    campaign = await _campaign_to_manage(actor, campaign_id)
    starts = changes.starts_at or campaign.starts_at
    ends = changes.ends_at or campaign.ends_at
    problems = _check_fields(changes.name, starts, ends, changes.cost)
    if problems:
        raise ValidationFailed(problems)
    values: dict[str, object] = {}
    if changes.name is not None:
        values["name"] = changes.name.strip()
    for name in ("starts_at", "ends_at", "cost"):
        if getattr(changes, name) is not None:
            values[name] = getattr(changes, name)
    if changes.status is not None:
        values["status"] = changes.status.value
    if not values:
        return campaign
    repo = CampaignRepository(campaign.tenant_id)
    await claim_version(repo, campaign, changes.expected_version)
    return await repo.update(campaign, **values)


def segment_of(campaign: Campaign) -> Segment:
    return Segment(
        tags=list(campaign.segment_tags),
        value_tier=campaign.segment_value_tier,
        lifecycle=campaign.segment_lifecycle,
        vehicle_model_id=campaign.segment_vehicle_model_id,
        store_id=campaign.segment_store_id,
    )


def segment_customers(tenant_id: int, segment: Segment) -> QuerySet[Customer]:
    """The live customers of the segment, through the customer list's filter
    (one tag at a time: a customer must carry every tag)."""
    qs = CustomerRepository(tenant_id).query()
    first: str | None = segment.tags[0] if segment.tags else None
    more = segment.tags[1:]
    qs = filter_customers(
        qs,
        tenant_id,
        CustomerFilter(
            store_id=segment.store_id,
            tag=first,
            value_tier=segment.value_tier,
            lifecycle=segment.lifecycle,
            vehicle_model_id=segment.vehicle_model_id,
        ),
    )
    for tag in more:
        qs = filter_customers(qs, tenant_id, CustomerFilter(tag=tag))
    return qs


@dataclass(frozen=True)
class InvitationRun:
    """What inviting the segment did: new invitations, customers of the
    segment already invited, and those left out because their consent does
    not allow marketing contact."""

    campaign: Campaign
    invited: int
    already_invited: int
    skipped_for_consent: int


async def invite_segment(
    actor: Actor, campaign_id: int, *, now: datetime | None = None
) -> InvitationRun:
    """Invite the campaign's segment as it stands now: only customers whose
    consent allows marketing contact, each once (running it again invites
    only customers who joined the segment or gave consent since)."""
    now = now or datetime.now(UTC)
    campaign = await _campaign_to_manage(actor, campaign_id)
    if campaign.status == CampaignStatus.CLOSED:
        raise CampaignInWrongStatus(campaign, "invite customers")
    tenant_id = campaign.tenant_id
    members = await segment_customers(tenant_id, segment_of(campaign)).values_list(
        "id", "store_id", "consent_marketing"
    )
    invitations = CampaignInvitationRepository(tenant_id)
    already = set(
        await invitations.query()
        .filter(campaign_id=campaign.id)
        .values_list("customer_id", flat=True)
    )
    consenting = [(c, s) for c, s, consent in members if consent]
    skipped = len(members) - len(consenting)
    new = [(c, s) for c, s in consenting if c not in already]
    written = await invitations.insert_many(
        [
            {
                "created_at": now,
                "campaign_id": campaign.id,
                "customer_id": customer_id,
                "store_id": store_id,
                "attended": False,
            }
            for customer_id, store_id in sorted(new)
        ],
        returning_ids=True,
    )
    campaign = await CampaignRepository(tenant_id).update(
        campaign, invited_at=now, skipped_for_consent=skipped
    )
    return InvitationRun(
        campaign,
        invited=len(written),
        already_invited=len(consenting) - len(written),
        skipped_for_consent=skipped,
    )


def _invitation_stores(actor: Actor) -> frozenset[int] | None:
    """Stores whose invitations the actor sees: an invitation names a customer,
    so it takes campaign:read and customer:read there (the group administrator
    runs group-wide campaigns by their counts, without reading customers)."""
    campaigns = actor.store_ids_with("campaign", "read")
    customers = actor.store_ids_with("customer", "read")
    if campaigns is None:
        return customers
    return campaigns if customers is None else campaigns & customers


def _visible_invitations(actor: Actor, tenant_id: int) -> QuerySet[CampaignInvitation]:
    """Invitations of the actor's stores whose customer the actor may read: a
    consultant's customer:read is its own customers only, so it sees (and
    records) the invitations of its own customers, not its colleagues'."""
    qs = CampaignInvitationRepository(tenant_id, _invitation_stores(actor)).query()
    scope = customer_scope(actor)
    if scope.store_ids is None:  # every customer of the group
        return qs
    readable = CustomerRepository.for_scope(scope).query().values("id")
    return qs.filter(customer_id__in=Subquery(readable))


def invitations_visible_to(actor: Actor, campaign: Campaign) -> QuerySet[CampaignInvitation]:
    """The campaign's invitations of customers the actor may read."""
    return _visible_invitations(actor, campaign.tenant_id).filter(campaign_id=campaign.id)


async def visible_invitation(actor: Actor, invitation_id: int) -> CampaignInvitation:
    """An invitation of a customer the actor may read."""
    invitation = await _visible_invitations(actor, tenant_of(actor)).get_or_none(id=invitation_id)
    if invitation is None:
        raise NotFound("campaign invitation", invitation_id)
    return invitation


async def _invitation_to_record(
    actor: Actor, invitation_id: int
) -> tuple[CampaignInvitation, Campaign]:
    tenant_id = tenant_of(actor)
    invitation = await visible_invitation(actor, invitation_id)
    if not actor.can("campaign", "record", store_id=invitation.store_id):
        raise Forbidden("you need campaign:record in the invited customer's store")
    campaign = await CampaignRepository(tenant_id).get(invitation.campaign_id)
    if campaign is None:  # the foreign key holds it; this tells mypy
        raise NotFound("campaign", invitation.campaign_id)
    return invitation, campaign


async def record_rsvp(
    actor: Actor, invitation_id: int, rsvp: Rsvp, *, now: datetime | None = None
) -> CampaignInvitation:
    """The invited customer's answer: yes, no or maybe (a later answer replaces it)."""
    invitation, campaign = await _invitation_to_record(actor, invitation_id)
    if campaign.status == CampaignStatus.CLOSED:
        raise CampaignInWrongStatus(campaign, "record an answer")
    return await CampaignInvitationRepository(invitation.tenant_id).update(
        invitation, rsvp=rsvp.value, rsvp_at=now or datetime.now(UTC), recorded_by_id=actor.user_id
    )


async def record_attendance(
    actor: Actor, invitation_id: int, attended: bool, *, now: datetime | None = None
) -> CampaignInvitation:
    """The invited customer came (or, to correct a mistake, did not)."""
    invitation, campaign = await _invitation_to_record(actor, invitation_id)
    if campaign.status == CampaignStatus.PLANNED:
        raise CampaignInWrongStatus(campaign, "record attendance")
    return await CampaignInvitationRepository(invitation.tenant_id).update(
        invitation,
        attended=attended,
        attended_at=(now or datetime.now(UTC)) if attended else None,
        recorded_by_id=actor.user_id,
    )


async def campaign_for_lead(actor: Actor, campaign_id: int, store_id: int) -> Campaign:
    """The campaign a lead taken in at `store_id` names as its source: one the
    actor sees, of that store or the whole group, open or closed."""
    campaign = await CampaignRepository.for_scope(_read_scope(actor)).get(campaign_id)
    if campaign is None:
        raise ValidationFailed.one("campaign_id", f"campaign {campaign_id} does not exist")
    if campaign.store_id not in (None, store_id):
        raise ValidationFailed.one("campaign_id", "the campaign belongs to another store")
    if campaign.status == CampaignStatus.PLANNED:
        raise ValidationFailed.one(
            "campaign_id", "the campaign has not opened yet; a manager opens it on the day"
        )
    return campaign


@dataclass
class CampaignFilter:
    store_id: int | None = None
    kind: CampaignKind | None = None
    status: CampaignStatus | None = None
    starts_from: datetime | None = None
    starts_to: datetime | None = None


def campaigns_visible_to(actor: Actor, f: CampaignFilter) -> QuerySet[Campaign]:
    """Campaigns of the actor's stores and of its group, narrowed by `f`
    (`store_id`: that store's own campaigns)."""
    return where(
        CampaignRepository.for_scope(_read_scope(actor)).query(),
        store_id=f.store_id,
        kind=f.kind,
        status=f.status,
        starts_at__gte=f.starts_from,
        starts_at__lt=f.starts_to,
    )


@dataclass(frozen=True)
class CampaignReport:
    """What a campaign brought: of the whole campaign, every store."""

    campaign: Campaign
    invited: int
    skipped_for_consent: int
    rsvp_yes: int
    rsvp_maybe: int
    rsvp_no: int
    attended: int
    leads: int
    test_drives: int
    orders: int
    cost_per_lead: Decimal | None


async def campaign_report(actor: Actor, campaign_id: int) -> CampaignReport:
    """Invitations, answers and attendance; the leads taken in at the event,
    their test drives done and their orders (cancelled ones left out); and the
    cost per lead when a cost is given and the event brought leads."""
    campaign = await visible_campaign(actor, campaign_id)
    tenant_id = campaign.tenant_id
    invitations = CampaignInvitationRepository(tenant_id).query().filter(campaign_id=campaign.id)
    answers: dict[str, int] = {r.value: 0 for r in Rsvp}
    answered = await invitations.filter(rsvp__isnull=False).values_list("rsvp", flat=True)
    for rsvp in answered:
        answers[str(rsvp)] += 1
    leads = LeadRepository(tenant_id).query().filter(campaign_id=campaign.id)
    lead_count = await leads.count()
    lead_ids = Subquery(leads.values("id"))
    test_drives = (
        await TestDriveRepository(tenant_id)
        .query()
        .filter(lead_id__in=lead_ids, status=TestDriveStatus.DONE.value)
        .count()
    )
    orders = (
        await OrderRepository(tenant_id)
        .query()
        .filter(lead_id__in=Subquery(leads.values("id")))
        .exclude(status=OrderStatus.CANCELLED.value)
        .count()
    )
    per_lead = None
    if campaign.cost is not None and lead_count:
        per_lead = (Decimal(campaign.cost) / lead_count).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return CampaignReport(
        campaign=campaign,
        invited=await invitations.count(),
        skipped_for_consent=campaign.skipped_for_consent,
        rsvp_yes=answers[Rsvp.YES],
        rsvp_maybe=answers[Rsvp.MAYBE],
        rsvp_no=answers[Rsvp.NO],
        attended=await invitations.filter(attended=True).count(),
        leads=lead_count,
        test_drives=test_drives,
        orders=orders,
        cost_per_lead=per_lead,
    )
