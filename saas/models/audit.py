"""The audit log: append-only, one row per mutation (and per PII reveal or
file download), written in the same transaction as the change."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import TimestampedModel


class AuditEntry(TimestampedModel):
    tenant_id = fields.BigIntField(null=True, db_index=True)
    oem_id = fields.BigIntField(null=True)
    actor_kind = fields.CharField(max_length=8, null=True)  # user | api_key | null (anonymous)
    actor_id = fields.BigIntField(null=True)
    operation = fields.CharField(max_length=64)
    outcome = fields.CharField(max_length=32)  # the result type, e.g. Lead, ValidationErrors
    object_type = fields.CharField(max_length=32, null=True)
    object_id = fields.CharField(max_length=32, null=True)
    # {"input": {...without secrets}, "changes": [{"table", "id", "before", "after"}]}
    details: dict[str, object] = fields.JSONField(default=dict)
    request_id = fields.CharField(max_length=36, null=True)

    class Meta:
        table = "audit_log"
        indexes = (("tenant_id", "created_at"),)
