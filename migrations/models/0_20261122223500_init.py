"""Organisation core: OEMs, dealer groups (tenants), stores, users, roles, API keys.

PostgreSQL gets row-level security on every tenant table (FORCE, so the owning
application role is subject to it as well) and tenant-inclusive keys; SQLite,
the embedded default, gets the same tables without RLS.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "oem" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "brands" JSONB NOT NULL DEFAULT '[]'
);
CREATE TABLE "dealer_group" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "is_active" BOOL NOT NULL DEFAULT TRUE,
    "settings" JSONB NOT NULL DEFAULT '{}'
);
CREATE TABLE "store" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "tenant_id" BIGINT NOT NULL REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "region" VARCHAR(100) NOT NULL,
    "city" VARCHAR(100) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "brands" JSONB NOT NULL DEFAULT '[]',
    "opening_hours" JSONB NOT NULL DEFAULT '{}',
    "is_active" BOOL NOT NULL DEFAULT TRUE,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uq_store_tenant_code" UNIQUE ("tenant_id", "code")
);
CREATE TABLE "app_user" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "email" VARCHAR(254) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "phone" VARCHAR(32),
    "password_hash" VARCHAR(255) NOT NULL,
    "is_active" BOOL NOT NULL DEFAULT TRUE,
    "dealer_group_id" BIGINT REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    "oem_id" BIGINT REFERENCES "oem" ("id") ON DELETE RESTRICT,
    "last_login_at" TIMESTAMPTZ,
    CONSTRAINT "ck_app_user_one_org" CHECK ("dealer_group_id" IS NULL OR "oem_id" IS NULL)
);
CREATE INDEX "ix_app_user_dealer_group" ON "app_user" ("dealer_group_id");
CREATE INDEX "ix_app_user_oem" ON "app_user" ("oem_id");
CREATE TABLE "role_assignment" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "user_id" BIGINT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
    "role" VARCHAR(32) NOT NULL,
    "domain" VARCHAR(64) NOT NULL,
    "dealer_group_id" BIGINT REFERENCES "dealer_group" ("id") ON DELETE CASCADE,
    "oem_id" BIGINT REFERENCES "oem" ("id") ON DELETE CASCADE,
    "granted_by_id" BIGINT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uq_role_assignment" UNIQUE ("user_id", "role", "domain")
);
CREATE INDEX "ix_role_assignment_user" ON "role_assignment" ("user_id");
CREATE INDEX "ix_role_assignment_dealer_group" ON "role_assignment" ("dealer_group_id");
CREATE TABLE "authz_revision" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "revision" BIGINT NOT NULL DEFAULT 0
);
INSERT INTO "authz_revision" ("id", "revision") VALUES (1, 0);
CREATE TABLE "api_key" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "name" VARCHAR(200) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL UNIQUE,
    "key_hash" VARCHAR(64) NOT NULL UNIQUE,
    "dealer_group_id" BIGINT REFERENCES "dealer_group" ("id") ON DELETE CASCADE,
    "oem_id" BIGINT REFERENCES "oem" ("id") ON DELETE CASCADE,
    "role" VARCHAR(32) NOT NULL,
    "domain" VARCHAR(64) NOT NULL,
    "scopes" JSONB NOT NULL DEFAULT '[]',
    "created_by_id" BIGINT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "last_used_at" TIMESTAMPTZ,
    "expires_at" TIMESTAMPTZ,
    "revoked_at" TIMESTAMPTZ
);
CREATE INDEX "ix_api_key_dealer_group" ON "api_key" ("dealer_group_id");
CREATE INDEX "ix_api_key_oem" ON "api_key" ("oem_id");
CREATE TABLE "refresh_token" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "user_id" BIGINT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "family" VARCHAR(32) NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ
);
CREATE INDEX "ix_refresh_token_user" ON "refresh_token" ("user_id");
CREATE INDEX "ix_refresh_token_family" ON "refresh_token" ("family");
CREATE INDEX "ix_refresh_token_expires" ON "refresh_token" ("expires_at");
CREATE TABLE "login_throttle" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "email" VARCHAR(254) NOT NULL UNIQUE,
    "failures" INT NOT NULL DEFAULT 0,
    "last_failure_at" TIMESTAMPTZ,
    "locked_until" TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);
""" + "".join(
    # Row-level security: a row is visible only when app.tenant_id names its
    # tenant, or inside an explicit system scope (CLI, jobs) that sets
    # app.system_scope. FORCE makes the table owner subject to it too.
    f"""
ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "{table}"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
"""
    for table in ("store",)
)

SQLITE = """
CREATE TABLE "oem" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "brands" JSON NOT NULL DEFAULT '[]'
);
CREATE TABLE "dealer_group" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "is_active" INT NOT NULL DEFAULT 1,
    "settings" JSON NOT NULL DEFAULT '{}'
);
CREATE TABLE "store" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tenant_id" BIGINT NOT NULL REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "region" VARCHAR(100) NOT NULL,
    "city" VARCHAR(100) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "brands" JSON NOT NULL DEFAULT '[]',
    "opening_hours" JSON NOT NULL DEFAULT '{}',
    "is_active" INT NOT NULL DEFAULT 1,
    CONSTRAINT "uq_store_tenant_id" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uq_store_tenant_code" UNIQUE ("tenant_id", "code")
);
CREATE TABLE "app_user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "email" VARCHAR(254) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "phone" VARCHAR(32),
    "password_hash" VARCHAR(255) NOT NULL,
    "is_active" INT NOT NULL DEFAULT 1,
    "dealer_group_id" BIGINT REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    "oem_id" BIGINT REFERENCES "oem" ("id") ON DELETE RESTRICT,
    "last_login_at" TIMESTAMP,
    CONSTRAINT "ck_app_user_one_org" CHECK ("dealer_group_id" IS NULL OR "oem_id" IS NULL)
);
CREATE INDEX "ix_app_user_dealer_group" ON "app_user" ("dealer_group_id");
CREATE INDEX "ix_app_user_oem" ON "app_user" ("oem_id");
CREATE TABLE "role_assignment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" BIGINT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
    "role" VARCHAR(32) NOT NULL,
    "domain" VARCHAR(64) NOT NULL,
    "dealer_group_id" BIGINT REFERENCES "dealer_group" ("id") ON DELETE CASCADE,
    "oem_id" BIGINT REFERENCES "oem" ("id") ON DELETE CASCADE,
    "granted_by_id" BIGINT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uq_role_assignment" UNIQUE ("user_id", "role", "domain")
);
CREATE INDEX "ix_role_assignment_user" ON "role_assignment" ("user_id");
CREATE INDEX "ix_role_assignment_dealer_group" ON "role_assignment" ("dealer_group_id");
CREATE TABLE "authz_revision" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revision" BIGINT NOT NULL DEFAULT 0
);
INSERT INTO "authz_revision" ("id", "revision") VALUES (1, 0);
CREATE TABLE "api_key" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" VARCHAR(200) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL UNIQUE,
    "key_hash" VARCHAR(64) NOT NULL UNIQUE,
    "dealer_group_id" BIGINT REFERENCES "dealer_group" ("id") ON DELETE CASCADE,
    "oem_id" BIGINT REFERENCES "oem" ("id") ON DELETE CASCADE,
    "role" VARCHAR(32) NOT NULL,
    "domain" VARCHAR(64) NOT NULL,
    "scopes" JSON NOT NULL DEFAULT '[]',
    "created_by_id" BIGINT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "last_used_at" TIMESTAMP,
    "expires_at" TIMESTAMP,
    "revoked_at" TIMESTAMP
);
CREATE INDEX "ix_api_key_dealer_group" ON "api_key" ("dealer_group_id");
CREATE INDEX "ix_api_key_oem" ON "api_key" ("oem_id");
CREATE TABLE "refresh_token" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" BIGINT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "family" VARCHAR(32) NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "revoked_at" TIMESTAMP
);
CREATE INDEX "ix_refresh_token_user" ON "refresh_token" ("user_id");
CREATE INDEX "ix_refresh_token_family" ON "refresh_token" ("family");
CREATE INDEX "ix_refresh_token_expires" ON "refresh_token" ("expires_at");
CREATE TABLE "login_throttle" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "email" VARCHAR(254) NOT NULL UNIQUE,
    "failures" INT NOT NULL DEFAULT 0,
    "last_failure_at" TIMESTAMP,
    "locked_until" TIMESTAMP
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "login_throttle";
DROP TABLE IF EXISTS "refresh_token";
DROP TABLE IF EXISTS "api_key";
DROP TABLE IF EXISTS "authz_revision";
DROP TABLE IF EXISTS "role_assignment";
DROP TABLE IF EXISTS "app_user";
DROP TABLE IF EXISTS "store";
DROP TABLE IF EXISTS "dealer_group";
DROP TABLE IF EXISTS "oem";
"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfTlnxnFt+S1NO5mRXV/rXmxlbLV307pDQyQkYkwBLABaVnv5712AlP"
    "gmyaIsKbSCD4llYBekngWwzy6W9N+NAfdIIPfaZNB4j/5uMDwg8CHbvIsaOAzTRt2gcDcw"
    "cjwR6EolsKugqYcDSaDJI9IVNFSUMy3YQi4WaIAfiPiXRD7BHuK9HnXJHrrmCmGkCMNMvU"
    "dUIY/CaLQbKSJRAJISKY48ggMi5J6+nMddLcH6Kx85YvTPiDiK94nyiYDxf/8DminzyBOR"
    "41/DB6dHSeDlIKOeHsC0O2oUmrYz2r9k6t9GVt9313F5EA1YKh+OlM/ZRIEypVv7hBGBFd"
    "FXUCLSeLIoCBLUxxDHN5uKxHeZ0fFID0eBtorWjm8gbWs4znW749xedBynUbLYWCMDddLk"
    "cqatDbcqDQB9fQtvv202Dw9Pm/uHJ++Oj05Pj9/tvwNZc7/lrtPP8c2kaMVDGcwuf7y87u"
    "gb4jCl4mmmGz4bHaxwrGWMkaLvCqLxcrAqW+EH6FF0QKbbIa9ZsIeXqO6NPxStM7bFPPOM"
    "G1L7pItkEwaCL+i1WTBKJsYc7DuXVxe3ndbVJ325gZR/Bga/VudC9zRN66jQunPyJm+syS"
    "Dov5edn5D+Ff3Wvr4w8HKp+sJcMZXr/NbQ94QjxR3Ghw72MnN43DpGDSQzVocdqWzvcx+L"
    "GbZO5AtWBrSWseuXXXYD/OQEhPWVD78eNudY9dfWzflPrZudw2bBUtdJT9N0fc5Ba35WgH"
    "Ysvxpov/SSyYHb3N9fAF2Qmgmv6cvj2xWYebKM8M+37evpCKcaxU2Kugr9HwXg3NaFdeP7"
    "XsRcDSPqRjRQlMk9fb0PjTVZYA7gGqHc/jTGeeeq9b+iCc4/ts+KG48e4AzMoV157yHjTn"
    "RDF7sPQyw8p9TDm3yWbLlr0BwUWzDDfQOv/sb6+yUk6wfDP34UPAqncbBs91wuFvMYpz+R"
    "XICUxTrI6MD+5ZOELe2hi0ciRuj85goJPtQUS1AgTVTBPw9hie5jQYd699M42eoGtpTMUj"
    "JLySwls5TMUrL1UjIqHXCX9HEKyGecBwSzGW4jq1cAuwuK60J7PLc3S7/O2u2Pub3o7LLg"
    "Gq5/uTq7uNk5MNiDEFU5j5ECLokCJtmvxIKzOvXgwfqylge/nAffKi7INAYcd8zlvnIi8i"
    "zpbTMyTvn5NEQ7R7fIaL9BvIdwjriWiW1V5Snk9ffGhOBqCfgfUCk0Gqf4h6W5luZamltP"
    "mptbrosvvZza8yvwNdh4g4uwLlHGl4bcxhmvOs4QpK9vqgLCqcYWYnywEMYHczA+KGPsUj"
    "WqtEEk8hbfxfDVjOQvzirtE1mdzeHcaEmKv7n1Mev7mK4rTstDfnK0AOInRzMB1132uKhm"
    "YXLWHDwkDO7H8XkkKlmlpFgP47z6HIbN4204j1eTpNEv0mRVSjkj0747L2UEPU40llrgqD"
    "QkQsKSGfocBbwvEWV76IwEnPVNFRlWaADzEvFJhihOAyEuTFv74uq7UjppJaPesTDAqsfF"
    "AMHuApOTC4m6Zgw9BCNUp57sWWr941ubZLJJpqwjIwNMgyoMe6KwdaepzeNFKDVIzQ7Ej0"
    "uk2iY61pvoCP2KEeJEYSmEk9lZT4BXn6YLsZRDDgTKx9KvhHJRcRvn8/HxQvvF8Zz94tgW"
    "CMxEezMFAtmSxspnLVOUlzpxeX5b2VY+msl3kEFl/FMdC/uSsAdYKgfiQsqWYP4l5RWQ/5"
    "q52FfC9ceYlMh+TZIoN+C7WlLSPhsQphpT0ikFid15iRUBsg7OCz+bX9H5GvT2A9LK+qfH"
    "IZRhaOc+riD/nnof7nfRvSm2mfwGO8zk8zgHcv+mXLWz6sGnVvXoXFKy3+nrxDehr2MLee"
    "q0udoci82xZF1sZtkuvvAySusq4tnW9Zcpg0h2yYWLIBL5LYxWV58cSFxPBXhTjS0EePUH"
    "8jY0rck2UsvQ9CsowewLzDTp6Y4qw19StVaoYoWaRI2tSPl/3ZBHKmOkSkFjXmB37mG8Fn"
    "VEVnahBzn0I8RDn0uCXB7BnBJowB+JRJwhYp4zNlNNn5bD2PwBRpE86Wl9uiwFii8f8o6F"
    "grtESsS4ovABYeaBZMD122b0U84mCE3DY/vemdqvt10bNNqgsVDBnW5Ui6+8rNbmnv3Yf/"
    "Xrry7+LqT/IaOpji7ume/hQuo8JEILVJvpo1niIUlgm1CoB94GM13tpf0OWICAEzIVnG5A"
    "iX6rhl5n5jUboSA9+oSoRNLnQ1Zycasb+o7hnnaPZiMDBevI6r6QrCOzjizvyGwF1JoroM"
    "yWWQXhVGPravgOThZ5Dqm4GjKPIZ0U4QWHWrn6KauzdRDbPOeWOeya5zm3H3Z7SmVPqV7v"
    "7i1drscoATzn/UoTjXo8mbhVj42OQ6UlzkxKqvbM5EVVlZFcKtgt6tqayrrVVOYeoHoKKQ"
    "y3hJ3zmtbKdbZyfA63zGrOa1or183KNcn835AefBG/A3Nl6kF3rn93bm10LOmoiejiZwGJ"
    "LjK6e+iGKz0P03Np8ErfgVAkYUYgjETSP7nU9GOAl4x6x+IFFB9sD319st3DAxqM0A7WL0"
    "YEZhtL6kMD5cPPIRfKD4iUMyup7XFBfTiTPS6wxwW2WLoOMYvZRSvnuvNaNtv9bL4k9l5V"
    "IE411pWQ2qZX2NcoIKub23glbsJGZF+1lWsSkX3UjzV3fIhGlPnepZAsL7A7LyaLH5FWWd"
    "lng7JzsCpxI/1OBxChAUREZhipX+iFyFv9Hh4EUApdCbzzAAgyXV7FuDLlwhDrlCKylw95"
    "x8ZfAnmcmApkXaNMcACxGXV9hF1T0iwReaJS2QjsFTBAG4HZCMy+EmxzrwTTO28kph2Zzt"
    "zWsipbU9bdPDg6PXp3eHI02dMmLfO2shmHbQlEy5635dUtKawbKczZm7uavwPNmLZPPWPs"
    "gq61dN0sXRP63yIC+GxjCu9PeuYSfpzKPEf0Zxt2xbz5ayHNL/Qrs+nwIxHTn8iaTY0yKl"
    "tYTLaWNyDqRVUB4UR8C9Fdzx8t4Uwlb8xatFwvo7L5er0v4yi34+8efv4Hjudehw=="
)
