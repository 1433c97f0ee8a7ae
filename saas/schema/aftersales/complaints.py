"""Complaint mutations: take one in and move it on."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.aftersales import service
from saas.schema.aftersales.types import Complaint
from saas.schema.context import Info
from saas.schema.errors import ForbiddenError, NotFoundError, ValidationErrors
from saas.schema.inputs import global_ids, to_args
from saas.schema.permissions import requires

ID = strawberry.ID


@strawberry.input(description="A complaint received through any channel.")
class OpenComplaintInput:
    customer_id: ID = strawberry.field(description="The customer who complains.")
    channel: str = strawberry.field(description="e.g. phone, wechat, showroom, oem_hotline.")
    severity: str = strawberry.field(description="low, medium, high or critical.")
    description: str = strawberry.field(
        description="The complaint in the customer's words (required)."
    )


@strawberry.input(description="Move a complaint on; resolving or closing needs a resolution.")
class MoveComplaintInput:
    complaint_id: ID = strawberry.field(description="The complaint to move.")
    status: str = strawberry.field(description="in_progress, resolved or closed.")
    resolution: str | None = strawberry.field(
        default=None,
        description="How it was resolved; required when resolving or closing, unless already "
        "given.",
    )
    owner_id: ID | None = strawberry.field(
        default=None, description="Hand the complaint to this user; null keeps the owner."
    )


ComplaintResult = Annotated[
    Complaint | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union(
        "ComplaintResult", description="The complaint as saved, or why nothing was saved."
    ),
]


global_ids(OpenComplaintInput, customer_id="Customer")
global_ids(MoveComplaintInput, complaint_id="Complaint", owner_id="User")


@strawberry.type
class ComplaintMutations:
    @strawberry.mutation(
        description="Take in a complaint.", extensions=requires("customer", "update")
    )
    async def open_complaint(
        self,
        info: Info,
        input: Annotated[
            OpenComplaintInput, strawberry.argument(description="The customer and the complaint.")
        ],
    ) -> ComplaintResult:
        actor = info.context.require_actor()
        return Complaint.from_model(await to_args(input, service.open_complaint, actor))

    @strawberry.mutation(
        description="Move a complaint on (in progress, resolved, closed).",
        extensions=requires("customer", "update"),
    )
    async def move_complaint(
        self,
        info: Info,
        input: Annotated[
            MoveComplaintInput, strawberry.argument(description="The complaint and its new status.")
        ],
    ) -> ComplaintResult:
        actor = info.context.require_actor()
        return Complaint.from_model(await to_args(input, service.move_complaint, actor))
