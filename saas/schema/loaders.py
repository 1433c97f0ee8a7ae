"""Per-request DataLoaders (`XByYLoader`): nested fields cost one query per
page, not one per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property

from strawberry.dataloader import DataLoader

from saas.crm.access import customer_scope, lead_scope
from saas.models import DealerGroup, Oem, RoleAssignment, Store
from saas.org.repository import StoreRepository
from saas.schema.crm import loaders as crm
from saas.schema.management.loaders import ActionsByMeetingIdLoader
from saas.schema.reports.loaders import FilesByRunIdLoader
from saas.tenancy.actor import Actor


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


class Loaders:
    """The request's loaders, each built on first use: a request answered by
    a compiled statement, or one that reads two of them, builds none or two
    (all of them cost ~50 µs a request)."""

    def __init__(self, tenant_id: int | None, actor: Actor | None = None) -> None:
        self.tenant_id = tenant_id
        self.actor = actor

    @cached_property
    def store_by_id(self) -> StoreByIdLoader:
        return StoreByIdLoader(self.tenant_id)

    @cached_property
    def role_assignments_by_user_id(self) -> RoleAssignmentsByUserIdLoader:
        return RoleAssignmentsByUserIdLoader()

    @cached_property
    def dealer_group_by_id(self) -> DealerGroupByIdLoader:
        return DealerGroupByIdLoader()

    @cached_property
    def oem_by_id(self) -> OemByIdLoader:
        return OemByIdLoader()

    @cached_property
    def customer_by_id(self) -> crm.CustomerByIdLoader:
        return crm.CustomerByIdLoader(self.tenant_id)

    @cached_property
    def user_by_id(self) -> crm.UserByIdLoader:
        return crm.UserByIdLoader(self.tenant_id)

    @cached_property
    def vehicle_model_by_id(self) -> crm.VehicleModelByIdLoader:
        return crm.VehicleModelByIdLoader()

    @cached_property
    def tags_by_customer_id(self) -> crm.TagsByCustomerIdLoader:
        return crm.TagsByCustomerIdLoader(self.tenant_id)

    @cached_property
    def last_follow_up_by_lead_id(self) -> crm.LastFollowUpByLeadIdLoader:
        return crm.LastFollowUpByLeadIdLoader(self.tenant_id)

    @cached_property
    def follow_ups_by_lead_id(self) -> crm.FollowUpsByLeadIdLoader:
        return crm.FollowUpsByLeadIdLoader(self.tenant_id)

    @cached_property
    def assignments_by_lead_id(self) -> crm.AssignmentsByLeadIdLoader:
        return crm.AssignmentsByLeadIdLoader(self.tenant_id)

    @cached_property
    def events_by_lead_id(self) -> crm.EventsByLeadIdLoader:
        return crm.EventsByLeadIdLoader(self.tenant_id)

    @cached_property
    def report_files_by_run_id(self) -> FilesByRunIdLoader:
        return FilesByRunIdLoader(self.tenant_id)

    @cached_property
    def leads_by_customer_id(self) -> crm.LeadsByCustomerIdLoader:
        return crm.LeadsByCustomerIdLoader(
            lead_scope(self.actor)
            if self.actor is not None and self.tenant_id is not None
            else None
        )

    @cached_property
    def visible_customer_by_id(self) -> crm.VisibleCustomerByIdLoader:
        return crm.VisibleCustomerByIdLoader(
            customer_scope(self.actor)
            if self.actor is not None and self.tenant_id is not None
            else None
        )

    @cached_property
    def actions_by_meeting_id(self) -> ActionsByMeetingIdLoader:
        return ActionsByMeetingIdLoader(self.tenant_id)
