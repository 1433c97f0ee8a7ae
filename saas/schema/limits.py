"""Limits applied before any resolver runs: depth, aliases, tokens, and a
node budget computed from `first` along nested connections (GitHub-style:
a connection of 100 inside a connection of 100 costs 10,000 nodes)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    IntValueNode,
    StringValueNode,
    ValidationRule,
    VariableNode,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from saas.schema.pagination import DEFAULT_PAGE_SIZE

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4_000
MAX_NODES = 2_000

request_variables: ContextVar[dict[str, Any] | None] = ContextVar("request_variables", default=None)


class NodeBudget(ValidationRule):
    """Sum over connections of the product of `first` on the path to them."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.multipliers = [1]
        self.nodes = 0

    def _first(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                given = (request_variables.get() or {}).get(value.name.value)
                return int(given) if isinstance(given, int) else DEFAULT_PAGE_SIZE
        return DEFAULT_PAGE_SIZE

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        multiplier = self.multipliers[-1]
        field = self.context.get_field_def()
        if field is not None and "first" in field.args:
            size = max(self._first(node), 1)
            self.nodes += multiplier * size
            multiplier *= size
        self.multipliers.append(multiplier)

    def leave_field(self, *_: Any) -> None:
        self.multipliers.pop()

    def leave_document(self, *_: Any) -> None:
        if self.nodes > MAX_NODES:
            self.report_error(
                GraphQLError(
                    f"this query may touch {self.nodes} nodes; the limit is {MAX_NODES}: "
                    "ask for smaller pages or fewer nested lists",
                    extensions={"code": "QUERY_TOO_COSTLY"},
                )
            )


class NulFreeText(ValidationRule):
    """PostgreSQL text cannot hold NUL: a string literal that spells one as
    `\\u0000` is refused before anything runs (the view checks variables)."""

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if "\x00" in node.value:
            self.report_error(
                GraphQLError(
                    "text must not contain NUL (\\0) characters",
                    node,
                    extensions={"code": "BAD_USER_INPUT"},
                )
            )


def limit_extensions() -> list[Any]:
    """Factories for the schema; the caches are shared by every request."""
    shared = [
        ParserCache(maxsize=1_000),
        ValidationCache(maxsize=1_000),
        QueryDepthLimiter(max_depth=MAX_DEPTH),
        MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        MaxTokensLimiter(max_token_count=MAX_TOKENS),
        AddValidationRules([NodeBudget, NulFreeText]),
    ]
    return [lambda extension=extension: extension for extension in shared]
