"""After-sales: vehicles, service, insurance, complaints, surveys, tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TypeVar

from tortoise.functions import Avg, Count
from tortoise.queryset import QuerySet

from saas import hooks
from saas.aftersales.repository import (
    ComplaintRepository,
    InsurancePolicyRepository,
    ReminderTaskRepository,
    ServiceRecordRepository,
    SurveyRepository,
    VehicleRepository,
)
from saas.aftersales.vin import vin_problem
from saas.crm.access import customer_scope, store_for, tenant_of, visible_customer
from saas.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from saas.models import (
    Complaint,
    InsurancePolicy,
    Order,
    ReminderTask,
    ServiceRecord,
    Survey,
    Vehicle,
)
from saas.reports.metrics import local_window
from saas.tenancy.actor import Actor
from saas.tenancy.scoped import TenantRepository

# After-sales rows that belong to a customer.
C = TypeVar("C", Vehicle, ServiceRecord, InsurancePolicy, Survey)

CHANNELS = ("this_store", "group_store", "elsewhere", "used")
SEVERITIES = ("low", "medium", "high", "critical")
COMPLAINT_FLOW = {
    "open": {"in_progress", "resolved"},
    "in_progress": {"resolved"},
    "resolved": {"closed", "in_progress"},
    "closed": set(),
}
SCORE_RANGE = range(1, 11)


@dataclass
class NewVehicle:
    customer_id: int
    vin: str | None
    model_name: str
    purchase_date: date
    purchase_channel: str
    vehicle_model_id: int | None = None
    price: Decimal | None = None
    payment_method: str | None = None


async def _unique_vin(
    tenant_id: int, vin: str | None, path: str, exclude: int | None = None
) -> str | None:
    if vin is None:
        return None
    vin, problem = vin_problem(vin)
    if problem:
        raise ValidationFailed.one(path, problem)
    clash = (
        await VehicleRepository(tenant_id).query().filter(vin=vin).exclude(id=exclude or 0).first()
    )
    if clash is not None:
        raise Conflict(f"VIN {vin} is already registered to another vehicle")
    return vin


async def add_vehicle(actor: Actor, new: NewVehicle) -> Vehicle:
    customer = await visible_customer(actor, new.customer_id, write=True)
    problems = []
    if new.purchase_channel not in CHANNELS:
        problems.append(
            FieldProblem(("purchase_channel",), f"must be one of {', '.join(CHANNELS)}")
        )
    if not new.model_name.strip():
        problems.append(FieldProblem(("model_name",), "is required"))
    if new.purchase_date > date.today():
        problems.append(FieldProblem(("purchase_date",), "must not be in the future"))
    if problems:
        raise ValidationFailed(problems)
    vin = await _unique_vin(customer.tenant_id, new.vin, "vin")
    return await VehicleRepository(customer.tenant_id).create(
        store_id=customer.store_id,
        customer_id=customer.id,
        vin=vin,
        model_name=new.model_name.strip(),
        vehicle_model_id=new.vehicle_model_id,
        purchase_date=new.purchase_date,
        price=new.price,
        payment_method=new.payment_method,
        purchase_channel=new.purchase_channel,
    )


async def vehicle_from_order(
    order: Order, model_name: str, vin: str | None, when: datetime
) -> Vehicle:
    """A delivered order becomes a vehicle the customer owns (once per order)."""
    repo = VehicleRepository(order.tenant_id)
    existing = await repo.query().filter(order_id=order.id).first()
    if existing is not None:
        return existing
    return await repo.create(
        store_id=order.store_id,
        customer_id=order.customer_id,
        vin=await _unique_vin(order.tenant_id, vin, "vin"),
        vehicle_model_id=order.vehicle_model_id,
        model_name=model_name,
        purchase_date=when.date(),
        price=order.price,
        payment_method=order.payment_method,
        purchase_channel="this_store",
        order_id=order.id,
    )


async def _vehicle_on_delivery(
    order: Order, model_name: str, vin: str | None, when: datetime
) -> None:
    await vehicle_from_order(order, model_name, vin, when)


def install() -> None:
    """Register after-sales' handler of CRM's delivery hook (`saas.wiring`)."""
    hooks.order_delivered.register(_vehicle_on_delivery)


async def _vehicle(actor: Actor, vehicle_id: int) -> Vehicle:
    return await _of_visible_customer(actor, VehicleRepository, "vehicle", vehicle_id, write=True)


async def record_service(
    actor: Actor,
    vehicle_id: int,
    kind: str,
    service_date: date,
    mileage_km: int,
    content: str,
    cost: Decimal,
) -> ServiceRecord:
    vehicle = await _vehicle(actor, vehicle_id)
    problems = []
    if kind not in ("maintenance", "repair"):
        problems.append(FieldProblem(("kind",), "must be maintenance or repair"))
    if mileage_km < 0:
        problems.append(FieldProblem(("mileage_km",), "must not be negative"))
    if cost < 0:
        problems.append(FieldProblem(("cost",), "must not be negative"))
    if not content.strip():
        problems.append(FieldProblem(("content",), "say what was done"))
    if service_date > date.today():
        problems.append(FieldProblem(("service_date",), "must not be in the future"))
    if problems:
        raise ValidationFailed(problems)
    return await ServiceRecordRepository(vehicle.tenant_id).create(
        store_id=vehicle.store_id,
        customer_id=vehicle.customer_id,
        vehicle_id=vehicle.id,
        kind=kind,
        service_date=service_date,
        mileage_km=mileage_km,
        content=content.strip(),
        cost=cost,
    )


async def add_insurance(
    actor: Actor,
    vehicle_id: int,
    insurer: str,
    start: date,
    expiry: date,
    premium: Decimal,
    share: bool,
) -> InsurancePolicy:
    """An insurance policy; sharing the customer's data with the insurer needs
    the customer's consent (DESIGN: never shared without it)."""
    vehicle = await _vehicle(actor, vehicle_id)
    problems = []
    if not insurer.strip():
        problems.append(FieldProblem(("insurer",), "is required"))
    if expiry <= start:
        problems.append(FieldProblem(("expiry",), "must be after the start date"))
    if premium < 0:
        problems.append(FieldProblem(("premium",), "must not be negative"))
    if problems:
        raise ValidationFailed(problems)
    customer = await visible_customer(actor, vehicle.customer_id)
    if share and not customer.consent_share_insurance:
        raise ValidationFailed.one(
            "share", "the customer has not consented to sharing with insurers"
        )
    return await InsurancePolicyRepository(vehicle.tenant_id).create(
        store_id=vehicle.store_id,
        customer_id=vehicle.customer_id,
        vehicle_id=vehicle.id,
        insurer=insurer.strip(),
        start_date=start,
        expiry_date=expiry,
        premium=premium,
        shared_with_insurer=share,
    )


async def open_complaint(
    actor: Actor, customer_id: int, channel: str, severity: str, description: str
) -> Complaint:
    customer = await visible_customer(actor, customer_id)
    problems = []
    if severity not in SEVERITIES:
        problems.append(FieldProblem(("severity",), f"must be one of {', '.join(SEVERITIES)}"))
    if not description.strip():
        problems.append(FieldProblem(("description",), "describe the complaint"))
    if problems:
        raise ValidationFailed(problems)
    return await ComplaintRepository(customer.tenant_id).create(
        store_id=customer.store_id,
        customer_id=customer.id,
        channel=channel.strip() or "other",
        severity=severity,
        description=description.strip(),
        owner_id=actor.user_id,
        priority=0 if customer.value_tier == "A" else 1,
    )


def complaints_of(actor: Actor) -> QuerySet[Complaint]:
    """Complaints of the stores the actor works in; A-tier customers first."""
    scope = customer_scope(actor).whole_stores()
    return ComplaintRepository.for_scope(scope).query()


async def move_complaint(
    actor: Actor, complaint_id: int, status: str, resolution: str | None, owner_id: int | None
) -> Complaint:
    complaint = await visible_complaint(actor, complaint_id)
    if not actor.can("customer", "update", store_id=complaint.store_id):
        raise Forbidden("you may not handle complaints of this store")
    if status != complaint.status and status not in COMPLAINT_FLOW.get(complaint.status, set()):
        raise ValidationFailed.one(
            "status", f"a {complaint.status} complaint cannot become {status}"
        )
    text = (resolution or "").strip() or complaint.resolution
    if status in ("resolved", "closed") and not text:
        raise ValidationFailed.one("resolution", "say how it was resolved")
    now = datetime.now(UTC)
    values: dict[str, object] = {"status": status, "resolution": text}
    if status == "resolved":
        values["resolved_at"] = now
    if status == "closed":
        values["closed_at"] = now
    if owner_id is not None:
        values["owner_id"] = owner_id
    return await ComplaintRepository(complaint.tenant_id).update(complaint, **values)


async def submit_survey(
    actor: Actor,
    customer_id: int,
    kind: str,
    scores: tuple[int, int, int],
    comment: str | None,
    consultant_id: int | None,
) -> Survey:
    customer = await visible_customer(actor, customer_id)
    problems = [
        FieldProblem((name,), "must be from 1 to 10")
        for name, value in zip(
            ("product_score", "attitude_score", "after_sales_score"), scores, strict=True
        )
        if value not in SCORE_RANGE
    ]
    if kind not in ("delivery", "service"):
        problems.append(FieldProblem(("kind",), "must be delivery or service"))
    if problems:
        raise ValidationFailed(problems)
    return await SurveyRepository(customer.tenant_id).create(
        store_id=customer.store_id,
        customer_id=customer.id,
        kind=kind,
        consultant_id=consultant_id or customer.owner_id,
        product_score=scores[0],
        attitude_score=scores[1],
        after_sales_score=scores[2],
        comment=(comment or "").strip() or None,
    )


class _Mean(Avg):
    """AVG without casting to the (integer) column type: 8.5 stays 8.5."""

    populate_field_object = False


@dataclass(frozen=True)
class SurveyAverage:
    consultant_id: int | None
    surveys: int
    product: float
    attitude: float
    after_sales: float


async def survey_averages(
    actor: Actor, store_id: int, start: date, end: date
) -> list[SurveyAverage]:
    """Average scores per consultant of a store (and, consultant None, the store)."""
    store = await store_for(actor, store_id, "report", "read", field="storeId")
    window = local_window(store, start, end)
    qs = (
        SurveyRepository(store.tenant_id)
        .query()
        .filter(store_id=store.id, created_at__gte=window.start, created_at__lt=window.end)
    )
    fields = {
        "n": Count("id"),
        "p": _Mean("product_score"),
        "a": _Mean("attitude_score"),
        "s": _Mean("after_sales_score"),
    }
    rows = (
        await qs.annotate(**fields)
        .group_by("consultant_id")
        .values("consultant_id", "n", "p", "a", "s")
    )
    total = await qs.annotate(**fields).values("n", "p", "a", "s")
    result = [
        SurveyAverage(
            r["consultant_id"],
            r["n"],
            round(float(r["p"]), 2),
            round(float(r["a"]), 2),
            round(float(r["s"]), 2),
        )
        for r in rows
    ]
    if total and total[0]["n"]:
        t = total[0]
        result.append(
            SurveyAverage(
                None,
                t["n"],
                round(float(t["p"]), 2),
                round(float(t["a"]), 2),
                round(float(t["s"]), 2),
            )
        )
    return result


def tasks_of(actor: Actor, open_only: bool = True) -> QuerySet[ReminderTask]:
    tenant_id = tenant_of(actor)
    qs = ReminderTaskRepository(tenant_id).query().filter(user_id=actor.user_id or -1)
    return qs.filter(status="open") if open_only else qs


async def complete_task(actor: Actor, task_id: int, result: str) -> ReminderTask:
    task = await own_task(actor, task_id)
    if task.status == "done":
        raise Conflict("the task is already done")
    if not result.strip():
        raise ValidationFailed.one("result", "say what came of it")
    return await ReminderTaskRepository(task.tenant_id).update(
        task, status="done", result=result.strip(), done_at=datetime.now(UTC)
    )


async def vehicles_of(actor: Actor, customer_id: int) -> list[Vehicle]:
    customer = await visible_customer(actor, customer_id)
    return (
        await VehicleRepository(customer.tenant_id)
        .query()
        .filter(customer_id=customer.id)
        .order_by("id")
    )


async def mark_renewed(actor: Actor, policy_id: int) -> InsurancePolicy:
    """The customer renewed: no more renewal reminders for this policy."""
    policy = await _of_visible_customer(
        actor, InsurancePolicyRepository, "insurance policy", policy_id, write=True
    )
    return await InsurancePolicyRepository(policy.tenant_id).update(policy, renewed=True)


async def _of_visible_customer(
    actor: Actor,
    repository: type[TenantRepository[C]],
    kind: str,
    row_id: int,
    *,
    write: bool = False,
) -> C:
    """A row of `repository` whose customer the actor may see (or change,
    with `write`); NotFound naming `kind` otherwise."""
    scope = customer_scope(actor, write=write).whole_stores()
    row = await repository.for_scope(scope).require(row_id, kind)
    await visible_customer(actor, row.customer_id, write=write)
    return row


async def visible_vehicle(actor: Actor, vehicle_id: int) -> Vehicle:
    return await _of_visible_customer(actor, VehicleRepository, "vehicle", vehicle_id)


async def visible_service_record(actor: Actor, record_id: int) -> ServiceRecord:
    return await _of_visible_customer(actor, ServiceRecordRepository, "service record", record_id)


async def visible_insurance_policy(actor: Actor, policy_id: int) -> InsurancePolicy:
    return await _of_visible_customer(
        actor, InsurancePolicyRepository, "insurance policy", policy_id
    )


async def visible_survey(actor: Actor, survey_id: int) -> Survey:
    return await _of_visible_customer(actor, SurveyRepository, "survey", survey_id)


async def visible_complaint(actor: Actor, complaint_id: int) -> Complaint:
    """A complaint of the stores the actor works in (as `complaints` lists them)."""
    complaint = await complaints_of(actor).get_or_none(id=complaint_id)
    if complaint is None:
        raise NotFound("complaint", complaint_id)
    return complaint


async def own_task(actor: Actor, task_id: int) -> ReminderTask:
    """One of the actor's reminder tasks, open or not."""
    task = await tasks_of(actor, open_only=False).get_or_none(id=task_id)
    if task is None:
        raise NotFound("task", task_id)
    return task
