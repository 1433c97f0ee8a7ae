"""The one family of typed errors services raise. Resolvers convert them to
GraphQL result-union members; nothing else does."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with the input: where (`path`) and what, in plain words.

    Services name the place in their own words: the parameter or field name
    (`store_id`, `customer.phone`, `budget_max`, a list item `leads[3].phone`),
    never a GraphQL path; the schema layer turns it into the path the client
    sent (saas/schema/inputs.py)."""

    path: tuple[str, ...]
    message: str

    @classmethod
    def at(cls, path: str, message: str) -> FieldProblem:
        return cls(field_path(path), message)


def field_path(path: str) -> tuple[str, ...]:
    """'leads[3].phone' -> ('leads', '3', 'phone'); 'customer.phone' -> ('customer', 'phone')."""
    return tuple(part for part in re.split(r"[.\[\]]+", path) if part)


class SaasError(Exception):
    code = "ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(SaasError):
    code = "VALIDATION"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{'.'.join(p.path)}: {p.message}" for p in problems))
        self.problems = problems

    @classmethod
    def one(cls, path: str, message: str) -> ValidationFailed:
        return cls([FieldProblem.at(path, message)])


class NotFound(SaasError):
    code = "NOT_FOUND"

    def __init__(self, resource: str, identifier: object) -> None:
        super().__init__(f"{resource} {identifier} was not found")
        self.resource = resource
        self.identifier = str(identifier)


class Conflict(SaasError):
    code = "CONFLICT"


class Forbidden(SaasError):
    code = "FORBIDDEN"


class Unauthenticated(SaasError):
    code = "UNAUTHENTICATED"


class StaleCredential(Unauthenticated):
    """A credential we issued that no longer works (an expired access token,
    a revoked or expired API key, a deactivated account): not a guess, so it
    does not count against the client address's failed-credential allowance
    (a showroom behind one address whose tokens expire together must not
    lock itself out)."""


class Throttled(SaasError):
    code = "THROTTLED"

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
