"""The audit log and the job outbox spread with their owners on Citus (the
plan is `saas/models/distribution.py`), changed online.

Both tables held rows of a dealer group, of an OEM and of nobody, so no
column could distribute them. Now each keeps the rows of a dealer group,
keyed `(tenant_id, id)` with `tenant_id` NOT NULL, and the others move:
- `audit_log`: an OEM's entries to `oem_audit_log` (keyed `(oem_id, id)`),
  the entries of nobody (platform administrators, anonymous logins) to
  `platform_audit_log` (stays on the coordinator); both append-only and under
  row-level security like `audit_log`;
- `job_request`: the requests of no dealer group to `platform_job_request`
  (on the coordinator).
The new tables draw their ids from the old table's sequence, so an id still
names one entry or one request; moved rows keep theirs.

Online, as migration 26 (`RUN_IN_TRANSACTION = False`), per table:
1. one short transaction (under `lock_timeout`) moves the rows without a
   dealer group (few: an index on `tenant_id` finds them) and adds
   `CHECK (tenant_id IS NOT NULL) NOT VALID`, which refuses new ones;
2. the check is validated (a scan under a lock that lets writers through);
3. the new primary key's index is built `CONCURRENTLY` (dropped first: a
   failed build leaves an invalid index);
4. one short transaction sets `tenant_id` NOT NULL (no scan: the valid check
   proves it) and swaps the primary key onto the index.
A rerun skips the tables whose primary key is already in place; any other
step runs again unchanged. SQLite (`make run`) gets the new tables and the
moves; its tables keep their keys.
"""

from tortoise import BaseDBAsyncClient

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

# table -> the statements that move its rows of no dealer group out (inside
# the first transaction; the audit log's trigger refuses the DELETE otherwise).
MOVES = {
    "audit_log": f"""
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_append_only";
INSERT INTO "oem_audit_log" ({AUDIT_COLUMNS}, "oem_id")
    SELECT {AUDIT_COLUMNS}, "oem_id" FROM "audit_log"
    WHERE "tenant_id" IS NULL AND "oem_id" IS NOT NULL;
INSERT INTO "platform_audit_log" ({AUDIT_COLUMNS})
    SELECT {AUDIT_COLUMNS} FROM "audit_log" WHERE "tenant_id" IS NULL AND "oem_id" IS NULL;
DELETE FROM "audit_log" WHERE "tenant_id" IS NULL;
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_append_only";
""",
    "job_request": f"""
INSERT INTO "platform_job_request" ({JOB_COLUMNS})
    SELECT {JOB_COLUMNS} FROM "job_request" WHERE "tenant_id" IS NULL;
DELETE FROM "job_request" WHERE "tenant_id" IS NULL;
""",
}

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
ALTER TABLE "{table}" DROP CONSTRAINT "{table}_tenant_id_not_null";
COMMIT;
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
CREATE UNIQUE INDEX IF NOT EXISTS "audit_log_tenant_id_id" ON "audit_log" ("tenant_id", "id");
CREATE UNIQUE INDEX IF NOT EXISTS "job_request_tenant_id_id" ON "job_request" ("tenant_id", "id");
""" + "".join(
    MOVES[table].replace('ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_append_only";', "")
    .replace('ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_append_only";', "")
    for table in MOVES
)


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.schema_generator.DIALECT != "postgres":
        return SQLITE
    await db.execute_script(CREATE_TABLES)
    for table, moves in MOVES.items():
        _, rows = await db.execute_query(PRIMARY_KEY, [table])
        if rows and rows[0]["columns"] == "tenant_id,id":
            continue  # swapped by an earlier run
        await db.execute_script(MOVE.format(table=table, moves=moves))
        await db.execute_script(VALIDATE.format(table=table))
        await db.execute_script(f'DROP INDEX CONCURRENTLY IF EXISTS "{table}_tenant_id_id"')
        await db.execute_script(
            f'CREATE UNIQUE INDEX CONCURRENTLY "{table}_tenant_id_id" ON "{table}" ("tenant_id", "id")'
        )
        await db.execute_script(SWAP.format(table=table))
    # (aerich runs what this returns; the new tables' statistics, say.)
    return 'ANALYZE "oem_audit_log", "platform_audit_log", "platform_job_request";'


async def downgrade(db: BaseDBAsyncClient) -> str:
    if db.schema_generator.DIALECT != "postgres":
        return """
INSERT INTO "job_request" ("id", "created_at", "name", "kwargs", "enqueued_at")
    SELECT "id", "created_at", "name", "kwargs", "enqueued_at" FROM "platform_job_request";
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
"""
