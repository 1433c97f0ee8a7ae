"""CPU per request of a compiled document (LeadPage or LeadCard, sent by
documentId as bench_http.py sends them, the busiest consultant), two code
trees A/B: each tree runs in its own child process (the app and an httpx
client in one process over ASGI, no sockets; PostgreSQL and Redis beside it),
and the parent has them take turns, one block of `--block` requests each, so
that both see the same load. The figure is the child's CPU per request, the
httpx client's share included (the same in both trees). The children's
answers (body and Server-Timing) are compared byte for byte first; then the
pieces of the request path this round changed are timed alone in each (µs
per call, best of 5). "old" is the tree given by `--baseline` (e.g.
`git archive main | tar -x -C /tmp/base`, with this script copied in), "new"
this one; without `--baseline` this tree runs alone. `--profile N` also
prints cProfile's top N functions (CPU time) of this tree's blocks. Needs
`bench/generate.py` at the same scale (BENCH_DATABASE honoured).

    .venv/bin/python bench/bench_compiled_ab.py --document LeadCard --baseline /tmp/base \
        [--pairs 10] [--block 200]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


async def _request(scale: str, document: str) -> tuple[str, dict[str, str]]:
    """The body and headers bench_http.py sends for `document`."""
    from bench.bench_http import (
        DOCUMENTS,
        SECRET,
        busiest_card,
        busiest_consultant,
    )
    from saas.schema.relay import to_global_id
    from saas.tenancy.credentials import issue_access_token

    user_id, tenant_id, _ = await busiest_consultant(scale)
    token, _ = issue_access_token(
        SECRET, user_id=user_id, tenant_id=tenant_id, oem_id=None, lifetime=timedelta(hours=2)
    )
    variables: dict[str, Any] = {}
    if document == "LeadCard":
        lead_id = await busiest_card(scale, user_id, tenant_id)
        variables = {"id": to_global_id("Lead", lead_id)}
    body = json.dumps({"documentId": DOCUMENTS[document]["id"], "variables": variables})
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    return body, headers


async def _child(scale: str, document: str, profile: int) -> None:
    """Serve the parent's commands on stdin: `answer`, `block N`, `quit`."""
    import httpx

    from bench.bench_http import server_env

    os.environ.update(server_env(scale))
    import saas.app

    body, headers = await _request(scale, document)
    app = saas.app.create_app()
    profiler = cProfile.Profile(time.process_time) if profile else None
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for _ in range(50):  # warm-up: plans, prepared statements, caches
                response = await client.post("/graphql", content=body, headers=headers)
            for line in sys.stdin:
                command, *rest = line.split()
                if command == "answer":
                    response = await client.post("/graphql", content=body, headers=headers)
                    out: Any = {
                        "body": base64.b64encode(response.content).decode(),
                        "timing": response.headers.get("server-timing"),
                        "module": saas.app.__file__,
                    }
                elif command == "pieces":
                    out = await _pieces(scale, headers)
                elif command == "block":
                    count = int(rest[0])
                    if profiler is not None:
                        profiler.enable()
                    start = time.process_time()
                    for _ in range(count):
                        await client.post("/graphql", content=body, headers=headers)
                    out = 1000 * (time.process_time() - start) / count
                    if profiler is not None:
                        profiler.disable()
                else:
                    break
                print(json.dumps(out), flush=True)
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(profile)
        stats.sort_stats("cumulative").print_stats(profile)


async def _pieces(scale: str, headers: dict[str, str]) -> dict[str, float]:
    """µs per call of the request path's pieces this round changed, as a
    compiled request calls them (the best of 5 runs of 2,000 calls)."""
    from bench.bench_http import SECRET
    from saas.models import User
    from saas.schema.loaders import Loaders
    from saas.tenancy.actor import row_scope
    from saas.tenancy.auth import actor_for_user
    from saas.tenancy.authz import Authorizer
    from saas.tenancy.credentials import read_access_token

    token = headers["authorization"].removeprefix("Bearer ")
    claims = read_access_token(SECRET, token)
    authorizer = Authorizer()
    await authorizer.refresh()
    actor = await actor_for_user(await User.get(id=claims.user_id), authorizer)
    calls: dict[str, Any] = {
        "read_access_token": lambda: read_access_token(SECRET, token),
        "Loaders(tenant, actor)": lambda: Loaders(actor.tenant_id, actor),
        "row_scope(actor, lead, read)": lambda: row_scope(actor, "lead", "read"),
    }
    out = {}
    for name, call in calls.items():
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            for _ in range(2000):
                call()
            best = min(best, (time.process_time() - start) / 2000 * 1e6)
        out[name] = round(best, 2)
    return out


class Tree:
    """A child process running one code tree."""

    def __init__(self, tree: Path, scale: str, document: str, profile: int) -> None:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", "--scale", scale,
             "--document", document, "--profile", str(profile)],
            cwd=tree, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip

    def ask(self, command: str) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait(60)


def main(
    scale: str, document: str, baseline: Path | None, pairs: int, block: int, profile: int
) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.bench_http import register_documents, server_env
    from bench.common import report

    register_documents(server_env(scale))
    trees = {"new": Tree(ROOT, scale, document, profile)}
    if baseline is not None:
        trees = {"old": Tree(baseline, scale, document, 0), **trees}
    cpu: dict[str, list[float]] = {name: [] for name in trees}
    try:
        answers = {name: tree.ask("answer") for name, tree in trees.items()}
        for name, answer in answers.items():
            print(f"{name}: {answer['module']}, {answer['timing']}", file=sys.stderr)
            assert answer["timing"] == 'plan;desc="compiled"', answer["timing"]
        if baseline is not None:
            assert answers["old"]["body"] == answers["new"]["body"], "answers differ"
        pieces = {name: tree.ask("pieces") for name, tree in trees.items()}
        for _ in range(pairs):
            for name, tree in trees.items():
                cpu[name].append(tree.ask(f"block {block}"))
    finally:
        for tree in trees.values():
            tree.close()
    rows = [
        {
            "tree": name,
            "cpu_ms_per_request_median": round(statistics.median(values), 3),
            "min": round(min(values), 3),
            "max": round(max(values), 3),
            "blocks": " ".join(f"{v:.2f}" for v in values),
            **{f"{piece} µs": value for piece, value in pieces[name].items()},
        }
        for name, values in cpu.items()
    ]
    report(
        f"compiled_ab_{document}",
        scale,
        rows,
        document=document,
        baseline=str(baseline),
        pairs=pairs,
        block=block,
        load=os.getloadavg(),
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    parser.add_argument("--document", default="LeadCard", choices=("LeadPage", "LeadCard"))
    parser.add_argument("--baseline", type=Path, help="the old tree (an exported commit)")
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--block", type=int, default=200)
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(_child(args.scale, args.document, args.profile))
    else:
        main(args.scale, args.document, args.baseline, args.pairs, args.block, args.profile)
