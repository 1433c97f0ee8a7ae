"""Organisations: car makers (OEM), dealer groups (the tenants) and their stores."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import TenantModel, TimestampedModel


class Oem(TimestampedModel):
    """A car maker's head office. Not a tenant: it distributes leads to dealers."""

    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    brands: list[str] = fields.JSONField(default=list)
    # The first-contact deadline of its leads, set by its distributor; the
    # warning lead time is the deployment's SLA_WARN_MINUTES while null.
    sla_hours = fields.IntField(default=24)
    sla_warn_minutes = fields.IntField(null=True)

    class Meta:
        table = "oem"


class DealerGroup(TimestampedModel):
    """A dealer group: the tenant. Every CRM row carries its id as `tenant_id`."""

    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    is_active = fields.BooleanField(default=True)
    settings: dict[str, object] = fields.JSONField(default=dict)

    class Meta:
        table = "dealer_group"


class Store(TenantModel):
    """One dealership (4S store) of a dealer group."""

    code = fields.CharField(max_length=32)
    name = fields.CharField(max_length=200)
    region = fields.CharField(max_length=100)
    city = fields.CharField(max_length=100)
    timezone = fields.CharField(max_length=64, default="Asia/Shanghai")
    brands: list[str] = fields.JSONField(default=list)
    # {"mon": ["09:00", "18:00"], ...}; a missing day means closed.
    opening_hours: dict[str, list[str]] = fields.JSONField(default=dict)
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "store"
        unique_together = (("tenant_id", "id"), ("tenant_id", "code"))
