"""Root fields the compiler answers, in the shapes the schema has them: a
keyset-paged connection (`ConnectionRoot`, as `paginate` pages), one object by
its global id (`LookupRoot`, as `lookup`), and `node(id)` for the node types
registered with `register_node` (as `read_node`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from graphql import GraphQLError, GraphQLSchema

from saas.schema.compiled import sql
from saas.schema.compiled.mapping import (
    Fallback,
    Prepared,
    RootField,
    Selected,
    Statement,
    Unsupported,
    check_selection,
    type_map,
)
from saas.schema.pagination import DEFAULT_PAGE_SIZE, Order, Page, cursor_position
from saas.schema.relay import decode_id, from_global_id
from saas.tenancy.actor import Actor
from saas.tenancy.scoped import RowScope, TenantRepository

Slot = Callable[[str, str], str]


def _no_arguments(selected: Selected) -> None:
    if selected.node.arguments:
        raise Unsupported(f"{selected.parent}.{selected.name} with arguments")


def _only(selected: Selected, allowed: set[str]) -> None:
    for child in selected.children:
        if child.name != "__typename" and child.name not in allowed:
            raise Unsupported(f"{selected.type_name}.{child.name} is not compiled")
        _no_arguments(child)


class Rows(ABC):
    """Which rows of a table the caller sees, as a condition: `prepare` the
    shape and values for one caller, `condition` the SQL on an alias."""

    def check(self) -> None:  # noqa: B027  (most have nothing to refuse)
        """Refuse (Unsupported) at compile time what has no SQL condition."""

    def applies(self, actor: Actor) -> bool:
        """Whether the caller has rows here at all (else the executor answers)."""
        return actor.tenant_id is not None

    @abstractmethod
    def prepare(self, actor: Actor) -> tuple[Hashable, dict[str, object]]: ...

    @abstractmethod
    def condition(self, row: str, shape: Any, slot: Slot) -> str: ...


# The scope shape of a caller who sees their own rows in some stores and no
# store's every row (`Scoped.prepare`).
OWN_ROWS_ONLY = "own rows only"


@dataclass(frozen=True)
class Scoped(Rows):
    """Which rows of a table the caller sees: the repository class the
    executor reads them through and the scope it builds it for."""

    repository: type[TenantRepository[Any]]
    scope: Callable[[Actor], RowScope]

    def check(self) -> None:
        if not self.repository.scoped_in_sql():
            raise Unsupported(f"{self.repository.__name__} has a scope of its own, not in SQL")

    def prepare(self, actor: Actor) -> tuple[Hashable, dict[str, object]]:
        repository = self.repository.for_scope(self.scope(actor))
        shape, values = repository.sql_shape(), repository.sql_values()
        if (
            self.repository.own_rows_written_in_sql()
            and shape == (True, True)
            and not values["scope_store_ids"]
        ):
            # A caller who sees only their own rows (a consultant): no empty
            # `store = ANY('{}') OR ...` for the planner to weigh, so that a
            # prepared statement settles on one plan instead of planning
            # every run (the OR's estimate made every generic plan dearer).
            return OWN_ROWS_ONLY, values
        return shape, values

    def condition(self, row: str, shape: Any, slot: Slot) -> str:
        if shape == OWN_ROWS_ONLY:
            return self.repository.sql_own_rows_condition(row, slot)
        return self.repository.sql_condition(row, shape, slot)


class FilterKey:
    """One key of a list's filter input (or one argument of the list, in
    `ConnectionRoot.flags`) the compiler answers."""

    def value(self, given: Any) -> object | None:
        """The slot's value for `given`; None: the key does not narrow."""
        raise NotImplementedError

    def condition(self, row: str, placeholder: str) -> str:
        raise NotImplementedError

    pg_type = "text"


@dataclass(frozen=True)
class AnyOf(FilterKey):
    """A list of enum values: the column holds one of them (no filter when
    the list is empty or null)."""

    column: str
    pg_type = "text[]"

    def value(self, given: Any) -> object | None:
        if not given:
            return None
        return [v.value if isinstance(v, Enum) else str(v) for v in given]

    def condition(self, row: str, placeholder: str) -> str:
        return f'{row}."{self.column}" = ANY({placeholder})'


@dataclass(frozen=True)
class IdIs(FilterKey):
    """A global id of `type_name`: the column holds its pk (-1, matching
    nothing, for a malformed id or one of another type, as `to_filter`)."""

    column: str
    type_name: str
    pg_type = "bigint"

    def value(self, given: Any) -> object | None:
        if given is None:
            return None
        try:
            return decode_id(given, self.type_name) or -1
        except ValueError:
            return -1

    def condition(self, row: str, placeholder: str) -> str:
        return f'{row}."{self.column}" = {placeholder}'


@dataclass(frozen=True)
class Equals(FilterKey):
    """One value (an enum's value or a text): the column holds it (no filter
    when it is null or empty, as `if f.city:`). A text longer than
    `max_length`, which the service answers with an empty list, runs on the
    executor."""

    column: str
    max_length: int | None = None

    def value(self, given: Any) -> object | None:
        if isinstance(given, Enum):
            given = given.value
        if given is None or given == "":
            return None
        if self.max_length is not None and len(str(given)) > self.max_length:
            raise Fallback(f"a {self.column} longer than {self.max_length}")
        return str(given)

    def condition(self, row: str, placeholder: str) -> str:
        return f'{row}."{self.column}" = {placeholder}'


@dataclass(frozen=True)
class WhenTrue(FilterKey):
    """A boolean argument: when true, `where` holds on the row (`{row}`)."""

    where: str
    pg_type = "boolean"

    def value(self, given: Any) -> object | None:
        return True if given is True else None

    def condition(self, row: str, placeholder: str) -> str:
        return f"{placeholder} AND ({self.where.format(row=row)})"


_PAGE_INFO = {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}

# `paginate`'s comparisons with a cursor, ascending (value, id), and flipped
# for a descending order: strictly after or before it, at or before ("to"),
# at or after ("from").
_SIDES = {"after": (">", ">"), "before": ("<", "<"), "to": ("<", "<="), "from": (">", ">=")}
_FLIPPED = {">": "<", "<": ">", ">=": "<=", "<=": ">="}


@dataclass(frozen=True)
class Paging:
    """What the text of a connection's statement depends on. The page size
    is written into it: with `LIMIT $n` PostgreSQL costs a generic plan for
    an unknown limit (a tenth of the rows) and so planned the statement
    anew on every run wherever the scope matches many rows (the OEM's
    distributed leads, customers, follow-ups); with the number it settles on
    one plan after five runs, as for the other lists. A frontend asks for a
    few sizes (at most 100): a few statements per document."""

    scope: Hashable
    order: Order
    keys: tuple[str, ...]
    has_after: bool
    has_before: bool
    backward: bool
    size: int


@dataclass(frozen=True)
class ConnectionRoot(RootField):
    """A connection field paged by `paginate`: the node type's rows the
    caller sees (`rows`), narrowed by the filter keys the compiler knows
    (`filters`, by GraphQL input name; any other key given runs on the
    executor), in the `orders` of the `order` argument (by enum value; a
    list without that argument finds its order under `str(None)`).
    `extra_where`: a condition on `{row}` the resolver always applies (e.g.
    merged customers left out)."""

    node_type: str
    permission_needed: tuple[str, str] | None
    rows: Rows
    orders: Mapping[str, Order]
    filters: Mapping[str, FilterKey] = field(default_factory=dict)
    default_size: int = DEFAULT_PAGE_SIZE
    arguments: frozenset[str] = frozenset({"first", "after", "last", "before", "filter", "order"})
    extra_where: str | None = None
    # The order of a list without an `order` argument (its resolver's one).
    default_order: Order | None = None
    # Arguments of the list other than paging, filter and order, answered
    # like filter keys (each must also be in `arguments`).
    flags: Mapping[str, FilterKey] = field(default_factory=dict)

    @property
    def permission(self) -> tuple[str, str] | None:  # type: ignore[override]
        return self.permission_needed

    def check(self, selected: Selected, schema: GraphQLSchema) -> None:
        self.rows.check()
        for argument in selected.node.arguments or ():
            if argument.name.value not in self.arguments:
                raise Unsupported(f"argument {argument.name.value}")
        _only(selected, {"nodes", "edges", "pageInfo", "totalCount"})
        for child in selected.children:
            if child.name == "nodes":
                check_selection(schema, self.node_type, child.children)
            elif child.name == "edges":
                _only(child, {"cursor", "node"})
                for edge in child.children:
                    if edge.name == "node":
                        check_selection(schema, self.node_type, edge.children)
            elif child.name == "pageInfo":
                _only(child, _PAGE_INFO)
        orders = [*self.orders.values(), *filter(None, [self.default_order])]
        for order in orders:
            if order.field != "id" and not order.field.endswith("_at"):
                raise Unsupported("cursors of an order by a non-timestamp")

    def prepare(self, actor: Actor, arguments: dict[str, Any]) -> Prepared:
        if not self.rows.applies(actor):
            raise Fallback("no rows of the caller's own")
        page = Page.of(arguments)
        order_value = arguments.get("order")
        if order_value is None and self.default_order is not None:
            order: Order | None = self.default_order
        else:
            order = self.orders.get(str(getattr(order_value, "value", order_value)))
        if order is None:
            raise Fallback("an order the compiler does not know")
        try:
            size, backward = page.size(self.default_size)
            cursors = {
                side: cursor_position(order, given, side)
                for side, given in (("after", page.after), ("before", page.before))
                if given is not None
            }
        except GraphQLError:
            raise Fallback("paging the executor refuses") from None
        if any(value is not None and value.tzinfo is None for _, value in cursors.values()):
            raise Fallback("a cursor without a time zone")
        scope_shape, values = self.rows.prepare(actor)
        keys: list[str] = []
        for name, known_flag in self.flags.items():
            flag = known_flag.value(arguments.get(name))
            if flag is not None:
                keys.append(f"flag.{name}")
                values[f"filter.flag.{name}"] = flag
        for name, given in (arguments.get("filter") or {}).items():
            known = self.filters.get(name)
            if known is None:
                if given is not None:
                    raise Fallback(f"filter key {name}")
                continue
            value = known.value(given)
            if value is not None:
                keys.append(name)
                values[f"filter.{name}"] = value
        for side, (pk, value) in cursors.items():
            values[f"{side}_id"], values[f"{side}_value"] = pk, value
        shape = Paging(
            scope_shape, order, tuple(keys), "after" in cursors, "before" in cursors, backward, size
        )
        return Prepared(shape, values)

    def _base(self, row: str, shape: Paging, slot: Slot) -> str:
        parts = [self.rows.condition(row, shape.scope, slot)]
        if self.extra_where is not None:
            parts.append(self.extra_where.format(row=row))
        for name in shape.keys:
            known = self.flags[name[5:]] if name.startswith("flag.") else self.filters[name]
            parts.append(known.condition(row, slot(f"filter.{name}", known.pg_type)))
        if shape.order.field != "id":
            parts.append(f'{row}."{shape.order.field}" IS NOT NULL')
        return " AND ".join(parts)

    @staticmethod
    def _side(row: str, order: Order, cursor: str, side: str, slot: Slot) -> str:
        """`paginate`'s rows on one side of the `cursor` ("after" or
        "before"): strictly after or before it, or at or before it ("to"), or
        at or after it ("from")."""
        value_op, id_op = _SIDES[side]
        if order.descending:
            value_op, id_op = _FLIPPED[value_op], _FLIPPED[id_op]
        by_id = f'{row}."id" {id_op} {slot(f"{cursor}_id", "bigint")}'
        if order.field == "id":
            return by_id
        column, value = f'{row}."{order.field}"', slot(f"{cursor}_value", "timestamptz")
        return f"({column} {value_op} {value} OR ({column} = {value} AND {by_id}))"

    def _exists(
        self, statement: Statement, table: str, shape: Paging, cursor: str, side: str, slot: Slot
    ) -> str:
        row = statement.alias("b")
        return (
            f"EXISTS (SELECT 1 FROM {table} {row} WHERE {self._base(row, shape, slot)} AND "
            f"{self._side(row, shape.order, cursor, side, slot)})"
        )

    def sql(self, statement: Statement, selected: Selected, shape: Any, slot: Slot) -> str:
        assert isinstance(shape, Paging)
        order = shape.order
        nodes = type_map(self.node_type)
        table = f'"{nodes.table}"'
        inner, page = statement.alias("r"), statement.joinable(statement.alias("p"))
        where = self._base(inner, shape, slot)
        for cursor in ("after", "before"):
            if getattr(shape, f"has_{cursor}"):
                where += " AND " + self._side(inner, order, cursor, cursor, slot)
        # Backward, the query runs in reverse (as `paginate`'s) and the page is
        # printed in the list's own order: compiled_n counts from the far end.
        direction = " DESC" if order.descending != shape.backward else ""
        columns = [order.field, "id"] if order.field != "id" else ["id"]
        ordering = ", ".join(f'{{row}}."{c}"{direction}' for c in columns)
        listed = f"{page}.compiled_n DESC" if shape.backward else f"{page}.compiled_n"
        reversed_ = f"{page}.compiled_n" if shape.backward else f"{page}.compiled_n DESC"
        size = str(int(shape.size))
        more = f"count(*) > {size}"
        cursor_sql = sql.cursor(
            f'{page}."id"', None if order.field == "id" else f'{page}."{order.field}"'
        )
        on_page = f"FILTER (WHERE {page}.compiled_n <= {size})"
        pairs = []
        for child in selected.children:
            if child.name == "__typename":
                value = sql.literal(selected.type_name)
            elif child.name == "nodes":
                node = statement.object(nodes, page, child.children)
                value = f"COALESCE(json_agg({node} ORDER BY {listed}) {on_page}, '[]'::json)"
            elif child.name == "edges":
                edge_pairs = []
                for edge in child.children:
                    if edge.name == "cursor":
                        edge_value = cursor_sql
                    elif edge.name == "node":
                        edge_value = statement.object(nodes, page, edge.children)
                    else:
                        edge_value = sql.literal(child.type_name)
                    edge_pairs.append(f"{sql.literal(edge.key)}, {edge_value}")
                edge_object = f"json_build_object({', '.join(edge_pairs)})"
                value = f"COALESCE(json_agg({edge_object} ORDER BY {listed}) {on_page}, '[]'::json)"
            elif child.name == "pageInfo":
                info_pairs = []
                for info in child.children:
                    if info.name == "hasNextPage" and not shape.backward:
                        info_value = more
                    elif info.name == "hasNextPage" and shape.has_before:
                        info_value = self._exists(statement, table, shape, "before", "from", slot)
                    elif info.name == "hasPreviousPage" and shape.backward:
                        info_value = more
                    elif info.name == "hasPreviousPage" and shape.has_after:
                        info_value = self._exists(statement, table, shape, "after", "to", slot)
                    elif info.name in ("hasNextPage", "hasPreviousPage"):
                        info_value = "false"
                    elif info.name in ("startCursor", "endCursor"):
                        # The key of the page's first (last) row, printed once.
                        at = listed if info.name == "startCursor" else reversed_

                        def key(column: str, at: str = at) -> str:
                            return f'(array_agg({page}."{column}" ORDER BY {at}) {on_page})[1]'

                        info_value = sql.cursor(
                            key("id"), None if order.field == "id" else key(order.field)
                        )
                    else:
                        info_value = sql.literal("PageInfo")
                    info_pairs.append(f"{sql.literal(info.key)}, {info_value}")
                value = f"json_build_object({', '.join(info_pairs)})"
            else:  # totalCount
                counted = statement.alias("c")
                value = (
                    f"(SELECT count(*) FROM {table} {counted} "
                    f"WHERE {self._base(counted, shape, slot)})"
                )
            pairs.append(f"{sql.literal(child.key)}, {value}")
        limited = (
            f"SELECT {inner}.* FROM {table} {inner} WHERE {where} "
            f"ORDER BY {ordering.format(row=inner)} LIMIT {int(shape.size) + 1}"
        )
        numbered = (
            f"SELECT q.*, row_number() OVER (ORDER BY {ordering.format(row='q')}) AS compiled_n "
            f"FROM ({limited}) q"
        )
        return (
            f"SELECT json_build_object({', '.join(pairs)}) "
            f"FROM ({numbered}) {page}{statement.joins(page)}"
        )


@dataclass(frozen=True)
class NodeReader:
    """How `node(id)` reads one type: the permission of its root field and
    the rows the caller sees."""

    permission: tuple[str, str] | None
    rows: Scoped


NODES: dict[str, NodeReader] = {}


def register_node(type_name: str, reader: NodeReader) -> None:
    if type_name in NODES:
        raise ValueError(f"node type {type_name} is registered twice")
    NODES[type_name] = reader


def _one(
    statement: Statement,
    type_name: str,
    rows: Scoped,
    selections: list[Selected],
    shape: Any,
    slot: Slot,
) -> str:
    mapped = type_map(type_name)
    row = statement.alias("n")
    obj = statement.object(mapped, row, selections)
    where = rows.condition(row, shape, slot)
    pk = slot("pk", "bigint")
    return f'SELECT {obj} FROM "{mapped.table}" {row} WHERE {where} AND {row}."id" = {pk}'


@dataclass(frozen=True)
class LookupRoot(RootField):
    """A root field answering one object by its global id, or null (`lookup`)."""

    type_name: str
    permission_needed: tuple[str, str] | None
    rows: Scoped

    @property
    def permission(self) -> tuple[str, str] | None:  # type: ignore[override]
        return self.permission_needed

    def check(self, selected: Selected, schema: GraphQLSchema) -> None:
        self.rows.check()
        if [a.name.value for a in selected.node.arguments or ()] != ["id"]:
            raise Unsupported("lookup arguments")
        check_selection(schema, self.type_name, selected.children)

    def prepare(self, actor: Actor, arguments: dict[str, Any]) -> Prepared:
        try:
            pk = decode_id(arguments.get("id"), self.type_name)
        except ValueError:
            return Prepared(constant="null")
        if actor.tenant_id is None:
            return Prepared(constant="null")
        shape, values = self.rows.prepare(actor)
        return Prepared(shape, values | {"pk": pk})

    def sql(self, statement: Statement, selected: Selected, shape: Any, slot: Slot) -> str:
        return _one(statement, self.type_name, self.rows, selected.children, shape, slot)


class NodeRoot(RootField):
    """`node(id)`: any signed-in caller; the object if its type's reader
    (`NODES`) shows it to the caller, else null. A type without a reader runs
    on the executor."""

    permission = None

    def check(self, selected: Selected, schema: GraphQLSchema) -> None:
        if [a.name.value for a in selected.node.arguments or ()] != ["id"]:
            raise Unsupported("node arguments")
        compiled = 0
        for type_name, reader in NODES.items():
            selections = selected.by_type.get(type_name)
            if selections is None:
                continue
            reader.rows.check()
            check_selection(schema, type_name, selections)
            compiled += 1
        if not compiled:
            raise Unsupported("node of no compiled type")

    def prepare(self, actor: Actor, arguments: dict[str, Any]) -> Prepared:
        try:
            type_name, pk = from_global_id(arguments.get("id"))
        except ValueError:
            return Prepared(constant="null")
        reader = NODES.get(type_name)
        if reader is None:
            raise Fallback(f"node of type {type_name}")
        if reader.permission is not None and not actor.can(*reader.permission):
            return Prepared(constant="null")
        if actor.tenant_id is None:
            return Prepared(constant="null")
        shape, values = reader.rows.prepare(actor)
        return Prepared((type_name, shape), values | {"pk": pk})

    def sql(self, statement: Statement, selected: Selected, shape: Any, slot: Slot) -> str:
        type_name, scope_shape = shape
        reader = NODES[type_name]
        return _one(
            statement, type_name, reader.rows, selected.by_type[type_name], scope_shape, slot
        )


__all__ = [
    "AnyOf",
    "ConnectionRoot",
    "Equals",
    "IdIs",
    "LookupRoot",
    "NodeReader",
    "NodeRoot",
    "Rows",
    "Scoped",
    "WhenTrue",
    "register_node",
]
