"""Personal success plans' job: the showroom managers hear of a week in which
their store held no one-to-one."""

from __future__ import annotations

from saas.jobqueue import concat, sweep
from saas.management.coaching import notify_weeks_without_one_to_one

# Hourly, so that each store's Monday comes in its own time zone: the stores
# whose last week had no one-to-one (each notified once).
coaching_week_without_one_to_one = sweep(
    "coaching.week_without_one_to_one",
    notify_weeks_without_one_to_one,
    cron={"minute": {15}},
    combine=concat,
)
