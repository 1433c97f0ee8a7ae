"""The weekly management meeting of a store (one per store and ISO week) and
its continuous-improvement actions: tenant tables with composite foreign keys
and forced row-level security on PostgreSQL, like every tenant table.

No MODELS_STATE, as in migration 11: aerich records the models as they are
when it is applied.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

_RLS = """
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
CREATE TABLE "weekly_meeting" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "week_start" DATE NOT NULL,
    "held_at" TIMESTAMPTZ NOT NULL,
    "held_by_id" BIGINT,
    "attendee_ids" JSONB NOT NULL,
    "analysis" TEXT NOT NULL DEFAULT '',
    "archived_at" TIMESTAMPTZ,
    "archived_by_id" BIGINT,
    "figures" JSONB,
    "version" INT NOT NULL DEFAULT 1,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_weekly_meet_tenant__week" UNIQUE ("tenant_id", "store_id", "week_start"),
    CONSTRAINT "fk_weekly_meeting_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_weekly_meeting_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_weekly_meeting_held_by_id" FOREIGN KEY ("held_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_weekly_meeting_archived_by_id" FOREIGN KEY ("archived_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_weekly_meet_store_held" ON "weekly_meeting" ("tenant_id", "store_id", "held_at");
"""
    + _RLS.format(table="weekly_meeting")
    + """
CREATE TABLE "meeting_action" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "meeting_id" BIGINT NOT NULL,
    "defect" VARCHAR(300) NOT NULL,
    "measure" VARCHAR(300) NOT NULL,
    "owner_id" BIGINT NOT NULL,
    "deadline" DATE NOT NULL,
    "due_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "status_note" VARCHAR(500) NOT NULL DEFAULT '',
    "status_changed_at" TIMESTAMPTZ NOT NULL,
    "status_changed_by_id" BIGINT,
    "history" JSONB NOT NULL,
    "created_by_id" BIGINT,
    "overdue_notified_at" TIMESTAMPTZ,
    "version" INT NOT NULL DEFAULT 1,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_meeting_action_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_meeting_action_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_meeting_action_meeting_id" FOREIGN KEY ("tenant_id", "meeting_id") REFERENCES "weekly_meeting" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_meeting_action_owner_id" FOREIGN KEY ("owner_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_meeting_action_status_changed_by_id" FOREIGN KEY ("status_changed_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_meeting_action_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_meeting_act_meeting" ON "meeting_action" ("tenant_id", "meeting_id");
CREATE INDEX "idx_meeting_act_owner_status" ON "meeting_action" ("tenant_id", "owner_id", "status");
CREATE INDEX "idx_meeting_act_status_due" ON "meeting_action" ("tenant_id", "status", "due_at");
"""
    + _RLS.format(table="meeting_action")
)

SQLITE = """
CREATE TABLE "weekly_meeting" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "week_start" DATE NOT NULL,
    "held_at" TIMESTAMP NOT NULL,
    "held_by_id" BIGINT,
    "attendee_ids" JSON NOT NULL,
    "analysis" TEXT NOT NULL DEFAULT '',
    "archived_at" TIMESTAMP,
    "archived_by_id" BIGINT,
    "figures" JSON,
    "version" INT NOT NULL DEFAULT 1,
    CONSTRAINT "uid_weekly_meet_tenant__id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_weekly_meet_tenant__week" UNIQUE ("tenant_id", "store_id", "week_start")
);
CREATE INDEX "idx_weekly_meet_store_held" ON "weekly_meeting" ("tenant_id", "store_id", "held_at");
CREATE TABLE "meeting_action" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "meeting_id" BIGINT NOT NULL,
    "defect" VARCHAR(300) NOT NULL,
    "measure" VARCHAR(300) NOT NULL,
    "owner_id" BIGINT NOT NULL,
    "deadline" DATE NOT NULL,
    "due_at" TIMESTAMP NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "status_note" VARCHAR(500) NOT NULL DEFAULT '',
    "status_changed_at" TIMESTAMP NOT NULL,
    "status_changed_by_id" BIGINT,
    "history" JSON NOT NULL,
    "created_by_id" BIGINT,
    "overdue_notified_at" TIMESTAMP,
    "version" INT NOT NULL DEFAULT 1,
    CONSTRAINT "uid_meeting_act_tenant__id" UNIQUE ("tenant_id", "id")
);
CREATE INDEX "idx_meeting_act_meeting" ON "meeting_action" ("tenant_id", "meeting_id");
CREATE INDEX "idx_meeting_act_owner_status" ON "meeting_action" ("tenant_id", "owner_id", "status");
CREATE INDEX "idx_meeting_act_status_due" ON "meeting_action" ("tenant_id", "status", "due_at");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return 'DROP TABLE IF EXISTS "meeting_action";\nDROP TABLE IF EXISTS "weekly_meeting";'
