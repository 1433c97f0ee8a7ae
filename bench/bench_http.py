"""GraphQL over HTTP against the floor, in the same run, same load generator.

    .venv/bin/python bench/bench_http.py --scale small [--seconds 10] [--clients 50]
    .venv/bin/python bench/bench_http.py --document LeadPage [--rounds 3] [--seconds 10]
    .venv/bin/python bench/bench_http.py --document all [--rounds 3] [--seconds 10]

With --document (a query of documents/manifest.json that has a floor
endpoint, registered and sent by documentId; `all`: each in turn, then a
summary table), three targets are loaded in turn, round after round
(interleaved, so that the machine's other load falls on all of them alike):
the floor's endpoint for that document, the API with the compiled path
(COMPILED_DOCUMENTS on) and the API on the executor (COMPILED_DOCUMENTS=false);
each one's req/s and p50/p99 per round, their ranges, and the ratio to the
floor of the same round. Before timing, the compiled and executor answers
are checked equal, the Server-Timing header names the path that answered
(a document the compiler does not answer yet, CustomerTimeline on main, is
reported as such and benched all the same), and the floor's rows are the
API's (their ids; the whole card for LeadCard). Callers and variables per
document: `case_of`.

With --api-processes 2, two API processes share PostgreSQL and Redis (the
load is split between them): the API keeps no state of its own.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import (  # noqa: E402
    SECRET,
    admin_connect,
    app_dsn,
    bench_token,
    percentiles,
    report,
)
from bench.postgraphile_target import PostGraphile  # noqa: E402  # --postgraphile
from saas.schema.relay import to_global_id  # noqa: E402

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


def start_server(
    app: str, port: int, env: dict[str, str], root: Path = ROOT
) -> subprocess.Popen[bytes]:
    """`app` served by uvicorn from the code of the checkout `root`."""
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
        cwd=root,
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


def cpu_seconds(pid: int) -> float:
    """User and system CPU the process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def services_cpu_seconds() -> dict[str, float]:
    """User and system CPU that PostgreSQL's processes (every backend, the
    server's own) and Redis have used so far: what a request costs beside
    the API process. A process's figure includes its reaped children's
    (`cutime`, `cstime`), so a backend or parallel worker that exited
    still counts, in the postmaster's. Other databases' backends on this
    host count too, so read it on a quiet machine."""
    spent = {"postgres": 0.0, "redis-server": 0.0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name in spent:
            fields = text.rsplit(")", 1)[1].split()
            ticks = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
            spent[name] += ticks / os.sysconf("SC_CLK_TCK")
    return spent


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(urls: list[str], body: str, token: str, clients: int, seconds: float) -> dict:
    """One load process per URL (clients split between them), results merged."""
    procs = [
        subprocess.Popen(
            [
                sys.executable, str(ROOT / "bench" / "load.py"), "--url", url, "--body", body,
                "--header", f"authorization: Bearer {token}",
                "--clients", str(clients // len(urls)), "--seconds", str(seconds),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for url in urls
    ]  # fmt: skip
    parts = [json.loads(p.communicate()[0]) for p in procs]
    return {
        "requests": sum(p["requests"] for p in parts),
        "seconds": max(p["seconds"] for p in parts),
        "errors": sum(p["errors"] for p in parts),
        "first_error": next((p["first_error"] for p in parts if p["first_error"]), None),
        "latencies_ms": [x for p in parts for x in p["latencies_ms"]],
    }


MANIFEST = ROOT / "documents" / "manifest.json"
DOCUMENTS = {o["name"]: o for o in json.loads(MANIFEST.read_text())["operations"]}
LOAD_DOCUMENTS = "from saas.cli import main; main()"  # `saas documents load`
FLOOR_PATHS = {
    "LeadPage": "/leads",
    "LeadCard": "/lead-card",
    "CustomerPage": "/customers",
    "FollowUpList": "/follow-ups",
    "MyTasks": "/tasks",
    "Notifications": "/notifications",
    "DistributedLeads": "/distributed-leads",
    "CustomerTimeline": "/customer-timeline",
}
# The list each document's answer holds (None: LeadCard's one node).
ROOTS = {
    "LeadPage": "leads",
    "LeadCard": None,
    "CustomerPage": "customers",
    "FollowUpList": "followUps",
    "MyTasks": "myTasks",
    "Notifications": "notifications",
    "DistributedLeads": "distributedLeads",
    "CustomerTimeline": "customerTimeline",
}


def register_documents(env: dict[str, str]) -> None:
    """`saas documents load documents/manifest.json` against the bench database."""
    subprocess.run(
        [sys.executable, "-c", LOAD_DOCUMENTS, "documents", "load", str(MANIFEST)],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


async def busiest_card(scale: str, user_id: int, tenant_id: int) -> int:
    """The consultant's open lead with the most follow-ups (the longest card)."""
    conn = await admin_connect(scale)
    try:
        found: int = await conn.fetchval(
            """SELECT id FROM lead WHERE tenant_id = $1 AND owner_id = $2 AND status = 'open'
               ORDER BY follow_up_count DESC, id LIMIT 1""",
            tenant_id,
            user_id,
        )
    finally:
        await conn.close()
    return found


@dataclass(frozen=True)
class Case:
    """Who sends a document and with which variables."""

    user_id: int
    tenant_id: int | None
    oem_id: int | None
    variables: dict[str, Any]
    about: str  # the caller and its rows, for the report


# The callers, each the one with the most rows the document reads: a
# consultant for the dealer documents, an OEM's distributor for its list.
CALLERS = {
    "LeadPage": """SELECT owner_id, tenant_id, count(*) FROM lead WHERE status = 'open'
                   GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1""",
    "CustomerPage": """SELECT owner_id, tenant_id, count(*) FROM customer
                       WHERE merged_into_id IS NULL GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1""",
    "FollowUpList": """SELECT user_id, tenant_id, count(*) FROM follow_up
                       GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1""",
    "MyTasks": """SELECT user_id, tenant_id, count(*) FROM reminder_task WHERE status = 'open'
                  GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1""",
    "Notifications": """SELECT user_id, tenant_id, count(*) FROM notification
                        WHERE channel = 'in_app' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1""",
}


async def case_of(scale: str, document: str) -> Case:
    conn = await admin_connect(scale)
    try:
        if document == "DistributedLeads":
            row = await conn.fetchrow(
                """SELECT u.id, d.oem_id, d.n FROM (SELECT oem_id, count(*) AS n
                     FROM distributed_lead GROUP BY 1 ORDER BY 2 DESC LIMIT 1) d
                   JOIN app_user u ON u.oem_id = d.oem_id ORDER BY u.id LIMIT 1"""
            )
            return Case(row[0], None, row[1], {"first": 50}, f"OEM {row[1]}: {row[2]:,} leads")
        if document in ("LeadCard", "CustomerTimeline"):
            user_id, tenant_id, n = await conn.fetchrow(CALLERS["LeadPage"])
        else:
            user_id, tenant_id, n = await conn.fetchrow(CALLERS[document])
        about = f"user {user_id}: {n:,} rows"
        if document == "LeadCard":
            lead_id = await busiest_card(scale, user_id, tenant_id)
            return Case(user_id, tenant_id, None, {"id": to_global_id("Lead", lead_id)}, about)
        if document == "CustomerTimeline":
            # The consultant's customer with the most follow-ups (the longest history).
            customer_id = await conn.fetchval(
                """SELECT customer_id FROM lead WHERE tenant_id = $1 AND owner_id = $2
                   GROUP BY 1 ORDER BY sum(follow_up_count) DESC, 1 LIMIT 1""",
                tenant_id,
                user_id,
            )
            variables = {"customerId": to_global_id("Customer", customer_id), "first": 50}
            return Case(user_id, tenant_id, None, variables, about)
        if document == "LeadPage":
            return Case(user_id, tenant_id, None, {}, about)
        variables = {"first": 50}
        if document == "MyTasks":
            variables["openOnly"] = True
        return Case(user_id, tenant_id, None, variables, about)
    finally:
        await conn.close()


def check_floor(document: str, floor_answer: dict, api_answer: dict) -> int:
    """The floor's rows are the API's (the whole card for LeadCard, ids
    otherwise, the kinds and times of a timeline's entries); the page size."""
    root = ROOTS[document]
    if root is None:
        assert api_answer == floor_answer, "the floor's card differs"
        return len(floor_answer["data"]["node"]["followUps"])
    floor_nodes = floor_answer["data"][root]["nodes"]
    api_nodes = api_answer["data"][root]["nodes"]
    if document == "CustomerTimeline":
        keys = [(n["kind"], n["objectId"]) for n in api_nodes]
        assert [(n["kind"], n["objectId"]) for n in floor_nodes] == keys, "the floor's entries"
    else:
        assert [n["id"] for n in floor_nodes] == [n["id"] for n in api_nodes], "the floor's rows"
    if "pageInfo" in floor_answer["data"][root]:
        more = api_answer["data"][root]["pageInfo"]["hasNextPage"]
        assert floor_answer["data"][root]["pageInfo"]["hasNextPage"] == more, "hasNextPage"
    if "totalCount" in floor_answer["data"][root]:
        assert floor_answer["data"][root]["totalCount"] == api_answer["data"][root]["totalCount"]
    return len(floor_nodes)


def _cpu_range(results: list[dict], key: str = "cpu_seconds") -> str | None:
    spent = [1000 * r[key] / r["requests"] for r in results if key in r]
    return f"{min(spent):.2f}-{max(spent):.2f}" if spent else None


def _normalised(answer: dict) -> dict:
    """The answer without __typename, which the floor does not print."""
    if isinstance(answer, dict):
        return {k: _normalised(v) for k, v in answer.items() if k != "__typename"}
    if isinstance(answer, list):
        return [_normalised(v) for v in answer]
    return answer


def main_document(
    scale: str,
    document: str,
    clients: int,
    seconds: float,
    rounds: int,
    postgraphile: bool,
    baseline: Path | None = None,
) -> dict[str, Any]:
    case = asyncio.run(case_of(scale, document))
    token = bench_token(case.user_id, case.tenant_id, case.oem_id)
    env = server_env(scale)
    register_documents(env)
    floor_body = "{}" if document == "LeadPage" else json.dumps(case.variables)
    ports = {"floor": free_port(), "compiled": free_port(), "executor": free_port()}
    servers = {
        "floor": start_server("bench.floor:create_app", ports["floor"], env),
        "compiled": start_server("saas.app:create_app", ports["compiled"], env),
        "executor": start_server(
            "saas.app:create_app", ports["executor"], env | {"COMPILED_DOCUMENTS": "false"}
        ),
    }
    urls = {
        "floor": f"http://127.0.0.1:{ports['floor']}{FLOOR_PATHS[document]}",
        "compiled": f"http://127.0.0.1:{ports['compiled']}/graphql",
        "executor": f"http://127.0.0.1:{ports['executor']}/graphql",
    }
    body = json.dumps({"documentId": DOCUMENTS[document]["id"], "variables": case.variables})
    bodies = {"floor": floor_body, "compiled": body, "executor": body}
    if baseline is not None:
        # --baseline DIR: the compiled path of another checkout's code (an
        # exported "before") in the same rounds.
        port = free_port()
        servers["baseline"] = start_server("saas.app:create_app", port, env, baseline)
        urls["baseline"] = f"http://127.0.0.1:{port}/graphql"
        bodies["baseline"] = body
    # --postgraphile (LeadPage only): PostGraphile 5 on the same database, role, token and RLS.
    with_pg = postgraphile and document == "LeadPage"
    pg = PostGraphile(free_port(), env, case.user_id) if with_pg else None
    per_round: dict[str, list[dict]] = {name: [] for name in (*urls, "postgraphile")}
    try:
        headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
        answers, plans = {}, {}
        for name, url in urls.items():
            started = time.perf_counter()
            response = httpx.post(url, content=bodies[name], headers=headers, timeout=120)
            print(f"{name}: first answer in {time.perf_counter() - started:.2f} s")
            assert response.status_code == 200, f"{name}: {response.status_code} {response.text}"
            answers[name] = response.json()
            assert "errors" not in answers[name], f"{name}: {response.text[:500]}"
            plans[name] = response.headers.get("server-timing")
        assert plans["executor"] == 'plan;desc="executor"', plans
        compiled_plan = plans["compiled"]
        if compiled_plan != 'plan;desc="compiled"':
            assert compiled_plan == 'plan;desc="executor"', plans
            print(f"{document}: not compiled, the compiled server answered on the executor")
        assert answers["compiled"] == answers["executor"], "compiled and executor answers differ"
        if baseline is not None:
            assert answers["baseline"] == answers["compiled"], "the baseline answers otherwise"
            assert plans["baseline"] == compiled_plan, plans
        size = check_floor(document, answers["floor"], _normalised(answers["compiled"]))
        if pg is not None:
            pg.check_page(token, answers["floor"])
            urls["postgraphile"], bodies["postgraphile"] = pg.url, pg.body
        for _ in range(rounds):
            for name, url in urls.items():
                pid = servers[name].pid if name in servers else None
                cpu = cpu_seconds(pid) if pid is not None else 0.0
                services = services_cpu_seconds()
                result = load([url], bodies[name], token, clients, seconds)
                if pid is not None:
                    result["cpu_seconds"] = cpu_seconds(pid) - cpu
                after = services_cpu_seconds()
                result["db_cpu_seconds"] = after["postgres"] - services["postgres"]
                result["redis_cpu_seconds"] = after["redis-server"] - services["redis-server"]
                per_round[name].append(result)
        rss_after = {name: rss_mb(servers[name].pid) for name in ("compiled", "executor")}
    finally:
        for proc in servers.values():
            proc.terminate()
            proc.wait(10)
        if pg is not None:
            pg.stop()
    per_round = {name: results for name, results in per_round.items() if results}
    rates = {
        name: [r["requests"] / r["seconds"] for r in results] for name, results in per_round.items()
    }
    rows = []
    for name, results in per_round.items():
        ratios = [rate / floor for rate, floor in zip(rates[name], rates["floor"], strict=True)]
        cuts = [percentiles(r["latencies_ms"]) for r in results]
        rows.append({
            "target": name,
            "req_per_s": f"{min(rates[name]):,.0f}-{max(rates[name]):,.0f}",
            "ratio_to_floor": f"{min(ratios):.3f}-{max(ratios):.3f}",
            "p50_ms": f"{min(c['p50'] for c in cuts):.0f}-{max(c['p50'] for c in cuts):.0f}",
            "p99_ms": f"{min(c['p99'] for c in cuts):.0f}-{max(c['p99'] for c in cuts):.0f}",
            "errors": sum(r["errors"] for r in results),
            # The server process's CPU over the round's requests (uvicorn,
            # the app and its driver; PostgreSQL's and the load's not).
            "cpu_ms_per_request": _cpu_range(results),
            # PostgreSQL's processes and Redis over the same round.
            "db_cpu_ms": _cpu_range(results, "db_cpu_seconds"),
            "redis_cpu_ms": _cpu_range(results, "redis_cpu_seconds"),
        })  # fmt: skip
        first_error = next((r["first_error"] for r in results if r["first_error"]), None)
        if first_error:
            print(f"{name}: first error: {first_error}")
    report(
        f"http_{document}",
        scale,
        rows,
        document=document,
        clients=clients,
        seconds=seconds,
        rounds=rounds,
        page_size=size,
        caller=case.about,
        variables=case.variables,
        compiled_plan=compiled_plan,
        per_round_req_per_s={name: [round(r, 1) for r in rate] for name, rate in rates.items()},
        api_rss_mb_after=rss_after,
        targets={"compiled ratio": ">= 0.6 (LeadPage), >= 0.5", "executor ratio": ">= 0.15"},
    )
    ratio = {
        name: [rate / floor for rate, floor in zip(rates[name], rates["floor"], strict=True)]
        for name in ("compiled", "executor")
    }
    return {
        "document": document,
        "rows": size,
        "compiled": "yes" if compiled_plan == 'plan;desc="compiled"' else "no (executor)",
        "floor_req_per_s": f"{min(rates['floor']):,.0f}-{max(rates['floor']):,.0f}",
        "compiled_ratio": f"{min(ratio['compiled']):.3f}-{max(ratio['compiled']):.3f}",
        "executor_ratio": f"{min(ratio['executor']):.3f}-{max(ratio['executor']):.3f}",
        "compiled_p99_ms": rows[1]["p99_ms"],
        "target": ">= 0.6" if document == "LeadPage" else ">= 0.5",
    }


def main_documents(
    scale: str, documents: list[str], clients: int, seconds: float, rounds: int
) -> None:
    """Each document in turn (its own servers and rounds), then one table; a
    document whose answers fail their checks is reported so and skipped."""
    summary = []
    for document in documents:
        try:
            summary.append(main_document(scale, document, clients, seconds, rounds, False))
        except (AssertionError, httpx.HTTPError) as failed:
            print(f"{document}: not benched: {failed}"[:500])
            summary.append({"document": document, "compiled": f"failed: {failed}"[:60]})
    report(
        "http_documents",
        scale,
        summary,
        clients=clients,
        seconds=seconds,
        rounds=rounds,
        targets={"compiled ratio": ">= 0.6 (LeadPage), >= 0.5 every compiled document"},
    )


def main(
    scale: str, clients: int, seconds: float, api_processes: int, postgraphile: bool = False
) -> None:
    user_id, tenant_id, open_leads = asyncio.run(busiest_consultant(scale))
    token = bench_token(user_id, tenant_id)
    env = server_env(scale)
    api_ports = [free_port() for _ in range(api_processes)]
    floor_port = free_port()
    apis = [start_server("saas.app:create_app", port, env) for port in api_ports]
    floor = start_server("bench.floor:create_app", floor_port, env)
    # --postgraphile: PostGraphile 5 on the same database, role, token and RLS.
    pg = PostGraphile(free_port(), env, user_id) if postgraphile else None
    try:
        api_urls = [f"http://127.0.0.1:{port}/graphql" for port in api_ports]
        graphql_body = json.dumps({"query": PAGE_QUERY})
        headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
        # Every API process and the floor answer the same page before timing.
        pages = [httpx.post(u, content=graphql_body, headers=headers).json() for u in api_urls]
        floor_page = httpx.post(
            f"http://127.0.0.1:{floor_port}/leads", content="{}", headers=headers
        ).json()
        ids = [[n["id"] for n in p["data"]["leads"]["nodes"]] for p in pages]
        floor_ids = [n["id"] for n in floor_page["data"]["leads"]["nodes"]]
        assert all(i == floor_ids for i in ids), "pages differ"
        results = {
            "graphql": load(api_urls, graphql_body, token, clients, seconds),
            "floor": load([f"http://127.0.0.1:{floor_port}/leads"], "{}", token, clients, seconds),
        }
        if pg is not None:  # --postgraphile
            pg.check_page(token, floor_page)
            pg_cpu = pg.cpu_seconds()
            results["postgraphile"] = load([pg.url], pg.body, token, clients, seconds)
            pg_cpu = pg.cpu_seconds() - pg_cpu
            pg_rss = rss_mb(pg.proc.pid)
        rss_after = [rss_mb(api.pid) for api in apis]
    finally:
        for proc in (*apis, floor):
            proc.terminate()
            proc.wait(10)
        if pg is not None:
            pg.stop()
    rows = []
    for name, r in results.items():
        rows.append({
            "endpoint": name if name != "graphql" else f"graphql x{api_processes} process(es)",
            "requests": r["requests"],
            "errors": r["errors"],
            "req_per_s": round(r["requests"] / r["seconds"], 1),
            **percentiles(r["latencies_ms"]),
        })  # fmt: skip
        if r["first_error"]:
            print(f"{name}: first error: {r['first_error']}")
    ratio = rows[0]["req_per_s"] / rows[1]["req_per_s"] if rows[1]["req_per_s"] else 0.0
    rows.append({"endpoint": "ratio graphql/floor", "req_per_s": round(ratio, 3)})
    rows.append({"endpoint": "API worker RSS MB after load", "req_per_s": max(rss_after)})
    if pg is not None:  # --postgraphile
        pg_ratio = rows[2]["req_per_s"] / rows[1]["req_per_s"] if rows[1]["req_per_s"] else 0.0
        rows.insert(4, {"endpoint": "ratio postgraphile/floor", "req_per_s": round(pg_ratio, 3)})
        rows.append({"endpoint": "PostGraphile RSS MB after load", "req_per_s": pg_rss})
        rows.append({
            "endpoint": "PostGraphile Node CPU ms per request (warm-up included)",
            "req_per_s": round(1000 * pg_cpu / max(rows[2]["requests"], 1), 2),
        })  # fmt: skip
    report(
        ("http" if api_processes == 1 else f"http_{api_processes}_processes")
        + ("_postgraphile" if pg is not None else ""),
        scale,
        rows,
        clients=clients,
        seconds=seconds,
        api_processes=api_processes,
        page_size=len(floor_ids),
        consultant_open_leads=open_leads,
        ratio=round(ratio, 3),
        api_rss_mb_after=round(max(rss_after), 1),
        targets={"ratio": ">= 0.35", "p99_ms": "< 50", "rss_mb": "< 300"},
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument(
        "--api-processes", type=int, default=1, help="API processes sharing PostgreSQL and Redis"
    )
    parser.add_argument(
        "--document",
        choices=[*sorted(FLOOR_PATHS), "all"],
        help="a registered document (or all of them): floor, compiled and executor interleaved",
    )
    parser.add_argument("--rounds", type=int, default=3, help="with --document")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="with --document: also the compiled path of this checkout's code (e.g. an "
        "exported commit: git archive main | tar -x -C DIR), in the same rounds",
    )
    parser.add_argument(
        "--postgraphile",
        action="store_true",
        help="also load PostGraphile 5 (bench/postgraphile, Node 22) on the same page",
    )
    a = parser.parse_args()
    if a.document == "all":
        main_documents(a.scale, list(FLOOR_PATHS), a.clients, a.seconds, a.rounds)
    elif a.document:
        main_document(
            a.scale, a.document, a.clients, a.seconds, a.rounds, a.postgraphile, a.baseline
        )
    else:
        main(a.scale, a.clients, a.seconds, a.api_processes, a.postgraphile)
