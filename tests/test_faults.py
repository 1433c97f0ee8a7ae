"""PostgreSQL going away and coming back: requests fail fast with a clear
error while it is down, and the service recovers by itself, without a
restart. The database is reached through a TCP proxy the test cuts."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from saas.settings import Settings
from saas.tenancy.roles import Role
from tests.factories import PASSWORD, make_group, make_user
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


async def test_postgres_down_fails_fast_and_recovers(settings: Settings, tmp_path: Path) -> None:
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    url = urlsplit(settings.database_url)
    proxy = Proxy(free_port(), (url.hostname or "127.0.0.1", url.port or 5432))
    await proxy.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env |= {
        "DATABASE_URL": f"postgres://{url.username}:{url.password}@127.0.0.1:{proxy.port}{url.path}",
        "PORT": str(port),
    }
    saas = str(Path(sys.executable).with_name("saas"))
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [saas, "serve"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    login = {
        "query": f'mutation {{ login(input: {{email: "admin@a.test", password: "{PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}'
    }
    try:
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    await asyncio.sleep(0.3)
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
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        await proxy.cut()
