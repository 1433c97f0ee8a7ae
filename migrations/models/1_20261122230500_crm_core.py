"""Sales CRM core: vehicle catalogue, customers, tags, leads, assignments,
follow-ups, test drives, orders, product lines and per-store counters.

PostgreSQL: every tenant table has a (tenant_id, id) primary key, composite
(tenant_id, x_id) foreign keys to other tenant tables, and forced row-level
security. SQLite (embedded default) gets the same tables without RLS.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "vehicle_model" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "brand" VARCHAR(64) NOT NULL,
    "series" VARCHAR(64) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "model_class" VARCHAR(16) NOT NULL,
    "is_active" BOOL NOT NULL,
    CONSTRAINT "uid_vehicle_mod_brand_8b4eda" UNIQUE ("brand", "name")
);
CREATE TABLE "customer" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "archive_no" VARCHAR(48) NOT NULL,
    "owner_id" BIGINT,
    "name" VARCHAR(100) NOT NULL,
    "phone" VARCHAR(20) NOT NULL,
    "wechat" VARCHAR(64),
    "gender" VARCHAR(8),
    "birthday" DATE,
    "city" VARCHAR(64),
    "occupation" VARCHAR(64),
    "income_band" VARCHAR(16),
    "model_class" VARCHAR(16),
    "budget_min" INT,
    "budget_max" INT,
    "purpose" VARCHAR(32),
    "focus_points" JSONB NOT NULL,
    "expected_purchase" VARCHAR(16),
    "consent_marketing" BOOL NOT NULL,
    "consent_share_finance" BOOL NOT NULL,
    "consent_share_insurance" BOOL NOT NULL,
    "merged_into_id" BIGINT,
    "version" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_customer_tenant__cdd036" UNIQUE ("tenant_id", "phone"),
    CONSTRAINT "uid_customer_tenant__93b727" UNIQUE ("tenant_id", "archive_no"),
    CONSTRAINT "fk_customer_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_merged_into_id" FOREIGN KEY ("tenant_id", "merged_into_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_owner_id" FOREIGN KEY ("owner_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_customer_tenant__9d364f" ON "customer" ("tenant_id", "store_id", "owner_id");
CREATE TABLE "customer_tag" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "tag" VARCHAR(48) NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "added_by_id" BIGINT,
    "removed_at" TIMESTAMPTZ,
    "removed_by_id" BIGINT,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_customer_tag_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_tag_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_tag_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_tag_added_by_id" FOREIGN KEY ("added_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_tag_removed_by_id" FOREIGN KEY ("removed_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_customer_ta_tenant__bb57fc" ON "customer_tag" ("tenant_id", "customer_id");
CREATE TABLE "customer_event" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "actor_id" BIGINT,
    "data" JSONB NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_customer_event_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_event_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_event_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_customer_event_actor_id" FOREIGN KEY ("actor_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_customer_ev_tenant__d75f21" ON "customer_event" ("tenant_id", "customer_id", "kind");
CREATE TABLE "lead" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "owner_id" BIGINT,
    "source_channel" VARCHAR(24) NOT NULL,
    "vehicle_model_id" BIGINT,
    "budget_min" INT,
    "budget_max" INT,
    "expected_purchase_date" DATE,
    "intent_grade" VARCHAR(1) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "stage" VARCHAR(24) NOT NULL,
    "is_important" BOOL NOT NULL,
    "next_follow_up_at" TIMESTAMPTZ,
    "next_follow_up_reason" VARCHAR(200),
    "cadence_due_at" TIMESTAMPTZ,
    "due_at" TIMESTAMPTZ,
    "first_follow_up_at" TIMESTAMPTZ,
    "last_follow_up_at" TIMESTAMPTZ,
    "follow_up_count" INT NOT NULL,
    "lost_reason" VARCHAR(32),
    "lost_note" VARCHAR(500),
    "lost_requested_by_id" BIGINT,
    "closed_at" TIMESTAMPTZ,
    "version" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_lead_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_owner_id" FOREIGN KEY ("owner_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_lost_requested_by_id" FOREIGN KEY ("lost_requested_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_vehicle_model" FOREIGN KEY ("vehicle_model_id") REFERENCES "vehicle_model" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_lead_tenant__3489be" ON "lead" ("tenant_id", "store_id", "status", "due_at");
CREATE INDEX "idx_lead_tenant__fcbbe8" ON "lead" ("tenant_id", "owner_id", "status", "due_at");
CREATE INDEX "idx_lead_tenant__b0e06a" ON "lead" ("tenant_id", "customer_id");
CREATE TABLE "lead_assignment" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "from_user_id" BIGINT,
    "to_user_id" BIGINT NOT NULL,
    "reason" VARCHAR(300) NOT NULL,
    "is_automatic" BOOL NOT NULL,
    "assigned_by_id" BIGINT,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_lead_assignment_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_assignment_lead_id" FOREIGN KEY ("tenant_id", "lead_id") REFERENCES "lead" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_assignment_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_assignment_from_user_id" FOREIGN KEY ("from_user_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_assignment_to_user_id" FOREIGN KEY ("to_user_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_assignment_assigned_by_id" FOREIGN KEY ("assigned_by_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_lead_assign_tenant__9427f3" ON "lead_assignment" ("tenant_id", "lead_id");
CREATE INDEX "idx_lead_assign_tenant__18b8f3" ON "lead_assignment" ("tenant_id", "store_id", "to_user_id");
CREATE TABLE "lead_event" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "actor_id" BIGINT,
    "from_value" VARCHAR(64),
    "to_value" VARCHAR(64),
    "reason" VARCHAR(300),
    "data" JSONB NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_lead_event_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_event_lead_id" FOREIGN KEY ("tenant_id", "lead_id") REFERENCES "lead" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_event_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_event_actor_id" FOREIGN KEY ("actor_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_lead_event_tenant__acab1b" ON "lead_event" ("tenant_id", "lead_id", "kind");
CREATE TABLE "follow_up" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "user_id" BIGINT,
    "channel" VARCHAR(16) NOT NULL,
    "happened_at" TIMESTAMPTZ NOT NULL,
    "content" TEXT NOT NULL,
    "result" VARCHAR(200),
    "grade_before" VARCHAR(1),
    "grade_after" VARCHAR(1),
    "stage_before" VARCHAR(24),
    "stage_after" VARCHAR(24),
    "next_follow_up_at" TIMESTAMPTZ,
    "next_follow_up_reason" VARCHAR(200),
    "is_automatic" BOOL NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_follow_up_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_follow_up_lead_id" FOREIGN KEY ("tenant_id", "lead_id") REFERENCES "lead" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_follow_up_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_follow_up_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_follow_up_user_id" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_follow_up_tenant__d83ba7" ON "follow_up" ("tenant_id", "lead_id", "happened_at");
CREATE INDEX "idx_follow_up_tenant__bdcf2b" ON "follow_up" ("tenant_id", "store_id", "happened_at");
CREATE TABLE "test_drive" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vehicle_model_id" BIGINT NOT NULL,
    "consultant_id" BIGINT,
    "scheduled_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "completed_at" TIMESTAMPTZ,
    "feedback" TEXT,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_test_drive_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_test_drive_lead_id" FOREIGN KEY ("tenant_id", "lead_id") REFERENCES "lead" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_test_drive_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_test_drive_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_test_drive_consultant_id" FOREIGN KEY ("consultant_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_test_drive_vehicle_model" FOREIGN KEY ("vehicle_model_id") REFERENCES "vehicle_model" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_test_drive_tenant__6cabb5" ON "test_drive" ("tenant_id", "lead_id");
CREATE INDEX "idx_test_drive_tenant__f5915d" ON "test_drive" ("tenant_id", "store_id", "scheduled_at");
CREATE TABLE "vehicle_order" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vehicle_model_id" BIGINT NOT NULL,
    "configuration" VARCHAR(300),
    "price" DECIMAL(12,2) NOT NULL,
    "payment_method" VARCHAR(8) NOT NULL,
    "deposit" DECIMAL(12,2) NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "signed_at" TIMESTAMPTZ NOT NULL,
    "delivered_at" TIMESTAMPTZ,
    "cancelled_at" TIMESTAMPTZ,
    "cancel_reason" VARCHAR(300),
    "consultant_id" BIGINT,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_vehicle_order_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_vehicle_order_lead_id" FOREIGN KEY ("tenant_id", "lead_id") REFERENCES "lead" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_vehicle_order_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_vehicle_order_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_vehicle_order_consultant_id" FOREIGN KEY ("consultant_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_vehicle_order_vehicle_model" FOREIGN KEY ("vehicle_model_id") REFERENCES "vehicle_model" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_vehicle_ord_tenant__376450" ON "vehicle_order" ("tenant_id", "lead_id");
CREATE INDEX "idx_vehicle_ord_tenant__35c8cb" ON "vehicle_order" ("tenant_id", "store_id", "status");
CREATE TABLE "consultant_product_line" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "series" VARCHAR(64) NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_consultant__tenant__6072ba" UNIQUE ("tenant_id", "store_id", "user_id", "series"),
    CONSTRAINT "fk_consultant_product_line_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_consultant_product_line_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_consultant_product_line_user_id" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE TABLE "store_counter" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "name" VARCHAR(32) NOT NULL,
    "value" BIGINT NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_store_count_tenant__9db276" UNIQUE ("tenant_id", "store_id", "name"),
    CONSTRAINT "fk_store_counter_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_store_counter_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT
);
ALTER TABLE "customer" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "customer" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "customer"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "customer_tag" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "customer_tag" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "customer_tag"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "customer_event" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "customer_event" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "customer_event"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "lead" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "lead" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "lead"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "lead_assignment" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "lead_assignment" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "lead_assignment"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "lead_event" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "lead_event" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "lead_event"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "follow_up" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "follow_up" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "follow_up"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "test_drive" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "test_drive" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "test_drive"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "vehicle_order" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "vehicle_order" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "vehicle_order"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "consultant_product_line" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "consultant_product_line" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "consultant_product_line"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "store_counter" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "store_counter" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "store_counter"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
"""

SQLITE = """
CREATE TABLE "vehicle_model" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "brand" VARCHAR(64) NOT NULL,
    "series" VARCHAR(64) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "model_class" VARCHAR(16) NOT NULL,
    "is_active" INT NOT NULL,
    CONSTRAINT "uid_vehicle_mod_brand_8b4eda" UNIQUE ("brand", "name")
) /* One sellable model, e.g. brand Huaxia, series Aurora, model 'Aurora 2.0T Luxury'. */;
CREATE TABLE "customer" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "archive_no" VARCHAR(48) NOT NULL,
    "owner_id" BIGINT,
    "name" VARCHAR(100) NOT NULL,
    "phone" VARCHAR(20) NOT NULL,
    "wechat" VARCHAR(64),
    "gender" VARCHAR(8),
    "birthday" DATE,
    "city" VARCHAR(64),
    "occupation" VARCHAR(64),
    "income_band" VARCHAR(16),
    "model_class" VARCHAR(16),
    "budget_min" INT,
    "budget_max" INT,
    "purpose" VARCHAR(32),
    "focus_points" JSON NOT NULL,
    "expected_purchase" VARCHAR(16),
    "consent_marketing" INT NOT NULL,
    "consent_share_finance" INT NOT NULL,
    "consent_share_insurance" INT NOT NULL,
    "merged_into_id" BIGINT,
    "version" INT NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_customer_tenant__bd6f2e" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_customer_tenant__cdd036" UNIQUE ("tenant_id", "phone"),
    CONSTRAINT "uid_customer_tenant__93b727" UNIQUE ("tenant_id", "archive_no")
) /* A customer archive (客户档案). The normalised phone is unique per tenant. */;
CREATE INDEX "idx_customer_tenant__9d364f" ON "customer" ("tenant_id", "store_id", "owner_id");
CREATE TABLE "customer_tag" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "tag" VARCHAR(48) NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "added_by_id" BIGINT,
    "removed_at" TIMESTAMP,
    "removed_by_id" BIGINT,
    CONSTRAINT "uid_customer_ta_tenant__b176e7" UNIQUE ("tenant_id", "id")
) /* A tag on a customer; removal keeps the row (removed_at) as history. */;
CREATE INDEX "idx_customer_ta_tenant__bb57fc" ON "customer_tag" ("tenant_id", "customer_id");
CREATE TABLE "customer_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "actor_id" BIGINT,
    "data" JSON NOT NULL,
    CONSTRAINT "uid_customer_ev_tenant__4566e9" UNIQUE ("tenant_id", "id")
) /* Append-only history of a customer: consents, tags, merges, phone reveals. */;
CREATE INDEX "idx_customer_ev_tenant__d75f21" ON "customer_event" ("tenant_id", "customer_id", "kind");
CREATE TABLE "lead" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "owner_id" BIGINT,
    "source_channel" VARCHAR(24) NOT NULL,
    "vehicle_model_id" BIGINT,
    "budget_min" INT,
    "budget_max" INT,
    "expected_purchase_date" DATE,
    "intent_grade" VARCHAR(1) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "stage" VARCHAR(24) NOT NULL,
    "is_important" INT NOT NULL,
    "next_follow_up_at" TIMESTAMP,
    "next_follow_up_reason" VARCHAR(200),
    "cadence_due_at" TIMESTAMP,
    "due_at" TIMESTAMP,
    "first_follow_up_at" TIMESTAMP,
    "last_follow_up_at" TIMESTAMP,
    "follow_up_count" INT NOT NULL,
    "lost_reason" VARCHAR(32),
    "lost_note" VARCHAR(500),
    "lost_requested_by_id" BIGINT,
    "closed_at" TIMESTAMP,
    "version" INT NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_lead_tenant__e5f413" UNIQUE ("tenant_id", "id")
) /* A customer's buying intent at one store (潜客). */;
CREATE INDEX "idx_lead_tenant__3489be" ON "lead" ("tenant_id", "store_id", "status", "due_at");
CREATE INDEX "idx_lead_tenant__fcbbe8" ON "lead" ("tenant_id", "owner_id", "status", "due_at");
CREATE INDEX "idx_lead_tenant__b0e06a" ON "lead" ("tenant_id", "customer_id");
CREATE TABLE "lead_assignment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "from_user_id" BIGINT,
    "to_user_id" BIGINT NOT NULL,
    "reason" VARCHAR(300) NOT NULL,
    "is_automatic" INT NOT NULL,
    "assigned_by_id" BIGINT,
    CONSTRAINT "uid_lead_assign_tenant__3ad88f" UNIQUE ("tenant_id", "id")
) /* Who owned a lead from when, why, and who decided (history). */;
CREATE INDEX "idx_lead_assign_tenant__9427f3" ON "lead_assignment" ("tenant_id", "lead_id");
CREATE INDEX "idx_lead_assign_tenant__18b8f3" ON "lead_assignment" ("tenant_id", "store_id", "to_user_id");
CREATE TABLE "lead_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "actor_id" BIGINT,
    "from_value" VARCHAR(64),
    "to_value" VARCHAR(64),
    "reason" VARCHAR(300),
    "data" JSON NOT NULL,
    CONSTRAINT "uid_lead_event_tenant__4cbf28" UNIQUE ("tenant_id", "id")
) /* Append-only history of a lead: stage moves, grade changes, next-date */;
CREATE INDEX "idx_lead_event_tenant__acab1b" ON "lead_event" ("tenant_id", "lead_id", "kind");
CREATE TABLE "follow_up" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "user_id" BIGINT,
    "channel" VARCHAR(16) NOT NULL,
    "happened_at" TIMESTAMP NOT NULL,
    "content" TEXT NOT NULL,
    "result" VARCHAR(200),
    "grade_before" VARCHAR(1),
    "grade_after" VARCHAR(1),
    "stage_before" VARCHAR(24),
    "stage_after" VARCHAR(24),
    "next_follow_up_at" TIMESTAMP,
    "next_follow_up_reason" VARCHAR(200),
    "is_automatic" INT NOT NULL,
    CONSTRAINT "uid_follow_up_tenant__440192" UNIQUE ("tenant_id", "id")
) /* One contact with the customer about a lead (跟进记录). */;
CREATE INDEX "idx_follow_up_tenant__d83ba7" ON "follow_up" ("tenant_id", "lead_id", "happened_at");
CREATE INDEX "idx_follow_up_tenant__bdcf2b" ON "follow_up" ("tenant_id", "store_id", "happened_at");
CREATE TABLE "test_drive" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vehicle_model_id" BIGINT NOT NULL,
    "consultant_id" BIGINT,
    "scheduled_at" TIMESTAMP NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "completed_at" TIMESTAMP,
    "feedback" TEXT,
    CONSTRAINT "uid_test_drive_tenant__b57997" UNIQUE ("tenant_id", "id")
) /* A scheduled or completed test drive. */;
CREATE INDEX "idx_test_drive_tenant__6cabb5" ON "test_drive" ("tenant_id", "lead_id");
CREATE INDEX "idx_test_drive_tenant__f5915d" ON "test_drive" ("tenant_id", "store_id", "scheduled_at");
CREATE TABLE "vehicle_order" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "lead_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vehicle_model_id" BIGINT NOT NULL,
    "configuration" VARCHAR(300),
    "price" VARCHAR(40) NOT NULL,
    "payment_method" VARCHAR(8) NOT NULL,
    "deposit" VARCHAR(40) NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "signed_at" TIMESTAMP NOT NULL,
    "delivered_at" TIMESTAMP,
    "cancelled_at" TIMESTAMP,
    "cancel_reason" VARCHAR(300),
    "consultant_id" BIGINT,
    CONSTRAINT "uid_vehicle_ord_tenant__5210fe" UNIQUE ("tenant_id", "id")
) /* A vehicle order: signed (O) -> delivered (D), or cancelled (T). */;
CREATE INDEX "idx_vehicle_ord_tenant__376450" ON "vehicle_order" ("tenant_id", "lead_id");
CREATE INDEX "idx_vehicle_ord_tenant__35c8cb" ON "vehicle_order" ("tenant_id", "store_id", "status");
CREATE TABLE "consultant_product_line" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "series" VARCHAR(64) NOT NULL,
    CONSTRAINT "uid_consultant__tenant__c39e38" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_consultant__tenant__6072ba" UNIQUE ("tenant_id", "store_id", "user_id", "series")
) /* Series a consultant sells in a store: the first rule of auto-assignment. */;
CREATE TABLE "store_counter" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "name" VARCHAR(32) NOT NULL,
    "value" BIGINT NOT NULL,
    CONSTRAINT "uid_store_count_tenant__b9d9a3" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_store_count_tenant__9db276" UNIQUE ("tenant_id", "store_id", "name")
) /* Per-store sequences (customer archive numbers). */;
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "store_counter";
DROP TABLE IF EXISTS "consultant_product_line";
DROP TABLE IF EXISTS "vehicle_order";
DROP TABLE IF EXISTS "test_drive";
DROP TABLE IF EXISTS "follow_up";
DROP TABLE IF EXISTS "lead_event";
DROP TABLE IF EXISTS "lead_assignment";
DROP TABLE IF EXISTS "lead";
DROP TABLE IF EXISTS "customer_event";
DROP TABLE IF EXISTS "customer_tag";
DROP TABLE IF EXISTS "customer";
DROP TABLE IF EXISTS "vehicle_model";
"""


MODELS_STATE = (
    "eJztXetz27i1/1cw+rLOjOIby5bjm3Z2xnHc3bRJvJNo207rHQYiIRFjCtASpB/t3f/9Ai"
    "BF8S2SpiSKPh8s2+Q5IPU7eJwXDv47WHCLOOL4hiwG79B/BwwviPwjfnmIBni5XF9UFzw8"
    "dTQdDwmmwnOx6clLM+wIIi9ZRJguXXqUM0V4iUzsogW+I+4PAtkEW4jPZtQkx+gL9xBGHm"
    "GYee8Q9ZBFZWt06ntEIEdSCuRxZBHsEFccq8dZ3FQUbN56yz6jv/vE8PiceDZxZfv//k1e"
    "pswij0Ss/l3eGTNKHCsBGbVUA/q64T0t9bX3dP6ReX/RtOq9p4bJHX/B1vTLJ8/mLGKgzF"
    "NX54QRF3tEPcFzfYUn8x0nRH0FcfCya5LgLWM8Fplh31FSUdzBC6yvDQzjy83E+HY9MYxB"
    "RmIrjhjU4SWTMyVt+apCAzBXr/D6f0ej09O3ozen5xfjs7dvxxdvLiStft/srbd/BC+zRi"
    "toSmP28aePXybqhbjsUkE3Uxf+0DzYwwGXFsYafdMlCi8De1kpfJB3PLog+XJIcqbkYYWs"
    "x6s/0tJZyaJMPKsLa/msB8kuBCS/oHXDnKewY5RgP/n4+frb5PLzL+pxCyF+dzR+l5NrdW"
    "ekrz6lrh6dv0oKK2oE/ePj5Gek/kX/uvlyreHlwpu7+olrusm/BuqdsO9xg/EHA1uxPry6"
    "ukJNUsakLmekrLyvbOwWyDqkT0lZotVErvsddgv8aDiEzT1b/ns6KpHq3y+/Xv18+fXodJ"
    "SS1Jfwzkjf+iMBrf5dA9oVfTvQ7nvIJMAdvXlTAV1JVQivvpfEd+piZokswn/9dvMlH+E1"
    "R3qSoqaH/g85cnHbFtaDP898ZioY0dSnjkeZOFbP+3GwJQmUAK4QSsxPK5yPPl/+My2Cq0"
    "8379MTj2rgvRSHWspnd7HlRF2YYvPuAbuWkbnDR7yINntrMVqkr2CG5xpe9Y3V9wuVrA9a"
    "//jJ5f4yTweL3y7VxQI9xphHlBWUsoAHaR45f9kk1JaO0fU9cZ/Q1dfPyOUPSsVyqVSaqC"
    "d/LIQF+h4QGtT6nqeTtdcwqGSgkoFKBioZqGSgkm1XJaPCkMslvc8B+T3nDsGsYNmI86XA"
    "nkrGbaG96tu7Vb/e39x8SsxF7z+mloYvv35+f/316ERjL4mol1gx1oAL4klNcl5LC47zdE"
    "MPVo8FPfj5evA3j7skTwMObpTqviIi2aj03jCycvnZdImOzr4hzf0K8RnCCcU1q9jWZc5R"
    "Xv89iBRcRSE/JSqpi3pR/A3UXFBzQc3tppqbGK7Vh16CbfMIPAQZ73AQdsXK2DfkYGcctJ"
    "3hkrl6qRoIrzl6iPFJJYxPSjA+yWJsUu+p1gQR0gO+1fBVGsl/OKs1T8R5dofz4FJQ/D/f"
    "bMzmNqbbstOSkJ+fVUD8/KwQcHULwkUdM5Pj4uBLwuT7GDb33VpSyTB2QzgH78MAP96O/X"
    "gdcRr9KrRXJeMz0teHZS4jecfwV1QVQqVL4go5ZB5sjhw+F4iyY/SeOJzNdRYZ9tBC9kvE"
    "Iw9R4AZC3NXXbq4//ynjTmql1Vu2dLA34+4CydlFdk7uCjTVbagmGKHK9QSx1O7bt+BkAi"
    "dTfCEjC0ydOhp2xNC7aOpoXEWlllTFhvg4o1SDo2O7jo6lXdNCjBgaIRz2zm4C3L6bbomF"
    "eOBSgbKxsGuhnGbsY38ejyvNF+OS+WIMCQKFaO8mQSCe0lg71pLD3Cjisnla6as+GvN3kE"
    "Vt/Nc8AHtD2B0sPEPahZQ10PwzzC0o/x1bYg9E119hklH2O+JE+SrXrksh6JwtCPMGOe6U"
    "FMWwzLHiSloDJ4k3+leUvwa9/hEpZvXb4tKUYejoe5BB/mdq/fh9iL7rZJvoPznDRH+vfC"
    "DfX2WzdtpuPDerR/mSwvlOPSd4CfUcSOTp0uQKPhbwscSX2NiwrT7wYkzbSuLp6/iLpUGE"
    "s2TlJIiQvofWavvOgXDpqQHvmqOHALcfkAfTtCPTSCdN0xeQgjl3MVNKz/SpNvwZVpBCHS"
    "l0xGq89D37P1/JPRUBUhmjMUkwLA3GK1LDjdNW2sihthA/2FwQZHJf9ikXLfg9EYgzRPQ+"
    "Y93VVLRcts3vZCuCh3cuf/mYMRSf3+QtW7rcJEIgxj0q/0CYWZLS4arajNrlrI3QtXkMdW"
    "c6P96GYDSC0ZjK4F5PVNVHXpxrd3s/3hz8+OvKerekfyNPuQtdcKd8hVtS4y4kqpBtpkKz"
    "xEKCyGnCQzO52mCmsr3UuiMlQOQipDM4TYcSVVVDjTNdZmPpkhl9RFQgYfMHllni2mv6lu"
    "GZWh71RCYZYCHr+kCChQwWsuRCBhlQW86A0lNmHYTXHL3L4Ts5r7IPKT0aYtuQztPwygW1"
    "dvZTnKd3EIOfs2cLdsf9nP2HHaJUEKU63NlbmFy1kQG4pL5SxNGNnYm92ja6MpUaxEwyrB"
    "AzeVZWpS8aGbtpXsip7FpOZWID1eOSyuYayDnJCVLuspSDOFyT0ZzkBCl3Tcod8fx/JTP5"
    "ReyJ7Cu5ge7E/WFpbnRAaXgRafVYQMiLNO8x+so91Q/XcWm5Kv1JEvlC9giEkRvejx6VHw"
    "Z4Tqu3LBhAQWD7wVaR7RleUOcJHWFVGFFqtgGlChp4tvz9wF3PdogQhZnUEC7ojs4E4QII"
    "F0CydBdsFj2L1vZ1J7nA273RXxKsXnUgXnNsyyHVpxL2HTLIurZsHMgyARbZi5ZyRyyyT2"
    "pb88SW1oinv3fGJEsSDMtssmCLtBen3WiUXUmpEtNXNR0kCXWkRaSbEaqgFyKvVR0eJKF0"
    "VSbw0Z1EkKn0KsY9nS4sbZ2MRfb8Jm/Z6ksgixOdgaxylAl2pG1GTRthU6c0C0QeqfDAAj"
    "sADRAsMLDAoCTY7kqCqZnXd/NCpoXTWpylN2ndo5Ozt2cXp+dn0ZwWXSmbygqCbSFETeNt"
    "SXZQCrumFCbkzU2lv0s1I2+e2iDsFC9IumuS7oj6/3ci9VmHfFb/DXK0/8T9UuX/PqA0Fh"
    "FppX2HggQ9DGm+ISLH82OkK66jn338SLHUyYk+2PTSd6V4hgEh+iH4F42O30zQJ//Rd59+"
    "yD9lqvUn5Bat0Q2quxpAKFQDmj9o/h3V/KOhWlXzjxggU7JKpqSeTOvgu+YAgCsADFuN1h"
    "thRhdVdsKMLoq3wqh7SXz18m+Y0mCq1YtTbH1Eu/VtR1AH+OUcMHLlC48v8g8Zie6Vmhhm"
    "nKpCuteKHmHXtFU04OjWH0/x6NY/H52+lZ8X56fq8+zi1TGa2AQx7i6wQwWxkC6grpKtgv"
    "6hQwfBmZNZK2OrT2p48G1QAD57PXxBqRxljJQUpS7iGf7NH1iQevIbWDJgyRzYGtZfSwbO"
    "zt1rKll8hqyOfpwLwG8Mfmwhq6GkJ7l6qKOfVTGIzortobOMORSt/bV6eZwLNtg17eRg6m"
    "/38N0dn6vUbYRH1cq2lFRtScP7QEw7TyMtxnfN0b+Dq9r3BEo0rMAcrorvmqN/+FZZ+YoX"
    "vsy6N6WuZ1s4J4ddGVQFkYIYT5kpdXhQl2CrLKF9HhrfMaS2Pei5afpLXSewDsJJLsB5M8"
    "6UmXxBjGnNYGGKrX9Itx8F2GPA5YUhPfWtOfGMRV6poEJTLsnUI2OutdTMFUI4p0DhRlhx"
    "Xo1CgFUZW7675KKefbZm6d980P4uwhk3fWEsuX5eBubi2lZpPqhwlYgYtFHhijwuiakCM7"
    "JLS5u43jDIZe7fgGh/gVSPI0zNyu6dNNfkm2RQL01MyOXfYYJCdOWgMhTyJCBk5ybyYQwz"
    "s256SGEbIInGkpATrO8+WxaJVkAaNaSxIO5cTujyobx2MCbL2yN1c8chmXvi5h9YUoh+jG"
    "N38d6TA9Hx/aXVMHElyQmJK11JXMnZ8qTfvmNpiBM8H5RkIqrbwyrJiIYXUlZISJSkqh4c"
    "jvIFVUG4Bb/HDrojZKkru+lj0470Zd25XyEskE1V1shTXuphK21WSzIszxeMAIE0QUgThN"
    "kW0gQ7KOO9aIzxibGWAFKMIALI1DxE8EMFqarvMiTvYYJV+7mZd7RecHpF30NwW87+katr"
    "s+MlUozgaGk6bazNlbq6apITap90xxGQ1U1Xsmow0jKsMNbqjLWO+WOu7wnzBiUemYBgWM"
    "knQyLazV6Z5ZIw6zVXZ/OGLhHEZzF/yjsUhjDEUDlb5Kd2p8vfwc7NoDCkyPHNtNly2x6a"
    "YagMgKcGPDWHpveBpwY8NeCp6acIwFOzR/DBnbDFXEuphfL6M0ucC+ybph1bqVlZ3IvzW1"
    "f03chrVY896LzWjpian6TeOMg74kBdH5aebLCiqFF16AchJfikDnuTUEsjD2EPKatOr1Wq"
    "QND5bGwGZYJeldUUqt1OG6ZifEEVHvZ8jYfl69LR2apC8d3+FcghVaArUyQYoGCAggHaGT"
    "0FrB+w/l+yCKDW0B7nHu67JjFMGzNGap2Mk+XsoUNgVOmMnJIjcjIFBhInJtTu9Hnc0Pmb"
    "dn7YGA8b4w8H1sz2XmNVVChrp1XcIBy18JLLFgUOFmPuYqvWdus0Xw+Xv5MqO62LN1pnDo"
    "mInESVlYyIo4/otr6RXcI1r9WHI4Yewtu+7kaFQRdL7nqY5fjHNp1dkGCFXdA1dkEz8ugZ"
    "M+44/MHwlw2ck7kNQIpol1NEUyJzCRb1at8VNtC/iiijSlVyRyVVckfZKrmmVGuYNPDDeE"
    "7NEZflhuHW5eHWTMog3cOQ7oy64nkraH4LIPUuSz04/PkZQs9tAGTeZZmvpWVyP89KKXTA"
    "5XDCceyZ49iluBrooim2/mmg7SdOasgYz3NwbsB5xdQ/lMeV9PxxiZ4/zur5Yd+UX1d4zb"
    "bkFbXQIyf+rpMSJKTNsrDijLBSd3mlhpJyra7MUFKuGOrDzFzMGUVdKimn8scvhaBztijY"
    "w5yiGG7KNTdwknhj2vk/bI5UGpSFMFINoJnLF+jBJmwoP5+GCDNL/sGRRUxqSbKjcEdyTu"
    "r5M9tqI/1cY5B7rm0811F2Bl9AFvn+1RXIIn85czFkkXd0EMbsuHD2rAV+jAmghwT+QwRf"
    "6SmRRlBLAGlO8Fc0lUFMJ6s39/Nn4w+DQF2p75J+pje6c7An3dGVHKWnJY7S06yjlApD6T"
    "8L7FEzp5tvyP5KsEL2V43sr8AqbliXMcMLk3ydOaZDvpbCUnHrm8ONHpY2SsSpht4hnTmL"
    "VC1CMUQ6BxyprVC6kJtKPXu9Sp2vVh2uRqO3LCRQcRcUxl2E9s8o34xyEcub3LWIixbUkT"
    "c5I+3Vk4uZDFBLbu8qADhhwAkDTpjO6OHghAEnzEsEH2rIQQ25XnZs7SO8x45fKw8tydW/"
    "RLTzKlvrzou31p1nttZJlaY2ynEewHgzxjt3EnYa3634CKHkZCH6JWD3reTkX3Qq/a/LQY"
    "63Kro3LHNWRcn41XxVN4yoUwU8SYQeqGfr4x9XBaoQnnLfW6X1HN36F5Y1k58zayo/p9M3"
    "t/54Nh7n5AS112zLjicbKz9a4KIozxZKUIKnCjxVB2ZagKcKPFXgqeoX9OCp2ufWGqj3uW"
    "8RNEoVgjytNjp//TKf/a7v2X4JrrjBUVObTbH2UJ09EPW10v49ZRiTvB32E/JYtISsWXox"
    "lsrEef3PSblLJ5Lmp5svP63I036etANTqPevMXutOfrnwNxK1SeddGRMyUwqm3WATvP1D+"
    "6Wa2EGgOGZR9z6OEdsAPMGmHVGXYP+nObrH9Dtl8cMMKvdpVNsgPRmpKEg5svTN6Eg5p5V"
    "I9j/sbv9Hx0J5E6I8D649J4MciK565vDslCuJ8kMK6KrcJagMG1i+Q6xEHeRyRdLh8g+gV"
    "RDSDeUd3BgNabdlWmI3gcir/v2/0HkFSKvEHntjBMeIq8QeX2J4EPkde8i6MjhcyCMQRAN"
    "UsGJJktxhhVC4o2XhLidUlMJTvP2UA0+ELW3kgcNjh/bcu5D5HZoYlCmeMEZ3eWhNCPEUi"
    "62rJSLsx/iPH1wOe8i+6EjftAbVUxkkOMDDW4My/yfK62RR6QVXKAhU1DF5B0Kivigo5tX"
    "6PWPSD6C3hNXXfjwaqj9nZiZxFHOz6NJzj6WFtrboeM0WHPAZQou00NTL8BlCi5TcJn2C3"
    "pwmYLL9CWLAFymHRKGfIkZnfsSp9yTc0p2saQZ+2CA7qCexdKlZk7e7Adi0gV28rGOeNIq"
    "bsB0HDIfYKcvwffD9dXHz5efjk5Gw1Eqo2kF/VkWXfykDnsxFtKm5LXqZ2U5e+igvKjQny"
    "8Ke/NFpjYLkUYBzTPbynpzjGs//XlbR2O23ZnBu570rlcpA3dSXAbuJFMGLqxk3SBMFWfs"
    "od/hQPwMlRzrkS+yyWnsKV4IoXRZ0pGPuYkrMcULku6+pBvs2MgwgtVSyWqBzJoXfl7EVS"
    "TFX1xu+ab3iTIyyIlf5hMOy+KZsR6yDHgMZ8W0MbL5jbiUCITRuhUk5EwuEGXyqnabvtNl"
    "9mbUVac7+CpoOUNqfnm9Ph40G+Jss+Fqsc7SIGasWovQb5aJjUJ4E8Kbh2VmQHgzLXIIb0"
    "KM7eDB30s1MoBe9+BANahhEa05eugybKfie0dU8G9qdrriPvPyMwcT90sV7mCeM2OkG9Xs"
    "X4j7WrNJHVgKWlrRAh2tC1e7pk3viXzjxZS4IidhsAF/C0qzRgj05A5NVaAng54MenJ39A"
    "XQk/cHvv5dQ1Vb0fdQUWv/iK+Cs49KU8sKjj7aYp/eVirCi/NPX0ozxrTz1OLwTqlCjNc0"
    "mzThYhHk6KvP0Txfito5Ojl7e3Zxen4Wdc3oSlmP3KxQ3ktLomZSY4ylh5PsaDyuMMtKqu"
    "Iabupe6ijF5bIOwiF5D9E9qRR3PSmJu57kxl3zS2IXH4BWXBJ7B2eg7Sd/oR+nnf3x/+J3"
    "lIs="
)
