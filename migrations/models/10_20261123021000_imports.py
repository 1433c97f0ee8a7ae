"""Spreadsheet imports of customers and leads: the run (parsed rows, progress,
counts) and the result of every row (tenant tables with forced RLS on
PostgreSQL)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "import_run" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "file_name" VARCHAR(200) NOT NULL,
    "content_sha256" VARCHAR(64) NOT NULL,
    "dedup_key" VARCHAR(100),
    "dry_run" BOOL NOT NULL,
    "requested_by_id" BIGINT,
    "rows" JSONB NOT NULL,
    "total" INT NOT NULL,
    "processed" INT NOT NULL,
    "created" INT NOT NULL,
    "merged" INT NOT NULL,
    "rejected" INT NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_import_run_tenant_dedup" UNIQUE ("tenant_id", "dedup_key"),
    CONSTRAINT "fk_import_run_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_import_run_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT
);
CREATE TABLE "import_row" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "import_run_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "row_no" INT NOT NULL,
    "outcome" VARCHAR(8) NOT NULL,
    "customer_id" BIGINT,
    "lead_id" BIGINT,
    "column_name" VARCHAR(32),
    "message" TEXT,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_import_row_tenant_run_row" UNIQUE ("tenant_id", "import_run_id", "row_no"),
    CONSTRAINT "fk_import_row_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_import_row_import_run_id" FOREIGN KEY ("tenant_id", "import_run_id") REFERENCES "import_run" ("tenant_id", "id") ON DELETE CASCADE,
    CONSTRAINT "fk_import_row_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT
);
ALTER TABLE "import_run" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "import_run" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "import_run"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "import_row" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "import_row" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "import_row"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
"""

SQLITE = """
CREATE TABLE "import_run" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "file_name" VARCHAR(200) NOT NULL,
    "content_sha256" VARCHAR(64) NOT NULL,
    "dedup_key" VARCHAR(100),
    "dry_run" INT NOT NULL,
    "requested_by_id" BIGINT,
    "rows" JSON NOT NULL,
    "total" INT NOT NULL,
    "processed" INT NOT NULL,
    "created" INT NOT NULL,
    "merged" INT NOT NULL,
    "rejected" INT NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "started_at" TIMESTAMP,
    "finished_at" TIMESTAMP,
    CONSTRAINT "uid_import_run_tenant__id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_import_run_tenant_dedup" UNIQUE ("tenant_id", "dedup_key")
);
CREATE TABLE "import_row" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "import_run_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "row_no" INT NOT NULL,
    "outcome" VARCHAR(8) NOT NULL,
    "customer_id" BIGINT,
    "lead_id" BIGINT,
    "column_name" VARCHAR(32),
    "message" TEXT,
    CONSTRAINT "uid_import_row_tenant__id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_import_row_tenant_run_row" UNIQUE ("tenant_id", "import_run_id", "row_no")
);
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "import_row";
DROP TABLE IF EXISTS "import_run";
"""
