"""CPU per request of the lead page (bench_http's query, the busiest
consultant, executor path) for the code of one checkout: the API app and an
httpx client in one process (ASGI, no sockets, so the figure includes the
client), PostgreSQL and Redis beside it. To compare two versions of code
that is not an executor class (`bench_executor_ab.py` alternates those in
one process), export the other one (`git archive <commit> | tar -x -C
/tmp/before`) and run both at the same time, so both see the same load;
each prints its answer's digest, which must match:

    .venv/bin/python bench/bench_page_cpu.py --scale small --root /tmp/before &
    .venv/bin/python bench/bench_page_cpu.py --scale small; wait

`--document NAME` sends a document of documents/manifest.json by its id
instead, as bench_http.py's caller and variables for it (`case_of`), with
COMPILED_DOCUMENTS on (the compiled path where the compiler answers it),
or off with `--executor`; `--profile N` prints cProfile's N costliest
functions of the timed blocks (CPU-time clock; by own time, then cumulative)
and writes them to `bench/results/page_cpu_<document>.prof`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import json
import os
import pstats
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


async def main(
    scale: str,
    root: Path,
    blocks: int,
    block: int,
    document: str | None,
    executor: bool,
    profile: int,
) -> None:
    sys.path.insert(0, str(root))
    # Imported here: from the checkout under test, which may not be this one.
    from bench.bench_http import (
        DOCUMENTS,
        PAGE_QUERY,
        SECRET,
        busiest_consultant,
        case_of,
        register_documents,
        server_env,
    )
    from bench.common import report

    os.environ.update(server_env(scale))
    if executor:
        os.environ["COMPILED_DOCUMENTS"] = "false"
    import saas.app
    from saas.tenancy.credentials import issue_access_token

    assert Path(saas.app.__file__).is_relative_to(root), saas.app.__file__
    app = saas.app.create_app()
    if document is None:
        user_id, tenant_id, _ = await busiest_consultant(scale)
        oem_id = None
        body = json.dumps({"query": PAGE_QUERY})
    else:
        register_documents(server_env(scale))
        case = await case_of(scale, document)
        user_id, tenant_id, oem_id = case.user_id, case.tenant_id, case.oem_id
        body = json.dumps({"documentId": DOCUMENTS[document]["id"], "variables": case.variables})
    token, _ = issue_access_token(
        SECRET, user_id=user_id, tenant_id=tenant_id, oem_id=oem_id, lifetime=timedelta(hours=2)
    )
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    cpu: list[float] = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for _ in range(30):  # warm-up
                response = await client.post("/graphql", content=body, headers=headers)
            assert b'"errors"' not in response.content and response.status_code == 200
            if executor or document is None:
                assert response.headers["server-timing"] == 'plan;desc="executor"'
            profiler = cProfile.Profile(time.process_time) if profile else None
            for _ in range(blocks):
                if profiler is not None:
                    profiler.enable()
                start = time.process_time()
                for _ in range(block):
                    await client.post("/graphql", content=body, headers=headers)
                cpu.append(1000 * (time.process_time() - start) / block)
                if profiler is not None:
                    profiler.disable()
    if profiler is not None:
        name = document or "LeadPage-text"
        profiler.dump_stats(ROOT / "bench" / "results" / f"page_cpu_{name}.prof")
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(profile)
        stats.sort_stats("cumulative").print_stats(profile)
    rows = [
        {
            "root": str(root),
            "document": document or "lead page (query text)",
            "path": response.headers.get("server-timing", ""),
            "answer_sha256": hashlib.sha256(response.content).hexdigest()[:16],
            "cpu_ms_per_request_median": round(statistics.median(cpu), 2),
            "min": round(min(cpu), 2),
            "max": round(max(cpu), 2),
            "blocks": " ".join(f"{v:.1f}" for v in cpu),
        }
    ]
    report("page_cpu", scale, rows, blocks=blocks, block=block, load=os.getloadavg())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code runs")
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--block", type=int, default=30)
    parser.add_argument("--document", help="a document of documents/manifest.json")
    parser.add_argument(
        "--executor", action="store_true", help="COMPILED_DOCUMENTS off: the executor path"
    )
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    asyncio.run(
        main(
            args.scale,
            args.root.resolve(),
            args.blocks,
            args.block,
            args.document,
            args.executor,
            args.profile,
        )
    )
