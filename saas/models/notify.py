"""The notification outbox: in-app notifications, and messages for external
channels (SMS, WeChat) that a sender job delivers."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import TenantModel, TimestampedModel


class Notification(TenantModel):
    user_id = fields.BigIntField()
    store_id = fields.BigIntField(null=True)
    kind = fields.CharField(max_length=32)
    channel = fields.CharField(max_length=8, default="in_app")  # in_app sms wechat
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    data: dict[str, object] = fields.JSONField(default=dict)
    # `data` as the API prints it (`saas.notify.shown`), written with the
    # row; NULL where only the executor prints it so, or on older rows.
    shown_data = fields.TextField(null=True)
    # Unique per tenant: the same event never notifies twice.
    dedup_key = fields.CharField(max_length=128)
    read_at = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)

    tenant_refs = {"store_id": "Store"}

    class Meta:
        table = "notification"
        unique_together = (("tenant_id", "id"), ("tenant_id", "dedup_key"))
        indexes = (("tenant_id", "user_id", "read_at"), ("channel", "sent_at"))


class _JobRequestFields(TimestampedModel):
    name = fields.CharField(max_length=64)
    kwargs: dict[str, object] = fields.JSONField(default=dict)
    enqueued_at = fields.DatetimeField(null=True)

    class Meta:
        abstract = True


class JobRequest(_JobRequestFields):
    """A job that must run after a commit, kept in the database so it survives a
    Redis outage; the dispatcher enqueues pending ones and marks them. Holds
    job names and ids only, no tenant data. A dealer group's requests; those
    of nobody's are `PlatformJobRequest`s (the two share one id sequence)."""

    tenant_id = fields.BigIntField()

    class Meta:
        table = "job_request"
        unique_together = (("tenant_id", "id"),)
        indexes = (("enqueued_at",),)


class PlatformJobRequest(_JobRequestFields):
    """A job request of no dealer group: an OEM's lead-import batch, the replay
    of an OEM's webhook delivery."""

    class Meta:
        table = "platform_job_request"
        indexes = (("enqueued_at",),)
