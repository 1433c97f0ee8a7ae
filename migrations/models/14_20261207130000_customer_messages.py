"""Messages sent to customers (the thank-you after a showroom visit), kept once
per event: a tenant table with composite foreign keys and forced row-level
security on PostgreSQL, like every tenant table.

No MODELS_STATE, as in migration 11: aerich records the models as they are
when it is applied.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "customer_message" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "lead_id" BIGINT,
    "follow_up_id" BIGINT,
    "user_id" BIGINT,
    "kind" VARCHAR(32) NOT NULL,
    "channel" VARCHAR(8) NOT NULL,
    "recipient" VARCHAR(64) NOT NULL,
    "text" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ NOT NULL,
    "trigger" VARCHAR(40) NOT NULL,
    "dedup_key" VARCHAR(128) NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_customer_me_tenant__dedup" UNIQUE ("tenant_id", "dedup_key"),
    CONSTRAINT "fk_customer_message_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_message_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_message_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_message_lead_id" FOREIGN KEY ("tenant_id", "lead_id") REFERENCES "lead" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_message_follow_up_id" FOREIGN KEY ("tenant_id", "follow_up_id") REFERENCES "follow_up" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_message_user_id" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_customer_me_store_sent" ON "customer_message" ("tenant_id", "store_id", "sent_at");
CREATE INDEX "idx_customer_me_customer_sent" ON "customer_message" ("tenant_id", "customer_id", "sent_at");
CREATE INDEX "idx_customer_me_follow_up" ON "customer_message" ("tenant_id", "follow_up_id");
ALTER TABLE "customer_message" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "customer_message" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "customer_message"
    USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on')
    WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on');
"""

SQLITE = """
CREATE TABLE "customer_message" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "lead_id" BIGINT,
    "follow_up_id" BIGINT,
    "user_id" BIGINT,
    "kind" VARCHAR(32) NOT NULL,
    "channel" VARCHAR(8) NOT NULL,
    "recipient" VARCHAR(64) NOT NULL,
    "text" TEXT NOT NULL,
    "sent_at" TIMESTAMP NOT NULL,
    "trigger" VARCHAR(40) NOT NULL,
    "dedup_key" VARCHAR(128) NOT NULL,
    CONSTRAINT "uid_customer_me_tenant__id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_customer_me_tenant__dedup" UNIQUE ("tenant_id", "dedup_key")
);
CREATE INDEX "idx_customer_me_store_sent" ON "customer_message" ("tenant_id", "store_id", "sent_at");
CREATE INDEX "idx_customer_me_customer_sent" ON "customer_message" ("tenant_id", "customer_id", "sent_at");
CREATE INDEX "idx_customer_me_follow_up" ON "customer_message" ("tenant_id", "follow_up_id");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return 'DROP TABLE IF EXISTS "customer_message";'
