"""Domain events and webhooks.

`DomainEvent` is the outbox: written in the transaction that caused the event,
then fanned out after commit to live subscribers (Redis pub/sub) and to
webhook endpoints (one `WebhookDelivery` per endpoint, sent by a job).

Endpoints and deliveries belong to one party, a dealer group (`tenant_id`) or
an OEM (`oem_id`): row-level security shows a row to its owner only. A
dealer group's deliveries are `WebhookDelivery`s, an OEM's
`OemWebhookDelivery`s (a table each, so that each spreads with its owner on
Citus); the two draw their ids from one sequence, so a delivery id names one
delivery whichever table holds it.
"""

from __future__ import annotations

from tortoise import fields

from saas.models.base import TenantModel, TimestampedModel


class DomainEvent(TenantModel):
    kind = fields.CharField(max_length=40)  # lead.assigned, order.signed ...
    store_id = fields.BigIntField(null=True)
    lead_id = fields.BigIntField(null=True)
    # The lead's owner once the event happened (who a live subscription reaches).
    owner_id = fields.BigIntField(null=True)
    source_channel = fields.CharField(max_length=16, null=True)
    # The dealer-side payload (ids and CRM values, no phone numbers).
    data: dict[str, object] = fields.JSONField(default=dict)
    published_at = fields.DatetimeField(null=True)
    fanned_out_at = fields.DatetimeField(null=True)

    tenant_refs = {"store_id": "Store"}

    class Meta:
        table = "domain_event"
        unique_together = (("tenant_id", "id"),)
        indexes = (("published_at",), ("fanned_out_at",))


class WebhookEndpoint(TimestampedModel):
    tenant_id = fields.BigIntField(null=True, db_index=True)
    oem_id = fields.BigIntField(null=True, db_index=True)
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=200, default="")
    event_types: list[str] = fields.JSONField(default=list)
    # Filters; empty = every store / channel.
    store_ids: list[int] = fields.JSONField(default=list)
    source_channels: list[str] = fields.JSONField(default=list)
    # The HMAC key; shown to the owner once, when the endpoint is created.
    secret = fields.CharField(max_length=64)
    status = fields.CharField(max_length=12, default="active")  # active | disabled
    disabled_reason = fields.CharField(max_length=300, null=True)
    disabled_at = fields.DatetimeField(null=True)
    # Start of the current run of failed deliveries (null after a success).
    failing_since = fields.DatetimeField(null=True)
    created_by_id = fields.BigIntField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "webhook_endpoint"


class _DeliveryFields(TimestampedModel):
    # References webhook_endpoint (ON DELETE CASCADE, in the migration).
    endpoint_id = fields.BigIntField()
    event_id = fields.BigIntField()
    event_tenant_id = fields.BigIntField()
    event_type = fields.CharField(max_length=40)
    # "event" for the first delivery of an event; "replay:<id>" for replays.
    key = fields.CharField(max_length=40, default="event")
    # The JSON body, fixed at fan-out so retries and replays send the same bytes.
    body = fields.TextField()
    # pending (waiting for an attempt) | succeeded | failed (gave up)
    status = fields.CharField(max_length=12, default="pending")
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    last_attempt_at = fields.DatetimeField(null=True)
    response_code = fields.IntField(null=True)
    latency_ms = fields.IntField(null=True)
    error = fields.CharField(max_length=300, null=True)
    replay_of_id = fields.BigIntField(null=True)

    class Meta:
        abstract = True


class WebhookDelivery(_DeliveryFields):
    """A delivery to a dealer group's endpoint."""

    # Copied from the endpoint: the owner that may read this row.
    tenant_id = fields.BigIntField()

    class Meta:
        table = "webhook_delivery"
        unique_together = (("tenant_id", "id"), ("tenant_id", "endpoint_id", "event_id", "key"))
        indexes = (("status", "next_attempt_at"),)


class OemWebhookDelivery(_DeliveryFields):
    """A delivery to an OEM's endpoint."""

    oem_id = fields.BigIntField()

    class Meta:
        table = "oem_webhook_delivery"
        unique_together = (("oem_id", "id"), ("oem_id", "endpoint_id", "event_id", "key"))
        indexes = (("status", "next_attempt_at"),)


AnyDelivery = WebhookDelivery | OemWebhookDelivery
DELIVERY_MODELS: tuple[type[WebhookDelivery], type[OemWebhookDelivery]] = (
    WebhookDelivery,
    OemWebhookDelivery,
)
