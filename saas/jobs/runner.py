"""Embedded mode: run the cron schedule inside `saas serve` when there is no Redis."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from arq.cron import CronJob

from saas.jobs.schedule import cron_jobs
from saas.settings import Settings

log = logging.getLogger("saas.jobs")


class JobRunner:
    def __init__(self, settings: Settings, jobs: list[CronJob] | None = None) -> None:
        self.settings = settings
        self.jobs = jobs if jobs is not None else cron_jobs()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="saas-jobs")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run_due(self, now: datetime) -> list[str]:
        """Run every job whose next time has come; return their names."""
        ran = []
        for job in self.jobs:
            if job.next_run is None:
                job.calculate_next(now)
            if job.next_run is not None and job.next_run <= now:
                try:
                    await job.coroutine({"job_try": 1, "in_process": True})
                except Exception:
                    log.exception("in-process job %s failed", job.name)
                ran.append(job.name)
                job.calculate_next(now)
        return ran

    async def _loop(self) -> None:
        while True:
            await self.run_due(datetime.now(UTC))
            await asyncio.sleep(1)
