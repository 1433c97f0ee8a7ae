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
from saas.schema.direct import direct
from saas.schema.identity.types import User
from saas.schema.org.types import Store
from saas.schema.relay import Node, optional_global_id, to_global_id

IntentGrade = strawberry.enum(
    v.IntentGrade, description="H: order within 7 days; A: 15; B: 30; C: 2-3 months; N: unknown."
)
LeadStatus = strawberry.enum(
    v.LeadStatus,
    description="Where the lead stands: open, lost (pending approval or approved), "
    "ordered (O), delivered (D), cancelled (T).",
)
FunnelStage = strawberry.enum(v.FunnelStage, description="Funnel stages, in order.")
SourceChannel = strawberry.enum(v.SourceChannel, description="Where the lead came from.")
FollowUpChannel = strawberry.enum(v.FollowUpChannel, description="How the customer was contacted.")
LostReason = strawberry.enum(v.LostReason, description="Why a lead was lost (战败).")
PaymentMethod = strawberry.enum(v.PaymentMethod, description="How the car is paid.")
OrderStatus = strawberry.enum(v.OrderStatus, description="signed -> delivered, or cancelled.")
TestDriveStatus = strawberry.enum(v.TestDriveStatus, description="Test drive outcome.")
TagKind = strawberry.enum(
    v.TagKind, description="static (e.g. first car) or dynamic (e.g. price sensitive)."
)
ModelClass = strawberry.enum(v.ModelClass, description="Kind of vehicle.")
Purpose = strawberry.enum(v.Purpose, description="What the car is for.")
ExpectedPurchase = strawberry.enum(
    v.ExpectedPurchase, description="When the customer expects to buy."
)


@strawberry.type(description="A model in the vehicle catalogue.")
class VehicleModel(Node):
    brand: str
    series: str
    name: str
    model_class: ModelClass  # type: ignore[valid-type]

    @classmethod
    def from_model(cls, m: models.VehicleModel) -> VehicleModel:
        return cls(
            id=to_global_id("VehicleModel", m.id),
            brand=m.brand,
            series=m.series,
            name=m.name,
            model_class=v.ModelClass(m.model_class),
        )


async def _vehicle_model(info: Info, model_id: int | None) -> VehicleModel | None:
    if model_id is None:
        return None
    row = await info.context.loaders.vehicle_model_by_id.load(model_id)
    return VehicleModel.from_model(row) if row else None


def _now_or_later(loader: Any, key: Any, convert: Any, empty: Any = None) -> Any:
    """The converted row at once if the loader already holds it (a primed
    page), else an awaitable: a plain value spares the executor a task.
    `empty` answers for a missing row (None, or [] for a list)."""
    future = loader.cache_map.get(key)
    if future is not None and future.done() and future.exception() is None:
        row = future.result()
        return convert(row) if row else empty

    async def later() -> Any:
        row = await loader.load(key)
        return convert(row) if row else empty

    return later()


def _current_tags(rows: list[models.CustomerTag]) -> list[CustomerTag]:
    return [CustomerTag.from_model(t) for t in rows if t.removed_at is None]


async def _user(info: Info, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    row = await info.context.loaders.user_by_id.load(user_id)
    return User.from_model(row) if row else None


async def _store(info: Info, store_id: int) -> Store | None:
    row = await info.context.loaders.store_by_id.load(store_id)
    return Store.from_model(row) if row else None


@strawberry.type(description="A tag on a customer; removed tags stay as history.")
class CustomerTag:
    tag: str
    kind: TagKind  # type: ignore[valid-type]
    added_at: datetime
    removed_at: datetime | None

    @classmethod
    def from_model(cls, t: models.CustomerTag) -> CustomerTag:
        return cls(
            tag=t.tag, kind=v.TagKind(t.kind), added_at=t.created_at, removed_at=t.removed_at
        )


@strawberry.type(description="What the customer is looking for.")
class CustomerNeeds:
    model_class: ModelClass | None  # type: ignore[valid-type]
    budget_min: int | None = strawberry.field(description="In yuan.")
    budget_max: int | None = strawberry.field(description="In yuan.")
    purpose: Purpose | None  # type: ignore[valid-type]
    focus_points: list[str] = strawberry.field(description="e.g. power, fuel use, tech, safety.")
    expected_purchase: ExpectedPurchase | None  # type: ignore[valid-type]


@strawberry.type(description="What the customer agreed to.")
class Consents:
    marketing: bool
    share_with_finance_partners: bool = strawberry.field(description="Partner banks.")
    share_with_insurers: bool


@strawberry.type(description="A customer archive (客户档案).")
class Customer(Node):
    archive_no: str = strawberry.field(description="Store code + sequence, unique in the group.")
    name: str
    wechat: str | None
    gender: str | None
    birthday: date | None
    city: str | None
    occupation: str | None
    income_band: str | None
    needs: CustomerNeeds
    consents: Consents
    value_tier: str | None = strawberry.field(
        description="A (top 5% by 12-month spend), B (next 15%), C; set monthly."
    )
    lifecycle: str | None = strawberry.field(description="high_value, potential, general or lost.")
    classified_at: datetime | None
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

    @strawberry.field(description="The customer's store.")
    async def store(self, info: Info) -> Store | None:
        return await _store(info, self._row.store_id)

    @strawberry.field(description="The consultant who owns the customer.")
    async def owner(self, info: Info) -> User | None:
        return await _user(info, self._row.owner_id)

    @strawberry.field(description="Current tags.")
    @direct
    def tags(self, info: Info) -> list[CustomerTag]:
        return _now_or_later(  # type: ignore[no-any-return]
            info.context.loaders.tags_by_customer_id, self._row.id, _current_tags, empty=[]
        )

    @strawberry.field(description="Every tag ever added, with when it was removed.")
    async def tag_history(self, info: Info) -> list[CustomerTag]:
        rows = await info.context.loaders.tags_by_customer_id.load(self._row.id)
        return [CustomerTag.from_model(t) for t in rows]

    @strawberry.field(description="The customer's leads you can see.")
    async def leads(self, info: Info) -> list[Lead]:
        rows = await info.context.loaders.leads_by_customer_id.load(self._row.id)
        return [Lead.from_model(r) for r in rows]

    @strawberry.field(description="Set when this archive was merged into another.")
    def merged_into_id(self) -> strawberry.ID | None:
        merged = self._row.merged_into_id
        return optional_global_id("Customer", merged)

    @classmethod
    def from_model(cls, c: models.Customer) -> Customer:
        return cls(
            id=to_global_id("Customer", c.id),
            archive_no=c.archive_no,
            name=c.name,
            wechat=c.wechat,
            gender=c.gender,
            birthday=c.birthday,
            city=c.city,
            occupation=c.occupation,
            income_band=c.income_band,
            needs=CustomerNeeds(
                model_class=v.ModelClass(c.model_class) if c.model_class else None,
                budget_min=c.budget_min,
                budget_max=c.budget_max,
                purpose=v.Purpose(c.purpose) if c.purpose else None,
                focus_points=list(c.focus_points or []),
                expected_purchase=v.ExpectedPurchase(c.expected_purchase)
                if c.expected_purchase
                else None,
            ),
            consents=Consents(
                marketing=c.consent_marketing,
                share_with_finance_partners=c.consent_share_finance,
                share_with_insurers=c.consent_share_insurance,
            ),
            value_tier=c.value_tier,
            lifecycle=c.lifecycle,
            classified_at=c.classified_at,
            version=c.version,
            created_at=c.created_at,
            updated_at=c.updated_at,
            _row=c,
        )


@strawberry.type(description="One contact with the customer about a lead (跟进记录).")
class FollowUp(Node):
    channel: FollowUpChannel  # type: ignore[valid-type]
    happened_at: datetime
    content: str
    result: str | None
    grade_before: IntentGrade | None  # type: ignore[valid-type]
    grade_after: IntentGrade | None  # type: ignore[valid-type]
    stage_before: FunnelStage | None  # type: ignore[valid-type]
    stage_after: FunnelStage | None  # type: ignore[valid-type]
    next_follow_up_at: datetime | None
    next_follow_up_reason: str | None
    lead_id: strawberry.ID
    _user_id: strawberry.Private[int | None]

    @strawberry.field(description="Who followed up.")
    async def user(self, info: Info) -> User | None:
        return await _user(info, self._user_id)

    @classmethod
    def from_model(cls, f: models.FollowUp) -> FollowUp:
        return cls(
            id=to_global_id("FollowUp", f.id),
            channel=v.FollowUpChannel(f.channel),
            happened_at=f.happened_at,
            content=f.content,
            result=f.result,
            grade_before=v.IntentGrade(f.grade_before) if f.grade_before else None,
            grade_after=v.IntentGrade(f.grade_after) if f.grade_after else None,
            stage_before=v.FunnelStage(f.stage_before) if f.stage_before else None,
            stage_after=v.FunnelStage(f.stage_after) if f.stage_after else None,
            next_follow_up_at=f.next_follow_up_at,
            next_follow_up_reason=f.next_follow_up_reason,
            lead_id=to_global_id("Lead", f.lead_id),
            _user_id=f.user_id,
        )


@strawberry.type(description="A change of the lead's owner.")
class LeadAssignment:
    reason: str
    is_automatic: bool
    assigned_at: datetime
    _from: strawberry.Private[int | None]
    _to: strawberry.Private[int]
    _by: strawberry.Private[int | None]

    @strawberry.field(description="Previous owner.")
    async def from_user(self, info: Info) -> User | None:
        return await _user(info, self._from)

    @strawberry.field(description="New owner.")
    async def to_user(self, info: Info) -> User | None:
        return await _user(info, self._to)

    @strawberry.field(description="Who decided (null for the rule chain).")
    async def assigned_by(self, info: Info) -> User | None:
        return await _user(info, self._by)

    @classmethod
    def from_model(cls, a: models.LeadAssignment) -> LeadAssignment:
        return cls(
            reason=a.reason,
            is_automatic=a.is_automatic,
            assigned_at=a.created_at,
            _from=a.from_user_id,
            _to=a.to_user_id,
            _by=a.assigned_by_id,
        )


@strawberry.type(description="One entry of a lead's history.")
class LeadEvent:
    kind: str = strawberry.field(
        description="created, grade_changed, stage_changed, next_follow_up_moved, "
        "lost_requested, lost_approved, lost_rejected, order_signed, order_delivered, "
        "order_cancelled."
    )
    from_value: str | None
    to_value: str | None
    reason: str | None
    backwards: bool = strawberry.field(description="A stage change that went back.")
    at: datetime
    _actor: strawberry.Private[int | None]

    @strawberry.field(description="Who did it.")
    async def actor(self, info: Info) -> User | None:
        return await _user(info, self._actor)

    @classmethod
    def from_model(cls, e: models.LeadEvent) -> LeadEvent:
        return cls(
            kind=e.kind,
            from_value=e.from_value,
            to_value=e.to_value,
            reason=e.reason,
            backwards=bool((e.data or {}).get("backwards", False)),
            at=e.created_at,
            _actor=e.actor_id,
        )


@strawberry.type(description="A customer's buying intent at one store (潜客).")
class Lead(Node):
    source_channel: SourceChannel  # type: ignore[valid-type]
    intent_grade: IntentGrade  # type: ignore[valid-type]
    status: LeadStatus  # type: ignore[valid-type]
    stage: FunnelStage  # type: ignore[valid-type]
    is_important: bool
    budget_min: int | None
    budget_max: int | None
    expected_purchase_date: date | None
    next_follow_up_at: datetime | None = strawberry.field(description="Planned by the consultant.")
    next_follow_up_reason: str | None
    cadence_due_at: datetime | None = strawberry.field(
        description="When the grade's cadence wants the next follow-up."
    )
    due_at: datetime | None = strawberry.field(
        description="The earlier of nextFollowUpAt and cadenceDueAt, while open."
    )
    first_follow_up_at: datetime | None
    last_follow_up_at: datetime | None
    follow_up_count: int
    lost_reason: LostReason | None  # type: ignore[valid-type]
    lost_note: str | None
    closed_at: datetime | None
    version: int
    created_at: datetime
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

    @strawberry.field(description="The customer.")
    @direct
    def customer(self, info: Info) -> Customer | None:
        return _now_or_later(
            info.context.loaders.customer_by_id, self._row.customer_id, Customer.from_model
        )

    @strawberry.field(description="The consultant (or manager) who owns the lead.")
    @direct
    def owner(self, info: Info) -> User | None:
        if self._row.owner_id is None:
            return None
        return _now_or_later(info.context.loaders.user_by_id, self._row.owner_id, User.from_model)

    @strawberry.field(description="The store.")
    @direct
    def store(self, info: Info) -> Store | None:
        return _now_or_later(info.context.loaders.store_by_id, self._row.store_id, Store.from_model)

    @strawberry.field(description="Intended model.")
    async def vehicle_model(self, info: Info) -> VehicleModel | None:
        return await _vehicle_model(info, self._row.vehicle_model_id)

    @strawberry.field(description="The latest follow-up.")
    @direct
    def last_follow_up(self, info: Info) -> FollowUp | None:
        return _now_or_later(
            info.context.loaders.last_follow_up_by_lead_id, self._row.id, FollowUp.from_model
        )

    @strawberry.field(description="All follow-ups, oldest first.")
    async def follow_ups(self, info: Info) -> list[FollowUp]:
        rows = await info.context.loaders.follow_ups_by_lead_id.load(self._row.id)
        return [FollowUp.from_model(r) for r in rows]

    @strawberry.field(description="Owner changes, oldest first.")
    async def assignments(self, info: Info) -> list[LeadAssignment]:
        rows = await info.context.loaders.assignments_by_lead_id.load(self._row.id)
        return [LeadAssignment.from_model(r) for r in rows]

    @strawberry.field(description="Everything that happened to the lead, oldest first.")
    async def history(self, info: Info) -> list[LeadEvent]:
        rows = await info.context.loaders.events_by_lead_id.load(self._row.id)
        return [LeadEvent.from_model(r) for r in rows]

    @classmethod
    def from_model(cls, lead: models.Lead) -> Lead:
        return cls(
            id=to_global_id("Lead", lead.id),
            source_channel=v.SourceChannel(lead.source_channel),
            intent_grade=v.IntentGrade(lead.intent_grade),
            status=v.LeadStatus(lead.status),
            stage=v.FunnelStage(lead.stage),
            is_important=lead.is_important,
            budget_min=lead.budget_min,
            budget_max=lead.budget_max,
            expected_purchase_date=lead.expected_purchase_date,
            next_follow_up_at=lead.next_follow_up_at,
            next_follow_up_reason=lead.next_follow_up_reason,
            cadence_due_at=lead.cadence_due_at,
            due_at=lead.due_at,
            first_follow_up_at=lead.first_follow_up_at,
            last_follow_up_at=lead.last_follow_up_at,
            follow_up_count=lead.follow_up_count,
            lost_reason=v.LostReason(lead.lost_reason) if lead.lost_reason else None,
            lost_note=lead.lost_note,
            closed_at=lead.closed_at,
            version=lead.version,
            created_at=lead.created_at,
            _row=lead,
        )


@strawberry.type(description="A test drive.")
class TestDrive(Node):
    lead_id: strawberry.ID
    status: TestDriveStatus  # type: ignore[valid-type]
    scheduled_at: datetime
    completed_at: datetime | None
    feedback: str | None
    _model: strawberry.Private[int]

    @strawberry.field(description="The car driven.")
    async def vehicle_model(self, info: Info) -> VehicleModel | None:
        return await _vehicle_model(info, self._model)

    @classmethod
    def from_model(cls, t: models.TestDrive) -> TestDrive:
        return cls(
            id=to_global_id("TestDrive", t.id),
            lead_id=to_global_id("Lead", t.lead_id),
            status=v.TestDriveStatus(t.status),
            scheduled_at=t.scheduled_at,
            completed_at=t.completed_at,
            feedback=t.feedback,
            _model=t.vehicle_model_id,
        )


@strawberry.type(description="A vehicle order.")
class Order(Node):
    lead_id: strawberry.ID
    status: OrderStatus  # type: ignore[valid-type]
    price: Decimal
    deposit: Decimal
    payment_method: PaymentMethod  # type: ignore[valid-type]
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
        return cls(
            id=to_global_id("Order", o.id),
            lead_id=to_global_id("Lead", o.lead_id),
            status=v.OrderStatus(o.status),
            price=o.price,
            deposit=o.deposit,
            payment_method=v.PaymentMethod(o.payment_method),
            configuration=o.configuration,
            signed_at=o.signed_at,
            delivered_at=o.delivered_at,
            cancelled_at=o.cancelled_at,
            cancel_reason=o.cancel_reason,
            _model=o.vehicle_model_id,
        )
