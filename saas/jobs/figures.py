"""The figures read at scrape time: how much work waits (arq queues, the
job-request, domain-event and webhook-delivery outboxes) and how busy this
process's database pool is. Both the API's `/metrics` and the worker's call
`metrics_text`, so either process can be scraped for them."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from saas.db import db
from saas.jobs.submit import bulk_queue
from saas.observability import (
    DB_POOL,
    FIGURES_FAILED,
    OUTBOX_OLDEST_AGE,
    OUTBOX_PENDING,
    QUEUE_DEPTH,
    exposition,
)
from saas.settings import Settings
from saas.tenancy.rls import system_transaction

log = logging.getLogger("saas.metrics")

# outbox -> (table, the condition of a waiting row); read across tenants.
OUTBOXES = {
    # A dealer group's requests and the platform's, in two tables.
    "job_request": (
        "(SELECT created_at, enqueued_at FROM job_request UNION ALL "
        "SELECT created_at, enqueued_at FROM platform_job_request) AS requests",
        "enqueued_at IS NULL",
    ),
    "domain_event": ("domain_event", "fanned_out_at IS NULL"),
    # A dealer group's deliveries and an OEM's.
    "webhook_delivery": (
        "(SELECT created_at, status FROM webhook_delivery UNION ALL "
        "SELECT created_at, status FROM oem_webhook_delivery) AS deliveries",
        "status = 'pending'",
    ),
}
# A scrape must answer even when PostgreSQL or Redis does not.
FIGURES_TIMEOUT_SECONDS = 2.0


async def metrics_text(settings: Settings, redis: Any = None) -> bytes:
    """Refresh the gauges, then render every metric of this process. `redis`
    is a client the caller already holds (the worker's arq pool); without one
    and with REDIS_URL set, a short-lived one is opened."""
    await _pool_figures()
    try:
        await asyncio.wait_for(_outbox_figures(), FIGURES_TIMEOUT_SECONDS)
    except Exception as exc:  # the gauges keep their last values; the scrape still answers
        FIGURES_FAILED.labels("database").inc()
        log.warning("outbox figures unavailable: %s", type(exc).__name__)
    if settings.redis_url:
        try:
            await asyncio.wait_for(_queue_figures(settings, redis), FIGURES_TIMEOUT_SECONDS)
        except Exception as exc:
            FIGURES_FAILED.labels("redis").inc()
            log.warning("queue figures unavailable: %s", type(exc).__name__)
    return exposition()


async def _outbox_figures() -> None:
    now = datetime.now(UTC)
    async with system_transaction() as conn:
        for outbox, (table, waiting) in OUTBOXES.items():
            rows = await conn.execute_query_dict(
                f"SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM {table} WHERE {waiting}"
            )
            count, oldest = rows[0]["n"], rows[0]["oldest"]
            OUTBOX_PENDING.labels(outbox).set(count)
            OUTBOX_OLDEST_AGE.labels(outbox).set(_age(oldest, now))


def _age(oldest: Any, now: datetime) -> float:
    if oldest is None:
        return 0.0
    if isinstance(oldest, str):  # SQLite answers text
        oldest = datetime.fromisoformat(oldest)
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    waited: float = (now - oldest).total_seconds()
    return max(waited, 0.0)


async def _queue_figures(settings: Settings, redis: Any) -> None:
    owned = redis is None
    if owned:
        # Only with REDIS_URL set: the embedded mode never loads redis.
        import redis.asyncio as redis_asyncio

        assert settings.redis_url is not None
        redis = redis_asyncio.Redis.from_url(
            settings.redis_url, socket_timeout=1, socket_connect_timeout=1
        )
    try:
        for queue in (settings.job_queue, bulk_queue(settings.job_queue)):
            QUEUE_DEPTH.labels(queue).set(await redis.zcard(queue))
    finally:
        if owned:
            await redis.aclose()


async def _pool_figures() -> None:
    """asyncpg's pool, when the database is PostgreSQL (SQLite has none)."""
    pool = getattr(db(), "_pool", None)
    if pool is None or not hasattr(pool, "get_size"):
        return
    size, idle = pool.get_size(), pool.get_idle_size()
    DB_POOL.labels("open").set(size)
    DB_POOL.labels("idle").set(idle)
    DB_POOL.labels("in_use").set(size - idle)
    DB_POOL.labels("max").set(pool.get_max_size())
