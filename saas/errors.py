"""The one family of typed errors services raise. Resolvers convert them to
GraphQL result-union members; nothing else does."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with the input: where (`path`) and what, in plain words."""

    path: tuple[str, ...]
    message: str


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
        return cls([FieldProblem(tuple(path.split(".")), message)])


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
