"""Consultants' personal success plans: the one-to-one a manager holds with a
consultant whose lead management is weak, and the plan they write."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from saas.models.base import StoreModel


class SuccessPlan(StoreModel):
    """One one-to-one and the consultant's personal success plan written in
    it: the figures that prompted it (as they were), goals, actions (each
    with a due date and when it was done), a review date, and its review:
    active -> reviewed (with a next review) ... -> closed."""

    consultant_id = fields.BigIntField()
    # Who held the one-to-one and wrote the plan.
    manager_id = fields.BigIntField()
    # The ISO week of the one-to-one in the store's calendar ("2026-W49"),
    # and its Monday, for ranges and order.
    week = fields.CharField(max_length=8)
    week_start = fields.DateField()
    held_at = fields.DatetimeField()
    # The consultant's figures of the week that prompted the plan, frozen.
    figures: dict[str, Any] = fields.JSONField(default=dict)
    goals: list[str] = fields.JSONField(default=list)
    # [{"what", "due_on" (ISO date), "done_at" (ISO datetime or null), "done_by_id"}]
    actions: list[dict[str, Any]] = fields.JSONField(default=list)
    review_on = fields.DateField()
    status = fields.CharField(max_length=10)  # active reviewed closed
    outcome = fields.CharField(max_length=1000, null=True)
    reviewed_at = fields.DatetimeField(null=True)
    reviewed_by_id = fields.BigIntField(null=True)
    reviews = fields.IntField(default=0)
    version = fields.IntField(default=1)

    class Meta:
        table = "success_plan"
        unique_together = (("tenant_id", "id"), ("tenant_id", "consultant_id", "week_start"))
        indexes = (("tenant_id", "store_id", "week_start"),)
