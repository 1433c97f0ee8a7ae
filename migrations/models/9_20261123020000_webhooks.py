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
    "body" TEXT NOT NULL,
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
    "body" TEXT NOT NULL,
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
"eJztXWtz2ziW/SsofYlTpXhj+ZFsurernMTbnd4k7nLcM1MznmIoErIwJgkOH7Y1M/3fF+D"
    "7AVIETUkQfT90OiFxKelcELj33Af+PbGpiS3/8BLbk3fo3xNHtzH7S/HyFE10180v8guBPr"
    "eicTQZMPcDTzcCdmmhWz5ml0zsGx5xA0IdPvAcGbqHbP0Oey98tMS6iehiQQx8iL7SAOkow"
    "I7uBO8QCZBJ2NPIPAywjyw20kcBRSbWLez5h/zjTGrwEc7t4E8OHfLPEGsBvcXBEnvs+X/7"
    "O7tMHBM/Yj/9p3unLQi2zBJkxOQPiK5rwcqNrr0nt5+c4H+jsfx7zzWDWqHt5OPdVbCkTiZ"
    "AnIBfvcUO9vQA808IvJDj6YSWlaCeQhx/2XxI/C0LMiZe6KHFtcKl4y+QX5to2tfLa+3bxb"
    "WmTWoaSyUKUCeXDOpwbbOv6kcA3PKv8Oq/Z7Pj4zez18dnb09P3rw5ffv6LRsbfd/6rTd/x"
    "F8mRyt+VITZp58/fb3mX4iyKRVPM37hj0hGD/RYKlJGjr7hYY6Xpgd1LXxkdwJiY7EeypIV"
    "fZiJ6GH6l6p2Ul20qSe9kOsnf0m2oSD2A81Lx1olE6MF++tPXy6+XZ9/+Y1/nO37/7Qi/M6"
    "vL/idWXR1Vbl6cPayrKzsIejPn65/Qfyf6K+XXy8ieKkf3HrRJ+bjrv864d9JDwOqOfRB08"
    "3CHE6vpqixkQWtsxWpru8PS91r0HUyvqJlhlYfve72tbP1R83Czm2wZP88nrVo9U/nVx9+O"
    "b86OJ5VNPU1uTOLbv1Rgjb6vwS06fhhoN31K1MCd/b6dQd02ahGeKN7ZXznnu6Yfh3hX79d"
    "fhUjnEtUFyliBOg/yGKb26awnvy4CB2Dw4jmIbEC4viH/PN+mmxIAy2Ac4RK61OK88GX879"
    "UVfDh8+X76sLDH/CeqYNv5Yu7wnbCL8x14+5B90ytdofOaNPY+i17Zlev6I5+G8HLfzH/fY"
    "mR9TGyP372aOiKbLDi7VZbLLZjtNtsZAejLJZBkQxbv5Y4sZYO0cU99lbow9UX5NEHbmJ5h"
    "BlNJGD/mUj30fd4oEbM7yKbbLgHg0kGJhmYZGCSgUkGJtlmTTLia2y7JPcCkN9TamHdadg2"
    "inIVsOdMcFNop3N7u+bX+8vLz6W16P2nytbw9fcv7y+uDo4i7NkgEpR2jBxwHwfMkryVsoK"
    "LMmrYwfxjwQ5+uh38LaAeFlnA8Y1W29fPhqw1ei8dnFJ+S+Kig5NvKJJ+iegC6SXDtW7Yyg"
    "oLjNe/TTIDl49gfzJUKhejTfHvYOaCmQtmrppmbul17f7qlcTWv4H7oOMtvoSqeBm7hhz8j"
    "L32Mzx8y7+UBMK5xAgxPuqE8VELxkd1jA0SrKQWiGQ84NsNX26R/Is6UutEUWZ7OE/OfaL/"
    "17el7twudbIpP60M+dlJB8TPThoB57cgXKSYm1xUB3Wxw76PtqShJ6WVmqAaytl7DgN4vC3"
    "zeIqQRr/7EatS44yi69M2yojd0cJ0VIdQqYs9n70yD0uKLHrrI+IcovfYos5tlEWmB8hm8x"
    "LRjCGKaSBEveja5cWXH2p00iBPvXFcSw8W1LMRW13Y5KSej+bRM/gjHEw49QSxVPX9WyCZg"
    "GQqbmTY1oklY2FnAqOLps5Ou5jUbFSzI35aM6qB6Ngs0eEuJT3ETKAXwsnsVBPg4Wk6V/f9"
    "B8oMqKXuL6VQrgqOcT6fnnZaL05b1otTSBBoRHs7CQLFlEbpWItAuFfEZf2yMlZ7tMB3YFs"
    "a/1wGYO8Ju6X7gcb8QuL0sPxrwgMY/4ptsXti66eY1Ix9RUiUK7Z3nfs+uXVs7AQTAZ1SGT"
    "FtI1Y8NlbTy4PX8iucr0GvfkJcmP/fpMyVcdDB9ziD/Edi/vR9ir5HyTbZv9gKk/095UC+v"
    "6xn7Qz9cGFWD+eSkvWOf078JfjnQCKPSosrcCzAsRS32MJr2/3FKwhtKolnrO9fIQ0iWSU7"
    "J0Ek40forQ5PDiRbjwS8ucQIAR4+IA+uqSLLiJKu6TNIwbz1dIcbPfOVNPw1UdCCjBYU8Rr"
    "Pw2D5ryt8T/wYqZrTWB4wbQ3G86GaVxzbqZCDlxA/LKmPkUFDNqc8ZNN77CPqIBzVGUdTjU"
    "fL2bPpHXuKT5M75799qjmKT3/kjeN61MC+jxwaEPYXpDsmG2lR3m2GVzlHTmjuHkPfGeXft"
    "yk4jeA0VjK484Wq+5tXlNpe7cfrvX//VNnvXPJ/eCXc6OI77TucS7S7ZFCHbDMemsUm8jFb"
    "JgK0YLuN7vBsL77vMA1gtglFGZyGRTDvqsHfs6jNhuvhBXlExEf+kj44tS1uuEffOPqCb4/"
    "RQsYEYCNT/UWCjQw2svJGBhlQG86AipZMGYRzidHl8B2ddalDqr4NhTKksyq8bEOVzn4qyo"
    "wOYuA5R7ZhK85zjh92iFJBlGp/V2/foPwZNYBb+itlEmpUJo6qbDR1lXrETGqiEDN5UlZl6"
    "PdydquykFOpWk5lqYDq0SXscT30XJYELaus5TgO1+dtLkuCllXTsiLM/xVesB+yvGZzRRjo"
    "Lt2ftuZGxyO1IBvaPRaQyKJI9hBd0YDPwzwuzXalH9ig0GczAunIS+5nHyUOAzzlqTdO/AL"
    "Fge2HJY9sL3SbWCt0oPPGiMyyjUfyoEGwZP9/oF6wtLDvN2ZSQ7hAHZsJwgUQLoBkaRV8lm"
    "gVlea6y1LAdq/lS+LdSwbiXGJThNSYWtgr5JCptm3syTYBHtmz1rIiHtlnXtZ8vWTeSBD97"
    "ppLVh4wbfPJ4hLpoDh2rVP2gWkVGyHv6cCGEIt5RNFjfN7QC+FXvA8PYlB6PBP44I4h6PD0"
    "KocGUbow83VqHtnTH3njpD8CmRRHGcg8RxnrFvPNiLFEuhGlNPsIPxI/AA9sDyxA8MDAA4O"
    "WYNtrCcZX3tAThUwbl7WiyGjSumdHJ29O3h6fnWRrWnalbSlrCLYlEPWNt5XFwShUzSgs6Z"
    "sa3H5nZoZonVqj7IosaFo1TSti/v8JM3vWwl/4vyYC6790v9X4v49HanY2tFPdoY/jGYYiu"
    "SnCh7eHKOq4jn4J9UeiM5scRwebnoceU880HohexP9Es8PX1+hz+Bh6qxfiU6YG/wRh05ro"
    "gfxuBCA0qgHLHyx/RS3/7FXtavlnApAp2SVTMlpMZfDNJQDgDgBDqVFeCDN726USZva2uRS"
    "G3yvjG23/msEcJqlZXBEbI9qDlx1BH+Dnc8DIh9APqC0+ZCS71+piGMVRHdK90vFI94wljw"
    "Yc3ISnc312E57Njt+wP9+eHfM/T96+PETXS4wc6tm6RXxsoqiBOk+2iudHFDqIz5ysexkb/"
    "aSeB9/GDeDr15MvyIyjmpNSGRk18Uz+Th+cOPXk7+DJgCezZ3vYeD0ZODt3p6lkxRWyO/pF"
    "KQC/N/iFjUzCSC9LjdBGP+niEJ00+0MnNXco2/ulZnlRCgrs+k5ycPU3e/juls9VUhvhWbe"
    "2LS1dW6rwPmBjKbJIm/HNJcZ3cNXwTCBDw4zd4a745hLjw7fLzte88dX2vTnxgqWpC3LYuU"
    "PVECkoyLS5UvsHdQu23BPa5aHxiiG16ZeeGkboRn0CZRAuSwHO63EmjkFtrM0lg4UVsfEhP"
    "XwUYIcBl2eG9Dw0b3Gg2aJWQY2uXFloRM7cYKmZKUK6oEHhWlh1UY9CgJU7W6HnUl/OP8tF"
    "xrceDF9FuKBG6GsujT6vBnNzb6uqHHS4KkUMhuhwhR9dbPDADJvSzCeWew2EwuN7IYbfIPn"
    "HYYevyt4dc9fYN6mh3pqYIJTfYoJCdmWvMhREGvDZ5MbswxzdMWTTQxqfAZrorQm2wIbek3"
    "VRegpoQ0IbNvZu2YLOPpRKB2PqsiMyN7cckrnXLZ6OQ+R417LUCHfiLhtx8z5c3YYtssDGy"
    "pBrGFwSGiHEXaz/o2br/6hm/UfUCWGP65U3VBWGGjPVasxKyxb2xOcsNW4aBYntpakcbXav"
    "GIyaCF2zZ75dWRLy7RR+i6Jvr1j29LV+O2lJoOa3p11yqLUgGdkhj5oN5W0s9SzNmfextCm"
    "zadAdxm7UkDI67fEguhxN7pdI99GS8GS3lShjepBndsuNbk9zzgCB7GbIbobVFrKbFdTxTh"
    "zd4sIopYCKIKgAEsz3EfzEQOrKPiTDR5gXOnxK+R2Ry6lJx48Q3IGTFtnu2u9UnIog8MN9l"
    "43cXZG1VcuSQKepQwTUbdNUVz3etJoovGsy75pifMzFPXaCSQsjEw+YduJkcDZ2PSvjutgx"
    "X1F+pHhCiSC6KPAp71ASefWnnGxhf0ZRQPb/uOA87mfrC7iZIZ88NEMzTYwBYGqAqdk3uw+"
    "YGmBqgKkZpwqAqdkh+EAnbDBFnFmhVH5lKUqBf9N3YnMzq457c1p+Ol6NdHz+sXudjq+Iq/"
    "mZ2Y0TgYcZXZ+2HsiSjpBolvbCZxpc8TMqGdTMyUN6gLhXF+1VvK/Z2eLUiLubvWxrhSb9n"
    "CFcxeKG6gd6EEZ4mGHU8b7eDK3YpKTDcEgVUGWJBAcUHFBwQJWxU8D7Ae//OasAWqTtcO2h"
    "oWdgzVjqjoOlDvSqS46QEJh1Otqr5WSvWl+U0kEv0pNeJA2Tv+/kh34e0M9jf2CtdSXQ0l5"
    "odT9NjHHzE55zt7WYYNFuPd2UKpisyo1w+xu4LjUniTobGZnEGNEdvP8Gg+tWag5nAiOEd3"
    "jbjfgasV3qBboj4MfWHblSEoXmDRLNGxh4JuHfZB5yaKSRrwgD9hLYO/gx0BbUsuiDFro9i"
    "GHhAyA9V+X03IrKPKz7cu1SGx8wvr4Ss06N1WctjdVn9cbqBjMpHYOZ52Gfs6rr0vC6qfy6"
    "9dMyaHc/tLsgnv+0HVT8BNC6ylq39CcqXfgA0LnKOs+1ZdBQ5CE2kp8Cye3FE19vyk4amP+"
    "0mLp62KIVsfFZoMMnrUaQOVRELq/BORUaH8qnnez80xY7/7Ru5ydzk/1cP+hXDtn0hBEFUL"
    "adEMIg7dnSryAIO7XKOzW08xt0Z4Z2fs1Q72fWqOAtUqmdH8/dP/d9cuvYDfXjlRHTdXn+m"
    "l4evDbl/89LingKmol0xB+AFh610cMSO1P252qKdMdkf6HIxAYx2bCDpBpckPb/xGcNkfof"
    "YSA8Cr2YZ8omQ+hDBv/uzRXI4H8+azFk8Cv6Ehb8uGT1lAK/IATQQ/HEPoLP7ZTMIpBSQFU"
    "S+Iq+OijYZHJrP30y/vAS8CvylPQT2WjlYC/T0Z2I0uMWovS4TpQSX+P2j60HxBBM8zX5Xy"
    "VRyP6SyP6KveKePTFrsrDIy6wxCnEtjW368pvTtQzLEO35+IPeoShrGfE+kP4URfn3iJehR"
    "U30eOrZq7RsoVtnPomH3jjJAB53QUncxY/4Gc7NcIqY3aSeiT1kE4vdpA4erpdfwWWAPn47"
    "NwGAhAESBkgYZexwIGGAhHmO4EP/PujfN8qJHXGE0dGvMtO7LDW+RLSzLmWNZ81ljWe1skZ"
    "m0kijXJQBjNdjvHWSUGl8N8IRQrvPRvRbwB5bu8//jVLpf3cnArYquzdtI6uyZPxuXNWlg/"
    "mJDgEbhB5IsIyO3kybgyF9TsMgTes5uAnfmuaC/bkw5+zP+fz1TXi6OD0V5AQN99iBiaelz"
    "nm0mKJozxYqjQSmCpiqPXMtgKkCpgqYqnFBD0zVLktroNfqrlXQK1UI8rSGmPzyLVbH3Vt1"
    "+PZnRYdD0pqtiI7QnN0T87VT/R53jLGowv4aPzZtIbnIKN6lNnVe/OW6ndLJtPn58uvP6fA"
    "qz1MlMH3+/SVWr1xifATmRro+RUlH2hwvmLEpA3RVbnxwD9yHNAZMXwTYk8c5EwOY18AcZd"
    "T1mM9VufEBPXxr0hgz6SldEQOk1yMNDTGfn70JDTF3bBpB/cdu6j/iJpONe3iXDpXNGzksc"
    "jtf5BQJ2l9jP/jokXs8EUTt85vTtrB9wIZpZjauw5mdvrHEZmhhE1EPGdR2LczmHeIPQtGD"
    "RAd0dhPaXkuO7PtAlH3XXC9E2SHKDlF2ZQIuEGWHKPtzBB+i7DtXgSKHPIIyomnNvgT7GX2"
    "24poopD/03hKKfoqkEVyVHaEZvCdmbye2FI7523CeS0Y79HEoK7LAyan8Ki0wNjnFVtdyc6"
    "ZLUWYM4YVtZLoowoNe8sYxEwEHGt+YtvGfqdVIs6EdKNBEKO5Y8w7FDZvQweVL9OonxD6C3"
    "GOPX/j4chrxnbpjYIuTnwfXgpqlAZ63ReI03nOAMgXKdN/MC6BMgTIFynRc0ANlCpTpc1YB"
    "UKYKKYN9iQW5DRlOwlOSWiqWqoJjcEC30LvE9Yghyq/CBrF1S4x1JlM1cWOhw0R4Dyd9C74"
    "fLz58+nL++eBoNp1VstdS6E/q6OorfrCPZjOfkkr1SqtLjpCgfNthPr9tnM1va314MHMKiM"
    "hta5vNBandzOdNHYM69GQGdr3Mrndp+XfU3PLvqNbyL+la3iNMVRQcIe+wJzxDJ2I94yJ76"
    "LkqCyEUlTWdccx9qMSKLGhafU33qM6pCYLX0slrgcyaZ342yIdMi7951AyN4DNx8EQQvxQP"
    "nLbFMwszxI1lNCsVWhvZ/IY9gn2ko/wpyGcruY+Iw65GtOm7qKXignj8JI+QBy0XiK8vr/K"
    "jYOshziEf3C3W2RrELHTm8aNvVouNQngTwpv75WZAeLOqcghvQoxt78HfSec5gD6awbFpIO"
    "ER5RIjpAyH6e6viAn+ja9OH2joBOLMwdL9VoM7XueMwtC1ZvZv2HsViTEbmCmaedE+Osibl"
    "HvGktxj9o3tOfZ8QcJgD/kBjOYIIbCTFVqqwE4GOxnsZHXsBbCTdwd+9H8JUy0dP0JDbfjj"
    "3BrOuWpNLWs45mqDc3pTqQjPjp/+SDgi85Cph59ULbKPq0NaTWQzH6xZ6eh1VnKzeoS2LMV"
    "2sojiR2aIOzoPTC0ENS++pWs0DAwav//8n3HHrdj8zZ9TXJg9bGBmUzec3pNVzoA1DNbwnu"
    "0c47WG8ze5+3uXy4Ap1tsUKy3AEiZZVW6EptnwJ2TOPV3uHONMAODtdADprWQufy4xvnSYo"
    "07pMEct6TBHgnQYEqxkAE7HA7zd4E1rrWQ95JrgCBeMjSDuMpSkkM4ERojwrFtb65au1kJ4"
    "NVv377BcUUpFDsDuAPbOKGXVFurnxCgD9u92VNQPyL/LI+qm5PE3RanxGYfDs/oxYvIeTlV"
    "ufFhvxCzcjwrEiW4EyWEAW8B58B5/MWRadOaYPNS53PjmdJflo3n1ECwe+q388WQjhXbw07"
    "IKAaqu+BZExofwwLX2FvWDHgVvFbHxwTy8jeHhIPScHljXBMeH9vC7XwKaQwOppaMiNj6kN"
    "1LGWcwJqIHdHlauiI4wrrwnceQUk9ZAclx/2EvRFVEohFdZz1HpqcZPPGc+UA9li+RB4ypr"
    "vJD8JanrsiQs4MqruYdHVRHbIgfjYsfkytmKcTSwb/Wge/32ypIgrJsqv1Bz5pbxw2V6aLk"
    "iCnpWWc+ha/ZMnC1LjnB/3NPEWYHao2+vSOXBN0u/uMdOMBGV5Kb3pq3luGzTxtmw9Wd5uH"
    "yvfUWZIt+h1C2fotRvmyJOQKV/j3eoKSoZ+tNJZb4M8cwbJ10n+WjOzsR/K1RSHKKDal3FF"
    "N2xt4H9iVcvEfFR/K4gn944On+MR7CJ/kHnyGEIefyrUc/0UfBAjJbzl6ufksS3+UdF/8cr"
    "qApWKZAOdRDPZznvUgfR8P52fwkbHgAVEr0zXKA0ZUfAQzrjLtFPTYauBEw6foSZusPH/rg"
    "dJoMt7l9E0Y/U2g6bNXwJEDen6sj++u3ya8N2mYyvWknECNB/kMU2041B/OMidAyOH5qHxA"
    "qI4x/yj/1pU9C3QM3xKRlItTMmq8dJViwf/gCVzpjE9hUNGaS3V2H0reuHTZZHTNu8VL6Ze"
    "/FgzUtHr3dWHXR58eWFjxLRd4ibYz5aUA99j+r6vvN+qt95hdR3dEA95l4SNgnDgHdeZRen"
    "vMVq3V8d5LE3zvc4JfT7S3RLUUDRgokaS+IzpzNKGfX5MA8jQ/e8FfucqN9r9Pwm5xPcSnW"
    "2cXArwa1U34cZ69sHBd9Q8D2WQggo+B4cXkWM5K80IAti6AkqNRO5dL/VQHaqIwduF7W+9a"
    "mJzdDVRNGNysBCs2W+22ctooyl7jg4OnjN54fh8etgwYIFu2f77XgtWGiXCp3tnyf00Fdgd"
    "9hDEGSD5WYFm6uzd5GLbDEYQhyNG79bgXngBN+ABJZUHnUmMMIpPOvkwc1aPLhZ3UGeU1Pg"
    "IF/jx4aFOR0/CnzbDMyLv1y3x5Qy+/Lz5def0+HVQBOE9xQK75VPF05dbonVpSQ0ijegelJ"
    "3l/WbjWo5q7u2hqdERQ3ndXWrOiTuq5fBLah4SggnSf0WxEC/qulXEY73Vzq/4qdO+cIk/c"
    "LdaRu/+w8617zCwPW5D1HierDUA2SH0QmxDtIXAT/vChnUtknA897dgGcq8LwCvk3PdZ9nv"
    "yMSID/07sk9P4J2Upkswz35xrniCfqIhrzVzQ/xYOK7emAs2dOww34u+8Eoqe5D1OFSjols"
    "3buLkiPsQ/QLZUq4caIsfQZtPICY7KmOtZoih6KYf4q+Rse8ib9Nks82gYTeNREAJDSQ0Eq"
    "Q0IrtznBq1OhSKbixcStoeNjsW+cS4F0P7l0XbQDJDaYiCr4B+AbtB4cx+D/ZLvWEPoJgVK"
    "uvYBbGayQX6OAzWGw9wWjOLXBEFzzNOc5tnqJCURuar5ipzxG49WjoxCWyPMMZuR7lmvHrR"
    "/AO+2hIfVbaXgCbHWx2SH3evbW+Jx20Y1tpU2ZjNTrQKTjQEhuohXdpoAsC6M2eaDp+TPk4"
    "s6OTNydvj89OsvmcXWmbxvUpy7Z5g+3yopNqGhEtyYzm+NzBILV09iNk8MwFAMwqmAudWFJ"
    "g5gIAZhVMjz5I0R3p+O2THbtxpTdDa3ge9aRgzyXUYJn4542GZWIWl9fPIypLAsekGsdUbp"
    "XsEL9fA8iKKOhZNT0rwiV+0y3sX3OSTdwNsHB72toQkA/UgnzkWtrweonRgtxjZFMnWForF"
    "Av7h+h7Un7wPfqy6H+Q7iD86FrE4IkAPD0e5R9U4gsHeOaNc0A5O/hAfIz0+NYLP7nJ2/3x"
    "fAM/tDkbSQIf8WnJJrbOpuWLl83t/dZXwhXz/gv1F9EvgdZ/KlElQFQCUalEcoFyOn5OZVY"
    "APr+yk/JCxUzR3SAfGwbCbUaMeibQtrvs4cRvQZLvDtXatbj3s4DKaJyuRRGg4wTcu+9iI0"
    "hO0ujOvhelANYay4nviU+k5mlRBACtN6X1A830eBK5TNytLAWw1qwvaskENtLhAGQNSBxo8"
    "5W8HVsUA2uqtx0LZ7CMzHMXMK8qncFyhXmG5VUo7OCV35y2ka5eNEzzwm7NuybnKJbgBVdu"
    "lDiZFFvlqZM/RKQmQ5hNIc52RiVZuo90FH2qKEVzkGd2I01rFVelEUmlG3sX4wURSrCAJYW"
    "1dhtrLbCkir6E0BBpKw2RXN3TbansmFxCjeyYUdVgQeO13a0zVSNMSgUCYVjyIZFf2SZtaX"
    "mZHPGdiQAJVl89uJMos5HmEk/aSBVbu3eS3luHvbkZXiYwhnbxbV7WJprh6UGAbVcqtlMUg"
    "WWjVl8BibK9JrdCFILqibJ/wksS/+IaW5vemrZxtfeFQVs/ZeGeOOvIUyNk/o8d5+UAcQrE"
    "6b55WECcAnEK6aVjA7+4K0nhXxEEFfRWAbcdatA3U0jJ8DG4hZUeEG1QZj0g3jT3gHhTZY8"
    "Sk1CLrEXpGS6SBtq6fzY1R1G2UWFZaoShso20RXdDz1jqPtbShPOuGew1wWedye56xBDBhw"
    "1i61YT+5zIVJGLhQ4T4f1bNdqgu/jw6cv5ZzYTp3FMl9n2JMDFCXxSOxzE1Vc2b9NuMz+bS"
    "gXO65Lj2wuHDqOk73WPg4VEsqNciIfuQEU9s4ddXZQCa0PG2lCEx/yGvXu2B1xhg6lyIir5"
    "Lw2Ythb9x0M1Lx+7aWqzncRMbeKkoj75epE1AJwmcJr7tgMApwmcJnCaYwMfOM2dq6BsJ8h"
    "zbqCAJyoAstE36NmV7F6hUdVUSlqWe9bsmk0szDwo7c6uQ9i4PpSFxrQ+DJaqxZtpYEdg7D"
    "fnGhZERvH+bzvd0KC+yLlq44lTkSfTxHuEfWeeWBEm55Pjh57uGPg3ahFjNRFwOdUh0zY2h"
    "6SDNTcfvVs+Bz+6xFsBgbN70w0IHCBwgMBRxn8CAgcInOesAiBwdqyAyFjEgpKxZg6nIDIK"
    "N65C47x+3YXHef26mch5XctCiQ5rkOdxSlLPmsUpOhASCFbEnjWErodtEgpYsDWJZpkUcAg"
    "CDqFc9OzgByzaySi1sO6IES5IVRCeM7FNwZpd2S6u7y8vP5c8o/efqsTX71/eX7AFtoK6wH"
    "RmGxRzOvnxsFrjLtaKfMMTQAtrtKAIb/aB2q7Ff+5EwJjlN6dtXJlRGrZbkqzo1RUaeHiEe"
    "iRYAW8GvNm+bbDAm1VVDrwZ8GZ7Dz7wZrtXgXyBxcjrKs66sDbVDaNA2pzVs2/ucWR4SWBc"
    "lBkhyAOXC9EHp0/lSkEKKlf6b6B70VOQutiZbGcBGTx9r/i1ajg3Z0lVxEaxjGw7U4rZ+Qx"
    "PWeTLUmOo9tw27hlZUUO9pY9mLrI9g/Bos4v5kH00qXXfi12oiEJDPNUa4pXseYv6/Tikoi"
    "DoWGUdMwR0qydVWJUFTaumaUWCIt9C7x4Lc4iTO9PWQvB8jDqxkAJNDjEQiIHsmesDMZCqy"
    "iEGAjGQvQcfYiA7VwHUHm+KmOefxb5tn8W9JgoUfd/57XrUDI1A8w22YksxahW5Ma0xgzFr"
    "ehCQIDSxNLx1QcBXhO8iYJucr1vYl4dYJAsoC6vwbVu6Cj8TgRBHtxCHItzOFbY5yN617t9"
    "NBAxP6f60/cDpeKQWpEM7nTkdC/GDoXWUb/QvfMQfE53Q9UN0ZPQdXrH/sOsjEqCAIupg5D"
    "JBfM8mnvjo6eEe3fNoFROboauxx6+jpkI/M97zkLgZQntCBYwnYKiAoQKGShkPBhiqHYJf2"
    "Ke6Y18QAuiBHNxfFQA5mJGDsy4F7bPmevZZrdA1s3aFplRDWmMIDQljm4QEltThNJnAKOdm"
    "t8nZNjvr0zNz5SRQLgmNEOmNnAAEWeSbDcQ0HaPemsOcSAC5J5+/bFIH96AICmKQmAeJeUL"
    "y9jw0SXDhBJ4wOa9wd9pG3Op8nGbR206krVSOXjvrCUl4irg4QHECxakExbl+mxrrK1ioYM"
    "W2fP1qJgOpMX1xZ5se9TRZjqcsNQb7eKPORwyX7PQuSsEE772wuBwiYf1q8/wuCY2Qwjg76"
    "TDBz04aZzi/VYE5DAwqd1R0QWSEEB93qYI/bq6CP64fTzr/BzaCGCQZmMti41usN4a0aMFe"
    "i7NwvQaUBSibONCJJeA8f/12+bWJWs5Eqr4VMQL0nyi9aWPk54+L0DE4imgeEisgjn/IP/a"
    "nTRGiLYBziNo5uyo9Ny37S/wB9V4PDAxfdt6XpUY48bv0Qzpu7od0fKbQCTkfqc1+5gVP8Z"
    "sIyLPi7Wkbe2ZGAzWcjdx6kasbztnLvkyINJ6EuOBduRg+YQDc2q7tb+DWgFtTgltTTseQw"
    "7Pb7fykS5rESXOWRL1Z/Y5yM1UzmnYysS22YkpDXxAC5HvzatBycnfZ4DT0DKz1aF1blxyf"
    "wzZ8A1tuzErRFMl44CgG5yhKbp+kA1GVhQwj1TKMipouu/OSqq4Jg65V07UijNif8XxJ6d2"
    "FY7q04QSc6pBpGzP2EA/WcHH0JtPLgOcCnmvPHHLguQbnuSCHTNEcsvHDHnpSLmgyfITU4u"
    "x11xqs1iIsQRVWy/EHbXVYOzr+YLIpZ3MLFW9RRDN5VA3rZo+/IqaG488/bzSOf8qXS6mlJ"
    "ARKGV4pJTpRTjV1UVDQ8ArCzJsQeCBtB2+lEiPcoYfPe92Tul2dTfJ7vJ19eQPnPxGf/3pT"
    "Y46jL2kE1UXHF/E47mQJHbdYQscCqzNFrkcVb1kUuFfVuNcyz04s9ls1nzhGQx+SNp69Igy"
    "6VlnXKbU4X8k3VKqKQvi+N2Himj2p4bIkUMMKv3zRt1crxvURW8wIFLdNqA6ZdolxmcXRA2"
    "eAp/GzZLWJCZb47+LWsrld7eBHHvYNsO0GWXa4sG9tzv6mOeYQSYNIGiyXCkTSKu9/95evI"
    "ghZ473tFIWDmc8AfSWjmc8A96KlIbHqFKRgyXki+D0XHoEwqOKpqpDsNlCWGmEIYfj6Icn2"
    "qltvrDrJqnz3Ed05NQXwNrf9TMePYuq2+QOb6Pq5J9Ewl/kIHLatTOnhw2EJtSHAue2otUx"
    "ke3vi681uiIOd/VUljGq4ttMMAnEIg6jDxNa5BUv3n6JvgTjoW2V9s0e57NdhpkNT5vTEmt"
    "yIvOrBFk+L/XLHWGm2zH5UFgJYBe6X51FPyvNKBSC/pVN+i4ddS19pdCHNM1QlRzR9t8AxK"
    "BITPcceMZYTUQf5+M60tXt8PkaZ2r7nEo584hLbHGi8x54vWWNREBkFYVCpsDg97VJhcXra"
    "XGHB71W8V/ZSSSCcDB8hukeddrWjll3tqL6rsU8MhMdYN2fiF0S2n4G/Gw9msFz7nW5mf/w"
    "/PB8HDQ=="
)
