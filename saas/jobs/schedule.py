"""The cron schedule, shared by the arq worker and the in-process runner (UTC):
each job's `cron=` as its domain declares it, time-critical ones first (the
in-process runner runs the jobs due at one tick in this order)."""

from __future__ import annotations

from arq import cron
from arq.cron import CronJob

from saas.jobs.registry import JOBS, SPECS


def cron_jobs() -> list[CronJob]:
    return [
        cron(JOBS[name], name=name, **spec.cron)
        for name, spec in sorted(SPECS.items(), key=lambda item: item[1].queue != "critical")
        if spec.cron is not None
    ]
