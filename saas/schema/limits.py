"""Limits applied before any resolver runs: document size, depth, aliases,
tokens, and a node budget: how many objects the answer may hold at most,
every list counted at its page size (`first`/`last`) or its declared maximum
(`@maxItems`), multiplied along the path (GitHub-style: a connection of 100
inside a connection of 100 costs 10,000 nodes). Parsed and validated
documents are cached within a bound in bytes."""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from enum import Enum
from inspect import isawaitable
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValidationRule,
    VariableNode,
    default_field_resolver,
    get_named_type,
    get_nullable_type,
    is_composite_type,
    is_list_type,
    is_object_type,
    parse,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.schema import validate_document
from strawberry.schema_directive import Location
from strawberry.types.unset import UNSET

from saas.schema.pagination import DEFAULT_PAGE_SIZE

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4_000
MAX_NODES = 2_000
# What a bulk answer may add per item of its input (`@maxItems(inputSized)`):
# it grows with what the client sent, not by amplification.
NODES_PER_INPUT_ITEM = 10
# The default of MAX_DOCUMENT_BYTES, for a schema run without our context.
DEFAULT_MAX_DOCUMENT_BYTES = 100 * 1024
PARSE_CACHE_BYTES = 32 * 1024 * 1024
VALIDATION_CACHE_BYTES = 16 * 1024 * 1024
DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE"
SLICING_ARGUMENTS = ("first", "last")
PAGE_LISTS = ("edges", "nodes")


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="maxItems",
    description="The list holds at most `count` items, the first ones in its order; "
    "the node budget counts it as `count`. With `inputSized`, also at most one item per "
    "item of the operation's input list (a bulk mutation's answer), and counted so.",
)
class MaxItems:
    count: int
    input_sized: bool | None = UNSET


class NodeBudget(SchemaExtension):
    """The most objects the answer can hold (see `Cost`), refused over
    MAX_NODES, plus NODES_PER_INPUT_ITEM for each item of an input list that
    sizes the answer (a bulk mutation of 10,000 leads answers for each).
    Checked on every request, not as a validation rule: validation results
    are cached per query text, and the budget depends on the variables too."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, schema = context.graphql_document, context.schema._schema
        if document is not None:
            nodes, bulk_items = _costed(context, document, schema)
            limit = MAX_NODES + NODES_PER_INPUT_ITEM * bulk_items
            if nodes > limit:
                error = GraphQLError(
                    f"this query may touch {nodes} nodes; the limit is {limit}: "
                    "ask for smaller pages or fewer nested lists",
                    extensions={"code": "QUERY_TOO_COSTLY"},
                )
                context.pre_execution_errors = [*(context.pre_execution_errors or []), error]
        yield


# (schema, query text, operation name) -> (nodes, bulk items) of a request
# without variables: the same text costs the same (a page asked again and
# again is costed once). Texts up to _COSTED_TEXT characters, so the cache
# holds at most ~5 MB; emptied when full.
_COSTS: dict[tuple[GraphQLSchema, str, str | None], tuple[int, int]] = {}
_COSTS_KEPT = 500
_COSTED_TEXT = 10_000


def _costed(context: Any, document: DocumentNode, schema: GraphQLSchema) -> tuple[int, int]:
    """(nodes, bulk items) of the request's operation (see `Cost`)."""
    query, variables = context.query, context.variables
    if variables or not isinstance(query, str) or len(query) > _COSTED_TEXT:
        cost = Cost(document, schema, variables or {})
        return cost.of_operation(context.operation_name), cost.bulk_items
    key = (schema, query, context.operation_name)
    costed = _COSTS.get(key)
    if costed is None:
        cost = Cost(document, schema, {})
        costed = (cost.of_operation(context.operation_name), cost.bulk_items)
        if len(_COSTS) >= _COSTS_KEPT:
            _COSTS.clear()
        _COSTS[key] = costed
    return costed


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
    """The most objects an operation's answer can hold: each object field
    counts 1, a list its size times (1 + what each item holds). A list's size
    is its page size (`first`/`last`, as a literal, a variable's coerced
    value or its declared default, or the argument's default) or its
    `@maxItems`; a connection's `edges` and `nodes` take the connection's
    page size. Each fragment is costed once per type and page size and
    scaled where spread (no blow-up however often it is spread)."""

    def __init__(
        self, document: DocumentNode, schema: GraphQLSchema, variables: dict[str, Any]
    ) -> None:
        self.schema, self.raw_variables = schema, variables
        self.variables: dict[str, Any] = {}
        self.coerced: VariableValues | None = None
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        self.memo: dict[tuple[str, int | None, int], int] = {}
        self.visiting: set[str] = set()
        self.root: Any = None
        # The longest input list of the root field being costed.
        self.input_items = 0
        # The most items an input-sized list of the answer holds.
        self.bulk_items = 0

    def of_operation(self, name: str | None) -> int:
        for operation in self.operations:
            if name is None or (operation.name is not None and operation.name.value == name):
                # The values the resolvers will get: 100.0 for an Int is 100,
                # an unsent variable takes its declared default.
                coerced = get_variable_values(
                    self.schema, operation.variable_definitions or (), self.raw_variables
                )
                # Variables that do not coerce stop the request before any resolver.
                self.coerced = coerced if isinstance(coerced, VariableValues) else None
                self.variables = self.coerced.coerced if self.coerced else {}
                self.root = self.schema.get_root_type(operation.operation)
                return self.of(operation.selection_set, self.root, None) if self.root else 0
        return 0

    def of(self, selections: SelectionSetNode | None, parent: Any, page: int | None) -> int:
        total = 0
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                total += self.of(selection.selection_set, self._type(condition) or parent, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread(selection.name.value, page)
        return total

    def _field(self, node: FieldNode, parent: Any, page: int | None) -> int:
        field = getattr(parent, "fields", {}).get(node.name.value)
        if field is None:
            return 0  # __typename, or an unknown field validation reports
        named = get_named_type(field.type)
        if not is_composite_type(named):
            return 0
        if parent is self.root:
            self.input_items = self._input_items(node, field)
        sliced = self._slice(node, field)
        if not is_list_type(get_nullable_type(field.type)):
            # A connection hands its page size to its edges and nodes.
            return 1 + self.of(node.selection_set, named, sliced)
        if sliced is not None:
            size = sliced
        elif (cap := max_items(field)) is not None:
            size = min(cap, self.input_items) if input_sized(field) else cap
            if input_sized(field):
                self.bulk_items = max(self.bulk_items, size)
        elif node.name.value in PAGE_LISTS and page is not None:
            size = page
        else:
            size = MAX_NODES + 1  # unbounded: `check_list_bounds` keeps these out of the schema
        return size * (1 + self.of(node.selection_set, named, None))

    def _spread(self, name: str, page: int | None) -> int:
        key = (name, page, self.input_items)
        if key not in self.memo:
            fragment = self.fragments.get(name)
            if fragment is None or name in self.visiting:
                return 0  # unknown or cyclic: validation reports it
            self.visiting.add(name)
            self.memo[key] = self.of(
                fragment.selection_set, self._type(fragment.type_condition), page
            )
            self.visiting.discard(name)
        return self.memo[key]

    def _type(self, named: NamedTypeNode | None) -> Any:
        return self.schema.get_type(named.name.value) if named is not None else None

    def _slice(self, node: FieldNode, field: GraphQLField) -> int | None:
        """The page size asked for, None for a field that takes none: `first`
        or `last` (`last` pages backward through as many nodes), the larger
        if both (which the field refuses), the default page size if
        neither."""
        if not any(name in field.args for name in SLICING_ARGUMENTS):
            return None
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        sizes = []
        for name in SLICING_ARGUMENTS:
            if name not in field.args:
                continue
            value = given.get(name)
            if value is None or (
                isinstance(value, VariableNode) and value.name.value not in self.variables
            ):
                # Not given (nor by a variable): the argument's default.
                default = field.args[name].default_value
                size = default if type(default) is int else None
            else:
                size = self._value(value)
            if size is not None:
                sizes.append(size)
        return max(max(sizes), 1) if sizes else DEFAULT_PAGE_SIZE

    def _input_items(self, node: FieldNode, field: GraphQLField) -> int:
        try:
            arguments = get_argument_values(field, node, self.coerced)
        except GraphQLError:
            return 0  # the request stops before any resolver
        return _longest_list(arguments)

    def _value(self, value: Any) -> int | None:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            return given if isinstance(given, int) else None
        return None  # null: as if not given


def _longest_list(value: Any) -> int:
    if isinstance(value, dict):
        return max((_longest_list(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return max([len(value), *(_longest_list(v) for v in value)])
    return 0


def _declared(field: GraphQLField) -> MaxItems | None:
    definition = (field.extensions or {}).get("strawberry-definition")
    for directive in getattr(definition, "directives", None) or ():
        if isinstance(directive, MaxItems):
            return directive
    return None


def max_items(field: GraphQLField) -> int | None:
    """The field's `@maxItems` count, if it declares one."""
    declared = _declared(field)
    return None if declared is None else declared.count


def input_sized(field: GraphQLField) -> bool:
    declared = _declared(field)
    return declared is not None and declared.input_sized is True


def _is_sliced(field: GraphQLField) -> bool:
    return any(name in field.args for name in SLICING_ARGUMENTS)


def list_bound_problems(schema: GraphQLSchema) -> list[str]:
    """Every list of objects must be bounded: sliced by `first`/`last`,
    capped by `@maxItems`, or the `edges`/`nodes` of a connection that every
    field returning it slices. What is not, by name."""
    problems = []
    for type_name, graphql_type in schema.type_map.items():
        if type_name.startswith("__") or not hasattr(graphql_type, "fields"):
            continue
        for field_name, field in graphql_type.fields.items():
            where = f"{type_name}.{field_name}"
            named = get_named_type(field.type)
            inner = get_nullable_type(field.type)
            if is_list_type(inner) and is_list_type(get_nullable_type(inner.of_type)):
                if is_composite_type(named):
                    problems.append(f"{where}: a list of lists of objects cannot be bounded")
                continue
            if is_list_type(inner) and is_composite_type(named):
                if _is_sliced(field) or max_items(field) is not None:
                    continue
                if field_name not in PAGE_LISTS:
                    problems.append(f"{where}: a list of objects needs first/last or @maxItems")
            elif is_object_type(named) and _page_lists(named) and not _is_sliced(field):
                problems.append(f"{where}: returns a page ({named.name}) without first/last")
    return problems


def _page_lists(graphql_type: Any) -> bool:
    return any(
        name in PAGE_LISTS
        and is_list_type(get_nullable_type(field.type))
        and max_items(field) is None
        and not _is_sliced(field)
        for name, field in graphql_type.fields.items()
    )


def install_list_caps(schema: strawberry.Schema) -> int:
    """Make every `@maxItems` list hold at most its count (the first items
    of what its resolver returns), whatever the resolver does; refuse to
    build a schema with a list of objects nobody bounds. Returns how many
    lists it capped."""
    problems = list_bound_problems(schema._schema)
    if problems:
        raise TypeError("unbounded lists: " + "; ".join(problems))
    capped = 0
    for type_name, graphql_type in schema._schema.type_map.items():
        if type_name.startswith("__") or not hasattr(graphql_type, "fields"):
            continue
        for field in graphql_type.fields.values():
            cap = max_items(field)
            if cap is not None:
                field.resolve = _capped(field.resolve, cap)
                capped += 1
    return capped


def _capped(resolve: Callable[..., Any] | None, cap: int) -> CappedResolver:
    return CappedResolver(resolve or default_field_resolver, cap)


class CappedResolver:
    """A list field's resolver, holding the list to its first `cap` items.
    `DirectExecutor` reads `inner` and `cap` to do the same itself."""

    __slots__ = ("cap", "inner")

    def __init__(self, inner: Callable[..., Any], cap: int) -> None:
        self.inner = inner
        self.cap = cap

    def __call__(self, source: Any, info: Any, **arguments: Any) -> Any:
        result = self.inner(source, info, **arguments)
        if isawaitable(result):
            return self._later(result)
        return result[: self.cap] if isinstance(result, list) else result

    async def _later(self, result: Any) -> Any:
        value = await result
        return value[: self.cap] if isinstance(value, list) else value


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


class ByteBoundedCache:
    """A least-recently-used cache bounded by the bytes its entries hold
    (as `deep_size` measures them when stored), not by their number: a few
    huge documents cannot hold more memory than many small ones."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()

    def get(self, key: Hashable) -> Any | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        self.entries.move_to_end(key)
        return entry[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if size > self.max_bytes:
            return
        previous = self.entries.pop(key, None)
        if previous is not None:
            self.size -= previous[1]
        self.entries[key] = (value, size)
        self.size += size
        while self.size > self.max_bytes:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.size -= dropped

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0


_LEAVES = (str, bytes, int, float, bool, type(None))


def deep_size(*objects: Any) -> int:
    """Bytes held by `objects` and everything they reach (a parsed document
    reaches its source text and every token, comments too), each object
    counted once; classes, functions and enum members are shared, not held."""
    seen: set[int] = set()
    stack = list(objects)
    total = 0
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type | Enum) or callable(obj):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, _LEAVES):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        else:
            for cls in type(obj).__mro__:
                for slot in getattr(cls, "__slots__", ()):
                    value = getattr(obj, slot, None)
                    if value is not None:
                        stack.append(value)
            if hasattr(obj, "__dict__"):
                stack.append(vars(obj))
    return total


PARSED = ByteBoundedCache(PARSE_CACHE_BYTES)
VALIDATED = ByteBoundedCache(VALIDATION_CACHE_BYTES)


def _document_limit(context: Any) -> int:
    settings = getattr(context, "settings", None)
    return int(getattr(settings, "max_document_bytes", DEFAULT_MAX_DOCUMENT_BYTES))


class CachedDocuments(SchemaExtension):
    """Refuses a document over MAX_DOCUMENT_BYTES before parsing it (comments
    count: they are text the parser reads), then parses and validates
    through the byte-bounded caches `PARSED` and `VALIDATED`, keyed by the
    query text."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is not None and context.graphql_document is None:
            limit = _document_limit(context.context)
            if len(query) > limit or (len(query) * 4 > limit and len(query.encode()) > limit):
                raise GraphQLError(
                    f"the document is larger than {limit} bytes; send a smaller query (pass "
                    "data in variables)",
                    extensions={"code": DOCUMENT_TOO_LARGE},
                )
            options = tuple(sorted(context.parse_options.items()))
            document = PARSED.get((query, options))
            if document is None:
                document = parse(query, **context.parse_options)
                PARSED.put((query, options), document, deep_size(query, document))
            context.graphql_document = document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, query = context.graphql_document, context.query
        if document is not None and query is not None and context.pre_execution_errors is None:
            key = (id(context.schema._schema), query, context.validation_rules)
            errors = VALIDATED.get(key)
            if errors is None:
                errors = validate_document(
                    context.schema._schema, document, context.validation_rules
                )
                VALIDATED.put(key, errors, deep_size(query, errors))
            context.pre_execution_errors = errors
        yield


def _rule_extensions() -> list[AddValidationRules]:
    return [
        QueryDepthLimiter(max_depth=MAX_DEPTH),
        MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        AddValidationRules([NulFreeText]),
    ]


def limit_rules() -> list[Any]:
    """The validation rules every document meets besides the spec's (depth,
    aliases, NUL-free text), for code that validates a document itself (the
    compiled documents); parse with `max_tokens=MAX_TOKENS` as well."""
    return [rule for extension in _rule_extensions() for rule in extension.validation_rules]


def limit_extensions() -> list[Any]:
    """Factories for the schema; the caches are shared by every request."""
    depth, aliases, nul_free = _rule_extensions()
    shared = [depth, aliases, MaxTokensLimiter(max_token_count=MAX_TOKENS), nul_free]
    # The budget reads each request's variables: one instance per request,
    # after the validation cache (whose cached errors it adds to).
    return [lambda extension=extension: extension for extension in shared] + [
        CachedDocuments,
        NodeBudget,
        OneOperationOrNamed,
    ]
