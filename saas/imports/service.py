"""Bulk import: a file is checked and parsed when it arrives, then the
`crm.import_file` job takes its rows in, in chunks that commit together with
their row results and the progress counter, so a killed worker resumes where
it stopped and never lands a row twice. Every row goes through the normal
intake of saas/crm (phone de-duplication, owner choice, cadence); a dry run
does the same work in a savepoint it rolls back, so it reports what a real
run would do and writes nothing but its own results."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from tortoise.exceptions import BaseORMException
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from saas.crm.access import store_for, tenant_of
from saas.crm.customers import CustomerFields, check_customer_fields, find_by_phone, insert_customer
from saas.crm.leads import NewLead, check_new_lead, take_in
from saas.crm.phones import normalise_phone
from saas.crm.vocabulary import IntentGrade, SourceChannel
from saas.errors import FieldProblem, NotFound, SaasError, ValidationFailed
from saas.imports.files import parse_file
from saas.imports.repository import ImportRowRepository, ImportRunRepository
from saas.jobqueue import request_job
from saas.models import ImportRow, ImportRun, Store, User, VehicleModel
from saas.org.repository import StoreRepository
from saas.tenancy.actor import Actor
from saas.tenancy.auth import actor_for_user
from saas.tenancy.authz import Authorizer
from saas.tenancy.rls import tenant_transaction

CHUNK = 500
T = TypeVar("T")


class ImportKind(StrEnum):
    CUSTOMERS = "customers"
    LEADS = "leads"


RESOURCE = {ImportKind.CUSTOMERS: "customer", ImportKind.LEADS: "lead"}


class Outcome(StrEnum):
    CREATED = "created"
    MERGED = "merged"  # a duplicate of an existing customer or open lead
    REJECTED = "rejected"


# What dealers write in the 来源 (source) column.
SOURCES: dict[str, SourceChannel] = {
    **{c.value: c for c in SourceChannel if c is not SourceChannel.OEM},
    "walk in": SourceChannel.WALK_IN, "展厅": SourceChannel.WALK_IN,
    "到店": SourceChannel.WALK_IN, "自然到店": SourceChannel.WALK_IN,
    "phone": SourceChannel.PHONE_IN, "来电": SourceChannel.PHONE_IN,
    "电话": SourceChannel.PHONE_IN, "website": SourceChannel.WEBSITE,
    "网站": SourceChannel.WEBSITE, "官网": SourceChannel.WEBSITE, "网络": SourceChannel.WEBSITE,
    "车展": SourceChannel.AUTO_SHOW, "转介绍": SourceChannel.REFERRAL,
    "推荐": SourceChannel.REFERRAL, "第三方": SourceChannel.THIRD_PARTY,
    "汽车之家": SourceChannel.THIRD_PARTY, "懂车帝": SourceChannel.THIRD_PARTY,
    "易车": SourceChannel.THIRD_PARTY, "外拓": SourceChannel.PROSPECTING,
    "市场开发": SourceChannel.PROSPECTING, "助销": SourceChannel.PARTNER_REFERRAL,
}  # fmt: skip
GENDERS = {"男": "male", "女": "female", "m": "male", "f": "female"}
# Paths of the CRM's validation errors -> the template column to fix.
COLUMN_OF = {"name": "name", "phone": "phone", "gender": "gender"}


@dataclass
class RowResult:
    row_no: int
    outcome: Outcome
    customer_id: int | None = None
    lead_id: int | None = None
    column: str | None = None
    message: str | None = None
    phone: str | None = None  # normalised; lets a dry run spot repeats across chunks


async def start_import(
    actor: Actor,
    kind: ImportKind,
    store_id: int,
    file_name: str,
    content: bytes,
    *,
    max_bytes: int,
    dry_run: bool = False,
) -> ImportRun:
    """Check the file now (size, encoding, columns) and queue the import."""
    tenant_of(actor)
    store = await store_for(actor, store_id, RESOURCE[kind], "import", field="store_id")
    return await create_import(
        store,
        kind,
        file_name,
        content,
        max_bytes=max_bytes,
        dry_run=dry_run,
        requested_by_id=actor.user_id,
    )


async def create_import(
    store: Store,
    kind: ImportKind,
    file_name: str,
    content: bytes,
    *,
    max_bytes: int,
    dry_run: bool,
    requested_by_id: int | None,
    queue: bool = True,
) -> ImportRun:
    """A new run, or the earlier real run of the very same file into the same
    store (sending a file twice imports it once)."""
    if len(content) > max_bytes:
        raise ValidationFailed.one(
            "content",
            f"the file has {len(content):,} bytes; at most {max_bytes:,} per import",
        )
    parsed = parse_file(file_name, content)
    digest = hashlib.sha256(content).hexdigest()
    key = None if dry_run else f"{kind.value}:{store.id}:{digest}"
    runs = ImportRunRepository(store.tenant_id)
    if key is not None:
        earlier = await runs.query().get_or_none(dedup_key=key)
        if earlier is not None:
            if earlier.status != "done" and queue:
                await _queue(earlier)  # sending it again resumes a run whose worker gave up
            return earlier
    run = await runs.create(
        store_id=store.id,
        kind=kind.value,
        file_name=(file_name.strip() or "upload")[:200],
        content_sha256=digest,
        dedup_key=key,
        dry_run=dry_run,
        requested_by_id=requested_by_id,
        rows=parsed.rows,
        total=len(parsed.rows),
    )
    if queue:
        await _queue(run)
    return run


async def _queue(run: ImportRun) -> None:
    await request_job("crm.import_file", tenant_id=run.tenant_id, import_id=run.id)


def imports_of(actor: Actor) -> ImportRunRepository:
    return ImportRunRepository(tenant_of(actor))


async def get_import(actor: Actor, import_id: int) -> ImportRun:
    """The requester's import, or one of a store where the actor may import."""
    run = await imports_of(actor).status(import_id)
    if run is None or not (
        run.requested_by_id == actor.user_id
        or actor.can(RESOURCE[ImportKind(run.kind)], "import", store_id=run.store_id)
    ):
        raise NotFound("import", import_id)
    return run


def row_results(run: ImportRun, outcome: Outcome | None = None) -> QuerySet[ImportRow]:
    qs = ImportRowRepository(run.tenant_id).query().filter(import_run_id=run.id)
    return qs.filter(outcome=outcome.value) if outcome is not None else qs


# -- the job -------------------------------------------------------------------------------


async def run_import(
    tenant_id: int,
    import_id: int,
    *,
    now: datetime | None = None,
    on_progress: Callable[[ImportRun], None] | None = None,
) -> ImportRun | None:
    """Take the rows in from where the run stopped, one committed chunk at a time."""
    now = now or datetime.now(UTC)
    runs = ImportRunRepository(tenant_id)
    async with tenant_transaction(tenant_id):
        run = await runs.get(import_id)
        if run is None or run.status == "done":
            return run
        run = await runs.update(run, status="running", started_at=run.started_at or now)
        store = await StoreRepository(tenant_id).get(run.store_id)
        actor = await _requester(run.requested_by_id)
        seen = await _landed_phones(run) if run.dry_run else {}
    assert store is not None  # a store is never deleted (RESTRICT)
    models: dict[str, VehicleModel | None] = {}
    while run.processed < run.total:
        start = run.processed
        chunk = run.rows[start : start + CHUNK]
        async with tenant_transaction(tenant_id):
            # Claim the chunk: a second worker on the same run waits on this
            # row's lock, then finds `processed` moved on and leaves it.
            claimed = await runs.query().filter(id=run.id, processed=start).update(processed=start)
            if not claimed:
                return await runs.status(run.id)
            results = await _take_chunk(run, store, actor, chunk, now, seen, models)
            await ImportRowRepository(tenant_id).add_many(
                [
                    {
                        "import_run_id": run.id,
                        "store_id": run.store_id,
                        "row_no": r.row_no,
                        "outcome": r.outcome.value,
                        "customer_id": r.customer_id,
                        "lead_id": r.lead_id,
                        "column_name": r.column,
                        "message": r.message,
                    }
                    for r in results
                ]
            )
            counts = {o: sum(r.outcome is o for r in results) for o in Outcome}
            run = await runs.update(
                run,
                processed=start + len(chunk),
                created=run.created + counts[Outcome.CREATED],
                merged=run.merged + counts[Outcome.MERGED],
                rejected=run.rejected + counts[Outcome.REJECTED],
            )
        if on_progress is not None:
            on_progress(run)
    async with tenant_transaction(tenant_id):
        # The rows are taken in; their results stay, the file's data need not.
        return await runs.update(run, status="done", finished_at=datetime.now(UTC), rows=[])


async def _requester(user_id: int | None) -> Actor | None:
    """The person who sent the file, with their permissions as of now; None
    (automatic owner choice, as for OEM leads) for the command line or a
    requester who has left."""
    user = await User.get_or_none(id=user_id, is_active=True) if user_id else None
    if user is None:
        return None
    authorizer = Authorizer()
    await authorizer.refresh()
    return await actor_for_user(user, authorizer)


async def _landed_phones(run: ImportRun) -> dict[str, int]:
    """For a resumed dry run: phones of the rows already counted as landing."""
    landed = set(
        await row_results(run)
        .exclude(outcome=Outcome.REJECTED.value)
        .values_list("row_no", flat=True)
    )
    seen: dict[str, int] = {}
    for row in run.rows[: run.processed]:
        phone = normalise_phone(str(row.get("phone", "")))
        if row["row"] in landed and phone and phone not in seen:
            seen[phone] = int(row["row"])  # type: ignore[call-overload]
    return seen


class _DryRun(Exception):
    """Raised to roll back a dry run's chunk after its results are known."""


async def _take_chunk(
    run: ImportRun,
    store: Store,
    actor: Actor | None,
    chunk: list[dict[str, object]],
    now: datetime,
    seen: dict[str, int],
    models: dict[str, VehicleModel | None],
) -> list[RowResult]:
    results: list[RowResult] = []
    try:
        async with in_transaction("default"):
            for row in chunk:
                result = await _take_row(run, store, actor, row, now, seen, models)
                results.append(result)
                if run.dry_run and result.phone and result.outcome is not Outcome.REJECTED:
                    seen.setdefault(result.phone, result.row_no)
            if run.dry_run:
                raise _DryRun
    except _DryRun:
        for r in results:
            r.customer_id = r.lead_id = None  # nothing was kept
    return results


async def _take_row(
    run: ImportRun,
    store: Store,
    actor: Actor | None,
    row: dict[str, object],
    now: datetime,
    seen: dict[str, int],
    models: dict[str, VehicleModel | None],
) -> RowResult:
    row_no = int(row["row"])  # type: ignore[call-overload]
    try:
        async with in_transaction("default"):  # a failing row leaves nothing behind
            if run.kind == ImportKind.CUSTOMERS:
                return await _take_customer(store, row, row_no, seen)
            return await _take_lead(store, actor, row, row_no, now, seen, models)
    except ValidationFailed as exc:
        return _rejected(row_no, exc.problems)
    except SaasError as exc:
        return RowResult(row_no, Outcome.REJECTED, message=exc.message)
    except BaseORMException:
        return RowResult(
            row_no,
            Outcome.REJECTED,
            message="clashed with a change made at the same moment; import the file again",
        )


def _rejected(row_no: int, problems: list[FieldProblem]) -> RowResult:
    columns = [COLUMN_OF.get(p.path[-1], p.path[-1]) for p in problems]
    if len(problems) == 1:
        message = problems[0].message
    else:
        message = "; ".join(f"{c}: {p.message}" for c, p in zip(columns, problems, strict=True))
    return RowResult(row_no, Outcome.REJECTED, column=columns[0], message=message)


def _customer_fields(row: dict[str, object]) -> CustomerFields:
    problems = [
        FieldProblem(("row", column), "must be at most 64 characters")
        for column in ("wechat", "city")
        if len(str(row.get(column, ""))) > 64
    ]
    if problems:
        raise ValidationFailed(problems)
    gender = str(row["gender"]).lower() if "gender" in row else None
    return CustomerFields(
        name=str(row.get("name", "")),
        phone=str(row.get("phone", "")),
        wechat=_text(row, "wechat"),
        gender=GENDERS.get(gender, gender) if gender else None,
        city=_text(row, "city"),
    )


def _text(row: dict[str, object], column: str) -> str | None:
    return str(row[column]) if column in row else None


def _repeat(phone: str | None, row_no: int, seen: dict[str, int]) -> RowResult | None:
    """In a dry run, a phone an earlier row would have landed (its writes are
    rolled back, so the CRM cannot tell)."""
    if phone is None or phone not in seen:
        return None
    return RowResult(
        row_no,
        Outcome.MERGED,
        message=f"the same phone as row {seen[phone]} of this file",
        phone=phone,
    )


async def _take_customer(
    store: Store, row: dict[str, object], row_no: int, seen: dict[str, int]
) -> RowResult:
    data = _customer_fields(row)
    problems = check_customer_fields(data, "row", creating=True)
    if problems:
        raise ValidationFailed(problems)
    repeat = _repeat(data.phone, row_no, seen)
    if repeat is not None:
        return repeat
    existing = await find_by_phone(store.tenant_id, data.phone or "")
    if existing is not None:
        return RowResult(
            row_no,
            Outcome.MERGED,
            customer_id=existing.id,
            message=f"already a customer (archive {existing.archive_no})",
            phone=data.phone,
        )
    customer = await insert_customer(store.tenant_id, store, data, None)
    return RowResult(row_no, Outcome.CREATED, customer_id=customer.id, phone=data.phone)


async def _take_lead(
    store: Store,
    actor: Actor | None,
    row: dict[str, object],
    row_no: int,
    now: datetime,
    seen: dict[str, int],
    models: dict[str, VehicleModel | None],
) -> RowResult:
    new = NewLead(
        store_id=store.id,
        customer=_customer_fields(row),
        source_channel=_choice(row, "source", SOURCES, SourceChannel.WALK_IN),
        intent_grade=_choice(
            row, "grade", {g.value.lower(): g for g in IntentGrade}, IntentGrade.N
        ),
        note=_text(row, "note"),
    )
    check_new_lead(new, now)
    model = await _vehicle_model(row, store, models)
    repeat = _repeat(new.customer.phone, row_no, seen)
    if repeat is not None:
        return repeat
    intake = await take_in(store, new, model, now, actor)
    return RowResult(
        row_no,
        Outcome.MERGED if intake.existing_lead else Outcome.CREATED,
        customer_id=intake.customer.id,
        lead_id=intake.lead.id,
        message="; ".join(intake.messages) or None,
        phone=new.customer.phone,
    )


def _choice(row: dict[str, object], column: str, choices: dict[str, T], default: T) -> T:
    """A value from a fixed list, as written in English or Chinese ('H级' is H)."""
    raw = str(row.get(column, "")).strip()
    if not raw:
        return default
    key = raw.lower().removesuffix("级").replace("-", "_").strip()
    if key in choices:
        return choices[key]
    allowed = ", ".join(sorted({str(v) for v in choices.values()}))
    raise ValidationFailed([FieldProblem(("row", column), f"{raw!r} is not one of {allowed}")])


async def _vehicle_model(
    row: dict[str, object], store: Store, cache: dict[str, VehicleModel | None]
) -> VehicleModel | None:
    """The catalogue model named in the row (its full name or its series),
    among the brands the store sells."""
    wanted = str(row.get("model", "")).strip()
    if not wanted:
        return None
    key = wanted.lower()
    if key not in cache:
        candidates = [
            m
            for m in await VehicleModel.filter(
                Q(name__iexact=wanted) | Q(series__iexact=wanted), is_active=True
            ).order_by("id")
            if not store.brands or m.brand in store.brands
        ]
        exact = [m for m in candidates if m.name.lower() == key]
        cache[key] = next(iter(exact or candidates), None)
    if cache[key] is None:
        raise ValidationFailed(
            [
                FieldProblem(
                    ("row", "model"),
                    f"no vehicle model {wanted!r} among the brands {store.code} sells",
                )
            ]
        )
    return cache[key]
