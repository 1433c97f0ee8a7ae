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
from typing import Any, TypeVar, cast

import strawberry
from graphql import GraphQLInterfaceType, GraphQLObjectType
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
    50 leads reads ~650 of them."""
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
            graphql_field.resolve = _attribute(field.python_name)
            installed += 1
    return installed


def _attribute(name: str) -> Callable[..., Any]:
    def resolve(source: Any, info: Any) -> Any:
        return getattr(source, name)

    return resolve
