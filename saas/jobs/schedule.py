"""The cron schedule, shared by the arq worker and the in-process runner."""

from __future__ import annotations

from arq import cron
from arq.cron import CronJob

from saas.jobs.functions import JOBS


def cron_jobs() -> list[CronJob]:
    return [
        cron(
            JOBS["identity.purge_expired_sessions"],
            name="identity.purge_expired_sessions",
            hour={3},
            minute={17},
        ),
    ]
