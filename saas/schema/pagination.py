"""Cursor connections (`first`/`after`) with a hard maximum page size."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
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


def encode_cursor(object_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{object_id}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        kind, _, raw = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "id" and raw.isdigit():
            return int(raw)
    except (ValueError, UnicodeDecodeError):
        pass
    raise GraphQLError(
        "`after` is not a cursor this API returned",
        extensions={"code": "BAD_USER_INPUT"},
    )


def check_first(first: int) -> None:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise GraphQLError(
            f"`first` must be between 1 and {MAX_PAGE_SIZE}",
            extensions={"code": "BAD_USER_INPUT"},
        )


async def paginate(
    qs: QuerySet[Any], first: int, after: str | None, to_node: Callable[[Any], N]
) -> Connection[N]:
    """Keyset pagination on id: stable under inserts, no OFFSET scans."""
    check_first(first)
    page = qs.order_by("id")
    if after is not None:
        page = page.filter(id__gt=decode_cursor(after))
    rows: Sequence[Any] = await page.limit(first + 1)
    edges = [Edge(cursor=encode_cursor(r.id), node=to_node(r)) for r in rows[:first]]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _total=qs,
    )
