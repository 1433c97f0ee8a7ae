"""After-sales: vehicles, service records, insurance policies, complaints,
surveys and reminder tasks (tenant tables; forced RLS on PostgreSQL)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "vehicle" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vin" VARCHAR(17),
    "vehicle_model_id" BIGINT,
    "model_name" VARCHAR(128) NOT NULL,
    "purchase_date" DATE NOT NULL,
    "price" DECIMAL(12,2),
    "payment_method" VARCHAR(8),
    "purchase_channel" VARCHAR(12) NOT NULL,
    "order_id" BIGINT,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_vehicle_tenant__51d423" UNIQUE ("tenant_id", "vin"),
    CONSTRAINT "fk_vehicle_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_vehicle_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_vehicle_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_vehicle_vehicle_model" FOREIGN KEY ("vehicle_model_id") REFERENCES "vehicle_model" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_vehicle_tenant__64f467" ON "vehicle" ("tenant_id", "customer_id");
CREATE TABLE "service_record" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vehicle_id" BIGINT NOT NULL,
    "kind" VARCHAR(12) NOT NULL,
    "service_date" DATE NOT NULL,
    "mileage_km" INT NOT NULL,
    "content" TEXT NOT NULL,
    "cost" DECIMAL(12,2) NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_service_record_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_service_record_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_service_record_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_service_record_vehicle_id" FOREIGN KEY ("tenant_id", "vehicle_id") REFERENCES "vehicle" ("tenant_id", "id") ON DELETE RESTRICT
);
CREATE INDEX "idx_service_rec_tenant__7e2407" ON "service_record" ("tenant_id", "vehicle_id", "service_date");
CREATE TABLE "insurance_policy" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vehicle_id" BIGINT NOT NULL,
    "insurer" VARCHAR(100) NOT NULL,
    "start_date" DATE NOT NULL,
    "expiry_date" DATE NOT NULL,
    "premium" DECIMAL(12,2) NOT NULL,
    "renewed" BOOL NOT NULL,
    "shared_with_insurer" BOOL NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_insurance_policy_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_insurance_policy_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_insurance_policy_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_insurance_policy_vehicle_id" FOREIGN KEY ("tenant_id", "vehicle_id") REFERENCES "vehicle" ("tenant_id", "id") ON DELETE RESTRICT
);
CREATE INDEX "idx_insurance_p_tenant__3eedab" ON "insurance_policy" ("tenant_id", "expiry_date");
CREATE TABLE "complaint" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "severity" VARCHAR(8) NOT NULL,
    "owner_id" BIGINT,
    "status" VARCHAR(12) NOT NULL,
    "description" TEXT NOT NULL,
    "resolution" TEXT,
    "priority" INT NOT NULL,
    "resolved_at" TIMESTAMPTZ,
    "closed_at" TIMESTAMPTZ,
    "escalated_at" TIMESTAMPTZ,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_complaint_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_complaint_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_complaint_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_complaint_owner_id" FOREIGN KEY ("owner_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_complaint_tenant__239e7c" ON "complaint" ("tenant_id", "store_id", "status", "priority");
CREATE TABLE "survey" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "consultant_id" BIGINT,
    "product_score" INT NOT NULL,
    "attitude_score" INT NOT NULL,
    "after_sales_score" INT NOT NULL,
    "comment" TEXT,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_survey_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_survey_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_survey_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_survey_consultant_id" FOREIGN KEY ("consultant_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_survey_tenant__0c3d0c" ON "survey" ("tenant_id", "store_id", "created_at");
CREATE TABLE "reminder_task" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "due_date" DATE NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "dedup_key" VARCHAR(128) NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "result" TEXT,
    "done_at" TIMESTAMPTZ,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_reminder_ta_tenant__f39b2e" UNIQUE ("tenant_id", "dedup_key"),
    CONSTRAINT "fk_reminder_task_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_reminder_task_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_reminder_task_customer_id" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customer" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_reminder_task_user_id" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_reminder_ta_tenant__5865e8" ON "reminder_task" ("tenant_id", "user_id", "status", "due_date");
ALTER TABLE "vehicle" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "vehicle" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "vehicle"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "service_record" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "service_record" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "service_record"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "insurance_policy" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insurance_policy" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "insurance_policy"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "complaint" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "complaint" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "complaint"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "survey" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "survey" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "survey"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "reminder_task" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "reminder_task" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "reminder_task"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
"""

SQLITE = """
CREATE TABLE "vehicle" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vin" VARCHAR(17),
    "vehicle_model_id" BIGINT,
    "model_name" VARCHAR(128) NOT NULL,
    "purchase_date" DATE NOT NULL,
    "price" VARCHAR(40),
    "payment_method" VARCHAR(8),
    "purchase_channel" VARCHAR(12) NOT NULL,
    "order_id" BIGINT,
    CONSTRAINT "uid_vehicle_tenant__46108f" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_vehicle_tenant__51d423" UNIQUE ("tenant_id", "vin")
);
CREATE INDEX "idx_vehicle_tenant__64f467" ON "vehicle" ("tenant_id", "customer_id");
CREATE TABLE "service_record" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vehicle_id" BIGINT NOT NULL,
    "kind" VARCHAR(12) NOT NULL,
    "service_date" DATE NOT NULL,
    "mileage_km" INT NOT NULL,
    "content" TEXT NOT NULL,
    "cost" VARCHAR(40) NOT NULL,
    CONSTRAINT "uid_service_rec_tenant__1eeae5" UNIQUE ("tenant_id", "id")
);
CREATE INDEX "idx_service_rec_tenant__7e2407" ON "service_record" ("tenant_id", "vehicle_id", "service_date");
CREATE TABLE "insurance_policy" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "vehicle_id" BIGINT NOT NULL,
    "insurer" VARCHAR(100) NOT NULL,
    "start_date" DATE NOT NULL,
    "expiry_date" DATE NOT NULL,
    "premium" VARCHAR(40) NOT NULL,
    "renewed" INT NOT NULL,
    "shared_with_insurer" INT NOT NULL,
    CONSTRAINT "uid_insurance_p_tenant__cee16f" UNIQUE ("tenant_id", "id")
);
CREATE INDEX "idx_insurance_p_tenant__3eedab" ON "insurance_policy" ("tenant_id", "expiry_date");
CREATE TABLE "complaint" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "severity" VARCHAR(8) NOT NULL,
    "owner_id" BIGINT,
    "status" VARCHAR(12) NOT NULL,
    "description" TEXT NOT NULL,
    "resolution" TEXT,
    "priority" INT NOT NULL,
    "resolved_at" TIMESTAMP,
    "closed_at" TIMESTAMP,
    "escalated_at" TIMESTAMP,
    CONSTRAINT "uid_complaint_tenant__8661ee" UNIQUE ("tenant_id", "id")
);
CREATE INDEX "idx_complaint_tenant__239e7c" ON "complaint" ("tenant_id", "store_id", "status", "priority");
CREATE TABLE "survey" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "consultant_id" BIGINT,
    "product_score" INT NOT NULL,
    "attitude_score" INT NOT NULL,
    "after_sales_score" INT NOT NULL,
    "comment" TEXT,
    CONSTRAINT "uid_survey_tenant__9bc8a9" UNIQUE ("tenant_id", "id")
);
CREATE INDEX "idx_survey_tenant__0c3d0c" ON "survey" ("tenant_id", "store_id", "created_at");
CREATE TABLE "reminder_task" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "due_date" DATE NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "dedup_key" VARCHAR(128) NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "result" TEXT,
    "done_at" TIMESTAMP,
    CONSTRAINT "uid_reminder_ta_tenant__fef4b7" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_reminder_ta_tenant__f39b2e" UNIQUE ("tenant_id", "dedup_key")
) /* A reminder in a consultant's task list; the key keeps it to one per event. */;
CREATE INDEX "idx_reminder_ta_tenant__5865e8" ON "reminder_task" ("tenant_id", "user_id", "status", "due_date");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "reminder_task";
DROP TABLE IF EXISTS "survey";
DROP TABLE IF EXISTS "complaint";
DROP TABLE IF EXISTS "insurance_policy";
DROP TABLE IF EXISTS "service_record";
DROP TABLE IF EXISTS "vehicle";
"""


MODELS_STATE = (
    "eJztXW1z2ziS/isofYlTpfhixXZymb2pcjLZncwl8ZTj2d3a9RYDkZCEM0VwCdKOd3f++w"
    "Hg+6sImpIouj/EsUk0RD0NAt1PNxr/nqyZRWx+fEnWk7fo3xMHr4n4JXt5iibYddOL8oKP"
    "57Zqx6IGc+572PTFpQW2ORGXLMJNj7o+ZY5seIFM7KE1viXeM45WBFuILRbUJMfoC/MRRj"
    "5xsOO/RdRHFhW90XngE45s0ZIjnyGLYJt4/Fh+nMVM2cJZ9t5z4NB/BsTw2ZL4K+KJ/v/+"
    "D3GZOhb5Tnj8p3trLCixrRxk1JIdqOuG/+Cqa+/o8qPj/1G1lc89N0xmB2snbe8++CvmJA"
    "LU8eXVJXGIh30iP8H3AomnE9h2hHoMcfiwaZPwKTMyFlngwJZakdLhA6TXJobx5fLa+Prh"
    "2jAmJY3FEhmoo0smc6S2xaNyBcBSPsKL/57NXr16PXv56vzN2enr12dvXr4RbdXzlm+9/j"
    "18mBStsCuF2cc/ffxyLR+IiSEVDjN54Xclg30cSillpOibHpF4Gdgva+Enccena1Kth7xk"
    "QR9WJHoc/1LUTqyLJvXEF1L9pC/JLhQkvqB16dgP0cBowP764+cPX68vPv8qP27N+T9thd"
    "/F9Qd5Z6auPhSuHp0/zysr6QT95eP1z0j+if52+eWDgpdxf+mpT0zbXf9tIp8JBz4zHHZv"
    "YCszhuOrMWqiZUbrYkYq6/v9Cns1uo7aF7Qs0Oqi1/2+dmv83bCJs/RX4s9Xswat/vni6v"
    "3PF1dHr2YFTX2J7szUrd9z0Kr/NaCN2/cD7b5fmRy4s5cvW6ArWtXCq+7l8Z172LF4GeFf"
    "vl5+qUY4lShOUtT00X+QLRa3bWE9+cMicEwJI5oH1Papw4/l5/042ZIGGgCXCOXmpxjno8"
    "8Xfy2q4P2ny3fFiUd28E6oQy7li9vMciIvzLF5e489yyjdYTNW17Z8az1bF69gBy8VvPIb"
    "y+8XGVk/KfvjTx4L3CobLHu70RYL7RhjmbRsYZSFMkjJiPlrRSJr6Rh9uCPeA3p/9Rl57F"
    "6aWB4VRhP1xT8LYY6+hQ0Nan2rssn66xhMMjDJwCQDkwxMMjDJtmuSUW6I5ZLeVYD8jjGb"
    "YKdm2cjKFcCeC8FtoR2P7d2aX+8uLz/l5qJ3HwtLw5ffPr/7cHV0orAXjaifWzFSwDnxhS"
    "W51LKCszLDsIPlx4Id/Hg7+KvPPFJlAYc3Gm1fnjTZaPReOiSm/FbURUenX5GSfo7YAuGc"
    "4Vo2bHWFK4zXv08SA1e2ED8FKoWLalH8B5i5YOaCmTtMMzf3urZ/9XJim9/AQ9DxDl/CoX"
    "gZ+4Yc/IyD9jM8spQPpYFwKjFCjE9aYXzSgPFJGWOT+g9aE0TUHvBth6+0SP7FHK15Iiuz"
    "O5wnF5zi//q6ws5yhem2/LQ85OenLRA/P60FXN6CcNHA3OSsOphLHPE8xooFnpZWSoLDUM"
    "7BcxjA4+2YxxsIafQbV6xKiTNS16dNlJG4YwRxqxahUpd4XLwy9yuGbLbkiDrH6B2xmbNU"
    "WWTYR2sxLhFLGKKQBkLMU9cuP3z+oUQn9dLrjePa2F8wb43E7CIGJ/M4mqs+ZBcOoZJ6gl"
    "jq8P1bIJmAZMouZGSNqa1jYScCo4umzs7amNSiVb0jflYyqoHo2C7R4a40PcREoBPC0egc"
    "JsD903Qu5vyeCQNqhflKC+Wi4BjH89lZq/nirGG+OIMEgVq0d5MgkE1p1I61VAh3irhsnl"
    "bGao9m+A6y1sY/lQHYO8JuY+4bwi+kTgfLvyTcg/E/sCX2QGz9GJOSsT8QEuVKrF0XnNOl"
    "syaOP6mgUwotpk3EiifaGjjfeCO/Ivka9OJHJIXl/xYTroyDjr6FGeR/oNaP36bom0q2Sf"
    "4SM0zye8yBfHteztrpu/PKrB7JJUXznfyc8CHk50Aiz5AmV+BYgGPJLrGZ17b9i5cR2lYS"
    "z1jfv0waRDRLtk6CiNqP0FvtnxyIlh4NeFOJEQLcf0AeXNOBTCODdE2fQArm0sOONHrmD9"
    "rwl0RBCzpaGIjXeBH4q39dkTvKQ6RKTmO+wbQxGC+bGl62bauNHHIL8f2KcYJMFogx5aE1"
    "uyMcMQcRtc9YDTUZLRd9s1vRC2fRnYtfP5Ycxcd3eeO4HjMJ58hhPhW/IOxYoqXNZLUZuc"
    "tZOaGpewx1Zwb/vk3BaQSnsZDBnU5U7d+8rNTu9n68PPj3byjrnUv/lzxULnThneYVzqXG"
    "bdSoRbaZDM0SC3EipgkfLcRqgx2Z7SXXHaEBIhYhlcFp2pTIqhryPVNlNlyPLOh3RDniK3"
    "bvlJa4/rq+cfBCLo9qIhMCsJAN/UWChQwWsvxCBhlQW86AUlOmDsKpxOhy+E7O2+xDKr4N"
    "mW1I50V4xYKqnf2UlRkdxMBzjmzBHjjPOX7YIUoFUarDnb25yWQfJYAb6islEsPYmTiqba"
    "Oxq9QhZlIShZjJo7IqA97J2S3KQk7l0HIqcxuovrtUdNdBz3lJ0PKQtRzG4bq8zXlJ0PLQ"
    "tDwQ5v+KLMQXWV2LsVIZ6M7dnzbmRoctDT9p2j4WEMkiJXuMrpgvx2Ealxar0g+iUcDFiE"
    "AYedH95KOqwwCP6fXGCV+gMLB9v5KR7QVeU/sBHWFZGFFYtmFLGTTwV+L/e+b5K5twXptJ"
    "DeGC4dhMEC6AcAEkSw/BZ1GzqDbXnZcCtnsjXxKuXjoQpxLbIqTGVMJ+QA7Z0JaNA1kmwC"
    "N70loeiEf2SW5rvl4Jb8RX37vkkuUbTJt8snCLtJ9tu9Epey+0SsxA1nQQTagtPCLVDZcF"
    "vRB5IevwIAGlJzOBj24Fgo5Mr3KYr9KFha9T8sge3+WNE38JZDGiMpBljjLBtvDNqLlC2F"
    "QpzRyR75T74IEdgAUIHhh4YFASbHclweTMG3hVIdPaaS0rMpq07tnJ6evTN6/OT5M5LbnS"
    "NJXVBNsiiLrG2/LiYBQOzSjM6ZuZ0n4XZkbVPLVB2QVZ0PTQND0Q8//PRNizNvks/5pUWP"
    "+5+43G/13Y0lgnTVvtO+QkHGFIyU0ROV4eI1VxHf0c4O8UC5ucqINNLwJPqGcaNkTPwj/R"
    "7PjlNfoUfA+8h2fVp0z1/gmVRWtUh/KuAhAK1YDlD5b/QC3/5FVta/knApAp2SZTUk2mOv"
    "imEgBwC4Bhq1G6EWb2ps1OmNmb+q0w8l4eX7X8G6ZwmLRGcUFsjGj3vu0I6gA/nQNG3gfc"
    "Z+vqQ0aSe40uhplt1SLdK26PsGeuZDTg6CY4m+PZTXA+e/Va/Hxz/kr+PH3z/BhdrwhymL"
    "fGNuXEQqqAuky2CseHCh2EZ06WvYytflLHg2/DAvDl69EDCuOo5KQUWqointHv7N4JU0/+"
    "AZ4MeDIHtoaN15OBs3P3mkqWnSHbo5+VAvA7g59ZyDSM9LzUCG300zYO0Wm9P3RacoeStV"
    "9rlGelYINd10EOrv52D9/d8blKw0Z41q5sS0PVliK898RcVVmk9fimEuM7uKp/JlCgYYXu"
    "cFt8U4nx4dtm5atf+Err3px6/srCFTns0qGqiRRkZJpcqcODugFb6Qnt89D4gSG17ZeemW"
    "bgqjqBOgjnpQDnzThTx2RrYsw1g4UFsfEh3X8UYI8BlyeG9DywlsQ31lWlgmpdubzQiJy5"
    "3lIzY4RwRYHCjbDiqhqFAKt0tgLPZVzPP0tFxjcf9L+LcMHMgBsuU59Xgrm+tlVRDipc5S"
    "IGfVS4It9dYsrAjBjSwifWew0qhcf3QvS/QMqPI46clb1b4a6JJymh3piYUCm/wwSF5MpB"
    "ZShUaYCLwU3EhznYMXXTQ2r7AE101oSYYAPv0brI9QLa0NDGmnhLMaGLD2XawZiy7IjMzR"
    "2HZO6wLdNxqB7vmpca4UrcZiGuX4eLy7BNF8R8MPUKBueERghxG+v/pN76PylZ/4o6oaK7"
    "TnlDRWHYYza0PWa5aYt41ecs1S4aGYndpamcbHet6I2aCFyrY75dXhLy7Qb8FqmnH1j29D"
    "VeThoSqOXtaZscasOPWrbIoxZNZRlLnKQ5yzqWayZsGnRLiKsKUqrTHo/UZTW4nyPM0YrK"
    "ZLeHqozpXvpslxvdnOacAALZzZDdDLMtZDcPUMd7cXSzE6OWAgqCoAJIMD9E8CMDqS37ED"
    "UfYV5o/ynlt1QvpyZuP0Jwe05aFKtrt1NxCoLAD3edNlJ3RddWzUsCnTYcIqBsm8a66vCm"
    "lUThXdN51wbGx3y4I44/aWBkwgbTVpwMSdpuZmVclzjWCyaPFI8oEcQWGT7lLYoir3wqyR"
    "bxU0UBxf/hhvOwni2v4Gb67LlvhmYaGQPA1ABTc2h2HzA1wNQAUzNOFQBTs0fwgU7YYoq4"
    "sEKZ/sySlQL/puvAlmZWGff6tPy4/TDS8eXHHnQ6/kBczU/CbpxUeJjq+rTxQJa4hUaxtG"
    "dcaPBBnlEpoBZOHsI+kl6dWqtkXbPzxZkZVjd73lQKTbufPlzF7ILKfewHCg8rUBXvy8XQ"
    "skVKWjSHVIGhTJHggIIDCg7oYOwU8H7A+3/KKoASaXuce1jgmcQwV9hxiNaBXmXJERICs1"
    "ZHezWc7FWqi5I76EV70FdJw+DvOvihngfU8zgcWEtVCYy4FlrZT6vGuL6Hp1xtLSRYjKWH"
    "La0Nk0W5ES5/Pe9LTUmi1kZGIjFGdHuvvyHgWmqN4URghPD2b7tRbtC1yzwfOxX82KYjV3"
    "KiULxBo3iDAM+i8knmgYRGG/mCMGCvgb1DvvvGgtk2uzcCtwMxXNkBpOcOOT23oDKPYK5X"
    "LrW2g/HVlZi1Kqw+ayisPisXVjeFSemYwjwPupxVXZaG123Ir1s3LYN2D0O7C+rxx62g1T"
    "2A1oesdRs/UumVHYDOh6zzVFsmC6o8xFrys0Jyd/HEl9uyk3rmP22hrg62aEFsfBZo/0mr"
    "CjKHVZHLG3COhcaH8lkrO/+swc4/K9v50dgUX5f73bZD1vUwogDKrhNCBKQdS/plBGGlHv"
    "JKDeX8el2ZoZxfPdSHmTVa8RYNqZyfzN2/4JwunXXN/vFCi+mmPH8D5xtvTPn/y4ohmYJm"
    "IYxkB2jhsTW6XxFnKn4+TBF2LPELQxYxqSWaHUW7wSvS/h/ZVx+p/wqDyqPQs3mmYjAEHD"
    "L492+uQAb/05mLIYN/oC9hxo+LZk8t8DNCAD1snjhE8KWdklgEWgooSgJf0VUHGZtMb+5n"
    "j8YfXgJ5RZ+SfiQbPTjY83R0K6L0VQNR+qpMlFJuSPtnjX1qVgzzDflfOVHI/tLI/gq94o"
    "41MUuyMMnrzDED4lpqy/SlN6cbGZY+yvPJjt4ilbWMZB1IPkUq/x7JbWiqiJ5MPXsRb1to"
    "V5lPo9MbJ2og4y4oirtwxc9IbkZSxOIm8yzioTW1xU3mkP5q+WVcBqjjt3cTAEgYIGGAhB"
    "mMHQ4kDJAwTxF8qN8H9ftGObAVR6iOftUZ3nmp8SWinbfZ1nhev63xvLStUZg02ihnZQDj"
    "zRjvnCQcNL5b4Qih3Gct+g1gj63c5x9VKv1v7qSCrUruTZvIqiQZvx1XdekQeaKDLxqhe+"
    "qv1NGbcXEwhOcs8OO0nqOb4I1lLcTPhTUXP+fzlzfB2eLsrCInqL9ueyaeVljyaCFF0Zwt"
    "lGsJTBUwVQfmWgBTBUwVMFXjgh6Yqn1urYFaq/tWQadUIcjT6mPw65dYHXdt1f7Ln2UdDk"
    "1rtiA6QnP2QMzXVvv3pGNMqnbYX5PvdUtIKjKKd6lJnR/+et1M6STa/HT55U9x8yLPUyQw"
    "uXx+jdkrlRgfgbmVqk8q6ciYk4UwNnWALsqND+6e65CGgOGFTzx9nBMxgHkDzCqjrsN4Ls"
    "qND+j+S5OGmGkP6YIYIL0ZaSiI+fTsTSiIuWfTCPZ/7Gf/R1hksnYNb1Ohsn4hh0lu75Pc"
    "QIL214T7P3n0jkwqovbpzWlT2N4XzQwradfizE5urogV2MRCzEMmW7s2EeMOyY6Q6qjqgM"
    "52QrsryZE8D0TZ9831QpQdouwQZR9MwAWi7BBlf4rgQ5R97yoYyCGPoAw1rMVDiK/RZSku"
    "iUL6Q+clIeunaBrBRdkRmsEHYva2YkvhmL8t57kktEMXh7IgC5zckF+lBSGWpNjKWq7PdM"
    "nKjCG8sItMl4HwoJeycMykggMNb0yb+M/YamRJ0xYUaCQUVqx5i8KCTejo8jl68SMSH0Hv"
    "iCcv/PR8qvhO7JjEluTn0XXFnqUe+tshcRquOUCZAmV6aOYFUKZAmQJlOi7ogTIFyvQpqw"
    "Ao0wEpQzzEgi4DgVPlKUkNO5aKgmNwQHdQu8T1qFmVX0VMusZ2NdaJTNHEDYWOI+EDHPQN"
    "+P704f3Hzxefjk5m01khey2G/rSMLn6QB/sYa+FTMq1aaWXJERKUb1qM5ze1o/lNqQ4PEU"
    "4BrXLbmkZzRmo/43lbx6D2PZiBXc+z621K/p3Ul/w7KZX8i6qWdwhTZQVHyDscCM/QilhP"
    "uMgOei7KQghlyJpOOOYuVGJBFjQ9fE132J1TEgSvpZXXApk1T/xskPeJFn/1mBWY/ifqkE"
    "lF/LK64bQpnpkZIW4oY9ix0MbI5lfiUcIRRmkviIuZnCPqiKuKNn2rSiouqCdP8ghk0HKB"
    "5PzyIj0Kthzi7LPjdrHOxiBmpjIPV09Wio1CeBPCm4flZkB4s6hyCG9CjO3gwd9L5TmAXo"
    "3g0DTQ8IhSiRFShv1U9x+ICf5Vzk7vWeD41ZmDufuNBnc4z5mZphvN7F+J90KJCRtYKFp4"
    "0RwdpUXKPXNF74h44vWceLwiYbCDfA9Gs0II7OQBTVVgJ4OdDHbycOwFsJP3B776X8NUi9"
    "uP0FDr/zi3mnOuGlPLao652uKY3lYqwpPjp3+iEpF5INQjT6quso+LTRpNZCttbNhx601W"
    "cr16Km1ZRtbRJEq+C0PcwTIwtajY88JtbLDAN1n4/ss/w4pbofmb9pOdmD1iEmFT15zek+"
    "ycAWsYrOEDWznGaw2nb3L79y6VAVOssymWm4A1TLKi3AhNs/5PyJx7WO8c40QA4G11AOlS"
    "M5c/lRhfOsxJq3SYk4Z0mJOKdBjqP+gAHLcHeNvBG++10vWQS4IjnDC2grgrUNJCOhEYIc"
    "KzdmWtG6paV8JrrDG/JXqbUgpyAHYLsPdGKQ9ton5KjDJg/3ZPm/oB+bdpRN3SPP4mKzU+"
    "47B/Vj9ETN/DKcqND+utmIWHsQNxgk0/OgxgBzj3XuMvhMxQZ47pQ53KjW9Mt5k+6mePis"
    "kDL/WPJxsptL2flpUJULXFNyMyPoR73mtvM+532PBWEBsfzP3bGB7xA8/pgHVJcHxo97/6"
    "RaA5zNeaOgpi40N6K9s4szkBJbCbw8oF0RHGlQ8kjhxj0hhIDvcfdlJ0QRQ2wg9Zz2rrqS"
    "FPPBc+UAdlV8mDxoes8Uzyl6au85IwgQ9ezR08qoLYDjkYlziWVM5OjKOefat77HVbK3OC"
    "MG8O+YWaC7dMHi7TQcsFUdDzkPUcuFbHxNm85AjXxwNNnK1Qu3r6gew8+GrjD3fE8SdVW3"
    "Lje9PG7bhi0SZJs81nebhyrX3BhCLfotgtn6LYb5siSUDFv4cr1BTlDP3ppDBe+ujzxonn"
    "SdlasjPhb5mdFMfoqLivYopuxdsgfpKH54hyFL4riLMbB8tuPEos9H9sjhyBkCcfjXkWR/"
    "49NRvOXy5+ShTflh+l/icPsCt4SIF02AfxdKbzNvsgat7f9i9hTQewQ6JzhgtsTdkT8JDO"
    "uE/0Y5OhLQETtx9hpm7/sT9ph+lgS7pvouhGau2Gzep/C5A0p8rI/vL18kvNchm1L1pJ1P"
    "TRf5AtFtOtQfyHReCYEj80D6jtU4cfy4/9cVvQN0At8ckZSKUzJovHSRYsH9nBkM6YJOsr"
    "FghIl1eBeuryYZP5FtMmL1Uu5l7Y2PDi1pudVQddfvj8jKNI9C2S5hhHC+ahb2pf3zdZT/"
    "Wb3CH1DR0xT7iXVAzCwJeVV8XFqSyxWvZXe+n2xvkWpoR+e46WDPkMLYSouaJcOJ0qZZTL"
    "Zh5BJva8B/E5qt6r6r/O+QS3cjjLOLiV4FYO34cZ69sHG75hw/dYNkLAhu/e4R2IkfyF+X"
    "RBTRyhUjKRc/cbDWSn2LLnclGbS59axApcoyq6UWiYKbYsV/ukRJS5wo5D1MFrXB6GJ6+D"
    "BQsW7IGtt+O1YKFcKlS2f5rQQ12B/WEPQZAtbjfL2FytvYtUZIfBEOoY0vjdCcw9J/j61L"
    "e18qgTgREO4VkrD27W4MHNyg7ynFkVDvI1+V4zMcftR4Fvk4H54a/XzTGlxL78dPnlT3Hz"
    "YqAJwnsDCu/lTxeOXW6N2SUnNIo3oHhSd5v5W7RqOKu7NIfHREUJ5037VjEk7g8vg7tix1"
    "NEOGnqNyMG+h2afgfC8f7C5lfy1ClemaSfuTtt4nf/j80NL9Nwc+6DSlz3V9hH60CdEOsg"
    "vPDleVfIZOs19WXeu+vLTAWZVyCX6TnmMvsdUR/xwLujd/II2klhsPTX841zJRP0EQtkqZ"
    "sfwsaUu9g3V6I34oivK74winb3IeZIKcdCa+zdquSI9TH6mQkl3DgqS19AGzaglujVsR+m"
    "yGEo5J/UY7TMm/j7JPpsC0jofRMBQEIDCT0IEnpgqzOcGjW6VAppbCwrCh7W+9apBHjXvX"
    "vXWRtAc4EpiIJvAL5B88FhAv6Pa5d5lT5CRatGX8HKtDdoKtDCZ7DFfELQXFrgiC1kmnOY"
    "2zxFmU1taP4gTH2JwNJjgRNukZUZzsj1mNQMLx/B22/XkPo8aHsBbHaw2SH1ef/W+oFU0A"
    "5tpW2ZjcXoQKvgQENsoBTeZT6uCKDXe6Jx+zHl48xOTl+fvnl1fpqM5+RK0zAuD1mxzJti"
    "la86qaYW0ZzMaI7P7Q1SG4svoYNnKgBgFsFcYGprgZkKAJhFMD12r0V3xO13T3bsx5XeDq"
    "3heczTgj2VGAbLJD9vNCyTsLi8bh5RXhI4pqFxTPlSyQ7l3QpAFkRBz0PT80C4xK/YJvxa"
    "kmzV1QAzt6eNBQFlQ8NPW26kDa9XBC3oHUFr5vgr+wGFwvwYfYu2H3xTD4v+B2EHke+uTU"
    "2ZCCDT41H6QTm+sIc+b5wjJtnBe8oJwuGtZzy6Kcv9yXwDHqwlG0l9juSwFAMbi2H57Hl9"
    "eb/NO+Gyef+Z/Rfqm0DpvyFRJUBUAlE5iOSCwen4KW2zAvDllb1sLxyYKbof5EPDoHKZqU"
    "Y9EWhaXQ5w4DcgKVeH4t61sPZzBZVRO1yzIkDHVXDv3CWmH52k0Z59z0oBrCWWk9xRTrXG"
    "aVYEAC0XpeW+YXkyiVwn7paXAlhL1hezdQIbcXMAsgQk8Y35g74dmxUDa6qzHQtnsIzMc6"
    "9gXod0BssVkRmWV0FlBa/05rSJdPVUM8ML2hXvmlygUEJuuHJV4mS02SpNnfxBkZoCYTGE"
    "JNuptmRhjjBSn1qVotlLn+1I09KOq1yLaKebeBfDCRG2YAFLCnPtLuZaYEkH+hJCQaSdFE"
    "RysYfXWtkxqcQwsmNGtQcLCq/tb54pGmFaKqgQhikfEvkHW6Qt3l6mR3wnIkCClWcP6STq"
    "LKSpxKMW0oHN3XtJ7y3DXl8MLxEYQ7n4Ji9rG8XwsO+TtasV28mKwLRR2l8BibKdBveAKI"
    "ShJ8r+maxo+I1LbG18a9rE1d5lGu38lIU76mwiT81A+D/rMC8HiFMgTg/NwwLiFIhTSC8d"
    "G/jZVUkL/4IgqKCzCqTtUIK+nkKKmo/BLSzUgGiCMqkB8bq+BsTrInsUmYSGsha1R3iVNN"
    "DW3bOpJYq6hQrzUiMMlW2lLLobeOYKc2LECedtM9hLgk86k931qFkFHzHpGtt17HMkU0Qu"
    "FDqOhA9v1miC7sP7j58vPomROA1jusK2pz7JDuDT0uEgLn5YyzLta+FnM63AeVlyfGth32"
    "GU+L3ucLBQlewoJ+K+K1Axz+pgV2elwNrQsTYGwmN+Jd6dWAOuiClUOana8p9rMG3c9B82"
    "Nby07bapzWYSM7aJox310eMpawA4TeA0D20FAE4TOE3gNMcGPnCae1dB3k7Q59xAAY9UAG"
    "Sjb9Gzy9m9lUZV3VbSvNyTZtfW1CbCgzJu12UIa+eHvNCY5ofeUrVkMQ3iVBj79bmGGZFR"
    "vP+7Tjc0Ga9yrpp44ljk0TTxAWHfmiceCJPz0eGBhx2T/Mpsaj5MKricYpNpE5tD48aGm7"
    "beL59DvrvUewACZ/+mGxA4QOAAgTMY/wkIHCBwnrIKgMDZswKUsUgqtozVczgZkVG4cQUa"
    "5+XLNjzOy5f1RM7LUhaKOqxBn8fJST1pFifrQGggWBB70hC6HlnToIIF25BolkgBh1DBIe"
    "Q3PTvknlStZIzZBDvVCGekCgjPhdi2YE2u7BbXd5eXn3Ke0buPReLrt8/vPogJtoB6heks"
    "FijhdMrjYY3aVawR+ZoeQAsbtDAQ3uw9W7u2/LqTCsYsvTlt4srMXLP9kmRZry5TwMOjzK"
    "P+A/BmwJsd2gILvFlR5cCbAW928OADb7Z/FehvsBj5vorzNqxNccHIkDbn5eybO6IMLw2M"
    "szIjBLnn7ULs3umycyUjBTtXui+gB1FTkLnEmexmAuk9fS/7WCWc67OkCmKjmEZ2nSkl7H"
    "yBpy7yeakx7PbcNe4JWVFCvaGOZiqyO4PwZLuTeZ91NJl914ldKIhCQbyhFcTL2fM24904"
    "pKwg6HjIOhYIYLsjVViUBU0PTdMDCYp8Dbw7UplDHN2ZNm4ET9sMJxaSockhBgIxkANzfS"
    "AGUlQ5xEAgBnLw4EMMZO8qgL3H2yLm5WeJp+0yuZdEgaLvOr5dj1mB6RvcFDO2FqNWkBvT"
    "HNMbs4Z9n/qBRbThLQsCvlX4LnyxyHFsE64PcZUsoFy5C3+91t6Fn4hAiKNdiGMg3M4VWU"
    "uQvWvMbycVDE/u/rT5wOmwpeHHTVudOR0KyYOhMUoX+mccyW7UCV0/qCOjb8mD+EdcjqiP"
    "fIaYQ5ArBMmdGHjVR0/313XHo1UsYgWuIbrfRE0FPDHe05C4FUB5wgEYT8BQAUMFDNVgPB"
    "hgqPYIfmadao99RgigB3LwcFUA5GBCDs7abGif1e9nn5U2uibWbqUpVZPWGEBBwtAmob6t"
    "dThNIjDKsdlucDaNzvLwTFw5DZRzQiNEeisnAEEW+XYDMXXHqDfmMEcSQO7p5y9bzCEdKI"
    "KMGCTmQWJeJXl7QTxqriYVtG10Z9pE2OK0Ta+JeQWqU4u8fCrM5SODNfWc5B3xeOUWlYZT"
    "OVOREdoos7OzNtbg2Vm9NSjvFQKR4qXSQDhqPkJ0t1LZrLYM+C9fL7/UpojUlAG3qOmj/6"
    "hozwGi3QCuBKPZWCnaJYXFT3aw90jk7/8PGcdBRw=="
)
