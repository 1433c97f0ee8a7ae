"""Migrations on big tables do not stop the writers: migration 26 rebuilds the
keys of `distributed_lead` and `sla_event` while an OEM's intake keeps
inserting leads, and no insert waits for more than a second.

Runs `saas migrate` in its own process against a database of its own (the
suite's database and ORM stay untouched), as an operator would during a
deploy."""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import os
import re
import secrets
import sys
import time
import types
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from saas.migrate import run_swap
from tests.conftest import ADMIN_DSN

MIGRATION = next(Path("migrations/models").glob("26_*.py"))
LEADS = 100_000


@asynccontextmanager
async def database(template: str | None = None) -> AsyncIterator[str]:
    """A database of its own (the suite's stays untouched), empty or a copy
    of `template`; dropped at the end."""
    name = f"saas_online_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(ADMIN_DSN)
    copy = f' TEMPLATE "{template}"' if template else ""
    await admin.execute(f'CREATE DATABASE "{name}"{copy}')
    try:
        yield ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(scope="module")
async def migrated() -> AsyncIterator[str]:
    """The name of a database `saas migrate` brought up to date from empty,
    once for the module."""
    async with database() as url:
        assert await saas_migrate(url) == 0
        yield url.rsplit("/", 1)[1]


@pytest.fixture
async def dsn(migrated: str) -> AsyncIterator[str]:
    """A database of its own for one test, as `saas migrate` leaves an empty
    one: a copy of `migrated` (CREATE DATABASE ... TEMPLATE), which takes a
    fraction of the time migrating again would."""
    async with database(template=migrated) as url:
        yield url


@pytest.fixture
async def empty_dsn() -> AsyncIterator[str]:
    """An empty database of its own for one test."""
    async with database() as url:
        yield url


async def test_migration_26_runs_while_a_writer_inserts(dsn: str) -> None:
    db = await asyncpg.connect(dsn)
    try:
        await back_to_25_with_a_big_table(db)
        waits: list[float] = []
        stop = asyncio.Event()
        writer = asyncio.create_task(insert_until(stop, dsn, waits))
        await asyncio.sleep(0.3)  # the writer is going
        started = time.perf_counter()
        code = await saas_migrate(dsn)
        took = time.perf_counter() - started
        await asyncio.sleep(0.3)
        stop.set()
        await writer
        assert code == 0
        assert max(waits) < 1.0, f"an insert waited {max(waits):.2f} s (migration {took:.1f} s)"
        assert len(waits) > 20, len(waits)
        primary = await db.fetchval(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conname = 'distributed_lead_pkey'"
        )
        assert primary == "PRIMARY KEY (oem_id, id)"
        valid = await db.fetchval(
            "SELECT convalidated FROM pg_constraint WHERE conname = 'fk_sla_event_distributed_lead'"
        )
        assert valid is True
        invalid = await db.fetchval("SELECT count(*) FROM pg_index WHERE NOT indisvalid")
        assert invalid == 0
    finally:
        await db.close()


async def test_migration_26_runs_again_after_its_swap_committed(dsn: str) -> None:
    """The process died (or VALIDATE failed) after the swap transaction
    committed and before aerich recorded the version: the next `saas migrate`
    runs migration 26 again, finds the keys in place, and completes."""
    db = await asyncpg.connect(dsn)
    try:
        # The swap's state: the new foreign key not yet validated, the
        # version not recorded.
        await db.execute(
            """
            ALTER TABLE "sla_event" DROP CONSTRAINT "fk_sla_event_distributed_lead";
            ALTER TABLE "sla_event" ADD CONSTRAINT "fk_sla_event_distributed_lead"
                FOREIGN KEY ("oem_id", "distributed_lead_id")
                REFERENCES "distributed_lead" ("oem_id", "id") ON DELETE CASCADE NOT VALID;
            """
        )
        await db.execute("DELETE FROM aerich WHERE version = $1", MIGRATION.name)
        assert await saas_migrate(dsn) == 0
        keys = await db.fetch(
            "SELECT conname, pg_get_constraintdef(oid) AS def, convalidated FROM pg_constraint "
            "WHERE conrelid IN ('distributed_lead'::regclass, 'sla_event'::regclass, "
            "'distribution_import'::regclass) AND conname = ANY($1)",
            [*KEYS_OF_26, "fk_distributed_lead_lead", "fk_distributed_lead_store"],
        )
        assert {k["conname"]: (k["def"], k["convalidated"]) for k in keys} == KEYS_OF_26

        assert await db.fetchval("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == 0
        assert (
            await db.fetchval("SELECT count(*) FROM aerich WHERE version = $1", MIGRATION.name) == 1
        )
    finally:
        await db.close()


# What migration 26 leaves: its keys, all validated (and the foreign keys to
# `lead` and `store` gone).
KEYS_OF_26 = {
    "distributed_lead_pkey": ("PRIMARY KEY (oem_id, id)", True),
    "distribution_import_pkey": ("PRIMARY KEY (oem_id, id)", True),
    "fk_sla_event_distributed_lead": (
        "FOREIGN KEY (oem_id, distributed_lead_id) "
        "REFERENCES distributed_lead(oem_id, id) ON DELETE CASCADE",
        True,
    ),
    "sla_event_pkey": ("PRIMARY KEY (oem_id, id)", True),
    "uid_sla_event_oem_lead_kind_key": (
        "UNIQUE (oem_id, distributed_lead_id, kind, key)",
        True,
    ),
}


async def saas_migrate(dsn: str) -> int:
    env = os.environ | {
        "DATABASE_URL": dsn.replace("postgresql://", "postgres://", 1),
        "ENVIRONMENT": "development",
        "SECRET_KEY": secrets.token_urlsafe(48),
    }
    env.pop("MIGRATION_DATABASE_URL", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from saas.cli import main; main()", "migrate", env=env
    )
    return await proc.wait()


async def back_to_25_with_a_big_table(db: asyncpg.Connection) -> None:
    """Undo migration 26 (its downgrade), then give `distributed_lead` and
    `sla_event` enough rows that building their indexes takes a while."""
    downgrade = MIGRATION.read_text().split('return """', 2)[2].split('"""')[0]
    await db.execute(f"BEGIN; {downgrade} COMMIT;")
    await db.execute("DELETE FROM aerich WHERE version = $1", MIGRATION.name)
    oem = await db.fetchval("INSERT INTO oem (code, name) VALUES ('BIG', 'Big OEM') RETURNING id")
    await db.execute(
        f"""
        INSERT INTO distributed_lead (created_at, updated_at, oem_id, external_ref, brand,
            customer_name, phone, phone_masked, status, received_at, sla_due_at, sla_outcome)
        SELECT now(), now(), {oem}, 'R' || n, 'Brand', 'Customer', '+8613800000000',
            '+86138****0000', 'active', now(), now() + interval '1 hour', 'pending'
        FROM generate_series(1, {LEADS}) AS n;
        INSERT INTO sla_event (created_at, distributed_lead_id, oem_id, kind, key, data)
        SELECT now(), id, oem_id, 'received', '', '{{}}' FROM distributed_lead;
        ANALYZE distributed_lead; ANALYZE sla_event;
        """
    )


async def insert_until(stop: asyncio.Event, dsn: str, waits: list[float]) -> None:
    """An OEM's intake: one lead and its first SLA event per insert, timed."""
    conn = await asyncpg.connect(dsn)
    try:
        oem = await conn.fetchval("SELECT id FROM oem WHERE code = 'BIG'")
        n = 0
        while not stop.is_set():
            n += 1
            started = time.perf_counter()
            async with conn.transaction():
                lead = await conn.fetchval(
                    """
                    INSERT INTO distributed_lead (created_at, updated_at, oem_id, external_ref,
                        brand, customer_name, phone, phone_masked, status, received_at,
                        sla_due_at, sla_outcome)
                    VALUES (now(), now(), $1, $2, 'Brand', 'Customer', '+8613800000000',
                        '+86138****0000', 'active', now(), now() + interval '1 hour', 'pending')
                    RETURNING id
                    """,
                    oem,
                    f"W{n}",
                )
                await conn.execute(
                    "INSERT INTO sla_event (created_at, distributed_lead_id, oem_id, kind, key, data)"
                    " VALUES (now(), $1, $2, 'received', '', '{}')",
                    lead,
                    oem,
                )
            waits.append(time.perf_counter() - started)
            await asyncio.sleep(0.01)
    finally:
        await conn.close()


# Tables with millions of rows at full scale (bench/README.md), or growing
# with every request.
BIG_TABLES = {
    "lead",
    "follow_up",
    "customer",
    "lead_event",
    "lead_assignment",
    "customer_event",
    "notification",
    "domain_event",
    "audit_log",
    "distributed_lead",
    "sla_event",
    "webhook_delivery",
}
INDEX = re.compile(
    r'CREATE\s+(?:UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(?:IF NOT EXISTS\s+)?"?\w*"?\s+ON\s+"?(\w+)',
    re.IGNORECASE,
)


def test_new_migrations_build_indexes_on_big_tables_concurrently() -> None:
    """From migration 26 on, an index on a big table is built online: with
    CONCURRENTLY, outside a transaction. Read from the module's PostgreSQL
    statements (its constants, SQLite's apart; `ONLINE_INDEXES` entries are
    built as `CREATE ... CONCURRENTLY` by the migration)."""
    for path in sorted(Path("migrations/models").glob("*.py")):
        if int(path.name.split("_", 1)[0]) < 26:
            continue
        module = ast.parse(path.read_text())
        online = False
        statements: list[str] = []
        for node in module.body:
            if not isinstance(node, ast.Assign) or not isinstance(node.targets[0], ast.Name):
                continue
            name = node.targets[0].id
            if name == "RUN_IN_TRANSACTION":
                online = isinstance(node.value, ast.Constant) and node.value.value is False
            elif "SQLITE" not in name:
                for constant in ast.walk(node.value):
                    if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                        text = constant.value
                        if name == "ONLINE_INDEXES":
                            text = "CREATE " + text.replace("{}", "CONCURRENTLY x")
                        statements.append(text)
        for concurrently, table in INDEX.findall("\n".join(statements)):
            if table in BIG_TABLES:
                assert concurrently and online, f"{path.name}: index on {table} must be online"


MIGRATION_28 = next(Path("migrations/models").glob("28_*.py"))
ENTRIES = 100_000


async def test_migration_28_splits_the_audit_log_and_job_outbox_while_a_writer_appends(
    dsn: str,
) -> None:
    """Migration 28 on a big audit log with entries of dealer groups, OEMs
    and nobody, while the API keeps appending entries: no insert waits for
    more than a second, every entry survives in its owner's table with its
    id, and the keys are the ones Citus needs. Run twice (a process that died
    after the swap): the second run changes nothing."""
    db = await asyncpg.connect(dsn)
    try:
        before = await back_to_26_with_a_big_audit_log(db)
        waits: list[float] = []
        stop = asyncio.Event()
        writer = asyncio.create_task(append_until(stop, dsn, waits))
        await asyncio.sleep(0.3)
        started = time.perf_counter()
        code = await saas_migrate(dsn)
        took = time.perf_counter() - started
        await asyncio.sleep(0.3)
        stop.set()
        await writer
        assert code == 0
        assert max(waits) < 1.0, f"an insert waited {max(waits):.2f} s (migration {took:.1f} s)"
        assert len(waits) > 20, len(waits)
        after = await owners_of_entries(db)
        # Every entry from before is in its owner's table, under its id.
        assert before <= after, sorted(before - after)[:5]
        assert len(after - before) == len(waits)  # the writer's, all in audit_log
        assert {t for t, _ in after - before} == {"audit_log"}
        assert await db.fetchval("SELECT count(*) FROM job_request") == 3
        assert await db.fetchval("SELECT count(*) FROM platform_job_request") == 2
        deliveries = {
            table: await db.fetchval(
                f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL AND event_id <= 3"
            )
            for table, column in (
                ("webhook_delivery", "tenant_id"),
                ("oem_webhook_delivery", "oem_id"),
            )
        }
        assert deliveries == {"webhook_delivery": 3, "oem_webhook_delivery": 3}
        assert (
            await db.fetchval(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conname = 'uid_webhook_delivery_tenant_endpoint_event_key'"
            )
            == "UNIQUE (tenant_id, endpoint_id, event_id, key)"
        )
        keys = await db.fetch(
            "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint "
            "WHERE contype = 'p' AND conrelid = ANY($1::text[]::regclass[])",
            list(KEYS_OF_28),
        )
        assert {k["conname"]: k["def"] for k in keys} == {
            f"{t}_pkey": d for t, d in KEYS_OF_28.items()
        }
        assert await db.fetchval("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == 0
        await db.execute("DELETE FROM aerich WHERE version = $1", MIGRATION_28.name)
        assert await saas_migrate(dsn) == 0
        assert await owners_of_entries(db) == after
    finally:
        await db.close()


KEYS_OF_28 = {
    "audit_log": "PRIMARY KEY (tenant_id, id)",
    "oem_audit_log": "PRIMARY KEY (oem_id, id)",
    "platform_audit_log": "PRIMARY KEY (id)",
    "job_request": "PRIMARY KEY (tenant_id, id)",
    "platform_job_request": "PRIMARY KEY (id)",
    "webhook_delivery": "PRIMARY KEY (tenant_id, id)",
    "oem_webhook_delivery": "PRIMARY KEY (oem_id, id)",
}


async def back_to_26_with_a_big_audit_log(db: asyncpg.Connection) -> set[tuple[str, int]]:
    """Undo migration 28 (its downgrade), fill the audit log with entries of
    dealer groups (most), OEMs and nobody, the job outbox with requests of
    groups and of nobody, and the delivery log with deliveries to a group's
    and an OEM's endpoint; return where each entry belongs after 28."""
    spec = importlib.util.spec_from_file_location("migration_28", MIGRATION_28)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    postgres = types.SimpleNamespace(schema_generator=types.SimpleNamespace(DIALECT="postgres"))
    await db.execute(f"BEGIN; {await module.downgrade(postgres)} COMMIT;")
    await db.execute("DELETE FROM aerich WHERE version = $1", MIGRATION_28.name)
    await db.execute(
        f"""
        INSERT INTO audit_log (created_at, tenant_id, oem_id, operation, outcome, details)
        SELECT now(), CASE WHEN n % 100 < 98 THEN n % 7 + 1 END,
               CASE WHEN n % 100 IN (97, 98) THEN n % 3 + 1 END, 'op', 'Done', '{{}}'
        FROM generate_series(1, {ENTRIES}) AS n;
        INSERT INTO job_request (created_at, tenant_id, name, kwargs)
        VALUES (now(), 1, 'crm.thank_you', '{{}}'), (now(), NULL, 'oem.import_leads', '{{}}'),
               (now(), 2, 'reports.run', '{{}}'), (now(), NULL, 'webhooks.send', '{{}}'),
               (now(), 3, 'crm.import_file', '{{}}');
        ANALYZE audit_log;
        INSERT INTO dealer_group (code, name) VALUES ('G', 'Group');
        INSERT INTO oem (code, name) VALUES ('O', 'OEM');
        INSERT INTO webhook_endpoint (created_at, updated_at, tenant_id, oem_id, url, description,
            event_types, store_ids, source_channels, secret, status)
        SELECT now(), now(), g, o, 'https://example.com', '', '[]', '[]', '[]', 's', 'active'
        FROM (VALUES ((SELECT id FROM dealer_group WHERE code = 'G'), NULL::bigint),
                     (NULL::bigint, (SELECT id FROM oem WHERE code = 'O'))) AS owners(g, o);
        INSERT INTO webhook_delivery (created_at, endpoint_id, tenant_id, oem_id, event_id,
            event_tenant_id, event_type, key, body, status, attempts)
        SELECT now(), e.id, e.tenant_id, e.oem_id, n, 1, 'lead.created', 'event', '{{}}',
            'succeeded', 1
        FROM webhook_endpoint e, generate_series(1, 3) AS n;
        """
    )
    rows = await db.fetch("SELECT id, tenant_id, oem_id FROM audit_log")
    return {
        (
            "audit_log"
            if r["tenant_id"] is not None
            else "oem_audit_log"
            if r["oem_id"] is not None
            else "platform_audit_log",
            r["id"],
        )
        for r in rows
    }


async def owners_of_entries(db: asyncpg.Connection) -> set[tuple[str, int]]:
    rows = await db.fetch(
        "SELECT 'audit_log' AS t, id FROM audit_log UNION ALL "
        "SELECT 'oem_audit_log', id FROM oem_audit_log UNION ALL "
        "SELECT 'platform_audit_log', id FROM platform_audit_log"
    )
    return {(r["t"], r["id"]) for r in rows}


async def append_until(stop: asyncio.Event, dsn: str, waits: list[float]) -> None:
    """The API: one audit entry of a dealer group per insert, timed."""
    conn = await asyncpg.connect(dsn)
    try:
        while not stop.is_set():
            started = time.perf_counter()
            await conn.execute(
                "INSERT INTO audit_log (created_at, tenant_id, operation, outcome, details) "
                "VALUES (now(), 1, 'updateLead', 'Lead', '{}')"
            )
            waits.append(time.perf_counter() - started)
            await asyncio.sleep(0.01)
    finally:
        await conn.close()


class _OneConnection:
    """What a migration's `db` offers run_swap, on one connection."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def execute_script(self, script: str) -> None:
        await self.conn.execute(script)


async def test_a_migration_step_gives_way_to_a_writer_and_runs_again(
    empty_dsn: str, caplog: pytest.LogCaptureFixture
) -> None:
    """An online migration's short locking transaction that meets a writer's
    lock ends at its lock timeout, is rolled back and runs again once the
    writer is done, instead of failing the deploy."""
    migration, writer = await asyncpg.connect(empty_dsn), await asyncpg.connect(empty_dsn)
    try:
        await writer.execute('CREATE TABLE "probe" ("n" int)')
        held = writer.transaction()
        await held.start()
        await writer.execute('INSERT INTO "probe" VALUES (1)')  # holds its lock

        async def finish_writing() -> None:
            await asyncio.sleep(0.8)
            await held.commit()

        finishing = asyncio.create_task(finish_writing())
        with caplog.at_level("WARNING", logger="saas.migrate"):
            await run_swap(
                _OneConnection(migration),
                """BEGIN; SET LOCAL lock_timeout = '100ms';
                LOCK TABLE "probe" IN ACCESS EXCLUSIVE MODE;
                INSERT INTO "probe" VALUES (2); COMMIT;""",
            )
        await finishing
        rows = await writer.fetch('SELECT n FROM "probe" ORDER BY n')
        assert [r["n"] for r in rows] == [1, 2]  # the writer's row, then the step's, once
        assert sum("gave way" in r.getMessage() for r in caplog.records) >= 1
        assert not migration.is_in_transaction()
    finally:
        await migration.close()
        await writer.close()


MIGRATION_29 = next(Path("migrations/models").glob("29_*.py"))
HISTORY_TABLES = [
    "follow_up",
    "test_drive",
    "vehicle_order",
    "service_record",
    "insurance_policy",
    "complaint",
    "survey",
]


async def test_migration_29_indexes_a_customers_history_and_mends_a_half_built_index(
    dsn: str,
) -> None:
    """Every table a customer's timeline reads gets an index by customer.
    A rerun after a build that died half-way (an invalid index left behind)
    or before it started builds them again, and leaves the valid ones."""
    db = await asyncpg.connect(dsn)
    try:
        indexes = """
            SELECT t.relname AS "table", pg_get_indexdef(i.indexrelid) AS def, i.indisvalid
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid WHERE c.relname LIKE '%\\_tenant\\_customer'
        """
        built = {r["table"]: (r["def"], r["indisvalid"]) for r in await db.fetch(indexes)}
        assert sorted(built) == sorted(HISTORY_TABLES)
        for table, (definition, valid) in built.items():
            assert valid and definition.endswith(
                f"ON public.{table} USING btree (tenant_id, customer_id)"
            )
        # A build that died half-way, and one that never started.
        await db.execute(
            "UPDATE pg_index SET indisvalid = false "
            "WHERE indexrelid = 'idx_follow_up_tenant_customer'::regclass"
        )
        await db.execute('DROP INDEX "idx_survey_tenant_customer"')
        await db.execute("DELETE FROM aerich WHERE version = $1", MIGRATION_29.name)
        assert await saas_migrate(dsn) == 0
        assert {r["table"]: (r["def"], r["indisvalid"]) for r in await db.fetch(indexes)} == built
        # One customer's follow-ups are read through it, not by scanning the group's.
        await db.execute("SET enable_seqscan = off")
        plan = await db.fetchval(
            "EXPLAIN (FORMAT TEXT) SELECT * FROM follow_up WHERE tenant_id = 1 AND customer_id = 2"
        )
        assert "idx_follow_up_tenant_customer" in plan
    finally:
        await db.close()
