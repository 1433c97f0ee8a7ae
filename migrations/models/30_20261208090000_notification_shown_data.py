"""A notification's data as the API prints it (its ids as global ids),
written with the row by `saas.notify.notify`: the compiled notification list
sends it as it is instead of rebuilding every row's JSON in SQL, which had
cost PostgreSQL 9-18 microseconds a row (`bench/README.md`, section 1e,
seventh round).

A new nullable column without a default: PostgreSQL adds it without
rewriting the table, holding its lock for a moment once it has it; under
`lock_timeout` (as migrations 26 and 28), so that a long transaction on the
table fails the migration instead of queueing every writer behind it. Rows
written before keep NULL there and are rebuilt from their data as before,
so nothing is backfilled. No MODELS_STATE, as in migration 11."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    add = 'ALTER TABLE "notification" ADD "shown_data" TEXT;'
    if db.schema_generator.DIALECT == "postgres":
        return "SET LOCAL lock_timeout = '5s';\n" + add
    return add


async def downgrade(db: BaseDBAsyncClient) -> str:
    return 'ALTER TABLE "notification" DROP COLUMN "shown_data";'
