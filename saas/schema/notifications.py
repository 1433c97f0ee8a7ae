"""In-app notifications of the signed-in user."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry

from saas import models
from saas.notify import service
from saas.notify.shown import with_global_ids
from saas.schema.described import described
from saas.schema.errors import WithoutSavepoint
from saas.schema.errors import safe_id as _safe
from saas.schema.mutations import mutation
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import Arg, listing
from saas.schema.relay import Node, from_row
from saas.tenancy.actor import Actor


@strawberry.type(
    description="A notification for you (SLA warnings, overdue follow-ups, morning list, "
    "reminders, overdue meeting actions, weeks without a one-to-one...)."
)
@described
class Notification(Node):
    """
    Attributes:
        kind: What it is about: sla_warning, sla_breach (an OEM lead's first-contact deadline),
            cadence_overdue, morning_list, thank_you (follow-ups), reminder_maintenance,
            reminder_insurance_renewal, reminder_birthday, reminder_anniversary,
            reminder_win_back (after-sales reminder tasks), complaint_escalated,
            meeting_action_overdue (a weekly-meeting action past its deadline),
            one_to_one_missing (a week without a one-to-one in the store), webhook_disabled,
            report_ready (data: report_run_id or export_id; its files' signed links are on the
            run).
        title: One-line headline to show.
        body: The message text.
        data: JSON with the global ids of what to open, e.g. {"lead_id": "TGVhZDoxMg=="}.
        created_at: When it was sent (UTC, ISO-8601).
        read_at: When you marked it read (UTC); null while unread.
    """

    kind: str
    title: str
    body: str
    data: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_model(cls, n: models.Notification) -> Notification:
        return from_row(cls, n, data=json.dumps(with_global_ids(n.data or {})))


@strawberry.input(description="Which notifications to mark read; none given = all of yours.")
@described
class MarkNotificationsReadInput:
    """
    Attributes:
        ids: The notifications to mark read; null or left out marks all of yours.
    """

    ids: list[strawberry.ID] | None = None


@strawberry.type(description="How many notifications were marked read.")
@described
class NotificationsMarkedRead:
    """
    Attributes:
        count: Notifications that changed from unread to read.
    """

    count: int


@strawberry.type
@described
class NotificationQueries:
    """
    Attributes:
        notifications: Your notifications, newest first.
    """

    notifications = listing(
        Notification,
        requires("notification", "read"),
        service.notifications_of,
        order=Order("id", descending=True),
        unread_only=Arg(bool, "Only unread ones.", False),
    )


async def _mark_notifications_read(
    actor: Actor, input: MarkNotificationsReadInput
) -> NotificationsMarkedRead:
    ids = (
        None
        if input.ids is None
        else [n for n in (_safe(i, "Notification") for i in input.ids) if n is not None]
    )
    return NotificationsMarkedRead(count=await service.mark_read(actor, ids))


@strawberry.type
@described
class NotificationMutations:
    """
    Attributes:
        mark_notifications_read: Mark your notifications read.
    """

    mark_notifications_read = mutation(
        NotificationsMarkedRead,
        [*requires("notification", "read"), WithoutSavepoint()],
        input=(MarkNotificationsReadInput, "Which notifications to mark read."),
        steps=_mark_notifications_read,
    )
