"""Trusted documents compiled to one SQL statement that prints the answer.

`CompiledDocuments.plan(document)` compiles a registered document once (per
process): its operation must be a query whose every root field is in
`ROOTS` and whose every field below is mapped (`saas.schema.compiled.maps`),
with no directives; otherwise it has no plan and always runs on the
executor. `Plan.answer` then answers a request: variables coerced by
graphql-core as the executor coerces them, the node budget checked, each root
field's permission and arguments checked, and one statement run in the
request's transaction (row-level security in force); the JSON text it prints
is the response's `data`, passed through as bytes. Whatever the executor would
answer differently (an error, a type the compiler does not know) raises
`Fallback` before any SQL runs, and the executor answers the request.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    TypeNameMetaFieldDef,
    get_named_type,
    is_abstract_type,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_argument_values, get_variable_values
from tortoise.backends.base.client import BaseDBAsyncClient

from saas.documents.service import Document
from saas.schema.compiled import maps as _maps  # noqa: F401  # registers the type maps
from saas.schema.compiled import sql
from saas.schema.compiled.mapping import (
    NOW,
    ROOTS,
    USER_ID,
    Fallback,
    RootField,
    Selected,
    Statement,
    Unsupported,
)
from saas.schema.limits import MAX_NODES, MAX_TOKENS, NODES_PER_INPUT_ITEM, Cost, limit_rules
from saas.tenancy.actor import Actor

log = logging.getLogger("saas")

_NO_VARIABLES: dict[str, Any] = {}
# Variable sets whose coerced arguments a plan keeps.
MAX_KEPT = 256


def _type_condition_applies(
    schema: GraphQLSchema, condition: Any, object_type: GraphQLObjectType
) -> bool:
    if condition is None:
        return True
    named = schema.type_map.get(condition.name.value)
    if named is None:
        return False
    if named is object_type:
        return True
    return is_abstract_type(named) and schema.is_sub_type(named, object_type)


def _collect(
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    object_type: GraphQLObjectType,
    selection_set: SelectionSetNode | None,
    into: dict[str, list[FieldNode]],
) -> None:
    """The fields of `selection_set` on `object_type`, by response key, as
    graphql-core's collect_fields groups them; any directive is refused."""
    for selection in selection_set.selections if selection_set else ():
        if selection.directives:
            raise Unsupported("directives are not compiled")
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            into.setdefault(key, []).append(selection)
        elif isinstance(selection, InlineFragmentNode):
            if _type_condition_applies(schema, selection.type_condition, object_type):
                _collect(schema, fragments, object_type, selection.selection_set, into)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            if _type_condition_applies(schema, fragment.type_condition, object_type):
                _collect(schema, fragments, object_type, fragment.selection_set, into)


def _selected(
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    object_type: GraphQLObjectType,
    selection_set: SelectionSetNode | None,
) -> list[Selected]:
    grouped: dict[str, list[FieldNode]] = {}
    _collect(schema, fragments, object_type, selection_set, grouped)
    out = []
    for key, nodes in grouped.items():
        name = nodes[0].name.value
        typename = name == "__typename"
        definition = TypeNameMetaFieldDef if typename else object_type.fields[name]
        selected = Selected(key, name, object_type.name, nodes[0], definition)
        if len(nodes) > 1 and any(n.arguments for n in nodes):
            raise Unsupported("a field merged from several selections with arguments")
        field_type = get_named_type(definition.type)
        merged = SelectionSetNode(
            selections=tuple(
                s for n in nodes if n.selection_set for s in n.selection_set.selections
            )
        )
        if isinstance(field_type, GraphQLObjectType):
            selected.children = _selected(schema, fragments, field_type, merged)
        elif is_abstract_type(field_type):
            for possible in schema.get_possible_types(field_type):
                selected.by_type[possible.name] = _selected(schema, fragments, possible, merged)
        out.append(selected)
    return out


@dataclass(frozen=True)
class Variant:
    """The statement for one combination of the root fields' shapes."""

    sql: str
    names: tuple[str, ...]


class Plan:
    """A compiled document: its root fields and, built on first use, one
    statement per combination of their shapes."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        roots: list[tuple[Selected, RootField]],
    ) -> None:
        self.schema = schema
        self.document = document
        self.operation = operation
        self.name = operation.name.value if operation.name else None
        self.roots = roots
        self.variants: dict[tuple[Hashable, ...], Variant] = {}
        self._kept: OrderedDict[bytes, list[dict[str, Any]] | None] = OrderedDict()

    def _arguments(self, raw: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Each root field's arguments, coerced by graphql-core as the executor
        coerces them; Fallback for variables or arguments it refuses, or an
        answer over the node budget. Kept per variable set (most requests
        repeat a few), at most MAX_KEPT of them."""
        try:
            key: bytes | None = orjson.dumps(raw, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            key = None
        if key is not None and key in self._kept:
            self._kept.move_to_end(key)
            kept = self._kept[key]
        else:
            kept = self._coerce(raw)
            if key is not None:
                self._kept[key] = kept
                if len(self._kept) > MAX_KEPT:
                    self._kept.popitem(last=False)
        if kept is None:
            raise Fallback("variables, arguments or a size the executor refuses")
        return kept

    def _coerce(self, raw: Mapping[str, Any]) -> list[dict[str, Any]] | None:
        variables = get_variable_values(
            self.schema, self.operation.variable_definitions or (), dict(raw), max_errors=1
        )
        if isinstance(variables, list):
            return None
        cost = Cost(self.document, self.schema, dict(raw))
        if cost.of_operation(self.name) > MAX_NODES + NODES_PER_INPUT_ITEM * cost.bulk_items:
            return None
        try:
            return [
                get_argument_values(selected.definition, selected.node, variables)
                for selected, _ in self.roots
            ]
        except GraphQLError:
            return None

    def prepare(
        self, actor: Actor | None, raw: Mapping[str, Any] | None, operation_name: str | None
    ) -> tuple[Variant | None, list[object], list[tuple[str, str | None]]]:
        """This request's statement and its arguments, and each root's constant
        answer where it needs no SQL; Fallback where the executor answers."""
        if operation_name is not None and operation_name != self.name:
            raise Fallback("another operation name")
        if actor is None:
            raise Fallback("not signed in")
        given = self._arguments(raw or _NO_VARIABLES)
        values: dict[str, object] = {USER_ID: actor.user_id, NOW: datetime.now(UTC)}
        shapes: list[tuple[Hashable, bool]] = []
        constants: list[tuple[str, str | None]] = []
        for index, (selected, root) in enumerate(self.roots):
            if root.permission is not None and not actor.can(*root.permission):
                raise Fallback("without the root field's permission")
            prepared = root.prepare(actor, given[index])
            shapes.append((prepared.shape, prepared.constant is None))
            constants.append((selected.key, prepared.constant))
            for name, value in prepared.values.items():
                values[f"{index}.{name}"] = value
        key = tuple(shapes)
        if all(constant is not None for _, constant in constants):
            return None, [], constants
        variant = self.variants.get(key)
        if variant is None:
            variant = self.variants[key] = self._build(shapes)
        return variant, [values[name] for name in variant.names], constants

    def _build(self, shapes: list[tuple[Hashable, bool]]) -> Variant:
        statement = Statement(self.schema)
        pairs = []
        for index, ((selected, root), shape) in enumerate(zip(self.roots, shapes, strict=True)):
            inner_shape, compiled = shape
            if not compiled:
                continue

            def slot(name: str, pg_type: str, index: int = index) -> str:
                return statement.slot(f"{index}.{name}", pg_type)

            value = root.sql(statement, selected, inner_shape, slot)
            pairs.append(f"{sql.literal(selected.key)}, ({value})")
        text = f"SELECT json_build_object({', '.join(pairs)})::text"
        return Variant(text, tuple(statement.names))

    async def answer(
        self,
        connection: asyncpg.Connection,
        actor: Actor | None,
        raw: Mapping[str, Any] | None,
        operation_name: str | None,
    ) -> str:
        """The JSON text of the answer's `data`; Fallback where the executor
        answers instead (nothing ran on the connection then)."""
        variant, arguments, constants = self.prepare(actor, raw, operation_name)
        printed: str | None = None
        if variant is not None:
            printed = await connection.fetchval(variant.sql, *arguments)
        if all(constant is None for _, constant in constants):
            assert printed is not None
            return printed
        return _with_constants(printed, constants)


def _with_constants(printed: str | None, constants: list[tuple[str, str | None]]) -> str:
    """The answer's object with each root's constant in its place, the keys
    in the document's order (the statement prints the others)."""
    computed = orjson.loads(printed) if printed is not None else {}
    parts = []
    for key, constant in constants:
        value = constant if constant is not None else orjson.dumps(computed[key]).decode()
        parts.append(f"{orjson.dumps(key).decode()}:{value}")
    return "{" + ",".join(parts) + "}"


def compile_document(schema: GraphQLSchema, body: str, max_bytes: int) -> Plan:
    """The plan of a registered document; Unsupported when the compiler does
    not answer it."""
    if len(body.encode()) > max_bytes:
        raise Unsupported("larger than the document limit")
    try:
        document = parse(body, max_tokens=MAX_TOKENS)
    except GraphQLError as exc:
        raise Unsupported(f"does not parse: {exc.message}") from None
    if validate(schema, document, [*specified_rules, *limit_rules()]):
        raise Unsupported("does not validate")
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        raise Unsupported("not one query")
    operation = operations[0]
    if operation.directives:
        raise Unsupported("directives are not compiled")
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    query = schema.query_type
    assert query is not None
    roots = []
    for selected in _selected(schema, fragments, query, operation.selection_set):
        root = ROOTS.get(selected.name)
        if root is None:
            raise Unsupported(f"root field {selected.name} is not compiled")
        root.check(selected, schema)
        roots.append((selected, root))
    if not roots:
        raise Unsupported("no root field")
    return Plan(schema, document, operation, roots)


class CompiledDocuments:
    """Plans by document id, compiled once per process on first use."""

    def __init__(self, schema: GraphQLSchema, max_bytes: int, *, enabled: bool = True) -> None:
        self.schema = schema
        self.max_bytes = max_bytes
        self.enabled = enabled
        self._plans: dict[str, Plan | None] = {}

    def plan(self, document: Document) -> Plan | None:
        if not self.enabled:
            return None
        if document.document_id in self._plans:
            return self._plans[document.document_id]
        plan: Plan | None
        try:
            plan = compile_document(self.schema, document.body, self.max_bytes)
        except Unsupported as exc:
            log.info("document %s runs on the executor: %s", document.name, exc)
            plan = None
        if len(self._plans) < 10_000:
            self._plans[document.document_id] = plan
        return plan


def raw_connection(conn: BaseDBAsyncClient) -> asyncpg.Connection | None:
    """The asyncpg connection of a Tortoise transaction on PostgreSQL, where a
    compiled statement runs (None elsewhere: SQLite runs the executor)."""
    if conn.schema_generator.DIALECT != "postgres":
        return None
    connection = getattr(conn, "_connection", None)
    return connection if isinstance(connection, asyncpg.Connection) else None
