"""OEM lead distribution: the OEM's privacy-limited view of the leads it sent,
the SLA clock and its event log, and routing rules.

These tables are shared by exactly two parties, the OEM that sent a lead and
the dealer group that received it: row-level security shows a row to either
(`oem_id` = app.oem_id or `tenant_id` = app.tenant_id). They hold no customer
data beyond a masked phone. On Citus they are distributed by `oem_id`.
"""

from __future__ import annotations

from tortoise import fields

from saas.models.base import TimestampedModel


class DistributedLead(TimestampedModel):
    oem_id = fields.BigIntField()
    external_ref = fields.CharField(max_length=64)
    brand = fields.CharField(max_length=64)
    region = fields.CharField(max_length=100, null=True)
    city = fields.CharField(max_length=100, null=True)
    customer_name = fields.CharField(max_length=100)  # as the OEM sent it
    phone = fields.CharField(max_length=20)  # the OEM's own data, E.164; never shown
    phone_masked = fields.CharField(max_length=20)
    # Where it landed (the dealer's side); null while returned and not redistributed.
    tenant_id = fields.BigIntField(null=True)
    store_id = fields.BigIntField(null=True)
    lead_id = fields.BigIntField(null=True)
    store_code = fields.CharField(max_length=32, null=True)
    store_region = fields.CharField(max_length=100, null=True)
    # status: active | returned | duplicate (the dealer was already working the
    # customer at that store: no SLA, nothing of the dealer's lead is mirrored)
    status = fields.CharField(max_length=16, default="active")
    status_grade = fields.CharField(max_length=2, null=True)
    stage = fields.CharField(max_length=24, null=True)
    outcome = fields.CharField(max_length=8, null=True)  # won | lost
    lost_reason = fields.CharField(max_length=32, null=True)
    return_reason = fields.CharField(max_length=16, null=True)
    return_note = fields.CharField(max_length=300, null=True)
    # The SLA clock
    received_at = fields.DatetimeField()
    assigned_at = fields.DatetimeField(null=True)
    first_contact_at = fields.DatetimeField(null=True)
    # Deadline and warning instant from the OEM's settings when it was received.
    sla_due_at = fields.DatetimeField()
    sla_warn_at = fields.DatetimeField(null=True)
    sla_outcome = fields.CharField(max_length=8, default="pending")  # pending met breached
    warned_at = fields.DatetimeField(null=True)
    breached_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "distributed_lead"
        # Keys include oem_id, the Citus distribution column (migration 26).
        unique_together = (("oem_id", "id"), ("oem_id", "external_ref"))
        indexes = (
            ("sla_outcome", "sla_due_at"),
            ("oem_id", "store_id", "received_at"),
            ("tenant_id", "lead_id"),
        )


class SlaEvent(TimestampedModel):
    """Append-only: received, assigned, reassigned, warned, first_contact,
    breached, returned, redistributed. (oem, distributed_lead, kind, key) is
    unique so a retried job never records twice."""

    distributed_lead_id = fields.BigIntField()
    oem_id = fields.BigIntField()
    tenant_id = fields.BigIntField(null=True)
    kind = fields.CharField(max_length=16)
    key = fields.CharField(max_length=64, default="")
    data: dict[str, object] = fields.JSONField(default=dict)

    class Meta:
        table = "sla_event"
        unique_together = (("oem_id", "id"), ("oem_id", "distributed_lead_id", "kind", "key"))


class OemRoutingRule(TimestampedModel):
    """An OEM's routing: leads for `brand` in `city` (or, without a city, the
    `region`) go to franchised stores there carrying the brand."""

    oem_id = fields.BigIntField(db_index=True)
    brand = fields.CharField(max_length=64)
    region = fields.CharField(max_length=100, null=True)
    city = fields.CharField(max_length=100, null=True)

    class Meta:
        table = "oem_routing_rule"


class DistributionImport(TimestampedModel):
    """A large batch of OEM leads, distributed by a background job with progress."""

    oem_id = fields.BigIntField(db_index=True)
    status = fields.CharField(max_length=12, default="queued")  # queued running done failed
    total = fields.IntField()
    processed = fields.IntField(default=0)
    landed = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    rows: list[dict[str, object]] = fields.JSONField()
    # The first 1,000 row errors: {"row", "externalRef", "path", "message"}
    errors: list[dict[str, object]] = fields.JSONField(default=list)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "distribution_import"
        unique_together = (("oem_id", "id"),)
