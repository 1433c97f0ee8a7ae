"""After-sales reads: vehicles, complaints, reminder tasks, the customer
timeline and survey averages."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from saas.aftersales import service
from saas.aftersales.timeline import timeline
from saas.errors import SaasError
from saas.schema.aftersales.types import (
    Complaint,
    ReminderTask,
    SurveyAverage,
    TimelineEntry,
    Vehicle,
)
from saas.schema.context import Info
from saas.schema.crm.messages import CustomerMessage
from saas.schema.described import described
from saas.schema.errors import as_id, parse_id
from saas.schema.limits import MaxItems
from saas.schema.pagination import (
    DEFAULT_PAGE_SIZE,
    Connection,
    Order,
    Page,
    check_first,
    paged,
    paginate_list,
)
from saas.schema.permissions import requires
from saas.schema.reads import Arg, listing
from saas.schema.relay import from_row, optional_global_id, to_global_id

ID = strawberry.ID

# The type of the object each kind of timeline entry is about.
_TIMELINE_TYPES = {
    "lead": "Lead",
    "follow_up": "FollowUp",
    "test_drive": "TestDrive",
    "order": "Order",
    "delivery": "Order",
    "order_cancelled": "Order",
    "vehicle": "Vehicle",
    "service": "ServiceRecord",
    "insurance": "InsurancePolicy",
    "complaint": "Complaint",
    "survey": "Survey",
    "message": "CustomerMessage",
}


def _timeline_object_id(kind: str, object_id: int, customer_id: ID) -> ID:
    """The global id of what an entry is about; tags have no id of their
    own, so a tag entry names its customer."""
    type_name = _TIMELINE_TYPES.get(kind)
    return customer_id if type_name is None else to_global_id(type_name, object_id)


@strawberry.type
@described
class AftersalesQueries:
    """
    Attributes:
        my_tasks: Your reminder tasks, soonest first.
    """

    @strawberry.field(
        description="Vehicles a customer owns.",
        extensions=requires("customer", "read"),
        directives=[MaxItems(count=100)],
    )
    async def vehicles(
        self,
        info: Info,
        customer_id: Annotated[ID, strawberry.argument(description="The customer.")],
    ) -> list[Vehicle]:
        try:
            rows = await service.vehicles_of(
                info.context.require_actor(), as_id(customer_id, "Customer")
            )
        except (SaasError, ValueError):
            return []
        return [Vehicle.from_model(v) for v in rows]

    @strawberry.field(
        description="Complaints of your stores: A-tier customers first, then oldest first.",
        extensions=requires("customer", "read"),
    )
    async def complaints(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description="Page size, 1 to 100.")
        ] = DEFAULT_PAGE_SIZE,
        open_only: Annotated[
            bool, strawberry.argument(description="Only open or in progress.")
        ] = True,
    ) -> list[Complaint]:
        check_first(first)
        qs = service.complaints_of(info.context.require_actor())
        if open_only:
            qs = qs.filter(status__in=["open", "in_progress"])
        return [
            Complaint.from_model(c)
            for c in await qs.order_by("priority", "created_at", "id").limit(first)
        ]

    my_tasks = listing(
        ReminderTask,
        requires("notification", "read"),
        service.tasks_of,
        order=Order("id"),
        open_only=Arg(bool, "Only open tasks.", True),
    )

    @strawberry.field(
        description="Everything that happened to a customer, newest first.",
        extensions=requires("customer", "read"),
    )
    @paged
    async def customer_timeline(
        self,
        info: Info,
        customer_id: Annotated[ID, strawberry.argument(description="The customer.")],
        page: Page,
    ) -> Connection[TimelineEntry]:
        try:
            entries = await timeline(info.context.require_actor(), as_id(customer_id, "Customer"))
        except (SaasError, ValueError):
            entries = []
        return paginate_list(
            entries,
            page,
            lambda e: TimelineEntry(
                at=e.at,
                kind=e.kind,
                summary=e.summary,
                object_id=_timeline_object_id(e.kind, e.object_id, customer_id),
                message=CustomerMessage.from_model(e.message) if e.message else None,
            ),
        )

    @strawberry.field(
        description="Average survey scores per consultant and for the store.",
        extensions=requires("report", "read"),
        directives=[MaxItems(count=200)],
    )
    async def survey_averages(
        self,
        info: Info,
        store_id: Annotated[ID, strawberry.argument(description="The store.")],
        from_: Annotated[date, strawberry.argument(name="from", description="First local day.")],
        to: Annotated[date, strawberry.argument(description="Local day after the last one.")],
    ) -> list[SurveyAverage]:
        try:
            rows = await service.survey_averages(
                info.context.require_actor(), parse_id(store_id, "storeId", "Store"), from_, to
            )
        except SaasError:
            return []
        return [
            from_row(
                SurveyAverage, r, consultant_id=optional_global_id("User", r.consultant_id or None)
            )
            for r in rows
        ]
