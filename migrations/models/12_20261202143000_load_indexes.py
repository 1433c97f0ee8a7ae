"""Indexes for the loads that routing and owner choice count on every OEM
batch and every new lead: open OEM leads per store of an OEM, and each
consultant's open leads per store. Both partial (only the rows that count)
and covering (the count is answered from the index, without visiting the
table; tenant_id is in both because the row-level security policies read it): at full scale (3M leads) the owner-load counts of a 10,000-lead batch
read ~4,000 table pages per group from disk without them.

On PostgreSQL, the planner also learns that a store belongs to one dealer
group (extended statistics): without that it multiplies the selectivities of
`tenant_id = …` and `store_id IN …` as if independent, expects ~80 open leads
where there are ~5,000, and prefers a bitmap scan of the table to the index.

No model changes: partial indexes are not expressible in the Tortoise models.
No MODELS_STATE, as in migration 11.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

# The statuses of saas.crm.assignment.OPEN_FOR_LOAD (a test keeps them equal).
UPGRADE = """
CREATE INDEX "lead_load_by_store" ON "lead" ("tenant_id", "owner_id", "store_id", "id")
    WHERE "status" IN ('open', 'lost_pending', 'ordered');
CREATE INDEX "distributed_lead_open_by_store" ON "distributed_lead" ("oem_id", "store_id", "tenant_id", "id")
    WHERE "status" = 'active' AND "outcome" IS NULL;
"""


STATISTICS = """
CREATE STATISTICS "lead_store_tenant" (dependencies) ON "tenant_id", "store_id" FROM "lead";
ANALYZE "lead";
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return UPGRADE + (STATISTICS if db.schema_generator.DIALECT == "postgres" else "")


async def downgrade(db: BaseDBAsyncClient) -> str:
    postgres = db.schema_generator.DIALECT == "postgres"
    return ('DROP STATISTICS IF EXISTS "lead_store_tenant";' if postgres else "") + """
DROP INDEX IF EXISTS "distributed_lead_open_by_store";
DROP INDEX IF EXISTS "lead_load_by_store";
"""
