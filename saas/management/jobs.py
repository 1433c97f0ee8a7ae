"""The management loop's jobs: overdue improvement actions."""

from __future__ import annotations

from saas.jobqueue import concat, sweep
from saas.management.meetings import notify_overdue_actions

# Hourly: actions of the weekly meetings still open past their deadline notify
# their owner and the store's showroom managers, once per action.
management_overdue_actions = sweep(
    "management.overdue_actions", notify_overdue_actions, cron={"minute": {40}}, combine=concat
)
