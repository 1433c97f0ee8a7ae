"""The audit log: append-only, one row per mutation (and per PII reveal or
file download), written in the same transaction as the change.

One table per owner, so that each spreads with its owner on Citus
(`saas.models.distribution`): a dealer group's entries in `audit_log`
(keyed `(tenant_id, id)`), an OEM's in `oem_audit_log` (`(oem_id, id)`),
and the entries of nobody's (a platform administrator's, an anonymous
login's) in `platform_audit_log`. The three draw their ids from one sequence,
so an entry id names one entry whichever table holds it."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import TimestampedModel


class _AuditFields(TimestampedModel):
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
        abstract = True


class AuditEntry(_AuditFields):
    """An entry of a dealer group (and, for an OEM's action on a group's
    data, of that OEM too)."""

    tenant_id = fields.BigIntField(db_index=True)
    oem_id = fields.BigIntField(null=True)

    class Meta:
        table = "audit_log"
        unique_together = (("tenant_id", "id"),)
        indexes = (("tenant_id", "created_at"),)


class OemAuditEntry(_AuditFields):
    """An entry of an OEM acting on nothing of a dealer group's."""

    oem_id = fields.BigIntField()

    class Meta:
        table = "oem_audit_log"
        unique_together = (("oem_id", "id"),)


class PlatformAuditEntry(_AuditFields):
    """An entry of no dealer group or OEM: a platform administrator's, an
    anonymous caller's (a login)."""

    class Meta:
        table = "platform_audit_log"


AUDIT_TABLES = ("audit_log", "oem_audit_log", "platform_audit_log")
