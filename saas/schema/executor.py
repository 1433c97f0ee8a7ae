"""GraphQL execution with a short path for plain leaf fields.

A page of 50 leads asks for about a thousand fields, and most of them are an
attribute read and a scalar's serialization (`intentGrade`, `dueAt`,
`customer.name`). graphql-core spends most of its time on each of those
building a resolve info, a path and an awaitable check before it calls
strawberry's attribute getter. `LeafFirstExecutionContext` answers such a field
directly (the attribute, serialized by the field's own scalar or enum type)
and leaves everything else to graphql-core: fields with a resolver, arguments
or directives, objects and lists, schema extensions that wrap resolvers, and
any leaf whose value is missing where the schema requires one or does not
serialize (graphql-core then reports the error, with its path, as ever).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# id(field definition) -> (attribute name, leaf type, required), or None when
# the field is not a plain leaf. Field definitions live as long as the schema.
_PLAIN: dict[int, tuple[str, Any, bool] | None] = {}


def _plain_leaf(field_def: GraphQLField) -> tuple[str, Any, bool] | None:
    key = id(field_def)
    if key not in _PLAIN:
        plain = None
        resolve = field_def.resolve
        definition = (field_def.extensions or {}).get("strawberry-definition")
        field_type, required = field_def.type, False
        if isinstance(field_type, GraphQLNonNull):
            field_type, required = field_type.of_type, True
        if (
            getattr(resolve, "_is_default", False)
            and not field_def.args
            and definition is not None
            and definition.python_name
            and isinstance(field_type, GraphQLScalarType | GraphQLEnumType)
        ):
            plain = (definition.python_name, field_type, required)
        _PLAIN[key] = plain
    return _PLAIN[key]


class LeafFirstExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        done: dict[str, Any] = {}
        rest = {}
        fields = parent_type.fields
        for response_name, details in grouped_field_set.items():
            value = Undefined
            if len(details) == 1:
                first = details[0]
                node = first.node
                field_def = fields.get(node.name.value)
                if (
                    field_def is not None
                    and not node.arguments
                    and not node.directives
                    and first.fragment_variable_values is None
                ):
                    value = _answer(field_def, source_value)
            if value is Undefined:
                rest[response_name] = details
            else:
                done[response_name] = value
        if not rest:
            return done
        others = super().execute_fields(parent_type, source_value, path, rest, position_context)
        if self.is_awaitable(others):

            async def merged() -> dict[str, Any]:
                return _in_order(grouped_field_set, done, await others)

            return merged()
        return _in_order(grouped_field_set, done, others)


def _answer(field_def: GraphQLField, source: Any) -> Any:
    """The field's serialized value, or Undefined to take the general path."""
    plain = _plain_leaf(field_def)
    if plain is None:
        return Undefined
    name, leaf, required = plain
    try:
        value = getattr(source, name)
        if value is None:
            return Undefined if required else None
        serialized = leaf.serialize(value)
    except Exception:
        return Undefined
    if serialized is None or serialized is Undefined:
        return Undefined
    return serialized


def _in_order(grouped: Any, done: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    """The response keeps the order of the selection."""
    return {
        name: done[name] if name in done else others[name]
        for name in grouped
        if name in done or name in others
    }
