"""Every mutation returns its typed failures as members of its result union:
the schema refuses to build when a union lacks a member the field maps to."""

from typing import Annotated

import pytest
import strawberry

from saas.errors import SaasError
from saas.schema.errors import Attempted, ConflictError, NotFoundError, ValidationErrors


@strawberry.type
class Done:
    ok: bool


@strawberry.type
class Richer:
    message: str


class RicherError(SaasError):
    pass


def _richer(exc: RicherError) -> Richer:
    return Richer(message=exc.message)


@strawberry.type
class Query:
    ok: bool = True


def _build(result: object, extension: Attempted) -> strawberry.Schema:
    @strawberry.type
    class Mutation:
        @strawberry.mutation(extensions=[extension])
        async def act(self) -> result:  # type: ignore[valid-type]
            return Done(ok=True)

    return strawberry.Schema(query=Query, mutation=Mutation)


def test_a_union_without_validation_errors_is_refused() -> None:
    union = Annotated[Done | NotFoundError, strawberry.union("ActResult")]
    with pytest.raises(TypeError, match="ActResult lacks ValidationErrors"):
        _build(union, Attempted())


def test_a_union_without_the_member_of_a_special_mapping_is_refused() -> None:
    union = Annotated[Done | ValidationErrors | ConflictError, strawberry.union("ActResult")]
    with pytest.raises(TypeError, match="ActResult lacks Richer"):
        _build(union, Attempted({RicherError: _richer}))


def test_a_field_that_returns_no_union_is_refused() -> None:
    with pytest.raises(TypeError, match="returns no result union"):
        _build(Done, Attempted())


def test_a_union_with_every_member_it_maps_to_builds() -> None:
    union = Annotated[Done | ValidationErrors | Richer, strawberry.union("ActResult")]
    assert "ActResult" in str(_build(union, Attempted({RicherError: _richer})))
