"""Customer cards and their review (drafted -> signed -> entered, or returned):
a tenant table with composite foreign keys and forced row-level security on
PostgreSQL, like every tenant table.

No MODELS_STATE, as in migration 11: aerich records the models as they are
when it is applied.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "customer_card" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "consultant_id" BIGINT,
    "intent_grade" VARCHAR(1) NOT NULL,
    "next_follow_up_at" TIMESTAMPTZ NOT NULL,
    "next_follow_up_reason" VARCHAR(200) NOT NULL,
    "first_contact_at" TIMESTAMPTZ NOT NULL,
    "state" VARCHAR(12) NOT NULL,
    "state_since" TIMESTAMPTZ NOT NULL,
    "submitted_at" TIMESTAMPTZ NOT NULL,
    "submitted_by_id" BIGINT,
    "signed_at" TIMESTAMPTZ,
    "signed_by_id" BIGINT,
    "returned_at" TIMESTAMPTZ,
    "returned_by_id" BIGINT,
    "return_comment" VARCHAR(500),
    "entered_at" TIMESTAMPTZ,
    "entered_by_id" BIGINT,
    "version" INT NOT NULL DEFAULT 1,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_customer_ca_tenant__lead" UNIQUE ("tenant_id", "lead_id"),
    CONSTRAINT "fk_customer_card_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_card_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_card_lead_id" FOREIGN KEY ("tenant_id", "lead_id") REFERENCES "lead" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_card_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_card_consultant_id" FOREIGN KEY ("consultant_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_card_submitted_by_id" FOREIGN KEY ("submitted_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_card_signed_by_id" FOREIGN KEY ("signed_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_card_returned_by_id" FOREIGN KEY ("returned_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_card_entered_by_id" FOREIGN KEY ("entered_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_customer_ca_store_state" ON "customer_card" ("tenant_id", "store_id", "state", "state_since");
ALTER TABLE "customer_card" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "customer_card" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "customer_card"
    USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on')
    WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on');
"""

SQLITE = """
CREATE TABLE "customer_card" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "consultant_id" BIGINT,
    "intent_grade" VARCHAR(1) NOT NULL,
    "next_follow_up_at" TIMESTAMP NOT NULL,
    "next_follow_up_reason" VARCHAR(200) NOT NULL,
    "first_contact_at" TIMESTAMP NOT NULL,
    "state" VARCHAR(12) NOT NULL,
    "state_since" TIMESTAMP NOT NULL,
    "submitted_at" TIMESTAMP NOT NULL,
    "submitted_by_id" BIGINT,
    "signed_at" TIMESTAMP,
    "signed_by_id" BIGINT,
    "returned_at" TIMESTAMP,
    "returned_by_id" BIGINT,
    "return_comment" VARCHAR(500),
    "entered_at" TIMESTAMP,
    "entered_by_id" BIGINT,
    "version" INT NOT NULL DEFAULT 1,
    CONSTRAINT "uid_customer_ca_tenant__id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_customer_ca_tenant__lead" UNIQUE ("tenant_id", "lead_id")
);
CREATE INDEX "idx_customer_ca_store_state" ON "customer_card" ("tenant_id", "store_id", "state", "state_since");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return 'DROP TABLE IF EXISTS "customer_card";'
