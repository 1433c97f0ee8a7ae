"""Complaint mutations: take one in and move it on."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.aftersales import service
from saas.schema.aftersales.types import Complaint
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.errors import ForbiddenError, NotFoundError, ValidationErrors
from saas.schema.inputs import global_ids, to_args
from saas.schema.permissions import requires

ID = strawberry.ID


@strawberry.input(description="A complaint received through any channel.")
@described
class OpenComplaintInput:
    """
    Attributes:
        customer_id: The customer who complains.
        channel: e.g. phone, wechat, showroom, oem_hotline.
        severity: low, medium, high or critical.
        description: The complaint in the customer's words (required).
    """

    customer_id: ID
    channel: str
    severity: str
    description: str


@strawberry.input(description="Move a complaint on; resolving or closing needs a resolution.")
@described
class MoveComplaintInput:
    """
    Attributes:
        complaint_id: The complaint to move.
        status: in_progress, resolved or closed.
        resolution: How it was resolved; required when resolving or closing, unless already given.
        owner_id: Hand the complaint to this user; null keeps the owner.
    """

    complaint_id: ID
    status: str
    resolution: str | None = None
    owner_id: ID | None = None


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
