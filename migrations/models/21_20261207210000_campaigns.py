"""Owner events and campaigns: the campaign with its target segment, its
invitations (RSVP, attendance), and the lead's `campaign_id` (the campaign it
was taken in at; null on every existing lead). Tenant tables with composite
foreign keys and forced row-level security on PostgreSQL, like every tenant
table. No MODELS_STATE, as in migration 11.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

RLS = """
ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "{table}"
    USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on')
    WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)
           OR (SELECT current_setting('app.system_scope', true)) = 'on');
"""

POSTGRES = (
    """
CREATE TABLE "campaign" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "starts_at" TIMESTAMPTZ NOT NULL,
    "ends_at" TIMESTAMPTZ NOT NULL,
    "cost" DECIMAL(12,2),
    "status" VARCHAR(8) NOT NULL,
    "segment_tags" JSONB NOT NULL,
    "segment_value_tier" VARCHAR(1),
    "segment_lifecycle" VARCHAR(12),
    "segment_vehicle_model_id" BIGINT,
    "segment_store_id" BIGINT,
    "invited_at" TIMESTAMPTZ,
    "skipped_for_consent" INT NOT NULL DEFAULT 0,
    "created_by_id" BIGINT,
    "version" INT NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_campaign_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_campaign_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_campaign_segment_store_id" FOREIGN KEY ("tenant_id", "segment_store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_campaign_segment_vehicle_model_id" FOREIGN KEY ("segment_vehicle_model_id") REFERENCES "vehicle_model" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_campaign_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_campaign_store_starts" ON "campaign" ("tenant_id", "store_id", "starts_at");
"""
    + RLS.format(table="campaign")
    + """
CREATE TABLE "campaign_invitation" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "rsvp" VARCHAR(8),
    "rsvp_at" TIMESTAMPTZ,
    "attended" BOOLEAN NOT NULL DEFAULT FALSE,
    "attended_at" TIMESTAMPTZ,
    "recorded_by_id" BIGINT,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_campaign_in_tenant_campaign_customer" UNIQUE ("tenant_id", "campaign_id", "customer_id"),
    CONSTRAINT "fk_campaign_invitation_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_campaign_invitation_campaign_id" FOREIGN KEY ("tenant_id", "campaign_id") REFERENCES "campaign" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_campaign_invitation_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_campaign_invitation_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_campaign_invitation_recorded_by_id" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_campaign_in_campaign_store" ON "campaign_invitation" ("tenant_id", "campaign_id", "store_id");
"""
    + RLS.format(table="campaign_invitation")
    + """
ALTER TABLE "lead" ADD "campaign_id" BIGINT;
ALTER TABLE "lead" ADD CONSTRAINT "fk_lead_campaign_id" FOREIGN KEY ("tenant_id", "campaign_id") REFERENCES "campaign" ("tenant_id", "id") ON DELETE RESTRICT;
CREATE INDEX "idx_lead_campaign" ON "lead" ("tenant_id", "campaign_id") WHERE "campaign_id" IS NOT NULL;
"""
)

SQLITE = """
CREATE TABLE "campaign" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "starts_at" TIMESTAMP NOT NULL,
    "ends_at" TIMESTAMP NOT NULL,
    "cost" VARCHAR(40),
    "status" VARCHAR(8) NOT NULL,
    "segment_tags" JSON NOT NULL,
    "segment_value_tier" VARCHAR(1),
    "segment_lifecycle" VARCHAR(12),
    "segment_vehicle_model_id" BIGINT,
    "segment_store_id" BIGINT,
    "invited_at" TIMESTAMP,
    "skipped_for_consent" INT NOT NULL DEFAULT 0,
    "created_by_id" BIGINT,
    "version" INT NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_campaign_tenant__id" UNIQUE ("tenant_id", "id")
);
CREATE INDEX "idx_campaign_store_starts" ON "campaign" ("tenant_id", "store_id", "starts_at");
CREATE TABLE "campaign_invitation" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "rsvp" VARCHAR(8),
    "rsvp_at" TIMESTAMP,
    "attended" INT NOT NULL DEFAULT 0,
    "attended_at" TIMESTAMP,
    "recorded_by_id" BIGINT,
    CONSTRAINT "uid_campaign_in_tenant__id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_campaign_in_tenant_campaign_customer" UNIQUE ("tenant_id", "campaign_id", "customer_id")
);
CREATE INDEX "idx_campaign_in_campaign_store" ON "campaign_invitation" ("tenant_id", "campaign_id", "store_id");
ALTER TABLE "lead" ADD "campaign_id" BIGINT;
CREATE INDEX "idx_lead_campaign" ON "lead" ("tenant_id", "campaign_id");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP INDEX IF EXISTS "idx_lead_campaign";
ALTER TABLE "lead" DROP COLUMN "campaign_id";
DROP TABLE IF EXISTS "campaign_invitation";
DROP TABLE IF EXISTS "campaign";
"""
