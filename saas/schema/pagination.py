"""Cursor connections (`first`/`after`) with a hard maximum page size."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

N = TypeVar("N")


@strawberry.type(description="Where this page ends and whether more follow.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type(description="A page of results.")
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    _total: strawberry.Private[QuerySet[Any] | None] = None

    @strawberry.field(description="The nodes of this page, without cursors.")
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many results match, across all pages (one extra query).")
    async def total_count(self) -> int:
        return 0 if self._total is None else await self._total.count()


def encode_cursor(object_id: int, value: object = None) -> str:
    key = {"id": object_id} if value is None else {"id": object_id, "v": _plain(value)}
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if isinstance(key, dict) and isinstance(key.get("id"), int):
            return key
    except (ValueError, UnicodeDecodeError):
        pass
    raise GraphQLError(
        "`after` is not a cursor this API returned", extensions={"code": "BAD_USER_INPUT"}
    )


def check_first(first: int) -> None:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise GraphQLError(
            f"`first` must be between 1 and {MAX_PAGE_SIZE}", extensions={"code": "BAD_USER_INPUT"}
        )


@dataclass(frozen=True)
class Order:
    """Keyset order: by `field` (then id as tie-breaker), ascending or not.
    Rows whose `field` is NULL are left out."""

    field: str = "id"
    descending: bool = False


async def paginate(
    qs: QuerySet[Any],
    first: int,
    after: str | None,
    to_node: Callable[[Any], N],
    order: Order = Order(),
) -> Connection[N]:
    """Keyset pagination: stable under inserts, no OFFSET scans."""
    check_first(first)
    sign = "-" if order.descending else ""
    cmp = "lt" if order.descending else "gt"
    if order.field != "id":
        qs = qs.filter(**{f"{order.field}__isnull": False})
    page = (
        qs.order_by(f"{sign}{order.field}", f"{sign}id")
        if order.field != "id"
        else qs.order_by(f"{sign}id")
    )
    if after is not None:
        key = decode_cursor(after)
        if order.field == "id":
            page = page.filter(**{f"id__{cmp}": key["id"]})
        else:
            value = key.get("v")
            try:
                value = datetime.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                value = None
            if value is None:
                raise GraphQLError(
                    "`after` is a cursor of another ordering; start again without it",
                    extensions={"code": "BAD_USER_INPUT"},
                )
            page = page.filter(
                Q(**{f"{order.field}__{cmp}": value})
                | Q(**{order.field: value, f"id__{cmp}": key["id"]})
            )
    rows: Sequence[Any] = await page.limit(first + 1)

    def cursor(row: Any) -> str:
        return encode_cursor(row.id, None if order.field == "id" else getattr(row, order.field))

    edges = [Edge(cursor=cursor(r), node=to_node(r)) for r in rows[:first]]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None
        ),
        _total=qs,
    )


def node_fields(info: Any) -> dict[str, set[str]]:
    """The node fields a connection's selection asks for (under `nodes` or
    `edges { node }`, through fragments), each with its own subfields' names."""
    from strawberry.types.nodes import FragmentSpread, InlineFragment

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
