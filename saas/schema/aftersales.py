"""After-sales in GraphQL: vehicles, service, insurance, complaints, surveys,
reminder tasks and the customer timeline."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from saas import models
from saas.aftersales import service
from saas.aftersales.timeline import timeline
from saas.errors import SaasError
from saas.schema.context import Info
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    as_id,
    attempt,
    parse_id,
)
from saas.schema.pagination import (
    DEFAULT_PAGE_SIZE,
    Connection,
    Edge,
    Order,
    PageInfo,
    check_first,
    paginate,
)
from saas.schema.permissions import requires
from saas.schema.relay import Node, optional_global_id, to_global_id

ID = strawberry.ID


@strawberry.type(description="A vehicle the customer owns.")
class Vehicle(Node):
    vin: str | None = strawberry.field(description="Null until known.")
    model_name: str
    purchase_date: date
    purchase_channel: str = strawberry.field(
        description="this_store, group_store, elsewhere or used."
    )
    price: Decimal | None

    @classmethod
    def from_model(cls, v: models.Vehicle) -> Vehicle:
        return cls(
            id=to_global_id("Vehicle", v.id),
            vin=v.vin,
            model_name=v.model_name,
            purchase_date=v.purchase_date,
            purchase_channel=v.purchase_channel,
            price=v.price,
        )


@strawberry.type(description="Maintenance or repair.")
class ServiceRecord(Node):
    kind: str
    service_date: date
    mileage_km: int
    content: str
    cost: Decimal


@strawberry.type(description="An insurance policy of a vehicle.")
class InsurancePolicy(Node):
    insurer: str
    start_date: date
    expiry_date: date
    premium: Decimal
    renewed: bool
    shared_with_insurer: bool


@strawberry.type(description="A complaint; A-tier customers' come first.")
class Complaint(Node):
    customer_id: ID
    channel: str
    severity: str
    status: str = strawberry.field(description="open, in_progress, resolved or closed.")
    description: str
    resolution: str | None
    priority: int = strawberry.field(description="0 for A-tier customers, 1 otherwise.")
    created_at: datetime
    escalated_at: datetime | None

    @classmethod
    def from_model(cls, c: models.Complaint) -> Complaint:
        return cls(
            id=to_global_id("Complaint", c.id),
            customer_id=to_global_id("Customer", c.customer_id),
            channel=c.channel,
            severity=c.severity,
            status=c.status,
            description=c.description,
            resolution=c.resolution,
            priority=c.priority,
            created_at=c.created_at,
            escalated_at=c.escalated_at,
        )


@strawberry.type(description="A satisfaction survey (scores 1-10).")
class Survey(Node):
    kind: str
    product_score: int
    attitude_score: int
    after_sales_score: int
    comment: str | None


@strawberry.type(description="A reminder in your task list.")
class ReminderTask(Node):
    kind: str = strawberry.field(
        description="maintenance, insurance_renewal, birthday, anniversary or win_back."
    )
    title: str
    due_date: date
    customer_id: ID
    status: str = strawberry.field(
        description="open, done, or skipped (with the reason in result)."
    )
    result: str | None

    @classmethod
    def from_model(cls, t: models.ReminderTask) -> ReminderTask:
        return cls(
            id=to_global_id("ReminderTask", t.id),
            kind=t.kind,
            title=t.title,
            due_date=t.due_date,
            customer_id=to_global_id("Customer", t.customer_id),
            status=t.status,
            result=t.result,
        )


@strawberry.type(description="One event in a customer's history.")
class TimelineEntry:
    at: datetime
    kind: str = strawberry.field(
        description="lead, follow_up, test_drive, order, delivery, order_cancelled, vehicle, "
        "service, insurance, complaint, survey, tag_added, tag_removed."
    )
    summary: str
    object_id: ID


@strawberry.type(
    description="Average survey scores of a consultant (or, consultant null, the store)."
)
class SurveyAverage:
    consultant_id: ID | None
    surveys: int
    product: float
    attitude: float
    after_sales: float


# The type of the object each kind of timeline entry is about.
_TIMELINE_TYPES = {
    "lead": "Lead",
    "follow_up": "FollowUp",
    "test_drive": "TestDrive",
    "order": "Order",
    "delivery": "Order",
    "order_cancelled": "Order",
    "vehicle": "Vehicle",
    "service": "ServiceRecord",
    "insurance": "InsurancePolicy",
    "complaint": "Complaint",
    "survey": "Survey",
}


def _timeline_object_id(kind: str, object_id: int, customer_id: ID) -> ID:
    """The global id of what an entry is about; tags have no id of their
    own, so a tag entry names its customer."""
    type_name = _TIMELINE_TYPES.get(kind)
    return customer_id if type_name is None else to_global_id(type_name, object_id)


def _simple(cls, row):  # type: ignore[no-untyped-def]
    values = {f: getattr(row, f) for f in cls.__annotations__ if f != "id"}
    return cls(id=to_global_id(cls.__name__, row.id), **values)


@strawberry.input(description="A vehicle the customer owns (bought here or elsewhere).")
class AddVehicleInput:
    customer_id: ID
    vin: str | None = strawberry.field(default=None, description="17 characters; checked.")
    model_name: str
    purchase_date: date
    purchase_channel: str = strawberry.field(
        description="this_store, group_store, elsewhere or used."
    )
    price: Decimal | None = None


@strawberry.input(description="A maintenance or repair visit.")
class RecordServiceInput:
    vehicle_id: ID
    kind: str = strawberry.field(description="maintenance or repair.")
    service_date: date
    mileage_km: int
    content: str
    cost: Decimal


@strawberry.input(
    description="An insurance policy; sharing with the insurer needs the customer's consent."
)
class AddInsurancePolicyInput:
    vehicle_id: ID
    insurer: str
    start_date: date
    expiry_date: date
    premium: Decimal
    share_with_insurer: bool = False


@strawberry.input(description="A complaint received through any channel.")
class OpenComplaintInput:
    customer_id: ID
    channel: str = strawberry.field(description="e.g. phone, wechat, showroom, oem_hotline.")
    severity: str = strawberry.field(description="low, medium, high or critical.")
    description: str


@strawberry.input(description="Move a complaint on; resolving or closing needs a resolution.")
class MoveComplaintInput:
    complaint_id: ID
    status: str = strawberry.field(description="in_progress, resolved or closed.")
    resolution: str | None = None
    owner_id: ID | None = None


@strawberry.input(description="A satisfaction survey after delivery or service.")
class SubmitSurveyInput:
    customer_id: ID
    kind: str = strawberry.field(description="delivery or service.")
    product_score: int
    attitude_score: int
    after_sales_score: int
    comment: str | None = None


@strawberry.input(description="Mark a reminder done, with what came of it.")
class CompleteTaskInput:
    task_id: ID
    result: str


VehicleResult = Annotated[
    Vehicle | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union("VehicleResult"),
]
ServiceRecordResult = Annotated[
    ServiceRecord | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("ServiceRecordResult"),
]
InsurancePolicyResult = Annotated[
    InsurancePolicy | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("InsurancePolicyResult"),
]
ComplaintResult = Annotated[
    Complaint | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("ComplaintResult"),
]
SurveyResult = Annotated[
    Survey | ValidationErrors | NotFoundError | ForbiddenError, strawberry.union("SurveyResult")
]
TaskResult = Annotated[
    ReminderTask | ValidationErrors | NotFoundError | ConflictError | ForbiddenError,
    strawberry.union("TaskResult"),
]


@strawberry.type
class AftersalesQueries:
    @strawberry.field(
        description="Vehicles a customer owns.", extensions=requires("customer", "read")
    )
    async def vehicles(
        self,
        info: Info,
        customer_id: Annotated[ID, strawberry.argument(description="The customer.")],
    ) -> list[Vehicle]:
        try:
            rows = await service.vehicles_of(
                info.context.require_actor(), as_id(customer_id, "Customer")
            )
        except (SaasError, ValueError):
            return []
        return [Vehicle.from_model(v) for v in rows]

    @strawberry.field(
        description="Complaints of your stores: A-tier customers first, then oldest first.",
        extensions=requires("customer", "read"),
    )
    async def complaints(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description="Page size, 1 to 100.")
        ] = DEFAULT_PAGE_SIZE,
        open_only: Annotated[
            bool, strawberry.argument(description="Only open or in progress.")
        ] = True,
    ) -> list[Complaint]:
        check_first(first)
        qs = service.complaints_of(info.context.require_actor())
        if open_only:
            qs = qs.filter(status__in=["open", "in_progress"])
        return [
            Complaint.from_model(c)
            for c in await qs.order_by("priority", "created_at", "id").limit(first)
        ]

    @strawberry.field(
        description="Your reminder tasks, soonest first.",
        extensions=requires("notification", "read"),
    )
    async def my_tasks(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description="Page size, 1 to 100.")
        ] = DEFAULT_PAGE_SIZE,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor of the last row seen.")
        ] = None,
        open_only: Annotated[bool, strawberry.argument(description="Only open tasks.")] = True,
    ) -> Connection[ReminderTask]:
        qs = service.tasks_of(info.context.require_actor(), open_only)
        return await paginate(qs, first, after, ReminderTask.from_model, Order("id"))

    @strawberry.field(
        description="Everything that happened to a customer, newest first.",
        extensions=requires("customer", "read"),
    )
    async def customer_timeline(
        self,
        info: Info,
        customer_id: Annotated[ID, strawberry.argument(description="The customer.")],
        first: Annotated[
            int, strawberry.argument(description="Page size, 1 to 100.")
        ] = DEFAULT_PAGE_SIZE,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor of the last entry seen.")
        ] = None,
    ) -> Connection[TimelineEntry]:
        check_first(first)
        try:
            entries = await timeline(info.context.require_actor(), as_id(customer_id, "Customer"))
        except (SaasError, ValueError):
            entries = []
        start = int(after) + 1 if after and after.isdigit() else 0
        page = entries[start : start + first]
        edges = [
            Edge(
                cursor=str(start + i),
                node=TimelineEntry(
                    at=e.at,
                    kind=e.kind,
                    summary=e.summary,
                    object_id=_timeline_object_id(e.kind, e.object_id, customer_id),
                ),
            )
            for i, e in enumerate(page)
        ]
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=start + first < len(entries),
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @strawberry.field(
        description="Average survey scores per consultant and for the store.",
        extensions=requires("report", "read"),
    )
    async def survey_averages(
        self,
        info: Info,
        store_id: Annotated[ID, strawberry.argument(description="The store.")],
        from_: Annotated[date, strawberry.argument(name="from", description="First local day.")],
        to: Annotated[date, strawberry.argument(description="Local day after the last one.")],
    ) -> list[SurveyAverage]:
        try:
            rows = await service.survey_averages(
                info.context.require_actor(), parse_id(store_id, "storeId", "Store"), from_, to
            )
        except SaasError:
            return []
        return [
            SurveyAverage(
                consultant_id=optional_global_id("User", r.consultant_id or None),
                surveys=r.surveys,
                product=r.product,
                attitude=r.attitude,
                after_sales=r.after_sales,
            )
            for r in rows
        ]


@strawberry.type
class AftersalesMutations:
    @strawberry.mutation(
        description="Record a vehicle the customer owns.", extensions=requires("customer", "update")
    )
    async def add_vehicle(self, info: Info, input: AddVehicleInput) -> VehicleResult:
        actor = info.context.require_actor()

        async def run() -> Vehicle:
            vehicle = await service.add_vehicle(
                actor,
                service.NewVehicle(
                    customer_id=parse_id(input.customer_id, "input.customerId", "Customer"),
                    vin=input.vin,
                    model_name=input.model_name,
                    purchase_date=input.purchase_date,
                    purchase_channel=input.purchase_channel,
                    price=input.price,
                ),
            )
            return Vehicle.from_model(vehicle)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Record maintenance or a repair.", extensions=requires("customer", "update")
    )
    async def record_service(self, info: Info, input: RecordServiceInput) -> ServiceRecordResult:
        actor = info.context.require_actor()

        async def run() -> ServiceRecord:
            row = await service.record_service(
                actor,
                parse_id(input.vehicle_id, "input.vehicleId", "Vehicle"),
                input.kind,
                input.service_date,
                input.mileage_km,
                input.content,
                input.cost,
            )
            return _simple(ServiceRecord, row)  # type: ignore[no-any-return]

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Record an insurance policy.", extensions=requires("customer", "update")
    )
    async def add_insurance_policy(
        self, info: Info, input: AddInsurancePolicyInput
    ) -> InsurancePolicyResult:
        actor = info.context.require_actor()

        async def run() -> InsurancePolicy:
            row = await service.add_insurance(
                actor,
                parse_id(input.vehicle_id, "input.vehicleId", "Vehicle"),
                input.insurer,
                input.start_date,
                input.expiry_date,
                input.premium,
                input.share_with_insurer,
            )
            return _simple(InsurancePolicy, row)  # type: ignore[no-any-return]

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="The customer renewed this policy; its renewal reminders stop.",
        extensions=requires("customer", "update"),
    )
    async def mark_insurance_renewed(
        self, info: Info, policy_id: Annotated[ID, strawberry.argument(description="The policy.")]
    ) -> InsurancePolicyResult:
        actor = info.context.require_actor()

        async def run() -> InsurancePolicy:
            row = await service.mark_renewed(
                actor, parse_id(policy_id, "policyId", "InsurancePolicy")
            )
            return _simple(InsurancePolicy, row)  # type: ignore[no-any-return]

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Take in a complaint.", extensions=requires("customer", "update")
    )
    async def open_complaint(self, info: Info, input: OpenComplaintInput) -> ComplaintResult:
        actor = info.context.require_actor()

        async def run() -> Complaint:
            row = await service.open_complaint(
                actor,
                parse_id(input.customer_id, "input.customerId", "Customer"),
                input.channel,
                input.severity,
                input.description,
            )
            return Complaint.from_model(row)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Move a complaint on (in progress, resolved, closed).",
        extensions=requires("customer", "update"),
    )
    async def move_complaint(self, info: Info, input: MoveComplaintInput) -> ComplaintResult:
        actor = info.context.require_actor()

        async def run() -> Complaint:
            row = await service.move_complaint(
                actor,
                parse_id(input.complaint_id, "input.complaintId", "Complaint"),
                input.status,
                input.resolution,
                parse_id(input.owner_id, "input.ownerId", "User") if input.owner_id else None,
            )
            return Complaint.from_model(row)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Record a satisfaction survey.", extensions=requires("customer", "update")
    )
    async def submit_survey(self, info: Info, input: SubmitSurveyInput) -> SurveyResult:
        actor = info.context.require_actor()

        async def run() -> Survey:
            row = await service.submit_survey(
                actor,
                parse_id(input.customer_id, "input.customerId", "Customer"),
                input.kind,
                (input.product_score, input.attitude_score, input.after_sales_score),
                input.comment,
                None,
            )
            return _simple(Survey, row)  # type: ignore[no-any-return]

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Mark one of your reminder tasks done.",
        extensions=requires("notification", "read"),
    )
    async def complete_task(self, info: Info, input: CompleteTaskInput) -> TaskResult:
        actor = info.context.require_actor()

        async def run() -> ReminderTask:
            return ReminderTask.from_model(
                await service.complete_task(
                    actor, parse_id(input.task_id, "input.taskId", "ReminderTask"), input.result
                )
            )

        return await attempt(run)  # type: ignore[return-value]
