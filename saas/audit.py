"""Audit trail: who changed what, with before/after of changed fields, in the
same transaction as the change. The tenant repositories report each change;
a field extension on every mutation writes one entry for the request."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from strawberry.extensions import FieldExtension
from tortoise import connections
from tortoise.queryset import QuerySet

from saas.errors import NotFound
from saas.models import AuditEntry

_changes: ContextVar[list[dict[str, Any]] | None] = ContextVar("audit_changes", default=None)
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
SECRET_WORDS = ("password", "token", "secret")


def new_request_id() -> str:
    return uuid.uuid4().hex


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record_change(
    table: str, object_id: Any, before: dict[str, Any], after: dict[str, Any]
) -> None:
    changes = _changes.get()
    if changes is None:
        return
    changed = {k for k in after if before.get(k) != after.get(k)}
    if changed:
        changes.append(
            {
                "table": table,
                "id": object_id,
                "before": {k: _plain(before.get(k)) for k in sorted(changed)},
                "after": {k: _plain(after[k]) for k in sorted(changed)},
            }
        )


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean_field(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value[:50]]
    return (
        _plain(value)
        if not hasattr(value, "__dict__")
        else _clean({k: v for k, v in vars(value).items() if not k.startswith("_")})
    )


def _clean_field(name: str, value: Any) -> Any:
    if any(w in name.lower() for w in SECRET_WORDS):
        return "[hidden]"
    if name.endswith("_base64") and isinstance(value, str):
        return f"[{len(value)} characters]"  # an uploaded file: personal data, kept once
    return _clean(value)


async def write(
    operation: str,
    outcome: str,
    *,
    actor: Any = None,
    object_type: str | None = None,
    object_id: str | None = None,
    details: dict[str, Any] | None = None,
    tenant_id: int | None = None,
) -> None:
    """One entry; of `tenant_id`'s dealer group if given, else of the actor's."""
    # A plain INSERT without RETURNING: an entry of an anonymous caller (a
    # login) must be writable without being readable under row-level security.
    conn = connections.get("default")
    postgres = conn.schema_generator.DIALECT == "postgres"
    tenant_id = tenant_id if tenant_id is not None else getattr(actor, "tenant_id", None)
    oem_id = getattr(actor, "oem_id", None)
    # The owner's table: a dealer group's, an OEM's, or the platform's
    # (saas.models.audit).
    table = (
        "audit_log"
        if tenant_id is not None
        else "oem_audit_log"
        if oem_id is not None
        else "platform_audit_log"
    )
    row: dict[str, Any] = {
        "created_at": datetime.now(UTC),
        "tenant_id": tenant_id,
        "oem_id": oem_id,
        "actor_kind": getattr(getattr(actor, "kind", None), "value", None),
        "actor_id": getattr(actor, "id", None),
        "operation": operation,
        "outcome": outcome,
        "object_type": object_type,
        "object_id": object_id,
        "details": json.dumps(details or {}, default=str),
        "request_id": request_id.get(),
    }
    if table != "audit_log":
        del row["tenant_id"]
        if table == "platform_audit_log":
            del row["oem_id"]
    if not postgres:
        row["created_at"] = row["created_at"].isoformat(sep=" ")
    marks = [
        (f"${n}" if postgres else "?") + ("::jsonb" if postgres and column == "details" else "")
        for n, column in enumerate(row, start=1)
    ]
    names = ", ".join(f'"{column}"' for column in row)
    await conn.execute_query(
        f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(marks)})',
        list(row.values()),
    )


class Audited(FieldExtension):
    """On a mutation field: collect the changes its service makes and write one
    audit entry, whatever the outcome."""

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Any, **kwargs: Any
    ) -> Any:
        changes: list[dict[str, Any]] = []
        token = _changes.set(changes)
        outcome, result = "error", None
        try:
            result = await next_(source, info, **kwargs)
            outcome = type(result).__name__
            return result
        finally:
            _changes.reset(token)
            details: dict[str, Any] = {"input": _clean(kwargs)}
            if changes and outcome not in (
                "ValidationErrors",
                "NotFoundError",
                "ConflictError",
                "ForbiddenError",
            ):
                details["changes"] = changes
            await write(
                info.field_name,
                outcome,
                actor=info.context.actor,
                object_type=outcome if result is not None and hasattr(result, "id") else None,
                object_id=str(getattr(result, "id", "")) or None,
                details=details,
            )


def entries_of(tenant_id: int | None, operation: str | None = None) -> QuerySet[AuditEntry]:
    """A dealer group's audit log (nothing for a caller without one),
    optionally of one operation."""
    qs = AuditEntry.filter(tenant_id=tenant_id if tenant_id is not None else -1)
    return qs.filter(operation=operation) if operation else qs


async def audit_entry(tenant_id: int | None, entry_id: int) -> AuditEntry:
    """One entry of a dealer group's audit log."""
    entry = await entries_of(tenant_id).get_or_none(id=entry_id)
    if entry is None:
        raise NotFound("audit entry", entry_id)
    return entry
