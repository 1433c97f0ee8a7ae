"""Indexes for the hot paths. Partial ones: the SLA sweep reads only pending
OEM leads without a first contact, and lead lists read only open leads by
owner or store in due order; each holds just those rows, so its size and the
cost of reading it follow the open work, not the whole history. Reports count
leads and follow-ups of a store by period. And the row-level security
policies read their settings once per statement, not once per row.

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
CREATE INDEX "lead_store_created" ON "lead" ("tenant_id", "store_id", "created_at");
CREATE INDEX "lead_store_lost" ON "lead" ("tenant_id", "store_id", "closed_at")
    WHERE "status" = 'lost';
"""

TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::bigint"
OEM = "NULLIF(current_setting('app.oem_id', true), '')::bigint"
SYSTEM = "current_setting('app.system_scope', true) = 'on'"


def _policies(wrap: bool) -> str:
    """Row-level security reads its settings once per statement when each
    current_setting() sits in a scalar subquery (an InitPlan), instead of once
    per row; same rows either way."""

    def once(expr: str) -> str:
        return f"(SELECT {expr})" if wrap else expr

    tenant = f'"tenant_id" = {once(TENANT)} OR {once(SYSTEM)}'
    party = f'"tenant_id" = {once(TENANT)} OR "oem_id" = {once(OEM)} OR {once(SYSTEM)}'
    quoted = tenant.replace("'", "''")  # inside the format() string literal
    return f"""
DO $$
DECLARE t regclass;
BEGIN
    FOR t IN SELECT polrelid::regclass FROM pg_policy WHERE polname = 'tenant_isolation' LOOP
        EXECUTE format('ALTER POLICY "tenant_isolation" ON %s USING ({quoted}) WITH CHECK ({quoted})', t);
    END LOOP;
END $$;
ALTER POLICY "party_isolation" ON "distributed_lead" USING ({party}) WITH CHECK ({party});
ALTER POLICY "party_isolation" ON "sla_event" USING ({party}) WITH CHECK ({party});
"""


# Reports count follow-ups of a store and period by person, channel and due
# time: with those columns in the index PostgreSQL answers from the index alone.
POSTGRES = (
    INDEXES
    + """CREATE INDEX "follow_up_store_period" ON "follow_up" ("tenant_id", "store_id", "happened_at")
    INCLUDE ("user_id", "channel", "due_at_before", "lead_id");
"""
    + _policies(wrap=True)
)
SQLITE = INDEXES


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    policies = _policies(wrap=False) if db.schema_generator.DIALECT == "postgres" else ""
    return (
        policies
        + """
DROP INDEX IF EXISTS "follow_up_store_period";
DROP INDEX IF EXISTS "lead_store_lost";
DROP INDEX IF EXISTS "lead_store_created";
DROP INDEX IF EXISTS "follow_up_latest";
DROP INDEX IF EXISTS "lead_open_by_store";
DROP INDEX IF EXISTS "lead_open_by_owner";
DROP INDEX IF EXISTS "distributed_lead_sla_pending";
"""
    )
