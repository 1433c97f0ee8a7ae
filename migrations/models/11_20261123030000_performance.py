"""Partial indexes for the hot paths: the SLA sweep reads only pending OEM
leads without a first contact, and lead lists read only open leads by owner or
store in due order. Each index holds just those rows, so its size and the
cost of reading it follow the open work, not the whole history.

No model changes: partial indexes are not expressible in the Tortoise models.
The file carries no MODELS_STATE on purpose: aerich then records the models as
they are when it is applied, which stays right whatever migrations came before.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

INDEXES = """
CREATE INDEX "distributed_lead_sla_pending" ON "distributed_lead" ("sla_due_at")
    WHERE "status" = 'active' AND "sla_outcome" = 'pending' AND "first_contact_at" IS NULL;
CREATE INDEX "lead_open_by_owner" ON "lead" ("tenant_id", "owner_id", "due_at", "id")
    WHERE "status" = 'open';
CREATE INDEX "lead_open_by_store" ON "lead" ("tenant_id", "store_id", "due_at", "id")
    WHERE "status" = 'open';
CREATE INDEX "follow_up_latest" ON "follow_up" ("tenant_id", "lead_id", "id");
"""

# Both dialects take the same partial index syntax.
POSTGRES = INDEXES
SQLITE = INDEXES


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP INDEX IF EXISTS "follow_up_latest";
DROP INDEX IF EXISTS "lead_open_by_store";
DROP INDEX IF EXISTS "lead_open_by_owner";
DROP INDEX IF EXISTS "distributed_lead_sla_pending";
"""
