"""The audit log of your dealer group (group admins; nobody can change it)."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry

from saas import models
from saas.audit import entries_of
from saas.schema.described import described
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import Arg, listing
from saas.schema.relay import Node, from_row, optional_global_id


@strawberry.type(description="Who did what, when, and what changed.")
@described
class AuditEntry(Node):
    """
    Attributes:
        at: When it happened (UTC, ISO-8601).
        operation: The mutation (or reveal/download) name.
        outcome: The result type, e.g. Lead or ValidationErrors.
        actor_kind: user or api_key; null when nobody was signed in (e.g. a login attempt).
        actor_id: The user's or API key's id; null when nobody was signed in.
        object_type: Type of the object the operation returned, e.g. Lead; null when it returned
            none.
        object_id: Id of that object; null when none.
        details: JSON: the input (secrets hidden) and before/after.
        request_id: The request's id (the X-Request-Id response header), to match logs and support
            questions.
    """

    at: datetime
    operation: str
    outcome: str
    actor_kind: str | None
    actor_id: strawberry.ID | None
    object_type: str | None
    object_id: str | None
    details: str
    request_id: str | None

    @classmethod
    def from_model(cls, a: models.AuditEntry) -> AuditEntry:
        return from_row(
            cls,
            a,
            at=a.created_at,
            actor_id=optional_global_id(
                "ApiKey" if a.actor_kind == "api_key" else "User", a.actor_id or None
            ),
            details=json.dumps(a.details),
        )


@strawberry.type
@described
class AuditQueries:
    """
    Attributes:
        audit_log: Your dealer group's audit log, newest first.
    """

    audit_log = listing(
        AuditEntry,
        requires("audit_log", "read"),
        lambda actor, operation: entries_of(actor.tenant_id, operation),
        order=Order("id", descending=True),
        operation=Arg(str | None, "Only this operation."),
    )
