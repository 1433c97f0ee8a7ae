"""Model bases: global models and tenant-scoped models.

A *tenant model* holds one dealer group's data. Its table carries `tenant_id`,
its primary key and unique keys include `tenant_id`, references to other tenant
tables are composite `(tenant_id, x_id)` foreign keys (declared in `tenant_refs`
and created by the migration), and PostgreSQL row-level security is enabled and
forced on it. These rules keep the schema shardable by tenant and are checked by
`tests/models/test_tenant_tables.py`.
"""

from __future__ import annotations

from typing import ClassVar

from tortoise import fields
from tortoise.models import Model


class TimestampedModel(Model):
    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TenantModel(TimestampedModel):
    """Base of every table that belongs to one dealer group (tenant).

    Query these only through `saas.tenancy.scoped.TenantRepository`; a test fails
    when any other module touches a tenant model's manager directly.
    """

    tenant_id = fields.BigIntField(db_index=False)

    # column -> name of the tenant model it references with a composite
    # (tenant_id, column) foreign key; the migration creates the constraints.
    tenant_refs: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True
