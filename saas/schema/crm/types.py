"""GraphQL types of the sales CRM."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import strawberry

from saas import models
from saas.crm import vocabulary as v
from saas.crm.access import can_see_phone
from saas.crm.phones import mask_phone
from saas.schema.context import Info
from saas.schema.crm import relations
from saas.schema.described import described
from saas.schema.direct import direct
from saas.schema.enums import described_enum
from saas.schema.identity.types import User, loaded_user
from saas.schema.limits import MaxItems
from saas.schema.relations import target
from saas.schema.relay import Node, from_row, optional_global_id, to_global_id

IntentGrade = described_enum(
    v.IntentGrade,
    description="How soon the customer may order; the grade sets the follow-up cadence "
    "(default table below; each dealer group may tune it).",
    values={
        "H": "May order within 7 days. First follow-up within 24 hours, then at least once "
        "every 2 days.",
        "A": "May order within 15 days. First follow-up within 3 days, then at least twice "
        "every 3 days (every 36 hours).",
        "B": "May order within 30 days. First follow-up within 7 days, then at least once "
        "every 4 days.",
        "C": "May order within 2-3 months. First follow-up within 15 days, then at least once "
        "every 7 days.",
        "N": "Not yet known. First follow-up within 30 days, then at least once every 15 days.",
    },
)
LeadStatus = described_enum(
    v.LeadStatus,
    description="Where the lead stands: open, lost (pending approval or approved), "
    "ordered (O), delivered (D), cancelled (T), or returned to the OEM.",
    values={
        "OPEN": "Being worked: follow-ups are due by the grade's cadence.",
        "LOST_PENDING": "The owner asked to close it as lost (战败); waiting for a showroom or "
        "sales manager to approve or reject. Still counts towards the owner's load.",
        "LOST": "Lost (战败, status grade F), with its lost reason; closed.",
        "ORDERED": "Contract signed, car not yet delivered (status grade O).",
        "DELIVERED": "Car handed over (status grade D); closed.",
        "CANCELLED": "The order was cancelled (status grade T); closed.",
        "RETURNED": "An OEM-distributed lead the dealer sent back to the OEM; closed.",
    },
)
FunnelStage = described_enum(
    v.FunnelStage,
    description="Funnel stages, in order.",
    values={
        "FIRST_CONTACT": "First contact: the lead has just arrived.",
        "NEEDS_ANALYSIS": "Needs analysis: budget, purpose, model class and timing asked.",
        "VEHICLE_PRESENTATION": "Vehicle presentation: the car shown and explained.",
        "TEST_DRIVE": "Test drive: reached when a test drive is completed as done.",
        "NEGOTIATION": "Negotiation: objections and price discussed.",
        "CONTRACT": "Contract signed: set by signOrder, not by a follow-up.",
        "DELIVERY": "Delivery: set by deliverOrder, not by a follow-up.",
    },
)
SourceChannel = described_enum(
    v.SourceChannel,
    description="Where the lead came from.",
    values={
        "WALK_IN": "Walked into the showroom.",
        "PHONE_IN": "Called the store.",
        "WEBSITE": "An enquiry through a website.",
        "AUTO_SHOW": "Met at an auto show.",
        "REFERRAL": "Referred by a customer or acquaintance.",
        "THIRD_PARTY": "A third-party platform (car portals and the like).",
        "PROSPECTING": "Market development: found by the consultant's own prospecting.",
        "PARTNER_REFERRAL": "Referred by a sales partner (助销).",
        "OEM": "Distributed by the car maker's head office; its first-contact SLA applies "
        "(24 hours unless the OEM set another deadline).",
    },
)
FollowUpChannel = described_enum(
    v.FollowUpChannel,
    description="How the customer was contacted.",
    values={
        "PHONE": "Phone call.",
        "WECHAT": "WeChat message or call.",
        "SMS": "Text message.",
        "SHOWROOM_VISIT": "The customer came to the showroom; a thank-you reminder follows "
        "within 2 hours.",
        "EMAIL": "Email.",
        "TEST_DRIVE": "Contact during a test drive.",
    },
)
LostReason = described_enum(
    v.LostReason,
    description="Why a lead was lost (战败).",
    values={
        "BOUGHT_COMPETITOR": "Bought another brand.",
        "BOUGHT_ELSEWHERE": "Bought the same brand from another dealer.",
        "PRICE": "The price (or discount) did not suit.",
        "NO_LONGER_INTERESTED": "No longer wants to buy.",
        "UNREACHABLE": "Cannot be reached any more.",
        "FINANCING_DECLINED": "The loan or lease was declined.",
        "OTHER": "Another reason; say which in the note.",
    },
)
PaymentMethod = described_enum(
    v.PaymentMethod,
    description="How the car is paid.",
    values={
        "CASH": "Paid in full by the customer.",
        "LOAN": "Financed with a car loan.",
        "LEASE": "Leased.",
    },
)
OrderStatus = described_enum(
    v.OrderStatus,
    description="signed -> delivered, or cancelled.",
    values={
        "SIGNED": "Contract signed, not delivered (the lead's status grade O).",
        "DELIVERED": "Car handed over (status grade D).",
        "CANCELLED": "Order cancelled (status grade T).",
    },
)
TestDriveStatus = described_enum(
    v.TestDriveStatus,
    description="Test drive outcome.",
    values={
        "SCHEDULED": "Booked, not yet completed.",
        "DONE": "Driven, with the customer's feedback; moves the lead to the test-drive stage "
        "if it was earlier.",
        "NO_SHOW": "The customer did not come.",
        "CANCELLED": "Called off.",
    },
)
TagKind = described_enum(
    v.TagKind,
    description="static (e.g. first car) or dynamic (e.g. price sensitive).",
    values={
        "STATIC": "A fact about the customer that does not change, e.g. `first car`.",
        "DYNAMIC": "A behaviour that may change, e.g. `price sensitive`.",
    },
)
ModelClass = described_enum(
    v.ModelClass,
    description="Kind of vehicle.",
    values={
        "SEDAN": "Sedan.",
        "SUV": "Sport utility vehicle.",
        "MPV": "Multi-purpose vehicle (people carrier).",
        "NEV": "New-energy vehicle (battery electric or plug-in hybrid).",
        "PICKUP": "Pickup truck.",
        "SPORTS": "Sports car.",
    },
)
Purpose = described_enum(
    v.Purpose,
    description="What the car is for.",
    values={
        "FAMILY": "Family car.",
        "BUSINESS": "Business use.",
        "COMMUTE": "Commuting.",
        "OFF_ROAD": "Off-road and outdoor use.",
        "REPLACEMENT": "Replaces a car the customer has.",
        "OTHER": "Something else.",
    },
)
ExpectedPurchase = described_enum(
    v.ExpectedPurchase,
    description="When the customer expects to buy.",
    values={
        "WITHIN_7_DAYS": "Within 7 days.",
        "WITHIN_15_DAYS": "Within 15 days.",
        "WITHIN_30_DAYS": "Within 30 days.",
        "WITHIN_3_MONTHS": "Within 3 months.",
        "LATER": "Later than 3 months.",
        "UNKNOWN": "The customer does not know yet.",
    },
)

PurchasePotential = described_enum(
    v.PurchasePotential,
    description="How much the customer could buy, judged by the store beside the intent grade "
    "(which says when).",
    values={
        "HIGH": "High purchase potential.",
        "MEDIUM": "Medium purchase potential.",
        "LOW": "Low purchase potential.",
    },
)
CreditRating = described_enum(
    v.CreditRating,
    description="A key customer's credit standing as the store judged it.",
    values={
        "EXCELLENT": "Excellent credit.",
        "GOOD": "Good credit.",
        "FAIR": "Fair credit.",
        "POOR": "Poor credit.",
    },
)


@strawberry.type(description="A key customer's credit rating, its basis, date and who set it.")
@described
class CustomerCreditRating:
    """
    Attributes:
        rating: The rating.
        basis: What the rating is based on, as the rater wrote it.
        rated_on: The day the rating was made (a calendar date).
    """

    rating: CreditRating
    basis: str
    rated_on: date
    _rated_by_id: strawberry.Private[int | None]

    @strawberry.field(description="Who set the rating.")
    async def rated_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._rated_by_id)


@strawberry.type(description="A model in the vehicle catalogue.")
@described
class VehicleModel(Node):
    """
    Attributes:
        brand: Brand (make), e.g. the car maker's marque as sold in the store.
        series: Series (line) within the brand; consultants' product lines are series, and
            auto-assignment matches on it.
        name: Model name within the series (trim or variant as the catalogue names it).
        model_class: Kind of vehicle (sedan, SUV, NEV...).
    """

    brand: str
    series: str
    name: str
    model_class: ModelClass

    @classmethod
    def from_model(cls, m: models.VehicleModel) -> VehicleModel:
        return from_row(cls, m, model_class=v.ModelClass(m.model_class))


async def _vehicle_model(info: Info, model_id: int | None) -> VehicleModel | None:
    if model_id is None:
        return None
    row = await info.context.loaders.vehicle_model_by_id.load(model_id)
    return VehicleModel.from_model(row) if row else None


@target
@strawberry.type(description="A tag on a customer; removed tags stay as history.")
@described
class CustomerTag:
    """
    Attributes:
        tag: The tag's text, e.g. `first car` or `price sensitive` (at most 48 characters).
        kind: Static (a fact) or dynamic (a behaviour that may change).
        added_at: When the tag was added (UTC, ISO-8601).
        removed_at: When the tag was removed (UTC); null while the tag is current.
    """

    tag: str
    kind: TagKind
    added_at: datetime
    removed_at: datetime | None

    @classmethod
    def from_model(cls, t: models.CustomerTag) -> CustomerTag:
        return from_row(cls, t, kind=v.TagKind(t.kind), added_at=t.created_at)


@strawberry.type(description="What the customer is looking for.")
@described
class CustomerNeeds:
    """
    Attributes:
        model_class: Kind of vehicle wanted; null when not yet known.
        budget_min: In yuan.
        budget_max: In yuan.
        purpose: What the car is for; null when not yet known.
        focus_points: e.g. power, fuel use, tech, safety.
        expected_purchase: When the customer expects to buy; null when not yet asked.
    """

    model_class: ModelClass | None
    budget_min: int | None
    budget_max: int | None
    purpose: Purpose | None
    focus_points: list[str]
    expected_purchase: ExpectedPurchase | None


@strawberry.type(description="What the customer agreed to.")
@described
class Consents:
    """
    Attributes:
        marketing: The customer agreed to marketing contact; birthday and anniversary reminders are
            skipped without it.
        share_with_finance_partners: Partner banks.
        share_with_insurers: The customer agreed that their data be shared with partner insurers.
    """

    marketing: bool
    share_with_finance_partners: bool
    share_with_insurers: bool


@direct
def _needs(root: Any) -> CustomerNeeds:
    c = root._row
    return CustomerNeeds(
        model_class=v.ModelClass(c.model_class) if c.model_class else None,
        budget_min=c.budget_min,
        budget_max=c.budget_max,
        purpose=v.Purpose(c.purpose) if c.purpose else None,
        focus_points=list(c.focus_points or []),
        expected_purchase=v.ExpectedPurchase(c.expected_purchase) if c.expected_purchase else None,
    )


@direct
def _consents(root: Any) -> Consents:
    c = root._row
    return Consents(
        marketing=c.consent_marketing,
        share_with_finance_partners=c.consent_share_finance,
        share_with_insurers=c.consent_share_insurance,
    )


@direct
def _credit_rating(root: Any) -> CustomerCreditRating | None:
    c = root._row
    if not (c.credit_rating and c.credit_rated_on):
        return None
    return CustomerCreditRating(
        rating=v.CreditRating(c.credit_rating),
        basis=c.credit_rating_basis or "",
        rated_on=c.credit_rated_on,
        _rated_by_id=c.credit_rated_by_id,
    )


@target
@strawberry.type(description="A customer archive (客户档案).")
@described
class Customer(Node):
    """
    Attributes:
        archive_no: Store code + sequence, unique in the group.
        name: Full name as entered by the store.
        wechat: WeChat id; null when not given.
        gender: male, female or other; null when not given.
        birthday: Date of birth (a calendar date, no time zone); null when not given.
        city: City of residence; null when not given.
        occupation: Occupation as entered; null when not given.
        income_band: Yearly income band in yuan: <100k, 100-200k, 200-500k, 500k-1m or >1m; null
            when not given.
        value_tier: A (top 5% by 12-month spend), B (next 15%), C; set monthly.
        lifecycle: high_value, potential, general or lost.
        classified_at: When valueTier and lifecycle were last set by the monthly classification
            (UTC); null until the first run after the customer was created.
        purchase_potential: High, medium or low, beside the intent grade; null when not judged.
        version: Incremented on every change; pass it as expectedVersion to updateCustomer to detect
            concurrent edits.
        created_at: When the archive was created (UTC, ISO-8601).
        updated_at: When the archive last changed (UTC, ISO-8601).
    """

    archive_no: str
    name: str
    wechat: str | None
    gender: str | None
    birthday: date | None
    city: str | None
    occupation: str | None
    income_band: str | None
    # Built when asked for, from the row (a page of leads shows customers
    # without them).
    needs: CustomerNeeds = strawberry.field(
        resolver=_needs, description="What the customer is looking for (needs analysis)."
    )
    consents: Consents = strawberry.field(
        resolver=_consents,
        description="What the customer agreed to; data is never shared without it.",
    )
    value_tier: str | None
    lifecycle: str | None
    classified_at: datetime | None
    purchase_potential: PurchasePotential | None
    credit_rating: CustomerCreditRating | None = strawberry.field(
        resolver=_credit_rating,
        description="The credit rating of a key customer (value tier A or an open important "
        "lead); null when not rated.",
    )
    version: int
    created_at: datetime
    updated_at: datetime
    _row: strawberry.Private[models.Customer]

    @strawberry.field(
        description="E.164 for the customer's owner; masked (138****1234) for anyone else. "
        "Use revealCustomerPhone to see it (recorded)."
    )
    @direct
    def phone(self, info: Info) -> str:
        actor = info.context.actor
        if actor is not None and can_see_phone(actor, self._row):
            return self._row.phone
        return mask_phone(self._row.phone)

    @strawberry.field(description="True when `phone` is masked for you.")
    @direct
    def phone_masked(self, info: Info) -> bool:
        actor = info.context.actor
        return not (actor is not None and can_see_phone(actor, self._row))

    store = relations.CUSTOMER_STORE.field()
    owner = relations.CUSTOMER_OWNER.field()
    tags = relations.CUSTOMER_TAGS.field()

    @strawberry.field(
        description="Every tag ever added, with when it was removed.",
        directives=[MaxItems(count=50)],
    )
    async def tag_history(self, info: Info) -> list[CustomerTag]:
        rows = await info.context.loaders.tags_by_customer_id.load(self._row.id)
        return [CustomerTag.from_model(t) for t in rows]

    @strawberry.field(
        description="The customer's leads you can see.", directives=[MaxItems(count=10)]
    )
    async def leads(self, info: Info) -> list[Lead]:
        rows = await info.context.loaders.leads_by_customer_id.load(self._row.id)
        return [Lead.from_model(r) for r in rows]

    @strawberry.field(description="Set when this archive was merged into another.")
    def merged_into_id(self) -> strawberry.ID | None:
        merged = self._row.merged_into_id
        return optional_global_id("Customer", merged)

    @classmethod
    def from_model(cls, c: models.Customer) -> Customer:
        return from_row(
            cls,
            c,
            purchase_potential=v.PurchasePotential(c.purchase_potential)
            if c.purchase_potential
            else None,
            _row=c,
        )


@target
@strawberry.type(description="One contact with the customer about a lead (跟进记录).")
@described
class FollowUp(Node):
    """
    Attributes:
        channel: How the customer was contacted.
        happened_at: When the contact took place (UTC, ISO-8601); on time when not later than the
            lead's due time.
        content: What was said or done, as the consultant wrote it.
        result: The outcome in a few words; null when not given.
        grade_before: The lead's intent grade before this follow-up (equal to gradeAfter when
            unchanged); null on follow-ups recorded without grades.
        grade_after: The lead's intent grade after this follow-up; null as gradeBefore is.
        stage_before: The lead's funnel stage before this follow-up (equal to stageAfter when
            unchanged); null on follow-ups recorded without stages.
        stage_after: The lead's funnel stage after this follow-up; null as stageBefore is.
        next_follow_up_at: The next follow-up planned at this contact (UTC); required while the lead
            is open, so null only on a lead that was no longer open.
        next_follow_up_reason: Why the next follow-up is planned; null when none is planned.
        lead_id: The lead this follow-up is about.
    """

    channel: FollowUpChannel
    happened_at: datetime
    content: str
    result: str | None
    grade_before: IntentGrade | None
    grade_after: IntentGrade | None
    stage_before: FunnelStage | None
    stage_after: FunnelStage | None
    next_follow_up_at: datetime | None
    next_follow_up_reason: str | None
    lead_id: strawberry.ID
    _row: strawberry.Private[models.FollowUp]

    user = relations.FOLLOW_UP_USER.field()

    @classmethod
    def from_model(cls, f: models.FollowUp) -> FollowUp:
        return from_row(
            cls,
            f,
            grade_before=v.IntentGrade(f.grade_before) if f.grade_before else None,
            grade_after=v.IntentGrade(f.grade_after) if f.grade_after else None,
            stage_before=v.FunnelStage(f.stage_before) if f.stage_before else None,
            stage_after=v.FunnelStage(f.stage_after) if f.stage_after else None,
            lead_id=to_global_id("Lead", f.lead_id),
            _row=f,
        )


@strawberry.type(description="A change of the lead's owner.")
@described
class LeadAssignment:
    """
    Attributes:
        reason: Why the owner changed, in words (for automatic assignments, the rule that chose).
        is_automatic: True when the assignment rule chain chose the owner (new or redistributed
            lead, SLA reassignment); false when a manager did.
        assigned_at: When the owner changed (UTC, ISO-8601).
    """

    reason: str
    is_automatic: bool
    assigned_at: datetime
    _from: strawberry.Private[int | None]
    _to: strawberry.Private[int]
    _by: strawberry.Private[int | None]

    @strawberry.field(description="Previous owner.")
    async def from_user(self, info: Info) -> User | None:
        return await loaded_user(info, self._from)

    @strawberry.field(description="New owner.")
    async def to_user(self, info: Info) -> User | None:
        return await loaded_user(info, self._to)

    @strawberry.field(description="Who decided (null for the rule chain).")
    async def assigned_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._by)

    @classmethod
    def from_model(cls, a: models.LeadAssignment) -> LeadAssignment:
        return from_row(
            cls,
            a,
            assigned_at=a.created_at,
            _from=a.from_user_id,
            _to=a.to_user_id,
            _by=a.assigned_by_id,
        )


@strawberry.type(description="One entry of a lead's history.")
@described
class LeadEvent:
    """
    Attributes:
        kind: created, grade_changed, stage_changed, next_follow_up_moved, lost_requested,
            lost_approved, lost_rejected, reopened (a lost lead back in follow-up), order_signed,
            order_delivered, order_cancelled.
        from_value: The value before the change (a grade, stage or UTC time, as text); null when the
            kind has none.
        to_value: The value after the change, as text; null when the kind has none.
        reason: The reason given (e.g. a lost reason or rejection note); null when none was given.
        backwards: A stage change that went back.
        proposed_grade: On a lost request: the grade proposed instead of losing the lead; null when
            none.
        at: When it happened (UTC, ISO-8601).
    """

    kind: str
    from_value: str | None
    to_value: str | None
    reason: str | None
    backwards: bool
    proposed_grade: IntentGrade | None
    at: datetime
    _actor: strawberry.Private[int | None]
    _proposed_owner: strawberry.Private[int | None]

    @strawberry.field(description="Who did it.")
    async def actor(self, info: Info) -> User | None:
        return await loaded_user(info, self._actor)

    @strawberry.field(
        description="On a lost request: the colleague proposed as owner instead of losing the "
        "lead; null when none."
    )
    async def proposed_owner(self, info: Info) -> User | None:
        return await loaded_user(info, self._proposed_owner)

    @classmethod
    def from_model(cls, e: models.LeadEvent) -> LeadEvent:
        data = e.data or {}
        grade = data.get("proposed_grade")
        owner = data.get("proposed_owner_id")
        return from_row(
            cls,
            e,
            backwards=bool(data.get("backwards", False)),
            proposed_grade=v.IntentGrade(str(grade)) if grade else None,
            at=e.created_at,
            _actor=e.actor_id,
            _proposed_owner=int(str(owner)) if owner is not None else None,
        )


@strawberry.type(description="A customer's buying intent at one store (潜客).")
@described
class Lead(Node):
    """
    Attributes:
        source_channel: Where the lead came from.
        intent_grade: Current intent grade (H/A/B/C/N); it sets the follow-up cadence.
        status: Where the lead stands: open, lost, ordered, delivered, cancelled or returned.
        stage: Current funnel stage.
        is_important: An important customer: auto-assignment gives such leads to a sales manager.
        budget_min: Lowest budget in yuan; null when not known.
        budget_max: Highest budget in yuan; null when not known.
        expected_purchase_date: When the customer expects to buy (a calendar date, no time zone);
            null when not known.
        next_follow_up_at: Planned by the consultant.
        next_follow_up_reason: Why the next follow-up is planned; null when none is planned.
        cadence_due_at: When the grade's cadence wants the next follow-up.
        due_at: The earlier of nextFollowUpAt and cadenceDueAt, while open.
        first_follow_up_at: When the first follow-up took place (UTC); null until the first
            follow-up. For OEM leads this stops the first-contact SLA clock.
        last_follow_up_at: When the latest follow-up took place (UTC); null until the first
            follow-up.
        follow_up_count: How many follow-ups were logged on the lead.
        lost_reason: Why the lead was lost; null unless a loss was requested or approved.
        lost_note: The consultant's note on the loss; null when none.
        lost_competitor_brand: The competitor brand the customer bought instead (reason
            BOUGHT_COMPETITOR); null when not named.
        lost_competitor_model: The competitor model bought; null when not named.
        closed_at: When the lead was closed: lost approved, delivered, cancelled or returned to the
            OEM (UTC); null while it is worked.
        version: Incremented on every change; pass it as expectedVersion to updateLead or
            requestLeadLost to detect concurrent edits.
        created_at: When the lead was created (UTC, ISO-8601).
        campaign_id: The campaign (owner event, auto show) the lead was taken in at; null for
            other leads.
    """

    source_channel: SourceChannel
    intent_grade: IntentGrade
    status: LeadStatus
    stage: FunnelStage
    is_important: bool
    budget_min: int | None
    budget_max: int | None
    expected_purchase_date: date | None
    next_follow_up_at: datetime | None
    next_follow_up_reason: str | None
    cadence_due_at: datetime | None
    due_at: datetime | None
    first_follow_up_at: datetime | None
    last_follow_up_at: datetime | None
    follow_up_count: int
    lost_reason: LostReason | None
    lost_note: str | None
    lost_competitor_brand: str | None
    lost_competitor_model: str | None
    closed_at: datetime | None
    version: int
    created_at: datetime
    campaign_id: strawberry.ID | None
    _row: strawberry.Private[models.Lead]

    @strawberry.field(description="O, D or T after an order; F when lost; else the intent grade.")
    @direct
    def status_grade(self) -> str:
        return v.STATUS_GRADE.get(v.LeadStatus(self._row.status), self._row.intent_grade)

    @strawberry.field(description="Open and past its due time.")
    @direct
    def overdue(self) -> bool:
        due = self._row.due_at
        return self._row.status == v.LeadStatus.OPEN and due is not None and due < datetime.now(UTC)

    customer = relations.LEAD_CUSTOMER.field()
    owner = relations.LEAD_OWNER.field()
    store = relations.LEAD_STORE.field()

    @strawberry.field(description="Intended model.")
    async def vehicle_model(self, info: Info) -> VehicleModel | None:
        return await _vehicle_model(info, self._row.vehicle_model_id)

    @strawberry.field(
        description="The partner who referred the buyer (source PARTNER_REFERRAL); null otherwise."
    )
    def referred_by_partner_id(self) -> strawberry.ID | None:
        return optional_global_id("Partner", self._row.referred_by_partner_id)

    last_follow_up = relations.LEAD_LAST_FOLLOW_UP.field()
    follow_ups = relations.LEAD_FOLLOW_UPS.field()

    @strawberry.field(description="Owner changes, oldest first.", directives=[MaxItems(count=50)])
    async def assignments(self, info: Info) -> list[LeadAssignment]:
        rows = await info.context.loaders.assignments_by_lead_id.load(self._row.id)
        return [LeadAssignment.from_model(r) for r in rows]

    @strawberry.field(
        description="Everything that happened to the lead, oldest first.",
        directives=[MaxItems(count=50)],
    )
    async def history(self, info: Info) -> list[LeadEvent]:
        rows = await info.context.loaders.events_by_lead_id.load(self._row.id)
        return [LeadEvent.from_model(r) for r in rows]

    @classmethod
    def from_model(cls, lead: models.Lead) -> Lead:
        return from_row(
            cls,
            lead,
            lost_reason=v.LostReason(lead.lost_reason) if lead.lost_reason else None,
            campaign_id=optional_global_id("Campaign", lead.campaign_id),
            _row=lead,
        )


@strawberry.type(description="A test drive.")
@described
class TestDrive(Node):
    """
    Attributes:
        lead_id: The lead the test drive belongs to.
        status: Scheduled, done, no-show or cancelled.
        scheduled_at: When the test drive is booked (UTC, ISO-8601).
        completed_at: When the outcome (done, no-show or cancelled) was recorded (UTC); null while
            scheduled.
        feedback: The customer's feedback after driving; null until completed, or when none was
            given.
    """

    lead_id: strawberry.ID
    status: TestDriveStatus
    scheduled_at: datetime
    completed_at: datetime | None
    feedback: str | None
    _model: strawberry.Private[int]

    @strawberry.field(description="The car driven.")
    async def vehicle_model(self, info: Info) -> VehicleModel | None:
        return await _vehicle_model(info, self._model)

    @classmethod
    def from_model(cls, t: models.TestDrive) -> TestDrive:
        return from_row(
            cls,
            t,
            lead_id=to_global_id("Lead", t.lead_id),
            _model=t.vehicle_model_id,
        )


@strawberry.type(description="A vehicle order.")
@described
class Order(Node):
    """
    Attributes:
        lead_id: The lead the order closes.
        status: signed (status grade O), delivered (D) or cancelled (T).
        price: Agreed vehicle price in yuan (two decimals).
        deposit: Deposit paid at signing, in yuan (two decimals); 0 when none.
        payment_method: Cash, loan or lease.
        configuration: Colour, options and trim as agreed, in words; null when not given.
        signed_at: When the contract was signed (UTC, ISO-8601).
        delivered_at: When the car was handed over (UTC); null until delivered.
        cancelled_at: When the order was cancelled (UTC); null unless cancelled.
        cancel_reason: Why the order was cancelled; null unless cancelled.
    """

    lead_id: strawberry.ID
    status: OrderStatus
    price: Decimal
    deposit: Decimal
    payment_method: PaymentMethod
    configuration: str | None
    signed_at: datetime
    delivered_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    _model: strawberry.Private[int]

    @strawberry.field(description="The car ordered.")
    async def vehicle_model(self, info: Info) -> VehicleModel | None:
        return await _vehicle_model(info, self._model)

    @classmethod
    def from_model(cls, o: models.Order) -> Order:
        return from_row(
            cls,
            o,
            lead_id=to_global_id("Lead", o.lead_id),
            _model=o.vehicle_model_id,
        )
