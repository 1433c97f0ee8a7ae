"""Domain events (the outbox, a tenant table) and webhooks: endpoints and their
deliveries belong to one dealer group or one OEM; row-level security shows
them to that owner only (forced RLS on PostgreSQL)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "domain_event" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "store_id" BIGINT,
    "lead_id" BIGINT,
    "owner_id" BIGINT,
    "source_channel" VARCHAR(16),
    "data" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ,
    "fanned_out_at" TIMESTAMPTZ,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_domain_event_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_domain_event_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT
);
CREATE INDEX "idx_domain_even_publish_b9f1c9" ON "domain_event" ("published_at") WHERE "published_at" IS NULL;
CREATE INDEX "idx_domain_even_fanned__664caf" ON "domain_event" ("fanned_out_at") WHERE "fanned_out_at" IS NULL;
CREATE TABLE "webhook_endpoint" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    "oem_id" BIGINT REFERENCES "oem" ("id") ON DELETE RESTRICT,
    "url" VARCHAR(2000) NOT NULL,
    "description" VARCHAR(200) NOT NULL,
    "event_types" JSONB NOT NULL,
    "store_ids" JSONB NOT NULL,
    "source_channels" JSONB NOT NULL,
    "secret" VARCHAR(64) NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "disabled_reason" VARCHAR(300),
    "disabled_at" TIMESTAMPTZ,
    "failing_since" TIMESTAMPTZ,
    "created_by_id" BIGINT,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "ck_webhook_endpoint_one_owner" CHECK (("tenant_id" IS NULL) <> ("oem_id" IS NULL))
);
CREATE INDEX "idx_webhook_end_tenant__a10c96" ON "webhook_endpoint" ("tenant_id");
CREATE INDEX "idx_webhook_end_oem_id_3e5fd6" ON "webhook_endpoint" ("oem_id");
CREATE TABLE "webhook_delivery" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT,
    "oem_id" BIGINT,
    "event_id" BIGINT NOT NULL,
    "event_tenant_id" BIGINT NOT NULL,
    "event_type" VARCHAR(40) NOT NULL,
    "key" VARCHAR(40) NOT NULL,
    "body" TEXT,
    "status" VARCHAR(12) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ,
    "last_attempt_at" TIMESTAMPTZ,
    "response_code" INT,
    "latency_ms" INT,
    "error" VARCHAR(300),
    "replay_of_id" BIGINT,
    "endpoint_id" BIGINT NOT NULL REFERENCES "webhook_endpoint" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_webhook_del_endpoin_d8bbac" UNIQUE ("endpoint_id", "event_id", "key")
);
CREATE INDEX "idx_webhook_del_status_5b6f00" ON "webhook_delivery" ("status", "next_attempt_at");
CREATE INDEX "idx_webhook_del_tenant__f65bb8" ON "webhook_delivery" ("tenant_id", "id");
CREATE INDEX "idx_webhook_del_oem_id_1ab218" ON "webhook_delivery" ("oem_id", "id");
ALTER TABLE "domain_event" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "domain_event" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "domain_event"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "webhook_endpoint" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "webhook_endpoint" FORCE ROW LEVEL SECURITY;
CREATE POLICY "party_isolation" ON "webhook_endpoint"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on');
ALTER TABLE "webhook_delivery" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "webhook_delivery" FORCE ROW LEVEL SECURITY;
CREATE POLICY "party_isolation" ON "webhook_delivery"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on');
"""

SQLITE = """
CREATE TABLE "domain_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "store_id" BIGINT,
    "lead_id" BIGINT,
    "owner_id" BIGINT,
    "source_channel" VARCHAR(16),
    "data" JSON NOT NULL,
    "published_at" TIMESTAMP,
    "fanned_out_at" TIMESTAMP,
    CONSTRAINT "uid_domain_even_tenant__fb634a" UNIQUE ("tenant_id", "id")
);
CREATE INDEX "idx_domain_even_publish_b9f1c9" ON "domain_event" ("published_at");
CREATE INDEX "idx_domain_even_fanned__664caf" ON "domain_event" ("fanned_out_at");
CREATE TABLE "webhook_endpoint" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT,
    "oem_id" BIGINT,
    "url" VARCHAR(2000) NOT NULL,
    "description" VARCHAR(200) NOT NULL,
    "event_types" JSON NOT NULL,
    "store_ids" JSON NOT NULL,
    "source_channels" JSON NOT NULL,
    "secret" VARCHAR(64) NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "disabled_reason" VARCHAR(300),
    "disabled_at" TIMESTAMP,
    "failing_since" TIMESTAMP,
    "created_by_id" BIGINT,
    "updated_at" TIMESTAMP NOT NULL
);
CREATE INDEX "idx_webhook_end_tenant__a10c96" ON "webhook_endpoint" ("tenant_id");
CREATE INDEX "idx_webhook_end_oem_id_3e5fd6" ON "webhook_endpoint" ("oem_id");
CREATE TABLE "webhook_delivery" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT,
    "oem_id" BIGINT,
    "event_id" BIGINT NOT NULL,
    "event_tenant_id" BIGINT NOT NULL,
    "event_type" VARCHAR(40) NOT NULL,
    "key" VARCHAR(40) NOT NULL,
    "body" TEXT,
    "status" VARCHAR(12) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMP,
    "last_attempt_at" TIMESTAMP,
    "response_code" INT,
    "latency_ms" INT,
    "error" VARCHAR(300),
    "replay_of_id" BIGINT,
    "endpoint_id" BIGINT NOT NULL REFERENCES "webhook_endpoint" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_webhook_del_endpoin_d8bbac" UNIQUE ("endpoint_id", "event_id", "key")
);
CREATE INDEX "idx_webhook_del_status_5b6f00" ON "webhook_delivery" ("status", "next_attempt_at");
CREATE INDEX "idx_webhook_del_tenant__f65bb8" ON "webhook_delivery" ("tenant_id", "id");
CREATE INDEX "idx_webhook_del_oem_id_1ab218" ON "webhook_delivery" ("oem_id", "id");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "webhook_delivery";
DROP TABLE IF EXISTS "webhook_endpoint";
DROP TABLE IF EXISTS "domain_event";
"""


MODELS_STATE = (
"eJztXWtz2zbW/isYfakzo/i15Uvypn074yRum24Sd2x3d2fXOwxFQhLWFMHlxbZ2t//9BXi"
    "/gBRBUxJEnw9NExKHkp4DAuc854L/jJbUxJZ3eIWXo3foPyNbX2L2l/zlMRrpjpNd5Bd8fW"
    "qF42g8YOr5rm747NJMtzzMLpnYM1zi+ITafOAFMnQXLfV77H7noQXWTURnM2LgQ/SV+khHP"
    "rZ123+HiI9Mwp5GpoGPPWSxkR7yKTKxbmHXO+QfZ1KDj7DnvT85sMm/Aqz5dI79BXbZ8//+"
    "D3aZ2CZ+wl7yT+demxFsmQXIiMkfEF7X/JUTXntP5p9s/6dwLP/eU82gVrC0s/HOyl9QOxU"
    "gts+vzrGNXd3H/BN8N+B42oFlxagnEEdfNhsSfcucjIlnemBxrXDp6Atk10aa9vXqVru5vN"
    "W0UUVjiUQO6viSQW2ubfZVvRCAOf8Kr/93Mjk5eTM5Ojl/e3b65s3Z26O3bGz4fau33vwRf"
    "ZkMrehRIWaffv709ZZ/IcqmVDTN+IU/Qhnd1yOpUBkZ+oaLOV6a7le18JHd8ckSi/VQlCzp"
    "w4xFD5O/lLWT6KJJPcmFTD/ZS7INBbEfaF7Z1iqeGA3Y3376cnlze/HlN/5xS8/7lxXid3F"
    "7ye9Mwqur0tWD81dFZaUPQX/5dPsL4v9Ef7v6ehnCSz1/7oafmI27/duIfyc98Klm00dNN3"
    "NzOLmaoMZG5rTOVqSqvj8sdLdG1/H4kpYZWl30utvXbqk/aRa25/6C/fNk0qDVP19cf/jl4"
    "vrgZFLS1Nf4ziS89UcB2vD/EtAm4/uBdtevTAHcydFRC3TZqFp4w3tFfKeubpteFeFfb66+"
    "ihHOJMqLFDF89F9ksc1tU1iPfpgFtsFhRNOAWD6xvUP+eT+ONqSBBsA5QoX1KcH54MvFX8s"
    "q+PD56n154eEPeM/Uwbfy2X1uO+EXprpx/6i7pla5Qye0bmz11nKyLF/RbX0ewst/Mf99sZ"
    "H1MbQ/fnZp4IhssPztRlsssmO0eTqyhVEWyaBQhq1fCxxbS4fo8gG7K/Th+gty6SM3sVzCj"
    "Cbis/9MpHvoWzRQI+Y3kU3W34PBJAOTDEwyMMnAJAOTbLMmGfE0tl2SBwHI7ym1sG7XbBt5"
    "uRLYUya4KbSTub1d8+v91dXnwlr0/lNpa/j6+5f3l9cHxyH2bBDxCztGBriHfWZJzqWs4Ly"
    "MGnYw/1iwg59vB9/41MUiCzi60Wj7eumQtUbvlY0Tym9BHHRweoNC6VeIzpBeMFyrhq2ssM"
    "B4/fsoNXD5CPYnQ6V0MdwU/wFmLpi5YOaqaeYWXtf2r15BbP0buA863uJLqIqXsWvIwc/Ya"
    "z/DxXP+pSQQziQGiPFxK4yPGzA+rmJsEH8ltUDE4wHfdvhyi+Tf1JZaJ/Iy28N5dOER/X9u"
    "Fro9X+hkU35aEfLz0xaIn5/WAs5vQbhIMTc5rw7qYJt9H21BA1dKKxVBNZSz9xwG8Hhb5vE"
    "UIY1+90JWpcIZhdfHTZQRu6MFyagWoVIHux57ZR4XFFl07iFiH6L32KL2PMwi0320ZPMS0Z"
    "QhimggRN3w2tXll+8rdFIvT72zHUv3Z9RdIra6sMlJXQ9Nw2fwR9iYcOoJYqnq+7dAMgHJl"
    "N/I8FInloyFnQoMLpo6OWtjUrNR9Y74WcWoBqJjs0SHs5D0EFOBTgjHs1NNgPun6Rzd8x4p"
    "M6AWureQQrksOMT5fHbWar04a1gvziBBoBbt7SQI5FMapWMtAuFOEZf1y8pQ7dEc34GX0vh"
    "nMgB7R9gt3fM15hcSu4PlXxHuwfhXbIvdE1s/waRi7CtColyzvevC88jcXmLbHwnolNKIcR"
    "Ox4rKxml4cvJZf4XwNev0j4sL8/yZlroyNDr5FGeQ/EPPHb2P0LUy2Sf/FVpj07wkH8u1VN"
    "Wun74cLs3o4lxSvd/xzoi/BPwcSeVRaXIFjAY4lv8XmXtv2L15OaFNJPEN9/3JpEPEq2ToJ"
    "Ih4/QG+1f3Ig3nok4M0kBghw/wF5cE0VWUaUdE1fQArm3NVtbvRMV9LwV0RBCzJaUMRrvAj"
    "8xb+v8QPxIqQqTmNxwLgxGM+Ham5+bKtCDl5C/LigHkYGDdicctGSPmAPURvhsM44nGo8Ws"
    "6eTe/ZUzwa37n47VPFUXz+I+9sx6UG9jxkU5+wvyDdNtlIi/JuM7zKOXRCM/cY+s4o/76Nw"
    "WkEp7GUwZ0tVO3fvLzU9mo/jvb+/VNlv3PIn/BKuNFFd5p3OIdo9/GgFtlmPDSLTeRhtkz4"
    "aMZ2G93m2V5832EawGwTCjM4DYtg3lWDv2dhmw3HxTPyhIiHvAV9tCtbXH+PvrP1Gd8ew4W"
    "MCcBGpvqLBBsZbGTFjQwyoDacARUumTIIZxKDy+E7Pm9Th1R+G3JlSOdleNmGKp39lJcZHM"
    "TAcw5sw1ac5xw+7BClgijV/q7enkH5MyoAN/RXSiXUqEwcVNlo4ip1iJlURCFm8qysysDr5"
    "OyWZSGnUrWcykIB1ZND2OM66LkoCVpWWctRHK7L21yUBC2rpmVFmP9rPGM/ZHHL5oow0F24"
    "P27MjY5Gan46tH0sIJZFoewhuqY+n4dZXJrtSt+zQYHHZgTSkRvfTz9KHAZ4zlPv7OgFigL"
    "bjwse2Z7pS2Kt0IHOGyMyyzYayYMG/oL9/5G6/sLCnlebSQ3hAnVsJggXQLgAkqVV8FnCVV"
    "Sa6y5KAdu9li+Jdi8ZiDOJTRFSQ2phr5BDptq2sSfbBHhkL1rLinhkn3lZ8+2CeSN++LsrL"
    "llxwLjJJ4tKpP382LVO2QemVWwEvKcDG0Is5hGFj/F4Qy+EX/M+PIhB6fJM4IN7hqDN06ts"
    "6ofpwszXqXhkz3/knZ38CGRSHGYg8xxlrFvMNyPGAulGmNLsIfxEPB88sD2wAMEDAw8MWoJ"
    "tryUYX3kDVxQyrV3W8iKDSeueHJ++OX17cn6armnplaalrCbYFkPUNd5WFAejUDWjsKBvan"
    "D7nZkZonVqjbJLsqBp1TStiPn/Z8zsWQt/4f8aCaz/wv1G4/8hGqkt06Gt6g49HM0wFMqNE"
    "T6cH6Kw4zr6JdCfiM5schwebHoRuEw942gg+i76J5ocHt2iz8FT4K6+E58y1fsnCJvWhA/k"
    "d0MAoVENWP5g+Stq+aevalvLPxWATMk2mZLhYiqDbyYBALcAGEqNskKYyds2lTCTt/WlMPx"
    "eEd9w+9cM5jBJzeKS2BDR7r3sCPoAv5wDRj4Enk+X4kNG0nuNLoaRH9Ui3SsZj3TXWPBowM"
    "FdcDbVJ3fB+eTkDfvz7fkJ//P07atDdLvAyKbuUreIh00UNlDnyVbR/AhDB9GZk1UvY6Of1"
    "PHg26gBfPV6/AWZcVRxUkojwyae8d/pox2lnvwDPBnwZPZsDxuuJwNn5+40lSy/QrZHPy8F"
    "4HcGP7eRSRjpRakB2uinbRyi03p/6LTiDqV7v9Qsz0tBgV3XSQ6u/mYP393yuUpqIzxp17a"
    "loWtLGd5HbCxEFmk9vpnE8A6u6p8JZGiYkTvcFt9MYnj4ttn56je+yr43Ja6/MHVBDjt3qG"
    "oiBTmZJldq/6BuwJZ7Qrs8NF4xpDb90lPDCJywT6AMwkUpwHk9zsQ26BJrU8lgYUlseEj3H"
    "wXYYcDlhSE9Dcw59rWlqFVQrStXFBqQM9dbamaCkC5oULgWVl3UoxBg5c5W4DrUk/PPMpHh"
    "rQf9VxHOqBF4mkPDz6vAXN/bqiwHHa4KEYM+OlzhJwcbPDDDpjTzieVeA6Hw8F6I/jdI/nH"
    "Y5quye8/cNfZNKqg3JiYI5beYoJBe2asMBZEGPDa5MfswW7cN2fSQ2meAJjprgi2wgftsXR"
    "SeAtqQ0MYSu3O2oLMPpdLBmKrsgMzNLYdkHnSLp+MQOd61KDXAnbjNRly/D5e3YYvMsLEy5"
    "BoGF4QGCHEb6/+43vo/rlj/IXVC2OM65Q2VhaHGTLUas8KyhV3xOUu1m0ZOYntpKseb3St6"
    "oyYCx+yYb1eUhHw7hd+i8Nsrlj19q89HDQnU/Pa4TQ615scjW+RRs6G8jaWepjnzPpZLymw"
    "adI+xEzakDE97PAgvh5P7FdI9tCA82W0lypju5ZntcqOb05xTQCC7GbKbYbWF7GYFdbwTRz"
    "e/MEopoCQIKoAE830EPzaQ2rIP8fAB5oX2n1J+T+RyapLxAwS356RFtrt2OxWnJAj8cNdlI"
    "3NXZG3VoiTQaeoQAVXbNNFVhzetIgrvmsy7phgfc/mAbX/UwMhEA8atOBmcjl3PyjgOts3X"
    "lB8pHlMiiM5yfMo7FEdevTEnW9ifYRSQ/T8qOI/62XoCbqbPJ/fN0IxjYwCYGmBq9s3uA6Y"
    "GmBpgaoapAmBqdgg+0AkbTBFnViiVX1nyUuDfdJ3Y3Myq4l6flp+MVyMdn3/sXqfjK+Jqfm"
    "Z240jgYYbXx40HsiQjJJqlfecxDa74GZUMaubkId1H3KsL9yre1+x8dmZE3c1eNbVCk35OH"
    "65ifkP1fN0PQjzMIOx4X22Glm9S0mI4pAqoskSCAwoOKDigytgp4P2A9/+SVQAt0na49tDA"
    "NbBmLHTbxlIHelUlB0gITFod7dVwslelL0rhoBfpSS+ShsnfdfJDPw/o57E/sFa6EmhJL7S"
    "qnybGuP4JL7nbWkSwaHNXN6UKJstyA9z+eq5LzUii1kZGKjFEdHvvv8HgmkvN4VRggPD2b7"
    "sRTyNLh7q+bgv4sXVHrhREoXmDRPMGBp5J+DeZBhwaaeRLwoC9BPY2fvK1GbUs+qgFTgdiW"
    "PgASM9VOT23pDIX655cu9TaBwyvr8SkVWP1SUNj9Um1sbrBTErbYOZ50OWs6qo0vG4qv27d"
    "tAza3Q/tzojrPW8HFT8BtK6y1i39mUoXPgB0rrLOM20ZNBB5iLXkp0Bye/HEo03ZST3znxZ"
    "TVwdbtCQ2PAu0/6TVEDKbisjlNTgnQsND+ayVnX/WYOefVe38eG6yn+v53coh654woADKth"
    "NCGKQdW/rlBGGnVnmnhnZ+ve7M0M6vHur9zBoVvEUqtfPjufsXnkfm9rKmfrw0Yrwuz1/Ti"
    "4PXpvz/ZUERT0EzkY74A9DMpUv0uMD2mP25GiPdNtlfKDKxQUw27CCuBhek/T/zWX2k/ocY"
    "CI9Cz+eZsskQeJDBv3tzBTL4X85aDBn8ir6EOT8uXj2lwM8JAfRQPLGP4HM7JbUIpBRQlgS"
    "+oqsOcjaZ3NpPn40/vAT8ijwl/Uw2WjnYi3R0K6L0pIEoPakSpcTTuP2z1H1iCKb5mvyvgi"
    "hkf0lkf0VecceemBVZWORl1hiFuJbaNn3ZzfFahqWP9nz8Qe9QmLWMeB9Ib4zC/HvEy9DCJ"
    "no89ex1UrbQrjOfxEPv7HgAj7ugOO7ihfwM52Y4RcxuUtfELloSi92kNu6vl1/OZYA+fjs3"
    "AYCEARIGSBhl7HAgYYCEeYngQ/8+6N83yIkdcoTh0a8y07soNbxEtPM2ZY3n9WWN55WyRmb"
    "SSKOclwGM12O8dZJQaXw3whFCu89a9BvAHlq7z5/CVPrfnZGArUrvjZvIqjQZvx1XdWVjfq"
    "KDzwahR+IvwqM3k+ZgSJ/SwE/Seg7ugremOWN/zswp+3M6PboLzmZnZ4KcoP4e2zPxtNA5j"
    "xZRFM3ZQoWRwFQBU7VnrgUwVcBUAVM1LOiBqdplaQ30Wt21CjqlCkGeVh+TX77F6rB7q/bf"
    "/izvcEhasyXRAZqze2K+tqrf444xFlXY3+Knui0kExnEu9Skzsu/3jZTOqk2P199/TkZXuZ"
    "5ygSmx7+/xOqVSQyPwNxI16cw6Uib4hkzNmWALssND+6e+5BGgOkzH7vyOKdiAPMamMOMug"
    "7zuSw3PKD7b00aYSY9pUtigPR6pKEh5suzN6Eh5o5NI6j/2E39R9RksnYPb9Ohsn4jh0Vu5"
    "4ucIkH7W+z5H13ygEeCqH12c9wUtvfZMM1Mx7U4s9MzFtgMLGwi6iKDLh0Ls3mH+INQ+CDR"
    "AZ3thLbXkiP9PhBl3zXXC1F2iLJDlF2ZgAtE2SHK/hLBhyj7zlWgyCGPoIxwWrMvwX5Gl62"
    "4IgrpD523hLyfImkEl2UHaAbvidnbii2FY/42nOeS0g5dHMqSLHByKr9KM4xNTrFVtVyf6Z"
    "KXGUJ4YRuZLorwoFe8ccxIwIFGN8ZN/GdiNdJ0aAsKNBaKOta8Q1HDJnRw9Qq9/hGxjyAP2"
    "OUXPr4ah3ynbhvY4uTnwa2gZqmH522ROI32HKBMgTLdN/MCKFOgTIEyHRb0QJkCZfqSVQCU"
    "qULKYF9iRuYBw0l4SlJDxVJZcAgO6BZ6lzguMUT5VdggS90SY53KlE3cSOgwFt7DSd+A78f"
    "LD5++XHw+OJ6MJ6XstQT60yq6+oof7KMtmU9JpXqlVSUHSFC+bTGf39bO5reVPjyYOQVE5L"
    "Y1zeac1G7m86aOQe17MgO7XmTX27T8O65v+XdcafkXdy3vEKbKCw6Qd9gTnqEVsZ5ykR30X"
    "JaFEIrKmk455i5UYkkWNK2+pjtU51QEwWtp5bVAZs0LPxvkQ6rF31xqBob/mdh4JIhfigeO"
    "m+KZuRniRDKalQitjWzeYJdgD+koewry2EruIWKzqyFt+i5sqTgjLj/JI+BByxni68vr7Cj"
    "Yaoizzwe3i3U2BjFznXm88JtVYqMQ3oTw5n65GRDeLKscwpsQY9t78HfSeQ6gD2dwZBpIeE"
    "SZxAApw366+ytigt/w1ekDDWxfnDlYuN9ocEfrnJEbutbM/g27r0MxZgMzRTMv2kMHWZNy1"
    "1iQB8y+8XKKXU+QMNhBvgejOUQI7GSFliqwk8FOBjtZHXsB7OTdgR/+X8JUS8YP0FDr/zi3"
    "mnOuGlPLao652uCc3lQqwovjpz8Sjsg0YOrhJ1WL7OPykEYT2cwGa1Yyep2VXK8eoS1L8TJ"
    "eRPETM8RtnQemZoKaF8/SNRr4Bo3ef/7PqONWZP5mz8kvzC42MLOpa07vSStnwBoGa3jPdo"
    "7hWsPZm9z+vctkwBTrbIoVFmAJk6wsN0DTrP8TMqeuLneOcSoA8LY6gHQumcufSQwvHea4V"
    "TrMcUM6zLEgHYb4KxmAk/EAbzt4k1orWQ+5IjjABWMjiDsMJSmkU4EBIjxp19a6oau1EF5t"
    "qXv3WK4opSQHYLcAe2eUsmoL9UtilAH7dzsq6gfk32URdVPy+Ju81PCMw/5Z/QgxeQ+nLDc"
    "8rDdiFu5HBeJIN/z4MIAt4Nx7j78IMi08c0we6kxueHO6zfJRv3oIFg99Ln882UCh7f20rF"
    "yAqi2+OZHhIdxzrb1FPb9DwVtJbHgw929juNgPXLsD1hXB4aHd/+4Xg2ZTX2rpKIkND+mNl"
    "HHmcwIqYDeHlUuiA4wr70kcOcGkMZAc1R92UnRJFArhVdZzWHqq8RPPmQ/UQdkiedC4yhrP"
    "JX9J6rooCQu48mru4FGVxLbIwTjYNrlytmIc9exbPeput72yIAjrpsov1JS5ZfxwmQ5aLom"
    "CnlXWc+CYHRNni5ID3B/3NHFWoPbw2ytSeXBj6ZcP2PZHopLc5N64sRyXbdo4Hbb+LA+H77"
    "WvKVPkO5S45WOU+G1jxAmo5O/RDjVGBUN/PCrNlz6eeWcn6yQfzdmZ6G+5SopDdFCuqxije"
    "/Y2sD/x6hUiHoreFeTRO1vnj3EJNtE/6RTZDCGXfzXqmh7yH4nRcP5y+VPi+Db/qPD/eAVV"
    "wSoF0qEO4uUs523qIGre3/YvYc0DoEKic4YLlKbsCHhIZ9wl+onJ0JaAScYPMFO3/9gft8N"
    "ksMXdiyi6kVrbYbP6LwHi5lQV2V9vrr7WbJfx+LKVRAwf/RdZbDPdGMQ/zALb4PihaUAsn9"
    "jeIf/YHzcFfQPUHJ+CgVQ5Y7J8nGTJ8uEPUOmMSby8pgGDdH4dhN+6ethkccS4yUvlm7kbD"
    "dbcZPR6Z9VGV5dfvvNQLPoOcXPMQzPqom9hXd833k/1G6+Q+oYOqMvcS8ImYeDzzqvs4pi3"
    "WK36q7089s7+FqWEfnuF5hT5FM2YqLEgHnM6w5RRjw9zMTJ0112xzwn7vYbPr3M+wa1UZxs"
    "HtxLcSvV9mKG+fVDwDQXfQymEgILv3uFVxEj+Sn0yI4Yeo1IxkQv3Gw1kuzyy53ZR61ufmt"
    "gMHE0U3SgNzDVb5rt92iLKWOi2jcOD1zx+GB6/DhYsWLB7tt8O14KFdqnQ2f5lQg99BXaHP"
    "QRBNlhulrO5WnsXmcgWgyHE1rjxuxWYe07w9YlvSeVRpwIDnMKTVh7cpMGDm1Qd5Ck1BQ7y"
    "LX6qWZiT8YPAt8nAvPzrbXNMKbUvP199/TkZXg40QXhPofBe8XThxOWWWF0KQoN4A8ondbd"
    "Zv9mohrO6K2t4QlRUcF5Xt6pD4r56GdyCiqeYcJLUb04M9KuafhXheH+l02t+6pQnTNLP3R"
    "038bv/pFPNzQ1cn/sQJq77C91HyyA8IdZG+szn510hgy6XxOd5747PMxV4XgHfpqe6x7PfE"
    "fGRF7gP5IEfQTsqTZb+nnxnX/MEfUQD3urm+2gw8RzdNxbsadhmP5f9YBRX9yFqcynbREvd"
    "vQ+TI5aH6BfKlHBnh1n6DNpoADHZU21rNUY2RRH/FH6NlnkTfx/Fn20CCb1rIgBIaCChlSC"
    "hFdud4dSowaVScGNjLmh4WO9bZxLgXffuXedtAMkNpiQKvgH4Bs0HhzH4Py0d6gp9BMGoRl"
    "/BzI3XSCbQwmew2HqC0ZRb4IjOeJpzlNs8RrmiNjRdMVOfIzB3aWBHJbI8wxk5LuWa8apH8"
    "Pb7aEh9VtpeAJsdbHZIfd69tb4nHbQjW2lTZmM5OtAqONAQG6iEd6mvCwLo9Z5oMn5I+TiT"
    "49M3p29Pzk/T+ZxeaZrG1SnLtnmD7fKik2pqES3IDOb43N4gtXT2I2TwzAQAzDKYM51YUmB"
    "mAgBmGUyXPkrRHcn47ZMdu3GlN0NruC51pWDPJNRgmfjnDYZlYhaX280jKkoCx6Qax1RslW"
    "wTr1sDyJIo6Fk1PSvCJd7oFvZuOckm7gaYuz1ubAjIB2p+NnItbXi7wGhGHjBaUttfWCsUC"
    "XuH6FtcfvAt/LLo/5BuI/zkWMTgiQA8PR5lH1TgC3t45p19QDk7+Eg8jPTo1ndefJO3++P5"
    "Bl6w5Gwk8T3EpyWb2Dqblt+9qm/vt74SLp/3n6u/CH8JtP5TiSoBohKISiWSC5TT8UsqswL"
    "w+ZWdlBcqZoruBvnIMBBuM2LUU4Gm3WUPJ34Dknx3KNeuRb2fBVRG7XTNiwAdJ+DePQcbfn"
    "ySRnv2PS8FsFZYTvxAPCI1T/MiAGi1Ka3na6bLk8hl4m5FKYC1Yn1RSyawkQwHICtAYl+br"
    "uTt2LwYWFOd7Vg4g2VgnruAeVXpDJZrzDMsrwNhB6/s5riJdHXDYZobtGveNbpAkQQvuHLC"
    "xMm42CpLnfw+JDUZwmwKcbYzLMnSPaSj8FNFKZq9PLMdaVqpuCqMiCvd2LsYLYhQggUsKay"
    "121hrgSVV9CWEhkhbaYjk6K6+lMqOySTUyI4ZVA0WNF7b3TpTNsKkVCAQhiUfEvmVbdKWlJ"
    "fJEd+pCJBg1dWDO4kyG2km8ayNVLG1eyfpvVXY65vhpQJDaBff5GVtohme7vt46UjFdvIis"
    "GxU6isgUbbT5FaIQlA9UfbPeEGiX1xha5Nb4yau9iE3aOunLDwQex15agTM/1lGeTlAnAJx"
    "um8eFhCnQJxCeunQwM/vSlL4lwRBBZ1VwG2HCvT1FFI8fAhuYakHRBOUaQ+IN/U9IN6U2aP"
    "YJNRCa1F6houkgbbunk3NUZRtVFiUGmCobCNt0Z3ANRa6h7Uk4bxtBntF8EVnsjsuMUTwYY"
    "MsdauOfY5lyshFQoex8P6tGk3QXX749OXiM5uJ4yimy2x74uP8BD6tHA7i6Kslb9O+ZH42l"
    "QqcVyWHtxf2HUZJ3usOBwuJZAe5EPfdgYq6Zge7Oi8F1oaMtaEIj3mD3Qe2B1xjg6lyJCr5"
    "LwwYNxb9R0M1Nxu7aWqzmcRMbOK4oj7+eqE1AJwmcJr7tgMApwmcJnCaQwMfOM2dq6BoJ8h"
    "zbqCAZyoAstE36NkV7F6hUVVXSlqUe9Hs2pJYmHlQ2v2yCmHt+lAUGtL60FuqFm+mgW2BsV"
    "+fa5gTGcT7v+10Q4N6IueqiSdORJ5NE+8R9q15YkWYnE+2F7i6beDfqEWM1UjA5ZSHjJvYH"
    "JIM1pxs9G75HPzkEHcFBM7uTTcgcIDAAQJHGf8JCBwgcF6yCoDA2bECQmMRC0rG6jmcnMgg"
    "3LgSjXN01IbHOTqqJ3KOKlko4WEN8jxOQepFszh5B0ICwZLYi4bQcfGSBAIWbE2iWSoFHIK"
    "AQygWPdv4EYt2MkotrNtihHNSJYSnTGxTsKZXtovr+6urzwXP6P2nMvH1+5f3l2yBLaEuMJ"
    "3ZBsWcTn48rFa7izUiX/ME0MIaLSjCm32gS8fiP3ckYMyym+MmrswoDNstSZb36nINPFxCX"
    "eKvgDcD3mzfNljgzcoqB94MeLO9Bx94s92rQL7AYuB1FedtWJvyhpEjbc6r2TcPODS8JDDO"
    "ywwQ5J7Lheij3aVyJScFlSvdN9C96ClIHWyPtrOA9J6+l/9aFZzrs6RKYoNYRradKcXsfIa"
    "nLPJFqSFUe24b95SsqKDe0EczE9meQXi82cW8zz6a1HroxC6URKEhnmoN8Qr2vEW9bhxSXh"
    "B0rLKOGQK61ZEqLMuCplXTtCJBkZvAfcDCHOL4zrixEDwbo04sJEeTQwwEYiB75vpADKSsc"
    "oiBQAxk78GHGMjOVQC1x5si5vlnsW/bZXGviAJF33V+Oy41A8PXPIOt2FKMWkluSGtMb8ya"
    "7vvED0wsDW9VEPAV4Tvz2Sbn6Rb25CEWyQLKwir85VK6Cj8VgRBHuxCHItzONV5ykN1b3bs"
    "fCRiewv1x84HT0UjNT4a2OnM6EuIHQ+so2+i/8xB/THhC1/fhkdH3eMX+w46HiI98iqiNkc"
    "ME8QObeOKjp/t7dMejVUxsBo7GHr+Omgq81HjPQuJmAO0JFTCegKEChgoYKmU8GGCodgh+b"
    "p9qj31OCKAHcnB/VQDkYEoOTtoUtE/q69knlULX1NoVmlI1aY0BNCSMbBLiW1KH06QCg5yb"
    "7SZn0+ysTs/UlZNAuSA0QKQ3cgIQZJFvNhBTd4x6Yw5zLAHknnz+sklt3IEiyIlBYh4k5gn"
    "J24vAJP6l7bvC5Lzc3XETcavzcZpF561IW6kcvWbWE5LwFHFxgOIEilMJinP9NjXUVzBXwY"
    "qX8vWrqQykxnTFnW161NVkOZ6i1BDs4406HxFcstM7LwUTvPPC4nCIhPWr9fO7IDRACuP8t"
    "MUEPz+tneH8VgnmwDeo3FHROZEBQnzSpgr+pL4K/qR6POn0n9jwI5BkYC6KDW+x3hjSogV7"
    "Lc7C9RpQFqBsYl8nloDz/PXm6msdtZyKlH0rYvjov2F608bIzx9mgW1wFNE0IJZPbO+Qf+y"
    "PmyJEGwDnEDVzdmV6blz0l/gDqr0eGBie7LwvSg1w4rfph3RS3w/p5FyhE3I+0iX7mZc8xW"
    "8kIM/yt8dN7JkZDtRwOnLrRa5OMGUv+yIm0ngS4ox35WL4BD5wa7u2v4FbA25NCW5NOR1DD"
    "s9ut/PTNmkSp/VZEtVm9TvKzVTNaNrJxLbYiikNfU4IkO/Mq0HLyd1lg9PANbDWoXVtVXJ4"
    "Dlv/DWy5MStFU8TjgaPonaMouH2SDkRZFjKMVMswymu66M5LqroiDLpWTdeKMGJ/wdMFpfe"
    "XtunQmhNwykPGTczYYzRYw/nRm0wvA54LeK49c8iB5+qd54IcMkVzyIYPe+BKuaDx8AFSi5"
    "OjtjVYjUVYgiqshuMPmuqwdnT8wWhTzuYWKt7CiGb8qArW9R5/SUwNx59/3mAc/4Qvl1JLQ"
    "QiU0r9SCnSinGqqoqCg/hWEmTch8ECaDt5KJAa4Q/ef97ondbs6m+QPeDv78gbOfyIe//Wm"
    "xhxHT9IIqooOL+Jx0soSOmmwhE4EVmeCXIcq3qIocK+qca9Fnp1Y7LdqHrGNmj4kTTx7SRh"
    "0rbKuE2pxupJvqFQWhfB9Z8LEMTtSw0VJoIYVfvnCby8R48rTPRbhh9+KGIj3sexPf7rGVl"
    "2FWjFs9TF63GoPZ8MfyfxPruZx3XBAMIWtPiCYR3Z9QNDMj+45XT4JNsZLc8RGRX8X9+HNn"
    "BAbP/EYuY+Xjp+m0gub/GZUeZKQD2FHCDvuz2qyp3vLnocdX4A9p2Tc8QXgnt/m2iOfl4KS"
    "kmeC33HhEQiDKp6rCsm+AEWpAZL9/Vf6SDZC3XoL1FFaj7uP6E6pKYC3vkFnMn4IfH6TLbq"
    "J9px7ErZymGPLYdvKjO4/bhW71QKcm85ES0W2tyUebXY/7O2QrjJZUcG12cUViEO8Qh3KtO"
    "rXWrr3HH0LxEHfKuubPcphvw4zHZoyxxxW5AbkVPe2eFrsl9vGSlvK7EdFIYBV4H25LnWlH"
    "K9EYAiG6xYSUVzsWPpKozNpmqEsOaDpu22KoRhgkmB6ioLA8kipoBI/rmqkqo6fqIvJ3P4T"
    "XoUq+cS+uy7Ozqmvb9wzjdQFitllV39Mg5Tl2cigYABgP1qwL24+XHy8HP2xmzrUC+wSYzE"
    "SnWgQ3Rk3nmaQjVGm1vSlRHyfaUnUx3IfsOtJ1vzkRAbI6E7OztpU/Jyd1Vf88Hslkoa9VB"
    "IIx8MHiO5xK+PtuMF4O64ab+wTfeGx6vWVITmR7VeE7MZR7632Y6dNFf74f5Nw49E="
)
