"""Pool-leak soak: a thousand interleaved requests of two tenants over a pool
of two connections, some of them failing and rolling back: no response ever
carries the other tenant's data (the tenant setting never leaks through a
reused connection)."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from saas.settings import Settings
from saas.tenancy.roles import Role
from tests.factories import PASSWORD, make_group, make_store, make_user
from tests.net import free_port

pytestmark = pytest.mark.slow


async def test_a_thousand_interleaved_requests_never_cross_tenants(
    settings: Settings, tmp_path: Path
) -> None:
    codes = {}
    for name in ("ALPHA", "BETA"):
        group = await make_group(name)
        await make_store(group, f"{name}-1")
        await make_store(group, f"{name}-2")
        await make_user(f"admin@{name.lower()}.test", group=group, role=Role.GROUP_ADMIN)
        codes[name] = {f"{name}-1", f"{name}-2"}
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env |= {"DATABASE_URL": settings.database_url, "PORT": str(port), "DB_POOL_MAX_SIZE": "2",
            "RATE_LIMIT_USER_PER_MINUTE": "100000", "RATE_LIMIT_ANONYMOUS_PER_MINUTE": "100000"}  # fmt: skip
    saas = str(Path(sys.executable).with_name("saas"))
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [saas, "serve"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    await asyncio.sleep(0.05)
            tokens = {}
            for name in codes:
                login = {
                    "query": f'mutation {{ login(input: {{email: "admin@{name.lower()}.test", password: "{PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}'
                }
                tokens[name] = (await client.post("/graphql", json=login)).json()["data"]["login"][
                    "accessToken"
                ]
            rng = random.Random(7)
            seen: list[tuple[str, set[str]]] = []
            semaphore = asyncio.Semaphore(16)

            async def one(i: int) -> None:
                name = rng.choice(list(codes))
                headers = {"authorization": f"Bearer {tokens[name]}"}
                async with semaphore:
                    if i % 5 == 0:  # a failing mutation that rolls back (duplicate code)
                        body = {
                            "query": f'mutation {{ createStore(input: {{code: "{name}-1", name: "x", region: "r", city: "c"}}) {{ __typename }} }}'
                        }
                        answer = (await client.post("/graphql", json=body, headers=headers)).json()
                        assert answer["data"]["createStore"]["__typename"] == "ConflictError"
                        return
                    answer = (
                        await client.post(
                            "/graphql",
                            json={"query": "{ stores { nodes { code } } }"},
                            headers=headers,
                        )
                    ).json()
                seen.append((name, {n["code"] for n in answer["data"]["stores"]["nodes"]}))

            await asyncio.gather(*(one(i) for i in range(1000)))
            assert len(seen) == 800
            assert all(stores == codes[name] for name, stores in seen)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
