"""Per-request DataLoaders (`XByYLoader`): nested fields cost one query per
page, not one per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from strawberry.dataloader import DataLoader

from saas.crm.access import customer_scope, lead_scope
from saas.models import DealerGroup, Oem, RoleAssignment, Store
from saas.org.repository import StoreRepository
from saas.schema.crm import loaders as crm
from saas.schema.management.loaders import ActionsByMeetingIdLoader
from saas.schema.reports.loaders import FilesByRunIdLoader
from saas.tenancy.actor import Actor
from saas.tenancy.scoped import RowScope


class StoreByIdLoader(crm.OneByKeyLoader[Store]):
    async def rows(self, tenant_id: int, ids: Sequence[int]) -> list[Store | None]:
        # Shown only (a page's store names): rows for display, not models.
        found = {s.id: s for s in await StoreRepository(tenant_id).rows_where("id", ids)}
        return [found.get(i) for i in ids]


class RoleAssignmentsByUserIdLoader(DataLoader[int, list[RoleAssignment]]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, user_ids: Sequence[int]) -> list[list[RoleAssignment]]:
        by_user: dict[int, list[RoleAssignment]] = defaultdict(list)
        for row in await RoleAssignment.filter(user_id__in=list(user_ids)).order_by("id"):
            by_user[row.user_id].append(row)
        return [by_user[u] for u in user_ids]


class DealerGroupByIdLoader(crm.ByIdLoader[DealerGroup]):
    model = DealerGroup


class OemByIdLoader(crm.ByIdLoader[Oem]):
    model = Oem


T = TypeVar("T")


class _OnFirstUse(Generic[T]):
    """A loader the request builds when a resolver first asks for it (like
    `cached_property`: the built loader then sits on the instance)."""

    def __init__(self, build: Callable[[Loaders], T]) -> None:
        self.build = build

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, loaders: Loaders, owner: type | None = None) -> T:
        loader = self.build(loaders)
        loaders.__dict__[self.name] = loader
        return loader


def _of_tenant(loader: Callable[[int | None], T]) -> _OnFirstUse[T]:
    """A loader of the request's tenant's rows."""
    return _OnFirstUse(lambda loaders: loader(loaders.tenant_id))


def _global(loader: Callable[[], T]) -> _OnFirstUse[T]:
    """A loader of rows no tenant owns."""
    return _OnFirstUse(lambda loaders: loader())


def _of_scope(
    loader: Callable[[RowScope | None], T], scope: Callable[[Actor], RowScope]
) -> _OnFirstUse[T]:
    """A loader of the rows the caller's `scope` lets them see (none without
    a caller in a tenant)."""
    return _OnFirstUse(
        lambda loaders: loader(
            scope(loaders.actor)
            if loaders.actor is not None and loaders.tenant_id is not None
            else None
        )
    )


class Loaders:
    """The request's loaders, each built on first use: a request answered by
    a compiled statement, or one that reads two of them, builds none or two
    (all of them cost ~50 µs a request)."""

    def __init__(self, tenant_id: int | None, actor: Actor | None = None) -> None:
        self.tenant_id = tenant_id
        self.actor = actor

    store_by_id = _of_tenant(StoreByIdLoader)
    role_assignments_by_user_id = _global(RoleAssignmentsByUserIdLoader)
    dealer_group_by_id = _global(DealerGroupByIdLoader)
    oem_by_id = _global(OemByIdLoader)
    customer_by_id = _of_tenant(crm.CustomerByIdLoader)
    user_by_id = _of_tenant(crm.UserByIdLoader)
    vehicle_model_by_id = _global(crm.VehicleModelByIdLoader)
    tags_by_customer_id = _of_tenant(crm.TagsByCustomerIdLoader)
    last_follow_up_by_lead_id = _of_tenant(crm.LastFollowUpByLeadIdLoader)
    follow_ups_by_lead_id = _of_tenant(crm.FollowUpsByLeadIdLoader)
    assignments_by_lead_id = _of_tenant(crm.AssignmentsByLeadIdLoader)
    events_by_lead_id = _of_tenant(crm.EventsByLeadIdLoader)
    report_files_by_run_id = _of_tenant(FilesByRunIdLoader)
    leads_by_customer_id = _of_scope(crm.LeadsByCustomerIdLoader, lead_scope)
    visible_customer_by_id = _of_scope(crm.VisibleCustomerByIdLoader, customer_scope)
    actions_by_meeting_id = _of_tenant(ActionsByMeetingIdLoader)
