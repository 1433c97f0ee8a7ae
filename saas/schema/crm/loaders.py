"""DataLoaders of the CRM: each nested field of a page costs one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from saas import models
from saas.crm.repository import (
    CustomerRepository,
    CustomerTagRepository,
    FollowUpRepository,
    LeadAssignmentRepository,
    LeadEventRepository,
    LeadRepository,
)
from saas.tenancy.scoped import RowScope


def _by_id(rows: Sequence[Model], ids: Sequence[int]) -> list[object]:
    found = {row.pk: row for row in rows}
    return [found.get(i) for i in ids]


def _grouped(rows: Sequence[object], attr: str, keys: Sequence[int]) -> list[list[object]]:
    groups: dict[int, list[object]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attr)].append(row)
    return [groups[k] for k in keys]


class CustomerByIdLoader(DataLoader[int, models.Customer | None]):
    """Customers of already-authorised rows (a lead's customer): tenant-scoped."""

    def __init__(self, tenant_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.tenant_id = tenant_id

    async def _load(self, ids: Sequence[int]) -> list[models.Customer | None]:
        if self.tenant_id is None:
            return [None] * len(ids)
        rows = await CustomerRepository(self.tenant_id).rows_where("id", ids)
        return _by_id(rows, ids)  # type: ignore[return-value]


class UserByIdLoader(DataLoader[int, models.User | None]):
    """Colleagues of the caller's dealer group."""

    def __init__(self, tenant_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.tenant_id = tenant_id

    async def _load(self, ids: Sequence[int]) -> list[models.User | None]:
        if self.tenant_id is None:
            return [None] * len(ids)
        rows = await models.User.filter(id__in=list(ids), dealer_group_id=self.tenant_id)
        return _by_id(rows, ids)  # type: ignore[return-value]


class VehicleModelByIdLoader(DataLoader[int, models.VehicleModel | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, ids: Sequence[int]) -> list[models.VehicleModel | None]:
        rows = await models.VehicleModel.filter(id__in=list(ids))
        return _by_id(rows, ids)  # type: ignore[return-value]


class TagsByCustomerIdLoader(DataLoader[int, list[models.CustomerTag]]):
    """Tags on customers, current ones first, removed ones kept as history."""

    def __init__(self, tenant_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.tenant_id = tenant_id

    async def _load(self, ids: Sequence[int]) -> list[list[models.CustomerTag]]:
        if self.tenant_id is None:
            return [[] for _ in ids]
        rows = await CustomerTagRepository(self.tenant_id).rows_where("customer_id", ids)
        return _grouped(rows, "customer_id", ids)  # type: ignore[return-value]


class LastFollowUpByLeadIdLoader(DataLoader[int, models.FollowUp | None]):
    def __init__(self, tenant_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.tenant_id = tenant_id

    async def _load(self, lead_ids: Sequence[int]) -> list[models.FollowUp | None]:
        if self.tenant_id is None:
            return [None] * len(lead_ids)
        rows = await FollowUpRepository(self.tenant_id).latest_of_leads(lead_ids)
        found = {row.lead_id: row for row in rows}
        return [found.get(i) for i in lead_ids]


class FollowUpsByLeadIdLoader(DataLoader[int, list[models.FollowUp]]):
    def __init__(self, tenant_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.tenant_id = tenant_id

    async def _load(self, lead_ids: Sequence[int]) -> list[list[models.FollowUp]]:
        if self.tenant_id is None:
            return [[] for _ in lead_ids]
        rows = (
            await FollowUpRepository(self.tenant_id)
            .query()
            .filter(lead_id__in=list(lead_ids))
            .order_by("happened_at", "id")
        )
        return _grouped(rows, "lead_id", lead_ids)  # type: ignore[return-value]


class AssignmentsByLeadIdLoader(DataLoader[int, list[models.LeadAssignment]]):
    def __init__(self, tenant_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.tenant_id = tenant_id

    async def _load(self, lead_ids: Sequence[int]) -> list[list[models.LeadAssignment]]:
        if self.tenant_id is None:
            return [[] for _ in lead_ids]
        rows = (
            await LeadAssignmentRepository(self.tenant_id)
            .query()
            .filter(lead_id__in=list(lead_ids))
            .order_by("id")
        )
        return _grouped(rows, "lead_id", lead_ids)  # type: ignore[return-value]


class EventsByLeadIdLoader(DataLoader[int, list[models.LeadEvent]]):
    def __init__(self, tenant_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.tenant_id = tenant_id

    async def _load(self, lead_ids: Sequence[int]) -> list[list[models.LeadEvent]]:
        if self.tenant_id is None:
            return [[] for _ in lead_ids]
        rows = (
            await LeadEventRepository(self.tenant_id)
            .query()
            .filter(lead_id__in=list(lead_ids))
            .order_by("id")
        )
        return _grouped(rows, "lead_id", lead_ids)  # type: ignore[return-value]


class LeadsByCustomerIdLoader(DataLoader[int, list[models.Lead]]):
    """A customer's leads that the caller may see."""

    def __init__(self, scope: RowScope | None) -> None:
        super().__init__(load_fn=self._load)
        self.scope = scope

    async def _load(self, customer_ids: Sequence[int]) -> list[list[models.Lead]]:
        if self.scope is None:
            return [[] for _ in customer_ids]
        rows = (
            await LeadRepository.for_scope(self.scope)
            .query()
            .filter(customer_id__in=list(customer_ids))
            .order_by("id")
        )
        return _grouped(rows, "customer_id", customer_ids)  # type: ignore[return-value]
