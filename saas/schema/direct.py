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

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar, cast

import strawberry
from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    Undefined,
    is_leaf_type,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.base import StrawberryObjectDefinition

from saas.schema.limits import CappedResolver

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


def _call(func: Callable[..., Any], *, with_info: bool) -> DirectResolver:
    return DirectResolver(func, with_info=with_info)


class DirectResolver:
    """The resolver graphql-core calls for a `@direct` field. `DirectExecutor`
    calls `func` itself for a field that returns an object."""

    __slots__ = ("func", "with_info")

    def __init__(self, func: Callable[..., Any], *, with_info: bool) -> None:
        self.func = func
        self.with_info = with_info

    def __call__(self, source: Any, info: Any) -> Any:
        if self.with_info:
            return self.func(source, ContextOnly(info.context))
        return self.func(source)


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


_LEAF, _DIRECT, _OTHER = 0, 1, 2


class _Fast:
    """How `DirectExecutor` answers one field of a selection set itself: its
    value read (a `@direct` resolver's call or a plain attribute, capped as
    `@maxItems` caps it) and completed as a scalar or enum, an object, or a
    list of objects."""

    __slots__ = (
        "cap",
        "coerce",
        "field",
        "func",
        "is_list",
        "item_nullable",
        "name",
        "nullable",
        "object_type",
        "origin",
        "with_info",
    )

    def __init__(self, field: GraphQLField, resolve: Any, cap: int | None) -> None:
        self.field = field
        self.cap = cap
        self.func: Callable[..., Any] | None = None
        self.name: str | None = None
        self.with_info = False
        if type(resolve) is DirectResolver:
            self.func, self.with_info = resolve.func, resolve.with_info
        else:
            self.name = cast("PlainAttribute", resolve).name
        self.nullable = not isinstance(field.type, GraphQLNonNull)
        inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        self.is_list = isinstance(inner, GraphQLList)
        self.item_nullable = True
        if self.is_list:
            inner = cast("GraphQLList[Any]", inner).of_type
            self.item_nullable = not isinstance(inner, GraphQLNonNull)
            inner = inner.of_type if isinstance(inner, GraphQLNonNull) else inner
        self.coerce: Callable[[Any], Any] | None = None
        self.object_type: GraphQLObjectType | None = None
        self.origin: type | None = None
        if isinstance(inner, GraphQLObjectType):
            self.object_type = inner
            definition = inner.extensions.get("strawberry-definition")
            self.origin = getattr(definition, "origin", None)
        elif not self.is_list and is_leaf_type(inner):
            self.coerce = _output_coercion(inner)

    @staticmethod
    def of(field: GraphQLField, field_details_list: Any) -> _Fast | None:
        """The plan for `field`, or None for graphql-core's own path."""
        resolve: Any = field.resolve
        cap: int | None = None
        if type(resolve) is CappedResolver:
            resolve, cap = resolve.inner, resolve.cap
        if type(resolve) is PlainAttribute:
            if cap is None and resolve.coerce is not None:
                return None  # a plain leaf: the loop answers it
        elif type(resolve) is not DirectResolver:
            return None
        # @stream changes how graphql-core completes a list.
        if any(details.node.directives for details in field_details_list):
            return None
        fast = _Fast(field, resolve, cap)
        if fast.object_type is not None:
            if not _type_check_is_strawberry(fast.object_type) or fast.origin is None:
                return None
            return fast
        if fast.coerce is not None and type(resolve) is DirectResolver:
            return fast
        return None


class DirectExecutor(PlainLeafExecutor):
    """`PlainLeafExecutor`, walking each selection set from a plan made once
    per request and selection set (the same selection set completes every
    row of a page): a plain scalar or enum field is answered in the loop
    itself, without a response path or a call of `execute_field`; a
    `@direct` field (a lead's customer, owner, store, last follow-up, a
    customer's phone and tags) and a plain list of objects (a connection's
    nodes) are read and completed without resolve info or completion
    dispatch when the value is what the type expects: a scalar or enum its
    type coerces, null where null is allowed, an instance of exactly the
    object type's class, a list of such instances. Anything else (an
    awaitable, another class, a null in a non-null field, a resolver
    middleware, a directive on the field) takes graphql-core's own path;
    an error raised on the way is reported as graphql-core reports it
    (`tests/schema/test_direct.py` compares answers and errors with stock
    graphql-core)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (parent type, id(grouped field set)) -> (the set, kept alive so its
        # id stays its own; the plan)
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[Any, list[Any]]] = {}
        self._context_only = ContextOnly(self.context_value)

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> list[Any]:
        key = (parent_type, id(grouped_field_set))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        plan: list[Any] = []
        fields = parent_type.fields
        for response_name, field_details_list in grouped_field_set.items():
            field = fields.get(field_details_list[0].node.name.value)
            kind = _OTHER
            how: Any = None
            if field is not None:
                resolve = field.resolve
                if type(resolve) is PlainAttribute and resolve.coerce is not None:
                    kind, how = _LEAF, resolve
                else:
                    fast = _Fast.of(field, field_details_list)
                    if fast is not None:
                        kind, how = _DIRECT, fast
            plan.append((response_name, field_details_list, kind, how))
        self._plans[key] = (grouped_field_set, plan)
        return plan

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        if not self._plain_leaves:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list, kind, how in self._plan(
                parent_type, grouped_field_set
            ):
                if kind == _LEAF:
                    try:
                        value = getattr(source_value, how.name)
                        if value is None:
                            if how.nullable:
                                results[response_name] = None
                                continue
                        elif not isinstance(value, Exception):
                            coerced = how.coerce(value)
                            if coerced is not None and coerced is not Undefined:
                                results[response_name] = coerced
                                continue
                    except Exception:  # the ordinary path below reports it
                        pass
                    result = super().execute_field(
                        parent_type,
                        source_value,
                        field_details_list,
                        Path(path, response_name, parent_type.name),
                        position_context,
                    )
                elif kind == _DIRECT:
                    result = self._execute_fast_field(
                        parent_type,
                        source_value,
                        field_details_list,
                        Path(path, response_name, parent_type.name),
                        position_context,
                        how,
                    )
                else:
                    result = self.execute_field(
                        parent_type,
                        source_value,
                        field_details_list,
                        Path(path, response_name, parent_type.name),
                        position_context,
                    )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                # Settle the other fields' awaitables: they may fail too.
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _execute_fast_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
        how: _Fast,
    ) -> Any:
        return_type = how.field.type
        try:
            if how.func is None:
                result = getattr(source, cast("str", how.name))
            elif how.with_info:
                result = how.func(source, self._context_only)
            else:
                result = how.func(source)
            if how.cap is not None:
                if type(result) is list:
                    result = result[: how.cap]
                elif self.is_awaitable(result):
                    result = _capped_later(result, how.cap)
            if result is None:
                if how.nullable:
                    return None
            elif how.coerce is not None:
                if not isinstance(result, Exception):
                    coerced = how.coerce(result)
                    if coerced is not None and coerced is not Undefined:
                        return coerced
            elif how.is_list:
                if type(result) is list and all(
                    (item is None and how.item_nullable)
                    or (type(item) is how.origin and not hasattr(item, _CAST))
                    for item in result
                ):
                    completed = self._complete_objects(
                        how, field_details_list, path, result, position_context
                    )
                    if self.is_awaitable(completed):
                        return self._await_completed(
                            completed, return_type, field_details_list, path
                        )
                    return completed
            elif type(result) is how.origin and not hasattr(result, _CAST):
                completed = self._execute_subfields(
                    cast("GraphQLObjectType", how.object_type),
                    field_details_list,
                    path,
                    result,
                    position_context,
                )
                if self.is_awaitable(completed):
                    return self._await_completed(completed, return_type, field_details_list, path)
                return completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        # What graphql-core's execute_field does with a resolver's value.
        info = self.build_resolve_info(how.field, to_nodes(field_details_list), parent_type, path)
        try:
            if self.is_awaitable(result):
                return self.complete_awaitable_value(
                    return_type, field_details_list, info, path, result, position_context
                )
            completed = self.complete_value(
                return_type, field_details_list, info, path, result, position_context
            )
            if self.is_awaitable(completed):
                return self._await_completed(completed, return_type, field_details_list, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        return completed

    def _complete_objects(
        self,
        how: _Fast,
        field_details_list: Any,
        path: Path,
        items: list[Any],
        position_context: Any,
    ) -> Any:
        """graphql-core's `complete_iterable_value` for a list whose every
        item is an instance of exactly the item type's class (or null, where
        the item type allows it)."""
        object_type = cast("GraphQLObjectType", how.object_type)
        item_type = how.field.type
        item_type = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        item_type = cast("GraphQLList[Any]", item_type).of_type
        is_awaitable = self.is_awaitable
        completed_results: list[Any] = []
        awaitable_indices: list[int] = []
        try:
            for index, item in enumerate(items):
                if item is None:  # the item type is nullable
                    completed_results.append(None)
                    continue
                item_path = Path(path, index, None)
                try:
                    completed = self._execute_subfields(
                        object_type, field_details_list, item_path, item, position_context
                    )
                    if is_awaitable(completed):
                        completed = self._await_completed(
                            completed, item_type, field_details_list, item_path
                        )
                        awaitable_indices.append(index)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                    completed = None
                completed_results.append(completed)
        except Exception:
            if awaitable_indices:
                self.settle_in_background([completed_results[i] for i in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed_results

        async def get_completed_results() -> list[Any]:
            if len(awaitable_indices) == 1:
                index = awaitable_indices[0]
                completed_results[index] = await completed_results[index]
            else:
                awaited = await gather_with_cancel(
                    *(completed_results[i] for i in awaitable_indices)
                )
                for index, value in zip(awaitable_indices, awaited, strict=True):
                    completed_results[index] = value
            return completed_results

        return get_completed_results()

    def _execute_subfields(
        self,
        object_type: GraphQLObjectType,
        field_details_list: Any,
        path: Path,
        source: Any,
        position_context: Any,
    ) -> Any:
        """`collect_and_execute_subfields`: once graphql-core has collected
        the subfields of this field (the first row of a page), and while no
        `@defer` is in play, `execute_fields` over them straight away, as
        graphql-core itself ends up doing, without its two calls in between
        (~300 objects a page)."""
        cached = self._relevant_sub_fields.get((object_type, id(field_details_list)))
        if cached is not None and position_context is None:
            grouped_field_set, new_defer_usages, _forbidden = cached[1]
            if not new_defer_usages:
                return self.execute_fields(object_type, source, path, grouped_field_set, None)
        return self.collect_and_execute_subfields(
            object_type, field_details_list, path, source, position_context
        )

    async def _await_completed(
        self,
        completed: Awaitable[Any],
        return_type: GraphQLOutputType,
        field_details_list: Any,
        path: Path,
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None


async def _capped_later(result: Awaitable[Any], cap: int) -> Any:
    value = await result
    return value[:cap] if isinstance(value, list) else value


# What `strawberry.cast` sets on an object shown as another type.
_CAST = "__as_strawberry_type__"


def _type_check_is_strawberry(object_type: GraphQLObjectType) -> bool:
    """True when the type has no `is_type_of` or strawberry's own, which
    accepts an instance of exactly the type's class that is not cast."""
    check = object_type.is_type_of
    return check is None or check.__qualname__.endswith("_get_is_type_of.<locals>.is_type_of")
