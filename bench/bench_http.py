"""GraphQL over HTTP against the floor, in the same run, same load generator.

    .venv/bin/python bench/bench_http.py --scale small [--seconds 10] [--clients 50]

Starts one uvicorn worker for the API (production settings, uvloop + httptools,
no access log) and one for the floor (bench/floor.py), both connected as the
bench database's NOSUPERUSER NOBYPASSRLS role; runs bench/load.py in a separate
process against each; reports req/s, p50/p99, the ratio GraphQL / floor, and
the API worker's resident memory after the load. Needs `bench/generate.py` at
the same scale first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import admin_connect, app_dsn, percentiles, report  # noqa: E402
from saas.tenancy.credentials import issue_access_token  # noqa: E402

SECRET = "bench-secret-key-that-is-long-enough-for-production-0123456789"
PAGE_QUERY = """query ConsultantPage { leads(first: 50, order: DUE_SOONEST,
  filter: {statuses: [OPEN]}) { nodes {
  id intentGrade stage dueAt followUpCount
  customer { name phone tags { tag } } owner { name } store { code name }
  lastFollowUp { happenedAt channel content } } } }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def busiest_consultant(scale: str) -> tuple[int, int, int]:
    """(user id, tenant id, open leads) of the consultant with most open leads."""
    conn = await admin_connect(scale)
    try:
        row = await conn.fetchrow(
            """SELECT owner_id, tenant_id, count(*) AS n FROM lead WHERE status = 'open'
               GROUP BY owner_id, tenant_id ORDER BY n DESC LIMIT 1"""
        )
    finally:
        await conn.close()
    return row["owner_id"], row["tenant_id"], row["n"]


def server_env(scale: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": app_dsn(scale),
        "SECRET_KEY": SECRET,
        "ENVIRONMENT": "production",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "JOB_QUEUE": f"saas-bench-{scale}",
        "RATE_LIMIT_USER_PER_MINUTE": "100000000",
        "DB_POOL_MAX_SIZE": "10",
        "LOG_LEVEL": "warning",
    }


def start_server(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            app,
            "--port",
            str(port),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.post(f"http://127.0.0.1:{port}/", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(url: str, body: str, token: str, clients: int, seconds: float) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load.py"),
            "--url",
            url,
            "--body",
            body,
            "--header",
            f"authorization: Bearer {token}",
            "--clients",
            str(clients),
            "--seconds",
            str(seconds),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main(scale: str, clients: int, seconds: float) -> None:
    user_id, tenant_id, open_leads = asyncio.run(busiest_consultant(scale))
    token, _ = issue_access_token(
        SECRET, user_id=user_id, tenant_id=tenant_id, oem_id=None, lifetime=timedelta(hours=2)
    )
    env = server_env(scale)
    api_port, floor_port = free_port(), free_port()
    api = start_server("saas.app:create_app", api_port, env)
    floor = start_server("bench.floor:create_app", floor_port, env)
    try:
        rss_before = rss_mb(api.pid)
        targets = {
            "graphql": (f"http://127.0.0.1:{api_port}/graphql", json.dumps({"query": PAGE_QUERY})),
            "floor": (f"http://127.0.0.1:{floor_port}/leads", "{}"),
        }
        # Check both answer the same page before timing them.
        pages = {
            name: httpx.post(
                url,
                content=body,
                headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
            ).json()
            for name, (url, body) in targets.items()
        }
        g_nodes = pages["graphql"]["data"]["leads"]["nodes"]
        f_nodes = pages["floor"]["data"]["leads"]["nodes"]
        assert [n["id"] for n in g_nodes] == [n["id"] for n in f_nodes], "pages differ"
        results = {
            name: load(url, body, token, clients, seconds) for name, (url, body) in targets.items()
        }
        rss_after = rss_mb(api.pid)
    finally:
        for proc in (api, floor):
            proc.terminate()
            proc.wait(10)
    rows = []
    for name, r in results.items():
        rows.append(
            {
                "endpoint": name,
                "requests": r["requests"],
                "errors": r["errors"],
                "req_per_s": round(r["requests"] / r["seconds"], 1),
                **percentiles(r["latencies_ms"]),
            }
        )
        if r["first_error"]:
            print(f"{name}: first error: {r['first_error']}")
    ratio = rows[0]["req_per_s"] / rows[1]["req_per_s"] if rows[1]["req_per_s"] else 0.0
    rows.append({"endpoint": "ratio graphql/floor", "req_per_s": round(ratio, 3)})
    rows.append(
        {
            "endpoint": "API worker RSS MB (before/after)",
            "requests": round(rss_before),
            "req_per_s": round(rss_after, 1),
        }
    )
    report(
        "http",
        scale,
        rows,
        clients=clients,
        seconds=seconds,
        page_size=len(g_nodes),
        consultant_open_leads=open_leads,
        ratio=round(ratio, 3),
        api_rss_mb_after=round(rss_after, 1),
        targets={"ratio": ">= 0.35", "p99_ms": "< 50", "rss_mb": "< 300"},
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    a = parser.parse_args()
    main(a.scale, a.clients, a.seconds)
