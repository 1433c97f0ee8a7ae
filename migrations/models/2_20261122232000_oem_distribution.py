"""OEM lead distribution and the notification outbox: distributed leads (the
OEM's view and the SLA clock), SLA events, routing rules, notifications and
job requests.

PostgreSQL: distributed_lead and sla_event are visible to the sending OEM
(app.oem_id) and the receiving dealer group (app.tenant_id) only; routing
rules to their OEM; notifications are a tenant table with forced RLS.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
ALTER TABLE "lead" ADD COLUMN "is_distributed" BOOL NOT NULL DEFAULT FALSE;
CREATE TABLE "distributed_lead" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "external_ref" VARCHAR(64) NOT NULL,
    "brand" VARCHAR(64) NOT NULL,
    "region" VARCHAR(100),
    "city" VARCHAR(100),
    "customer_name" VARCHAR(100) NOT NULL,
    "phone" VARCHAR(20) NOT NULL,
    "phone_masked" VARCHAR(20) NOT NULL,
    "tenant_id" BIGINT,
    "store_id" BIGINT,
    "lead_id" BIGINT,
    "store_code" VARCHAR(32),
    "store_region" VARCHAR(100),
    "status" VARCHAR(16) NOT NULL,
    "status_grade" VARCHAR(2),
    "stage" VARCHAR(24),
    "outcome" VARCHAR(8),
    "lost_reason" VARCHAR(32),
    "return_reason" VARCHAR(16),
    "return_note" VARCHAR(300),
    "received_at" TIMESTAMPTZ NOT NULL,
    "assigned_at" TIMESTAMPTZ,
    "first_contact_at" TIMESTAMPTZ,
    "sla_due_at" TIMESTAMPTZ NOT NULL,
    "sla_outcome" VARCHAR(8) NOT NULL,
    "warned_at" TIMESTAMPTZ,
    "breached_at" TIMESTAMPTZ,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_distributed_oem_id_c97808" UNIQUE ("oem_id", "external_ref")
);
CREATE INDEX "idx_distributed_sla_out_45e610" ON "distributed_lead" ("sla_outcome", "sla_due_at");
CREATE INDEX "idx_distributed_oem_id_349973" ON "distributed_lead" ("oem_id", "store_id", "received_at");
CREATE INDEX "idx_distributed_tenant__548671" ON "distributed_lead" ("tenant_id", "lead_id");
CREATE TABLE "sla_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "distributed_lead_id" BIGINT NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "tenant_id" BIGINT,
    "kind" VARCHAR(16) NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "data" JSONB NOT NULL,
    CONSTRAINT "uid_sla_event_distrib_750175" UNIQUE ("distributed_lead_id", "kind", "key")
);
CREATE TABLE "oem_routing_rule" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "brand" VARCHAR(64) NOT NULL,
    "region" VARCHAR(100),
    "city" VARCHAR(100)
);
CREATE INDEX "idx_oem_routing_oem_id_ff8260" ON "oem_routing_rule" ("oem_id");
CREATE TABLE "notification" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "store_id" BIGINT,
    "kind" VARCHAR(32) NOT NULL,
    "channel" VARCHAR(8) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "body" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "dedup_key" VARCHAR(128) NOT NULL,
    "read_at" TIMESTAMPTZ,
    "sent_at" TIMESTAMPTZ,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_notificatio_tenant__de7190" UNIQUE ("tenant_id", "dedup_key"),
    CONSTRAINT "fk_notification_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_notification_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_notification_user_id" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_notificatio_tenant__81e5ee" ON "notification" ("tenant_id", "user_id", "read_at");
CREATE INDEX "idx_notificatio_channel_8e009d" ON "notification" ("channel", "sent_at");
CREATE TABLE "job_request" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT,
    "name" VARCHAR(64) NOT NULL,
    "kwargs" JSONB NOT NULL,
    "enqueued_at" TIMESTAMPTZ
);
CREATE INDEX "idx_job_request_enqueue_93e81f" ON "job_request" ("enqueued_at");
ALTER TABLE "distributed_lead" ADD CONSTRAINT "fk_distributed_lead_oem" FOREIGN KEY ("oem_id") REFERENCES "oem" ("id") ON DELETE RESTRICT;
ALTER TABLE "distributed_lead" ADD CONSTRAINT "fk_distributed_lead_store" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT;
ALTER TABLE "distributed_lead" ADD CONSTRAINT "fk_distributed_lead_lead" FOREIGN KEY ("tenant_id", "lead_id") REFERENCES "lead" ("tenant_id", "id") ON DELETE RESTRICT;
ALTER TABLE "sla_event" ADD CONSTRAINT "fk_sla_event_distributed_lead" FOREIGN KEY ("distributed_lead_id") REFERENCES "distributed_lead" ("id") ON DELETE CASCADE;
ALTER TABLE "oem_routing_rule" ADD CONSTRAINT "fk_oem_routing_rule_oem" FOREIGN KEY ("oem_id") REFERENCES "oem" ("id") ON DELETE CASCADE;
ALTER TABLE "distributed_lead" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "distributed_lead" FORCE ROW LEVEL SECURITY;
CREATE POLICY "party_isolation" ON "distributed_lead"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "sla_event" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sla_event" FORCE ROW LEVEL SECURITY;
CREATE POLICY "party_isolation" ON "sla_event"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "oem_routing_rule" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "oem_routing_rule" FORCE ROW LEVEL SECURITY;
CREATE POLICY "party_isolation" ON "oem_routing_rule"
    USING ("oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "notification" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "notification" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "notification"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
"""

SQLITE = """
ALTER TABLE "lead" ADD COLUMN "is_distributed" INT NOT NULL DEFAULT 0;
CREATE TABLE "distributed_lead" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "external_ref" VARCHAR(64) NOT NULL,
    "brand" VARCHAR(64) NOT NULL,
    "region" VARCHAR(100),
    "city" VARCHAR(100),
    "customer_name" VARCHAR(100) NOT NULL,
    "phone" VARCHAR(20) NOT NULL,
    "phone_masked" VARCHAR(20) NOT NULL,
    "tenant_id" BIGINT,
    "store_id" BIGINT,
    "lead_id" BIGINT,
    "store_code" VARCHAR(32),
    "store_region" VARCHAR(100),
    "status" VARCHAR(16) NOT NULL,
    "status_grade" VARCHAR(2),
    "stage" VARCHAR(24),
    "outcome" VARCHAR(8),
    "lost_reason" VARCHAR(32),
    "return_reason" VARCHAR(16),
    "return_note" VARCHAR(300),
    "received_at" TIMESTAMP NOT NULL,
    "assigned_at" TIMESTAMP,
    "first_contact_at" TIMESTAMP,
    "sla_due_at" TIMESTAMP NOT NULL,
    "sla_outcome" VARCHAR(8) NOT NULL,
    "warned_at" TIMESTAMP,
    "breached_at" TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_distributed_oem_id_c97808" UNIQUE ("oem_id", "external_ref")
);
CREATE INDEX "idx_distributed_sla_out_45e610" ON "distributed_lead" ("sla_outcome", "sla_due_at");
CREATE INDEX "idx_distributed_oem_id_349973" ON "distributed_lead" ("oem_id", "store_id", "received_at");
CREATE INDEX "idx_distributed_tenant__548671" ON "distributed_lead" ("tenant_id", "lead_id");
CREATE TABLE "sla_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "distributed_lead_id" BIGINT NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "tenant_id" BIGINT,
    "kind" VARCHAR(16) NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "data" JSON NOT NULL,
    CONSTRAINT "uid_sla_event_distrib_750175" UNIQUE ("distributed_lead_id", "kind", "key")
) /* Append-only: received, assigned, reassigned, warned, first_contact, */;
CREATE TABLE "oem_routing_rule" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "brand" VARCHAR(64) NOT NULL,
    "region" VARCHAR(100),
    "city" VARCHAR(100)
) /* An OEM's routing: leads for `brand` in `city` (or, without a city, the */;
CREATE INDEX "idx_oem_routing_oem_id_ff8260" ON "oem_routing_rule" ("oem_id");
CREATE TABLE "notification" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "store_id" BIGINT,
    "kind" VARCHAR(32) NOT NULL,
    "channel" VARCHAR(8) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "body" TEXT NOT NULL,
    "data" JSON NOT NULL,
    "dedup_key" VARCHAR(128) NOT NULL,
    "read_at" TIMESTAMP,
    "sent_at" TIMESTAMP,
    CONSTRAINT "uid_notificatio_tenant__a7d17b" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_notificatio_tenant__de7190" UNIQUE ("tenant_id", "dedup_key")
);
CREATE INDEX "idx_notificatio_tenant__81e5ee" ON "notification" ("tenant_id", "user_id", "read_at");
CREATE INDEX "idx_notificatio_channel_8e009d" ON "notification" ("channel", "sent_at");
CREATE TABLE "job_request" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT,
    "name" VARCHAR(64) NOT NULL,
    "kwargs" JSON NOT NULL,
    "enqueued_at" TIMESTAMP
) /* A job that must run after a commit, kept in the database so it survives a */;
CREATE INDEX "idx_job_request_enqueue_93e81f" ON "job_request" ("enqueued_at");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
ALTER TABLE "lead" DROP COLUMN "is_distributed";
DROP TABLE IF EXISTS "job_request";
DROP TABLE IF EXISTS "notification";
DROP TABLE IF EXISTS "oem_routing_rule";
DROP TABLE IF EXISTS "sla_event";
DROP TABLE IF EXISTS "distributed_lead";
"""


MODELS_STATE = (
    "eJztXWlz2zjS/isofRmnSvHG8hG/malUOYl3JvMm9pTj2Z3a8RQNkZCENQVoCdLH7s5/Xw"
    "A8xFskTUkU3R+iyGQ3SD2Noy80/jOYc4vYYv+SzAfv0H8GDM+J/BK/PEQDvFgsL6oLLh7b"
    "mo4HBGPhOth05aUJtgWRlywiTIcuXMqZIjxDJnbQHN8R5zuBZgRbiE8m1CT76IK7CCOXMM"
    "zcd4i6yKKyNTr2XCKQLSkFcjmyCLaJI/bV4yxuKgo2bb1lj9F/ecRw+ZS4M+LI9n//Q16m"
    "zCKPRIR/Lu6MCSW2lYCMWqoBfd1wnxb62gc6/czcv2pa9d5jw+S2N2dL+sWTO+MsYqDMVV"
    "enhBEHu0Q9wXU8hSfzbDtAPYTYf9klif+WMR6LTLBnK6kobv8FltcGhnFxeW18O782jEFG"
    "YiFHDOrgksmZkrZ8VaEBmKpXeP1/o9Hh4dvRm8OT0+Ojt2+PT9+cSlr9vtlbb//0X2aJlt"
    "+Uxuzzj58vrtULcdml/G6mLvypebCLfS4tjCX6pkMUXgZ2s1L4JO+4dE7y5ZDkTMnDClj3"
    "wy9p6YSyKBNPeGEpn+Ug2YSA5A+0Lpn9FHSMEuyvP389/3Z99vUX9bi5EP+yNX5n1+fqzk"
    "hffUpd3Tt5lRRW1Aj6++frn5D6E/3j8uJcw8uFO3X0E5d01/8YqHfCnssNxh8MbMX6cHg1"
    "RE1SxqQuZ6SsvD/OsFMg64A+JWWJVhO5bnfYzfGjYRM2dWfyz8NRiVT/dnb18aezq73DUU"
    "pSF8Gdkb71ZwJa/X8NaEP6dqDd9pBJgDt686YCupKqEF59L4nv2MHMElmEf/52eZGP8JIj"
    "PUlR00X/RbZc3NaF9eCHicdMBSMae9R2KRP76nnvB2uSQAngCqHE/BTivPf17Le0CD5+uf"
    "yQnnhUAx+kONRSPrmLLSfqwhibdw/YsYzMHT7iRbTZW/PRPH0FMzzV8KpfrH5foGR90vrH"
    "jw73Fnk6WPx2qS7m6zHGNKKsoJT5PEjzyPlrRgJtaR+d3xPnCX28+ooc/qBULIdKpYm68p"
    "+FsEC3PqFBrds8nay9hkElA5UMVDJQyUAlA5VsvSoZFYZcLul9DsgfOLcJZgXLRpwvBfZY"
    "Mq4L7bBvb1b9+nB5+SUxF334nFoaLn79+uH8au9AYy+JqJtYMZaAC+JKTXJaSwuO83RDD1"
    "aPBT34+XrwN5c7JE8D9m+U6r4iIlmp9F4yErr8ZnSB9o6+Ic39CvEJwgnFNavY1mXOUV5/"
    "H0QKrqKQnxKV1EW9KP4Bai6ouaDmdlPNTQzX6kMvwbZ6BO6CjDc4CLtiZWwbcrAzdtrOcM"
    "hUvVQNhJccPcT4oBLGByUYH2QxNqn7VGuCCOgB32r4Ko3k35zVmifiPJvDeXAmKP7Ltxlm"
    "0xmm67LTkpCfHFVA/OSoEHB1C8JFHTOT4+LgC8Lk+xgz7jm1pJJh7IZwdt6HAX68DfvxOu"
    "I0+lVor0rGZ6SvD8tcRvKO4YVUFUKlC+IIOWQeZhzZfCoQZfvoA7E5m+osMuyiueyXiEce"
    "It8NhLijr12ef/0+405qpdUbtrCxO+HOHMnZRXZO7gg01m2oJhihyvUEsdTu27fgZAInU3"
    "whI3NM7ToadsTQu2jq6LiKSi2pig3x44xSDY6O9To6FrOaFmLE0AjhoHd2E+D23XQLLMQD"
    "lwrUDItZLZTTjH3sz8fHleaL45L54hgSBArR3kyCQDylsXasJYe5UcRl9bTSV3005u8g89"
    "r4L3kA9oaw21i4hrQLKWug+WeYW1D+O7bE7oiuH2KSUfY74kS5kmvXmRB0yuaEuYMcd0qK"
    "YljmWHEkrYGTxCv9K8pfg16/R4pZ/W9xacowtHfrZ5D/QK33t0N0q5Ntor/kDBN9D30gt6"
    "+yWTttN56b1aN8ScF8p57jv4R6DiTydGlyBR8L+FjiS2xs2FYfeDGmdSXx9HX8xdIgglmy"
    "chJEQN9Da7V950Cw9NSAd8nRQ4DbD8iDadqRaaSTpukLSMGcOpgppWf8VBv+DCtIoY4UOm"
    "I1nnnu7N9X5J4KH6mM0ZgkGJYG4xWp4cRpK23kUFuIH2ZcEGRyT/YpB835PRGIM0T0PmPd"
    "1VS0XLbN72Qrggd3zn75nDEUn9/kDVs43CRCIMZdKr8gzCxJaXNVbUbtctZG6NI8hroznR"
    "9vQzAawWhMZXAvJ6rqIy/Otbm9H292fvx1Zb1b0P8nT7kLnX+nfIVbUOMuIKqQbaZCs8RC"
    "gshpwkUTudpgprK91LojJUDkIqQzOE2bElVVQ40zXWZj4ZAJfURUIDHjDyyzxLXX9A3DE7"
    "U86olMMsBC1vWBBAsZLGTJhQwyoNacAaWnzDoILzl6l8N3cFJlH1J6NMS2IZ2k4ZULau3s"
    "pzhP7yAGP2fPFuyO+zn7DztEqSBKtbuztzC5aiMDcEl9pYijGzsTe7VtNDSVGsRMMqwQM3"
    "lWVqUnGhm7aV7IqexaTmViA9XjgsrmGsg5yQlS7rKU/Thck9Gc5AQpd03KHfH8X5GJ/CGz"
    "a9lXcgPdifvD0txon9JwI9LqsYCAF2nefXTFXdUPl3FpuSp9L4k8IXsEwsgJ7kePyg8DPK"
    "fVG+YPID+w/TBTke0JnlP7Ce1hVRhRarY+pQoauDP5/wN33JlNhCjMpIZwQXd0JggXQLgA"
    "kqW7YLPoWbS2rzvJBd7ulf4Sf/WqA/GSY10OqT6VsO+QQda1ZWNHlgmwyF60lDtikX1R25"
    "qvZ9IacfXvzphkSYJhmU3mb5F247QrjbKPUqrE9FRNB0lCbWkR6WaEKuiFyGtVhwdJKB2V"
    "Cbx3JxFkKr2KcVenC0tbJ2ORPb/JGxb+CGRxojOQVY4ywba0zag5Q9jUKc0CkUcqXLDAdk"
    "ADBAsMLDAoCba5kmBq5vWcvJBp4bQWZ+lNWvfo4Ojt0enhyVE0p0VXyqaygmBbAFHTeFuS"
    "HZTCrimFCXlzU+nvUs3Im6dWCDvFC5LumqQ7ov7/jUh91iZf1V+DHO0/cb9U+b/3KY15RF"
    "pp36Egfg9Dmm+IyP50H+mK6+gnDz9SLHVyog82PfMcKZ6hT4i+8/9Eo/031+iL9+g5T9/l"
    "nzLV+hNyi9boBtVdDSAUqgHNHzT/jmr+0VCtqvlHDJApWSVTUk+mdfBdcgDAFQCGrUbLjT"
    "Cj0yo7YUanxVth1L0kvnr5N0xpMNXqxSm2PqLd+rYjqAP8cg4Y+egJl8/zDxmJ7pWaGGac"
    "qkK6V0iPsGPOVDRg78Y7HuPRjXcyOnwrP09PDtXn0emrfXQ9I4hxZ45tKoiFdAF1lWzl9w"
    "8dOvDPnMxaGWt9UsODb/0C8NnrwQtK5ShjpKQodRHP4Dt/YH7qyR9gyYAls2NrWH8tGTg7"
    "d6upZPEZsjr6cS4AvzH4sYWshpKe5Oqhjn5UxSA6KraHjjLmULT21+rlcS7YYNe0k4Opv9"
    "7Ddzd8rlK3ER5VK9tSUrUlDe8DMWd5GmkxvkuO/h1c1b4nUKJh+eZwVXyXHP3Dt8rKV7zw"
    "Zda9MXXcmYVzctiVQVUQKYjxlJlSuwd1CbbKEtrmofEdQ2rdg56bprfQdQLrIJzkApxX40"
    "yZyefEGNcMFqbY+od0+1GALQZcXhjSY8+aEteY55UKKjTlkkw9MuZaS80MEcI5BQpXworz"
    "ahQCrMrY8pwFF/XssyVL/+aD9ncRTrjpCWPB9fMyMBfXtkrzQYWrRMSgjQpX5HFBTBWYkV"
    "1a2sT1hkEuc/8GRPsLpHocYWpWdu6kuSbfJIN6aWJCLv8GExSiKzuVoZAnASE7N5EPY5iZ"
    "ddNDCtsASTSWhJxgPefZski0AtKoIY05caZyQpcP5bWDMVneHqmbGw7J3BMn/8CSQvRjHJ"
    "uL9x7siI7vLayGiStJTkhc6UriSs6WJ/32HUtDvMbTQUkmoro9rJKMaLgBZYWEREmq6sHh"
    "KF9QFYSb83tsoztCFrqymz42bU9f1p37FcICzajKGnnKSz1spc1qSYbl+YIRIJAmCGmCMN"
    "tCmmAHZbwVjTE+MdYSQIoRRACZmrsIfqAgVfVdBuQ9TLBqPzfzjtYLTof0PQS35ewfubo2"
    "O14ixQiOlqbTxtJcqaurJjmh9kl3HAFZ3TSUVYORlmGFsVZnrHXMH3N+T5g7KPHI+ATDSj"
    "4ZEtGu9sosFoRZr7k6mzdwiSA+iflT3qEghCGGytkiP7U7Xf7v79z0C0OKHN9Mmy237aEZ"
    "BsoAeGrAU7Nreh94asBTA56afooAPDVbBB/cCWvMtZRaKK8/s8S5wL5p2rGVmpXFvTi/Na"
    "TvRl6reuxO57V2xNT8IvXGQd4RB+r6sPRkg5CiRtWh74SU4JM67E1CLY08hF2krDq9VqkC"
    "QSeTY9MvE/SqrKZQ7XbaMBXjC6pwsetpPCxPl47OVhWK7/avQA6pAl2ZIsEABQMUDNDO6C"
    "lg/YD1/5JFALWGtjj3cM8xiWHOMGOk1sk4Wc4eOgRGlc7IKTkiJ1NgIHFiQu1On8cNnb9p"
    "54eN8bAxfndgzWzvNcKiQlk7reIG4aiFl1y2yHewGFMHW7W2W6f5erj8HVTZaV280TpzSE"
    "TkJKqsZEQcfUS39Y3sEq5prT4cMfQQ3vZ1NyoMOl9wx8Usxz+26uyCBCvsgq6xC1qCZ1H1"
    "JmNPQVMb+RQzYF8De0YeXWPCbZs/GN6igWM4twFIz+1yem5KZA7Bol7dwcIG+leNZlSpQv"
    "GopELxKFuh2JQqJTOleu41OfQ1yw3DrcvDrZmUQbq7Id0JdcTzVtD8FkDqXZa6f/D2M4Se"
    "2wDIvMsyX0rL5F6ehVjo/Mzh3Fw88c269KSW/Z+2FFcDXTTF1j8NtP2kVQ0Z43nO5RU4h0"
    "z9Q/m4kp5/XKLnH2f1/KBvyp8r3GbbIYta6FEAZdMJIRLSZhlwcUZYqbu8UkM5v1ZXZijn"
    "Vwz1bmaN5oyiLpXzU7n7Z0LQKZsX7B9PUQxX5fkbOEm8MuX/7zOOVAqahTBSDaCJw+foYU"
    "bYUH4+DRFmlvzCkUVMakmyvWA3eE7a/zPbaiP1X2OQe6ZwPM9UdgZPQAb/9tUVyOB/OXMx"
    "ZPB3dBDG7Lhg9qwFfowJoIfNE7sIvtJTIo2glgDSnOCvaCqDmE5Wb+7nz8YfBoG6Ut8l/U"
    "xvdOdgT7qjKzlKD0scpYdZRykVhtJ/5tilZk43X5H/lWCF7K8a2V++VdywJmaGFyb5OnNM"
    "h3wthWX6ljeHKz0sbZTnUw29QzprGak6kGKIdP49UtvQdBE9lXr2Oty2UK0yX41Gb1hAoO"
    "IuKIi7CO2fUb4Z5SKWN7ljEQfNqS1vckbaq+UXMxmgjt/WVQBwwoATBpwwndHDwQkDTpiX"
    "CD7U74P6fb3s2NpHeI9tr1YeWpKrf4loJ1W2NZ4Ub2s8yWxrlCpNbZTjPIDxaow37iTsNL"
    "5r8RFCuc9C9EvA7lu5z7/qVPpfF4Mcb1V0b1jmrIqS8av5qi4ZUSc6uJIIPVB3po/eDIuD"
    "ITzmnhum9ezdeKeWNZGfE2ssP8fjNzfe8eT4OCcnqL1mW3Y8zbDyo/kuivJsoQQleKrAU7"
    "VjpgV4qsBTBZ6qfkEPnqptbq2BWqvbFkGjVCHI02qj89cvsdrv2qrtlz+LGxw1tdkUaw/V"
    "2R1RXyvt31OGMcnbYX9NHouWkCVLL8ZSmTjPf7sud+lE0vxyefFjSJ7286QdmEK9f43Za8"
    "nRPwfmWqo+6aQjY0wmUtmsA3Sar39wt1yH1AcMT1zi1Mc5YgOYV8CsM+oa9Oc0X/+Abr80"
    "qY9Z7S6dYgOkVyMNBTFfnr4JBTG3rBrB/o/N7f/oSCD3mgj3k0PvySAnkru8OSwL5bqSzL"
    "AiugrnOApzRizPJhbiDjL5fGET2SeQagjphvIObazGtLkyDdH7QOR12/4/iLxC5BUir51x"
    "wkPkFSKvLxF8iLxuXQQdOfgPhDHwo0EqONFkKc6wQki88ZIQt1NqKsFp3h6qwTui9lbyoM"
    "HRb2vOfYjcDk0MyhQvOKO7PJQmhFjKxZaVcnH2Q5ynDy7nTWQ/dMQPeqmKiQxyfKD+jWGZ"
    "/zPUGnlEWsEFGjD5VUzeIb+ID9q7fIVev0fyEfSeOOrCp1dD7e/EzCS2cn7uXefsY2mhvQ"
    "06Tv01B1ym4DLdNfUCXKbgMgWXab+gB5cpuExfsgjAZdohYciXmNCpJ3HKPTmnZBdLmrEP"
    "BugG6lksHGrm5M1+IiadYzsf64gnreL6TPsB8w52+hJ8P51//Pz17MvewWg4SmU0hdAfZd"
    "HFT+qwF2MubUpeq35WlrOHDsrTCv35tLA3n2ZqsxBpFNA8s62sN8e4ttOf13U0ZtudGbzr"
    "Se96lTJwB8Vl4A4yZeCCStYNwlRxxh76HXbEz1DJsR75Ipucxp7ihRBKlyUd+ZibuBJTvC"
    "Dp7ku6wY6NDCNYLZWsFsiseeHnRXyMpPiLwy3PdL9QRgY58ct8wmFZPDPWQxY+j2GHTCsj"
    "m9+IQ4lAGC1bQULO5AJRJq9qt+k7XWZvQh11uoOngpYTpOaX18vjQbMhzjYbrhbrLA1ixq"
    "q1CP1mmdgohDchvLlbZgaEN9Mih/AmxNh2HvytVCMD6HUP9lWDGhbRkqOHLsN2Kr53RAX/"
    "pmanj9xjbn7mYOJ+qcLtz3NmjHSlmv0LcV5rNqkDS0FLK1qgvWXhasec0Xsi33g+Jo7ISR"
    "hswN+C0qwRAj25Q1MV6MmgJ4Oe3B19AfTk7YGv/6+hqoX0PVTU2j/iq+Dso9LUsoKjj9bY"
    "p9eVivDi/NOfqEJk7EnxqNOL8/TjNEmpimwtiQ07pF6lJReLJ1eX5WQeTKLkUSriDKvA1C"
    "Rnz4uwscE91+T++Fd/WrK18KiWZTvxidkhJpE6dcGJLtHOGdCGQRvesZWjv9rwciRXH3dL"
    "HlDFGqtiiQm4hkqW5uuhatb+qYljB9c72zZiAHgrHUo5rZnLv+ToXzrMQaV0mIOSdJiDnH"
    "QY6j7VATikB3irwRvutaprIWcYezhhrAXxhUSJGHMs7ki9XRMpvh7iPapW+Lik7nHmZOZt"
    "+Ty7NpO8JJcnYP9uS7vOAfl3y5CvVfPMjjhX/7SX9t3OPmL1VfA0X/+wXoveshtb5AbYdI"
    "Nq9RvAufUidD5khj4oqT7US77+9ekq00fx7JEzeeBp/TOVegpt60f8xCIoVfGNsfQP4ZY3"
    "g9tcuA12ZKXY+gdz+zqGQ1zPYQ2wzjD2D+32V78ANMbdWlNHiq1/SK9ln2E8aJ0BuzzumW"
    "LtYeBzRwKdlXbw+hvkGgk6xQo7tbssZ7030lDHNEsbqIGw8/hB4l2WeCw7qaask5wwgXde"
    "zA0sqhTbBn0wC8IsJZyNKEct21YP2Gm2ViYYYd7s8oAaS7NMnX7SQMopVpBzl+XsLayGmZ"
    "1Jzh6ujzua2Zkjdv32HUmN/2bj83vC3EHentHw3rB0v6hctElEtvqwiYVaa19zKch3KDTL"
    "hyi024ZIOaDC7/4KNUQJRX84SPWXNtq8YeE8qaiVd8b/Fkv130d76cT/IbqTo0F+kqdXiA"
    "rkjxUk+A3DqhmHEgv9k48Rkwg56tW4YwnkPlCz5IDg9FOC+LZ6lP6fPMG21S4F0iFR/+VM"
    "51US9QvGb/VBWNAApPA3znCBvRNbAh7SGbeJfqgyVHXAhPQ9zNRtP/an9LA62JLmWf7NnF"
    "qb8Wa1v0dFqVNZZH/+dnlRsFwG9GktiZou+i+y5WK6Noh/mHjMVPihsUdtlzKxrx77fl3Q"
    "l0Ct8EkoSJlDENPnHaY0H9VAlw5BJPMr7klIp1eefuvsaYhJimGZlaoWc8cnNpyQerWxyt"
    "Dl+dfvBApY3yGljgk04Q661RvPblXBz1u1hecW7XFHmpdUdkLPVaVB5cWhqgGatVdbafaG"
    "3fopobev0JQjl6OJZDVnVEijU6eMCkXmEGRix3mSz9EFSXX7RcYnmJXdWcbBrASzsvs2TF"
    "9HH+xIhh3JfdkIATuSW4e3I0ryBXfphJo4QCWjIifulyrILE3Zcj2j1bU5LWJ5CyMvupEi"
    "jFUDVqt9VMPInGHGiD4ZTKjT2tR10GBBg92x9ba/GizU84TS6y8TeqgrsD3sIQiyxu1mMZ"
    "2rsnWxZNlgMIQyQym/G4G55QRfl7p2rTzqiKGHXXhUyYIblVhwo6yBPOZWjoF8TR4LJuaQ"
    "vhf4limY579dl8eUIv3yy+XFjyF5OtAE4b0OhfeSx9+GJneN2SXB1IsRkD5Kusr8LalKDp"
    "POzOGhoyKD86p9qxgS97uXwZ2z4ylwONWUb4wN5Ns1+XbEx/szH1+pY5FEbpJ+7O6wzL/7"
    "Tz42nBjh6twHnbjuzrCL5p4+wpQhPHHVgUzI5PM5dVXe+8JVmQoqr0At02MsVPY7oi4Snn"
    "NP79UZqYNUZ2mv5Rt2pRL0EfdUqZvvfWIqFtg1Z7I1wuTPlT8YBbv7EGeKi1lojp07nRwx"
    "30c/cSmEG6az9CW0PgG1ZKvMfhoixpHvf9KvUTFv4vdB8GwLnNDbdgSAExqc0J1wQndsdY"
    "ZjjXqXSqGUjWlOwcNi23rJAdZ169Z1XAeoucCkWME2ANsg1zY4Iw41Z4McuyC4U2oT4CVN"
    "q9kez8kifim67+jg6O3R6eHJUbTcRlfKVtnVWu09cUTNhLoYSw/X2dHxcZWIwfFxccRA3U"
    "vO7UEsqSrCAXkP0V1PwiJnblBRoKomE2PZvCqznYWyHzt+/vwfF3n3ig=="
)
