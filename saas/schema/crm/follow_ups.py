"""logFollowUp."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from saas.crm import follow_ups as service
from saas.schema.context import Info
from saas.schema.crm.types import FollowUp, FollowUpChannel, FunnelStage, IntentGrade, Lead
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
)
from saas.schema.inputs import global_ids, to_args
from saas.schema.permissions import requires


@strawberry.input(description="A contact with the customer about a lead.")
class LogFollowUpInput:
    lead_id: strawberry.ID = strawberry.field(
        description="The lead the contact was about (one you own or manage)."
    )
    channel: FollowUpChannel = strawberry.field(
        description="How the customer was contacted; a showroom visit triggers the thank-you "
        "reminder."
    )
    content: str = strawberry.field(description="What was discussed.")
    happened_at: datetime | None = strawberry.field(
        default=None,
        description="When the contact took place, with its UTC offset; not in the future. "
        "Default: now.",
    )
    result: str | None = strawberry.field(default=None, description="The outcome in a few words.")
    intent_grade: IntentGrade | None = strawberry.field(
        default=None, description="New grade, if it changed."
    )
    stage: FunnelStage | None = strawberry.field(
        default=None, description="New stage, if it changed."
    )
    next_follow_up_at: datetime | None = strawberry.field(
        default=None, description="Required while the lead is open; must be in the future."
    )
    next_follow_up_reason: str | None = strawberry.field(
        default=None, description="Required with nextFollowUpAt."
    )


@strawberry.type(description="The follow-up and the lead as it now stands.")
class FollowUpLogged:
    follow_up: FollowUp = strawberry.field(description="The follow-up as recorded.")
    lead: Lead = strawberry.field(
        description="The lead with its new grade, stage, due times and version."
    )


LogFollowUpResult = Annotated[
    FollowUpLogged | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union(
        "LogFollowUpResult",
        description="The follow-up and the updated lead, or why nothing was saved.",
    ),
]


global_ids(LogFollowUpInput, lead_id="Lead")


@strawberry.type
class FollowUpMutations:
    @strawberry.mutation(
        description="Log a follow-up; grade and stage changes and the next date go with it.",
        extensions=requires("follow_up", "create"),
    )
    async def log_follow_up(
        self,
        info: Info,
        input: Annotated[
            LogFollowUpInput, strawberry.argument(description="The contact and what it changed.")
        ],
    ) -> LogFollowUpResult:
        actor = info.context.require_actor()
        new = to_args(input, service.NewFollowUp)
        follow_up, lead = await service.log_follow_up(actor, new)
        return FollowUpLogged(follow_up=FollowUp.from_model(follow_up), lead=Lead.from_model(lead))
