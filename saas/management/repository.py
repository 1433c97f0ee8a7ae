"""Where the weekly meetings and their actions are queried."""

from __future__ import annotations

from typing import ClassVar

from saas.models import MeetingAction, WeeklyMeeting
from saas.tenancy.scoped import TenantRepository


class WeeklyMeetingRepository(TenantRepository[WeeklyMeeting]):
    """The group's weekly meetings, by store."""


class MeetingActionRepository(TenantRepository[MeetingAction]):
    # A consultant sees (and moves) the actions it owns.
    owner_column: ClassVar[str | None] = "owner_id"
