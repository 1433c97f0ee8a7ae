"""Cursor connections as the Relay spec has them: `first`/`after` forward,
`last`/`before` backward, both cursors together for a window, and a hard
maximum page size either way."""

from __future__ import annotations

import base64
import functools
import inspect
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.types.nodes import FragmentSpread, InlineFragment
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from saas.schema.described import described
from saas.tenancy.scoped import read_query

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

N = TypeVar("N")
T = TypeVar("T")
R = TypeVar("R")


def first_help(default: int) -> str:
    return (
        f"Return the first N results (after `after`, if given); 1 to {MAX_PAGE_SIZE}. "
        f"{default} when neither `first` nor `last` is given. Do not combine with `last`."
    )


First = Annotated[int | None, strawberry.argument(description=first_help(DEFAULT_PAGE_SIZE))]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Return results after this cursor: a previous page's `endCursor` "
        "(or any edge's `cursor`) from this same list, with the same order and filter."
    ),
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description=f"Return the last N results (before `before`, if given); 1 to "
        f"{MAX_PAGE_SIZE}. Edges still come in the list's own order. Do not combine with "
        "`first`."
    ),
]
Before = Annotated[
    str | None,
    strawberry.argument(
        description="Return results before this cursor: a later page's `startCursor` "
        "(or any edge's `cursor`) from this same list, with the same order and filter."
    ),
]


async def _rows_beyond(known: bool, rows: QuerySet[Any] | None) -> bool:
    """Whether rows lie beyond a page edge: `known` when the page itself
    told, else whether `rows` (the rows past the client's cursor) has one."""
    if known or rows is None:
        return known
    return await rows.exists()


@strawberry.type(
    description="Where this page sits in the whole list: cursors to page on from, in "
    "either direction, and whether there is anything to page to."
)
@described
class PageInfo:
    """
    Attributes:
        start_cursor: Cursor of this page's first edge: pass it as `before` (with `last`) for the
            page before. Null when the page is empty.
        end_cursor: Cursor of this page's last edge: pass it as `after` (with `first`) for the next
            page. Null when the page is empty.
    """

    _has_next: strawberry.Private[bool]
    _has_previous: strawberry.Private[bool]
    # Whether rows lie beyond the cursor the client paged from: asked only
    # when the client selects the flag (one LIMIT 1 query).
    _next_rows: strawberry.Private[QuerySet[Any] | None] = None
    _previous_rows: strawberry.Private[QuerySet[Any] | None] = None

    @strawberry.field(
        description="True when results follow this page's last edge. Paging forward "
        "(`first`): more results follow, up to `before` if given. Paging backward (`last`): "
        "any result lies at or after `before`; false without `before` (the page ends the "
        "list)."
    )
    async def has_next_page(self) -> bool:
        return await _rows_beyond(self._has_next, self._next_rows)

    @strawberry.field(
        description="True when results precede this page's first edge. Paging backward "
        "(`last`): more results precede, down to `after` if given. Paging forward "
        "(`first`): any result lies at or before `after`; false without `after` (the page "
        "starts the list)."
    )
    async def has_previous_page(self) -> bool:
        return await _rows_beyond(self._has_previous, self._previous_rows)

    start_cursor: str | None = None
    end_cursor: str | None = None


@strawberry.type(description="One result of a page, with the cursor that points at it.")
@described
class Edge(Generic[N]):
    """
    Attributes:
        cursor: Opaque position of this result in this list (with its order and filter): pass it as
            `after` or `before` to page from here.
        node: The result itself.
    """

    cursor: str
    node: N


@strawberry.type(description="A page of results.")
@described
class Connection(Generic[N]):
    """
    Attributes:
        edges: This page's results with their cursors, in the list's own order (also when paging
            backward with `last`).
        page_info: Cursors to page on from, and whether there is more in either direction.
    """

    edges: list[Edge[N]]
    page_info: PageInfo
    _total: strawberry.Private[QuerySet[Any] | None] = None
    _count: strawberry.Private[int | None] = None

    @strawberry.field(description="The nodes of this page, without cursors.")
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many results match, across all pages (one extra query).")
    async def total_count(self) -> int:
        if self._count is not None:
            return self._count
        return 0 if self._total is None else await self._total.count()


def encode_cursor(object_id: int, value: object = None) -> str:
    if type(object_id) is int and (value is None or isinstance(value, datetime)):
        # `json.dumps` of the key spelled out (a page encodes 50): an int and
        # an ISO-8601 timestamp print the same and need no escaping.
        text = (
            f'{{"id": {object_id}}}'
            if value is None
            else f'{{"id": {object_id}, "v": "{value.isoformat()}"}}'
        )
    else:
        key = {"id": object_id} if value is None else {"id": object_id, "v": _plain(value)}
        text = json.dumps(key)
    return base64.urlsafe_b64encode(text.encode()).decode()


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def _refuse(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def decode_cursor(cursor: str, argument: str = "after") -> dict[str, Any]:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        # An id the database cannot compare (a JSON true, beyond 64 bits) is no cursor of ours.
        if isinstance(key, dict) and type(key.get("id")) is int and abs(key["id"]) < 2**63:
            return key
    except (ValueError, UnicodeDecodeError):
        pass
    raise _refuse(f"`{argument}` is not a cursor this API returned")


def _check_size(argument: str, size: int) -> None:
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise _refuse(f"`{argument}` must be between 1 and {MAX_PAGE_SIZE}")


def check_first(first: int) -> None:
    _check_size("first", first)


@dataclass(frozen=True)
class Page:
    """A connection's paging arguments as the client gave them."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    @classmethod
    def of(cls, arguments: dict[str, Any]) -> Page:
        """The paging arguments among a field's `arguments` (by GraphQL name)."""
        return cls(
            arguments.get("first"),
            arguments.get("after"),
            arguments.get("last"),
            arguments.get("before"),
        )

    def size(self, default: int) -> tuple[int, bool]:
        """(page size, backward?), refusing what the spec leaves undefined."""
        if self.first is not None and self.last is not None:
            raise _refuse(
                "give either `first` (with `after`, paging forward) or `last` (with `before`, "
                "paging backward), not both"
            )
        if self.last is not None:
            _check_size("last", self.last)
            return self.last, True
        size = default if self.first is None else self.first
        _check_size("first", size)
        return size, False


_PAGING = {"first": First, "after": After, "last": Last, "before": Before}


def paged(resolver: Callable[..., Awaitable[R]]) -> Callable[..., Awaitable[R]]:
    """A connection resolver that takes its paging arguments as one `page: Page`
    parameter: GraphQL sees `first`, `after`, `last` and `before` (described as
    on every connection) where the resolver declares `page`, and the resolver
    gets them as a `Page`. Put it below `@strawberry.field`."""
    signature = inspect.signature(resolver)
    parameters = list(signature.parameters.values())
    names = [p.name for p in parameters]
    if "page" not in names or set(_PAGING) & set(names):
        raise TypeError(f"@paged {resolver.__qualname__}: declare `page: Page` and no paging names")
    at = names.index("page")
    paging = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in _PAGING.items()
    ]
    rest = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in parameters[at + 1 :]]

    @functools.wraps(resolver)
    async def with_page(
        *args: Any,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        **kwargs: Any,
    ) -> R:
        return await resolver(*args, page=Page(first, after, last, before), **kwargs)

    # Strawberry reads the arguments from the signature (and resolves string
    # annotations in the resolver's module, which functools.wraps names).
    new = signature.replace(parameters=[*parameters[:at], *paging, *rest])
    with_page.__signature__ = new  # type: ignore[attr-defined]
    with_page.__annotations__ = {
        p.name: p.annotation for p in new.parameters.values() if p.annotation is not p.empty
    } | {"return": signature.return_annotation}
    return with_page


@dataclass(frozen=True)
class Order:
    """Keyset order: by `field` (then id as tie-breaker), ascending or not.
    Rows whose `field` is NULL are left out."""

    field: str = "id"
    descending: bool = False


def _key(order: Order, cursor: str, argument: str) -> tuple[int, datetime | None]:
    key = decode_cursor(cursor, argument)
    if order.field == "id":
        return key["id"], None
    value = key.get("v")
    try:
        value = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        value = None
    if value is None:
        raise _refuse(f"`{argument}` is a cursor of another ordering; start again without it")
    return key["id"], value


def cursor_position(order: Order, cursor: str, argument: str) -> tuple[int, datetime | None]:
    """(id, order value) of a cursor given as `argument` for `order`, refused
    (BAD_USER_INPUT) as `paginate` refuses it."""
    return _key(order, cursor, argument)


# Rows on one side of a cursor, in the list's own order: strictly after or
# before it, or at it or before/after it (the cursor's own row counted).
_SIDES = {"after": ("gt", "gt"), "before": ("lt", "lt"), "to": ("lt", "lte"), "from": ("gt", "gte")}
_FLIPPED = {"gt": "lt", "lt": "gt", "gte": "lte", "lte": "gte"}


def _side(order: Order, key: tuple[int, datetime | None], side: str) -> Q:
    value_op, id_op = _SIDES[side]
    if order.descending:
        value_op, id_op = _FLIPPED[value_op], _FLIPPED[id_op]
    object_id, value = key
    by_id: dict[str, Any] = {f"id__{id_op}": object_id}
    if order.field == "id":
        return Q(**by_id)
    beyond: dict[str, Any] = {f"{order.field}__{value_op}": value}
    level: dict[str, Any] = {order.field: value, **by_id}
    return Q(**beyond) | Q(**level)


async def paginate(
    qs: QuerySet[Any],
    page: Page,
    to_node: Callable[[Any], N],
    order: Order = Order(),
    default: int = DEFAULT_PAGE_SIZE,
    *,
    display_rows: bool = False,
) -> Connection[N]:
    """Keyset pagination: stable under inserts, no OFFSET scans. Backward, the
    order is reversed for the query and the page reversed back, so edges are
    always in the list's own order. With `display_rows`, `to_node` gets the
    rows as `read_query` reads them (`ReadRow`s on PostgreSQL), for a node
    type that only reads its row's attributes."""
    size, backward = page.size(default)
    if order.field != "id":
        qs = qs.filter(**{f"{order.field}__isnull": False})
    after = None if page.after is None else _key(order, page.after, "after")
    before = None if page.before is None else _key(order, page.before, "before")
    window = qs
    if after is not None:
        window = window.filter(_side(order, after, "after"))
    if before is not None:
        window = window.filter(_side(order, before, "before"))
    sign = "-" if order.descending != backward else ""
    columns = [order.field, "id"] if order.field != "id" else ["id"]
    window = window.order_by(*(sign + c for c in columns)).limit(size + 1)
    rows: list[Any] = await read_query(window) if display_rows else list(await window)
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()

    def cursor(row: Any) -> str:
        return encode_cursor(row.id, None if order.field == "id" else getattr(row, order.field))

    edges = [Edge(cursor=cursor(r), node=to_node(r)) for r in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            _has_next=more and not backward,
            _has_previous=more and backward,
            _next_rows=qs.filter(_side(order, before, "from"))
            if backward and before is not None
            else None,
            _previous_rows=qs.filter(_side(order, after, "to"))
            if not backward and after is not None
            else None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _total=qs,
    )


def list_index(cursor: str, argument: str) -> int:
    """The position a cursor of `paginate_list` names, refused
    (BAD_USER_INPUT) as `paginate_list` refuses it."""
    index: int = decode_cursor(cursor, argument)["id"]
    if index < 0:
        raise _refuse(f"`{argument}` is not a cursor this API returned")
    return index


def paginate_list(
    items: Sequence[T],
    page: Page,
    to_node: Callable[[T], N],
    default: int = DEFAULT_PAGE_SIZE,
) -> Connection[N]:
    """A list built in memory, paged by position: the same arguments and
    answers as `paginate`."""
    size, backward = page.size(default)
    after = None if page.after is None else list_index(page.after, "after")
    before = None if page.before is None else list_index(page.before, "before")
    start = 0 if after is None else after + 1
    end = len(items) if before is None else min(before, len(items))
    end = max(start, end)
    if backward:
        lo, hi = max(start, end - size), end
        has_previous, has_next = lo > start, before is not None and before < len(items)
    else:
        lo, hi = start, min(end, start + size)
        has_previous, has_next = after is not None and len(items) > 0, hi < end
    edges = [Edge(cursor=encode_cursor(i), node=to_node(items[i])) for i in range(lo, hi)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            _has_next=has_next,
            _has_previous=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=len(items),
    )


def node_fields(info: Any) -> dict[str, set[str]]:
    """The node fields a connection's selection asks for (under `nodes` or
    `edges { node }`, through fragments), each with its own subfields' names."""

    def flatten(selections: list[Any]) -> list[Any]:
        out = []
        for s in selections:
            if isinstance(s, FragmentSpread | InlineFragment):
                out += flatten(s.selections)
            else:
                out.append(s)
        return out

    nodes: list[Any] = []
    for connection in info.selected_fields:
        for part in flatten(connection.selections):
            if part.name == "nodes":
                nodes += flatten(part.selections)
            elif part.name == "edges":
                for edge_part in flatten(part.selections):
                    if edge_part.name == "node":
                        nodes += flatten(edge_part.selections)
    names: dict[str, set[str]] = {}
    for node in nodes:
        names.setdefault(node.name, set()).update(f.name for f in flatten(node.selections))
    return names
