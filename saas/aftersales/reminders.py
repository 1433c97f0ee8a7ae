"""After-sales reminders into consultants' task lists (and their in-app
notifications): maintenance due, insurance renewal, birthdays (only with
marketing consent), delivery anniversaries, win-back of lost customers; and
complaint escalation. Keys make every run idempotent; a reminder that may not
be sent is kept as a skipped task with its reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from tortoise.functions import Max

from saas.aftersales.repository import (
    ComplaintRepository,
    InsurancePolicyRepository,
    ReminderTaskRepository,
    ServiceRecordRepository,
    VehicleRepository,
)
from saas.crm.repository import CustomerRepository, LeadRepository
from saas.crm.vocabulary import LeadStatus
from saas.identity.service import store_staff
from saas.models import Customer, InsurancePolicy, Lead, ReminderTask
from saas.notify.service import Message, notify
from saas.org.settings import Reminders, load_group_settings
from saas.tenancy.roles import Role

WIN_BACK_AFTER = timedelta(days=30)

# Rows that name a customer.
R = TypeVar("R", InsurancePolicy, Lead)


@dataclass
class Reminder:
    customer: Customer
    kind: str
    due: date
    title: str
    key: str
    needs_marketing_consent: bool = False


async def _save(tenant_id: int, reminders: list[Reminder]) -> dict[str, int]:
    tasks, messages, counts = [], [], {"created": 0, "skipped": 0}
    for r in reminders:
        if r.customer.owner_id is None:
            continue
        skipped = r.needs_marketing_consent and not r.customer.consent_marketing
        tasks.append(
            ReminderTask(
                tenant_id=tenant_id,
                store_id=r.customer.store_id,
                user_id=r.customer.owner_id,
                customer_id=r.customer.id,
                kind=r.kind,
                due_date=r.due,
                title=r.title,
                dedup_key=r.key,
                status="skipped" if skipped else "open",
                result="skipped: no marketing consent" if skipped else None,
            )
        )
        counts["skipped" if skipped else "created"] += 1
        if not skipped:
            messages.append(
                Message(
                    tenant_id,
                    r.customer.owner_id,
                    f"reminder_{r.kind}",
                    r.title,
                    f"{r.title} ({r.customer.name}, due {r.due.isoformat()})",
                    r.key,
                    r.customer.store_id,
                    data={"customer_id": r.customer.id},
                )
            )
    await ReminderTaskRepository(tenant_id).model.bulk_create(tasks, ignore_conflicts=True)
    await notify(messages)
    return counts


async def due_reminders(tenant_id: int, today: date, settings: Reminders) -> list[Reminder]:
    service_every = timedelta(days=settings.maintenance_every_days)
    renew_before = timedelta(days=settings.insurance_renewal_days)
    birthday = today + timedelta(days=settings.birthday_days_before)
    customers = CustomerRepository(tenant_id)
    vehicles = await VehicleRepository(tenant_id).query()
    by_id = {
        c.id: c
        for c in await customers.query().filter(id__in=list({v.customer_id for v in vehicles}))
    }
    services = ServiceRecordRepository(tenant_id).query()
    last = {
        r["vehicle_id"]: r
        for r in await services.annotate(last=Max("service_date"), km=Max("mileage_km"))
        .group_by("vehicle_id")
        .values("vehicle_id", "last", "km")
    }
    reminders: list[Reminder] = []
    for v in vehicles:
        customer = by_id.get(v.customer_id)
        if customer is None:
            continue
        since = last[v.id]["last"] if v.id in last else v.purchase_date
        km = last[v.id]["km"] if v.id in last else 0
        age_days = max((today - v.purchase_date).days, 1)
        estimated_km = km / age_days * (today - since).days if km else 0
        if today - since >= service_every or estimated_km >= settings.maintenance_every_km:
            reminders.append(
                Reminder(
                    customer,
                    "maintenance",
                    today,
                    f"Maintenance due for {v.model_name}",
                    f"maintenance:{v.id}:{since.isoformat()}",
                )
            )
        if v.purchase_date.replace(year=today.year) == today and today.year > v.purchase_date.year:
            years = today.year - v.purchase_date.year
            reminders.append(
                Reminder(
                    customer,
                    "anniversary",
                    today,
                    f"{years} years with the {v.model_name}",
                    f"anniversary:{v.id}:{today.year}",
                    needs_marketing_consent=True,
                )
            )
    policies = (
        await InsurancePolicyRepository(tenant_id)
        .query()
        .filter(renewed=False, expiry_date__gte=today, expiry_date__lte=today + renew_before)
    )
    reminders += await _for_customers(
        customers,
        policies,
        lambda holder, p: Reminder(
            holder,
            "insurance_renewal",
            p.expiry_date - renew_before,
            f"Insurance with {p.insurer} expires {p.expiry_date.isoformat()}",
            f"insurance:{p.id}",
        ),
    )
    for c in await customers.query().filter(birthday__isnull=False, merged_into_id__isnull=True):
        if c.birthday and (c.birthday.month, c.birthday.day) == (birthday.month, birthday.day):
            reminders.append(
                Reminder(
                    c,
                    "birthday",
                    birthday,
                    f"Birthday greetings to {c.name}",
                    f"birthday:{c.id}:{birthday.year}",
                    needs_marketing_consent=True,
                )
            )
    lost = (
        await LeadRepository(tenant_id)
        .query()
        .filter(
            status=LeadStatus.LOST.value,
            closed_at__lt=datetime.combine(today - WIN_BACK_AFTER, time(), UTC),
        )
    )
    reminders += await _for_customers(
        customers,
        lost,
        lambda customer, lead: Reminder(
            customer,
            "win_back",
            today,
            "Win back a lost customer",
            f"winback:{lead.id}",
            needs_marketing_consent=True,
        ),
    )
    return reminders


async def _for_customers(
    customers: CustomerRepository, rows: Sequence[R], remind: Callable[[Customer, R], Reminder]
) -> list[Reminder]:
    """`remind(customer, row)` for each row whose customer (`row.customer_id`)
    is still among `customers`, in the order of `rows`."""
    by_id = {c.id: c for c in await customers.query().filter(id__in=[r.customer_id for r in rows])}
    return [remind(by_id[r.customer_id], r) for r in rows if r.customer_id in by_id]


async def run_reminders(
    tenant_id: int, today: date, settings: Reminders | None = None
) -> dict[str, int]:
    """Today's reminders, by the group's lead times (`settings`, else loaded)."""
    settings = settings or (await load_group_settings(tenant_id)).reminders
    return await _save(tenant_id, await due_reminders(tenant_id, today, settings))


async def escalate_complaints(tenant_id: int, now: datetime, hours: float) -> list[int]:
    """Complaints unresolved past the group's time go to the showroom managers, once."""
    repo = ComplaintRepository(tenant_id)
    late = (
        await repo.query()
        .filter(
            status__in=["open", "in_progress"],
            escalated_at=None,
            created_at__lt=now - timedelta(hours=hours),
        )
        .order_by("priority", "created_at")
    )
    escalated = []
    for complaint in late:
        if (
            not await repo.query()
            .filter(id=complaint.id, escalated_at=None)
            .update(escalated_at=now)
        ):
            continue
        escalated.append(complaint.id)
        managers = await store_staff(tenant_id, complaint.store_id, (Role.SHOWROOM_MANAGER,))
        await notify(
            [
                Message(
                    tenant_id,
                    user_id,
                    "complaint_escalated",
                    f"Complaint unresolved after {hours:g} hours",
                    complaint.description[:200],
                    f"complaint-escalated:{complaint.id}",
                    complaint.store_id,
                    data={"complaint_id": complaint.id, "severity": complaint.severity},
                )
                for user_id in managers
            ]
        )
    return escalated
