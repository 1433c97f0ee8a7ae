"""Customer and lead import through the path `saas import` takes
(`create_import`, then `run_import` chunk by chunk with its progress bar), as
the application role, each kind in one transaction that is rolled back at the
end (each chunk a savepoint instead of a commit; the bench database is left
as it was). Besides the wall time, the CPU of this process and of its
PostgreSQL backends (read from /proc: the server must be local), which the
load of other work on a shared host does not inflate.

    .venv/bin/python bench/bench_import.py --scale small [--rows 100000] [--kind leads]
    .venv/bin/python bench/bench_import.py --row-by-row     # the old path, for comparison

The file is made like a dealer's: one row in ten a phone the dealer group
already has (a customer; for leads, some with an open lead at the store),
one in fifty a repeat of an earlier row of the file, one in a hundred a bad
phone; lead rows name a vehicle model of the store's brand, a source and a
grade.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import admin_connect, app_dsn, database_name, report
from bench.generate import NOW, server_cpu

SOURCES = ["", "展厅", "来电", "网站", "车展", "汽车之家"]
GRADES = ["", "H", "A", "B", "C"]


class RolledBack(Exception):
    pass


async def main(scale: str, count: int, kinds: list[str], row_by_row: bool) -> None:
    from saas import wiring
    from saas.cli import ProgressBar
    from saas.db import close_db, init_db
    from saas.imports import service
    from saas.org.repository import StoreRepository
    from saas.settings import Settings
    from saas.tenancy.rls import tenant_transaction

    admin = await admin_connect(scale)
    try:
        # The largest group's first store selling a brand with models.
        store_id, tenant_id, brand = await admin.fetchrow(
            """SELECT s.id, s.tenant_id, s.brands->>0 FROM store s
               WHERE s.tenant_id = 1 AND EXISTS (SELECT 1 FROM vehicle_model m
                 WHERE m.brand = s.brands->>0 AND m.is_active) ORDER BY s.id LIMIT 1"""
        )
        series = [
            r["series"]
            for r in await admin.fetch(
                "SELECT DISTINCT series FROM vehicle_model WHERE brand = $1 AND is_active", brand
            )
        ]
        customers = await admin.fetch(
            """SELECT c.phone FROM customer c WHERE c.tenant_id = $1 AND c.merged_into_id
               IS NULL ORDER BY c.id LIMIT $2""",
            tenant_id,
            count // 10,
        )
        known = [r["phone"] for r in customers]
    finally:
        await admin.close()
    if row_by_row:
        service._take_chunk = service.take_rows_one_by_one  # type: ignore[assignment]
    settings = Settings(_env_file=None, database_url=app_dsn(scale))  # type: ignore[call-arg]
    wiring.install()
    await init_db(settings)
    results = []
    try:
        for kind in kinds:
            content = _file(count, kind, known, series)
            async with tenant_transaction(tenant_id):
                store = await StoreRepository(tenant_id).get(store_id)
            assert store is not None
            server0 = await _server_cpu(scale, {})
            started, cpu = time.perf_counter(), time.process_time()
            try:
                async with tenant_transaction(tenant_id):
                    run = await service.create_import(
                        store, service.ImportKind(kind), f"bench-{kind}.csv", content,
                        max_bytes=100 * 1024 * 1024, dry_run=False, requested_by_id=None,
                        queue=False,
                    )  # fmt: skip
                    parsed = time.perf_counter()
                    done = await service.run_import(
                        tenant_id, run.id, now=NOW, on_progress=ProgressBar()
                    )
                    seconds = time.perf_counter() - started
                    cpu = time.process_time() - cpu
                    raise RolledBack
            except RolledBack:
                pass
            server = sum((await _server_cpu(scale, server0)).values())
            print(file=sys.stderr)
            assert done is not None and done.processed == count
            results.append(
                {
                    "kind": kind,
                    "path": "row by row (old)" if row_by_row else "set-wise",
                    "rows": count,
                    "created": done.created,
                    "merged": done.merged,
                    "rejected": done.rejected,
                    "parse s": round(parsed - started, 2),
                    "seconds": round(seconds, 2),
                    "rows/s": round(count / seconds, 1),
                    "python cpu s": round(cpu, 2),
                    "server cpu s": round(server, 2),
                    "rows per cpu s": round(count / (cpu + server), 1) if cpu + server else None,
                }
            )
    finally:
        await close_db()
    report(
        "import_row_by_row" if row_by_row else "import",
        scale,
        results,
        load_average=[round(v, 2) for v in os.getloadavg()],
        targets={"rows/s": ">= 1,000", "100,000 rows": "< 2 minutes"},
    )


async def _server_cpu(scale: str, since: dict[int, float]) -> dict[int, float]:
    """CPU seconds of the app's PostgreSQL backends on this host (the pool's
    connections), minus `since`: a figure the load of other work on the
    machine does not inflate, unlike the wall time."""
    admin = await admin_connect(scale)
    try:
        pids = await admin.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND usename = $1",
            database_name(scale),
        )
    finally:
        await admin.close()
    return {r["pid"]: server_cpu(r["pid"]) - since.get(r["pid"], 0.0) for r in pids}


def _file(count: int, kind: str, known: list[str], series: list[str]) -> bytes:
    """A CSV with Chinese headers as a dealer's export has them."""
    rng = random.Random(29)
    header = ["姓名", "手机", "性别", "城市"]
    if kind == "leads":
        header += ["意向车型", "来源", "级别"]
    lines = [",".join(header)]
    phones: list[str] = []
    for i in range(count):
        if i % 10 == 5 and known:
            phone = known[(i // 10) % len(known)].removeprefix("+86")
        elif i % 50 == 7 and phones:
            phone = rng.choice(phones)
        elif i % 100 == 3:
            phone = f"12{i}"
        else:
            phone = f"139{i:08d}"
        phones.append(phone)
        row = [f"客户{i}", phone, rng.choice(["男", "女", ""]), "上海"]
        if kind == "leads":
            row += [rng.choice(series), rng.choice(SOURCES), rng.choice(GRADES)]
        lines.append(",".join(row))
    return ("\r\n".join(lines) + "\r\n").encode()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--kind", choices=["customers", "leads"], action="append")
    parser.add_argument("--row-by-row", action="store_true", help="the old path, to compare")
    a = parser.parse_args()
    asyncio.run(main(a.scale, a.rows, a.kind or ["customers", "leads"], a.row_by_row))
