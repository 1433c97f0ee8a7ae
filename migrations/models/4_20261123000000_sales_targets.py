"""Monthly sales targets per consultant or store (tenant table with forced RLS
on PostgreSQL)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "sales_target" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "user_id" BIGINT,
    "month" DATE NOT NULL,
    "contacts" INT NOT NULL,
    "prospecting" INT NOT NULL,
    "revisits" INT NOT NULL,
    "test_drives" INT NOT NULL,
    "sold" INT NOT NULL,
    "set_by_id" BIGINT,
    "updated_at" TIMESTAMPTZ NOT NULL,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "uid_sales_targe_tenant__2a23eb" UNIQUE NULLS NOT DISTINCT ("tenant_id", "store_id", "user_id", "month"),
    CONSTRAINT "fk_sales_target_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_sales_target_store_id" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "store" ("tenant_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_sales_target_user_id" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE RESTRICT
);
ALTER TABLE "sales_target" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sales_target" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "sales_target"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
"""

SQLITE = """
CREATE TABLE "sales_target" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "store_id" BIGINT NOT NULL,
    "user_id" BIGINT,
    "month" DATE NOT NULL,
    "contacts" INT NOT NULL,
    "prospecting" INT NOT NULL,
    "revisits" INT NOT NULL,
    "test_drives" INT NOT NULL,
    "sold" INT NOT NULL,
    "set_by_id" BIGINT,
    "updated_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_sales_targe_tenant__c7b3dc" UNIQUE ("tenant_id", "id"),
    CONSTRAINT "uid_sales_targe_tenant__2a23eb" UNIQUE ("tenant_id", "store_id", "user_id", "month")
) /* The five monthly targets. `user_id` null = an explicit store target */;
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "sales_target";
"""


MODELS_STATE = (
    "eJztXetz27i1/1cw+hJnRvGNFdvxTffujJO4u9km8U7itjutOzREQhJqClAJ0o+2+79fAH"
    "w/RdKURNHnQxybPAeifgcEzhv/GS25RWxxeEmWo3foPyOGl0T+krw8RiO8WsUX1QUXT21N"
    "xwOCqXAdbLry0gzbgshLFhGmQ1cu5UwRniMTO2iJb4nzQqAFwRbisxk1ySH6yl2EkUsYZu"
    "47RF1kUTkanXouEciWlAK5HFkE28QRh+rjLG4qCjbvfGSP0X95xHD5nLgL4sjx//4PeZky"
    "izwQEf65ujVmlNhWCjJqqQH0dcN9XOlr7+n8E3P/qGnVc08Nk9veksX0q0d3wVnEQJmrrs"
    "4JIw52ifoE1/EUnsyz7QD1EGL/YWMS/ykTPBaZYc9WUlHc/gPE10aG8fXyyvh+cWUYo5zE"
    "Qo4E1MElkzMlbfmoQgMwV4/w6n8nkzdv3k5evzk9Ozl++/bk7PWZpNXPm7/19nf/YWK0/K"
    "E0Zp9++vT1Sj0Ql1PKn2bqwu+aB7vY59LCiNE3HaLwMrCbl8JHecelS1IshzRnRh5WwHoY"
    "/pKVTiiLKvGEF2L5xC/JNgQkv6B1yezHYGJUYH/16cvF96vzL7+qj1sK8S9b43d+daHuTP"
    "TVx8zVg9OXaWFFg6C/frr6Gak/0d8uv15oeLlw547+xJju6m8j9UzYc7nB+L2BrcQcDq+G"
    "qEnKhNTlipSX94cFdkpkHdBnpCzRaiPX3b52S/xg2ITN3YX8882kQqp/Of/24efzbwdvJh"
    "lJfQ3uTPSt31PQ6v8bQBvSdwPtrl+ZFLiT169roCupSuHV99L4Th3MLJFH+Jfvl1+LEY45"
    "sosUNV30X2TLzW1TWI9+mHnMVDCiqUdtlzJxqD7vx9GGJFABuEIotT6FOB98Of8tK4IPny"
    "/fZxceNcB7KQ61lc9uE9uJujDF5u09diwjd4dPeBlt/tZyssxewQzPNbzqG6vvFyhZH7X+"
    "8ZPDvVWRDpa8XamL+XqMMY8oayhlPg/SPHL9WpBAWzpEF3fEeUQfvn1BDr9XKpZDpdJEXf"
    "nPQligG5/QoNZNkU7W3cCgkoFKBioZqGSgkoFKtlmVjApDbpf0rgDk95zbBLOSbSPJlwF7"
    "Khk3hXY4t7erfr2/vPycWovef8psDV///OX9xbeDI429JKJuaseIARfElZrkvJEWnOTphx"
    "6sPhb04Kfrwd9d7pAiDdi/Uan7iohkrdJ7yUjo8lvQFTo4/o4090vEZwinFNe8YtuUuUB5"
    "/fsoUnAVhfwpUclc1JviP0DNBTUX1Nx+qrmp17X+q5diW/8G7oOMt/gS9sXK2DXkYGfstZ"
    "3hkLl6qAYIxxwDxPioFsZHFRgf5TE2qfvYaIEI6AHfevgqjeTfnDVaJ5I828N5dC4o/p/v"
    "C8zmC0w3ZaelIT89roH46XEp4OoWhIt6ZiYnxcFXhMnnMRbccxpJJcfYD+HsvQ8D/Hhb9u"
    "P1xGn0Z6G9Kjmfkb4+rnIZyTuGF1LVCJWuiCPkK3O/4Mjmc4EoO0Tvic3ZXGeRYRct5bxE"
    "PPIQ+W4gxB197fLiyx9y7qRORr1mKxu7M+4skVxd5OTkjkBTPYYaghGqXE8QS+2/fQtOJn"
    "AyJTcyssTUbqJhRwyDi6ZOTuqo1JKq3BA/ySnV4OjYrKNjtWhoIUYMrRAOZmc/Ae7eTbfC"
    "QtxzqUAtsFg0QjnLOMT5fHJSa704qVgvTiBBoBTt7SQIJFMaG8daCphbRVzWLytD1UcT/g"
    "6ybIx/zAOwt4TdxsI1pF1IWQvNP8fcgfLfsy12T3T9EJOcst8TJ8o3uXedC0HnbEmYOypw"
    "p2QoxlWOFUfSGjhNvNa/ovw16NWPSDGr/y0uTRmGDm78DPIfqPXjzRjd6GSb6C+5wkS/hz"
    "6Qm5f5rJ2uBy/M6lG+pGC9U5/jP4T6HEjk6dPiCj4W8LEkt9jEa1v/xUswbSqJZ6jvXyIN"
    "IlglaydBBPQDtFa7dw4EW08DeGOOAQLcfUAeTNOeLCO9NE2fQQrm3MFMKT3Tx8bw51hBCk"
    "2k0BOr8dxzF//+Ru6o8JHKGY1pgnFlMF6RGk6StlYhhyohvl9wQZDJPTmnHLTkd0QgzhDR"
    "dcZ6qqlouRyb38pRBA/unP/6KWcoPn3Ia7ZyuEmEQIy7VP6CMLMkpc1VtxlV5ayN0Ng8hr"
    "4zvX/fxmA0gtGYyeCOF6r6b16Sa3u1H6/3/v3ry363on8ij4UbnX+neodbUeM2IKqRbaZC"
    "s8RCgshlwkUzudtgprK91L4jJUDkJqQzOE2bEtVVQ71nus3GyiEz+oCoQGLB71lui+tu6G"
    "uGZ2p71AuZZICNrO8vEmxksJGlNzLIgNpwBpReMpsgHHMMLofv6LROHVL2bUiUIZ1m4ZUb"
    "auPspyTP4CAGP+fANuye+zmHDztEqSBKtb+rtzC5GiMHcEV/pYijH5WJgyobDU2lFjGTHC"
    "vETJ6UVemJVsZulhdyKvuWU5kqoHpYUTlcCzmnOUHKfZayH4dr8zanOUHKfZNyTzz/38hM"
    "fpHFlZwrhYHu1P1xZW60T2m4EWn9WEDAizTvIfrGXTUP47i03JX+IIk8IWcEwsgJ7kcfVR"
    "wGeMqo18x/gfzA9v1CRbZneEntR3SAVWNEqdn6lCpo4C7k//fccRc2EaI0kxrCBf3RmSBc"
    "AOECSJbug82iV9HGvu40F3i71/pL/N2rCcQxx6YcUkNqYd8jg6xv28aebBNgkT1rKffEIv"
    "usypqvFtIacfX3zplkaYJxlU3ml0i7Sdq1RtkHKVVieqqngyShtrSI9DBCNfRC5JXqw4Mk"
    "lI7KBD64lQgylV7FuKvThaWtk7PInj7kNQu/BLI40RnIKkeZYFvaZtRcIGzqlGaByAMVLl"
    "hge6ABggUGFhi0BNteSzC18npOUci0dFlLsgwmrXtydPz2+OzN6XG0pkVXqpaykmBbAFHb"
    "eFuaHZTCvimFKXlzU+nvUs0oWqfWCDvDC5Lum6R7ov7/hUh91iZf1F+jAu0/db9S+b/zKY"
    "1lRFqr7lAQf4YhzTdG5HB+iHTHdfSzhx8oljo50QebnnuOFM/YJ0Qv/D/R5PD1FfrsPXjO"
    "44viU6Y6/4TCpjV6QHVXAwiNakDzB82/p5p/9KrW1fwjBsiUrJMpqRfTJvjGHABwDYCh1C"
    "guhJmc1amEmZyVl8Koe2l89fZvmNJgajSLM2xDRLvzsiPoA/x8Dhj54AmXL4sPGYnuVZoY"
    "ZpKqRrpXSI+wYy5UNODg2juZ4sm1dzp581b+PDt9o34en708RFcLghh3ltimglhIN1BXyV"
    "b+/NChA//MybyVsdFPannwrd8APn89eECpHOWMlAylbuIZ/M7vmZ968g+wZMCS2bM9bLiW"
    "DJydu9NUsuQKWR/9JBeA3xr8xEbWQElPcw1QRz+uYxAdl9tDxzlzKNr7G83yJBcU2LWd5G"
    "Dqb/bw3S2fq9RvhCf12rZUdG3JwntPzEWRRlqOb8wxvIOruvcESjQs3xyui2/MMTx86+x8"
    "5Rtfbt+bUsddWLggh10ZVCWRggRPlSm1f1BXYKssoV0eGt8zpDb90nPT9Fa6T2AThNNcgP"
    "N6nCkz+ZIY04bBwgzb8JDuPgqww4DLM0N66llz4hrLolZBpaZcmmlAxlxnqZkhQrigQeFa"
    "WHFRj0KAVRlbnrPiopl9FrMMbz3ovopwxk1PGCuuPy8Hc3lvqywfdLhKRQy66HBFHlbEVI"
    "EZOaWlTdzsNShkHt4L0f0GqT6OMLUqO7fSXJNPkkO9MjGhkH+LCQrRlb3KUCiSgJCTm8gP"
    "Y5iZTdNDSscASbSWhFxgPefJskiNAtJoII0lceZyQZcfyhsHY/K8A1I3txySuSNO8YElpe"
    "gnOLYX7z3aEx3fW1ktE1fSnJC40pfElYKSJ/30PUtDvMLzUUUmoro9rpOMaLgBZY2EREmq"
    "+sHhKF9QNYRb8jtso1tCVrqzmz427UBf1pP7JcICLajKGnksSj3sZMx6SYbV+YIRIJAmCG"
    "mCsNpCmmAPZbwTjTG5MDYSQIYRRACZmvsIfqAg1fVdBuQDTLDqPjfzljYLTof0AwS34+wf"
    "ubu2O14iwwiOlrbLRmyuNNVV05zQ+6Q/joC8bhrKqsWblmOFd63Ju9Yzf8zFHWHuqMIj4x"
    "OMa/lkSES73iuzWhFmveLqbN7AJYL4LOFPeYeCEIYYK2eL/Knd6fJ/v3LTbwwpCnwzXY7c"
    "tYdmHCgD4KkBT82+6X3gqQFPDXhqhikC8NTsEHxwJ2ww11Jqobz5ypLkAvum7cRWalYe9/"
    "L81pC+H3mt6mP3Oq+1J6bmZ6k3joqOOFDXx5UnG4QUDboOvRBSgo/qsDcJtTTyEHaRsur0"
    "XqUaBJ3OTky/TdDLqp5CjcfpwlRMbqjCxa6n8bA83To631UoWe1fgxxSBfqyRIIBCgYoGK"
    "C90VPA+gHr/zmLAHoN7XDt4Z5jEsNcYMZIo5Nx8pwDdAhMap2RU3FETq7BQOrEhMaTvogb"
    "Jn/byQ+F8VAYvz+w5sp7jbCpUN5Oq1kgHI3wnNsW+Q4WY+5gq1G5dZZvgNvfUZ1K6/JC69"
    "whEZGTqLaSEXEMEd3OC9klXPNGczhiGCC83etuVBh0ueKOi1mBf2zd2QUpVqiCblAFLcGz"
    "qHqSqaegaYx8hhmwb4A9Iw+uMeO2ze8Nb9XCMVw4AKTn9jk9NyMyh2DRrO9g6QDD60Yzqd"
    "WheFLRoXiS71BsSpWSmVI999oc+prnhtetz69bOymDdPdDujPqiKftoMUjgNT7LHX/4O0n"
    "CL1wAJB5n2UeS8vkXpGFWOr8LODcXjzx9ab0pI79n7YUVwtdNMM2PA20+6RVDRnjRc7lNT"
    "iHTMND+aSWnn9Soeef5PX8YG7KryvcduWQZSMMKICy7YQQCWm7DLgkI+zUfd6poZ1fpzsz"
    "tPMrh3o/s0YL3qI+tfNTufvnQtA5W5bUj2coxuvy/A2cJl6b8v/XBUcqBc1CGKkB0MzhS3"
    "S/IGwsfz6OEWaW/IUji5jUkmQHQTV4Qdr/E8fqIvVfY1B4pnAyz1ROBk9ABv/u1RXI4H8+"
    "azFk8Pf0JUzYccHq2Qj8BBNAD8UT+wi+0lMijaCRALKc4K9oK4OETtZs7edPxh9eAnWluU"
    "v6id7o3sGedkfXcpS+qXCUvsk7SqkwlP6zxC41C6b5mvyvFCtkfzXI/vKt4pY9MXO8sMg3"
    "WWN65GspbdMX3xyv9bB00Z5PDfQO6axlpPpAijHS+fdIlaHpJnoq9exVWLZQrzNfg0GvWU"
    "Cg4i4oiLsI7Z9RvhnlIpY3uWMRBy2pLW9yRrrr5ZcwGaCP385VAHDCgBMGnDC90cPBCQNO"
    "mOcIPvTvg/59g5zY2kd4h22vUR5ammt4iWindcoaT8vLGk9zZY1SpWmMcpIHMF6P8dadhL"
    "3GdyM+Qmj3WYp+BdhDa/f5R51K/+fVqMBbFd0bVzmromT8er6qS0bUiQ6uJEL31F3oozfD"
    "5mAIT7nnhmk9B9femWXN5M+ZNZU/p9PX197J7OSkICeou2E7djwtsPKj+S6K6myhFCV4qs"
    "BTtWemBXiqwFMFnqphQQ+eql2W1kCv1V2LoFWqEORpdTH5m7dYHXZv1e7bnyUNjobabIZ1"
    "gOrsnqivter3lGFMiirsr8hD2RYSswziXaoS58VvV9UunUiany+//hSSZ/08WQemUM/fYP"
    "WKOYbnwNxI1yeddGRMyUwqm02AzvIND+6O+5D6gOGZS5zmOEdsAPMamHVGXYv5nOUbHtDd"
    "tyb1MWs8pTNsgPR6pKEh5vPTN6Eh5o5VI6j/2F79R08CuVdEuB8dekdGBZHc+Oa4KpTrSj"
    "LDiuhqnOMozAWxPJtYiDvI5MuVTeScQGogpAcqOrSxHtP22jREzwOR1137/yDyCpFXiLz2"
    "xgkPkVeIvD5H8CHyunMR9OTgPxDGyI8GqeBEm604xwoh8dZbQtJOaagEZ3kHqAbvidpby4"
    "MGR79tOPchcju0MSgzvOCM7vOrNCPEUi62vJTLsx+SPENwOW8j+6EnftBL1UxkVOAD9W+M"
    "q/yfodbII9IaLtCAye9i8g75TXzQweVL9OpHJD+C3hFHXfj4cqz9nZiZxFbOz4OrgjqWDs"
    "bbouPU33PAZQou031TL8BlCi5TcJkOC3pwmYLL9DmLAFymPRKGfIgZnXsSp8KTcyqqWLKM"
    "QzBAt9DPYuVQsyBv9iMx6RLbxVhHPFkV12c6DJj3cNJX4Pvx4sOnL+efD44m40kmoymE/j"
    "iPLn5Uh70YS2lT8kb9s/KcA3RQntWYz2els/ks15uFSKOAFpltVbM5wbWb+bypozG7nszg"
    "XU971+u0gTsqbwN3lGsDF3SybhGmSjIO0O+wJ36GWo71yBfZ5jT2DC+EUPos6cjH3MaVmO"
    "EFSfdf0i0qNnKMYLXUslogs+aZnxfxIZLirw63PNP9TBkZFcQviwnHVfHMxAxZ+TyGHTKt"
    "jWx+Jw4lAmEUj4KEXMkFokxe1W7Td7rN3ow66nQHTwUtZ0itL6/i40HzIc4uB64X66wMYi"
    "a6tQj9ZLnYKIQ3Iby5X2YGhDezIofwJsTY9h78nXQjA+j1DPZVgwYWUcwxQJdhNx3fe6KC"
    "f1er0wfuMbc4czB1v1Lh9tc5M0G6Vs3+lTivNJvUgaWgpRUt0EHcuNoxF/SOyCdeTokjCh"
    "IGW/B3oDRrhEBP7tFSBXoy6MmgJ/dHXwA9eXfg6/8bqGoh/QAVte6P+Co5+6gytazk6KMN"
    "zulNpSI8O//0R6oQmXpSPOr04iL9OEtSqSJbMbFhh9TrtORy8RTqspwsg0WUPEhFnGEVmJ"
    "oV1LwIGxvcc03uv//qT0uOFh7VEo+TXJgdYhKpU5ec6BJVzoA2DNrwnu0cw9WG4ze5/nsX"
    "84Aq1loVSy3ADVSyLN8AVbPuT02cOrjZ2bYRA8Bb61DKecNc/phjeOkwR7XSYY4q0mGOCt"
    "JhqPvYBOCQHuCtB29Ya9XUQs4xDnDB2AjiK4lSI6QjhgEiPKnX6rii03EhvMYSi1vSrCgl"
    "wwdg1wB7Zy7lvi3Uz8mjDNi/21FRPyD/Lo6oWw2PRElyDU857N6r7yPW3MLJ8g0P642ohf"
    "tRgTjCphscBrAFnDvv8edDZuhzqJpDHfMNb07XWT7KV4+CxQPPmx9ZNVBoOz9BKRGgqotv"
    "gmV4CHdca29z4bYoeMuwDQ/m7nUMh7iew1pgnWMcHtrd734BaIy7jZaODNvwkN5IGWcyJy"
    "AHdnVYOcM6wLjynsSRQ0wqA8l+/WErQWdYoRC+z3LWpaeGOgVb2kAthF3EDxLvs8QTyV8N"
    "ZZ3mhAW892JuYVFl2Lbog1kRZinhbEU56ti2usdOu70yxQjrZp9fqKk0y9ThMi2knGEFOf"
    "dZzt7Kapk4m+Yc4P64p4mzBWLXT9+TyoPvNr64I8wdFZXkhvfGleW4ctMmEdn6szxWaq99"
    "xaUg36HQLB+j0G4bI+WACn/3d6gxSin641FmvnQx5jUL10lFrbwz/m+JSopDdJCtqxijW/"
    "k2yJ/k8SWiAvnvChL8mmE1jEOJhf7Jp4hJhBz1aNyxBHLvqVlx/nL2U4L4tvoo/T95hKrg"
    "PgXSoQ7i+SzndeogSt7f+i9hyQBQIdE6wwVKU3YEPKQz7hL9UGWo64AJ6QeYqdt97E/pYU"
    "2wJe2LKNo5tbbjzeq+BEipU3lkf/l++bVkuwzos1oSNV30X2TLzXRjEP8w85ip8ENTj9ou"
    "ZeJQfeyPm4K+AmqFT0pByp0xmT1OMqP5qAH6dMYkWX7jnoR0/s3TT50/bDJNMa6yUtVm7v"
    "jEhhNSrzdWGbq8+PJCoID1HVLqmEAz7qAbXdd3o/qp3qgKqRt0wB1pXlI5CT1XdV6VF8eq"
    "xWreXu1k2Gt246eE3rxEc45cjmaS1VxQIY1OnTIqFJlDkIkd51F+ju73qscvMz7BrOzPNg"
    "5mJZiV/bdhhvr2QcE3FHwPpRACCr47h7cnSvJX7tIZNXGASk5FTt2vVJBZlrLjdlHrW59a"
    "xPJWRlF0I0OYaLasdvuoRZS5wIwRffCaUIfhqeugwYIGu2f77XA1WGiXCp3tnyf00Fdgd9"
    "hDEGSD5WYJnau2dRGzbDEYQpmhlN+twNxxgq9LXbtRHnXEMMApPKllwU0qLLhJ3kCecqvA"
    "QL4iDyULc0g/CHyrFMyL366qY0qRfvn58utPIXk20AThvR6F99KnC4cmd4PVJcU0iDcge1"
    "J3nfVbUlWc1Z1bw0NHRQ7ndXWrGBL3+5fBXVDxFDicGso3wQby7Zt8e+Lj/YVPv6lTp0Rh"
    "kn7i7rjKv/tPPjWcBOH63AeduO4usIuWnj4hliE8c9V5V8jkyyV1Vd77ylWZCiqvQG3TUy"
    "xU9juiLhKec0fv1BG0o8xk6W7ka/ZNJegj7qlWN3/wialYYddcyNEIk19XfmEUVPchzhQX"
    "s9ASO7c6OWJ5iH7mUgjXTGfpS2h9AmrJUZn9OEaMI9//pB+jZt7E30fBZ1vghN61IwCc0O"
    "CE7oUTume7M5waNbhUCqVszAsaHpbb1jEHWNedW9dJHaDhBpNhBdsAbIPqg8Mk/J+WK+4U"
    "2ggFVJW2gpWgN2jMUMNmsOV6QtBUaeCIz1Sas5/bPEaJojY0fZSqvkJg7nCP+SWyKsMZrR"
    "yuJCPyR/B2OzSkPvdaXwCdHXR2SH3evba+Jx20fV1pU2pjNjpQKzhQERvIhXe5iwsC6OWW"
    "aEg/pHycydHx2+OzN6fH0XyOrlRN4/yUldu8KXf5opNqShFN8Qzm+NzOILWx/BJN8IwZAM"
    "wsmDNM7UZgxgwAZhZMh983cneE9Nt3duzGlN6MW8NxuNMI9pijH14m9XmD8TJJjctpZxGl"
    "OcHH1DcfU7pVMqOiXQPIDCvIuW9y7okv8Tu2ibhSTrbiboCJ2+PKhoCK0HBjyrVuw6sFQT"
    "N6R9CSM3dhPyKfWRyim6D84EY/LPo/hBkiDyubmioRQKXHo/iDUv7CDsa8ZgdceQfvqSAI"
    "+7deiOCmaven8g2Et1TeSOoKpKalnNhYTssXL8vb+62vhEvm/SfqL/Q3gdZ/fXKVgKMSHJ"
    "W9SC7onYyfU5kVgK+u7KS8sGeq6G6Q9xWDwm2mGPWIoWp32cOJX4Gk2h2ytWt+7+cCV0bp"
    "dE2ygDuuwPcuVsR0g5M06nvfk1wAa87LSe6ooI3maZIFAM03pRWuYTkqibxJ3C3NBbDmtC"
    "9uNwlshOQAZA5I4hrTx+Z6bJINtKnWeiycwTIwy73A89qnM1jOiUPNxajA5xrcGVe5W3FM"
    "02nLrqe4GZ+Lj/GJK3659/COOKJhV8QEywCLJSYnJ3XaPpyclLd9UPfSK33QEKQuwgH5AN"
    "HdTNdJaSsHx0LVTRRIsECKxj61bf/9/wEWhJt7"
)
