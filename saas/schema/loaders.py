"""Per-request DataLoaders (`XByYLoader`): nested fields cost one query per
page, not one per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

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
        found = await StoreRepository(tenant_id).get_many(ids)
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
    def __init__(self, tenant_id: int | None, actor: Actor | None = None) -> None:
        self.store_by_id = StoreByIdLoader(tenant_id)
        self.role_assignments_by_user_id = RoleAssignmentsByUserIdLoader()
        self.dealer_group_by_id = DealerGroupByIdLoader()
        self.oem_by_id = OemByIdLoader()
        self.customer_by_id = crm.CustomerByIdLoader(tenant_id)
        self.user_by_id = crm.UserByIdLoader(tenant_id)
        self.vehicle_model_by_id = crm.VehicleModelByIdLoader()
        self.tags_by_customer_id = crm.TagsByCustomerIdLoader(tenant_id)
        self.last_follow_up_by_lead_id = crm.LastFollowUpByLeadIdLoader(tenant_id)
        self.follow_ups_by_lead_id = crm.FollowUpsByLeadIdLoader(tenant_id)
        self.assignments_by_lead_id = crm.AssignmentsByLeadIdLoader(tenant_id)
        self.events_by_lead_id = crm.EventsByLeadIdLoader(tenant_id)
        self.report_files_by_run_id = FilesByRunIdLoader(tenant_id)
        self.leads_by_customer_id = crm.LeadsByCustomerIdLoader(
            lead_scope(actor) if actor is not None and tenant_id is not None else None
        )
        self.visible_customer_by_id = crm.VisibleCustomerByIdLoader(
            customer_scope(actor) if actor is not None and tenant_id is not None else None
        )
        self.actions_by_meeting_id = ActionsByMeetingIdLoader(tenant_id)
