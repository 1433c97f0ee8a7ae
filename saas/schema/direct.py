"""Direct resolvers: nested fields the executor calls without strawberry's
per-call wrapper.

A page of 50 leads resolves ~300 nested object and computed fields (customer,
owner, store, last follow-up, tags, phone). Through strawberry each call
builds an `Info`, converts arguments and chains field extensions, ~10 µs of
CPU; the value itself is a dictionary lookup in a primed DataLoader. A
resolver marked `@direct` is called by graphql-core as a plain function
instead. The schema refuses to start if a marked field has arguments,
extensions or permission classes, so nothing that guards a field is skipped;
the resolver receives an object with `context` only, so one that reaches
for anything else fails in the tests rather than quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar, cast

import strawberry
from graphql import (
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    Undefined,
    is_leaf_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.base import StrawberryObjectDefinition

F = TypeVar("F", bound=Callable[..., Any])


def direct(resolver: F) -> F:
    """Mark a resolver that reads nothing of `info` but `info.context`."""
    resolver.__saas_direct__ = True  # type: ignore[attr-defined]
    return resolver


class ContextOnly:
    """What a direct resolver gets for `info`."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


def install_direct_resolvers(schema: strawberry.Schema) -> int:
    """Let graphql-core call every `@direct` resolver of `schema` itself;
    returns how many. Raises if a marked field could skip a guard."""
    installed = 0
    for name, graphql_type in schema._schema.type_map.items():
        definition = schema.get_type_by_name(name)
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        for field in definition.fields:
            resolver = field.base_resolver
            if resolver is None or not getattr(resolver.wrapped_func, "__saas_direct__", False):
                continue
            where = f"{name}.{field.python_name}"
            if field.arguments or field.extensions or field.permission_classes:
                raise TypeError(f"{where}: a @direct resolver takes no arguments and no guards")
            if resolver.is_async:
                raise TypeError(f"{where}: a @direct resolver returns a value or an awaitable")
            # A Strawberry object definition is built as an object or interface type.
            graphql_fields = cast("GraphQLObjectType | GraphQLInterfaceType", graphql_type).fields
            # @direct marks plain functions, never static or class methods.
            func = cast("Callable[..., Any]", resolver.wrapped_func)
            graphql_fields[schema.config.name_converter.get_graphql_name(field)].resolve = _call(
                func, with_info=resolver.info_parameter is not None
            )
            installed += 1
    return installed


def _call(func: Callable[..., Any], *, with_info: bool) -> Callable[..., Any]:
    if with_info:
        return lambda source, info: func(source, ContextOnly(info.context))
    return lambda source, info: func(source)


def install_plain_fields(schema: strawberry.Schema) -> int:
    """Let graphql-core read every plain data field (no resolver, no
    extension, no permission: the fields strawberry itself answers with its
    default resolver) with one attribute lookup, instead of strawberry's
    two-call wrapper around the same `getattr`; returns how many. A page of
    50 leads reads ~650 of them. `PlainLeafExecutor` answers those that
    hold a scalar or an enum without graphql-core's per-field machinery."""
    installed = 0
    for name, graphql_type in schema._schema.type_map.items():
        definition = schema.get_type_by_name(name)
        if not isinstance(definition, StrawberryObjectDefinition) or definition.is_input:
            continue
        graphql_fields = cast("GraphQLObjectType | GraphQLInterfaceType", graphql_type).fields
        for field in definition.fields:
            graphql_field = graphql_fields.get(schema.config.name_converter.get_graphql_name(field))
            if graphql_field is None or not getattr(graphql_field.resolve, "_is_default", False):
                continue
            if not field.is_basic_field or field.default_resolver is not getattr:
                continue
            graphql_field.resolve = PlainAttribute(field.python_name, graphql_field.type)
            installed += 1
    return installed


class PlainAttribute:
    """The resolver of a plain data field: the source's attribute. For a
    field of a scalar or enum type (non-null or not) it also holds the
    type's output coercion, which `PlainLeafExecutor` calls itself."""

    __slots__ = ("coerce", "name", "nullable")

    def __init__(self, name: str, return_type: GraphQLOutputType) -> None:
        self.name = name
        self.nullable = not isinstance(return_type, GraphQLNonNull)
        leaf = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        self.coerce: Callable[[Any], Any] | None = (
            _output_coercion(leaf) if is_leaf_type(leaf) else None
        )

    def __call__(self, source: Any, info: Any) -> Any:
        return getattr(source, self.name)


def _output_coercion(leaf: GraphQLLeafType) -> Callable[[Any], Any]:
    """`leaf.coerce_output_value`, with strawberry's enums answered from a
    table of their members' names (strawberry scans every value per call)."""
    if not isinstance(leaf, CustomGraphQLEnumType):
        return leaf.coerce_output_value
    members = cast("type[Enum]", leaf.wrapped_cls)  # strawberry types it as EnumMeta
    slow = leaf.coerce_output_value
    names: dict[Any, str] = {}
    for member in members:
        try:
            names[member] = slow(member)
        except ValueError:
            continue  # not a value of the GraphQL enum: the ordinary path says so

    def coerce(value: Any) -> Any:
        if type(value) is members:
            name = names.get(value)
            if name is not None:
                return name
        return slow(value)

    return coerce


class PlainLeafExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, except that a plain data field holding a
    scalar or an enum (~650 of the ~950 fields of a page of 50 leads) is
    answered with its attribute's coerced value directly: no resolve info,
    no argument check, no completion dispatch. Anything out of the ordinary
    (null for a non-null field, a value the type refuses, a resolver
    middleware such as tracing) goes through the ordinary path, which
    reads the attribute again and reports exactly as before."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        # A strawberry extension's `resolve` hook wraps every resolver.
        self._plain_leaves = manager is None or not manager._middleware_resolvers

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        if self._plain_leaves:
            field = self.schema.get_field(parent_type, field_details_list[0].node.name.value)
            resolve = None if field is None else field.resolve
            if type(resolve) is PlainAttribute and resolve.coerce is not None:
                try:
                    value = getattr(source, resolve.name)
                    if value is None:
                        if resolve.nullable:
                            return None
                    elif not isinstance(value, Exception):
                        coerced = resolve.coerce(value)
                        if coerced is not None and coerced is not Undefined:
                            return coerced
                except Exception:  # the ordinary path below reports it
                    pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
