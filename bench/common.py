"""Shared plumbing of the benchmarks: the bench database per scale, result
tables printed and written to bench/results/<name>.json."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import asyncpg

ADMIN_DSN = os.environ.get(
    "BENCH_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
RESULTS = Path(__file__).resolve().parent / "results"
APP_PASSWORD = "bench"
# The API servers the benchmarks start sign their access tokens with this.
SECRET = "bench-secret-key-that-is-long-enough-for-production-0123456789"


def bench_token(user_id: int, tenant_id: int | None, oem_id: int | None = None) -> str:
    """An access token for `user_id` signed with SECRET, good for two hours
    (longer than any benchmark runs)."""
    from datetime import timedelta

    from saas.tenancy.credentials import issue_access_token

    token, _ = issue_access_token(
        SECRET, user_id=user_id, tenant_id=tenant_id, oem_id=oem_id, lifetime=timedelta(hours=2)
    )
    return token


def database_name(scale: str) -> str:
    """`saas_bench_<scale>`, or $BENCH_DATABASE (the roles follow the name), so a
    scale can be generated and measured beside a database someone else is using."""
    return os.environ.get("BENCH_DATABASE") or f"saas_bench_{scale}"


def admin_dsn(database: str) -> str:
    """The superuser DSN on `database` (loads bypass row-level security)."""
    return ADMIN_DSN.rsplit("/", 1)[0] + "/" + database


def app_dsn(scale: str) -> str:
    """The application's DSN: a NOSUPERUSER NOBYPASSRLS role, like production."""
    name = database_name(scale)
    host = ADMIN_DSN.split("@", 1)[1].rsplit("/", 1)[0]
    return f"postgres://{name}:{APP_PASSWORD}@{host}/{name}"


def owner_dsn(scale: str) -> str:
    """The role that owns the tables and runs the migrations (not the app's)."""
    name = database_name(scale)
    host = ADMIN_DSN.split("@", 1)[1].rsplit("/", 1)[0]
    return f"postgres://{name}_owner:{APP_PASSWORD}@{host}/{name}"


async def admin_connect(scale: str) -> asyncpg.Connection:
    return await asyncpg.connect(admin_dsn(database_name(scale)))


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    if len(samples_ms) < 2:
        value = samples_ms[0] if samples_ms else 0.0
        return {"p50": value, "p99": value}
    q = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {"p50": round(q[49], 3), "p99": round(q[98], 3)}


def report(name: str, scale: str, rows: list[dict[str, Any]], **meta: Any) -> None:
    """Print `rows` as a table and write them with the machine to results/<name>.json."""
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    print(f"\n== {name} (scale {scale}) ==")
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for r in cells:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "name": name,
        "scale": scale,
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "rows": rows,
        **meta,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_1m": round(load[0], 2),
    }


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return "" if value is None else str(value)
