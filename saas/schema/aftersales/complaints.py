"""Complaint mutations: take one in and move it on."""

from __future__ import annotations

import strawberry

from saas.aftersales import service
from saas.schema.aftersales.types import Complaint
from saas.schema.described import described
from saas.schema.errors import Refused, result_union
from saas.schema.inputs import global_ids
from saas.schema.mutations import mutation
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


ComplaintResult = result_union(
    "ComplaintResult", Complaint | Refused, "The complaint as saved, or why nothing was saved."
)


global_ids(OpenComplaintInput, customer_id="Customer")
global_ids(MoveComplaintInput, complaint_id="Complaint", owner_id="User")


@strawberry.type
@described
class ComplaintMutations:
    """
    Attributes:
        open_complaint: Take in a complaint.
        move_complaint: Move a complaint on (in progress, resolved, closed).
    """

    open_complaint = mutation(
        ComplaintResult,
        requires("customer", "update"),
        input=(OpenComplaintInput, "The customer and the complaint."),
        run=service.open_complaint,
        answer=Complaint.from_model,
    )

    move_complaint = mutation(
        ComplaintResult,
        requires("customer", "update"),
        input=(MoveComplaintInput, "The complaint and its new status."),
        run=service.move_complaint,
        answer=Complaint.from_model,
    )
