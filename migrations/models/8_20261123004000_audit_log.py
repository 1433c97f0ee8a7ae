"""The audit log: visible to its dealer group or OEM (row-level security) and,
on PostgreSQL, impossible to change: a trigger refuses UPDATE and DELETE."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT,
    "oem_id" BIGINT,
    "actor_kind" VARCHAR(8),
    "actor_id" BIGINT,
    "operation" VARCHAR(64) NOT NULL,
    "outcome" VARCHAR(32) NOT NULL,
    "object_type" VARCHAR(32),
    "object_id" VARCHAR(32),
    "details" JSONB NOT NULL,
    "request_id" VARCHAR(36)
);
CREATE INDEX "idx_audit_log_tenant__b864de" ON "audit_log" ("tenant_id");
CREATE INDEX "idx_audit_log_tenant__ec4f75" ON "audit_log" ("tenant_id", "created_at");
CREATE FUNCTION "audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log cannot be changed';
END;
$$;
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION "audit_log_is_append_only"();
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_log" FORCE ROW LEVEL SECURITY;
CREATE POLICY "party_isolation" ON "audit_log"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK (("tenant_id" IS NULL AND "oem_id" IS NULL) OR "tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint OR "oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on');
"""

SQLITE = """
CREATE TABLE "audit_log" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT,
    "oem_id" BIGINT,
    "actor_kind" VARCHAR(8),
    "actor_id" BIGINT,
    "operation" VARCHAR(64) NOT NULL,
    "outcome" VARCHAR(32) NOT NULL,
    "object_type" VARCHAR(32),
    "object_id" VARCHAR(32),
    "details" JSON NOT NULL,
    "request_id" VARCHAR(36)
);
CREATE INDEX "idx_audit_log_tenant__b864de" ON "audit_log" ("tenant_id");
CREATE INDEX "idx_audit_log_tenant__ec4f75" ON "audit_log" ("tenant_id", "created_at");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TRIGGER IF EXISTS "audit_log_append_only" ON "audit_log";
DROP TABLE IF EXISTS "audit_log";
"""


MODELS_STATE = (
    "eJztXWtz2ziy/SsofYlTpfjG8iO5mblT5WS8M5lN4inHs7u16y0GIiEJa5LgEqQfuzP//Q"
    "J8v0XQlETR/SGOTaIh6jQIdB90N/47sZhBTH54SazJO/TfiY0tIn7JXp6iCXac9KK84OG5"
    "GbRjUYM591yse+LSApuciEsG4bpLHY8yWzY8Rzp2kYVvifuCoxXBBmKLBdXJIfrCPISRR2"
    "xse+8Q9ZBBRW907nuEI1O05MhjyCDYJC4/lB9nMF22sJe99+zb9N8+0Ty2JN6KuKL/f/xT"
    "XKa2QR4Ij/90brUFJaaRg4wasoPguuY9OsG193T50fb+FLSVzz3XdGb6lp22dx69FbMTAW"
    "p78uqS2MTFHpGf4Lm+xNP2TTNCPYY4fNi0SfiUGRmDLLBvSq1I6fAB0msTTftyea19vbjW"
    "tElJY7FEBuroks5sqW3xqDwAYCkf4dX/zmbHx29mr4/P3p6evHlz+vb1W9E2eN7yrTd/hA"
    "+TohV2FWD28aePX67lAzExpMJhJi/8EchgD4dSgTJS9HWXSLw07JW18KO441GLVOshL1nQ"
    "hxGJHsa/FLUT66JJPfGFVD/pS7INBYkvaFza5mM0MBqwv/74+eLr9fnnX+XHWZz/2wzwO7"
    "++kHdmwdXHwtWDs5d5ZSWdoL9+vP4ZyT/R3y+/XATwMu4t3eAT03bXf5/IZ8K+xzSb3WvY"
    "yIzh+GqMmmiZ0bqYkcr6/rDCbo2uo/YFLQu0uuh1t6+dhR80k9hLbyX+PJ41aPUv51cffj"
    "6/OjieFTT1JbozC279kYM2+F8B2rh9P9Du+pXJgTt7/boFuqJVLbzBvTy+cxfbBi8j/MvX"
    "yy/VCKcSxUmK6h76HZlicdsU1pPvF76tSxjR3KemR21+KD/vh8mGNNAAuEQoNz/FOB98Pv"
    "9bUQUfPl2+L048soP3Qh1yKV/cZpYTeWGO9dt77Bpa6Q6bsbq25VvWzCpewTZeBvDKbyy/"
    "X2Rk/RjYHz+5zHeqbLDs7UZbLLRjtGXSsoVRFsqgQEbMXysSWUuH6OKOuI/ow9Vn5LJ7aW"
    "K5VBhN1BP/DIQ5+hY21Kjxrcom669jMMnAJAOTDEwyMMnAJNusSUa5JpZLelcB8nvGTILt"
    "mmUjK1cAey4EN4V2PLa3a369v7z8lJuL3n8sLA1ffvv8/uLq4CjAXjSiXm7FSAHnxBOW5F"
    "LJCs7KDMMOlh8LdvDT7eCvHnNJlQUc3mi0fXnSZK3Re2mTmPJbUQcdnHxFgfRLxBYI5wzX"
    "smGrKlxhvP5jkhi4soX4KVApXAwWxX+CmQtmLpi5wzRzc69r+1cvJ7b+DdwHHW/xJRyKl7"
    "FryMHP2Gs/wyVL+VAKCKcSI8T4qBXGRw0YH5Ux1qn3qDRBRO0B33b4SovkP8xWmieyMtvD"
    "eXLOKf6frytsL1eYbspPy0N+dtIC8bOTWsDlLdguGpibnFUHc4gtnkdbMd9V0kpJcBjK2X"
    "sOA3i8LfN4AyGNfuMBq1LijILr0ybKSNzR/LhVi61Sh7hcvDL3K4ZMtuSI2ofoPTGZvQyi"
    "yLCHLDEuEUsYopAGQswNrl1efP6uRCf10uuN7ZjYWzDXQmJ2EYOTuRzNgz5kFzahknqCvd"
    "Th+7dAMgHJlF3IiIWpqWJhJwKj202dnbYxqUWrekf8tGRUA9GxWaLDWSl6iIlAJ4Sj0TlM"
    "gPun6RzM+T0TBtQK85USykXBMY7n09NW88Vpw3xxCgECtWhvJ0AgG9KovNdSIdxpx2X9tD"
    "JWezTDdxBLGf9UBmDvCLuJuacJv5DaHSz/knAPxv/Altg9sfVjTErG/kBIlCuxdp1zTpe2"
    "RWxvUkGnFFpMm4gVV7TVcL7xWn5F8jXo1Q9ICsv/DSZcGRsdfAsjyL+nxg/fpuhbEGyT/C"
    "VmmOT3mAP59rIctdN355VRPZJLiuY7+TnhQ8jPgUCeIU2uwLEAx5JdYjOvbfsXLyO0qSCe"
    "sb5/mTCIaJZsHQQRtR+ht9o/ORAtPQrwphIjBLj/DXlwTQcyjQzSNX0GIZhLF9vS6Jk/Ks"
    "NfEgUtqGhhIF7jue+t/nNF7igPkSo5jfkG08bNeNlUc7NtWyVyyBTi+xXjBOnMF2PKRRa7"
    "IxwxG5EgzzgYanK3XPTNbkUvnEV3zn/9WHIUn97lje24TCecI5t5VPyCsG2IliaT1WZkln"
    "PghKbuMdSdGfz7NgWnEZzGQgR3OlG1f/OyUtvL/Xi99+/fUNY7h/6ZPFYudOGd5hXOodpt"
    "1KhFtJncmiUG4kRMEx5aiNUG2zLaS647QgNELEJBBKduUiKrasj3LCiz4bhkQR8Q5Yiv2L"
    "1dWuL66/rGxgu5PAYTmRCAhWzoLxIsZLCQ5RcyiIDacARUMGWqIJxKjC6G7+isTR5S8W3I"
    "pCGdFeEVC6py9FNWZnQQA885sgV74Dzn+GGHXSrYpdrf2ZvrTPZRArihvlIiMYzMxFGljc"
    "auUoc9k5Io7Jk8KarS552c3aIsxFQOLaYyl0D14FDRXQc95yVBy0PWcrgP1+VtzkuCloem"
    "5YEw/1dkIb7I6lqMlcqN7tz9aWNsdNhS85Km7fcCIlkUyB6iK+bJcZjuS4tV6TvRyOdiRC"
    "CM3Oh+8lHV2wBP6fXGDl+gcGP7fiV3thfYouYjOsCyMKKwbMOWctPAW4n/75nrrUzCeW0k"
    "NWwXDMdmgu0C2C6AYOkh+CzBLKrMdeelgO1ey5eEq5cKxKnEpgipMZWwH5BDNrRlY0+WCf"
    "DInrWWB+KRfZJpzdcr4Y14wfcuuWT5BtMmnyxMkfaybdc6ZR+EVonuy5oOogk1hUcUdMNl"
    "QS9EXsk6PEhA6cpI4INbgaAtw6ts5gXhwsLXKXlkT+/yxo6/BDIYCSKQZYwywabwzai+Ql"
    "gPQpo5Ig+Ue+CB7YEFCB4YeGBQEmx7JcHkzOu7VVumtdNaVmQ0Yd2zo5M3J2+Pz06SOS25"
    "0jSV1Wy2RRB13W/Li4NRODSjMKdvpkv7XZgZVfPUGmUXZEHTQ9P0QMz/vxBhz5rks/xrUm"
    "H95+43Gv93YUvNSpq2yjvkJBxhKJCbInK4PERBxXX0s48fKBY2OQkONj33XaGeadgQvQj/"
    "RLPD19fok//gu48vqk+Z6v0TKovWBB3KuwGAUKgGLH+w/Adq+SevalvLPxGASMk2kZLBZK"
    "qCbyoBALcAGFKN0kSY2ds2mTCzt/WpMPJeHt9g+dd04TApjeKC2BjR7j3tCOoAP58DRj74"
    "3GNW9SEjyb1GF0PPtmoR7hW3R9jVV3I34ODGP53j2Y1/Njt+I36+PTuWP0/evjxE1yuCbO"
    "Za2KScGCgooC6DrcLxEWwdhGdOlr2MjX5Sx4NvwwLw5evRAwrjqOSkFFoGRTyj39m9HYae"
    "/BM8GfBk9mwNG68nA2fn7jSULDtDtkc/KwXgdwY/s5ApGOl5qRHa6CdtHKKTen/opOQOJW"
    "u/0ijPSkGCXddBDq7+Zg/f3fK5SsNGeNaubEtD1ZYivPdEX1VZpPX4phLjO7iqfyZQoGGE"
    "7nBbfFOJ8eHbZuWrX/hK696cut7KwBUx7NKhqtkpyMg0uVL7B3UDttIT2uWh8QNDatMvPd"
    "N13wnqBKognJcCnNfjTG2dWUSbK24WFsTGh3T/uwA73HB5ZkjPfWNJPM2qKhVU68rlhUbk"
    "zPUWmhkjhCsKFK6FFVfVKARYpbPluw7jav5ZKjK++aD/LMIF032uOSz4vBLM9bWtinJQ4S"
    "q3Y9BHhSvy4BBdbsyIIS18YrXXoFJ4fC9E/wuk/Dhiy1nZvRXumniSEuqNgQmV8lsMUEiu"
    "7FWEQpUGuBjcRHyYjW1dNTyktg/QRGdNiAnWd5+si1wvoA0FbVjEXYoJXXwoU96MKcuOyN"
    "zc8pbMHTZlOA5V413zUiNcidssxPXrcHEZNumC6I+6WsHgnNAIIW5j/R/VW/9HJes/oE6o"
    "6K5T3FBRGHLMhpZjlpu2iFt9zlLtopGR2F6YytFm14reqAnfMTrG2+UlId5uwG9R8PQDi5"
    "6+xstJQwC1vD1tE0OteVHLFnHUoqksY4mTMGdZx9JiwqZBt4Q4QUHK4LTHg+ByMLhfIszR"
    "ispgt8eqiOle+mwXG90c5pwAAtHNEN0Msy1ENw9QxztxdLMTo5ICCoKgAggw30fwIwOpLf"
    "sQNR9hXGj/IeW3VC2mJm4/QnB7DloUq2u3U3EKgsAPd502UndF1VbNSwKdNhwioGybxrrq"
    "8KaVROFdU3nXBsbHXNwR25s0MDJhg2krToYkbdezMo5DbOMVk0eKR5QIYosMn/IORTuvfC"
    "rJFvEz2AUU/4cJ52E9W17BzfTZc98MzTQyBoCpAaZm3+w+YGqAqQGmZpwqAKZmh+ADnbDB"
    "EHFhhTL1mSUrBf5N14Etzawy7vVh+XH7YYTjy4/d63D8gbian4TdOKnwMIPr08YDWeIWCs"
    "XSXnChwUd5RqWAWjh5CHtIenXBWiXrmp0tTvWwutnLplJoyv304SpmF1TuYc8P8DD8oOJ9"
    "uRhatkhJi+YQKjCUKRIcUHBAwQEdjJ0C3g94/89ZBVAibYdzD/NdnWj6Cts2UTrQqyw5Qk"
    "Jg1upor4aTvUp1UXIHvSgP+ippGPxdBz/U84B6HvsDa6kqgRbXQiv7adUY1/fwnKuthQSL"
    "tnSxoZQwWZQb4fLXc15qShK1NjISiTGi23v9DQHXUmkMJwIjhLd/241yjVoOcz1sV/Bj64"
    "5cyYlC8QaF4g0CPIPKJ5n7Ehpl5AvCgL0C9jZ58LQFM012r/lOB2K4sgMIzx1yeG5BZS7B"
    "XK1cam0H46srMWtVWH3WUFh9Vi6srguT0taFee53Oau6LA2v25Bft25aBu3uh3YX1OVPW0"
    "GrewCtD1nrJn6i0is7AJ0PWeeptnTmV3mIteRnheT29hNfb8pO6pn/NIW6OtiiBbHxWaD9"
    "B60GkNmsilxeg3MsND6UT1vZ+acNdv5p2c6Pxqb4utzrlg5Z18OINlC2HRAiIO1Y0i8jCC"
    "v1kFdqKOfX68oM5fzqod7PqNGKt2hI5fxk7P4553RpWzX544UW03Vx/hrON14b8v/XFUMy"
    "BM1AGMkO0MJlFrpfEXsqfj5OEbYN8QtDBtGpIZodRNngFWH/T+yrj9D/AIPKo9CzcaZiMP"
    "gcIvh3b65ABP/zmYshgn+gL2HGj4tmTyXwM0IAPSRP7CP40k5JLAIlBRQlga/oqoOMTaY2"
    "97Mn4w8vgbyiTkk/kY0eHOx5OroVUXrcQJQel4lSyjVp/1jYo3rFMF8T/5UThegvheiv0C"
    "vuWBOzJAuTvMocMyCupbZMX3pzupZh6aM8n+zoHQqilpGsA8mnKIi/RzINLSiiJ0PPXsVp"
    "C+0q8yl0emNHDeS+C4r2XXjAz0huRlLE4iZzDeIii5riJrNJf7X8Mi4D1PHbuQkAJAyQME"
    "DCDMYOBxIGSJjnCD7U74P6faMc2AFHGBz9qjK881LjC0Q7a5PWeFaf1nhWSmsUJo0yylkZ"
    "wHg9xlsnCQeN70Y4Qij3WYt+A9hjK/f5pyCU/jdnUsFWJfemTWRVEozfjqu6tIk80cETjd"
    "A99VbB0ZtxcTCE58z34rCegxv/rWEsxM+FMRc/5/PXN/7p4vS0Iiaov257Jp5WWPJoIUXR"
    "HC2UawlMFTBVe+ZaAFMFTBUwVeOCHpiqXabWQK3VXaugU6gQxGn1MfjVS6yOu7Zq/+XPsg"
    "6HojVbEB2hObsn5mur/D3pGJOqDPtr8lC3hKQio3iXmtR58bfrZkon0eanyy8/xc2LPE+R"
    "wOTy+RVmr1RifATmRqo+BUFH2pwshLGpAnRRbnxw91yHNAQMLzziquOciAHMa2AOIuo6jO"
    "ei3PiA7r80aYiZ8pAuiAHS65GGgpjPz96Egpg7No0g/2M3+R9hkcnaNbxNhcr6hRwmuZ1P"
    "cgPZtL8m3PvRpXdkUrFrn96cNm3be6KZZiTtWpzZyfUVMXyTGIi5SGeWYxIx7pDsCAUdVR"
    "3Q2U5oeyU5kueBXfZdc72wyw677LDLPpgNF9hlh1325wg+7LLvXAUDOeQRlBEMa/EQ4mt0"
    "WYpLohD+0HlJyPopikZwUXaEZvCemL2t2FI45m/DcS4J7dDFoSzIAic35FdpQYghKbaylu"
    "sjXbIyY9he2Eaky0B40EtZOGZSwYGGN6ZN/GdsNbKkaQsKNBIKK9a8Q2HBJnRw+RK9+gGJ"
    "j6B3xJUXfnw5DfhObOvElOTnwXVFzlIP/W2ROA3XHKBMgTLdN/MCKFOgTIEyHRf0QJkCZf"
    "qcVQCU6YCUIR5iQZe+wKnylKSGjKWi4Bgc0C3ULnFcqlfFVxGdWtisxjqRKZq4odBhJLyH"
    "g74B3x8vPnz8fP7p4Gg2nRWi12LoT8ro4kd5sI9mCZ+SKdVKK0uOkKB822I8v60dzW9LdX"
    "iIcApoldvWNJozUrsZz5s6BrXvwQzsep5db1Py76i+5N9RqeRfVLW8wzZVVnCEvMOe8Ayt"
    "iPWEi+yg56IsbKEMWdMJx9yFSizIgqaHr+kO2TklQfBaWnktEFnzzM8G+ZBo8VeXGb7ufa"
    "I2mVTsX1Y3nDbtZ2ZGiBPKaGYstHZn8ytxKeEIo7QXxMVMzhG1xdWANn0XlFRcUFee5OHL"
    "TcsFkvPLq/Qo2PIWZ58dt9vrbNzEzFTm4cGTlfZGYXsTtjf3y82A7c2iymF7E/bY9h78nV"
    "SeA+iDERyaBgoeUSoxQsqwn+r+AzHBv8rZ6QPzba86cjB3v9HgDuc5PdN0rZn9K3FfBWLC"
    "BhaKFl40RwdpkXJXX9E7Ip7YmhOXVwQMdpDvwWgOEAI7eUBTFdjJYCeDnTwcewHs5N2BH/"
    "yvYKrF7UdoqPV/nFvNOVeNoWU1x1xtcExvKhTh2fHTP1KJyNwX6pEnVVfZx8UmjSaykTbW"
    "zLj1Oiu5Xj2VtiwjVjSJkgdhiNtYbkwtKnJeuIk15ns6C99/+WdYcSs0f9N+shOzS3QibO"
    "qa03uSzBmwhsEa3rOVY7zWcPomt3/vUhkwxTqbYrkJWMEkK8qN0DTr/4TMuYvVzjFOBADe"
    "VgeQLhVj+VOJ8YXDHLUKhzlqCIc5qgiHod6jCsBxe4C3HbxxrpWqh1wSHOGEsRHEHYGSEt"
    "KJwAgRnrUra91Q1boSXs3C/JaoJaUU5ADsFmDvjFIe2kT9nBhlwP7djpL6Afl36Y66oXj8"
    "TVZqfMZh/6x+iJi6h1OUGx/WGzEL9yMDcYJ1LzoMYAs4917jL4RMC84cU4c6lRvfmG4zfd"
    "TPHhWTB16qH082Umh7Py0rs0HVFt+MyPgQ7jnX3mTc65DwVhAbH8z92xgu8XzX7oB1SXB8"
    "aPe/+kWg2cxTmjoKYuNDeiNpnNmYgBLYzdvKBdER7ivvyT5yjEnjRnKYf9hJ0QVRSIQfsp"
    "6D1FNNnngufKAOyq6SB40PWeOZ4C9FXeclYQIfvJo7eFQFsS1yMA6xDamcrRhHPftW99jt"
    "tlbmBGHeHPILNRdumTxcpoOWC6Kg5yHr2XeMjoGzeckRro97Gjhbofbg6QeSefDVxBd3xP"
    "YmVSm58b1pYzquWLRJ0mz9WR6OXGtfMaHIdyh2y6co9tumSBJQ8e/hCjVFOUN/OimMlz76"
    "vLHjeVK2luxM+Fsmk+IQHRTzKqboVrwN4id5fIkoR+G7gji7sbHsxqXEQP9ic2QLhFz5aM"
    "w1OPLuqd5w/nLxU6L9bflRwf/kEbKCh7SRDnkQz2c6b5MHUfP+tn8JazqADInOES6QmrIj"
    "4CGccZfoxyZDWwImbj/CSN3+9/6kHaaCLemeRNGN1NoOm9V/CpA0p8rI/vL18kvNchm1L1"
    "pJVPfQ78gUi+nGIP5+4du6xA/NfWp61OaH8mN/2BT0DVBLfHIGUumMyeJxkgXLR3YwpDMm"
    "iXXFfAHp8soPnrp82GS+xbTJS5WLuRs21ty49Xpn1UaXF59fcBSJvkPSHONowVz0Lcjr+y"
    "brqX6TGVLf0AFzhXtJxSD0PVl5VVycyhKrZX+1l25v7G9hSOi3l2jJkMfQQojqK8qF0xmE"
    "jHLZzCVIx677KD4nqPca9F/nfIJbOZxlHNxKcCuH78OM9e2DhG9I+B5LIgQkfPcO70CM5C"
    "/Mowuq4wiVkomcu99oINvFlj2Xi1pf+tQghu9oVbsbhYaZYstytU9KROkrbNskOHiNy8Pw"
    "5HWwYMGC3bP1drwWLJRLhcr2zxN6qCuwO+xhE2SD6WYZm6u1d5GKbHEzhNqaNH63AnPPAb"
    "4e9UylOOpEYIRDeNbKg5s1eHCzsoM8Z0aFg3xNHmom5rj9KPBtMjAv/nbdvKeU2JefLr/8"
    "FDcvbjTB9t6AtvfypwvHLrfC7JITGsUbUDypu838LVo1nNVdmsNjoqKE87q8VQyB+8OL4K"
    "7IeIoIJ0X9ZsRAv0PT70A43l/Y/EqeOsUrg/Qzd6dN/O6/2FxzMw3Xxz4EgeveCnvI8oMT"
    "Ym2EF5487wrpzLKoJ+PeHU9GKsi4ArlMzzGX0e+Ieoj77h29k0fQTgqDpb+eb+wrGaCPmC"
    "9L3XwXNqbcwZ6+Er0RW3xd8YVRlN2HmC2lbANZ2L0NgiOsQ/QzE0q4sYMofQFt2IAaolfb"
    "fJwim6GQfwoeo2XcxD8m0WcbQELvmggAEhpI6EGQ0ANbneHUqNGFUkhjY1lR8LDet04lwL"
    "vu3bvO2gCKC0xBFHwD8A2aDw4T8H+0HOZW+ggVrRp9BSPTXqOpQAufwRTzCUFzaYEjtpBh"
    "zmFs8xRlktrQ/FGY+hKBpct8O0yRlRHOyHGZ1AwvH8Hbb9cQ+jxoewFsdrDZIfR599b6nl"
    "TQDm2lTZmNxd2BVpsDDXsDpe1d5uGKDfR6TzRuP6Z4nNnRyZuTt8dnJ8l4Tq40DePykBXL"
    "vC5W+aqTamoRzcmM5vjc3iA1sfgSKnimAgBmEcwFpqYSmKkAgFkE02X3SnRH3H77ZMduXO"
    "nN0Bquy1wl2FOJYbBM8vNGwzIJi8vt5hHlJYFjGhrHlC+VbFPerQBkQRT0PDQ9D4RL/IpN"
    "wq8lyVZdDTBze9pYEFA21Ly05Vra8HpF0ILeEWQx21uZjygU5ofoW5R+8C14WPR/CNuIPD"
    "gm1WUggAyPR+kH5fjCHvq8sQ+YZAfvKScIh7de8OimLPcn4w24b0k2knocyWEpBjYWw/LF"
    "y/ryfusz4bJx/5n8i+CbQOm/IVElQFQCUTmI4ILB6fg5pVkB+PLKTtILB2aK7gb50DCoXG"
    "aqUU8EmlaXPRz4DUjK1aGYuxbWfq6gMmqHa1YE6LgK7p07RPeikzTas+9ZKYC1xHKSO8qp"
    "0jjNigCg5aK03NMMVwaRq+y75aUA1pL1xUyVjY24OQBZApJ42vxR3Y7NioE11dmOhTNYRu"
    "a5VzCvQzqD5YrICMsrv7KCV3pz2kS6ukEzzfXbFe+anKNQQiZcOUHgZJRslYZOfheQmgJh"
    "MYQk2xmkZGGOMAo+tSpEs5c+25GmpYyrXIso0028i+GECClYwJLCXLuNuRZY0oG+hFAQaS"
    "sFkRzsYkspOiaVGEZ0zKhysKDw2u7mmaIRpqSCCmGY8iGQf7BF2uL0MjXiOxEBEqw8e0gn"
    "UWUhTSWetJAObO7eSXhvGfb6YniJwBjKxTd5WZsohoc9j1iO0t5OVgSmjVJ+BQTKdhrcA6"
    "IQhh4o+xeyouE3LrG18a1pE1d7l2m09VMW7qi9jjzVfeH/WGFcDhCnQJzum4cFxCkQpxBe"
    "Ojbws6uSEv4FQVBBZxVI26EEfT2FFDUfg1tYqAHRBGVSA+JNfQ2IN0X2KDIJtcBaVB7hVd"
    "JAW3ePppYoqhYqzEuNcKtsI2XRHd/VV5gTLQ44bxvBXhJ81pHsjkv1KviITi1s1rHPkUwR"
    "uVDoMBLev1mjCbqLDx8/n38SI3Ea7ukK2556JDuAT0qHgzj40ZJl2i3hZzOljfOy5PjWwr"
    "63UeL3usPBQlWyo5yI+65AxVyjg12dlQJrQ8XaGAiP+ZW4d2INuCK6UOWkKuU/12DamPQf"
    "NtXctO2mqc1mEjO2iaOM+ujxAmsAOE3gNPdtBQBOEzhN4DTHBj5wmjtXQd5OUOfcQAFPVA"
    "BEo2/Qs8vZvZVGVV0qaV7uWbNrFjWJ8KC0W6sMYe38kBca0/zQW6iWLKZB7Apjvz7WMCMy"
    "ivd/2+GGOuNVzlUTTxyLPJkm3iPsW/PEA2FyPtrcd7Gtk1+ZSfXHSQWXU2wybWJzaNxYc9"
    "LWu+VzyIND3UcgcHZvugGBAwQOEDiD8Z+AwAEC5zmrAAicHSsgMBZJRcpYPYeTERmFG1eg"
    "cV6/bsPjvH5dT+S8LkWhBIc1qPM4OalnzeJkHQgFBAtizxpCxyUW9StYsDWBZokUcAgVHE"
    "I+6dkm96RqJWPMJNiuRjgjVUB4LsQ2BWtyZbu4vr+8/JTzjN5/LBJfv31+fyEm2ALqFaaz"
    "WKCE0ymPh9VqV7FG5Gt6AC2s0cJAeLMPzHJM+XUnFYxZenPaxJXpuWa7JcmyXl2mgIdLmU"
    "u9R+DNgDfbtwUWeLOiyoE3A95s78EH3mz3KlBPsBh5XsVZG9amuGBkSJuzcvTNHQkMLwWM"
    "szIjBLnndCF2b3fJXMlIQeZK9wV0L2oKMofYk+1MIL2H72Ufq4RzfZRUQWwU08i2I6WEnS"
    "/wVEU+LzWGbM9t456QFSXUG+popiLbMwiPNjuZ91lHk5l3ndiFgigUxBtaQbycPW8y3o1D"
    "ygqCjoesY4EANjtShUVZ0PTQND2QTZGvvntHKmOIozvTxkTwtM1w9kIyNDnsgcAeyJ65Pr"
    "AHUlQ57IHAHsjegw97IDtXAeQeb4qYl58lnrbL5F4SBYq+6/h2XGb4uqdxXczYSoxaQW5M"
    "c0xvzBr2POr5BlGGtywI+Fbhu/DEIsexSbg6xFWygHJlFr5lKWfhJyKwxdFui2Mg3M4VsS"
    "TI7jXmt5MKhid3f9p84HTYUvPipq3OnA6F5MHQGKUL/QuOZDfBCV3fBUdG35JH8Y84HFEP"
    "eQwxmyBHCJI7MfCqj57ur+uOR6sYxPAdTXS/jpryeWK8p1vihg/lCQdgPAFDBQwVMFSD8W"
    "CAodoh+Jl1qj32GSGAHsjB/VUBkIMJOThrk9A+q89nn5USXRNrt9KUqglr9KEgYWiTUM9U"
    "OpwmERjl2Gw3OJtGZ3l4Jq6cAso5oREivZETgCCKfLMbMXXHqDfGMEcSQO6pxy8bzCYdKI"
    "KMGATmQWBeJXl77hvUu7A9tzI4L3N32kTcYtlOM9myFWmrFKPXzHpCEN5AXBygOIHiHATF"
    "uX6ZGusrmMlgJZZ6/moiA6ExXXEXix5zNVWOJy81Bvt4o85HCJfq8M5KwQDvPLE4EqLK/N"
    "X68Z0TGiGFcXbSYoCfndSOcHmrALPv6UztqOiMyAghPm6TBX9cnwV/XD6edP4vonshSCow"
    "58XGN1lvDOmqCXstzpXzNaBcgbJBPEzNCs7zl6+XX+qo5USk6FtR3UO/B+FNGyM/v1/4ti"
    "5RRHOfmh61+aH82B82RYg2AC4haubsivTcNO8vyQ7KtR4EGFx13OelRjjw29RDOq6vh3R8"
    "NqATcs6JS/XVpIo3C+9MGzmztM0mCTMlVuy5UGJPDHSuJ7vuiMsVzeOMyAgtt9npaZud1N"
    "PT+p1Uea/gAoqXSgHhqPkI0d3IqQC1R+jVmxL1R+htwZTYzSZTb0bDThezP/4fW15Vzw=="
)
