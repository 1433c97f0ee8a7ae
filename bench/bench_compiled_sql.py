"""What a compiled document's statement costs PostgreSQL, against the floor's
plain query for the same answer (bench/floor.py).

    .venv/bin/python bench/bench_compiled_sql.py --scale small [--runs 200]
    .venv/bin/python bench/bench_compiled_sql.py --scale small --print   # the statements

The busiest consultant's LeadPage, LeadCard and CustomerTimeline (as bench_http.py sends them)
are answered once in-process over ASGI with COMPILED_DOCUMENTS on; the
statement the compiled path sends and its arguments are recorded, with the
settings the request's transaction began with. Then, on one connection as the
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
`--against FILE` runs the page's statement beside the text in FILE (another
tree's, from its `--print`) the same way, once both printed the same answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_http import (
    DOCUMENTS,
    SECRET,
    busiest_card,
    busiest_consultant,
    case_of,
    register_documents,
    server_env,
)
from bench.common import app_dsn, report
from saas.app import create_app
from saas.db import MAX_CACHED_STATEMENT, PooledConnection
from saas.schema.relay import from_global_id, to_global_id
from saas.settings import Settings
from saas.tenancy.credentials import issue_access_token

Captured = tuple[str, tuple[Any, ...]]


async def capture(scale: str) -> tuple[dict[str, Captured], str, tuple[int, int, int, int]]:
    """The compiled statement (text, arguments) of LeadPage, LeadCard and
    CustomerTimeline, the settings the tenant transaction began with, the
    consultant, the card's lead and the timeline's customer."""
    user_id, tenant_id, _ = await busiest_consultant(scale)
    lead_id = await busiest_card(scale, user_id, tenant_id)
    timeline = (await case_of(scale, "CustomerTimeline")).variables
    token, _ = issue_access_token(
        SECRET, user_id=user_id, tenant_id=tenant_id, oem_id=None, lifetime=timedelta(hours=1)
    )
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
    statements: dict[str, Captured] = {}
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://b"
            ) as client,
        ):
            headers = {"authorization": f"Bearer {token}"}
            for name, variables in (
                ("LeadPage", {}),
                ("LeadCard", {"id": to_global_id("Lead", lead_id)}),
                ("CustomerTimeline", timeline),
            ):
                seen.clear()
                body = {"documentId": DOCUMENTS[name]["id"], "variables": variables}
                response = await client.post("/graphql", json=body, headers=headers)
                assert response.headers["server-timing"] == 'plan;desc="compiled"', response.text
                compiled = [s for s in seen if s[0].startswith("SELECT json_build_object")]
                assert len(compiled) == 1, seen
                statements[name] = compiled[0]
    finally:
        PooledConnection.fetchval = fetchval  # type: ignore[method-assign]
        PooledConnection.execute = execute  # type: ignore[method-assign]
    # The settings of the request's tenant transaction (`tenant_transaction`).
    from saas.tenancy.rls import set_local_statements

    prelude = (
        preludes[-1]
        if preludes
        else set_local_statements(
            {"app.tenant_id": str(tenant_id), "app.oem_id": "", "app.system_scope": ""}, first=True
        )
    )
    _, customer_id = from_global_id(timeline["customerId"])
    return statements, prelude, (tenant_id, user_id, lead_id, int(customer_id))


def floor_queries(
    tenant_id: int, user_id: int, lead_id: int, customer_id: int
) -> dict[str, Captured]:
    from bench import floor

    return {
        "LeadPage": (floor.PAGE, (tenant_id, user_id)),
        "LeadCard": (floor.CARD, (tenant_id, lead_id, user_id)),
        # bench_http's timeline page: 50 entries, one more to tell a next page.
        "CustomerTimeline": (floor.TIMELINE, (tenant_id, customer_id, user_id, 51)),
    }


async def execution_ms(conn: asyncpg.Connection, query: str, args: tuple[Any, ...]) -> float:
    plan = await conn.fetchval(
        f"EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) {query}", *args
    )
    return float(json.loads(plan)[0]["Execution Time"])


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


async def main_parts(scale: str, runs: int, against: str | None = None) -> None:
    register_documents(server_env(scale))
    statements, prelude, _ = await capture(scale)
    query, args = statements["LeadPage"]
    if against is None:
        variants = parts(query)
    else:
        # Another tree's text of the same statement (its `--print`), which
        # must print the same answer.
        variants = {"as sent": query, against: Path(against).read_text().strip()}
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
            "LeadPage statement": name,
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


async def main(scale: str, runs: int, show: bool, explain: bool) -> None:
    register_documents(server_env(scale))
    statements, prelude, ids = await capture(scale)
    floors = floor_queries(*ids)
    if show:
        print(f"-- transaction settings:\n{prelude}\n")
        for name, (query, args) in statements.items():
            print(f"-- {name} compiled, arguments {args!r}:\n{query}\n")
    conn = await asyncpg.connect(app_dsn(scale), max_cacheable_statement_size=MAX_CACHED_STATEMENT)
    rows = []
    try:
        async with conn.transaction():
            await conn.execute(prelude)
            for name in statements:
                targets = {"compiled": statements[name], "floor": floors[name]}
                if explain:
                    for target, (query, args) in targets.items():
                        plan = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {query}", *args)
                        print(f"-- {name} {target}:")
                        print("\n".join(r[0] for r in plan))
                trips: dict[str, list[float]] = {t: [] for t in targets}
                executions: dict[str, list[float]] = {t: [] for t in targets}
                for _ in range(10):  # warm
                    for query, args in targets.values():
                        await conn.fetch(query, *args)
                        await execution_ms(conn, query, args)
                for _ in range(runs):
                    for target, (query, args) in targets.items():
                        started = time.perf_counter()
                        await conn.fetch(query, *args)
                        trips[target].append((time.perf_counter() - started) * 1000)
                        executions[target].append(await execution_ms(conn, query, args))
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
                        "execution median ms": round(statistics.median(executions[target]), 3),
                    })  # fmt: skip
    finally:
        await conn.close()
    report("compiled_sql", scale, rows, runs=runs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="small")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--print", dest="show", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--parts", action="store_true")
    parser.add_argument("--against", metavar="FILE")
    options = parser.parse_args()
    if options.parts or options.against:
        asyncio.run(main_parts(options.scale, options.runs, options.against))
    else:
        asyncio.run(main(options.scale, options.runs, options.show, options.explain))
