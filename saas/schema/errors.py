"""Typed errors returned in mutation result unions, the one function that
converts a service's SaasError into them, and the field extension that does
so for every mutation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Annotated, Any, TypeVar, get_type_hints

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.base import get_object_definition
from strawberry.types.execution import PreExecutionError
from strawberry.types.field import StrawberryField
from strawberry.types.union import StrawberryUnion
from tortoise.exceptions import IntegrityError
from tortoise.exceptions import ValidationError as FieldValueError
from tortoise.transactions import in_transaction

from saas import errors
from saas.schema.described import described
from saas.schema.inputs import at_input_paths
from saas.schema.inputs import parse_id as parse_id
from saas.schema.limits import MaxItems
from saas.schema.relay import decode_id, to_global_id

M = TypeVar("M")
T = TypeVar("T")
ErrorT = TypeVar("ErrorT", bound=errors.SaasError)
MemberT = TypeVar("MemberT")


@strawberry.type(description="Where the input is wrong and what to fix.")
@described
class FieldError:
    """
    Attributes:
        path: Path of the offending input field, e.g. ['input', 'email'].
        message: What is wrong, in plain words.
    """

    path: list[str]
    message: str


@strawberry.type(description="The input was rejected; nothing was saved.")
@described
class ValidationErrors:
    """
    Attributes:
        message: Summary of all problems.
    """

    message: str
    errors: list[FieldError] = strawberry.field(
        description="One entry per problem (the first 100).", directives=[MaxItems(count=100)]
    )


@strawberry.type(
    description="An object the operation needs does not exist or is not visible to you."
)
@described
class NotFoundError:
    """
    Attributes:
        message: What was not found, in plain words.
        resource: Kind of object, e.g. 'store'.
        id: The identifier that was not found.
    """

    message: str
    resource: str
    id: strawberry.ID


@strawberry.type(description="The operation clashes with existing data; nothing was saved.")
@described
class ConflictError:
    """
    Attributes:
        message: What clashes and what to do instead, in plain words.
    """

    message: str


@strawberry.type(description="You may not do this to this object.")
@described
class ForbiddenError:
    """
    Attributes:
        message: Why you may not, in plain words (e.g. ask your showroom manager).
    """

    message: str


UserError = ValidationErrors | NotFoundError | ConflictError | ForbiddenError

# The members most result unions end with, in the order the schema lists them:
# `result_union("CampaignResult", Campaign | CampaignStatusError | RefusedOrConflict, "...")`.
# The input is wrong, an object it names is missing or not yours, or you may not.
Refused = ValidationErrors | NotFoundError | ForbiddenError
# ... or, for a write, it clashes with what another request saved.
RefusedOrConflict = Refused | ConflictError


def result_union(name: str, members: object, description: str, /) -> Any:
    """The result union `name` of `members` (`Lead | RefusedOrConflict`): what
    a mutation or a report answers, the object or why there is none.
    `LeadResult = result_union("LeadResult", Lead | RefusedOrConflict, "The
    lead as saved, or why nothing was saved.")` is the annotation
    `Annotated[Lead | RefusedOrConflict, strawberry.union("LeadResult",
    description=...)]`; for mypy (mypy_plugins/result_union.py) the alias of
    `Lead | RefusedOrConflict`. Positional only: the plugin reads the
    members as the second argument."""
    return Annotated[members, strawberry.union(name, description=description)]


def to_user_error(exc: errors.SaasError) -> UserError:
    if isinstance(exc, errors.ValidationFailed):
        return ValidationErrors(
            message=exc.message,
            errors=[FieldError(path=list(p.path), message=p.message) for p in exc.problems],
        )
    if isinstance(exc, errors.NotFound):
        return _not_found(exc)
    if isinstance(exc, errors.Conflict):
        return ConflictError(message=exc.message)
    if isinstance(exc, errors.Forbidden):
        return ForbiddenError(message=exc.message)
    raise exc


RAISED_ERROR_CODES: dict[type[Exception], str] = {
    errors.ValidationFailed: "BAD_USER_INPUT",
    # A filter value the column cannot hold, e.g. longer than its limit.
    FieldValueError: "BAD_USER_INPUT",
    errors.NotFound: "NOT_FOUND",
    errors.Conflict: "CONFLICT",
    errors.Forbidden: "FORBIDDEN",
    errors.Unauthenticated: "UNAUTHENTICATED",
    errors.Throttled: "RATE_LIMITED",
}


class RaisedErrorCodes(SchemaExtension):
    """Every error reaches the client with a code it can route on: a typed
    service error (or a value a column refuses) that a query resolver lets
    through (mutations return theirs in their result union) keeps its code and
    message, not an unexpected error (masked in production); an error about
    the request itself says which stage refused it."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            if "code" in (error.extensions or {}):
                continue
            original = error.original_error
            code = next((c for t, c in RAISED_ERROR_CODES.items() if isinstance(original, t)), None)
            if code is not None:
                error.extensions = {**(error.extensions or {}), "code": code}
        code_request_errors(result)


def code_request_errors(result: object) -> None:
    """Give each error about the request itself (no field path, no code yet)
    the stage that refused it, and graphql-core's refusal of a field's
    arguments (a field path, its cause an error graphql-core raised before
    the resolver ran) BAD_USER_INPUT. Called by the extension and again by the view:
    a document the parser cache refuses never reaches the extension's end."""
    for error in getattr(result, "errors", None) or []:
        if "code" in (error.extensions or {}):
            continue
        if error.path is None:
            code = request_error_code(error, result)
        elif _refused_argument(error):
            # graphql-core's own refusal of a field's arguments as the
            # variables gave them (`null` for an argument that is `Boolean!`
            # with a default): the caller's input, not our fault.
            code = "BAD_USER_INPUT"
        else:
            continue
        error.extensions = {**(error.extensions or {}), "code": code}


def _refused_argument(error: GraphQLError) -> bool:
    """graphql-core refused a field's argument as the variables gave it
    (`get_argument_values`: "Argument 'x' has invalid value ...", "... must
    not be null"), before the resolver ran. Not its refusals of a value the
    field returned ("Enum 'E' cannot represent value ..."), which are ours."""
    cause = error.original_error
    return (
        isinstance(cause, GraphQLError)
        and cause.path is None
        and cause.original_error is None
        and cause.message.startswith("Argument '")
    )


def request_error_code(error: GraphQLError, result: object) -> str:
    """An error with no field path comes from before any resolver ran: the
    document did not parse, did not validate, or its variables did not
    coerce to their declared types."""
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    if isinstance(result, PreExecutionError):
        return "GRAPHQL_VALIDATION_FAILED"
    return "BAD_USER_INPUT"


def is_client_error(error: GraphQLError) -> bool:
    """The caller's mistake, not ours: logged without a traceback."""
    original = error.original_error
    return (
        error.path is None
        or original is None
        or isinstance(original, tuple(RAISED_ERROR_CODES))
        or (error.extensions or {}).get("code") in CLIENT_ERROR_CODES
    )


CLIENT_ERROR_CODES = frozenset(
    {"BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "FORBIDDEN", "UNAUTHENTICATED", "RATE_LIMITED"}
)


# error class -> the function answering it with a richer member of its own
_RICHER: dict[type[errors.SaasError], Callable[..., object]] = {}


def answers(
    error_class: type[ErrorT],
) -> Callable[[Callable[[ErrorT], MemberT]], Callable[[ErrorT], MemberT]]:
    """Register the function that answers `error_class` with a richer member
    than the generic one (the member is its return annotation): every
    mutation whose result union lists that member answers the error with it,
    so the union, not each resolver, says what the client may get."""

    def register(convert: Callable[[ErrorT], MemberT]) -> Callable[[ErrorT], MemberT]:
        _RICHER[error_class] = convert
        return convert

    return register


def member_for(
    error_class: type[errors.SaasError], **renamed: str
) -> Callable[[type[MemberT]], type[MemberT]]:
    """Register the decorated member type as the answer to `error_class`, as
    `answers` does, built from the error's attributes of the same names as the
    member's fields; `renamed` names the error's attribute where a field's
    name differs (`since="archived_at"`). A member built any other way is
    written out with `answers`."""

    def register(member: type[MemberT]) -> type[MemberT]:
        names = [f.python_name for f in get_object_definition(member, strict=True).fields]

        def convert(exc: errors.SaasError) -> MemberT:
            return member(**{n: getattr(exc, renamed.get(n, n)) for n in names})

        convert.__annotations__ = {"exc": error_class, "return": member}
        convert.__qualname__ = f"member_for({error_class.__name__})"
        answers(error_class)(convert)
        return member

    return register


class Attempted(FieldExtension):
    """On a mutation field that returns a result union: run the resolver in a
    savepoint, so that on a typed failure nothing it wrote survives, and return
    the failure as the union's member for it. A richer member than the generic
    one answers an error class registered with `answers` when the union lists
    it; `special` maps error classes to such members for this field alone (a
    function annotated with its return type).

    The union declares the errors the field returns; at schema build time the
    extension refuses a union without ValidationErrors (every input may be
    refused) or without the member of a special mapping. A failure whose
    member the union lacks goes up as a coded GraphQL error."""

    def __init__(
        self, special: Mapping[type[errors.SaasError], Callable[..., object]] | None = None
    ) -> None:
        self.special = dict(special or {})
        self.members: tuple[type, ...] = ()
        self.arguments: list[StrawberryArgument] = []

    def apply(self, field: StrawberryField) -> None:
        union = field.type
        if not isinstance(union, StrawberryUnion):
            raise TypeError(f"mutation {field.python_name}: returns no result union")
        self.members = tuple(t for t in union.types if isinstance(t, type))
        self.arguments = field.arguments
        richer = {c: f for c, f in _RICHER.items() if _member_of(f) in self.members}
        self.special = {**richer, **self.special}
        wanted = [ValidationErrors, *(_member_of(c) for c in self.special.values())]
        missing = [m.__name__ for m in wanted if m not in self.members]
        if missing:
            raise TypeError(
                f"mutation {field.python_name}: its union {union.graphql_name} lacks "
                f"{', '.join(missing)}"
            )

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Any, **kwargs: Any
    ) -> Any:
        try:
            async with in_transaction("default"):
                return await next_(source, info, **kwargs)
        except errors.SaasError as exc:
            member = self._member(exc)
            if type(member) not in self.members:
                raise
            return member
        except IntegrityError:
            if ConflictError not in self.members:
                raise
            # Two requests raced for the same unique key; the savepoint undid ours.
            return ConflictError(
                message="this was changed by another request at the same time; try again"
            )

    def _member(self, exc: errors.SaasError) -> object:
        if type(exc) is errors.ValidationFailed:
            # Services name fields in their own words; the client sees its input's paths.
            exc = at_input_paths(exc, self.arguments)
        for error_class, convert in self.special.items():
            if isinstance(exc, error_class):
                return convert(exc)
        return to_user_error(exc)


class Answered(Attempted):
    """On a query field that returns a result union (a report): a typed
    failure comes back as the union's member for it, as `Attempted` does for
    mutations, without a savepoint (a query writes nothing) and with the
    paths as the service names them (a query's arguments are its paths)."""

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Any, **kwargs: Any
    ) -> Any:
        try:
            return await next_(source, info, **kwargs)
        except errors.SaasError as exc:
            member = to_user_error(exc)
            if type(member) not in self.members:
                raise
            return member


class WithoutSavepoint(FieldExtension):
    """Marks a mutation that `Attempted` leaves alone: it returns no result
    union, or what it writes on failure must commit (a failed login counts)."""


def _member_of(convert: Callable[..., object]) -> type:
    member = get_type_hints(convert).get("return")
    if not isinstance(member, type):
        raise TypeError(f"{convert.__qualname__}: annotate the member it returns")
    return member


# The GraphQL type a service's NotFound resource names, so the error shows
# the global id the client sent rather than the database key.
_RESOURCE_TYPES = {
    "user": "User",
    "dealer group": "DealerGroup",
    "OEM": "Oem",
    "store": "Store",
    "role assignment": "RoleAssignment",
    "API key": "ApiKey",
    "test drive": "TestDrive",
    "order": "Order",
    "lead": "Lead",
    "customer": "Customer",
    "customer card": "CustomerCard",
    "weekly meeting": "WeeklyMeeting",
    "meeting action": "MeetingAction",
    "campaign": "Campaign",
    "campaign invitation": "CampaignInvitation",
    "vehicle": "Vehicle",
    "complaint": "Complaint",
    "task": "ReminderTask",
    "insurance policy": "InsurancePolicy",
    "webhook endpoint": "WebhookEndpoint",
    "webhook delivery": "WebhookDelivery",
    "report run": "ReportRun",
    "distributed lead": "DistributedLead",
    "success plan": "SuccessPlan",
}


def _not_found(exc: errors.NotFound) -> NotFoundError:
    type_name = _RESOURCE_TYPES.get(exc.resource)
    if type_name is None or not exc.identifier.isdigit():
        return NotFoundError(
            message=exc.message, resource=exc.resource, id=strawberry.ID(exc.identifier)
        )
    gid = to_global_id(type_name, int(exc.identifier))
    return NotFoundError(
        message=f"{exc.resource} {gid} was not found", resource=exc.resource, id=gid
    )


def as_id(value: object, type_name: str) -> int:
    """The database id in a global id of `type_name` from user input;
    ValueError for a malformed id or one of another type."""
    return decode_id(value, type_name)


def safe_id(value: object, type_name: str) -> int | None:
    try:
        return decode_id(value, type_name)
    except ValueError:
        return None


async def one_or_none(
    id: object,
    type_name: str,
    read: Callable[[int], Awaitable[M]],
    convert: Callable[[M], T],
) -> T | None:
    """For a root field that answers one object or null: `convert(await
    read(pk))` for the `type_name` id given, or None when the id is malformed
    or of another type, or the read refuses it (not found, another tenant's,
    not permitted), so a caller cannot tell those cases apart."""
    try:
        return convert(await read(as_id(id, type_name)))
    except (errors.SaasError, ValueError):
        return None
