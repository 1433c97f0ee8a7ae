"""Keys that hold on Citus (the plan is `saas/models/distribution.py`), changed
online.

`distributed_lead`, `sla_event` and `distribution_import` are distributed by
`oem_id`: their primary keys become `(oem_id, id)`, `sla_event`'s unique key
and its foreign key to `distributed_lead` carry `oem_id`, and the foreign keys
from `distributed_lead` to `lead` and `store` (tables distributed by
`tenant_id`, which Citus refuses to reference from a table distributed by
another column) go; the distribution code writes those columns from the rows
it has just read.

Online, because `distributed_lead` holds millions of rows: not in one
transaction (`RUN_IN_TRANSACTION = False`) but in three steps, none of which
keeps writers waiting for longer than a catalogue update:
1. every new index is built with `CREATE INDEX CONCURRENTLY`, one statement at
   a time (PostgreSQL refuses it inside a transaction block); a failed build
   leaves an invalid index, so each is dropped first and a rerun starts clean;
   a rerun after the swap committed skips the keys already in place;
2. one short transaction swaps the constraints onto the built indexes
   (`PRIMARY KEY USING INDEX`: no scan, the columns are already NOT NULL) and
   adds the new foreign key `NOT VALID` (no scan either); `lock_timeout`
   gives up rather than queue writers behind a long transaction;
3. the foreign key is validated afterwards, under a lock that lets inserts and
   updates through.

`distributed_lead` keeps an index on `id` alone for the lookups by id.
SQLite (`make run`) gets the new unique keys as indexes; its tables keep
their old, stricter keys, which it cannot drop without rebuilding them.
"""

from tortoise import BaseDBAsyncClient

from saas.migrate import run_swap

RUN_IN_TRANSACTION = False

# Each new index, and the constraint it ends up backing (`USING INDEX` renames
# the index to the constraint's name) with the columns that constraint then
# has; None: an index that stays an index.
ONLINE_INDEXES = [
    (
        "distributed_lead_oem_id_id",
        'UNIQUE INDEX {} ON "distributed_lead" ("oem_id", "id")',
        ("distributed_lead_pkey", "oem_id,id"),
    ),
    ("distributed_lead_id", 'INDEX {} ON "distributed_lead" ("id")', None),
    (
        "sla_event_oem_id_id",
        'UNIQUE INDEX {} ON "sla_event" ("oem_id", "id")',
        ("sla_event_pkey", "oem_id,id"),
    ),
    (
        "uid_sla_event_oem_lead_kind_key",
        'UNIQUE INDEX {} ON "sla_event" ("oem_id", "distributed_lead_id", "kind", "key")',
        ("uid_sla_event_oem_lead_kind_key", "oem_id,distributed_lead_id,kind,key"),
    ),
    (
        "distribution_import_oem_id_id",
        'UNIQUE INDEX {} ON "distribution_import" ("oem_id", "id")',
        ("distribution_import_pkey", "oem_id,id"),
    ),
]

# The swap, per constraint (keyed like ONLINE_INDEXES' constraints): a rerun
# after a swap that committed leaves what is already in place alone. Every
# drop says IF EXISTS for the same reason.
SWAP_KEYS = {
    "distributed_lead_pkey": """
ALTER TABLE "distributed_lead" DROP CONSTRAINT IF EXISTS "distributed_lead_pkey";
ALTER TABLE "distributed_lead" ADD CONSTRAINT "distributed_lead_pkey"
    PRIMARY KEY USING INDEX "distributed_lead_oem_id_id";
""",
    "sla_event_pkey": """
ALTER TABLE "sla_event" DROP CONSTRAINT IF EXISTS "sla_event_pkey";
ALTER TABLE "sla_event" ADD CONSTRAINT "sla_event_pkey" PRIMARY KEY USING INDEX "sla_event_oem_id_id";
""",
    "uid_sla_event_oem_lead_kind_key": """
ALTER TABLE "sla_event" DROP CONSTRAINT IF EXISTS "uid_sla_event_distrib_750175";
ALTER TABLE "sla_event" ADD CONSTRAINT "uid_sla_event_oem_lead_kind_key"
    UNIQUE USING INDEX "uid_sla_event_oem_lead_kind_key";
""",
    "distribution_import_pkey": """
ALTER TABLE "distribution_import" DROP CONSTRAINT IF EXISTS "distribution_import_pkey";
ALTER TABLE "distribution_import" ADD CONSTRAINT "distribution_import_pkey"
    PRIMARY KEY USING INDEX "distribution_import_oem_id_id";
""",
}

# The foreign keys go before the keys they use change; the new one comes back
# NOT VALID (VALIDATE checks it after the swap has committed).
# Every lock the swap needs is taken first, in the writers' order (a lead and
# its store before the OEM's row, the row before its SLA events), so a writer
# half-way through its transaction finishes it rather than deadlocking; reads
# of leads and stores go on meanwhile.
SWAP_BEGIN = """
BEGIN;
SET LOCAL lock_timeout = '5s';
LOCK TABLE "store", "lead" IN SHARE ROW EXCLUSIVE MODE;
LOCK TABLE "distributed_lead", "sla_event", "distribution_import" IN ACCESS EXCLUSIVE MODE;
ALTER TABLE "sla_event" DROP CONSTRAINT IF EXISTS "fk_sla_event_distributed_lead";
ALTER TABLE "distributed_lead" DROP CONSTRAINT IF EXISTS "fk_distributed_lead_lead";
ALTER TABLE "distributed_lead" DROP CONSTRAINT IF EXISTS "fk_distributed_lead_store";
"""

SWAP_END = """
ALTER TABLE "sla_event" ADD CONSTRAINT "fk_sla_event_distributed_lead"
    FOREIGN KEY ("oem_id", "distributed_lead_id") REFERENCES "distributed_lead" ("oem_id", "id")
    ON DELETE CASCADE NOT VALID;
COMMIT;
"""

# The constraints already on their new columns, and the valid indexes.
IN_PLACE = """
SELECT c.conname AS name, string_agg(a.attname, ',' ORDER BY k.n) AS columns
FROM pg_constraint c
CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
WHERE c.conrelid IN ('distributed_lead'::regclass, 'sla_event'::regclass,
                     'distribution_import'::regclass)
GROUP BY c.conname
"""
VALID_INDEXES = """
SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indisvalid AND i.indrelid = 'distributed_lead'::regclass
"""

VALIDATE = """
ALTER TABLE "sla_event" VALIDATE CONSTRAINT "fk_sla_event_distributed_lead";
"""

SQLITE = """
CREATE UNIQUE INDEX IF NOT EXISTS "distributed_lead_oem_id_id" ON "distributed_lead" ("oem_id", "id");
CREATE UNIQUE INDEX IF NOT EXISTS "sla_event_oem_id_id" ON "sla_event" ("oem_id", "id");
CREATE UNIQUE INDEX IF NOT EXISTS "uid_sla_event_oem_lead_kind_key"
    ON "sla_event" ("oem_id", "distributed_lead_id", "kind", "key");
CREATE UNIQUE INDEX IF NOT EXISTS "distribution_import_oem_id_id"
    ON "distribution_import" ("oem_id", "id");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.schema_generator.DIALECT != "postgres":
        return SQLITE
    # A rerun (the process died, or VALIDATE failed, after the swap committed
    # but before aerich recorded this version) finds some keys in place: it
    # neither rebuilds their indexes (by then backing constraints, which DROP
    # INDEX refuses) nor swaps them again.
    _, rows = await db.execute_query(IN_PLACE)
    constraints = {row["name"]: row["columns"] for row in rows}
    _, rows = await db.execute_query(VALID_INDEXES)
    valid = {row["name"] for row in rows}
    swaps = []
    for name, index, key in ONLINE_INDEXES:
        if key is not None and constraints.get(key[0]) == key[1]:
            continue  # swapped already
        if key is not None:
            swaps.append(SWAP_KEYS[key[0]])
        elif name in valid:
            continue  # a plain index built by the earlier run
        await db.execute_script(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
        await db.execute_script("CREATE " + index.format(f'CONCURRENTLY "{name}"'))
    if swaps:
        await run_swap(db, SWAP_BEGIN + "".join(swaps) + SWAP_END)
    return VALIDATE


async def downgrade(db: BaseDBAsyncClient) -> str:
    if db.schema_generator.DIALECT != "postgres":
        return """
DROP INDEX IF EXISTS "distribution_import_oem_id_id";
DROP INDEX IF EXISTS "uid_sla_event_oem_lead_kind_key";
DROP INDEX IF EXISTS "sla_event_oem_id_id";
DROP INDEX IF EXISTS "distributed_lead_oem_id_id";
"""
    return """
ALTER TABLE "sla_event" DROP CONSTRAINT "fk_sla_event_distributed_lead";
ALTER TABLE "sla_event" DROP CONSTRAINT "uid_sla_event_oem_lead_kind_key";
ALTER TABLE "sla_event" ADD CONSTRAINT "uid_sla_event_distrib_750175"
    UNIQUE ("distributed_lead_id", "kind", "key");
ALTER TABLE "sla_event" DROP CONSTRAINT "sla_event_pkey";
ALTER TABLE "sla_event" ADD PRIMARY KEY ("id");
ALTER TABLE "distributed_lead" DROP CONSTRAINT "distributed_lead_pkey";
ALTER TABLE "distributed_lead" ADD PRIMARY KEY ("id");
DROP INDEX IF EXISTS "distributed_lead_id";
ALTER TABLE "distribution_import" DROP CONSTRAINT "distribution_import_pkey";
ALTER TABLE "distribution_import" ADD PRIMARY KEY ("id");
ALTER TABLE "distributed_lead" ADD CONSTRAINT "fk_distributed_lead_store" FOREIGN KEY ("tenant_id", "store_id")
    REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT;
ALTER TABLE "distributed_lead" ADD CONSTRAINT "fk_distributed_lead_lead" FOREIGN KEY ("tenant_id", "lead_id")
    REFERENCES "lead" ("tenant_id", "id") ON DELETE RESTRICT;
ALTER TABLE "sla_event" ADD CONSTRAINT "fk_sla_event_distributed_lead" FOREIGN KEY ("distributed_lead_id")
    REFERENCES "distributed_lead" ("id") ON DELETE CASCADE;
"""
