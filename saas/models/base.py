"""Model bases: global models and tenant-scoped models.

A *tenant model* holds one dealer group's data. Its table carries `tenant_id`,
its primary key and unique keys include `tenant_id`, references to other tenant
tables are composite `(tenant_id, x_id)` foreign keys (declared in `tenant_refs`
and created by the migration), and PostgreSQL row-level security is enabled and
forced on it. These rules keep the schema shardable by tenant and are checked by
`tests/models/test_tenant_tables.py`.
"""

from __future__ import annotations

from typing import Any, ClassVar

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
    # A model's own add to those of its bases (`StoreModel` brings store_id's).
    tenant_refs: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        inherited: dict[str, str] = {}
        for base in cls.__bases__:
            inherited.update(getattr(base, "tenant_refs", {}))
        cls.tenant_refs = {**inherited, **cls.__dict__.get("tenant_refs", {})}


class StoreModel(TenantModel):
    """A row of one store of the group."""

    store_id = fields.BigIntField()

    tenant_refs = {"store_id": "Store"}

    class Meta:
        abstract = True


class CustomerModel(StoreModel):
    """A row about one customer, kept by the store that serves them."""

    customer_id = fields.BigIntField()

    tenant_refs = {"customer_id": "Customer"}

    class Meta:
        abstract = True


class LeadModel(CustomerModel):
    """A row about one lead (and so its customer) of a store."""

    lead_id = fields.BigIntField()

    tenant_refs = {"lead_id": "Lead"}

    class Meta:
        abstract = True
