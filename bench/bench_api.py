"""Latency of authenticated GraphQL requests through the whole stack (auth
middleware, casbin, transaction, resolvers) on the embedded SQLite default or
on PostgreSQL (`DATABASE_URL=postgres://...`).

    .venv/bin/python bench/bench_api.py [--requests 500]

Prints requests per second and latency percentiles; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time

import httpx

from saas.app import create_app
from saas.db import close_db, init_db
from saas.demo import DEMO_PASSWORD, seed_demo
from saas.migrate import migrate
from saas.settings import Settings
from saas.tenancy.rls import system_transaction

QUERY = """{ me { user { email } roles { role store { code } } }
  stores(first: 20) { totalCount nodes { code brands } } }"""
LOGIN = """mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { ... on Session { accessToken } } }"""


async def main(requests: int) -> None:
    tmp = tempfile.mkdtemp()
    url = os.environ.get("DATABASE_URL") or f"sqlite://{tmp}/bench.sqlite3"
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    await migrate(settings)
    await init_db(settings)
    async with system_transaction():
        await seed_demo()
    app = create_app(settings, run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        login = await client.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"email": "exec@eaststar.demo", "password": DEMO_PASSWORD},
            },
        )
        headers = {"authorization": f"Bearer {login.json()['data']['login']['accessToken']}"}
        for _ in range(20):  # warm-up
            await client.post("/graphql", json={"query": QUERY}, headers=headers)
        latencies = []
        started = time.perf_counter()
        for _ in range(requests):
            t0 = time.perf_counter()
            response = await client.post("/graphql", json={"query": QUERY}, headers=headers)
            latencies.append((time.perf_counter() - t0) * 1000)
            assert "errors" not in response.json()
        elapsed = time.perf_counter() - started
    await close_db()
    q = statistics.quantiles(latencies, n=100)
    print(f"database: {url.split('://')[0]}  requests: {requests}  sequential, one client")
    print(f"throughput: {requests / elapsed:.0f} req/s")
    print(
        f"latency ms: p50 {q[49]:.2f}  p95 {q[94]:.2f}  p99 {q[98]:.2f}  max {max(latencies):.2f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    asyncio.run(main(parser.parse_args().requests))
