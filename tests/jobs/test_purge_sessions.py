"""identity.purge_expired_sessions: through a real arq worker on Redis, and
through the in-process runner of embedded mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker

from saas.jobs.registry import JOBS
from saas.jobs.runner import JobRunner
from saas.jobs.schedule import cron_jobs
from saas.jobs.worker import WorkerSettings
from saas.models import RefreshToken
from saas.settings import Settings
from saas.tenancy.credentials import sha256
from tests.conftest import RUN_ID
from tests.factories import make_user


async def _tokens() -> None:
    user = await make_user("ann@platform.test")
    now = datetime.now(UTC)
    await RefreshToken.create(
        user_id=user.id, token_hash=sha256("old"), family="f1", expires_at=now - timedelta(days=1)
    )
    await RefreshToken.create(
        user_id=user.id, token_hash=sha256("live"), family="f2", expires_at=now + timedelta(days=1)
    )


async def test_a_real_arq_worker_runs_the_job_and_a_retry_changes_nothing(
    settings: Settings,
) -> None:
    await _tokens()
    redis_settings = RedisSettings.from_dsn(settings.redis_url or "")
    queue = f"saas-test-{RUN_ID}"
    pool = await create_pool(redis_settings, default_queue_name=queue)
    try:
        first = await pool.enqueue_job("identity.purge_expired_sessions", _queue_name=queue)
        second = await pool.enqueue_job("identity.purge_expired_sessions", _queue_name=queue)
        assert first is not None and second is not None
        worker = Worker(
            functions=WorkerSettings.functions,
            redis_settings=redis_settings,
            queue_name=queue,
            burst=True,
            poll_delay=0.05,
            handle_signals=False,
        )
        await worker.main()
        await worker.close()
        # Both ran; only one found anything to delete.
        assert sorted([await first.result(timeout=5), await second.result(timeout=5)]) == [0, 1]
    finally:
        await pool.delete(queue)
        await pool.aclose()
    assert await RefreshToken.all().values_list("token_hash", flat=True) == [sha256("live")]


async def test_the_embedded_runner_runs_the_same_job_on_schedule(settings: Settings) -> None:
    await _tokens()
    # (the same schedule `saas worker` and arq's CLI split between their two queues)
    assert {j.name for j in JobRunner(settings).jobs} == {j.name for j in cron_jobs()}
    runner = JobRunner(
        settings, [j for j in cron_jobs() if j.name == "identity.purge_expired_sessions"]
    )
    day = datetime(2026, 11, 22, tzinfo=UTC)
    assert await runner.run_due(day.replace(hour=3, minute=0)) == []
    assert await RefreshToken.all().count() == 2
    assert await runner.run_due(day.replace(hour=3, minute=18)) == [
        "identity.purge_expired_sessions"
    ]
    assert await RefreshToken.all().count() == 1
    # Not again until the next day's slot.
    assert await runner.run_due(day.replace(hour=3, minute=30)) == []


def test_every_job_is_registered_with_a_domain_event_name() -> None:
    names = {f.name for f in WorkerSettings.functions}
    assert names == set(JOBS)
    assert all("." in name for name in names)
