"""The audit log, the job outbox and the webhook deliveries spread with their
owners on Citus (the plan is `saas/models/distribution.py`), changed online.

These tables held rows of a dealer group, of an OEM and of nobody, so no
column could distribute them. Now each keeps the rows of a dealer group,
keyed `(tenant_id, id)` with `tenant_id` NOT NULL, and the others move:
- `audit_log`: an OEM's entries to `oem_audit_log` (keyed `(oem_id, id)`),
  the entries of nobody (platform administrators, anonymous logins) to
  `platform_audit_log` (stays on the coordinator); both append-only and under
  row-level security like `audit_log`;
- `job_request`: the requests of no dealer group to `platform_job_request`
  (on the coordinator);
- `webhook_delivery`: the deliveries to OEMs' endpoints to
  `oem_webhook_delivery` (keyed `(oem_id, id)`, under row-level security like
  `webhook_delivery`); the unique key of both carries the owner column.
The new tables draw their ids from the old table's sequence, so an id still
names one entry, request or delivery; moved rows keep theirs.
`webhook_endpoint` keeps its keys: it becomes a reference table.

Online, as migration 26 (`RUN_IN_TRANSACTION = False`), per table:
1. the rows without a dealer group move in batches of 5,000, a transaction
   each; then one short transaction (under `lock_timeout`) moves those
   written meanwhile and adds `CHECK (tenant_id IS NOT NULL) NOT VALID`,
   which refuses new ones;
2. the check is validated (a scan under a lock that lets writers through);
3. the new primary (and unique) key's index is built `CONCURRENTLY` (dropped
   first: a failed build leaves an invalid index);
4. one short transaction sets `tenant_id` NOT NULL (no scan: the valid check
   proves it) and swaps the keys onto the indexes.
A rerun skips the tables whose primary key is already in place; any other
step runs again unchanged. SQLite (`make run`) gets the new tables and the
moves; its tables keep their keys, and an OEM's deliveries number from 10^12
(no shared sequences there).
"""

from tortoise import BaseDBAsyncClient

from saas.migrate import run_swap

RUN_IN_TRANSACTION = False

PARTY = "NULLIF(current_setting('app.{0}', true), '')::bigint"
SYSTEM = "current_setting('app.system_scope', true) = 'on'"

CREATE_TABLES = f"""
BEGIN;
CREATE TABLE IF NOT EXISTS "oem_audit_log" (
    "id" BIGINT NOT NULL DEFAULT nextval('audit_log_id_seq'),
    "created_at" TIMESTAMPTZ NOT NULL,
    "oem_id" BIGINT NOT NULL,  -- no foreign key, as in audit_log: entries outlive their OEM
    "actor_kind" VARCHAR(8),
    "actor_id" BIGINT,
    "operation" VARCHAR(64) NOT NULL,
    "outcome" VARCHAR(32) NOT NULL,
    "object_type" VARCHAR(32),
    "object_id" VARCHAR(32),
    "details" JSONB NOT NULL,
    "request_id" VARCHAR(36),
    CONSTRAINT "oem_audit_log_pkey" PRIMARY KEY ("oem_id", "id")
);
CREATE INDEX IF NOT EXISTS "idx_oem_audit_log_oem_created" ON "oem_audit_log" ("oem_id", "created_at");
CREATE TABLE IF NOT EXISTS "platform_audit_log" (
    "id" BIGINT NOT NULL DEFAULT nextval('audit_log_id_seq') PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "actor_kind" VARCHAR(8),
    "actor_id" BIGINT,
    "operation" VARCHAR(64) NOT NULL,
    "outcome" VARCHAR(32) NOT NULL,
    "object_type" VARCHAR(32),
    "object_id" VARCHAR(32),
    "details" JSONB NOT NULL,
    "request_id" VARCHAR(36)
);
CREATE TABLE IF NOT EXISTS "platform_job_request" (
    "id" BIGINT NOT NULL DEFAULT nextval('job_request_id_seq') PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "kwargs" JSONB NOT NULL,
    "enqueued_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_platform_jo_enqueue" ON "platform_job_request" ("enqueued_at");
CREATE TABLE IF NOT EXISTS "oem_webhook_delivery" (
    "id" BIGINT NOT NULL DEFAULT nextval('webhook_delivery_id_seq'),
    "created_at" TIMESTAMPTZ NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "event_id" BIGINT NOT NULL,
    "event_tenant_id" BIGINT NOT NULL,
    "event_type" VARCHAR(40) NOT NULL,
    "key" VARCHAR(40) NOT NULL,
    "body" TEXT NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ,
    "last_attempt_at" TIMESTAMPTZ,
    "response_code" INT,
    "latency_ms" INT,
    "error" VARCHAR(300),
    "replay_of_id" BIGINT,
    "endpoint_id" BIGINT NOT NULL REFERENCES "webhook_endpoint" ("id") ON DELETE CASCADE,
    CONSTRAINT "oem_webhook_delivery_pkey" PRIMARY KEY ("oem_id", "id"),
    CONSTRAINT "uid_oem_webhook_delivery_oem_endpoint_event_key"
        UNIQUE ("oem_id", "endpoint_id", "event_id", "key")
);
CREATE INDEX IF NOT EXISTS "idx_oem_webhook_status" ON "oem_webhook_delivery" ("status", "next_attempt_at");
ALTER TABLE "oem_webhook_delivery" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "oem_webhook_delivery" FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS "party_isolation" ON "oem_webhook_delivery";
CREATE POLICY "party_isolation" ON "oem_webhook_delivery"
    USING ("oem_id" = {PARTY.format("oem_id")} OR {SYSTEM})
    WITH CHECK ("oem_id" = {PARTY.format("oem_id")} OR {SYSTEM});
DROP TRIGGER IF EXISTS "oem_audit_log_append_only" ON "oem_audit_log";
CREATE TRIGGER "oem_audit_log_append_only" BEFORE UPDATE OR DELETE ON "oem_audit_log"
    FOR EACH ROW EXECUTE FUNCTION "audit_log_is_append_only"();
DROP TRIGGER IF EXISTS "platform_audit_log_append_only" ON "platform_audit_log";
CREATE TRIGGER "platform_audit_log_append_only" BEFORE UPDATE OR DELETE ON "platform_audit_log"
    FOR EACH ROW EXECUTE FUNCTION "audit_log_is_append_only"();
ALTER TABLE "oem_audit_log" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "oem_audit_log" FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS "party_isolation" ON "oem_audit_log";
CREATE POLICY "party_isolation" ON "oem_audit_log"
    USING ("oem_id" = {PARTY.format("oem_id")} OR {SYSTEM})
    WITH CHECK ("oem_id" = {PARTY.format("oem_id")} OR {SYSTEM});
-- Anyone may append an entry of nobody's (an anonymous login); only the
-- system scope reads them.
ALTER TABLE "platform_audit_log" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "platform_audit_log" FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS "party_isolation" ON "platform_audit_log";
CREATE POLICY "party_isolation" ON "platform_audit_log"
    USING ({SYSTEM}) WITH CHECK (true);
COMMIT;
"""

AUDIT_COLUMNS = (
    '"id", "created_at", "actor_kind", "actor_id", "operation", "outcome", '
    '"object_type", "object_id", "details", "request_id"'
)
JOB_COLUMNS = '"id", "created_at", "name", "kwargs", "enqueued_at"'

DELIVERY_COLUMNS = (
    '"id", "created_at", "event_id", "event_tenant_id", "event_type", "key", "body", '
    '"status", "attempts", "next_attempt_at", "last_attempt_at", "response_code", '
    '"latency_ms", "error", "replay_of_id", "endpoint_id"'
)

# table -> where its rows of no dealer group go: (table, columns, which rows).
MOVES = {
    "audit_log": [
        ("oem_audit_log", AUDIT_COLUMNS + ', "oem_id"', '"oem_id" IS NOT NULL'),
        ("platform_audit_log", AUDIT_COLUMNS, '"oem_id" IS NULL'),
    ],
    "job_request": [("platform_job_request", JOB_COLUMNS, "true")],
    "webhook_delivery": [("oem_webhook_delivery", DELIVERY_COLUMNS + ', "oem_id"', "true")],
}

# One batch: the rows leave the table and arrive in the other in one
# statement. (The audit log's trigger refuses the DELETE unless disabled for
# the transaction.)
MOVE_ROWS = """
WITH "moved" AS (
    DELETE FROM "{table}" WHERE "id" IN (
        SELECT "id" FROM "{table}" WHERE "tenant_id" IS NULL AND {rows} LIMIT {limit}
    ) RETURNING {columns}
), "arrived" AS (
    INSERT INTO "{target}" ({columns}) SELECT {columns} FROM "moved" RETURNING 1
) SELECT count(*) FROM "arrived"
"""
TRIGGER = {"audit_log": '"audit_log_append_only"'}

# Batches until none is left, a transaction each (COMMIT inside DO: PostgreSQL 11+).
MOVE_BATCHES = """
DO $$
DECLARE
    moved bigint;
BEGIN
    LOOP
        PERFORM set_config('app.system_scope', 'on', true);
        PERFORM set_config('lock_timeout', '5s', true);
        {disable}
        EXECUTE $move${move}$move$ INTO moved;
        {enable}
        COMMIT;
        EXIT WHEN moved = 0;
    END LOOP;
END
$$;
"""


def batches(table: str, target: str, columns: str, rows: str) -> str:
    trigger = TRIGGER.get(table)
    move = MOVE_ROWS.format(table=table, target=target, columns=columns, rows=rows, limit=5000)
    return MOVE_BATCHES.format(
        move=move,
        disable=f'ALTER TABLE "{table}" DISABLE TRIGGER {trigger};' if trigger else "",
        enable=f'ALTER TABLE "{table}" ENABLE TRIGGER {trigger};' if trigger else "",
    )


def last_moves(table: str) -> str:
    """The rows written since the batches, in the transaction that adds the check."""
    trigger = TRIGGER.get(table)
    statements = [
        MOVE_ROWS.format(table=table, target=t, columns=c, rows=r, limit="ALL") + ";"
        for t, c, r in MOVES[table]
    ]
    if trigger:
        statements = [
            f'ALTER TABLE "{table}" DISABLE TRIGGER {trigger};',
            *statements,
            f'ALTER TABLE "{table}" ENABLE TRIGGER {trigger};',
        ]
    return "\n".join(statements)


MOVE = """
BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL app.system_scope = 'on';
{moves}
ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{table}_tenant_id_not_null";
ALTER TABLE "{table}" ADD CONSTRAINT "{table}_tenant_id_not_null"
    CHECK ("tenant_id" IS NOT NULL) NOT VALID;
COMMIT;
"""

VALIDATE = 'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{table}_tenant_id_not_null"'

SWAP = """
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE "{table}" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{table}_pkey";
ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY USING INDEX "{table}_tenant_id_id";
{unique}
ALTER TABLE "{table}" DROP CONSTRAINT "{table}_tenant_id_not_null";
COMMIT;
"""

# table -> its unique key on the owner's column: (index and constraint name,
# columns, the constraint it replaces).
UNIQUE_KEYS = {
    "webhook_delivery": (
        "uid_webhook_delivery_tenant_endpoint_event_key",
        '"tenant_id", "endpoint_id", "event_id", "key"',
        "uid_webhook_del_endpoin_d8bbac",
    ),
}
UNIQUE_INDEX = 'CREATE UNIQUE INDEX CONCURRENTLY "{0}" ON "{1}" ({2})'
UNIQUE_SWAP = """
ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{old}";
ALTER TABLE "{table}" ADD CONSTRAINT "{name}" UNIQUE USING INDEX "{name}";
"""

PRIMARY_KEY = """
SELECT string_agg(a.attname, ',' ORDER BY k.n) AS columns
FROM pg_constraint c
CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
WHERE c.conrelid = $1::text::regclass AND c.contype = 'p'
"""

SQLITE = """
CREATE TABLE IF NOT EXISTS "oem_audit_log" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "actor_kind" VARCHAR(8),
    "actor_id" BIGINT,
    "operation" VARCHAR(64) NOT NULL,
    "outcome" VARCHAR(32) NOT NULL,
    "object_type" VARCHAR(32),
    "object_id" VARCHAR(32),
    "details" JSON NOT NULL,
    "request_id" VARCHAR(36)
);
CREATE TABLE IF NOT EXISTS "platform_audit_log" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "actor_kind" VARCHAR(8),
    "actor_id" BIGINT,
    "operation" VARCHAR(64) NOT NULL,
    "outcome" VARCHAR(32) NOT NULL,
    "object_type" VARCHAR(32),
    "object_id" VARCHAR(32),
    "details" JSON NOT NULL,
    "request_id" VARCHAR(36)
);
CREATE TABLE IF NOT EXISTS "platform_job_request" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "kwargs" JSON NOT NULL,
    "enqueued_at" TIMESTAMP
);
CREATE INDEX IF NOT EXISTS "idx_platform_jo_enqueue" ON "platform_job_request" ("enqueued_at");
CREATE TABLE IF NOT EXISTS "oem_webhook_delivery" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "event_id" BIGINT NOT NULL,
    "event_tenant_id" BIGINT NOT NULL,
    "event_type" VARCHAR(40) NOT NULL,
    "key" VARCHAR(40) NOT NULL,
    "body" TEXT NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMP,
    "last_attempt_at" TIMESTAMP,
    "response_code" INT,
    "latency_ms" INT,
    "error" VARCHAR(300),
    "replay_of_id" BIGINT,
    "endpoint_id" BIGINT NOT NULL REFERENCES "webhook_endpoint" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_oem_webhook_delivery_oem_endpoint_event_key"
        UNIQUE ("oem_id", "endpoint_id", "event_id", "key")
);
CREATE INDEX IF NOT EXISTS "idx_oem_webhook_status" ON "oem_webhook_delivery" ("status", "next_attempt_at");
CREATE UNIQUE INDEX IF NOT EXISTS "audit_log_tenant_id_id" ON "audit_log" ("tenant_id", "id");
CREATE UNIQUE INDEX IF NOT EXISTS "job_request_tenant_id_id" ON "job_request" ("tenant_id", "id");
CREATE UNIQUE INDEX IF NOT EXISTS "webhook_delivery_tenant_id_id" ON "webhook_delivery" ("tenant_id", "id");
CREATE UNIQUE INDEX IF NOT EXISTS "uid_webhook_delivery_tenant_endpoint_event_key"
    ON "webhook_delivery" ("tenant_id", "endpoint_id", "event_id", "key");
""" + "".join(
    f'INSERT INTO "{target}" ({columns}) SELECT {columns} FROM "{table}" '
    f'WHERE "tenant_id" IS NULL AND {rows};\n'
    for table, moves in MOVES.items()
    for target, columns, rows in moves
) + "".join(f'DELETE FROM "{table}" WHERE "tenant_id" IS NULL;\n' for table in MOVES) + """
-- SQLite has no sequence two tables can share: an OEM's deliveries number
-- from 10^12, so that a delivery id still names one delivery (the sender
-- looks ids up in both tables).
INSERT INTO "sqlite_sequence" ("name", "seq")
    SELECT 'oem_webhook_delivery', 0 WHERE NOT EXISTS (
        SELECT 1 FROM "sqlite_sequence" WHERE "name" = 'oem_webhook_delivery');
UPDATE "sqlite_sequence" SET "seq" = max("seq", 1000000000000) WHERE "name" = 'oem_webhook_delivery';
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.schema_generator.DIALECT != "postgres":
        return SQLITE
    await db.execute_script(CREATE_TABLES)
    for table, moves in MOVES.items():
        _, rows = await db.execute_query(PRIMARY_KEY, [table])
        if rows and rows[0]["columns"] == "tenant_id,id":
            continue  # swapped by an earlier run
        for target, columns, which in moves:
            # A batch that meets a writer's lock rolls back alone; the loop
            # runs again from the rows still left.
            await run_swap(db, batches(table, target, columns, which))
        await run_swap(db, MOVE.format(table=table, moves=last_moves(table)))
        await db.execute_script(VALIDATE.format(table=table))
        unique = UNIQUE_KEYS.get(table)
        for name, columns in [("{table}_tenant_id_id".format(table=table), '"tenant_id", "id"')] + (
            [unique[:2]] if unique else []
        ):
            await db.execute_script(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
            await db.execute_script(UNIQUE_INDEX.format(name, table, columns))
        swap = UNIQUE_SWAP.format(table=table, name=unique[0], old=unique[2]) if unique else ""
        await run_swap(db, SWAP.format(table=table, unique=swap))
    # (aerich runs what this returns; the new tables' statistics, say.)
    return (
        'ANALYZE "oem_audit_log", "platform_audit_log", "platform_job_request", '
        '"oem_webhook_delivery";'
    )


async def downgrade(db: BaseDBAsyncClient) -> str:
    if db.schema_generator.DIALECT != "postgres":
        return """
INSERT INTO "job_request" ("id", "created_at", "name", "kwargs", "enqueued_at")
    SELECT "id", "created_at", "name", "kwargs", "enqueued_at" FROM "platform_job_request";
DROP TABLE IF EXISTS "oem_webhook_delivery";
DROP INDEX IF EXISTS "webhook_delivery_tenant_id_id";
DROP INDEX IF EXISTS "uid_webhook_delivery_tenant_endpoint_event_key";
DROP TABLE IF EXISTS "platform_job_request";
DROP TABLE IF EXISTS "platform_audit_log";
DROP TABLE IF EXISTS "oem_audit_log";
DROP INDEX IF EXISTS "audit_log_tenant_id_id";
DROP INDEX IF EXISTS "job_request_tenant_id_id";
"""
    return f"""
SET LOCAL app.system_scope = 'on';
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_pkey";
ALTER TABLE "audit_log" ADD PRIMARY KEY ("id");
ALTER TABLE "audit_log" ALTER COLUMN "tenant_id" DROP NOT NULL;
INSERT INTO "audit_log" ({AUDIT_COLUMNS}, "oem_id")
    SELECT {AUDIT_COLUMNS}, "oem_id" FROM "oem_audit_log";
INSERT INTO "audit_log" ({AUDIT_COLUMNS}) SELECT {AUDIT_COLUMNS} FROM "platform_audit_log";
DROP TABLE "oem_audit_log";
DROP TABLE "platform_audit_log";
ALTER TABLE "job_request" DROP CONSTRAINT "job_request_pkey";
ALTER TABLE "job_request" ADD PRIMARY KEY ("id");
ALTER TABLE "job_request" ALTER COLUMN "tenant_id" DROP NOT NULL;
INSERT INTO "job_request" ({JOB_COLUMNS}) SELECT {JOB_COLUMNS} FROM "platform_job_request";
DROP TABLE "platform_job_request";
ALTER TABLE "webhook_delivery" DROP CONSTRAINT "uid_webhook_delivery_tenant_endpoint_event_key";
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "uid_webhook_del_endpoin_d8bbac"
    UNIQUE ("endpoint_id", "event_id", "key");
ALTER TABLE "webhook_delivery" DROP CONSTRAINT "webhook_delivery_pkey";
ALTER TABLE "webhook_delivery" ADD PRIMARY KEY ("id");
ALTER TABLE "webhook_delivery" ALTER COLUMN "tenant_id" DROP NOT NULL;
INSERT INTO "webhook_delivery" ({DELIVERY_COLUMNS}, "oem_id")
    SELECT {DELIVERY_COLUMNS}, "oem_id" FROM "oem_webhook_delivery";
DROP TABLE "oem_webhook_delivery";
"""
