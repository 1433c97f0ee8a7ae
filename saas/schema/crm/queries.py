"""Queries of the sales CRM: customers, leads, follow-ups, the catalogue."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from saas.crm import catalog, search
from saas.crm.access import tenant_of, visible_customer, visible_lead
from saas.crm.customers import customers_visible_to
from saas.crm.follow_ups import follow_ups_visible_to
from saas.crm.leads import leads_visible_to
from saas.schema.context import Info
from saas.schema.crm.types import (
    CreditRating,
    Customer,
    FollowUp,
    FollowUpChannel,
    FunnelStage,
    IntentGrade,
    Lead,
    LeadStatus,
    PurchasePotential,
    SourceChannel,
    VehicleModel,
)
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.inputs import global_ids, to_filter
from saas.schema.limits import MaxItems
from saas.schema.pagination import Connection, Order, Page, node_fields, paged, paginate
from saas.schema.permissions import authenticated, requires
from saas.schema.reads import conditions, listing, lookup
from saas.schema.relations import prime


@described_enum(
    description="Order of a list.",
    values={
        "NEWEST": "Most recently created first.",
        "OLDEST": "Earliest created first.",
        "DUE_SOONEST": "Leads only: the earliest due time (dueAt) first; leads without one "
        "(closed leads) are left out.",
    },
)
class ListOrder(Enum):
    NEWEST = "newest"
    OLDEST = "oldest"
    DUE_SOONEST = "due_soonest"


ORDERS = {
    ListOrder.NEWEST: Order("id", descending=True),
    ListOrder.OLDEST: Order("id"),
    ListOrder.DUE_SOONEST: Order("due_at"),
}


@strawberry.input(description="Narrow the lead list; all given conditions must hold.")
@described
class LeadFilter:
    """
    Attributes:
        store_id: Only leads of this store.
        owner_id: Only leads owned by this user.
        grades: Only leads with one of these intent grades.
        stages: Only leads at one of these funnel stages.
        statuses: Only leads with one of these statuses.
        source_channels: Only leads from one of these channels.
        due_before: Open leads due before this time.
        overdue: Open leads past their due time.
        created_from: Only leads created at or after this time (include the offset).
        created_to: Only leads created before this time (exclusive).
        search: Customer name, phone (any format) or archive number.
        campaign_id: Only leads taken in at this campaign.
        purchase_potential: Only leads whose customer is judged to have this purchase potential.
    """

    store_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = None
    grades: list[IntentGrade] | None = None
    stages: list[FunnelStage] | None = None
    statuses: list[LeadStatus] | None = None
    source_channels: list[SourceChannel] | None = None
    due_before: datetime | None = None
    overdue: bool | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str | None = None
    campaign_id: strawberry.ID | None = None
    purchase_potential: PurchasePotential | None = None


@strawberry.input(description="Narrow the customer list; all given conditions must hold.")
@described
class CustomerFilter:
    """
    Attributes:
        store_id: Only customers of this store.
        owner_id: Only customers owned by this consultant.
        city: Only customers of this city (exact match, at most 48 characters).
        tag: Only customers currently carrying this tag (exact match, at most 48 characters).
        value_tier: A, B or C.
        lifecycle: high_value, potential, general or lost.
        purchase_potential: Only customers judged to have this purchase potential.
        credit_rating: Only key customers with this credit rating.
        created_from: Only customers created at or after this time (include the offset).
        created_to: Only customers created before this time (exclusive).
        search: Name, phone (any format) or archive number.
    """

    store_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = None
    city: str | None = None
    tag: str | None = None
    value_tier: str | None = None
    lifecycle: str | None = None
    purchase_potential: PurchasePotential | None = None
    credit_rating: CreditRating | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str | None = None


@strawberry.input(description="Narrow the follow-up list.")
@described
class FollowUpFilter:
    """
    Attributes:
        lead_id: Only follow-ups of this lead.
        store_id: Only follow-ups in this store.
        user_id: Only follow-ups logged by this user.
        channel: Only follow-ups by this channel.
        happened_from: Only contacts at or after this time (include the offset).
        happened_to: Only contacts before this time (exclusive).
    """

    lead_id: strawberry.ID | None = None
    store_id: strawberry.ID | None = None
    user_id: strawberry.ID | None = None
    channel: FollowUpChannel | None = None
    happened_from: datetime | None = None
    happened_to: datetime | None = None


global_ids(LeadFilter, store_id="Store", owner_id="User", campaign_id="Campaign")
global_ids(CustomerFilter, store_id="Store", owner_id="User")
global_ids(FollowUpFilter, lead_id="Lead", store_id="Store", user_id="User")


@strawberry.type
@described
class CrmQueries:
    """
    Attributes:
        lead: One lead you may see, or null.
        customer: One customer you may see, or null.
        follow_ups: Follow-ups of the leads you may see, newest first.
    """

    @strawberry.field(
        description="Leads you may see: your own as a consultant, the store's as a manager, "
        "the group's as an executive.",
        extensions=requires("lead", "read"),
    )
    @paged
    async def leads(
        self,
        info: Info,
        page: Page,
        filter: Annotated[LeadFilter | None, strawberry.argument(description="Conditions.")] = None,
        order: Annotated[
            ListOrder, strawberry.argument(description="DUE_SOONEST lists open leads only.")
        ] = ListOrder.NEWEST,
    ) -> Connection[Lead]:
        actor = info.context.require_actor()
        qs = leads_visible_to(actor).query()
        if filter is not None:
            qs = search.filter_leads(qs, tenant_of(actor), to_filter(filter, search.LeadFilter))
        leads = await paginate(qs, page, Lead.from_model, ORDERS[order], display_rows=True)
        # The nested rows the selection asks for, loaded before the executor
        # walks the nodes: each node's field is then a plain value.
        rows = [edge.node._row for edge in leads.edges]
        await prime(info.context.loaders, "Lead", rows, node_fields(info))
        return leads

    lead = lookup(Lead, requires("lead", "read"), "The lead's id.", visible_lead)

    @strawberry.field(
        description="Customers you may see: your own as a consultant, the store's as a manager "
        "or customer admin, the group's as an executive. Merged archives are left out.",
        extensions=requires("customer", "read"),
    )
    @paged
    async def customers(
        self,
        info: Info,
        page: Page,
        filter: Annotated[
            CustomerFilter | None, strawberry.argument(description="Conditions.")
        ] = None,
        order: Annotated[
            ListOrder, strawberry.argument(description="NEWEST or OLDEST.")
        ] = ListOrder.NEWEST,
    ) -> Connection[Customer]:
        actor = info.context.require_actor()
        qs = search.filter_customers(
            customers_visible_to(actor).query(),
            tenant_of(actor),
            to_filter(filter, search.CustomerFilter),
        )
        sort = ORDERS[order] if order is not ListOrder.DUE_SOONEST else ORDERS[ListOrder.NEWEST]
        return await paginate(qs, page, Customer.from_model, sort)

    customer = lookup(
        Customer,
        requires("customer", "read"),
        "The customer's id.",
        visible_customer,
    )

    follow_ups = listing(
        FollowUp,
        requires("follow_up", "read"),
        lambda actor, filter: search.filter_follow_ups(follow_ups_visible_to(actor), filter),
        order=Order("id", descending=True),
        filter=conditions(FollowUpFilter, search.FollowUpFilter),
    )

    @strawberry.field(
        description="The vehicle catalogue.",
        extensions=authenticated(),
        directives=[MaxItems(count=1_000)],
    )
    async def vehicle_models(
        self,
        brand: Annotated[str | None, strawberry.argument(description="Only this brand.")] = None,
        series: Annotated[str | None, strawberry.argument(description="Only this series.")] = None,
    ) -> list[VehicleModel]:
        rows = await catalog.vehicle_models(brand, series).order_by("brand", "series", "name")
        return [VehicleModel.from_model(m) for m in rows]
