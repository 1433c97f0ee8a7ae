"""Reminder task mutations."""

from __future__ import annotations

import strawberry

from saas.aftersales import service
from saas.schema.aftersales.types import ReminderTask
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    result_union,
)
from saas.schema.inputs import global_ids
from saas.schema.mutations import mutation
from saas.schema.permissions import requires

ID = strawberry.ID


@strawberry.input(description="Mark a reminder done, with what came of it.")
@described
class CompleteTaskInput:
    """
    Attributes:
        task_id: One of your open reminder tasks.
        result: What came of it (required).
    """

    task_id: ID
    result: str


TaskResult = result_union(
    "TaskResult",
    ReminderTask | ValidationErrors | NotFoundError | ConflictError | ForbiddenError,
    "The task as saved, or why nothing was saved.",
)


global_ids(CompleteTaskInput, task_id="ReminderTask")


@strawberry.type
@described
class TaskMutations:
    """
    Attributes:
        complete_task: Mark one of your reminder tasks done.
    """

    complete_task = mutation(
        TaskResult,
        requires("notification", "read"),
        input=(CompleteTaskInput, "The task and what came of it."),
        run=service.complete_task,
        answer=ReminderTask.from_model,
    )
