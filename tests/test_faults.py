"""PostgreSQL or Redis going away and coming back, without restarting the
service. Each is reached through a TCP proxy on loopback that the test cuts
and restores; the shared servers themselves are never touched.

- PostgreSQL away: requests fail fast with a clear error; then it recovers.
- Redis away: the API keeps serving, rate limits fall back to in-process, job
  requests wait in the database and reach the workers once Redis returns."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from arq.connections import ArqRedis, RedisSettings
from arq.worker import Worker

from saas.jobs.arq_pool import environment
from saas.jobs.worker import WorkerSettings
from saas.models import JobRequest, Notification
from saas.settings import Settings
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.factories import PASSWORD, gid, make_group, make_lead, make_store, make_user
from tests.net import free_port

pytestmark = pytest.mark.slow


class Proxy:
    """Forwards a local port to PostgreSQL until `cut()` closes everything."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.port, self.target = port, target
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(
            self._handle, "127.0.0.1", self.port, reuse_address=True
        )

    async def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.close()
        await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self.writers |= {writer, up_writer}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(
            pipe(reader, up_writer), pipe(up_reader, writer), return_exceptions=True
        )


def serve(tmp_path: Path, **env: str) -> tuple[subprocess.Popen[bytes], str]:
    """`saas serve` as a real process with these settings; returns it and its URL."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    environ |= env | {"PORT": str(port)}
    saas = str(Path(sys.executable).with_name("saas"))
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [saas, "serve"], env=environ, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
        )
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


async def _until_ready(client: httpx.AsyncClient) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if (await client.get("/readyz")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.05)
    raise AssertionError("the service did not become ready")


def _login_query(email: str) -> dict[str, str]:
    return {
        "query": f'mutation {{ login(input: {{email: "{email}", password: "{PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}'
    }


async def test_postgres_down_fails_fast_and_recovers(settings: Settings, tmp_path: Path) -> None:
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    url = urlsplit(settings.database_url)
    proxy = Proxy(free_port(), (url.hostname or "127.0.0.1", url.port or 5432))
    await proxy.start()
    process, base = serve(
        tmp_path,
        DATABASE_URL=f"postgres://{url.username}:{url.password}@127.0.0.1:{proxy.port}{url.path}",
    )
    login = _login_query("admin@a.test")
    try:
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            await _until_ready(client)
            token = (await client.post("/graphql", json=login)).json()["data"]["login"][
                "accessToken"
            ]
            me = {"query": "{ me { user { email } } }"}
            auth = {"authorization": f"Bearer {token}"}

            await proxy.cut()
            started = time.monotonic()
            down = [await client.get("/readyz"), await client.post("/graphql", json=login),
                    await client.post("/graphql", json=me, headers=auth)]  # fmt: skip
            assert time.monotonic() - started < 5  # fails fast, no hanging requests
            assert [r.status_code for r in down] == [503, 503, 503]
            assert {r.json()["errors"][0]["extensions"]["code"] for r in down[1:]} == {
                "SERVICE_UNAVAILABLE"
            }
            # The caller's account could not be read: answered as the
            # authentication middleware answers an outage.
            assert down[2].headers["content-type"] == "application/json"
            assert down[2].json() == {
                "data": None,
                "errors": [
                    {
                        "message": "the database is unavailable; try again in a moment",
                        "extensions": {"code": "SERVICE_UNAVAILABLE"},
                    }
                ],
            }

            await proxy.start()  # PostgreSQL is back; the service recovers by itself
            for _ in range(40):
                try:
                    answer = await client.post("/graphql", json=me, headers=auth)
                    if answer.status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.25)
            assert answer.json() == {"data": {"me": {"user": {"email": "admin@a.test"}}}}
            assert (await client.get("/readyz")).status_code == 200
    finally:
        stop(process)
        await proxy.cut()


VISIT = """mutation($lead: ID!) { logFollowUp(input: {leadId: $lead, channel: SHOWROOM_VISIT,
    content: "came to see the car", nextFollowUpAt: "2031-01-01T10:00:00+08:00",
    nextFollowUpReason: "quote"}) { __typename } }"""


async def test_redis_down_keeps_serving_and_jobs_wait_for_it(
    settings: Settings, tmp_path: Path
) -> None:
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    leads = [(await make_lead(ann, store, phone=f"138000000{i:02d}")).lead for i in range(2)]
    redis_url = urlsplit(settings.redis_url or "")
    proxy = Proxy(free_port(), (redis_url.hostname or "127.0.0.1", redis_url.port or 6379))
    await proxy.start()
    queue = f"{settings.job_queue}-faults"
    limit = 12
    process, base = serve(
        tmp_path,
        DATABASE_URL=settings.database_url,
        REDIS_URL=f"redis://127.0.0.1:{proxy.port}/0",
        JOB_QUEUE=queue,
        RATE_LIMIT_USER_PER_MINUTE=str(limit),
    )
    direct = ArqRedis.from_url(settings.redis_url or "")
    try:
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            await _until_ready(client)
            assert (await client.get("/readyz")).json()["redis"] == "ok"
            login = (await client.post("/graphql", json=_login_query("ann@a.test"))).json()
            auth = {"authorization": f"Bearer {login['data']['login']['accessToken']}"}

            async def visit(lead_id: int) -> httpx.Response:
                body = {"query": VISIT, "variables": {"lead": gid("Lead", lead_id)}}
                return await client.post("/graphql", json=body, headers=auth)

            # Redis up: the thank-you job for the visit is handed to arq at once.
            assert (await visit(leads[0].id)).json()["data"]["logFollowUp"][
                "__typename"
            ] == "FollowUpLogged"
            # (with the webhook deliveries of the visit's lead events)
            assert await _eventually(lambda: _queued(direct, queue), 1)
            handed_over = await _queued(direct, queue)

            await proxy.cut()
            started = time.monotonic()
            ready = await client.get("/readyz")
            assert ready.status_code == 200 and ready.json()["redis"].startswith("unavailable")
            # The API keeps serving; the visit is saved and its job waits in the database.
            assert (await visit(leads[1].id)).json()["data"]["logFollowUp"][
                "__typename"
            ] == "FollowUpLogged"
            me = {"query": "{ me { user { email } } }"}
            answers = [
                await client.post("/graphql", json=me, headers=auth) for _ in range(limit + 2)
            ]
            assert time.monotonic() - started < 10  # no request hangs on the missing Redis
            codes = [a.status_code for a in answers]
            # Rate limiting went on in-process (its own count starts at the outage).
            assert codes[: limit - 1] == [200] * (limit - 1) and codes[-1] == 429, codes
            assert int(answers[-1].headers["retry-after"]) >= 1
            async with system_transaction():
                pending = await JobRequest.filter(enqueued_at=None).values_list("name", flat=True)
            assert "crm.thank_you" in pending
            assert await _queued(direct, queue) == handed_over

            await proxy.start()  # Redis is back; the worker's dispatch cron hands the job over
            worker = Worker(functions=WorkerSettings.functions, redis_settings=RedisSettings.from_dsn(settings.redis_url or ""),
                            queue_name=queue, burst=True, poll_delay=0.05, handle_signals=False)  # fmt: skip
            with environment(queue):  # the API's environment: its keys start with JOB_QUEUE
                await direct.enqueue_job("jobs.dispatch", _queue_name=queue)
                await worker.main()
            await worker.close()
            async with system_transaction():
                assert await JobRequest.filter(enqueued_at=None).count() == 0
                thanked = await Notification.filter(kind="thank_you").values_list("data", flat=True)
            # One thank-you per visit: the one from before the outage and the one that waited.
            assert sorted(d["customer_id"] for d in thanked) == sorted(
                lead.customer_id for lead in leads
            )
            assert (await client.get("/readyz")).json()["redis"] == "ok"
    finally:
        stop(process)
        await proxy.cut()
        await direct.delete(queue)
        await direct.aclose()


async def _queued(redis: ArqRedis, queue: str) -> int:
    return int(await redis.zcard(queue))


async def _eventually(probe: Callable[[], Awaitable[int]], at_least: int) -> bool:
    for _ in range(40):
        if await probe() >= at_least:
            return True
        await asyncio.sleep(0.1)
    return False
