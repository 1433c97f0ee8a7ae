"""Lead exports of 10k, 50k and 200k rows as the worker builds them: the
`reports.run` job's own code (`run_report`) streams the rows from PostgreSQL,
as the application role under row-level security, into the XLSX and the CSV
of REPORT_STORAGE_DIR. Each size runs in a fresh process, so its peak RSS
(`ru_maxrss`) is the worker's for that export alone.

    .venv/bin/python bench/bench_exports.py                  # 10k, 50k and 200k
    .venv/bin/python bench/bench_exports.py --rows 10000 50000

It creates (and drops) its own database `saas_bench_exports` (or
$BENCH_DATABASE): one dealer group with a store per size, the rows cloned in
SQL from one lead taken in through the service.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ADMIN_DSN, APP_PASSWORD, admin_dsn, report
from saas import wiring
from saas.crm.customers import CustomerFields
from saas.crm.leads import NewLead, create_lead
from saas.crm.vocabulary import IntentGrade, SourceChannel
from saas.db import close_db, init_db
from saas.identity.service import NewUser, grant_initial_role, register_user
from saas.migrate import migrate
from saas.models import User
from saas.org.service import StoreFields, create_dealer_group, create_store
from saas.reports.exports import ExportKind, request_export
from saas.reports.labels import Language
from saas.reports.runs import run_report
from saas.settings import Settings
from saas.tenancy.auth import actor_for_user
from saas.tenancy.authz import Authorizer
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role

DATABASE = os.environ.get("BENCH_DATABASE") or "saas_bench_exports"
SIZES = (10_000, 50_000, 200_000)


def settings(storage: Path) -> Settings:
    host = ADMIN_DSN.split("@", 1)[1].rsplit("/", 1)[0]
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"postgres://{DATABASE}:{APP_PASSWORD}@{host}/{DATABASE}",
        migration_database_url=f"postgres://{DATABASE}_owner:{APP_PASSWORD}@{host}/{DATABASE}",
        report_storage_dir=storage,
        report_max_rows=max(SIZES),
    )


async def create_database() -> None:
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await drop_database(admin)
        for role in (f"{DATABASE}_owner", DATABASE):
            await admin.execute(
                f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{APP_PASSWORD}' "
                "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
            )
        await admin.execute(f'CREATE DATABASE "{DATABASE}" OWNER "{DATABASE}_owner"')
    finally:
        await admin.close()


async def drop_database(admin: asyncpg.Connection) -> None:
    await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    for role in (DATABASE, f"{DATABASE}_owner"):
        await admin.execute(f'DROP ROLE IF EXISTS "{role}"')


async def load(config: Settings, sizes: list[int]) -> dict[int, dict[str, int]]:
    """A group, an executive, and per size a store whose leads are that many."""
    await migrate(config)
    await init_db(config)
    wiring.install()
    async with system_transaction():
        group = await create_dealer_group("BENCH", "Bench Motors")
        executive = await register_user(
            NewUser(email="exec@bench.test", name="Exec", password="Bench-password-42"),
            dealer_group_id=group.id,
        )
        await grant_initial_role(executive, Role.GROUP_EXECUTIVE)
        consultant = await register_user(
            NewUser(email="ann@bench.test", name="Ann", password="Bench-password-42"),
            dealer_group_id=group.id,
        )
        stores = []
        for size in sizes:
            stores.append(
                await create_store(
                    group.id,
                    StoreFields(
                        code=f"S-{size}",
                        name=f"Store of {size:,}",
                        region="East China",
                        city="Shanghai",
                    ),
                )
            )
        await grant_initial_role(consultant, Role.CONSULTANT, store_id=stores[0].id)
    authorizer = Authorizer()
    await authorizer.refresh()
    actor = await actor_for_user(consultant, authorizer)
    async with tenant_transaction(group.id):
        template = await create_lead(
            actor,
            NewLead(
                store_id=stores[0].id,
                customer=CustomerFields(name="Wang Fang", phone="13800138000"),
                source_channel=SourceChannel.WALK_IN,
                intent_grade=IntentGrade.A,
            ),
        )
    await close_db()
    admin = await asyncpg.connect(admin_dsn(DATABASE))
    try:
        customer_columns = await _columns(admin, "customer")
        lead_columns = await _columns(admin, "lead")
        start = 1
        for store, size in zip(stores, sizes, strict=True):
            await admin.execute(
                _clone_sql(customer_columns, lead_columns),
                template.lead.customer_id,
                template.lead.id,
                start,
                start + size - 1,
                store.id,
            )
            start += size
        await admin.execute("ANALYZE")
    finally:
        await admin.close()
    return {
        size: {"store_id": store.id, "user_id": executive.id}
        for store, size in zip(stores, sizes, strict=True)
    }


async def _columns(admin: asyncpg.Connection, table: str) -> list[str]:
    rows = await admin.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $1 "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        table,
    )
    return [r["column_name"] for r in rows]


def _clone_sql(customer: list[str], lead: list[str]) -> str:
    """Customers n = $3..$4 cloned from customer $1 (own phone, archive number,
    name), each with a lead cloned from lead $2 in store $5."""
    changed = {
        "phone": "'+86139' || lpad(g::text, 8, '0')",
        "archive_no": "'B' || lpad(g::text, 9, '0')",
        "name": "'Customer ' || g",
        "store_id": "$5",
    }
    picked = [changed.get(c, f'c."{c}"') for c in customer]
    lead_picked = [{"customer_id": "n.id", "store_id": "$5"}.get(c, f'l."{c}"') for c in lead]
    return f"""
        WITH n AS (
            INSERT INTO customer ({", ".join(f'"{c}"' for c in customer)})
            SELECT {", ".join(picked)} FROM customer c, generate_series($3::int, $4::int) g
            WHERE c.id = $1
            RETURNING id
        )
        INSERT INTO lead ({", ".join(f'"{c}"' for c in lead)})
        SELECT {", ".join(lead_picked)} FROM lead l, n WHERE l.id = $2
    """


async def child(config: Settings, store_id: int, user_id: int) -> dict[str, Any]:
    """One export in this process: request it, run the job's code, measure."""
    await init_db(config)
    wiring.install()
    authorizer = Authorizer()
    await authorizer.refresh()
    user = await User.get(id=user_id)
    actor = await actor_for_user(user, authorizer)
    async with tenant_transaction(user.dealer_group_id):
        run = await request_export(actor, ExportKind.LEADS, store_id, Language.ZH)
    before = _rss_mb()
    started = time.perf_counter()
    async with tenant_transaction(user.dealer_group_id):
        outcome = await run_report(run.tenant_id, run.id, config)
    seconds = time.perf_counter() - started
    await close_db()
    directory = config.report_storage_dir / str(run.tenant_id) / str(run.id)
    sizes = {p.suffix[1:]: p.stat().st_size for p in directory.iterdir()}
    return {
        "outcome": outcome,
        "seconds": round(seconds, 2),
        "rss_before_mb": before,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "xlsx_mb": round(sizes.get("xlsx", 0) / 1e6, 1),
        "csv_mb": round(sizes.get("csv", 0) / 1e6, 1),
    }


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--child", nargs=3, metavar=("STORAGE", "STORE_ID", "USER_ID"))
    args = parser.parse_args()
    if args.child:
        storage, store_id, user_id = args.child
        print(json.dumps(asyncio.run(child(settings(Path(storage)), int(store_id), int(user_id)))))
        return
    sizes = sorted(args.rows)
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as storage:
        asyncio.run(create_database())
        try:
            started = time.perf_counter()
            stores = asyncio.run(load(settings(Path(storage)), sizes))
            print(f"loaded {sum(sizes):,} leads in {time.perf_counter() - started:.1f} s")
            rows = []
            for size in sizes:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", storage,
                     str(stores[size]["store_id"]), str(stores[size]["user_id"])],
                    check=True, capture_output=True, text=True,
                )  # fmt: skip
                measured = json.loads(out.stdout.strip().splitlines()[-1])
                rows.append({"rows": size, **measured})
                print(f"{size:>7,} rows: {measured}", flush=True)
            report("exports", "own", rows)
        finally:

            async def drop() -> None:
                admin = await asyncpg.connect(ADMIN_DSN)
                try:
                    await drop_database(admin)
                finally:
                    await admin.close()

            asyncio.run(drop())


if __name__ == "__main__":
    main()
