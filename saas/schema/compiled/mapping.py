"""How GraphQL types and root fields map to SQL: declared once per type
(`TypeMap`) and once per root field (`RootField`), registered here, and used
by the compiler (`saas.schema.compiled.compiler`) to build one statement that
prints a trusted document's whole answer as JSON.

A type's map says, for each field it can answer, how: a column
(`Column`, `Timestamp`, `EnumColumn`), the row's global id (`GlobalId`), any
SQL expression (`Computed`, which may read per-request values such as the
caller's user id), an object of another mapped type (`One`) or a bounded list
of them (`Many`), both read from the field's `Relation`, the declaration the
executor's resolver and the page priming derive from too
(`saas.schema.relations`). A field a map does not name is not compiled: a document that
selects it runs on the executor.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from saas.schema.compiled import sql
from saas.schema.relations import Relation
from saas.tenancy.actor import Actor

# json_build_object takes at most 100 arguments: 50 keys.
MAX_KEYS = 50


class Unsupported(Exception):
    """The compiler does not answer this document; the executor does."""


class Fallback(Exception):
    """The executor answers this request (found before any SQL ran)."""


@dataclass
class Selected:
    """One field of the answer: its response key, its name and definition on
    `parent`, and the fields selected under it (for an object field, on its
    object type; the root field of an abstract type keeps its fields per
    object type in `by_type`)."""

    key: str
    name: str
    parent: str
    node: FieldNode
    definition: GraphQLField
    children: list[Selected] = field(default_factory=list)
    by_type: dict[str, list[Selected]] = field(default_factory=dict)

    @property
    def type_name(self) -> str:
        return get_named_type(self.definition.type).name


# Values every statement may read (`Statement.slot`): the caller's user id
# (NULL for an API key) and the time the request is answered.
USER_ID = "user_id"
NOW = "now"


class Statement:
    """One statement being built: its placeholders (named values of the
    request, bound in order) and its table aliases."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.slots: dict[str, str] = {}
        self.names: list[str] = []
        self._aliases = itertools.count(1)
        # Joins by the alias of the row they hang on, for the aliases whose
        # FROM prints them (`joinable`: a list's rows); objects of other rows
        # are correlated subqueries.
        self._joins: dict[str, list[str]] = {}

    def slot(self, name: str, pg_type: str) -> str:
        """The placeholder of the request value `name`, cast to `pg_type`."""
        found = self.slots.get(name)
        if found is None:
            self.names.append(name)
            found = self.slots[name] = f"${len(self.names)}::{pg_type}"
        return found

    def alias(self, prefix: str) -> str:
        return f"{prefix}{next(self._aliases)}"

    def joinable(self, row: str) -> str:
        """Mark `row` as an alias whose FROM will print `joins(row)` (a list's
        rows); returns it."""
        self._joins.setdefault(row, [])
        return row

    def can_join(self, row: str) -> bool:
        return row in self._joins

    def join(self, row: str, clause: str) -> None:
        """Add a join clause to the FROM of `row` (a `joinable` alias)."""
        self._joins[row].append(clause)

    def joins(self, row: str) -> str:
        """The join clauses of `row`'s FROM (after the table and its alias)."""
        return "".join(f" {clause}" for clause in self._joins.get(row, ()))

    def enum_names(self, enum_type: str) -> dict[str, str]:
        """value -> GraphQL name of a schema enum, as the executor prints it."""
        found = self.schema.type_map[enum_type]
        assert isinstance(found, GraphQLEnumType)
        return {str(getattr(v.value, "value", v.value)): name for name, v in found.values.items()}

    def object(self, type_map: TypeMap, row: str, selections: list[Selected]) -> str:
        """A json_build_object of `selections` on the row `row` of `type_map`."""
        pairs = []
        for selected in selections:
            if selected.name == "__typename":
                value = sql.literal(type_map.name)
            else:
                value = type_map.fields[selected.name].sql(self, row, selected)
            pairs.append(f"{sql.literal(selected.key)}, {value}")
        return f"json_build_object({', '.join(pairs)})"


class FieldMap(ABC):
    """How one field of a mapped type is answered."""

    def target_type(self) -> str | None:
        """The mapped object type the field's value is a row of, if any."""
        return None

    def check(self, selected: Selected) -> None:
        """Refuse (Unsupported) what this map cannot answer at compile time."""
        if selected.node.arguments:
            raise Unsupported(f"{selected.parent}.{selected.name} with arguments")

    @abstractmethod
    def sql(self, statement: Statement, row: str, selected: Selected) -> str:
        """The field's JSON value on row `row`."""


def _column(row: str, column: str) -> str:
    return f'{row}."{column}"'


@dataclass(frozen=True)
class Column(FieldMap):
    """A text, integer or boolean column, as stored (a numeric column, which
    the Decimal scalar prints as a string, needs a `Computed` with ::text)."""

    column: str

    def sql(self, statement: Statement, row: str, selected: Selected) -> str:
        return _column(row, self.column)


@dataclass(frozen=True)
class Timestamp(FieldMap):
    """A timestamptz column, as the DateTime scalar prints it."""

    column: str

    def sql(self, statement: Statement, row: str, selected: Selected) -> str:
        return sql.iso_timestamp(_column(row, self.column))


@dataclass(frozen=True)
class EnumColumn(FieldMap):
    """A column holding an enum's value, printed by the value's GraphQL name."""

    column: str

    def sql(self, statement: Statement, row: str, selected: Selected) -> str:
        return sql.enum_name(_column(row, self.column), statement.enum_names(selected.type_name))


@dataclass(frozen=True)
class GlobalId(FieldMap):
    """The global id of the row (or of the row a column names) as `type_name`."""

    type_name: str
    column: str = "id"

    def sql(self, statement: Statement, row: str, selected: Selected) -> str:
        return sql.global_id(self.type_name, _column(row, self.column))


@dataclass(frozen=True)
class Computed(FieldMap):
    """Any expression on the row: `build(statement, row)`; it may read the
    request's values through `statement.slot` (USER_ID, NOW)."""

    build: Callable[[Statement, str], str]

    def sql(self, statement: Statement, row: str, selected: Selected) -> str:
        return self.build(statement, row)


@dataclass(frozen=True)
class One(FieldMap):
    """An object of the mapped type the relation names: the row of its table
    for which the relation's condition holds, the first by its order if
    several may; null when there is none.

    `joined`: for a small table read by its key (the relation names at most
    one row, no order): on a list's rows it is joined to the list's FROM
    instead of a subquery per row, so that PostgreSQL may read the table once
    for the page (the stores of 50 leads: one hashed scan of the stores, not
    50). Not for a large table: a generic plan that expects many rows on the
    page would then scan all of it."""

    relation: Relation
    joined: bool = False

    def __post_init__(self) -> None:
        if self.joined and self.relation.sql_order() is not None:
            raise ValueError("a joined object is read by its key, without an order")

    def target_type(self) -> str | None:
        return self.relation.target

    def sql(self, statement: Statement, row: str, selected: Selected) -> str:
        target = type_map(self.relation.target)
        child = statement.alias("o")
        where = self.relation.sql_on().format(row=row, child=child)
        if self.joined and statement.can_join(row):
            # A LEFT JOIN LATERAL of the list's FROM, which PostgreSQL pulls up
            # into a plain join it may hash, where a correlated subquery is a
            # loop per row. Its own joined objects join on it in turn.
            inner = statement.object(target, statement.joinable(child), selected.children)
            joined = statement.alias("j")
            statement.join(
                row,
                f'LEFT JOIN LATERAL (SELECT {inner} AS v FROM "{target.table}" {child}'
                f"{statement.joins(child)} WHERE {where}) {joined} ON true",
            )
            return f"{joined}.v"
        inner = statement.object(target, child, selected.children)
        order_by = self.relation.sql_order()
        order = f" ORDER BY {order_by.format(child=child)} LIMIT 1" if order_by else ""
        return f'(SELECT {inner} FROM "{target.table}" {child} WHERE {where}{order})'


@dataclass(frozen=True)
class Many(FieldMap):
    """A list of the mapped type the relation names: the rows for which its
    condition holds, in its order, at most its limit (the field's
    @maxItems); [] when none."""

    relation: Relation

    def target_type(self) -> str | None:
        return self.relation.target

    def sql(self, statement: Statement, row: str, selected: Selected) -> str:
        target = type_map(self.relation.target)
        child = statement.alias("m")
        inner = statement.object(target, child, selected.children)
        where = self.relation.sql_on().format(row=row, child=child)
        # A list relation has both (Relation.__post_init__).
        order = str(self.relation.sql_order()).format(child=child)
        # ARRAY(subquery) keeps the subquery's order: no sort inside an
        # aggregate (a tuplesort per parent row), and [] when there is none.
        return (
            f'array_to_json(ARRAY(SELECT {inner} FROM "{target.table}" {child} '
            f"WHERE {where} ORDER BY {order} LIMIT {self.relation.limit:d}))"
        )


def related(relation: Relation, *, joined: bool = False) -> FieldMap:
    """The field map of a declared nested field: `Many` for a list, else `One`
    (`joined`: see `One`)."""
    if relation.many:
        if joined:
            raise ValueError(f"{relation.parent}.{relation.name}: a list is never joined")
        return Many(relation)
    return One(relation, joined)


@dataclass(frozen=True)
class TypeMap:
    """A GraphQL object type read from one table: `fields` by GraphQL name."""

    name: str
    table: str
    fields: Mapping[str, FieldMap]


@dataclass(frozen=True)
class Prepared:
    """A root field's part of one request: `shape` (what the text of its SQL
    depends on), the `values` its slots read, or `constant`, its JSON answer
    without any SQL (null for a malformed id)."""

    shape: Hashable = None
    values: Mapping[str, object] = field(default_factory=dict)
    constant: str | None = None


class RootField(ABC):
    """A field of Query the compiler answers. `permission`: what the
    executor's field requires (None: any signed-in caller); without it the
    executor answers (with its error)."""

    permission: tuple[str, str] | None = None

    @abstractmethod
    def check(self, selected: Selected, schema: GraphQLSchema) -> None:
        """Refuse (Unsupported) a selection or argument this field does not
        answer, at compile time; check the fields below it with
        `check_selection`."""

    @abstractmethod
    def prepare(self, actor: Actor, arguments: dict[str, Any]) -> Prepared:
        """This request's shape and values from the coerced arguments; raise
        Fallback where the executor would answer otherwise (an error)."""

    @abstractmethod
    def sql(
        self,
        statement: Statement,
        selected: Selected,
        shape: Hashable,
        slot: Callable[[str, str], str],
    ) -> str:
        """The field's JSON value; `slot(name, type)` is the placeholder of
        `values[name]` of `prepare`."""


TYPES: dict[str, TypeMap] = {}
ROOTS: dict[str, RootField] = {}


def register(*maps: TypeMap) -> None:
    for found in maps:
        if found.name in TYPES:
            raise ValueError(f"{found.name} is mapped twice")
        TYPES[found.name] = found


def register_root(name: str, root: RootField) -> None:
    if name in ROOTS:
        raise ValueError(f"root field {name} is mapped twice")
    ROOTS[name] = root


def type_map(name: str) -> TypeMap:
    found = TYPES.get(name)
    if found is None:
        raise Unsupported(f"no mapping for type {name}")
    return found


def check_selection(schema: GraphQLSchema, type_name: str, selections: list[Selected]) -> None:
    """Every field under an object of `type_name` is mapped, recursively."""
    mapped = type_map(type_name)
    if len(selections) > MAX_KEYS:
        raise Unsupported(f"more than {MAX_KEYS} fields on one {type_name}")
    graphql_type = schema.type_map[type_name]
    assert isinstance(graphql_type, GraphQLObjectType)
    for selected in selections:
        if selected.name == "__typename":
            continue
        found = mapped.fields.get(selected.name)
        if found is None:
            raise Unsupported(f"{type_name}.{selected.name} is not mapped")
        found.check(selected)
        target = found.target_type()
        if target is not None:
            if selected.type_name != target:
                raise Unsupported(f"{type_name}.{selected.name} maps to another type")
            check_selection(schema, target, selected.children)
        elif selected.children:
            raise Unsupported(f"{type_name}.{selected.name} has no object mapping")
