"""The weekly management meeting of a store and its continuous-improvement actions."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import StoreModel


class WeeklyMeeting(StoreModel):
    """A store's weekly management meeting for one ISO week (one per store and
    week): who held it and when, who attended, the week's analysis (the defects
    the managers found in the reports), and, once archived, the week's report
    figures frozen as they stood, so the archived analysis keeps its numbers."""

    # The Monday of the ISO week the meeting reviews.
    week_start = fields.DateField()
    held_at = fields.DatetimeField()
    held_by_id = fields.BigIntField(null=True)
    attendee_ids: list[int] = fields.JSONField(default=list)
    analysis = fields.TextField(default="")
    archived_at = fields.DatetimeField(null=True)
    archived_by_id = fields.BigIntField(null=True)
    # The week's figures as they stood when archived; null while open.
    figures: dict[str, object] | None = fields.JSONField(null=True)
    version = fields.IntField(default=1)

    class Meta:
        table = "weekly_meeting"
        unique_together = (("tenant_id", "id"), ("tenant_id", "store_id", "week_start"))
        indexes = (("tenant_id", "store_id", "held_at"),)


class MeetingAction(StoreModel):
    """One action of a meeting's improvement plan: the defect it addresses, the
    concrete measure that says it worked, its owner and deadline, and its status
    with the note, who and when of every change (`history`)."""

    meeting_id = fields.BigIntField()
    defect = fields.CharField(max_length=300)
    measure = fields.CharField(max_length=300)
    owner_id = fields.BigIntField()
    deadline = fields.DateField()
    # The end of the deadline's local day in the store's time zone: overdue after it.
    due_at = fields.DatetimeField()
    status = fields.CharField(max_length=12)  # open in_progress done dropped
    status_note = fields.CharField(max_length=500, default="")
    status_changed_at = fields.DatetimeField()
    status_changed_by_id = fields.BigIntField(null=True)
    # [{status, note, by, at}], oldest first: the follow-up of the action.
    history: list[dict[str, object]] = fields.JSONField(default=list)
    created_by_id = fields.BigIntField(null=True)
    # When its owner and the showroom manager were told it is overdue (once).
    overdue_notified_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=1)

    tenant_refs = {"meeting_id": "WeeklyMeeting"}

    class Meta:
        table = "meeting_action"
        unique_together = (("tenant_id", "id"),)
        indexes = (
            ("tenant_id", "meeting_id"),
            ("tenant_id", "owner_id", "status"),
            ("tenant_id", "status", "due_at"),
        )
