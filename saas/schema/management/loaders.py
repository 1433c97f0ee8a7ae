"""Per-request DataLoaders of the management loop."""

from __future__ import annotations

from collections.abc import Sequence

from saas import models
from saas.management.meetings import actions_of_meetings
from saas.schema.crm.loaders import ListByKeyLoader


class ActionsByMeetingIdLoader(ListByKeyLoader[models.MeetingAction]):
    """Each meeting's actions, by deadline: one query for a page of meetings."""

    async def rows(
        self, tenant_id: int, meeting_ids: Sequence[int]
    ) -> list[list[models.MeetingAction]]:
        found = await actions_of_meetings(tenant_id, meeting_ids)
        return [found[m] for m in meeting_ids]
