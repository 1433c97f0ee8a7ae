"""DataLoaders of the CRM: each nested field of a page costs one query."""

from __future__ import annotations

from asyncio import Future
from collections import defaultdict
from collections.abc import Awaitable, Iterable, Sequence
from typing import Any, ClassVar, TypeVar

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
from saas.identity.repository import colleagues_for_display
from saas.schema.crm.relations import CUSTOMER_TAGS, LEAD_FOLLOW_UPS
from saas.tenancy.scoped import RowScope, TenantRepository

V = TypeVar("V")
R = TypeVar("R")


def _by_id(rows: Sequence[Model], ids: Sequence[int]) -> list[object]:
    found = {row.pk: row for row in rows}
    return [found.get(i) for i in ids]


def _grouped(rows: Sequence[object], attr: str, keys: Sequence[int]) -> list[list[object]]:
    groups: dict[int, list[object]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attr)].append(row)
    return [groups[k] for k in keys]


class TenantLoader(DataLoader[int, V]):
    """One dealer group's rows by key. Without a dealer group (a platform or
    OEM caller) every key answers `absent()`: None, or [] for a list.

    `held` keeps the values a page primed (`saas.schema.relations.prime`) as
    plain values, without a settled future per key (a lead page primes ~200
    keys): a relation's resolver reads them first (and keeps the object it
    shows for one in `shown`), and `load` answers them like cached ones."""

    def __init__(self, tenant_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.tenant_id = tenant_id
        self.held: dict[int, V] = {}
        # (converter, key) -> a held row as shown (saas.schema.relations)
        self.shown: dict[tuple[object, int], object] = {}

    def hold(self, values: dict[int, V]) -> None:
        """Keep `values` (key -> the loader's value) as if loaded."""
        self.held.update(values)

    def load(self, key: int) -> Awaitable[V]:
        held = self.held
        if key in held:
            future: Future[V] = self.loop.create_future()
            future.set_result(held[key])
            return future
        return super().load(key)

    def clear(self, key: int) -> None:
        if key in self.held:
            del self.held[key]
            self.shown = {k: v for k, v in self.shown.items() if k[1] != key}
            if self.cache_map.get(key) is None:
                return
        super().clear(key)

    def clear_many(self, keys: Iterable[int]) -> None:
        for key in keys:
            self.clear(key)

    def clear_all(self) -> None:
        self.held.clear()
        self.shown.clear()
        super().clear_all()

    async def _load(self, keys: Sequence[int]) -> list[V]:
        if self.tenant_id is None:
            return [self.absent() for _ in keys]
        return await self.rows(self.tenant_id, keys)

    def absent(self) -> V:
        raise NotImplementedError

    async def rows(self, tenant_id: int, keys: Sequence[int]) -> list[V]:
        raise NotImplementedError


class OneByKeyLoader(TenantLoader[R | None]):
    def absent(self) -> R | None:
        return None


class ListByKeyLoader(TenantLoader[list[R]]):
    def absent(self) -> list[R]:
        return []


class RowsByLeadIdLoader(ListByKeyLoader[R]):
    """Each lead's rows of `repository`, in `order`."""

    repository: ClassVar[type[TenantRepository[Any]]]
    order: ClassVar[tuple[str, ...]] = ("id",)

    async def rows(self, tenant_id: int, lead_ids: Sequence[int]) -> list[list[R]]:
        rows = (
            await self.repository(tenant_id)
            .query()
            .filter(lead_id__in=list(lead_ids))
            .order_by(*self.order)
        )
        return _grouped(rows, "lead_id", lead_ids)  # type: ignore[return-value]


class CustomerByIdLoader(OneByKeyLoader[models.Customer]):
    """Customers of already-authorised rows (a lead's customer): tenant-scoped."""

    async def rows(self, tenant_id: int, ids: Sequence[int]) -> list[models.Customer | None]:
        return _by_id(await CustomerRepository(tenant_id).rows_where("id", ids), ids)  # type: ignore[return-value]


class VisibleCustomerByIdLoader(DataLoader[int, models.Customer | None]):
    """Customers the caller may read, by id (None for the others): for rows
    that name a customer without being scoped by it (a campaign invitation
    a manager sees names customers a consultant may not read)."""

    def __init__(self, scope: RowScope | None) -> None:
        super().__init__(load_fn=self._load)
        self.scope = scope

    async def _load(self, ids: Sequence[int]) -> list[models.Customer | None]:
        if self.scope is None:
            return [None for _ in ids]
        found = await CustomerRepository.for_scope(self.scope).get_many(ids)
        return [found.get(i) for i in ids]


class UserByIdLoader(OneByKeyLoader[models.User]):
    """Colleagues of the caller's dealer group."""

    async def rows(self, tenant_id: int, ids: Sequence[int]) -> list[models.User | None]:
        # Shown only (their names on a page): rows for display, not models.
        return _by_id(await colleagues_for_display(tenant_id, ids), ids)  # type: ignore[return-value]


class ByIdLoader(DataLoader[int, R | None]):
    """Rows of a table that belongs to no dealer group (the catalogue, the
    dealer groups and OEMs themselves), by id."""

    model: ClassVar[type[Model]]

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, ids: Sequence[int]) -> list[R | None]:
        return _by_id(await self.model.filter(id__in=list(ids)), ids)  # type: ignore[return-value]


class VehicleModelByIdLoader(ByIdLoader[models.VehicleModel]):
    model = models.VehicleModel


class TagsByCustomerIdLoader(ListByKeyLoader[models.CustomerTag]):
    """Tags on customers, current ones first, removed ones kept as history."""

    async def rows(self, tenant_id: int, ids: Sequence[int]) -> list[list[models.CustomerTag]]:
        column = CUSTOMER_TAGS.column  # rows_where reads in id order, the relation's
        rows = await CustomerTagRepository(tenant_id).rows_where(column, ids)
        return _grouped(rows, column, ids)  # type: ignore[return-value]


class LastFollowUpByLeadIdLoader(OneByKeyLoader[models.FollowUp]):
    async def rows(self, tenant_id: int, lead_ids: Sequence[int]) -> list[models.FollowUp | None]:
        found = {
            row.lead_id: row
            for row in await FollowUpRepository(tenant_id).latest_of_leads(lead_ids)
        }
        return [found.get(i) for i in lead_ids]


class FollowUpsByLeadIdLoader(RowsByLeadIdLoader[models.FollowUp]):
    repository = FollowUpRepository
    order = LEAD_FOLLOW_UPS.order

    async def rows(self, tenant_id: int, lead_ids: Sequence[int]) -> list[list[models.FollowUp]]:
        # Shown only (a lead card lists them): rows for display, not models.
        rows = await FollowUpRepository(tenant_id).rows_where("lead_id", lead_ids, self.order)
        return _grouped(rows, "lead_id", lead_ids)  # type: ignore[return-value]


class AssignmentsByLeadIdLoader(RowsByLeadIdLoader[models.LeadAssignment]):
    repository = LeadAssignmentRepository


class EventsByLeadIdLoader(RowsByLeadIdLoader[models.LeadEvent]):
    repository = LeadEventRepository


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
