"""Limits applied before any resolver runs: depth, aliases, tokens, and a
node budget computed from `first` (or `last`) along nested connections
(GitHub-style: a connection of 100 inside a connection of 100 costs 10,000
nodes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValidationRule,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from saas.schema.pagination import DEFAULT_PAGE_SIZE

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4_000
MAX_NODES = 2_000


class NodeBudget(SchemaExtension):
    """The sum over connections of the product of page sizes (`first` or
    `last`) along the path to them, every fragment spread counted where it is
    spread. Checked on every request, not as a validation rule: validation
    results are cached per query text, and the budget depends on the
    variables too."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, schema = context.graphql_document, context.schema._schema
        if document is not None:
            nodes = Cost(document, schema, context.variables or {}).of_operation(
                context.operation_name
            )
            if nodes > MAX_NODES:
                error = GraphQLError(
                    f"this query may touch {nodes} nodes; the limit is {MAX_NODES}: "
                    "ask for smaller pages or fewer nested lists",
                    extensions={"code": "QUERY_TOO_COSTLY"},
                )
                context.pre_execution_errors = [*(context.pre_execution_errors or []), error]
        yield


class OneOperationOrNamed(SchemaExtension):
    """A document with several operations must name the one to run: the
    spec's request error, where the executor would quietly run the first."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        # The public `operation_name` falls back to the first operation's name.
        if document is not None and context._provided_operation_name is None:
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) > 1:
                error = GraphQLError(
                    f"the document holds {len(operations)} operations: name the one to run "
                    "in operationName",
                    extensions={"code": "BAD_REQUEST"},
                )
                context.pre_execution_errors = [*(context.pre_execution_errors or []), error]
        yield


class Cost:
    """Nodes a document may touch. Linear in the multiplier, so each fragment
    is costed once per type and scaled where spread (no blow-up however often
    it is spread)."""

    def __init__(
        self, document: DocumentNode, schema: GraphQLSchema, variables: dict[str, Any]
    ) -> None:
        self.schema, self.variables = schema, variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        self.memo: dict[str, int] = {}
        self.visiting: set[str] = set()

    def of_operation(self, name: str | None) -> int:
        for operation in self.operations:
            if name is None or (operation.name is not None and operation.name.value == name):
                root = self.schema.get_root_type(operation.operation)
                return self.of(operation.selection_set, root) if root else 0
        return 0

    def of(self, selections: SelectionSetNode | None, parent: Any) -> int:
        total = 0
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                total += self.of(selection.selection_set, self._type(condition) or parent)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread(selection.name.value)
        return total

    def _field(self, node: FieldNode, parent: Any) -> int:
        field = getattr(parent, "fields", {}).get(node.name.value)
        if field is None:
            return 0  # __typename, or an unknown field validation reports
        inner = self.of(node.selection_set, get_named_type(field.type))
        if "first" not in field.args:
            return inner
        size = max(self._size(node), 1)
        return size + size * inner

    def _spread(self, name: str) -> int:
        if name not in self.memo:
            fragment = self.fragments.get(name)
            if fragment is None or name in self.visiting:
                return 0  # unknown or cyclic: validation reports it
            self.visiting.add(name)
            self.memo[name] = self.of(fragment.selection_set, self._type(fragment.type_condition))
            self.visiting.discard(name)
        return self.memo[name]

    def _type(self, named: NamedTypeNode | None) -> Any:
        return self.schema.get_type(named.name.value) if named is not None else None

    def _size(self, node: FieldNode) -> int:
        """The page size asked for: `first` or `last` (`last` pages backward
        through as many nodes), the larger if both (which the field refuses),
        the default page size if neither."""
        sizes = [
            self._value(argument.value)
            for argument in node.arguments or ()
            if argument.name.value in ("first", "last")
        ]
        given = [size for size in sizes if size is not None]
        return max(given) if given else DEFAULT_PAGE_SIZE

    def _value(self, value: Any) -> int | None:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            return given if isinstance(given, int) else None
        return None


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
        AddValidationRules([NulFreeText]),
    ]
    # The budget reads each request's variables: one instance per request,
    # after the validation cache (whose cached errors it adds to).
    return [lambda extension=extension: extension for extension in shared] + [
        NodeBudget,
        OneOperationOrNamed,
    ]
