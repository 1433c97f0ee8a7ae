"""Report files: the XLSX/CSV a report run's job writes once to the report
storage, with their size, row count, checksum and expiry (the file itself is
not in the database). A tenant table with a composite foreign key to its run
and forced row-level security on PostgreSQL, like every tenant table. And a
person's language for those files (`app_user.language`, null on every
existing user: their browser's).

No MODELS_STATE, as in migration 11: aerich records the models as they are
when it is applied.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "report_file" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "run_id" BIGINT NOT NULL,
    "format" VARCHAR(8) NOT NULL,
    "language" VARCHAR(8) NOT NULL,
    "storage_key" VARCHAR(300) NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "row_count" INT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "purged_at" TIMESTAMPTZ,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_report_file_tenant__run_format" UNIQUE ("tenant_id", "run_id", "format"),
    CONSTRAINT "fk_report_file_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_report_file_run_id" FOREIGN KEY ("tenant_id", "run_id") REFERENCES "report_run" ("tenant_id", "id") ON DELETE CASCADE
);
CREATE INDEX "idx_report_file_expires_at" ON "report_file" ("expires_at");
ALTER TABLE "app_user" ADD "language" VARCHAR(8);
ALTER TABLE "report_file" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "report_file" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "report_file"
    USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on')
    WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on');
"""

SQLITE = """
CREATE TABLE "report_file" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "run_id" BIGINT NOT NULL,
    "format" VARCHAR(8) NOT NULL,
    "language" VARCHAR(8) NOT NULL,
    "storage_key" VARCHAR(300) NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "row_count" INT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "purged_at" TIMESTAMP,
    CONSTRAINT "uid_report_file_tenant__id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_report_file_tenant__run_format" UNIQUE ("tenant_id", "run_id", "format")
);
CREATE INDEX "idx_report_file_expires_at" ON "report_file" ("expires_at");
ALTER TABLE "app_user" ADD "language" VARCHAR(8);
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return 'DROP TABLE IF EXISTS "report_file"; ALTER TABLE "app_user" DROP COLUMN "language";'
