"""After-sales in GraphQL: vehicles, service, insurance, complaints, surveys,
reminder tasks and the customer timeline."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

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
    parse_id,
)
from saas.schema.limits import MaxItems
from saas.schema.pagination import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    Order,
    Page,
    check_first,
    paginate,
    paginate_list,
)
from saas.schema.permissions import requires
from saas.schema.relay import Node, optional_global_id, to_global_id

ID = strawberry.ID


@strawberry.type(description="A vehicle the customer owns.")
class Vehicle(Node):
    vin: str | None = strawberry.field(description="Null until known.")
    model_name: str = strawberry.field(
        description="The model as written on the record, e.g. from the catalogue at delivery."
    )
    purchase_date: date = strawberry.field(
        description="When the customer bought it (a calendar date, no time zone)."
    )
    purchase_channel: str = strawberry.field(
        description="this_store, group_store, elsewhere or used."
    )
    price: Decimal | None = strawberry.field(
        description="Purchase price in yuan (two decimals); null when unknown."
    )

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
    kind: str = strawberry.field(description="maintenance or repair.")
    service_date: date = strawberry.field(
        description="Day of the visit (a calendar date, no time zone)."
    )
    mileage_km: int = strawberry.field(description="Odometer reading at the visit, in km.")
    content: str = strawberry.field(description="What was done.")
    cost: Decimal = strawberry.field(description="What the customer paid, in yuan (two decimals).")


@strawberry.type(description="An insurance policy of a vehicle.")
class InsurancePolicy(Node):
    insurer: str = strawberry.field(description="The insurance company.")
    start_date: date = strawberry.field(description="First day of cover (a calendar date).")
    expiry_date: date = strawberry.field(
        description="Last day of cover (a calendar date); a renewal reminder is due 30 days "
        "before, until renewed."
    )
    premium: Decimal = strawberry.field(description="Premium in yuan (two decimals).")
    renewed: bool = strawberry.field(
        description="The customer renewed (markInsuranceRenewed); renewal reminders stop."
    )
    shared_with_insurer: bool = strawberry.field(
        description="The policy may be shared with the insurer (the customer consented)."
    )


@strawberry.type(description="A complaint; A-tier customers' come first.")
class Complaint(Node):
    customer_id: ID = strawberry.field(description="The customer who complained.")
    channel: str = strawberry.field(
        description="How the complaint came in, e.g. phone, wechat, showroom, oem_hotline."
    )
    severity: str = strawberry.field(description="low, medium, high or critical.")
    status: str = strawberry.field(description="open, in_progress, resolved or closed.")
    description: str = strawberry.field(description="The complaint in the customer's words.")
    resolution: str | None = strawberry.field(
        description="How it was resolved; null until resolved."
    )
    priority: int = strawberry.field(description="0 for A-tier customers, 1 otherwise.")
    created_at: datetime = strawberry.field(
        description="When the complaint was taken in (UTC, ISO-8601)."
    )
    escalated_at: datetime | None = strawberry.field(
        description="When it was escalated to the showroom managers for staying unresolved past "
        "the group's limit (UTC); null if not escalated."
    )

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
    kind: str = strawberry.field(description="delivery or service.")
    product_score: int = strawberry.field(
        description="Satisfaction with the product, 1 (worst) to 10 (best)."
    )
    attitude_score: int = strawberry.field(
        description="Satisfaction with the staff's attitude, 1 to 10."
    )
    after_sales_score: int = strawberry.field(description="Satisfaction with after-sales, 1 to 10.")
    comment: str | None = strawberry.field(description="The customer's comment; null when none.")


@strawberry.type(description="A reminder in your task list.")
class ReminderTask(Node):
    kind: str = strawberry.field(
        description="maintenance, insurance_renewal, birthday, anniversary or win_back."
    )
    title: str = strawberry.field(
        description="What to do, in words, e.g. `Insurance with X expires 2027-03-01`."
    )
    due_date: date = strawberry.field(description="The day the reminder is due (a calendar date).")
    customer_id: ID = strawberry.field(description="The customer to contact.")
    status: str = strawberry.field(
        description="open, done, or skipped (with the reason in result)."
    )
    result: str | None = strawberry.field(
        description="What came of it (set by completeTask), or why it was skipped; null while open."
    )

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
    at: datetime = strawberry.field(
        description="When it happened (UTC); for date-only records (service, purchase, insurance)"
        " midnight UTC of that date."
    )
    kind: str = strawberry.field(
        description="lead, follow_up, test_drive, order, delivery, order_cancelled, vehicle, "
        "service, insurance, complaint, survey, tag_added, tag_removed."
    )
    summary: str = strawberry.field(description="One line in words.")
    object_id: ID = strawberry.field(
        description="Id of the record (lead, follow-up, order...) the entry is about."
    )


@strawberry.type(
    description="Average survey scores of a consultant (or, consultant null, the store)."
)
class SurveyAverage:
    consultant_id: ID | None = strawberry.field(
        description="The consultant; null for the store's average."
    )
    surveys: int = strawberry.field(description="Number of surveys averaged.")
    product: float = strawberry.field(description="Mean product score (1-10).")
    attitude: float = strawberry.field(description="Mean attitude score (1-10).")
    after_sales: float = strawberry.field(description="Mean after-sales score (1-10).")


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


N = TypeVar("N", bound=Node)


def _simple(cls: type[N], row: Any) -> N:
    values = {f: getattr(row, f) for f in cls.__annotations__ if f != "id"}
    return cls(id=to_global_id(cls.__name__, row.id), **values)


@strawberry.input(description="A vehicle the customer owns (bought here or elsewhere).")
class AddVehicleInput:
    customer_id: ID = strawberry.field(description="The owner.")
    vin: str | None = strawberry.field(default=None, description="17 characters; checked.")
    model_name: str = strawberry.field(description="The model, in words (required).")
    purchase_date: date = strawberry.field(
        description="When it was bought (YYYY-MM-DD), not in the future."
    )
    purchase_channel: str = strawberry.field(
        description="this_store, group_store, elsewhere or used."
    )
    price: Decimal | None = strawberry.field(
        default=None, description="Purchase price in yuan, if known."
    )


@strawberry.input(description="A maintenance or repair visit.")
class RecordServiceInput:
    vehicle_id: ID = strawberry.field(description="The vehicle serviced.")
    kind: str = strawberry.field(description="maintenance or repair.")
    service_date: date = strawberry.field(
        description="Day of the visit (YYYY-MM-DD), not in the future."
    )
    mileage_km: int = strawberry.field(description="Odometer reading in km, not negative.")
    content: str = strawberry.field(description="What was done (required).")
    cost: Decimal = strawberry.field(description="What the customer paid, in yuan, not negative.")


@strawberry.input(
    description="An insurance policy; sharing with the insurer needs the customer's consent."
)
class AddInsurancePolicyInput:
    vehicle_id: ID = strawberry.field(description="The insured vehicle.")
    insurer: str = strawberry.field(description="The insurance company (required).")
    start_date: date = strawberry.field(description="First day of cover (YYYY-MM-DD).")
    expiry_date: date = strawberry.field(
        description="Last day of cover (YYYY-MM-DD), after startDate."
    )
    premium: Decimal = strawberry.field(description="Premium in yuan, not negative.")
    share_with_insurer: bool = strawberry.field(
        default=False,
        description="Share the policy with the insurer; refused unless the customer consented "
        "(consents.shareWithInsurers).",
    )


@strawberry.input(description="A complaint received through any channel.")
class OpenComplaintInput:
    customer_id: ID = strawberry.field(description="The customer who complains.")
    channel: str = strawberry.field(description="e.g. phone, wechat, showroom, oem_hotline.")
    severity: str = strawberry.field(description="low, medium, high or critical.")
    description: str = strawberry.field(
        description="The complaint in the customer's words (required)."
    )


@strawberry.input(description="Move a complaint on; resolving or closing needs a resolution.")
class MoveComplaintInput:
    complaint_id: ID = strawberry.field(description="The complaint to move.")
    status: str = strawberry.field(description="in_progress, resolved or closed.")
    resolution: str | None = strawberry.field(
        default=None,
        description="How it was resolved; required when resolving or closing, unless already "
        "given.",
    )
    owner_id: ID | None = strawberry.field(
        default=None, description="Hand the complaint to this user; null keeps the owner."
    )


@strawberry.input(description="A satisfaction survey after delivery or service.")
class SubmitSurveyInput:
    customer_id: ID = strawberry.field(description="The customer surveyed.")
    kind: str = strawberry.field(description="delivery or service.")
    product_score: int = strawberry.field(description="Product satisfaction, 1 to 10.")
    attitude_score: int = strawberry.field(description="Staff attitude, 1 to 10.")
    after_sales_score: int = strawberry.field(description="After-sales satisfaction, 1 to 10.")
    comment: str | None = strawberry.field(default=None, description="The customer's comment.")


@strawberry.input(description="Mark a reminder done, with what came of it.")
class CompleteTaskInput:
    task_id: ID = strawberry.field(description="One of your open reminder tasks.")
    result: str = strawberry.field(description="What came of it (required).")


VehicleResult = Annotated[
    Vehicle | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union(
        "VehicleResult",
        description="The vehicle as saved, or why nothing was saved (ConflictError: the VIN "
        "belongs to another vehicle).",
    ),
]
ServiceRecordResult = Annotated[
    ServiceRecord | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union(
        "ServiceRecordResult", description="The service record as saved, or why nothing was saved."
    ),
]
InsurancePolicyResult = Annotated[
    InsurancePolicy | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union(
        "InsurancePolicyResult", description="The policy as saved, or why nothing was saved."
    ),
]
ComplaintResult = Annotated[
    Complaint | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union(
        "ComplaintResult", description="The complaint as saved, or why nothing was saved."
    ),
]
SurveyResult = Annotated[
    Survey | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("SurveyResult", description="The survey as saved, or why nothing was saved."),
]
TaskResult = Annotated[
    ReminderTask | ValidationErrors | NotFoundError | ConflictError | ForbiddenError,
    strawberry.union("TaskResult", description="The task as saved, or why nothing was saved."),
]


@strawberry.type
class AftersalesQueries:
    @strawberry.field(
        description="Vehicles a customer owns.",
        extensions=requires("customer", "read"),
        directives=[MaxItems(count=100)],
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
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        open_only: Annotated[bool, strawberry.argument(description="Only open tasks.")] = True,
    ) -> Connection[ReminderTask]:
        qs = service.tasks_of(info.context.require_actor(), open_only)
        return await paginate(
            qs, Page(first, after, last, before), ReminderTask.from_model, Order("id")
        )

    @strawberry.field(
        description="Everything that happened to a customer, newest first.",
        extensions=requires("customer", "read"),
    )
    async def customer_timeline(
        self,
        info: Info,
        customer_id: Annotated[ID, strawberry.argument(description="The customer.")],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TimelineEntry]:
        try:
            entries = await timeline(info.context.require_actor(), as_id(customer_id, "Customer"))
        except (SaasError, ValueError):
            entries = []
        return paginate_list(
            entries,
            Page(first, after, last, before),
            lambda e: TimelineEntry(
                at=e.at,
                kind=e.kind,
                summary=e.summary,
                object_id=_timeline_object_id(e.kind, e.object_id, customer_id),
            ),
        )

    @strawberry.field(
        description="Average survey scores per consultant and for the store.",
        extensions=requires("report", "read"),
        directives=[MaxItems(count=200)],
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
    async def add_vehicle(
        self,
        info: Info,
        input: Annotated[
            AddVehicleInput, strawberry.argument(description="The vehicle and its owner.")
        ],
    ) -> VehicleResult:
        actor = info.context.require_actor()
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

    @strawberry.mutation(
        description="Record maintenance or a repair.", extensions=requires("customer", "update")
    )
    async def record_service(
        self,
        info: Info,
        input: Annotated[
            RecordServiceInput, strawberry.argument(description="The vehicle and the visit.")
        ],
    ) -> ServiceRecordResult:
        actor = info.context.require_actor()
        row = await service.record_service(
            actor,
            parse_id(input.vehicle_id, "input.vehicleId", "Vehicle"),
            input.kind,
            input.service_date,
            input.mileage_km,
            input.content,
            input.cost,
        )
        return _simple(ServiceRecord, row)

    @strawberry.mutation(
        description="Record an insurance policy.", extensions=requires("customer", "update")
    )
    async def add_insurance_policy(
        self,
        info: Info,
        input: Annotated[
            AddInsurancePolicyInput, strawberry.argument(description="The vehicle and its policy.")
        ],
    ) -> InsurancePolicyResult:
        actor = info.context.require_actor()
        row = await service.add_insurance(
            actor,
            parse_id(input.vehicle_id, "input.vehicleId", "Vehicle"),
            input.insurer,
            input.start_date,
            input.expiry_date,
            input.premium,
            input.share_with_insurer,
        )
        return _simple(InsurancePolicy, row)

    @strawberry.mutation(
        description="The customer renewed this policy; its renewal reminders stop.",
        extensions=requires("customer", "update"),
    )
    async def mark_insurance_renewed(
        self, info: Info, policy_id: Annotated[ID, strawberry.argument(description="The policy.")]
    ) -> InsurancePolicyResult:
        actor = info.context.require_actor()
        row = await service.mark_renewed(actor, parse_id(policy_id, "policyId", "InsurancePolicy"))
        return _simple(InsurancePolicy, row)

    @strawberry.mutation(
        description="Take in a complaint.", extensions=requires("customer", "update")
    )
    async def open_complaint(
        self,
        info: Info,
        input: Annotated[
            OpenComplaintInput, strawberry.argument(description="The customer and the complaint.")
        ],
    ) -> ComplaintResult:
        actor = info.context.require_actor()
        row = await service.open_complaint(
            actor,
            parse_id(input.customer_id, "input.customerId", "Customer"),
            input.channel,
            input.severity,
            input.description,
        )
        return Complaint.from_model(row)

    @strawberry.mutation(
        description="Move a complaint on (in progress, resolved, closed).",
        extensions=requires("customer", "update"),
    )
    async def move_complaint(
        self,
        info: Info,
        input: Annotated[
            MoveComplaintInput, strawberry.argument(description="The complaint and its new status.")
        ],
    ) -> ComplaintResult:
        actor = info.context.require_actor()
        row = await service.move_complaint(
            actor,
            parse_id(input.complaint_id, "input.complaintId", "Complaint"),
            input.status,
            input.resolution,
            parse_id(input.owner_id, "input.ownerId", "User") if input.owner_id else None,
        )
        return Complaint.from_model(row)

    @strawberry.mutation(
        description="Record a satisfaction survey.", extensions=requires("customer", "update")
    )
    async def submit_survey(
        self,
        info: Info,
        input: Annotated[
            SubmitSurveyInput, strawberry.argument(description="The customer and the scores.")
        ],
    ) -> SurveyResult:
        actor = info.context.require_actor()
        row = await service.submit_survey(
            actor,
            parse_id(input.customer_id, "input.customerId", "Customer"),
            input.kind,
            (input.product_score, input.attitude_score, input.after_sales_score),
            input.comment,
            None,
        )
        return _simple(Survey, row)

    @strawberry.mutation(
        description="Mark one of your reminder tasks done.",
        extensions=requires("notification", "read"),
    )
    async def complete_task(
        self,
        info: Info,
        input: Annotated[
            CompleteTaskInput, strawberry.argument(description="The task and what came of it.")
        ],
    ) -> TaskResult:
        actor = info.context.require_actor()
        return ReminderTask.from_model(
            await service.complete_task(
                actor, parse_id(input.task_id, "input.taskId", "ReminderTask"), input.result
            )
        )
