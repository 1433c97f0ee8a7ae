"""Relay global object identification: the `Node` interface and its ids.

A global id is standard base64 (with padding) of "<GraphQLTypeName>:<pk>",
e.g. "Lead:1" -> "TGVhZDox"; clients treat it as opaque. The decoder is the
only way an id from a client reaches a database query, so it refuses
anything it did not make: not base64, another type, a pk outside 1..2**63-1.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar, cast

import strawberry
from strawberry.types.base import StrawberryOptional, get_object_definition

from saas.ids import global_id
from saas.schema.described import described

MAX_PK = 2**63 - 1

T = TypeVar("T")

# Every type name a global id may carry: the GraphQL types implementing Node,
# plus ApiKeyRole (the role an API key holds, shown as a RoleAssignment).
NODE_TYPE_NAMES = frozenset(
    {
        "ApiKey",
        "ApiKeyRole",
        "AuditEntry",
        "Campaign",
        "CampaignInvitation",
        "Complaint",
        "Customer",
        "CustomerCard",
        "CustomerDataShare",
        "CustomerMessage",
        "DealerGroup",
        "DistributedLead",
        "DistributionImport",
        "Export",
        "FollowUp",
        "ImportRun",
        "InsurancePolicy",
        "Lead",
        "MeetingAction",
        "Notification",
        "Oem",
        "Order",
        "Partner",
        "ReminderTask",
        "ReportRun",
        "RoleAssignment",
        "ServiceRecord",
        "Store",
        "SuccessPlan",
        "Survey",
        "TestDrive",
        "TrustedDocument",
        "User",
        "Vehicle",
        "VehicleModel",
        "WebhookDelivery",
        "WebhookEndpoint",
        "WeeklyMeeting",
    }
)


@strawberry.interface(
    description="An object with a global id: refetch any of them with node(id:) or nodes(ids:)."
)
@described
class Node:
    """
    Attributes:
        id: Opaque global id of this object; pass it back as is (e.g. to node(id:) or in an input's
            id field), never build or parse it.
    """

    id: strawberry.ID


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    """The global id of row `pk` shown as GraphQL type `type_name`."""
    return strawberry.ID(global_id(type_name, pk))


def from_row(cls: type[T], row: Any, /, **given: Any) -> T:
    """The GraphQL object `cls` showing the ORM row `row`: each data field of
    `cls` that `given` does not hold takes the row's attribute of the same
    name (as the field's enum where it is one: rows store the value), and a
    Node's `id` the row's global id under the type's GraphQL name. `given`
    holds the rest: converted or renamed values and private fields."""
    build = _BUILDERS.get(cls)
    if build is None:
        build = _BUILDERS[cls] = _builder(cls)
    return build(row, given)  # type: ignore[no-any-return]


# type shown from rows -> its builder: (row, given) -> the object
_BUILDERS: dict[type, Callable[[Any, dict[str, Any]], Any]] = {}


def _builder(cls: type) -> Callable[[Any, dict[str, Any]], Any]:
    """`from_row`'s work for `cls` as one function with a line per data field
    (a page shows ~250 rows; a loop over the fields took 1.5 times as long
    for a lead)."""
    type_name, fields = _plan(cls)
    namespace: dict[str, Any] = {"cls": cls, "to_global_id": to_global_id}
    lines = ["def build(row, given):"]
    for index, (name, enum, is_id) in enumerate(fields):
        if not name.isidentifier():  # the source below names it as written
            raise TypeError(f"{cls.__qualname__}: field {name!r} is no attribute name")
        if is_id:
            value = f"to_global_id({type_name!r}, row.id)"
        elif enum is None:
            value = f"row.{name}"
        else:
            # The member by its value as `Enum.__call__` looks it up first,
            # without the call (~300 enum fields a page); else the call.
            namespace[f"enum_{index}"] = enum
            namespace[f"members_{index}"] = enum._value2member_map_
            value = (
                f"None if (value := row.{name}) is None"
                f" else members_{index}.get(value) or enum_{index}(value)"
            )
        lines.append(f"    if {name!r} not in given:\n        given[{name!r}] = {value}")
    lines.append("    return cls(**given)")
    exec("\n".join(lines), namespace)  # source built above from field names
    return cast("Callable[[Any, dict[str, Any]], Any]", namespace["build"])


def _plan(cls: type) -> tuple[str, tuple[tuple[str, type[Enum] | None, bool], ...]]:
    definition = get_object_definition(cls, strict=True)
    node = issubclass(cls, Node)
    fields = tuple(
        (f.python_name, _enum(f.type), node and f.python_name == "id")
        for f in definition.fields
        if f.base_resolver is None
    )
    return definition.name, fields


def _enum(type_: object) -> type[Enum] | None:
    while isinstance(type_, StrawberryOptional):
        type_ = type_.of_type
    wrapped = getattr(type_, "wrapped_cls", None)
    return wrapped if isinstance(wrapped, type) and issubclass(wrapped, Enum) else None


def optional_global_id(type_name: str, pk: int | None) -> strawberry.ID | None:
    return None if pk is None else to_global_id(type_name, pk)


def from_global_id(value: object) -> tuple[str, int]:
    """(type name, pk) of a global id; ValueError for anything else."""
    text = str(value)
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True).decode("ascii")
    except (UnicodeError, binascii.Error, ValueError):
        raise ValueError(f"{value!r} is not a global id") from None
    type_name, sep, pk = raw.partition(":")
    if (
        not sep
        or type_name not in NODE_TYPE_NAMES
        or not pk.isascii()
        or not pk.isdigit()
        or not 0 < int(pk) <= MAX_PK
        # One spelling per id: no leading zeros, no other base64 of the same text.
        or str(int(pk)) != pk
        or to_global_id(type_name, int(pk)) != text
    ):
        raise ValueError(f"{value!r} is not a global id")
    return type_name, int(pk)


def decode_id(value: object, type_name: str) -> int:
    """The pk in a global id of `type_name`; ValueError for another type or a malformed id."""
    found, pk = from_global_id(value)
    if found != type_name:
        raise ValueError(f"{value!r} is not a {type_name} id")
    return pk
