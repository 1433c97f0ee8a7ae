"""Exports of the customers or leads a person may see, as report runs: the
`reports.run` job streams them into an XLSX and a CSV with the requester's own
permissions (the rows the `customers`/`leads` queries return, phones masked as
the API masks them), and GET /reports/{id}.csv|xlsx serves the stored files,
audited, to the requester alone: an export holds what that person may see,
not what a colleague may."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from saas.crm.access import can_see_phone, store_for, tenant_of
from saas.crm.customers import customers_visible_to
from saas.crm.leads import leads_visible_to
from saas.crm.phones import mask_phone
from saas.crm.repository import CustomerRepository
from saas.crm.search import CustomerFilter, LeadFilter, filter_customers, filter_leads
from saas.errors import Forbidden
from saas.jobqueue import request_job
from saas.models import Customer, ReportRun, Store, User, VehicleModel
from saas.org.repository import StoreRepository
from saas.reports.files import Book, Column, Heading, Kind, Sheet, Written, local
from saas.reports.labels import Language
from saas.reports.repository import ReportRunRepository
from saas.tenancy.actor import Actor


class ExportKind(StrEnum):
    CUSTOMERS = "customer_export"
    LEADS = "lead_export"


RESOURCE = {ExportKind.CUSTOMERS: "customer", ExportKind.LEADS: "lead"}
EXPORT_KINDS = frozenset(k.value for k in ExportKind)

# Phones, archive numbers and names are text cells; times are local to the store.
CUSTOMER_COLUMNS = [
    Column("archive_no"), Column("name"), Column("phone"), Column("wechat"),
    Column("gender", Kind.WORD), Column("city"), Column("store"), Column("owner"),
    Column("created_at", Kind.DATETIME),
]  # fmt: skip
LEAD_COLUMNS = [
    Column("lead_id", Kind.INT), Column("archive_no"), Column("name"), Column("phone"),
    Column("store"), Column("source", Kind.WORD), Column("model"), Column("grade"),
    Column("status", Kind.WORD), Column("stage", Kind.WORD), Column("owner"),
    Column("due_at", Kind.DATETIME), Column("created_at", Kind.DATETIME),
]  # fmt: skip


async def request_export(
    actor: Actor, kind: ExportKind, store_id: int | None, language: Language = Language.EN
) -> ReportRun:
    """Queue an export of everything the actor may see (of one store, if
    given), its headings in `language`."""
    tenant_id = tenant_of(actor)
    if actor.user_id is None:
        raise Forbidden("exports are requested by people, not API keys")
    if store_id is not None:
        await store_for(actor, store_id, RESOURCE[kind], "export", field="store_id")
    run = await ReportRunRepository(tenant_id).create(
        kind=kind.value,
        params={"store_id": store_id, "language": language.value},
        store_id=store_id,
        requested_by_id=actor.user_id,
    )
    await request_job("reports.run", tenant_id=tenant_id, run_id=run.id)
    return run


def may_see(actor: Actor, run: ReportRun) -> bool:
    return run.requested_by_id == actor.user_id and actor.can(
        RESOURCE[ExportKind(run.kind)], "export"
    )


# Rows read from the database at a time: memory stays flat whatever the size.
CHUNK = 2000
RowT = TypeVar("RowT", bound=Model)


async def write_export(
    run: ReportRun, actor: Actor, directory: Path, stem: str, language: Language, max_rows: int
) -> tuple[list[Written], dict[str, Any]]:
    """Stream the export into its files, CHUNK rows at a time, keyset-paged by
    id; at most `max_rows` rows. Times are in each row's store's local time."""
    kind = ExportKind(run.kind)
    wanted = run.params.get("store_id")
    store_id = int(str(wanted)) if wanted is not None else None
    tenant_id = tenant_of(actor)
    stores = {s.id: s for s in await StoreRepository(tenant_id).query()}
    chosen = stores.get(store_id) if store_id is not None else None
    heading = Heading(
        kind.value,
        None,
        f"{chosen.code} {chosen.name}" if chosen is not None else "all_stores",
        datetime.now(UTC),
        chosen.timezone if chosen is not None else _common_timezone(stores.values()),
    )
    columns = CUSTOMER_COLUMNS if kind is ExportKind.CUSTOMERS else LEAD_COLUMNS
    book = Book(directory, stem, heading, language, max_rows=max_rows)
    try:
        sheet = None
        async for rows in _chunks(kind, actor, tenant_id, store_id, stores):
            if sheet is None:
                sheet = book.open_sheet(Sheet(kind.value, columns, rows))
            elif not sheet.write(rows):
                break
        if sheet is None:
            book.open_sheet(Sheet(kind.value, columns, []))
        written = book.close()
    except BaseException:
        book.abandon()
        raise
    title = f"{'Customers' if kind is ExportKind.CUSTOMERS else 'Leads'} export"
    return written, {
        "title": title,
        "columns": [c.key for c in columns],
        "row_count": written[0].row_count,
    }


def _common_timezone(stores: Iterable[Store]) -> str:
    zones = {s.timezone for s in stores}
    return zones.pop() if len(zones) == 1 else "Asia/Shanghai"


async def _chunks(
    kind: ExportKind, actor: Actor, tenant_id: int, store_id: int | None, stores: dict[int, Store]
) -> AsyncIterator[list[list[Any]]]:
    if kind is ExportKind.CUSTOMERS:
        visible = customers_visible_to(actor).query()
        async for customers in _batches(
            filter_customers(visible, tenant_id, CustomerFilter(store_id=store_id))
        ):
            owners = await _names([c.owner_id for c in customers])
            yield [
                [c.archive_no, c.name, _phone(actor, c), c.wechat, c.gender, c.city,
                 _code(stores, c.store_id), owners.get(c.owner_id),
                 _local(stores, c.store_id, c.created_at)]
                for c in customers
            ]  # fmt: skip
        return
    visible_leads = leads_visible_to(actor).query()
    async for leads in _batches(
        filter_leads(visible_leads, tenant_id, LeadFilter(store_id=store_id))
    ):
        customers_by_id = await CustomerRepository(tenant_id).get_many(x.customer_id for x in leads)
        owners = await _names([lead.owner_id for lead in leads])
        wanted = {x.vehicle_model_id for x in leads} - {None}
        models = {m.id: m.name for m in await VehicleModel.filter(id__in=wanted)} if wanted else {}
        rows = []
        for lead in leads:
            c = customers_by_id[lead.customer_id]
            rows.append(
                [lead.id, c.archive_no, c.name, _phone(actor, c), _code(stores, lead.store_id),
                 lead.source_channel, models.get(lead.vehicle_model_id), lead.intent_grade,
                 lead.status, lead.stage, owners.get(lead.owner_id),
                 _local(stores, lead.store_id, lead.due_at),
                 _local(stores, lead.store_id, lead.created_at)]
            )  # fmt: skip
        yield rows


async def _batches(qs: QuerySet[RowT]) -> AsyncIterator[list[RowT]]:
    """The rows of `qs` in id order, CHUNK at a time, each batch read after
    the last id of the one before (no offset to skip over)."""
    last = 0
    while batch := await qs.filter(id__gt=last).order_by("id").limit(CHUNK):
        yield batch
        last = batch[-1].pk


def _code(stores: dict[int, Store], store_id: int | None) -> str | None:
    store = stores.get(store_id) if store_id is not None else None
    return store.code if store is not None else None


def _local(stores: dict[int, Store], store_id: int | None, at: datetime | None) -> datetime | None:
    store = stores.get(store_id) if store_id is not None else None
    return local(at, store.timezone if store is not None else "Asia/Shanghai")


def _phone(actor: Actor, customer: Customer) -> str:
    return customer.phone if can_see_phone(actor, customer) else mask_phone(customer.phone)


async def _names(user_ids: list[int | None]) -> dict[int | None, str]:
    wanted = {u for u in user_ids if u is not None}
    return {u.id: u.name for u in await User.filter(id__in=wanted)} if wanted else {}
