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
CREATE TABLE "distributed_lead" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "external_ref" VARCHAR(64) NOT NULL,
    "brand" VARCHAR(64) NOT NULL,
    "region" VARCHAR(100),
    "city" VARCHAR(100),
    "customer_name" VARCHAR(100) NOT NULL,
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
CREATE TABLE "distributed_lead" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "external_ref" VARCHAR(64) NOT NULL,
    "brand" VARCHAR(64) NOT NULL,
    "region" VARCHAR(100),
    "city" VARCHAR(100),
    "customer_name" VARCHAR(100) NOT NULL,
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
    "TkJKqsZEQcfUS39Y3sEq5prT4cMfQQ3vZ1NyoMOl9wx8Usxz+26uyCBCvsgq6xC5qRR9eY"
    "cNvmD4a3aOCczG0AUkS7nCKaEplDsKhX+66wgf5VRBlVqpI7KqmSO8pWyTWlWsOkgR/Ec2"
    "qOuCw3DLcuD7dmUgbp7oZ0J9QRz1tB81sAqXdZ6v7hz88Qem4DIPMuy3wpLZN7eVZKoQMu"
    "hxOOY88cxy7F1UAXTbH1TwNtP3FSQ8Z4noNzBc4hU/9QPq6k5x+X6PnHWT0/6Jvy5wq32Z"
    "a8ohZ65MTfdFKChLRZFlacEVbqLq/UUFKu1ZUZSsoVQ72bmYs5o6hLJeVU/viZEHTK5gV7"
    "mFMUw1W55gZOEq9MO//7jCOVBmUhjFQDaOLwOXqYETaUn09DhJklv3BkEZNakmwv2JGck3"
    "r+zLbaSD/XGOSeaxvPdZSdwROQRb59dQWyyF/OXAxZ5B0dhDE7Lpg9a4EfYwLoIYF/F8FX"
    "ekqkEdQSQJoT/BVNZRDTyerN/fzZ+MMgUFfqu6Sf6Y3uHOxJd3QlR+lhiaP0MOsopcJQ+s"
    "8cu9TM6eYrsr8SrJD9VSP7y7eKG9ZlzPDCJF9njumQr6WwVNzy5nClh6WNEnGqoXdIZ84i"
    "VYtQDJHOAUdqK5Qu5KZSz16HqfPVqsPVaPSGBQQq7oKCuIvQ/hnlm1EuYnmTOxZx0Jza8i"
    "ZnpL16cjGTAWrJbV0FACcMOGHACdMZPRycMOCEeYngQw05qCHXy46tfYT32PZq5aElufqX"
    "iHZSZWvdSfHWupPM1jqp0tRGOc4DGK/GeONOwk7juxYfIZScLES/BOy+lZz8q06l/3UxyP"
    "FWRfeGZc6qKBm/mq/qkhF1qoAridADdWf6+MewQBXCY+65YVrP3o13alkT+TmxxvJzPH5z"
    "4x1Pjo9zcoLaa7Zlx9MMKz+a76IozxZKUIKnCjxVO2ZagKcKPFXgqeoX9OCp2ubWGqj3uW"
    "0RNEoVgjytNjp//TKf/a7v2X4JrrjBUVObTbH2UJ3dEfW10v49ZRiTvB321+SxaAlZsvRi"
    "LJWJ8/y363KXTiTNL5cXP4bkaT9P2oEp1PvXmL2WHP1zYK6l6pNOOjLGZCKVzTpAp/n6B3"
    "fLtTB9wPDEJU59nCM2gHkFzDqjrkF/TvP1D+j2y2P6mNXu0ik2QHo10lAQ8+Xpm1AQc8uq"
    "Eez/2Nz+j44Ecq+JcD859J4MciK5y5vDslCuK8kMK6KrcJagMGfE8mxiIe4gk88XNpF9Aq"
    "mGkG4o7+DAakybK9MQvQ9EXrft/4PIK0ReIfLaGSc8RF4h8voSwYfI69ZF0JHD50AYAz8a"
    "pIITTZbiDCuExBsvCXE7paYSnObtoRq8I2pvJQ8aHD+25tyHyO3QxKBM8YIzustDaUKIpV"
    "xsWSkXZz/Eefrgct5E9kNH/KCXqpjIIMcH6t8Ylvk/Q62RR6QVXKABk1/F5B3yi/igvctX"
    "6PV7JB9B74mjLnx6NdT+TsxMYivn5951zj6WFtrboOPUX3PAZQou011TL8BlCi5TcJn2C3"
    "pwmYLL9CWLAFymHRKGfIkJnXoSp9yTc0p2saQZ+2CAbqCexcKhZk7e7Cdi0jm287GOeNIq"
    "rs+0HzDvYKcvwffT+cfPX8++7B2MhqNURlMI/VEWXfykDnsx5tKm5LXqZ2U5e+igPK3Qn0"
    "8Le/NppjYLkUYBzTPbynpzjGs7/XldR2O23ZnBu570rlcpA3dQXAbuIFMGLqhk3SBMFWfs"
    "od9hR/wMlRzrkS+yyWnsKV4IoXRZ0pGPuYkrMcULku6+pBvs2MgwgtVSyWqBzJoXfl7Ex0"
    "iKvzjc8kz3C2VkkBO/zCcclsUzYz1k4fMYdsi0MrL5jTiUCITRshUk5EwuEGXyqnabvtNl"
    "9ibUUac7eCpoOUFqfnm9PB40G+Jss+Fqsc7SIGasWovQb5aJjUJ4E8Kbu2VmQHgzLXIIb0"
    "KMbefB30o1MoBe92BfNahhES05eugybKfie0dU8G9qdvrIPebmZw4m7pcq3P48Z8ZIV6rZ"
    "vxDntWaTOrAUtLSiBdpbFq52zBm9J/KN52PiiJyEwQb8LSjNGiHQkzs0VYGeDHoy6Mnd0R"
    "dAT94e+Pr/GqpaSN9DRa39I74Kzj4qTS0rOPpojX16XakIL84//YkqRMaeFI86vThPP06T"
    "lKrI1pLYsEPqVVpysXhydVlO5sEkSh6lIs6wCkxNcva8CBsb3HNN7o9/9aclWwuPalm2E5"
    "+YHWISqVMXnOgS7ZwBbRi04R1bOfqrDS9HcvVxt+QBVayxKpaYgGuoZGm+Hqpm7Z+aOHZw"
    "vbNtIwaAt9KhlNOaufxLjv6lwxxUSoc5KEmHOchJh6HuUx2AQ3qAtxq84V6ruhZyhrGHE8"
    "ZaEF9IlIgxx+KO1Ns1keLrId6jaoWPS+oeZ05m3pbPs2szyUtyeQL277a06xyQf7cM+Vo1"
    "z+yIc/VPe2nf7ewjVl8FT/P1D+u16C27sUVugE03qFa/AZxbL0LnQ2bog5LqQ73k61+frj"
    "J9FM8eOZMHntY/U6mn0LZ+xE8sglIV3xhL/xBueTO4zYXbYEdWiq1/MLevYzjE9RzWAOsM"
    "Y//Qbn/1C0Bj3K01daTY+of0WvYZxoPWGbDL454p1h4GPnck0FlpB6+/Qa6RoFOssFO7y3"
    "LWeyMNdUyztIEaCDuPHyTeZYnHspNqyjrJCRN458XcwKJKsW3QB7MgzFLC2Yhy1LJt9YCd"
    "ZmtlghHmzS4PqLE0y9TpJw2knGIFOXdZzt7CapjZmeTs4fq4o5mdOWLXb9+R1PhvNj6/J8"
    "wd5O0ZDe8NS/eLykWbRGSrD5tYqLX2NZeCfIdCs3yIQrttiJQDKvzur1BDlFD0h4NUf2mj"
    "zRsWzpOKWnln/G+xVP99tJdO/B+iOzka5Cd5eoWoQP5YQYLfMKyacSix0D/5GDGJkKNejT"
    "uWQO4DNUsOCE4/JYhvq0fp/8kTbFvtUiAdEvVfznReJVG/YPxWH4QFDUAKf+MMF9g7sSXg"
    "IZ1xm+iHKkNVB0xI38NM3fZjf0oPq4MtaZ7l38yptRlvVvt7VJQ6lUX252+XFwXLZUCf1p"
    "Ko6aL/IlsupmuD+IeJx0yFHxp71HYpE/vqse/XBX0J1AqfhIKUOQQxfd5hSvNRDXTpEEQy"
    "v+KehHR65em3zp6GmKQYllmpajF3fGLDCalXG6sMXZ5//U6ggPUdUuqYQBPuoFu98exWFf"
    "y8VVt4btEed6R5SWUn9FxVGlReHKoaoFl7tZVmb9itnxJ6+wpNOXI5mkhWc0aFNDp1yqhQ"
    "ZA5BJnacJ/kcXZBUt19kfIJZ2Z1lHMxKMCu7b8P0dfTBjmTYkdyXjRCwI7l1eDuiJF9wl0"
    "6oiQNUMipy4n6pgszSlC3XM1pdm9Milrcw8qIbKcJYNWC12kc1jMwZZozok8GEOq1NXQcN"
    "FjTYHVtv+6vBQj1PKL3+MqGHugLbwx6CIGvcbhbTuSpbF0uWDQZDKDOU8rsRmFtO8HWpa9"
    "fKo44YetiFR5UsuFGJBTfKGshjbuUYyNfksWBiDul7gW+Zgnn+23V5TCnSL79cXvwYkqcD"
    "TRDe61B4L3n8bWhy15hdEky9GAHpo6SrzN+SquQw6cwcHjoqMjiv2reKIXG/exncOTueAo"
    "dTTfnG2EC+XZNvR3y8P/PxlToWSeQm6cfuDsv8u//kY8OJEa7OfdCJ6+4Mu2ju6SNMGcIT"
    "Vx3IhEw+n1NX5b0vXJWpoPIK1DI9xkJlvyPqIuE59/RenZE6SHWW9lq+YVcqQR9xT5W6+d"
    "4npmKBXXMmWyNM/lz5g1Gwuw9xpriYhebYudPJEfN99BOXQrhhOktfQusTUEu2yuynIWIc"
    "+f4n/RoV8yZ+HwTPtsAJvW1HADihwQndCSd0x1ZnONaod6kUStmY5hQ8LLatlxxgXbduXc"
    "d1gJoLTIoVbAOwDXJtgzPiUHM2yLELgjulNgFe0rSa7fGcLOKXovuODo7eHp0enhxFy210"
    "pWyVXa3V3hNH1Eyoi7H0cJ0dHR9XiRgcHxdHDNS95NwexJKqIhyQ9xDd9SQscuYGFQWqaj"
    "Ixls2rMttZKPux4+fP/wGs0X2l"
)
