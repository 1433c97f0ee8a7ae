"""The one place that adds tenant (and store) filters to queries, and the
OEM filter to an OEM's own rows (`OemRepository`).

Every query on a tenant model goes through a `TenantRepository`. A repository
is built for one tenant, and optionally a set of stores the actor may see; its
`query()` is the only way to start a queryset, and `create()` the only way to
insert, so a caller cannot forget the filter or write into another tenant.
`tests/tenancy/test_scoping.py` fails when code elsewhere touches a tenant
model's manager directly, or filters an OEM model by `oem_id` by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar, cast, get_args

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.fields.data import JSONField
from tortoise.models import Model
from tortoise.queryset import QuerySet

from saas.audit import record_change
from saas.db import db, insert_many
from saas.errors import Conflict, NotFound
from saas.models.base import TenantModel

M = TypeVar("M", bound=TenantModel)
R = TypeVar("R", bound=Model)
T = TypeVar("T", bound=Model)


@dataclass(frozen=True)
class RowScope:
    """Which rows of a tenant an actor may see or change: every row of
    `store_ids` (None = every store), plus its own rows in `own_store_ids`."""

    tenant_id: int
    store_ids: frozenset[int] | None
    own_store_ids: frozenset[int] = frozenset()
    owner_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return self.store_ids is not None and not self.store_ids and not self.own_store_ids

    def whole_stores(self) -> RowScope:
        """Every row of the stores this scope reaches at all (for rows that
        have no owner of their own and are checked through their lead)."""
        if self.store_ids is None:
            return self
        return RowScope(self.tenant_id, self.store_ids | self.own_store_ids)

    def covers_store(self, store_id: int) -> bool:
        return (
            self.store_ids is None or store_id in self.store_ids or store_id in self.own_store_ids
        )


class OfModel:
    """A repository whose model is its type parameter: `class
    VehicleRepository(TenantRepository[Vehicle])` reads `Vehicle`, so no
    `model = Vehicle` repeats it. A class may still set `model` itself."""

    model: ClassVar[type[Model]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "model" in vars(cls):
            return
        for base in getattr(cls, "__orig_bases__", ()):  # as written: TenantRepository[Vehicle]
            given = get_args(base)
            if given and isinstance(given[0], type) and issubclass(given[0], Model):
                cls.model = given[0]


class ById(Generic[T]):
    """Reading one row by id from a repository's `query()`, its only scope."""

    def query(self) -> QuerySet[T]:
        raise NotImplementedError

    async def get(self, object_id: int) -> T | None:
        return await self.query().get_or_none(id=object_id)

    async def require(self, object_id: int, what: str) -> T:
        """The row with this id; NotFound naming `what` ("partner") when the
        repository holds none (or its scope hides it)."""
        row = await self.get(object_id)
        if row is None:
            raise NotFound(what, object_id)
        return row


class TenantRepository(OfModel, ById[M]):
    model: ClassVar[type[TenantModel]]
    # Column naming the row's store, for store-scoped roles; None if the model
    # has no store.
    store_column: ClassVar[str | None] = "store_id"

    # Column naming the row's owner, for roles that see only their own rows.
    owner_column: ClassVar[str | None] = None

    def __init__(
        self,
        tenant_id: int,
        store_ids: Collection[int] | None = None,
        *,
        own_store_ids: Collection[int] = (),
        owner_id: int | None = None,
    ) -> None:
        """`store_ids=None` means every store of the tenant. `own_store_ids` are
        further stores where only rows owned by `owner_id` are visible."""
        self.tenant_id = tenant_id
        self.store_ids = None if store_ids is None else frozenset(store_ids)
        self.own_store_ids = frozenset(own_store_ids)
        self.owner_id = owner_id

    @classmethod
    def for_scope(cls, scope: RowScope) -> Self:
        return cls(
            scope.tenant_id,
            scope.store_ids,
            own_store_ids=scope.own_store_ids,
            owner_id=scope.owner_id,
        )

    def query(self) -> QuerySet[M]:
        qs: QuerySet[M] = self.model.filter(tenant_id=self.tenant_id)  # type: ignore[assignment]
        if self.store_ids is None or self.store_column is None:
            return qs
        visible = self.store_rows(self.store_column, self.store_ids)
        if self.own_store_ids and self.owner_id is not None:
            visible |= self.own_rows(self.store_column, self.own_store_ids, self.owner_id)
        return qs.filter(visible)

    def store_rows(self, store_column: str, store_ids: frozenset[int]) -> Q:
        """Every row of `store_ids` (override to widen)."""
        filters: dict[str, Any] = {f"{store_column}__in": list(store_ids)}
        return Q(**filters)

    def own_rows(self, store_column: str, store_ids: frozenset[int], owner_id: int) -> Q:
        """Rows of `store_ids` that belong to `owner_id` (override to widen)."""
        if self.owner_column is None:
            return Q(id__in=[])
        filters: dict[str, Any] = {
            f"{store_column}__in": list(store_ids),
            self.owner_column: owner_id,
        }
        return Q(**filters)

    @classmethod
    def plain_scope(cls) -> bool:
        """Whether `query()` filters by the store and owner columns alone (no
        override widens them), so that `sql_condition` says the same."""
        return (
            cls.store_rows is TenantRepository.store_rows
            and cls.own_rows is TenantRepository.own_rows
            and cls.query is TenantRepository.query
        )

    @classmethod
    def scoped_in_sql(cls) -> bool:
        """Whether `sql_condition` says what `query()` filters: the plain
        scope, or a repository that widens it and writes the SQL of its
        widening beside `store_rows`/`own_rows` (its own `sql_condition`)."""
        writer = next(k for k in cls.__mro__ if "sql_condition" in vars(k))
        return cls.plain_scope() or writer is not TenantRepository

    def sql_shape(self) -> tuple[bool, bool]:
        """What the text of `sql_condition` depends on: (limited to some
        stores, plus own rows in further stores)."""
        limited = self.store_ids is not None and self.store_column is not None
        own = limited and bool(self.own_store_ids) and self.owner_id is not None
        return limited, own and self.owner_column is not None

    def sql_values(self) -> dict[str, object]:
        """The values `sql_condition`'s slots name, for this repository."""
        return {
            "scope_tenant_id": self.tenant_id,
            "scope_store_ids": sorted(self.store_ids or ()),
            "scope_own_store_ids": sorted(self.own_store_ids),
            "scope_owner_id": self.owner_id,
        }

    @classmethod
    def sql_condition(
        cls, alias: str, shape: tuple[bool, bool], slot: Callable[[str, str], str]
    ) -> str:
        """`query()`'s filter as a PostgreSQL condition on the rows of `alias`,
        for a hand-written read statement (a compiled trusted document):
        `slot(name, type)` gives the placeholder of a value of `sql_values()`.
        Row-level security still holds under it. Only for repositories whose
        scope is the plain one (`plain_scope()`); others refuse."""
        if not cls.plain_scope():
            raise NotImplementedError(f"{cls.__name__} widens its scope; no SQL for it")
        condition = f'{alias}."tenant_id" = {slot("scope_tenant_id", "bigint")}'
        limited, own = shape
        if not limited or cls.store_column is None:
            return condition
        store = f'{alias}."{cls.store_column}"'
        visible = f"{store} = ANY({slot('scope_store_ids', 'bigint[]')})"
        if own and cls.owner_column is not None:
            visible += (
                f" OR ({store} = ANY({slot('scope_own_store_ids', 'bigint[]')}) AND "
                f'{alias}."{cls.owner_column}" = {slot("scope_owner_id", "bigint")})'
            )
        return f"{condition} AND ({visible})"

    @classmethod
    def sql_own_rows_condition(cls, alias: str, slot: Callable[[str, str], str]) -> str:
        """`sql_condition` of the shape (limited, own) for a caller who has no
        whole store (`scope_store_ids` empty, as a consultant): the same rows,
        without the branches that are false for every row
        (`store = ANY('{}')`), so that the planner does not weigh them. A
        repository that writes its own `sql_condition` writes this beside it
        (else `own_rows_written_in_sql()` is false and `sql_condition` serves)."""
        if not cls.plain_scope():
            raise NotImplementedError(f"{cls.__name__} widens its scope; no SQL for it")
        store, owner = cls.store_column, cls.owner_column
        assert store is not None and owner is not None
        return (
            f'{alias}."tenant_id" = {slot("scope_tenant_id", "bigint")} AND '
            f'{alias}."{store}" = ANY({slot("scope_own_store_ids", "bigint[]")}) AND '
            f'{alias}."{owner}" = {slot("scope_owner_id", "bigint")}'
        )

    @classmethod
    def own_rows_written_in_sql(cls) -> bool:
        """Whether `sql_own_rows_condition` says what `query()` filters for a
        caller without a whole store: the scope is in SQL, and the class that
        writes `sql_condition` writes it too (so that the two say the same)."""

        def writer(name: str) -> type:
            return next(k for k in cls.__mro__ if name in vars(k))

        return cls.scoped_in_sql() and writer("sql_own_rows_condition") is writer("sql_condition")

    async def get_many(self, ids: Iterable[int]) -> dict[int, M]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        return {obj.id: obj for obj in await self.query().filter(id__in=wanted)}

    def raw_connection(self) -> BaseDBAsyncClient | None:
        """The connection, where hand-written SQL may stand in for `query()`:
        on PostgreSQL and for a whole-tenant repository (store scopes are
        only applied by `query()`); None elsewhere. Such SQL filters by
        `tenant_id` itself, and row-level security holds under it."""
        conn = db()
        if self.store_ids is not None or conn.schema_generator.DIALECT != "postgres":
            return None
        return conn

    async def values_where(
        self, column: str, wanted: Collection[Any], *fields: str
    ) -> list[dict[str, Any]]:
        """`query().filter(<column>__in=wanted).values(*fields)`, for thousands
        of values (an OEM batch's phones, an SLA sweep's leads): on PostgreSQL
        one array parameter (`= ANY($2)`) instead of one per value, whose
        building costs more than the query. Whole-tenant repositories only;
        a store-scoped one takes the queryset path."""
        if not wanted:
            return []
        conn = self.raw_connection()
        if conn is None:
            return await self.query().filter(**{f"{column}__in": list(wanted)}).values(*fields)
        columns = self.model._meta.fields_db_projection
        selected = ", ".join(f'"{columns[f]}" AS "{f}"' for f in fields)
        sql = (
            f'SELECT {selected} FROM "{self.model._meta.db_table}" '
            f'WHERE "tenant_id" = $1 AND "{columns[column]}" = ANY($2)'
        )
        _, rows = await conn.execute_query(sql, [self.tenant_id, list(wanted)])
        return [dict(row) for row in rows]

    async def rows_where(
        self, column: str, wanted: Collection[Any], order: Sequence[str] = ("id",)
    ) -> list[Any]:
        """Rows of this tenant whose `column` is one of `wanted`, in `order`
        (field names, a leading "-" for descending; id order by default),
        for display only: on PostgreSQL as `ReadRow`s (the model's fields as
        plain attributes, built straight from the driver's records, a fifth of
        the CPU of Tortoise models: a page's nested rows are read this way);
        elsewhere, and for store-scoped repositories, as models."""
        if not wanted:
            return []
        conn = self.raw_connection()
        if conn is None:
            return await self.query().filter(**{f"{column}__in": list(wanted)}).order_by(*order)
        meta = self.model._meta
        columns = meta.fields_db_projection
        terms = ", ".join(
            f'"{columns[term[1:]]}" DESC' if term.startswith("-") else f'"{columns[term]}"'
            for term in order
        )
        sql = (
            f'SELECT * FROM "{meta.db_table}" WHERE "tenant_id" = $1 '
            f'AND "{columns[column]}" = ANY($2) ORDER BY {terms}'
        )
        _, records = await conn.execute_query(sql, [self.tenant_id, list(wanted)])
        return read_rows(self.model, records)

    async def create(self, **values: Any) -> M:
        values.pop("tenant_id", None)
        obj = self.model(tenant_id=self.tenant_id, **values)
        await obj.save()
        record_change(self.model._meta.db_table, obj.id, {}, values)
        return obj  # type: ignore[return-value]

    async def insert_many(
        self,
        rows: list[dict[str, Any]],
        *,
        returning_ids: bool = False,
        skip_conflicts: bool = True,
    ) -> list[int]:
        """Insert rows of this tenant in one batch, skipping unique-key
        conflicts (unless not `skip_conflicts`: see `saas.db.insert_many`);
        `tenant_id` is always this repository's. With `returning_ids`, the
        ids of the rows written."""
        if not rows:
            return []
        columns = ["tenant_id", *(c for c in rows[0] if c != "tenant_id")]
        return await insert_many(
            self.model._meta.db_table,
            columns,
            [[self.tenant_id, *(row[c] for c in columns[1:])] for row in rows],
            returning_ids=returning_ids,
            skip_conflicts=skip_conflicts,
        )

    async def update(self, obj: M, **values: Any) -> M:
        if obj.tenant_id != self.tenant_id:
            raise ValueError("object belongs to another tenant")
        values.pop("tenant_id", None)
        before = {name: getattr(obj, name) for name in values}
        for name, value in values.items():
            setattr(obj, name, value)
        await obj.save(update_fields=list(values))
        record_change(self.model._meta.db_table, obj.id, before, values)
        return obj


async def claim_version(repo: TenantRepository[Any], obj: Any, expected: int | None) -> None:
    """Optimistic concurrency: the caller saw version `expected` (if given) and
    the row must still be at `obj.version`; bump it with a conditional UPDATE,
    so of two concurrent writers exactly one goes on. Raises Conflict."""
    if expected is not None and expected != obj.version:
        raise Conflict(
            f"this record changed since you loaded it (version {expected}, now {obj.version}); "
            "reload and try again"
        )
    bumped = (
        await repo.query().filter(id=obj.id, version=obj.version).update(version=obj.version + 1)
    )
    if not bumped:
        raise Conflict("someone else changed this record at the same moment; reload and try again")
    obj.version += 1


class OemRepository(OfModel, ById[R]):
    """An OEM's own rows of an OEM model (distributed leads, routing rules,
    imports): the OEM dimension's counterpart of `TenantRepository`, and the
    one place that adds `oem_id` filters. Row-level security holds under it
    (`app.oem_id`); the dealer side reaches distributed leads by `tenant_id`
    (`saas.oem.repository.DealerLeadRepository`)."""

    model: ClassVar[type[Model]]

    def __init__(self, oem_id: int) -> None:
        self.oem_id = oem_id

    def query(self) -> QuerySet[R]:
        return self.model.filter(oem_id=self.oem_id)  # type: ignore[return-value]

    async def create(self, **values: Any) -> R:
        return await self.model.create(oem_id=self.oem_id, **values)  # type: ignore[return-value]


class ReadRow:
    """Base of the per-model row classes `read_rows` builds."""

    __slots__ = ()
    id: int

    @property
    def pk(self) -> int:
        return self.id


async def read_query(qs: QuerySet[Any]) -> list[Any]:
    """`await qs`, for display only: on PostgreSQL, for a query of the
    model's own rows and columns (no `only()`, annotations, prefetching,
    joined relations or locking), its rows as `ReadRow`s built from the
    driver's records by the SQL Tortoise itself writes for `qs`, without a
    model per row and its fields' conversions; else models."""
    if (
        qs._fields_for_select
        or qs._annotations
        or qs._prefetch_map
        or qs._prefetch_queries
        or qs._select_related
        or qs._select_for_update
        or qs._single
    ):
        return await qs
    conn = qs._choose_db()
    if conn.schema_generator.DIALECT != "postgres":
        return await qs
    qs._db = conn
    qs._make_query()
    sql, params = qs.query.get_parameterized_sql()
    _, records = await conn.execute_query(sql, params)
    return read_rows(qs.model, records)


_ROW_CLASSES: dict[type[Any], Callable[[Iterable[Any]], list[Any]]] = {}


def read_rows(model: type[Any], records: Iterable[Any]) -> list[Any]:
    """Records of `model`'s table (every column) as rows for display, with the
    model's attribute names and Python values (JSON decoded; asyncpg already
    gives aware datetimes, dates and decimals as Tortoise would)."""
    read = _ROW_CLASSES.get(model)
    if read is None:
        read = _ROW_CLASSES[model] = _row_reader(model)
    return read(records)


def _row_reader(model: type[Any]) -> Callable[[Iterable[Any]], list[Any]]:
    """`read_rows` for `model`: a row class with a slot per field, and a
    function that fills one per record with a line per column (a page reads
    ~200 nested rows; a `setattr` loop over the columns took 2-5 times as
    long for 50 customers or leads)."""
    meta = model._meta
    columns = list(meta.fields_db_projection.items())
    row_class = type(
        f"{model.__name__}Row", (ReadRow,), {"__slots__": tuple(n for n, _ in columns)}
    )
    decoded = {n for n, f in meta.fields_map.items() if isinstance(f, JSONField)}
    lines = [
        "def read(records):",
        "    rows = []",
        "    for record in records:",
        "        row = Row()",
    ]
    for name, column in columns:
        if not name.isidentifier():  # the source below names it as written
            raise TypeError(f"{model.__name__}: field {name!r} is no attribute name")
        if name in decoded:
            lines.append(
                f"        value = record[{column!r}]\n"
                f"        row.{name} = loads(value) if isinstance(value, str | bytes) else value"
            )
        else:
            lines.append(f"        row.{name} = record[{column!r}]")
    lines += ["        rows.append(row)", "    return rows"]
    namespace: dict[str, Any] = {"Row": row_class, "loads": orjson.loads}
    exec("\n".join(lines), namespace)  # source built above from its fields
    return cast("Callable[[Iterable[Any]], list[Any]]", namespace["read"])
