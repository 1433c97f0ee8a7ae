"""The cron schedule, shared by the arq worker and the in-process runner (UTC)."""

from __future__ import annotations

from arq import cron
from arq.cron import CronJob

from saas.jobs.functions import JOBS

EVERY_MINUTE = set(range(60))


def cron_jobs() -> list[CronJob]:
    def every(name: str, **when: object) -> CronJob:
        return cron(JOBS[name], name=name, **when)  # type: ignore[arg-type]

    return [
        every("sla.sweep", second={0}),
        every("jobs.dispatch", second={15}),
        every("notify.send_outbox", second={30}),
        every("webhooks.retry", second={50}),
        every("events.publish", second={40}),
        every("events.purge", hour={3}, minute={40}),
        every("crm.cadence_check", minute=set(range(0, 60, 10)), second={5}),
        every("crm.thank_you_sweep", minute=set(range(0, 60, 5)), second={45}),
        every("crm.morning_list", minute={0}, second={10}),
        every("identity.purge_expired_sessions", hour={3}, minute={17}),
        every("customers.classify", day={1}, hour={2}, minute={30}),
        every("aftersales.reminders", hour={0}, minute={20}),
        every("aftersales.escalate_complaints", minute={25, 55}),
    ]
