"""Mutations declared rather than written.

Most mutations do the same four things: take the caller, turn the input into
the service's arguments (`to_args`), call the service and wrap what it
returns. `mutation` builds that resolver from the parts that differ, and the
class lists its mutations like a table (`CustomerCardMutations` in
saas/schema/crm/cards.py is the example to copy): `sign_customer_card =
mutation(CustomerCardResult, requires("customer_card", "sign"), input=
(CustomerCardInput, "The card."), run=service.sign_card,
answer=CustomerCard.from_model)`, its description in the
class docstring's `Attributes:` under `@described`, as a type's fields have
theirs.

GraphQL sees the same field as a hand-written resolver would give it: one
`input` argument with its description, the result union, the permission's
directive. The savepoint and the union members for typed failures come from
`Attempted` (a richer member registered with `answers` where the union lists
it), the audit entry from `Audited`, as for every mutation. A mutation with real steps of its own
(several services, an answer assembled from several rows, a special
transaction) is declared the same way with `steps=`: a plain function of
the caller and the input that answers a member of the union
(`update_lead = mutation(LeadResult, requires("lead", "update"), input=
(UpdateLeadInput, "..."), steps=_update_lead)` in saas/schema/crm/leads.py).
Steps that read the request besides the caller (the `Accept-Language` of a
report's files, the settings a webhook's address is checked against) are
given the resolver's `info` with `request_steps=` instead
(`export_leads` in saas/schema/exports.py).
A mutation without a caller (signing in) or with arguments other than one
`input` stays a resolver.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar, overload

import strawberry
from strawberry.extensions.field_extension import FieldExtension

from saas.schema.context import Info
from saas.schema.inputs import to_args
from saas.tenancy.actor import Actor

M = TypeVar("M")
R = TypeVar("R")


@overload
def mutation(
    result: object,
    access: list[FieldExtension],
    *,
    input: tuple[type, str],
    run: Callable[..., Awaitable[M]],
    answer: Callable[[M], R],
    data: Callable[..., object] | None = None,
) -> R: ...


@overload
def mutation(
    result: object,
    access: list[FieldExtension],
    *,
    input: tuple[type, str],
    steps: Callable[[Actor, Any], Awaitable[R]],
) -> R: ...


@overload
def mutation(
    result: object,
    access: list[FieldExtension],
    *,
    input: tuple[type, str],
    request_steps: Callable[[Info, Any], Awaitable[R]],
) -> R: ...


def mutation(
    result: object,
    access: list[FieldExtension],
    *,
    input: tuple[type, str],
    run: Callable[..., Awaitable[Any]] | None = None,
    answer: Callable[[Any], R] | None = None,
    data: Callable[..., object] | None = None,
    steps: Callable[[Actor, Any], Awaitable[R]] | None = None,
    request_steps: Callable[[Info, Any], Awaitable[R]] | None = None,
) -> R:
    """A mutation field answering `result` (its union) that takes one `input`
    (the input type and the argument's description) and answers
    `answer(await run(actor, **fields))`, the fields read from the input by
    `to_args`. With `data` (a dataclass), the service takes the caller and
    the input as one value: `run(actor, to_args(input, data))`. With `steps`
    instead of `run` and `answer`, it answers `await steps(actor, input)`;
    with `request_steps`, `await request_steps(info, input)` (a caller
    required all the same).
    `access` is the permission (`requires(...)`). The description comes from
    the class docstring (`@described`)."""
    input_type, input_help = input
    if sum(x is not None for x in (run, steps, request_steps)) != 1:
        raise TypeError("mutation: give one of run (with answer), steps or request_steps")

    async def resolve(self: object, info: Info, input: Any) -> R:
        actor = info.context.require_actor()
        if request_steps is not None:
            return await request_steps(info, input)
        if steps is not None:
            return await steps(actor, input)
        assert run is not None and answer is not None
        if data is None:
            return answer(await to_args(input, run, actor))
        return answer(await run(actor, to_args(input, data)))

    # Strawberry reads the argument and its description from the annotations.
    resolve.__annotations__ = {
        "info": Info,
        "input": Annotated[input_type, strawberry.argument(description=input_help)],
        "return": result,
    }
    # The field stands where the class reads a value of the answer's type.
    field: R = strawberry.mutation(
        resolver=resolve,
        extensions=access,
        graphql_type=result,
    )
    return field
