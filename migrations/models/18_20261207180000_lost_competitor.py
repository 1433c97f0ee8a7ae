"""A lead lost to a competitor keeps the competitor's brand and model
(`lost_competitor_brand`, `lost_competitor_model`), for the lost-reason
analysis. Both null on every existing lead. No MODELS_STATE, as in migration 11.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
ALTER TABLE "lead" ADD "lost_competitor_brand" VARCHAR(60);
ALTER TABLE "lead" ADD "lost_competitor_model" VARCHAR(80);
"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
ALTER TABLE "lead" DROP COLUMN "lost_competitor_model";
ALTER TABLE "lead" DROP COLUMN "lost_competitor_brand";
"""
