"""The first-contact deadline belongs to the OEM: `oem.sla_hours` (24 unless
the OEM's distributor sets another) and `oem.sla_warn_minutes` (null: the
deployment's SLA_WARN_MINUTES). A distributed lead keeps the deadline and the
warning instant of the moment it was received (`sla_due_at`, new
`sla_warn_at`), so a later change never moves a lead's clock.

Leads still pending when this runs are given their warning instant with the
default lead time (120 minutes before the deadline they already have); the
partial index serves the sweep's warning claim as distributed_lead_sla_pending
(migration 11) serves its breach claim. No MODELS_STATE, as in migration 11.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

PENDING = (
    """"status" = 'active' AND "sla_outcome" = 'pending' AND "first_contact_at" IS NULL"""
)

BACKFILL_POSTGRES = f"""
UPDATE "distributed_lead" SET "sla_warn_at" = "sla_due_at" - interval '120 minutes'
    WHERE {PENDING};
"""

# Tortoise keeps SQLite datetimes as ISO text in UTC ("YYYY-MM-DD HH:MM:SS[.ffffff]+00:00").
BACKFILL_SQLITE = f"""
UPDATE "distributed_lead"
    SET "sla_warn_at" = strftime('%Y-%m-%d %H:%M:%S', substr("sla_due_at", 1, 19), '-120 minutes')
        || '+00:00'
    WHERE {PENDING};
"""

COMMON = f"""
ALTER TABLE "oem" ADD "sla_hours" INT NOT NULL DEFAULT 24;
ALTER TABLE "oem" ADD "sla_warn_minutes" INT;
CREATE INDEX "distributed_lead_sla_warn" ON "distributed_lead" ("sla_warn_at")
    WHERE {PENDING} AND "warned_at" IS NULL;
"""

POSTGRES = (
    """
ALTER TABLE "distributed_lead" ADD "sla_warn_at" TIMESTAMPTZ;
"""
    + BACKFILL_POSTGRES
    + COMMON
    + """
ALTER TABLE "oem" ADD CONSTRAINT "ck_oem_sla_window" CHECK ("sla_hours" > 0
    AND ("sla_warn_minutes" IS NULL OR "sla_warn_minutes" BETWEEN 1 AND "sla_hours" * 60 - 1));
"""
)

SQLITE = (
    """
ALTER TABLE "distributed_lead" ADD "sla_warn_at" TIMESTAMP;
"""
    + BACKFILL_SQLITE
    + COMMON
)


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    postgres = db.schema_generator.DIALECT == "postgres"
    return ('ALTER TABLE "oem" DROP CONSTRAINT IF EXISTS "ck_oem_sla_window";' if postgres else "") + """
DROP INDEX IF EXISTS "distributed_lead_sla_warn";
ALTER TABLE "distributed_lead" DROP COLUMN "sla_warn_at";
ALTER TABLE "oem" DROP COLUMN "sla_warn_minutes";
ALTER TABLE "oem" DROP COLUMN "sla_hours";
"""
