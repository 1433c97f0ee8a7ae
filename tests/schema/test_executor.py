"""The short path for plain leaf fields answers exactly what graphql-core would:
the same data in the same key order, and the same errors at the same paths."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from saas.schema.executor import LeafFirstExecutionContext


@strawberry.enum
class Grade(Enum):
    HOT = "h"
    COLD = "c"


@strawberry.type
class Owner:
    name: str


@strawberry.type
class Item:
    id: strawberry.ID
    title: str
    grade: Grade
    due_at: datetime | None
    count: int
    required_but_missing: str  # set to None on some items: an error
    owner: Owner | None

    @strawberry.field
    def shout(self, suffix: str = "!") -> str:
        return self.title.upper() + suffix


def _items() -> list[Item]:
    at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    return [
        Item(id=strawberry.ID("1"), title="first", grade=Grade.HOT, due_at=at, count=3,
             required_but_missing="here", owner=Owner(name="Ann")),
        Item(id=strawberry.ID("2"), title="second", grade=Grade.COLD, due_at=None, count=0,
             required_but_missing=None, owner=None),  # type: ignore[arg-type]
        Item(id=strawberry.ID("3"), title="third", grade="not a grade", due_at=at, count=7,  # type: ignore[arg-type]
             required_but_missing="here", owner=Owner(name="Bob")),
    ]  # fmt: skip


@strawberry.type
class Query:
    @strawberry.field
    async def items(self) -> list[Item | None]:
        return _items()  # type: ignore[return-value]


QUERIES = [
    "{ items { id title grade dueAt count owner { name } } }",
    "{ items { count title id } }",
    '{ items { a: title b: title shout loud: shout(suffix: "?") } }',
    "{ items { ...F owner { ... on Owner { name } } } } fragment F on Item { grade id }",
    "query($no: Boolean!) { items { title @skip(if: $no) id @include(if: $no) count } }",
    "{ items { id requiredButMissing } }",
    "{ items { __typename id } }",
]


@pytest.mark.parametrize("query", QUERIES)
async def test_the_short_path_answers_as_graphql_core_does(query: str) -> None:
    answers = []
    for context in (StrawberryGraphQLCoreExecutionContext, LeafFirstExecutionContext):
        schema = strawberry.Schema(query=Query, execution_context_class=context)
        result = await schema.execute(query, variable_values={"no": True})
        answers.append(
            (
                result.data and list(result.data["items"] or []),
                sorted((e.message, tuple(e.path or ())) for e in result.errors or []),
            )
        )
    plain, short = answers
    assert plain[0], plain  # the items were answered (not one error for all)
    assert short == plain
    # (and the key order of each object too)
    assert [list(i) if i else i for i in short[0] or []] == [
        list(i) if i else i for i in plain[0] or []
    ]


async def test_errors_keep_their_paths() -> None:
    schema = strawberry.Schema(query=Query, execution_context_class=LeafFirstExecutionContext)
    result = await schema.execute("{ items { id grade requiredButMissing } }")
    assert result.data == {
        "items": [
            {"id": "1", "grade": "HOT", "requiredButMissing": "here"},
            None,  # a required field missing: the item is null
            None,  # a value that is not a Grade: likewise
        ]
    }
    assert sorted(tuple(e.path or ()) for e in result.errors or []) == [
        ("items", 1, "requiredButMissing"),
        ("items", 2, "grade"),
    ]
