"""`@direct` resolvers: graphql-core calls them without strawberry's wrapper,
so the schema must refuse one that a guard or an argument would be skipped
for, and give it nothing of `info` but the context."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission

from saas.crm.vocabulary import FunnelStage
from saas.schema import build_schema
from saas.schema.direct import (
    ContextOnly,
    DirectExecutor,
    DirectResolver,
    PlainAttribute,
    PlainLeafExecutor,
    direct,
    install_direct_resolvers,
    install_plain_fields,
)
from saas.schema.limits import CappedResolver


class Never(BasePermission):
    message = "never"

    def has_permission(self, source: object, info: object, **kwargs: object) -> bool:
        return False


def _schema(field: object) -> strawberry.Schema:
    @strawberry.type
    class Query:
        value: str = field  # type: ignore[assignment]

    return strawberry.Schema(query=Query)


def test_the_app_schema_calls_its_direct_resolvers_itself() -> None:
    schema = build_schema()
    lead = schema._schema.type_map["Lead"]
    assert isinstance(lead.fields["customer"].resolve, DirectResolver)  # type: ignore[attr-defined]
    assert not isinstance(lead.fields["followUps"].resolve, DirectResolver)  # type: ignore[attr-defined]


def test_a_guarded_or_parameterised_field_cannot_be_direct() -> None:
    @direct
    def guarded(root: object) -> str:
        return "secret"

    @direct
    def parameterised(root: object, n: int) -> str:
        return str(n)

    with pytest.raises(TypeError, match="no arguments and no guards"):
        install_direct_resolvers(
            _schema(strawberry.field(resolver=guarded, permission_classes=[Never]))
        )
    with pytest.raises(TypeError, match="no arguments and no guards"):
        install_direct_resolvers(_schema(strawberry.field(resolver=parameterised)))


def test_a_direct_resolver_sees_the_context_and_nothing_else() -> None:
    seen: list[object] = []

    @direct
    def value(root: object, info: strawberry.Info) -> str:
        seen.append(info.context)
        return getattr(info, "field_name", "no field name")

    schema = _schema(strawberry.field(resolver=value))
    assert install_direct_resolvers(schema) == 1
    result = schema.execute_sync("{ value }", context_value="ctx")
    assert result.data == {"value": "no field name"} and seen == ["ctx"]
    assert not hasattr(ContextOnly("ctx"), "selected_fields")


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Item:
    name: str
    count: int
    colour: Colour
    at: datetime
    maybe: str | None
    tags: list[str]


@strawberry.type
class Broken:
    must: str
    number: int


@strawberry.type
class ItemsQuery:
    @strawberry.field
    def items(self) -> list[Item]:
        return [
            Item(
                name=f"n{i}",
                count=i,
                colour=Colour.BLUE if i % 2 else Colour.RED,
                at=datetime(2026, 1, 1, 9, i, tzinfo=UTC),
                maybe=None if i % 2 else "x",
                tags=["a", "b"],
            )
            for i in range(3)
        ]

    @strawberry.field
    def broken(self) -> list[Broken | None]:
        # A null in a non-null field and a value the Int scalar refuses.
        return [Broken(must=None, number=1), Broken(must="ok", number="many")]  # type: ignore[arg-type]


ITEMS = "{ items { name count colour at maybe tags __typename } broken { must number } }"


def _items_schema(fast: bool, extensions: list[Any] | None = None) -> strawberry.Schema:
    schema = strawberry.Schema(
        query=ItemsQuery,
        execution_context_class=PlainLeafExecutor if fast else None,
        extensions=extensions or [],
    )
    if fast:
        assert install_plain_fields(schema) >= 8
    return schema


def _answer(schema: strawberry.Schema) -> tuple[object, list[object]]:
    result = schema.execute_sync(ITEMS)
    return result.data, [error.formatted for error in result.errors or []]


def test_plain_leaf_fields_answer_exactly_as_strawberry_does() -> None:
    """Scalars, enums, datetimes and nulls, and the errors of a null in a
    non-null field and of a value the scalar refuses, with their paths."""
    plain = _answer(_items_schema(fast=False))
    fast = _answer(_items_schema(fast=True))
    assert fast == plain
    data, errors = fast
    assert data["items"][1] == {  # type: ignore[index]
        "name": "n1",
        "count": 1,
        "colour": "BLUE",
        "at": "2026-01-01T09:01:00+00:00",
        "maybe": None,
        "tags": ["a", "b"],
        "__typename": "Item",
    }
    assert sorted(e["path"] for e in errors) == [["broken", 0, "must"], ["broken", 1, "number"]]  # type: ignore[index]


def test_a_resolver_middleware_still_sees_every_plain_field() -> None:
    """With an extension wrapping resolvers (tracing does), the executor takes
    the ordinary path for every field."""
    seen: list[str] = []

    class Watch(SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    assert _answer(_items_schema(fast=True, extensions=[Watch])) == _answer(
        _items_schema(fast=False)
    )
    assert seen.count("colour") == 3 and seen.count("must") == 2


def test_the_app_schema_answers_plain_leaves_itself() -> None:
    schema = build_schema()
    assert schema.execution_context_class is DirectExecutor
    lead = schema._schema.type_map["Lead"]
    stage = lead.fields["stage"].resolve  # type: ignore[attr-defined]
    assert isinstance(stage, PlainAttribute) and stage.coerce is not None
    assert lead.fields["stage"].resolve.coerce(FunnelStage.NEEDS_ANALYSIS) == "NEEDS_ANALYSIS"  # type: ignore[attr-defined]


# Object-valued @direct fields: `DirectExecutor` completes them itself when
# the value is null or exactly the type's class; every other value, and every
# error, must come out as stock graphql-core reports it.


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Person(Named):
    age: int
    nick: str | None


@strawberry.type
class Badge:
    label: str
    must: str


class Elder(Person):
    """A subclass: strawberry's type check accepts it, the fast path does not."""


class Lookalike:
    """Not a Person at all; Badge has no type check, so graphql-core reads it."""

    def __init__(self) -> None:
        self.label = "look"
        self.must = "alike"


def _person(source: Row) -> Person | None:
    if source.n == 1:
        return None
    if source.n == 4:
        return Elder(name="elder", age=80, nick=None)
    return Person(name=f"p{source.n}", age=source.n, nick=None if source.n % 2 else "x")


@direct
def person(root: Row, info: strawberry.Info) -> Person | None:
    assert info.context == "ctx"
    return _person(root)


@direct
def required_person(root: Row) -> Person:
    return _person(root)  # type: ignore[return-value]


@direct
def later_person(root: Row) -> Any:
    async def later() -> Person | None:
        return _person(root)

    return later()


@direct
def badge(root: Row) -> Badge | None:
    if root.n == 2:
        raise ValueError("no badge for two")
    if root.n == 4:
        return Lookalike()  # type: ignore[return-value]
    # Row 0's badge has a null in a non-null field: the badge becomes null.
    return Badge(label=f"b{root.n}", must=None if root.n == 0 else "m")  # type: ignore[arg-type]


@direct
def required_badge(root: Row) -> Badge:
    if root.n == 5:
        raise ValueError("no required badge for five")
    return Badge(label="r", must=None if root.n == 3 else "m")  # type: ignore[arg-type]


@direct
def code(root: Row) -> str:
    if root.n == 2:
        raise ValueError("no code for two")
    return None if root.n == 3 else f"c{root.n}"  # type: ignore[return-value]


@direct
def colour(root: Row) -> Colour | None:
    return None if root.n == 0 else Colour.BLUE if root.n % 2 else "green"  # type: ignore[return-value]


@direct
def badges(root: Row) -> list[Badge]:
    if root.n == 6:
        raise ValueError("no badges for six")
    if root.n == 0:
        return [Badge(label="x", must=None), Badge(label="y", must="m")]  # type: ignore[arg-type]
    if root.n == 4:
        return [Badge(label="l", must="m"), Lookalike()]  # type: ignore[list-item]

    async def later() -> list[Badge]:
        return [Badge(label=f"a{i}", must="m") for i in range(4)]

    return later() if root.n == 7 else [Badge(label=f"b{i}", must="m") for i in range(4)]  # type: ignore[return-value]


@strawberry.type
class Row:
    n: int
    friends: list[Person | None]
    code: str = strawberry.field(resolver=code)
    colour: Colour | None = strawberry.field(resolver=colour)
    badges: list[Badge] | None = strawberry.field(resolver=badges)
    person: Person | None = strawberry.field(resolver=person)
    required_person: Person = strawberry.field(resolver=required_person)
    later_person: Person | None = strawberry.field(resolver=later_person)
    badge: Badge | None = strawberry.field(resolver=badge)
    required_badge: Badge = strawberry.field(resolver=required_badge)


@strawberry.type
class RowsQuery:
    @strawberry.field
    def rows(self) -> list[Row | None]:
        people = [Person(name="f", age=1, nick=None), None]
        return [
            Row(n=i, friends=[*people, Elder(name="e", age=9, nick=None)] if i == 4 else people)
            for i in range(9)
        ]


ROWS = """{ rows { n
  person { name age nick ... on Person { __typename } }
  again: person { name }
  laterPerson { name nick }
  badge { label must }
  requiredPerson { name }
  requiredBadge { label must }
  friends { name }
  code colour
  badges { label must }
} }"""


def _rows_schema(fast: bool, extensions: list[Any] | None = None) -> strawberry.Schema:
    schema = strawberry.Schema(
        query=RowsQuery,
        execution_context_class=DirectExecutor if fast else None,
        extensions=extensions or [],
    )
    if fast:
        assert install_direct_resolvers(schema) == 8
        install_plain_fields(schema)
    # `badges` capped to its first three items, as @maxItems does.
    badges = schema._schema.type_map["Row"].fields["badges"]  # type: ignore[attr-defined]
    badges.resolve = CappedResolver(badges.resolve, 3)
    return schema


async def _rows_answer(schema: strawberry.Schema, query: str = ROWS) -> tuple[object, object]:
    result = await schema.execute(query, context_value="ctx")
    errors = sorted(
        (error.formatted for error in result.errors or []), key=lambda e: str(e["path"])
    )
    return result.data, errors


async def test_object_fields_answer_exactly_as_stock_graphql_core() -> None:
    """Objects, nulls, a subclass, a look-alike, an awaitable, a raising
    resolver, a null in a non-null field at both levels, with their paths."""
    stock = await _rows_answer(_rows_schema(fast=False))
    fast = await _rows_answer(_rows_schema(fast=True))
    assert fast == stock
    data, errors = fast
    rows = data["rows"]  # type: ignore[index]
    assert rows[0]["person"] == {"name": "p0", "age": 0, "nick": "x", "__typename": "Person"}
    assert rows[0]["badge"] is None and rows[4]["badge"] == {"label": "look", "must": "alike"}
    assert rows[4]["person"]["name"] == "elder" and rows[6 - 1] is None
    assert rows[1] is None  # its required person is null
    assert rows[3] is None  # its required badge has a null in a non-null field
    assert rows[0]["badges"] is None and rows[7]["badges"] == [
        {"label": f"a{i}", "must": "m"} for i in range(3)
    ]
    assert rows[8]["badges"] == [{"label": f"b{i}", "must": "m"} for i in range(3)]
    assert rows[4]["friends"] == [{"name": "f"}, None, {"name": "e"}]
    assert rows[0]["code"] == "c0" and rows[0]["colour"] is None
    assert [e["path"] for e in errors] == [  # type: ignore[index]
        ["rows", 0, "badge", "must"],
        ["rows", 0, "badges", 0, "must"],
        ["rows", 1, "requiredPerson"],
        ["rows", 2, "badge"],
        ["rows", 2, "code"],
        ["rows", 3, "requiredBadge", "must"],
        ["rows", 4, "colour"],
        ["rows", 5, "requiredBadge"],
        ["rows", 6, "badges"],
        ["rows", 6, "colour"],
        ["rows", 8, "colour"],
    ]


async def test_the_fast_path_runs_only_without_resolver_middleware() -> None:
    seen: list[str] = []

    class Watch(SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    watched = await _rows_answer(_rows_schema(fast=True, extensions=[Watch]))
    assert watched == await _rows_answer(_rows_schema(fast=False))
    assert seen.count("person") == 18 and seen.count("label") >= 4


async def test_a_fast_object_field_in_a_fragment_and_with_skip() -> None:
    query = """query($no: Boolean!) { rows { n ...F person @skip(if: $no) { age } } }
      fragment F on Row { person { name } badge @include(if: $no) { label } }"""
    for no in (True, False):
        stock = await _rows_schema(fast=False).execute(
            query, variable_values={"no": no}, context_value="ctx"
        )
        fast = await _rows_schema(fast=True).execute(
            query, variable_values={"no": no}, context_value="ctx"
        )
        assert fast.data == stock.data
        assert [e.formatted for e in fast.errors or []] == [e.formatted for e in stock.errors or []]


async def test_only_the_unusual_values_take_graphql_cores_path() -> None:
    """Resolve info is built only for what the fast path hands back: the
    subclass, the look-alike, the awaitables, the nulls in non-null fields,
    the value the enum refuses."""
    infos: Counter[str] = Counter()

    class Counting(DirectExecutor):
        def build_resolve_info(self, field_def: Any, field_nodes: Any, *args: Any) -> Any:
            infos[field_nodes[0].name.value] += 1
            return super().build_resolve_info(field_def, field_nodes, *args)

    schema = _rows_schema(fast=True)
    schema.execution_context_class = Counting
    assert await _rows_answer(schema) == await _rows_answer(_rows_schema(fast=False))
    assert infos["person"] == 2  # row 4's Elder, under two response names
    assert infos["friends"] == 1 and infos["badges"] == 2 and infos["requiredPerson"] == 2
    assert infos["name"] == infos["label"] == infos["n"] == 0
