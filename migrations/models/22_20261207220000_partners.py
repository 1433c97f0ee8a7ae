"""Partners of a dealer group and the consented hand-off of customer data to
them: `partner` (banks, finance and insurance companies, alliance agents) and
`customer_data_share` (which fields went to whom, when, by whom, on which
consent), tenant tables with composite foreign keys and forced row-level
security on PostgreSQL, like every tenant table; and `lead.referred_by_partner_id`,
the partner who referred a buyer (null on every existing lead).

No MODELS_STATE, as in migration 11: aerich records the models as they are
when it is applied.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


def _rls(table: str) -> str:
    return f"""
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
CREATE TABLE "partner" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "contact_name" VARCHAR(100),
    "contact_phone" VARCHAR(32),
    "contact_email" VARCHAR(200),
    "is_active" BOOL NOT NULL DEFAULT TRUE,
    "created_by_id" BIGINT,
    "version" INT NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_partner_tenant__name" UNIQUE ("tenant_id", "name"),
    CONSTRAINT "ck_partner_kind" CHECK ("kind" IN ('bank', 'finance', 'insurance', 'alliance_agent')),
    CONSTRAINT "fk_partner_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_partner_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_partner_kind_active" ON "partner" ("tenant_id", "kind", "is_active");
"""
    + _rls("partner")
    + """
CREATE TABLE "customer_data_share" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "partner_id" BIGINT NOT NULL,
    "purpose" VARCHAR(24) NOT NULL,
    "fields_sent" JSONB NOT NULL,
    "values_sent" JSONB NOT NULL,
    "consent" VARCHAR(24) NOT NULL,
    "consent_event_id" BIGINT,
    "shared_by_id" BIGINT,
    "shared_at" TIMESTAMPTZ NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_customer_data_share_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_data_share_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_data_share_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_data_share_partner_id" FOREIGN KEY ("tenant_id", "partner_id") REFERENCES "partner" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_data_share_consent_event_id" FOREIGN KEY ("tenant_id", "consent_event_id") REFERENCES "customer_event" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_data_share_shared_by_id" FOREIGN KEY ("shared_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_customer_da_customer" ON "customer_data_share" ("tenant_id", "customer_id", "shared_at");
CREATE INDEX "idx_customer_da_partner" ON "customer_data_share" ("tenant_id", "partner_id");
"""
    + _rls("customer_data_share")
    + """
ALTER TABLE "lead" ADD "referred_by_partner_id" BIGINT;
ALTER TABLE "lead" ADD CONSTRAINT "fk_lead_referred_by_partner_id"
    FOREIGN KEY ("tenant_id", "referred_by_partner_id") REFERENCES "partner" ("tenant_id", "id") ON DELETE RESTRICT;
CREATE INDEX "idx_lead_referred_by_partner" ON "lead" ("tenant_id", "referred_by_partner_id", "created_at")
    WHERE "referred_by_partner_id" IS NOT NULL;
"""
)

SQLITE = """
CREATE TABLE "partner" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "contact_name" VARCHAR(100),
    "contact_phone" VARCHAR(32),
    "contact_email" VARCHAR(200),
    "is_active" INT NOT NULL DEFAULT 1,
    "created_by_id" BIGINT,
    "version" INT NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_partner_tenant__id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_partner_tenant__name" UNIQUE ("tenant_id", "name")
);
CREATE INDEX "idx_partner_kind_active" ON "partner" ("tenant_id", "kind", "is_active");
CREATE TABLE "customer_data_share" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "partner_id" BIGINT NOT NULL,
    "purpose" VARCHAR(24) NOT NULL,
    "fields_sent" JSON NOT NULL,
    "values_sent" JSON NOT NULL,
    "consent" VARCHAR(24) NOT NULL,
    "consent_event_id" BIGINT,
    "shared_by_id" BIGINT,
    "shared_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_customer_da_tenant__id" UNIQUE ("tenant_id", "id")
);
CREATE INDEX "idx_customer_da_customer" ON "customer_data_share" ("tenant_id", "customer_id", "shared_at");
CREATE INDEX "idx_customer_da_partner" ON "customer_data_share" ("tenant_id", "partner_id");
ALTER TABLE "lead" ADD "referred_by_partner_id" BIGINT;
CREATE INDEX "idx_lead_referred_by_partner" ON "lead" ("tenant_id", "referred_by_partner_id", "created_at");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    postgres = db.schema_generator.DIALECT == "postgres"
    drop_fk = 'ALTER TABLE "lead" DROP CONSTRAINT IF EXISTS "fk_lead_referred_by_partner_id";\n'
    return (drop_fk if postgres else "") + """
DROP INDEX IF EXISTS "idx_lead_referred_by_partner";
ALTER TABLE "lead" DROP COLUMN "referred_by_partner_id";
DROP TABLE IF EXISTS "customer_data_share";
DROP TABLE IF EXISTS "partner";
"""
