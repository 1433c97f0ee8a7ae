"""Root queries declared rather than written: one object by its id, a list, a report.

`user = lookup(User, requires("user", "read"), "The user's id.", service.get_user)`
is the field `user(id: ID!): User` (its description in the class docstring,
under `@described`): `read(actor, pk)` for the id given, shown with
`User.from_model`, or null when the id is malformed or of another type, or
the read refuses it (see `one_or_none`), so a caller cannot tell those apart.

`api_keys = listing(ApiKey, requires("api_key", "read"), service.api_keys_of)`
is the connection `apiKeys(first, after, last, before): ApiKeyConnection!`:
the rows `rows(actor, *arguments)` returns, paged by `paginate` in `order`
and shown with `ApiKey.from_model`. Each further argument is declared as
`name=Arg(annotation, help, default)` and reaches `rows` in its place (after the caller); a
filter input (`filter=conditions(CustomerCardFilter, service.CardFilter)`)
reaches it as the service's filter dataclass (see `to_filter`), the id of the
one object the list is of (`customer_id=object_id("Customer", "The
customer.", "customerId")`) as its database id. `rows` may also be a
coroutine function answering the QuerySet. A list that does more
(primes loaders, reads the selection) stays a resolver under `@paged`.

`funnel = report(FunnelResult, requires("report", "read"), service.funnel,
_funnel, store_id=STORE, from_=FROM, to=TO)` is the field `funnel(storeId:
ID!, from: Date!, to: Date!): FunnelResult!`: `_funnel(await
service.funnel(actor, store_pk, from_, to))`, its arguments declared as a
list's are, a typed failure answered as its member of the union.
"""

from __future__ import annotations

import inspect
import operator
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, Protocol, TypeVar

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.types.base import get_object_definition

from saas.schema.context import Info
from saas.schema.errors import Answered, one_or_none
from saas.schema.inputs import parse_id, to_filter
from saas.schema.pagination import Connection, Order, Page, paged, paginate
from saas.tenancy.actor import Actor

M = TypeVar("M")
N = TypeVar("N")
R = TypeVar("R")
N_co = TypeVar("N_co", covariant=True)


class Shown(Protocol[N_co]):
    """A GraphQL type built from its row by `from_model`."""

    def from_model(self, row: Any, /) -> N_co: ...


def lookup(
    node: Shown[N],
    access: list[FieldExtension],
    id_help: str,
    read: Callable[[Actor, int], Awaitable[Any]],
) -> N | None:
    """The root field answering the `node` whose global id the `id` argument
    (described by `id_help`) holds, read by `read(actor, pk)`, or null."""
    type_name = get_object_definition(node, strict=True).name
    answer = operator.or_(node, None)  # `X | None`; X is a class mypy sees as a value

    async def resolve(self: object, info: Info, id: strawberry.ID) -> N | None:
        return await one_or_none(
            id, type_name, partial(read, info.context.require_actor()), node.from_model
        )

    # Strawberry reads the argument and its description from the annotations.
    resolve.__annotations__ = {
        "info": Info,
        "id": Annotated[strawberry.ID, strawberry.argument(description=id_help)],
        "return": answer,
    }
    field: N | None = strawberry.field(resolver=resolve, extensions=access, graphql_type=answer)
    return field


REQUIRED: Any = inspect.Parameter.empty


@dataclass(frozen=True)
class Arg:
    """A declared field's argument (besides a list's paging ones): its
    annotation (as on a resolver parameter), its description and its default
    (`REQUIRED`: none)."""

    annotation: object
    help: str
    default: object = None
    convert: Callable[[Any], object] | None = None
    # The GraphQL name where the Python one cannot be it (`from`).
    name: str | None = None

    def value(self, given: object) -> object:
        """What `rows` (`read`) gets for the value the client gave (or the default)."""
        return given if self.convert is None else self.convert(given)


def conditions(input_type: type, target: Callable[..., object]) -> Arg:
    """The `filter` argument of a list: `input_type` or null ("Conditions."),
    reaching `rows` as `target`, the service's filter (see `to_filter`)."""
    return Arg(operator.or_(input_type, None), "Conditions.", None, lambda f: to_filter(f, target))


def object_id(type_name: str, help: str, path: str) -> Arg:
    """A required `ID!` argument of a declared list or report (described by
    `help`), reaching `rows` or `read` as the database id of a `type_name`; a
    malformed id, or one of another type, is a validation error on `path`
    (its GraphQL name)."""
    return Arg(strawberry.ID, help, REQUIRED, lambda v: parse_id(v, path, type_name))


def listing(
    node: Shown[N],
    access: list[FieldExtension],
    rows: Callable[..., Any],
    *,
    order: Order = Order(),
    **arguments: Arg,
) -> Connection[N]:
    """The connection of `node`s that `rows(actor, *arguments)` holds (a
    QuerySet, or a coroutine answering one), paged in `order`, with the
    paging arguments and `arguments`."""
    connection = _of(Connection, node)

    async def resolve(self: object, info: Info, page: Page, **given: Any) -> Connection[N]:
        values = [a.value(given.get(name, a.default)) for name, a in arguments.items()]
        qs = rows(info.context.require_actor(), *values)
        if inspect.iscoroutine(qs):
            qs = await qs
        return await paginate(qs, page, node.from_model, order)

    # @paged and strawberry read the parameters from the signature.
    _declare_parameters(resolve, arguments, connection, page=True)
    field: Connection[N] = strawberry.field(
        resolver=paged(resolve), extensions=access, graphql_type=connection
    )
    return field


def report(
    result: object,
    access: list[FieldExtension],
    read: Callable[..., Awaitable[M]],
    answer: Callable[[M], R],
    **arguments: Arg,
) -> R:
    """The query field answering `result` (a union: the report, or why there
    is none) with `answer(await read(actor, *arguments))`; a typed failure
    `read` raises comes back as the union's member for it (`Answered`)."""

    async def resolve(self: object, info: Info, **given: Any) -> R:
        values = [a.value(given.get(name, a.default)) for name, a in arguments.items()]
        return answer(await read(info.context.require_actor(), *values))

    # Strawberry reads the parameters from the signature.
    _declare_parameters(resolve, arguments, result)
    field: R = strawberry.field(
        resolver=resolve, extensions=[*access, Answered()], graphql_type=result
    )
    return field


def _declare_parameters(
    resolve: Callable[..., object], arguments: dict[str, Arg], answer: object, *, page: bool = False
) -> None:
    """Give `resolve` the signature strawberry (and `@paged`) read: the
    caller's `info`, the paging arguments with `page`, and `arguments`."""
    keyword = inspect.Parameter.KEYWORD_ONLY
    vars(resolve)["__signature__"] = inspect.Signature(
        [
            inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter("info", keyword, annotation=Info),
            *([inspect.Parameter("page", keyword, annotation=Page)] if page else []),
            *(
                inspect.Parameter(
                    name,
                    keyword,
                    default=a.default,
                    annotation=Annotated[
                        a.annotation, strawberry.argument(description=a.help, name=a.name)
                    ],
                )
                for name, a in arguments.items()
            ),
        ],
        return_annotation=answer,
    )


def _of(generic: Any, node: Any) -> Any:
    """`generic[node]`, with `node` a class mypy sees as a value."""
    return generic[node]
