"""The customer timeline (`CustomerTimeline`, as the demo frontend sends it by
its registered id) answered by the compiled statement and by the executor.

    BENCH_DATABASE=saas_bench_x .venv/bin/python bench/bench_timeline.py --scale small [--runs 200]

The showroom manager's busiest customer (most follow-ups, as
bench_statements.py picks it) is asked for its first page (20 entries) and a
later one (`after` the first page), in-process over ASGI (no HTTP server, no
load generator): two apps over the bench database as the application's role,
COMPILED_DOCUMENTS on and off, requests interleaved one by one. Every answer
pair is checked equal and its Server-Timing as expected before it counts.
Printed per page: the entries on the timeline, then for each path the median
and 10th-90th percentile of the request's wall time in ms, and the ratio of
the medians (executor / compiled).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_http import DOCUMENTS, SECRET, register_documents, server_env
from bench.bench_statements import callers
from bench.common import app_dsn, bench_token
from saas.app import create_app
from saas.schema.relay import to_global_id
from saas.schema.view import COMPILED_PLAN, EXECUTOR_PLAN
from saas.settings import Settings


def _spread(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p10, p90 = ms[len(ms) // 10], ms[(len(ms) * 9) // 10]
    return f"median {statistics.median(ms):.2f} ms (p10-p90 {p10:.2f}-{p90:.2f})"


async def main(scale: str, runs: int) -> None:
    holders, customer_id = await callers(scale)
    user_id, tenant_id, _ = holders["showroom_manager"]
    token = bench_token(user_id, tenant_id)
    register_documents(server_env(scale))
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=app_dsn(scale),
        secret_key=SECRET,
        redis_url=None,
        rate_limit_user_per_minute=10**8,
    )
    apps = {
        COMPILED_PLAN: create_app(settings, run_jobs=False),
        EXECUTOR_PLAN: create_app(
            settings.model_copy(update={"compiled_documents": False}), run_jobs=False
        ),
    }
    headers = {"authorization": f"Bearer {token}"}
    document = DOCUMENTS["CustomerTimeline"]["id"]
    customer = to_global_id("Customer", customer_id)
    clients = {
        plan: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")
        for plan, app in apps.items()
    }
    async with AsyncExitStack() as stack:
        for plan, app in apps.items():
            await stack.enter_async_context(app.router.lifespan_context(app))
            await stack.enter_async_context(clients[plan])

        async def ask(plan: str, variables: dict[str, Any]) -> tuple[float, Any]:
            body = {"documentId": document, "variables": variables}
            started = time.perf_counter()
            response = await clients[plan].post("/graphql", json=body, headers=headers)
            took = time.perf_counter() - started
            assert response.headers["server-timing"] == plan, response.headers
            return took, response.json()

        first_page: dict[str, Any] = {"customerId": customer}
        _, answer = await ask(COMPILED_PLAN, first_page | {"first": 100})
        entries = len(answer["data"]["customerTimeline"]["nodes"])
        _, answer = await ask(COMPILED_PLAN, first_page)
        cursor = answer["data"]["customerTimeline"]["pageInfo"]["endCursor"]
        pages = {"first page": first_page, "page after it": first_page | {"after": cursor}}
        print(f"customer {customer_id}: {entries} entries (first 100), {runs} runs per path")
        for name, variables in pages.items():
            times: dict[str, list[float]] = {plan: [] for plan in apps}
            for _ in range(runs):
                answers = []
                for plan in apps:
                    took, answer = await ask(plan, variables)
                    times[plan].append(took)
                    answers.append(answer)
                assert answers[0] == answers[1], name
            compiled = statistics.median(times[COMPILED_PLAN])
            executor = statistics.median(times[EXECUTOR_PLAN])
            print(f"{name}:")
            print(f"  compiled  {_spread(times[COMPILED_PLAN])}")
            print(f"  executor  {_spread(times[EXECUTOR_PLAN])}")
            print(f"  executor / compiled: {executor / compiled:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small")
    parser.add_argument("--runs", type=int, default=200)
    a = parser.parse_args()
    asyncio.run(main(a.scale, a.runs))
