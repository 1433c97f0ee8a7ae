"""arq worker settings: `saas worker` (or `arq saas.jobs.worker.WorkerSettings`)."""

from __future__ import annotations

import os
from datetime import UTC
from typing import Any, ClassVar

from arq import func
from arq.connections import RedisSettings

from saas.db import close_db, init_db
from saas.jobs.functions import JOBS
from saas.jobs.schedule import cron_jobs
from saas.settings import get_settings


async def startup(ctx: dict[str, Any]) -> None:
    await init_db(get_settings())


async def shutdown(ctx: dict[str, Any]) -> None:
    await close_db()


def redis_settings() -> RedisSettings:
    url = get_settings().redis_url
    if not url:
        raise RuntimeError(
            "REDIS_URL is not set: the worker needs Redis (embedded mode runs jobs in `saas serve`)"
        )
    return RedisSettings.from_dsn(url)


class WorkerSettings:
    functions: ClassVar[list[Any]] = [func(fn, name=name) for name, fn in JOBS.items()]
    cron_jobs: ClassVar[list[Any]] = cron_jobs()
    on_startup = staticmethod(startup)
    on_shutdown = staticmethod(shutdown)
    max_tries = 5
    job_timeout = 600
    queue_name = get_settings().job_queue
    timezone = UTC  # cron times are UTC, as in the in-process runner
    redis_settings: ClassVar[RedisSettings | None] = (
        RedisSettings.from_dsn(os.environ["REDIS_URL"]) if os.environ.get("REDIS_URL") else None
    )
