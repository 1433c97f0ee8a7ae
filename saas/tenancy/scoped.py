"""The one place that adds tenant (and store) filters to queries.

Every query on a tenant model goes through a `TenantRepository`. A repository
is built for one tenant, and optionally a set of stores the actor may see; its
`query()` is the only way to start a queryset, and `create()` the only way to
insert, so a caller cannot forget the filter or write into another tenant.
`tests/tenancy/test_scoping.py` fails when code elsewhere touches a tenant
model's manager directly.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, ClassVar, Generic, TypeVar

from tortoise.queryset import QuerySet

from saas.models.base import TenantModel

M = TypeVar("M", bound=TenantModel)


class TenantRepository(Generic[M]):
    model: ClassVar[type[TenantModel]]
    # Column naming the row's store, for store-scoped roles; None if the model
    # has no store.
    store_column: ClassVar[str | None] = "store_id"

    def __init__(self, tenant_id: int, store_ids: Collection[int] | None = None) -> None:
        """`store_ids=None` means every store of the tenant."""
        self.tenant_id = tenant_id
        self.store_ids = None if store_ids is None else frozenset(store_ids)

    def query(self) -> QuerySet[M]:
        qs: QuerySet[M] = self.model.filter(tenant_id=self.tenant_id)  # type: ignore[assignment]
        if self.store_ids is not None and self.store_column is not None:
            qs = qs.filter(**{f"{self.store_column}__in": list(self.store_ids)})
        return qs

    async def get(self, object_id: int) -> M | None:
        return await self.query().get_or_none(id=object_id)

    async def get_many(self, ids: Iterable[int]) -> dict[int, M]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        return {obj.id: obj for obj in await self.query().filter(id__in=wanted)}

    async def create(self, **values: Any) -> M:
        values.pop("tenant_id", None)
        obj = self.model(tenant_id=self.tenant_id, **values)
        await obj.save()
        return obj  # type: ignore[return-value]

    async def update(self, obj: M, **values: Any) -> M:
        if obj.tenant_id != self.tenant_id:
            raise ValueError("object belongs to another tenant")
        values.pop("tenant_id", None)
        for name, value in values.items():
            setattr(obj, name, value)
        await obj.save(update_fields=list(values))
        return obj
