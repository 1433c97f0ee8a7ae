"""Exports of the customers or leads a person may see, as report runs: the
`reports.run` job builds the table with the requester's own permissions (the
rows the `customers`/`leads` queries return, phones masked as the API masks
them), and GET /reports/{id}.csv|xlsx serves it, audited, to the requester
alone: an export holds what that person may see, not what a colleague may."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from saas.crm.access import can_see_phone, store_for, tenant_of
from saas.crm.customers import customers_visible_to
from saas.crm.leads import leads_visible_to
from saas.crm.phones import mask_phone
from saas.crm.repository import CustomerRepository
from saas.crm.search import CustomerFilter, LeadFilter, filter_customers, filter_leads
from saas.errors import Forbidden
from saas.jobqueue import request_job
from saas.models import Customer, ReportRun, User, VehicleModel
from saas.org.repository import StoreRepository
from saas.reports.repository import ReportRunRepository
from saas.tenancy.actor import Actor


class ExportKind(StrEnum):
    CUSTOMERS = "customer_export"
    LEADS = "lead_export"


RESOURCE = {ExportKind.CUSTOMERS: "customer", ExportKind.LEADS: "lead"}
EXPORT_KINDS = frozenset(k.value for k in ExportKind)

CUSTOMER_COLUMNS = ["archive_no", "name", "phone", "wechat", "gender", "city", "store", "owner",
                    "created_at"]  # fmt: skip
LEAD_COLUMNS = ["lead_id", "archive_no", "name", "phone", "store", "source", "model", "grade",
                "status", "stage", "owner", "due_at", "created_at"]  # fmt: skip


async def request_export(actor: Actor, kind: ExportKind, store_id: int | None) -> ReportRun:
    """Queue an export of everything the actor may see (of one store, if given)."""
    tenant_id = tenant_of(actor)
    if actor.user_id is None:
        raise Forbidden("exports are requested by people, not API keys")
    if store_id is not None:
        await store_for(actor, store_id, RESOURCE[kind], "export", field="store_id")
    run = await ReportRunRepository(tenant_id).create(
        kind=kind.value,
        params={"store_id": store_id},
        store_id=store_id,
        requested_by_id=actor.user_id,
    )
    await request_job("reports.run", tenant_id=tenant_id, run_id=run.id)
    return run


def may_see(actor: Actor, run: ReportRun) -> bool:
    return run.requested_by_id == actor.user_id and actor.can(
        RESOURCE[ExportKind(run.kind)], "export"
    )


async def export_table(run: ReportRun, actor: Actor) -> dict[str, Any]:
    kind = ExportKind(run.kind)
    store_id = run.params.get("store_id")
    tenant_id = tenant_of(actor)
    stores = {s.id: s.code for s in await StoreRepository(tenant_id).query()}
    if kind is ExportKind.CUSTOMERS:
        customers = await filter_customers(
            customers_visible_to(actor).query(),
            tenant_id,
            CustomerFilter(store_id=store_id),  # type: ignore[arg-type]
        ).order_by("id")
        owners = await _names([c.owner_id for c in customers])
        rows = [
            [c.archive_no, c.name, _phone(actor, c), c.wechat, c.gender, c.city,
             stores.get(c.store_id), owners.get(c.owner_id), _when(c.created_at)]
            for c in customers
        ]  # fmt: skip
        return _table("Customers", CUSTOMER_COLUMNS, rows)
    leads = await filter_leads(
        leads_visible_to(actor).query(),
        tenant_id,
        LeadFilter(store_id=store_id),  # type: ignore[arg-type]
    ).order_by("id")
    customers_by_id = await CustomerRepository(tenant_id).get_many(x.customer_id for x in leads)
    owners = await _names([lead.owner_id for lead in leads])
    models = {
        m.id: m.name
        for m in await VehicleModel.filter(id__in={x.vehicle_model_id for x in leads} - {None})
    }
    rows = []
    for lead in leads:
        c = customers_by_id[lead.customer_id]
        rows.append(
            [lead.id, c.archive_no, c.name, _phone(actor, c), stores.get(lead.store_id),
             lead.source_channel, models.get(lead.vehicle_model_id), lead.intent_grade,
             lead.status, lead.stage, owners.get(lead.owner_id), _when(lead.due_at),
             _when(lead.created_at)]
        )  # fmt: skip
    return _table("Leads", LEAD_COLUMNS, rows)


def _phone(actor: Actor, customer: Customer) -> str:
    return customer.phone if can_see_phone(actor, customer) else mask_phone(customer.phone)


def _when(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") if at else None


async def _names(user_ids: list[int | None]) -> dict[int | None, str]:
    wanted = {u for u in user_ids if u is not None}
    return {u.id: u.name for u in await User.filter(id__in=wanted)} if wanted else {}


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    return {"title": f"{title} export", "columns": columns, "rows": rows, "chart": None}
