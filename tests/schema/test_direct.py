"""`@direct` resolvers: graphql-core calls them without strawberry's wrapper,
so the schema must refuse one that a guard or an argument would be skipped
for, and give it nothing of `info` but the context."""

from __future__ import annotations

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
    PlainAttribute,
    PlainLeafExecutor,
    direct,
    install_direct_resolvers,
    install_plain_fields,
)


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
    assert lead.fields["customer"].resolve.__qualname__.startswith("_call")  # type: ignore[attr-defined]
    assert not lead.fields["followUps"].resolve.__qualname__.startswith("_call")  # type: ignore[attr-defined]


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
    assert schema.execution_context_class is PlainLeafExecutor
    lead = schema._schema.type_map["Lead"]
    stage = lead.fields["stage"].resolve  # type: ignore[attr-defined]
    assert isinstance(stage, PlainAttribute) and stage.coerce is not None
    assert lead.fields["stage"].resolve.coerce(FunnelStage.NEEDS_ANALYSIS) == "NEEDS_ANALYSIS"  # type: ignore[attr-defined]
