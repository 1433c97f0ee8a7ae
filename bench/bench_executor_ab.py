"""CPU per request of the lead page (bench_http's query, the busiest
consultant, executor path) in one process that alternates two executor
classes every `--block` requests, so both see the same load: the API app and
an httpx client in one process (ASGI, no sockets), PostgreSQL and Redis
beside it. "old" is `PlainLeafExecutor` (the previous round), "new" the
schema's own `DirectExecutor`; the two answers are compared byte for byte
first. Needs `bench/generate.py` at the same scale (BENCH_DATABASE honoured).

    .venv/bin/python bench/bench_executor_ab.py --scale small [--pairs 10] [--block 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.bench_http import PAGE_QUERY, busiest_consultant, server_env  # noqa: E402
from bench.common import bench_token, report  # noqa: E402


async def main(scale: str, pairs: int, block: int) -> None:
    os.environ.update(server_env(scale))
    import saas.app
    from saas.schema.direct import DirectExecutor, PlainLeafExecutor

    built: list[object] = []
    build = saas.app.build_schema

    def keep(*args: object, **kwargs: object) -> object:
        built.append(build(*args, **kwargs))  # type: ignore[arg-type]
        return built[-1]

    saas.app.build_schema = keep  # type: ignore[assignment]
    app = saas.app.create_app()
    schema = built[0]
    user_id, tenant_id, _ = await busiest_consultant(scale)
    token = bench_token(user_id, tenant_id)
    body = json.dumps({"query": PAGE_QUERY})
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    variants = {"old": PlainLeafExecutor, "new": DirectExecutor}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            answers = {}
            for name, cls in variants.items():
                schema.execution_context_class = cls  # type: ignore[attr-defined]
                for _ in range(20):  # warm-up
                    response = await client.post("/graphql", content=body, headers=headers)
                answers[name] = response.content
            assert answers["old"] == answers["new"], "answers differ"
            assert b'"errors"' not in answers["new"] and b"customer" in answers["new"]
            for _ in range(pairs):
                for name, cls in variants.items():
                    schema.execution_context_class = cls  # type: ignore[attr-defined]
                    start = time.process_time()
                    for _ in range(block):
                        await client.post("/graphql", content=body, headers=headers)
                    cpu[name].append(1000 * (time.process_time() - start) / block)
    rows = [
        {
            "executor": name,
            "cpu_ms_per_request_median": round(statistics.median(values), 2),
            "min": round(min(values), 2),
            "max": round(max(values), 2),
            "blocks": " ".join(f"{v:.1f}" for v in values),
        }
        for name, values in cpu.items()
    ]
    report("executor_ab", scale, rows, pairs=pairs, block=block, load=os.getloadavg())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--block", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.scale, args.pairs, args.block))
