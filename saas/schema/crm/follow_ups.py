"""logFollowUp."""

from __future__ import annotations

from datetime import datetime

import strawberry

from saas import models
from saas.crm import follow_ups as service
from saas.schema.crm.types import FollowUp, FollowUpChannel, FunnelStage, IntentGrade, Lead
from saas.schema.described import described
from saas.schema.errors import (
    RefusedOrConflict,
    result_union,
)
from saas.schema.inputs import global_ids
from saas.schema.mutations import mutation
from saas.schema.permissions import requires


@strawberry.input(description="A contact with the customer about a lead.")
@described
class LogFollowUpInput:
    """
    Attributes:
        lead_id: The lead the contact was about (one you own or manage).
        channel: How the customer was contacted; a showroom visit triggers the thank-you reminder.
        content: What was discussed.
        happened_at: When the contact took place, with its UTC offset; not in the future. Default:
            now.
        result: The outcome in a few words.
        intent_grade: New grade, if it changed.
        stage: New stage, if it changed.
        next_follow_up_at: Required while the lead is open; must be in the future.
        next_follow_up_reason: Required with nextFollowUpAt.
    """

    lead_id: strawberry.ID
    channel: FollowUpChannel
    content: str
    happened_at: datetime | None = None
    result: str | None = None
    intent_grade: IntentGrade | None = None
    stage: FunnelStage | None = None
    next_follow_up_at: datetime | None = None
    next_follow_up_reason: str | None = None


@strawberry.type(description="The follow-up and the lead as it now stands.")
@described
class FollowUpLogged:
    """
    Attributes:
        follow_up: The follow-up as recorded.
        lead: The lead with its new grade, stage, due times and version.
    """

    follow_up: FollowUp
    lead: Lead


LogFollowUpResult = result_union(
    "LogFollowUpResult",
    FollowUpLogged | RefusedOrConflict,
    "The follow-up and the updated lead, or why nothing was saved.",
)


global_ids(LogFollowUpInput, lead_id="Lead")


def _logged(logged: tuple[models.FollowUp, models.Lead]) -> FollowUpLogged:
    follow_up, lead = logged
    return FollowUpLogged(follow_up=FollowUp.from_model(follow_up), lead=Lead.from_model(lead))


@strawberry.type
@described
class FollowUpMutations:
    """
    Attributes:
        log_follow_up: Log a follow-up; grade and stage changes and the next date go with it.
    """

    log_follow_up = mutation(
        LogFollowUpResult,
        requires("follow_up", "create"),
        input=(LogFollowUpInput, "The contact and what it changed."),
        run=service.log_follow_up,
        data=service.NewFollowUp,
        answer=_logged,
    )
