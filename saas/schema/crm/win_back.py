"""Win-back: the queue of lost leads worth another try (winBackLeads) and
reopenLostLead, which puts one back in follow-up."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from typing import Annotated

import strawberry

from saas.crm import win_back as service
from saas.schema.context import Info
from saas.schema.crm.types import IntentGrade, Lead, LeadStatus, LostReason
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    RefusedOrConflict,
    member_for,
    result_union,
)
from saas.schema.inputs import global_ids, to_filter
from saas.schema.mutations import mutation
from saas.schema.pagination import Connection, Order, Page, paged, paginate, paginate_list
from saas.schema.permissions import requires


@member_for(service.LeadNotLost)
@strawberry.type(description="Only a lost lead can be reopened; nothing was changed.")
@described
class LeadNotLostError:
    """
    Attributes:
        message: What status the lead is in.
        status: The lead's status.
    """

    message: str
    status: LeadStatus


ReopenLostLeadResult = result_union(
    "ReopenLostLeadResult",
    Lead | LeadNotLostError | RefusedOrConflict,
    "The lead back in follow-up, or why nothing was changed.",
)


@strawberry.input(description="Put a lost lead back in follow-up (managers).")
@described
class ReopenLostLeadInput:
    """
    Attributes:
        lead_id: The lead, with status LOST.
        note: Why the lead is worth another try (required, kept in its history).
        owner_id: A new owner: an active consultant or manager of the lead's store, not the
            current owner. The customer goes along unless someone else owns them. Null keeps the
            owner.
        intent_grade: A new intent grade; null keeps the grade. The cadence starts anew from now
            either way: the first follow-up is due within the grade's first-contact time.
    """

    lead_id: strawberry.ID
    note: str
    owner_id: strawberry.ID | None = None
    intent_grade: IntentGrade | None = None


global_ids(ReopenLostLeadInput, lead_id="Lead", owner_id="User")


@strawberry.input(description="Narrow the win-back queue; all given conditions must hold.")
@described
class WinBackFilter:
    """
    Attributes:
        store_id: Only leads of this store.
        owner_id: Only leads owned by this user.
        reasons: Only leads lost for one of these reasons (of the winnable ones: PRICE,
            FINANCING_DECLINED, NO_LONGER_INTERESTED, and BOUGHT_COMPETITOR or BOUGHT_ELSEWHERE
            within 30 days of the loss).
        lost_within_days: Only leads lost at most this many days ago (1-730); the group's
            winBackDays setting (180 days unless tuned) when null.
    """

    store_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = None
    reasons: list[LostReason] | None = None
    lost_within_days: int | None = None


global_ids(WinBackFilter, store_id="Store", owner_id="User")


@described_enum(
    description="Order of the win-back queue.",
    values={
        "MOST_RECENT": "Most recently lost first.",
        "HIGHEST_VALUE": "The customer's value tier first (A, B, C, then not classified), then "
        "the budget (the lead's, else the customer's) highest first, then most recently lost.",
    },
)
class WinBackOrder(Enum):
    MOST_RECENT = "most_recent"
    HIGHEST_VALUE = "highest_value"


@strawberry.type
class WinBackQueries:
    @strawberry.field(
        description="Lost leads worth another try, most recently lost (or most valuable) first: "
        "lost within the window for a winnable reason, with no other lead of the customer being "
        "worked. Your own as a consultant, the store's as a manager, the group's as an "
        "executive.",
        extensions=requires("win_back", "read"),
    )
    @paged
    async def win_back_leads(
        self,
        info: Info,
        page: Page,
        filter: Annotated[
            WinBackFilter | None, strawberry.argument(description="Conditions.")
        ] = None,
        order: Annotated[
            WinBackOrder,
            strawberry.argument(
                description="MOST_RECENT, or HIGHEST_VALUE (the 5,000 most recently lost "
                "leads of the queue, ranked)."
            ),
        ] = WinBackOrder.MOST_RECENT,
    ) -> Connection[Lead]:
        actor = info.context.require_actor()
        conditions = to_filter(filter, service.WinBackFilter)
        if filter is not None and filter.reasons == []:
            # No reason at all is asked for: an empty queue, not every reason.
            conditions = replace(conditions, reasons=[])
        if order is WinBackOrder.HIGHEST_VALUE:
            ranked = await service.win_back_by_value(actor, conditions)
            return paginate_list(ranked, page, Lead.from_model)
        qs = await service.win_back_leads(actor, conditions)
        return await paginate(qs, page, Lead.from_model, Order("closed_at", descending=True))


@strawberry.type
@described
class WinBackMutations:
    """
    Attributes:
        reopen_lost_lead: Put a lost lead back in follow-up: open again, optionally with another
            owner and grade, its cadence planned anew from now. Only a lost lead can be reopened
            (LeadNotLostError otherwise).
    """

    reopen_lost_lead = mutation(
        ReopenLostLeadResult,
        requires("lead", "reopen"),
        input=(ReopenLostLeadInput, "The lead, why, and its owner and grade from now."),
        run=service.reopen_lost,
        answer=Lead.from_model,
    )
