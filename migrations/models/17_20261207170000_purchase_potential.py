"""A customer's purchase potential (high / medium / low, beside the intent
grade) and, for key customers, a credit rating with its basis, date and who
set it. New nullable columns on an existing tenant table: its row-level
security already covers them. No MODELS_STATE, as in migration 11."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

COMMON = """
ALTER TABLE "customer" ADD "purchase_potential" VARCHAR(8);
ALTER TABLE "customer" ADD "credit_rating" VARCHAR(12);
ALTER TABLE "customer" ADD "credit_rating_basis" VARCHAR(500);
ALTER TABLE "customer" ADD "credit_rated_on" DATE;
ALTER TABLE "customer" ADD "credit_rated_by_id" BIGINT;
"""

POSTGRES = (
    COMMON
    + """
ALTER TABLE "customer" ADD CONSTRAINT "ck_customer_purchase_potential"
    CHECK ("purchase_potential" IN ('high', 'medium', 'low'));
ALTER TABLE "customer" ADD CONSTRAINT "ck_customer_credit_rating"
    CHECK ("credit_rating" IS NULL OR ("credit_rating" IN ('excellent', 'good', 'fair', 'poor')
        AND "credit_rating_basis" IS NOT NULL AND "credit_rated_on" IS NOT NULL));
"""
)


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else COMMON


async def downgrade(db: BaseDBAsyncClient) -> str:
    postgres = db.schema_generator.DIALECT == "postgres"
    drop_checks = """
ALTER TABLE "customer" DROP CONSTRAINT IF EXISTS "ck_customer_credit_rating";
ALTER TABLE "customer" DROP CONSTRAINT IF EXISTS "ck_customer_purchase_potential";
"""
    return (drop_checks if postgres else "") + """
ALTER TABLE "customer" DROP COLUMN "credit_rated_by_id";
ALTER TABLE "customer" DROP COLUMN "credit_rated_on";
ALTER TABLE "customer" DROP COLUMN "credit_rating_basis";
ALTER TABLE "customer" DROP COLUMN "credit_rating";
ALTER TABLE "customer" DROP COLUMN "purchase_potential";
"""
