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

QUERIES = {
    "me+stores": """{ me { user { email } roles { role store { code } } }
  stores(first: 20) { totalCount nodes { code brands } } }""",
    "leads page of 50": """{ leads(first: 50, order: DUE_SOONEST) { totalCount nodes {
  id intentGrade stage dueAt overdue followUpCount
  customer { name phone archiveNo tags { tag } } owner { name } store { code }
  vehicleModel { name } lastFollowUp { content channel } } } }""",
}
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
                "variables": {"email": "showroom.pudong@eaststar.demo", "password": DEMO_PASSWORD},
            },
        )
        headers = {"authorization": f"Bearer {login.json()['data']['login']['accessToken']}"}
        results = {}
        for label, query in QUERIES.items():
            for _ in range(10):  # warm-up
                await client.post("/graphql", json={"query": query}, headers=headers)
            latencies = []
            started = time.perf_counter()
            for _ in range(requests):
                t0 = time.perf_counter()
                response = await client.post("/graphql", json={"query": query}, headers=headers)
                latencies.append((time.perf_counter() - t0) * 1000)
                assert "errors" not in response.json(), response.text
            results[label] = (time.perf_counter() - started, latencies)
    await close_db()
    print(
        f"database: {url.split('://')[0]}  requests per query: {requests}  sequential, one client"
    )
    for label, (elapsed, latencies) in results.items():
        q = statistics.quantiles(latencies, n=100)
        print(
            f"{label:>18}: {requests / elapsed:6.0f} req/s  p50 {q[49]:6.2f} ms  "
            f"p95 {q[94]:6.2f} ms  p99 {q[98]:6.2f} ms"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    asyncio.run(main(parser.parse_args().requests))
