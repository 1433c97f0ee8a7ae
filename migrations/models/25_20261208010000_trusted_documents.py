"""Trusted documents: the GraphQL operations frontends registered (by the
SHA-256 of their text), shared by every tenant. A global table like
`vehicle_model`: no `tenant_id`, no row-level security. No MODELS_STATE, as
in migration 11.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "trusted_document" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "document_id" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "operation" VARCHAR(12) NOT NULL,
    "body" TEXT NOT NULL,
    "registered_by_id" BIGINT,
    CONSTRAINT "fk_trusted_document_registered_by_id" FOREIGN KEY ("registered_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
"""

SQLITE = """
CREATE TABLE "trusted_document" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "document_id" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "operation" VARCHAR(12) NOT NULL,
    "body" TEXT NOT NULL,
    "registered_by_id" BIGINT REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return 'DROP TABLE IF EXISTS "trusted_document";'
