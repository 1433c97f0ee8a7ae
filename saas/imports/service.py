"""Bulk import: a file is checked and parsed when it arrives, then the
`crm.import_file` job takes its rows in, in chunks that commit together with
their row results and the progress counter, so a killed worker resumes where
it stopped and never lands a row twice. Every row gets the rules of the
normal intake of saas/crm (phone de-duplication, owner choice, cadence,
history, events), applied to a chunk at a time set-wise like the OEM intake
(`_land`: a statement or two per table per chunk, 1,000+ rows a second), with
the results of taking the rows in one by one (`take_rows_one_by_one`, still
the path of a chunk that clashed with another request); a dry run does the
same work in a savepoint it rolls back, so it reports what a real run would
do and writes nothing but its own results."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from tortoise.exceptions import BaseORMException
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from saas.crm.access import lead_scope, store_for, tenant_of
from saas.crm.assignment import Choice, OwnerBook
from saas.crm.bulk import (
    NewArchive,
    NewLeadRow,
    hand_customers_over,
    insert_customers,
    insert_leads,
)
from saas.crm.customers import (
    CustomerFields,
    check_customer_fields,
    find_by_phone,
    insert_customer,
    live_customers_by_phone,
)
from saas.crm.leads import LeadAlreadyWorked, NewLead, check_new_lead, take_in
from saas.crm.phones import normalise_phone
from saas.crm.repository import CustomerRepository, LeadRepository
from saas.crm.vocabulary import OPEN_FOR_INTAKE, IntentGrade, SourceChannel
from saas.errors import FieldProblem, NotFound, SaasError, ValidationFailed
from saas.events.repository import group_has_endpoints
from saas.imports.files import parse_file
from saas.imports.repository import ImportRowRepository, ImportRunRepository
from saas.jobqueue import request_job
from saas.models import ImportRow, ImportRun, Store, User, VehicleModel
from saas.org.repository import StoreRepository
from saas.tenancy.actor import Actor
from saas.tenancy.auth import actor_for_user
from saas.tenancy.authz import Authorizer
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from saas.tenancy.scoped import RowScope

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
GRADES = {g.value.lower(): g for g in IntentGrade}
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
    taking = _Taking(run, store, actor, now, models={})
    while run.processed < run.total:
        start = run.processed
        chunk = run.rows[start : start + CHUNK]
        async with tenant_transaction(tenant_id):
            # Claim the chunk: a second worker on the same run waits on this
            # row's lock, then finds `processed` moved on and leaves it.
            claimed = await runs.query().filter(id=run.id, processed=start).update(processed=start)
            if not claimed:
                return await runs.status(run.id)
            taking.run = run
            results = await _take_chunk(taking, chunk, seen)
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


@dataclass
class _Taking:
    """What every chunk of a run is taken in with: the run, its store, the
    person who sent the file (None: automatic owners), the time, and the
    vehicle models looked up so far."""

    run: ImportRun
    store: Store
    actor: Actor | None
    now: datetime
    models: dict[str, VehicleModel | None]


class _DryRun(Exception):
    """Raised to roll back a dry run's chunk after its results are known."""


async def _take_chunk(
    taking: _Taking, chunk: list[dict[str, object]], seen: dict[str, int]
) -> list[RowResult]:
    """Take a chunk in set-wise (`_land`): a statement or two per table for
    the whole chunk instead of a dozen per row, with the same results as
    taking its rows one by one. Should another request archive one of the
    chunk's phones meanwhile, the chunk is taken in row by row after all,
    which settles that row on its own (merged, or rejected as a clash)."""
    results: list[RowResult] = []
    landed = dict(seen)
    try:
        async with in_transaction("default"):
            results = await _land(taking, chunk, landed)
            if taking.run.dry_run:
                raise _DryRun
    except _DryRun:
        for r in results:
            r.customer_id = r.lead_id = None  # nothing was kept
    except _Clash:
        return await take_rows_one_by_one(taking, chunk, seen)
    seen.update(landed)
    return results


async def take_rows_one_by_one(
    taking: _Taking, chunk: list[dict[str, object]], seen: dict[str, int]
) -> list[RowResult]:
    """The chunk's rows each through the CRM's own intake, in a savepoint of
    its own: the fallback of `_take_chunk` (and the bench's old path)."""
    run = taking.run
    results: list[RowResult] = []
    try:
        async with in_transaction("default"):
            for row in chunk:
                result = await _take_row(taking, row, seen)
                results.append(result)
                if run.dry_run and result.phone and result.outcome is not Outcome.REJECTED:
                    seen.setdefault(result.phone, result.row_no)
            if run.dry_run:
                raise _DryRun
    except _DryRun:
        for r in results:
            r.customer_id = r.lead_id = None  # nothing was kept
    return results


async def _take_row(taking: _Taking, row: dict[str, object], seen: dict[str, int]) -> RowResult:
    row_no = int(row["row"])  # type: ignore[call-overload]
    store = taking.store
    try:
        async with in_transaction("default"):  # a failing row leaves nothing behind
            if taking.run.kind == ImportKind.CUSTOMERS:
                return await _take_customer(store, row, row_no, seen)
            return await _take_lead(
                store, taking.actor, row, row_no, taking.now, seen, taking.models
            )
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
    new = _new_lead(store, row)
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


def _new_lead(store: Store, row: dict[str, object]) -> NewLead:
    return NewLead(
        store_id=store.id,
        customer=_customer_fields(row),
        source_channel=_choice(row, "source", SOURCES, SourceChannel.WALK_IN),
        intent_grade=_choice(row, "grade", GRADES, IntentGrade.N),
        note=_text(row, "note"),
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


# -- set-wise ------------------------------------------------------------------------------


class _Clash(Exception):
    """Another request archived one of the chunk's phones while it was taken in."""


@dataclass(eq=False)
class _Checked:
    """A row that passed its own checks (its phone normalised)."""

    at: int  # position in the chunk
    row_no: int
    fields: CustomerFields
    lead: NewLead | None = None
    model: VehicleModel | None = None

    @property
    def phone(self) -> str:
        return self.fields.phone or ""


@dataclass(eq=False)
class _NewLead:
    checked: _Checked
    customer_id: int | None  # a stored customer's, else `customer`'s
    customer: NewArchive | None
    owner_id: int | None
    reason: str
    automatic: bool
    id: int | None = None


async def _land(
    taking: _Taking, chunk: list[dict[str, object]], seen: dict[str, int]
) -> list[RowResult]:
    """The chunk's rows checked one by one in memory, their phones looked up
    together, the outcome decided row by row in file order against what the
    rows before decided (a phone twice in the chunk lands once), then written
    in a batch per table. In a dry run (whose writes are rolled back, so the
    database cannot tell), `seen` gains the phones that land, and a phone an
    earlier row landed is a repeat of that row."""
    run, store, actor, now = taking.run, taking.store, taking.actor, taking.now
    results: list[RowResult | None] = [None] * len(chunk)
    checked: list[_Checked] = []
    for at, row in enumerate(chunk):
        outcome = await _check_row(ImportKind(run.kind), store, at, row, now, taking.models)
        if isinstance(outcome, RowResult):
            results[at] = outcome
        else:
            checked.append(outcome)
    tenant_id = store.tenant_id
    stored = await live_customers_by_phone(
        tenant_id, {c.phone for c in checked if c.phone not in seen}
    )
    archives = {
        r["id"]: r["archive_no"]
        for r in await CustomerRepository(tenant_id).values_where(
            "id", {customer_id for customer_id, _ in stored.values()}, "id", "archive_no"
        )
    }
    rows = _Chunk(store, checked, results, stored, archives, seen, now, dry_run=run.dry_run)
    if run.kind == ImportKind.CUSTOMERS:
        fill = await _land_customers(rows)
    else:
        fill = await _land_leads(rows, actor)
    fill()
    assert all(r is not None for r in results)
    return [r for r in results if r is not None]


async def _check_row(
    kind: ImportKind,
    store: Store,
    at: int,
    row: dict[str, object],
    now: datetime,
    models: dict[str, VehicleModel | None],
) -> _Checked | RowResult:
    """A row's own fields, as `take_rows_one_by_one` checks them."""
    row_no = int(row["row"])  # type: ignore[call-overload]
    try:
        if kind == ImportKind.CUSTOMERS:
            data = _customer_fields(row)
            problems = check_customer_fields(data, "row", creating=True)
            if problems:
                raise ValidationFailed(problems)
            return _Checked(at, row_no, data)
        new = _new_lead(store, row)
        check_new_lead(new, now)
        model = await _vehicle_model(row, store, models)
        return _Checked(at, row_no, new.customer, new, model)
    except ValidationFailed as exc:
        return _rejected(row_no, exc.problems)
    except SaasError as exc:
        return RowResult(row_no, Outcome.REJECTED, message=exc.message)


@dataclass
class _Chunk:
    """A chunk's rows as `_land` checked them and looked up their phones, and
    where each row's outcome goes."""

    store: Store
    checked: list[_Checked]
    results: list[RowResult | None]
    stored: dict[str, tuple[int, int | None]]  # phone -> (customer id, its owner's)
    archives: dict[int, str]  # stored customer id -> archive number
    seen: dict[str, int]
    now: datetime
    dry_run: bool

    def new_rows(self) -> Iterator[_Checked]:
        """The checked rows in file order; one repeating a phone an earlier
        row landed is answered as a repeat instead."""
        for c in self.checked:
            repeat = _repeat(c.phone, c.row_no, self.seen)
            if repeat is None:
                yield c
            else:
                self.results[c.at] = repeat

    def landed(self, c: _Checked) -> None:
        """In a dry run, the rows after `c` see that its phone landed."""
        if self.dry_run:
            self.seen.setdefault(c.phone, c.row_no)


async def _land_customers(rows: _Chunk) -> Callable[[], None]:
    """New phones archived; known ones (stored, or archived by an earlier row
    of the chunk) merged. Returns what fills in the new archives' ids."""
    store, results, stored = rows.store, rows.results, rows.stored
    created: dict[str, NewArchive] = {}
    later: list[tuple[RowResult, NewArchive, bool]] = []
    for c in rows.new_rows():
        if c.phone in stored:
            customer_id = stored[c.phone][0]
            results[c.at] = RowResult(
                c.row_no,
                Outcome.MERGED,
                customer_id=customer_id,
                message=f"already a customer (archive {rows.archives[customer_id]})",
                phone=c.phone,
            )
        elif c.phone in created:
            result = results[c.at] = RowResult(c.row_no, Outcome.MERGED, phone=c.phone)
            later.append((result, created[c.phone], False))
        else:
            created[c.phone] = NewArchive(store, c.fields, None)
            result = results[c.at] = RowResult(c.row_no, Outcome.CREATED, phone=c.phone)
            later.append((result, created[c.phone], True))
        rows.landed(c)
    await _insert_customers(store, list(created.values()), rows.now)

    def fill() -> None:
        for result, customer, new in later:
            result.customer_id = customer.id
            if not new:
                result.message = f"already a customer (archive {customer.archive_no})"

    return fill


async def _land_leads(rows: _Chunk, actor: Actor | None) -> Callable[[], None]:
    """`saas.crm.leads.take_in` for every row, in file order: a customer with
    an open lead at the store merges into it (if the requester may see it),
    otherwise a new lead (and customer, for a new phone) with its owner by
    the same rules, the owner book kept current between rows. Returns what
    fills in the written ids."""
    store, results, stored, now = rows.store, rows.results, rows.stored, rows.now
    tenant_id = store.tenant_id
    open_at_store = await _open_leads(tenant_id, store.id, {i for i, _ in stored.values()})
    scope = lead_scope(actor) if actor is not None else None
    takes_own = (
        actor is not None
        and actor.user_id is not None
        and actor.has_role(Role.CONSULTANT)
        and not actor.can("lead", "assign", store_id=store.id)
    )
    book: OwnerBook | None = None
    created: dict[str, NewArchive] = {}
    # The chunk's new leads by customer: a stored one's id (two phones can
    # lead to one customer through a merge), else the new customer's phone.
    placed: dict[int | str, _NewLead] = {}
    merged_into: list[tuple[RowResult, _NewLead]] = []
    handed_over: dict[int, int] = {}  # stored customer without owner -> new owner
    for c in rows.new_rows():
        customer_id = stored[c.phone][0] if c.phone in stored else None
        key = c.phone if customer_id is None else customer_id
        existing = placed.get(key)
        open_lead = open_at_store.get(customer_id) if customer_id is not None else None
        if open_lead is not None or existing is not None:
            owner_id = open_lead[1] if open_lead is not None else _owner(existing)
            if scope is not None and not _sees(scope, tenant_id, store.id, owner_id):
                results[c.at] = RowResult(
                    c.row_no, Outcome.REJECTED, message=LeadAlreadyWorked().message
                )
                continue
            result = results[c.at] = RowResult(
                c.row_no,
                Outcome.MERGED,
                customer_id=customer_id,
                lead_id=open_lead[0] if open_lead is not None else None,
                message="this customer already has an open lead at this store",
                phone=c.phone,
            )
            if existing is not None:
                merged_into.append((result, existing))
        else:
            assert c.lead is not None
            if takes_own:
                assert actor is not None and actor.user_id is not None
                owner: Choice | None = Choice(actor.user_id, "taken in by the consultant")
            else:
                book = book or await OwnerBook.load(tenant_id, {store.id})
                owner = book.choose(
                    store.id,
                    series=c.model.series if c.model else None,
                    important=c.lead.is_important,
                )
            owner_id = owner.user_id if owner else None
            messages = []
            new_customer = None
            if customer_id is None:
                new_customer = created[c.phone] = NewArchive(store, c.fields, owner_id)
            else:
                messages.append(f"attached to existing customer {rows.archives[customer_id]}")
                if stored[c.phone][1] is None and owner_id is not None:
                    handed_over[customer_id] = owner_id
            if owner is None:
                messages.append("no active consultant in the store: the lead waits for assignment")
            lead = placed[key] = _NewLead(
                c,
                customer_id,
                new_customer,
                owner_id,
                owner.reason if owner else "",
                automatic=not takes_own,
            )
            result = results[c.at] = RowResult(
                c.row_no, Outcome.CREATED, message="; ".join(messages) or None, phone=c.phone
            )
            merged_into.append((result, lead))
        rows.landed(c)
    await _insert_customers(store, list(created.values()), now)
    # (As `take_in`: a stored customer without an owner goes to the lead's.)
    await hand_customers_over(tenant_id, handed_over, now)
    await _insert_leads(store, actor, list(placed.values()), now)

    def fill() -> None:
        for result, lead in merged_into:
            result.lead_id = lead.id
            result.customer_id = lead.customer_id

    return fill


def _owner(lead: _NewLead | None) -> int | None:
    return lead.owner_id if lead is not None else None


async def _open_leads(
    tenant_id: int, store_id: int, customer_ids: set[int]
) -> dict[int, tuple[int, int | None]]:
    """Customer -> (id, owner) of its open lead at the store (the first one)."""
    found: dict[int, tuple[int, int | None]] = {}
    rows = await LeadRepository(tenant_id).values_where(
        "customer_id", customer_ids, "id", "customer_id", "store_id", "owner_id", "status"
    )
    for r in sorted(rows, key=lambda r: r["id"]):
        if r["store_id"] == store_id and r["status"] in OPEN_FOR_INTAKE:
            found.setdefault(r["customer_id"], (r["id"], r["owner_id"]))
    return found


def _sees(scope: RowScope, tenant_id: int, store_id: int, owner_id: int | None) -> bool:
    """Whether a lead of the store with this owner is in the requester's
    scope, as `LeadRepository.for_scope(scope)` would find it."""
    if scope.tenant_id != tenant_id or scope.is_empty:
        return False
    if scope.store_ids is None or store_id in scope.store_ids:
        return True
    return store_id in scope.own_store_ids and owner_id is not None and owner_id == scope.owner_id


async def _insert_customers(store: Store, created: list[NewArchive], now: datetime) -> None:
    """New archives, numbered in file order from one reservation of the
    store's counter. A phone archived by another request meanwhile is a
    `_Clash`."""
    if not await insert_customers(store.tenant_id, created, now):
        raise _Clash


async def _insert_leads(
    store: Store, actor: Actor | None, placed: list[_NewLead], now: datetime
) -> None:
    """The leads, their `created` history, first assignments and events, a
    statement each, as `take_in` writes them one by one."""
    if not placed:
        return
    new_leads = []
    for lead in placed:
        new = lead.checked.lead
        assert new is not None
        if lead.customer is not None:
            lead.customer_id = lead.customer.id
        assert lead.customer_id is not None
        new_leads.append(
            NewLeadRow(
                store_id=store.id,
                customer_id=lead.customer_id,
                owner_id=lead.owner_id,
                source_channel=new.source_channel,
                vehicle_model_id=lead.checked.model.id if lead.checked.model else None,
                intent_grade=new.intent_grade,
                is_important=new.is_important,
                is_distributed=False,
                note=new.note,
                reason=lead.reason,
                automatic=lead.automatic,
            )
        )
    # Imported leads are no OEM's: only the dealer group's endpoints may listen.
    listened = await group_has_endpoints(store.tenant_id)
    rows = await insert_leads(
        store.tenant_id,
        new_leads,
        now,
        actor_id=actor.user_id if actor else None,
        listened=listened,
    )
    for lead, row in zip(placed, rows, strict=True):
        lead.id = row.id
