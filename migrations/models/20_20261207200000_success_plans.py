"""Consultants' personal success plans (the one-to-one and the plan written
in it): a tenant table with composite foreign keys and forced row-level
security on PostgreSQL, like every tenant table.

No MODELS_STATE, as in migration 11: aerich records the models as they are
when it is applied.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "success_plan" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "consultant_id" BIGINT NOT NULL,
    "manager_id" BIGINT NOT NULL,
    "week" VARCHAR(8) NOT NULL,
    "week_start" DATE NOT NULL,
    "held_at" TIMESTAMPTZ NOT NULL,
    "figures" JSONB NOT NULL,
    "goals" JSONB NOT NULL,
    "actions" JSONB NOT NULL,
    "review_on" DATE NOT NULL,
    "status" VARCHAR(10) NOT NULL,
    "outcome" VARCHAR(1000),
    "reviewed_at" TIMESTAMPTZ,
    "reviewed_by_id" BIGINT,
    "reviews" INT NOT NULL DEFAULT 0,
    "version" INT NOT NULL DEFAULT 1,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_success_pla_tenant__consult_week" UNIQUE ("tenant_id", "consultant_id", "week_start"),
    CONSTRAINT "fk_success_plan_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_success_plan_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_success_plan_consultant_id" FOREIGN KEY ("consultant_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_success_plan_manager_id" FOREIGN KEY ("manager_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_success_plan_reviewed_by_id" FOREIGN KEY ("reviewed_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_success_pla_store_week" ON "success_plan" ("tenant_id", "store_id", "week_start");
ALTER TABLE "success_plan" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "success_plan" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "success_plan"
    USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on')
    WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on');
"""

SQLITE = """
CREATE TABLE "success_plan" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "consultant_id" BIGINT NOT NULL,
    "manager_id" BIGINT NOT NULL,
    "week" VARCHAR(8) NOT NULL,
    "week_start" DATE NOT NULL,
    "held_at" TIMESTAMP NOT NULL,
    "figures" JSON NOT NULL,
    "goals" JSON NOT NULL,
    "actions" JSON NOT NULL,
    "review_on" DATE NOT NULL,
    "status" VARCHAR(10) NOT NULL,
    "outcome" VARCHAR(1000),
    "reviewed_at" TIMESTAMP,
    "reviewed_by_id" BIGINT,
    "reviews" INT NOT NULL DEFAULT 0,
    "version" INT NOT NULL DEFAULT 1,
    CONSTRAINT "uid_success_pla_tenant__id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_success_pla_tenant__consult_week" UNIQUE ("tenant_id", "consultant_id", "week_start")
);
CREATE INDEX "idx_success_pla_store_week" ON "success_plan" ("tenant_id", "store_id", "week_start");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return 'DROP TABLE IF EXISTS "success_plan";'
