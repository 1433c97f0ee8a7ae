"""What a compiled document's statement costs PostgreSQL, against the floor's
plain query for the same answer (bench/floor.py).

    .venv/bin/python bench/bench_compiled_sql.py --scale small [--runs 200]
    .venv/bin/python bench/bench_compiled_sql.py --scale small --print   # the statements

Each `--document` (LeadPage, LeadCard and CustomerTimeline unless given; any
of bench/floor.py's documents), sent by the caller and with the variables
bench_http.py sends it, is answered once in-process over ASGI with
COMPILED_DOCUMENTS on; the statement the compiled path sends and its
arguments are recorded, with the settings the request's transaction began
with. Then, on one connection as the
application's role (row-level security in force), inside one transaction
with those settings, the statement and the floor's query run `--runs` times
each, interleaved, as the app runs them (asyncpg's prepared statement: a
custom plan per run, or PostgreSQL's generic plan once it prefers it).
Printed: the round trip's median and 10th-90th percentile range in ms; how
many runs were planned anew (`custom_plans` of pg_prepared_statements); the
median server-side execution time without planning, from `EXPLAIN (ANALYZE,
TIMING OFF, SUMMARY ON, FORMAT JSON)` runs. `--explain` prints one
`EXPLAIN (ANALYZE, BUFFERS)` of each. `--parts` instead runs the page's
statement beside copies of it with one kind of expression replaced by the
bare column (timestamps, enum CASEs, the phone mask, global ids), interleaved:
what each kind costs, as execution time (the minimum, 10th percentile and
median of `--runs`; the copies print other answers and serve no request).
`--against FILE` runs the first document's statement beside the text in FILE
(another tree's, from its `--print`) the same way, once both printed the same
answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_http import (
    DOCUMENTS,
    SECRET,
    Case,
    case_of,
    register_documents,
    server_env,
)
from bench.common import admin_connect, app_dsn, bench_token, report
from saas.app import create_app
from saas.db import MAX_CACHED_STATEMENT, PooledConnection
from saas.schema.relay import from_global_id
from saas.settings import Settings
from saas.tenancy.rls import set_local_statements

Captured = tuple[str, tuple[Any, ...]]
DEFAULT_DOCUMENTS = ["LeadPage", "LeadCard", "CustomerTimeline"]


@dataclass(frozen=True)
class Sent:
    """One document's compiled statement, the settings its request's
    transaction began with, and the floor's query for the same answer."""

    statement: Captured
    prelude: str
    floor: Captured


async def _floor_query(case: Case, document: str, conn: asyncpg.Connection) -> Captured:
    from bench import floor

    tenant_id, user_id = case.tenant_id, case.user_id
    size = int(case.variables.get("first", 20)) + 1
    if document == "LeadPage":
        return floor.PAGE, (tenant_id, user_id)
    if document == "LeadCard":
        _, lead_id = from_global_id(case.variables["id"])
        return floor.CARD, (tenant_id, int(lead_id), user_id)
    if document in ("CustomerPage", "FollowUpList"):
        # The floor's `own_stores`: the stores the caller has a role at.
        stores = await conn.fetchval(
            """SELECT coalesce(array_agg(substr(domain, 7)::bigint), '{}') FROM role_assignment
               WHERE user_id = $1 AND domain LIKE 'store:%'""",
            user_id,
        )
        query = floor.CUSTOMERS if document == "CustomerPage" else floor.FOLLOW_UPS
        return query, (tenant_id, user_id, list(stores), size)
    if document == "MyTasks":
        return floor.TASKS, (tenant_id, user_id, size)
    if document == "Notifications":
        return floor.NOTIFICATIONS, (tenant_id, user_id, size)
    if document == "DistributedLeads":
        return floor.DISTRIBUTED_LEADS, (case.oem_id, size)
    if document == "CustomerTimeline":
        _, customer_id = from_global_id(case.variables["customerId"])
        return floor.TIMELINE, (tenant_id, int(customer_id), user_id, size)
    raise SystemExit(f"no floor query for {document} here")


async def capture(scale: str, documents: list[str]) -> dict[str, Sent]:
    """Each document's compiled statement (text, arguments), the settings its
    tenant transaction began with, and the floor's query with its arguments."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=app_dsn(scale),
        secret_key=SECRET,
        redis_url=None,
        rate_limit_user_per_minute=10**8,
    )
    app = create_app(settings, run_jobs=False)
    seen: list[Captured] = []
    preludes: list[str] = []
    fetchval, execute = PooledConnection.fetchval, PooledConnection.execute

    async def recording_fetchval(self: Any, query: str, *args: Any, **kw: Any) -> Any:
        seen.append((query, args))
        return await fetchval(self, query, *args, **kw)

    async def recording_execute(self: Any, query: str, *args: Any, **kw: Any) -> Any:
        if query.startswith("BEGIN; "):
            preludes.append(query.removeprefix("BEGIN; "))
        return await execute(self, query, *args, **kw)

    PooledConnection.fetchval = recording_fetchval  # type: ignore[method-assign]
    PooledConnection.execute = recording_execute  # type: ignore[method-assign]
    captured: dict[str, Sent] = {}
    admin = await admin_connect(scale)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://b"
            ) as client,
        ):
            for name in documents:
                case = await case_of(scale, name)
                token = bench_token(case.user_id, case.tenant_id, case.oem_id)
                seen.clear()
                preludes.clear()
                body = {"documentId": DOCUMENTS[name]["id"], "variables": case.variables}
                headers = {"authorization": f"Bearer {token}"}
                response = await client.post("/graphql", json=body, headers=headers)
                assert response.headers["server-timing"] == 'plan;desc="compiled"', response.text
                compiled = [s for s in seen if s[0].startswith("SELECT json_build_object")]
                assert len(compiled) == 1, seen
                # The settings of the request's tenant transaction (`tenant_transaction`).
                prelude = (
                    preludes[-1]
                    if preludes
                    else set_local_statements(
                        {
                            "app.tenant_id": str(case.tenant_id or ""),
                            "app.oem_id": str(case.oem_id or ""),
                            "app.system_scope": "",
                            # as every API request's transaction (`_run` in saas.schema.view)
                            "jit": "off",
                        },
                        first=True,
                    )
                )
                floor_query = await _floor_query(case, name, admin)
                captured[name] = Sent(compiled[0], prelude, floor_query)
    finally:
        PooledConnection.fetchval = fetchval  # type: ignore[method-assign]
        PooledConnection.execute = execute  # type: ignore[method-assign]
        await admin.close()
    return captured


async def timings_ms(
    conn: asyncpg.Connection, query: str, args: tuple[Any, ...]
) -> tuple[float, float]:
    """(planning, execution) ms of one EXPLAIN ANALYZE of `query`."""
    plan = await conn.fetchval(
        f"EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) {query}", *args
    )
    found = json.loads(plan)[0]
    return float(found["Planning Time"]), float(found["Execution Time"])


async def execution_ms(conn: asyncpg.Connection, query: str, args: tuple[Any, ...]) -> float:
    return (await timings_ms(conn, query, args))[1]


_TIMESTAMP = re.compile(
    r"replace\(to_char\(\(\((.+?)\) AT TIME ZONE 'UTC'\), "
    r"'YYYY-MM-DD\"T\"HH24:MI:SS\.US\+00:00'\), '\.000000\+', '\+'\)"
)
_ENUM = re.compile(
    r"CASE WHEN \(([a-z0-9]+\.\"[a-z_]+\")\) IS NULL THEN NULL ELSE CASE .*? END END"
)
_GLOBAL_ID = re.compile(
    r"CASE WHEN \(([a-z0-9]+\.\"id\")\) IS NULL THEN NULL ELSE translate\(encode\("
    r"convert_to\('[A-Za-z]+:' \|\| \(\1\)::text, 'UTF8'\), 'base64'\), E'\\n', ''\) END"
)


def _without_phone_mask(query: str) -> str:
    start = query.index('CASE WHEN coalesce(o3."owner_id"')
    return query[:start] + 'o3."phone"' + query[query.index(", 'phoneMasked'") :]


def parts(query: str) -> dict[str, str]:
    """The page's statement and its copies without one kind of expression."""
    variants = {
        "as sent": query,
        "timestamps bare": _TIMESTAMP.sub(r"\1", query),
        "enum CASEs bare": _ENUM.sub(r"\1", query),
        "phone unmasked": _without_phone_mask(query),
        "ids bare": _GLOBAL_ID.sub(r"\1", query),
    }
    for name, variant in variants.items():
        assert name == "as sent" or variant != query, f"{name}: nothing replaced"
    return variants


async def main_parts(
    scale: str, runs: int, documents: list[str], against: str | None = None
) -> None:
    register_documents(server_env(scale))
    document = documents[0] if against is not None else "LeadPage"
    sent = (await capture(scale, [document]))[document]
    (query, args), prelude = sent.statement, sent.prelude
    if against is None:
        variants = parts(query)
    else:
        # Another tree's text of the same statement (its `--print`), which
        # must print the same answer.
        variants = {"as sent": query, against: Path(against).read_text().strip()}
    # Statements as long as the app keeps prepared (the timeline's is over asyncpg's default).
    conn = await asyncpg.connect(app_dsn(scale), max_cacheable_statement_size=MAX_CACHED_STATEMENT)
    executions: dict[str, list[float]] = {name: [] for name in variants}
    try:
        async with conn.transaction():
            await conn.execute(prelude)
            if against is not None:
                answers = {await conn.fetchval(text, *args) for text in variants.values()}
                assert len(answers) == 1, "the two statements print different answers"
            for round_ in range(10 + runs):
                for name, variant in variants.items():
                    took = await execution_ms(conn, variant, args)
                    if round_ >= 10:  # the first ten warm
                        executions[name].append(took)
    finally:
        await conn.close()
    rows = [
        {
            f"{document} statement": name,
            "execution min ms": round(min(values), 3),
            "p10 ms": round(statistics.quantiles(values, n=10)[0], 3),
            "median ms": round(statistics.median(values), 3),
            "characters": len(variants[name]),
        }
        for name, values in executions.items()
    ]
    report("compiled_sql_against" if against else "compiled_sql_parts", scale, rows, runs=runs)


def _range(samples: list[float]) -> dict[str, float]:
    deciles = statistics.quantiles(samples, n=10)
    return {
        "round trip median ms": round(statistics.median(samples), 3),
        "p10 ms": round(deciles[0], 3),
        "p90 ms": round(deciles[-1], 3),
    }


async def main(scale: str, runs: int, documents: list[str], show: bool, explain: bool) -> None:
    register_documents(server_env(scale))
    captured = await capture(scale, documents)
    # Statements as long as the app keeps prepared (the timeline's is over asyncpg's default).
    conn = await asyncpg.connect(app_dsn(scale), max_cacheable_statement_size=MAX_CACHED_STATEMENT)
    rows = []
    try:
        for name, sent in captured.items():
            if show:
                query, args = sent.statement
                print(f"-- {name} transaction settings:\n{sent.prelude}\n")
                print(f"-- {name} compiled, arguments {args!r}:\n{query}\n")
            async with conn.transaction():
                await conn.execute(sent.prelude)
                targets = {"compiled": sent.statement, "floor": sent.floor}
                if explain:
                    for target, (query, args) in targets.items():
                        plan = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {query}", *args)
                        print(f"-- {name} {target}:")
                        print("\n".join(r[0] for r in plan))
                trips: dict[str, list[float]] = {t: [] for t in targets}
                plannings: dict[str, list[float]] = {t: [] for t in targets}
                executions: dict[str, list[float]] = {t: [] for t in targets}
                for _ in range(10):  # warm
                    for query, args in targets.values():
                        await conn.fetch(query, *args)
                        await timings_ms(conn, query, args)
                for _ in range(runs):
                    for target, (query, args) in targets.items():
                        started = time.perf_counter()
                        await conn.fetch(query, *args)
                        trips[target].append((time.perf_counter() - started) * 1000)
                        planning, execution = await timings_ms(conn, query, args)
                        plannings[target].append(planning)
                        executions[target].append(execution)
                for target, (query, _) in targets.items():
                    custom = await conn.fetchval(
                        "SELECT custom_plans FROM pg_prepared_statements WHERE statement = $1",
                        query,
                    )
                    rows.append({
                        "document": name,
                        "statement": target,
                        **_range(trips[target]),
                        "planned anew": f"{custom}/{runs + 10}",
                        "planning median ms": round(statistics.median(plannings[target]), 3),
                        "execution median ms": round(statistics.median(executions[target]), 3),
                    })  # fmt: skip
    finally:
        await conn.close()
    report("compiled_sql", scale, rows, runs=runs, documents=documents)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="small")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--print", dest="show", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--parts", action="store_true")
    parser.add_argument("--against", metavar="FILE")
    parser.add_argument(
        "--document",
        action="append",
        choices=sorted(DOCUMENTS),
        help="LeadPage and LeadCard unless given",
    )
    options = parser.parse_args()
    documents = options.document or DEFAULT_DOCUMENTS
    if options.parts or options.against:
        asyncio.run(main_parts(options.scale, options.runs, documents, options.against))
    else:
        asyncio.run(main(options.scale, options.runs, documents, options.show, options.explain))
