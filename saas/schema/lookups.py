"""Root fields that look one object up by its id, declared rather than written.

`user = lookup(User, requires("user", "read"), "The user's id.", service.get_user)`
is the field `user(id: ID!): User` (its description in the class docstring,
under `@described`): `read(actor, pk)` for the id given, shown with
`User.from_model`, or null when the id is malformed or of another type, or
the read refuses it (see `one_or_none`), so a caller cannot tell those apart.
"""

from __future__ import annotations

import operator
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Annotated, Any, Protocol, TypeVar

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.types.base import get_object_definition

from saas.schema.context import Info
from saas.schema.errors import one_or_none
from saas.tenancy.actor import Actor

N = TypeVar("N")
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
    answer = operator.or_(node, None)  # `X | None`, with X a class the checker sees as a value

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
