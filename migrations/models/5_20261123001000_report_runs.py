"""Report runs computed in the background (tenant table with forced RLS on
PostgreSQL)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "report_run" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "params" JSONB NOT NULL,
    "store_id" BIGINT,
    "requested_by_id" BIGINT NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "progress" INT NOT NULL,
    "result" JSONB,
    "error" TEXT,
    "attempts" INT NOT NULL,
    "finished_at" TIMESTAMPTZ,
    PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "fk_report_run_tenant" FOREIGN KEY ("tenant_id") REFERENCES "dealer_group" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_report_run_tenant__11683e" ON "report_run" ("tenant_id", "requested_by_id");
ALTER TABLE "report_run" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "report_run" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "report_run"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::bigint
           OR current_setting('app.system_scope', true) = 'on');
"""

SQLITE = """
CREATE TABLE "report_run" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "params" JSON NOT NULL,
    "store_id" BIGINT,
    "requested_by_id" BIGINT NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "progress" INT NOT NULL,
    "result" JSON,
    "error" TEXT,
    "attempts" INT NOT NULL,
    "finished_at" TIMESTAMP,
    CONSTRAINT "uid_report_run_tenant__9533ab" UNIQUE ("tenant_id", "id")
) /* A report computed in the background; its result is kept as a table. */;
CREATE INDEX "idx_report_run_tenant__11683e" ON "report_run" ("tenant_id", "requested_by_id");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "report_run";
"""


MODELS_STATE = (
    "eJztXetz27i1/1cw+hJnRvGNFdvxze7dGefR3bRJvOO47U7rDg2RkISaAlSC9KPt/u8XAN"
    "9PkTQlUfT5EMcmz4Go3wGB88Z/RktuEVscXpDl6B36z4jhJZG/JC+P0QivVvFFdcHFU1vT"
    "8YBgKlwHm668NMO2IPKSRYTp0JVLOVOE58jEDlriW+K8EGhBsIX4bEZNcoi+cRdh5BKGmf"
    "sOURdZVI5Gp55LBLIlpUAuRxbBNnHEofo4i5uKgs07H9lj9F8eMVw+J+6COHL8v/9DXqbM"
    "Ig9EhH+ubo0ZJbaVgoxaagB93XAfV/raezr/zNw/aFr13FPD5La3ZDH96tFdcBYxUOaqq3"
    "PCiINdoj7BdTyFJ/NsO0A9hNh/2JjEf8oEj0Vm2LOVVBS3/wDxtZFhfLu4Mr5/ujKMUU5i"
    "IUcC6uCSyZmStnxUoQGYq0d49b+TyZs3byev35yenRy/fXty9vpM0urnzd96+7v/MDFa/l"
    "Aas88/f/52pR6IyynlTzN14XfNg13sc2lhxOibDlF4GdjNS+GjvOPSJSmWQ5ozIw8rYD0M"
    "f8lKJ5RFlXjCC7F84pdkGwKSX9C6YPZjMDEqsL/6/PXT96vzr7+qj1sK8S9b43d+9Undme"
    "irj5mrB6cv08KKBkF//Xz1C1J/or9dfPuk4eXCnTv6E2O6q7+N1DNhz+UG4/cGthJzOLwa"
    "oiYpE1KXK1Je3h8W2CmRdUCfkbJEq41cd/vaLfGDYRM2dxfyzzeTCqn+5fzywy/nlwdvJh"
    "lJfQvuTPSt31PQ6v8bQBvSdwPtrl+ZFLiT169roCupSuHV99L4Th3MLJFH+I/fL74VIxxz"
    "ZBcparrov8iWm9umsB79OPOYqWBEU4/aLmXiUH3eT6MNSaACcIVQan0KcT74ev5bVgQfvl"
    "y8zy48aoD3UhxqK5/dJrYTdWGKzdt77FhG7g6f8DLa/K3lZJm9ghmea3jVN1bfL1CyPmr9"
    "42eHe6siHSx5u1IX8/UYYx5R1lDKfB6keeT6tSCBtnSIPt0R5xF9uPyKHH6vVCyHSqWJuv"
    "KfhbBANz6hQa2bIp2su4FBJQOVDFQyUMlAJQOVbLMqGRWG3C7pXQHI7zm3CWYl20aSLwP2"
    "VDJuCu1wbm9X/Xp/cfEltRa9/5zZGr79+ev7T5cHRxp7SUTd1I4RAy6IKzXJeSMtOMnTDz"
    "1YfSzowU/Xg7+73CFFGrB/o1L3FRHJWqX3gpHQ5begK3Rw/B1p7peIzxBOKa55xbYpc4Hy"
    "+vdRpOAqCvlTopK5qDfFf4CaC2ouqLn9VHNTr2v9Vy/Ftv4N3AcZb/El7IuVsWvIwc7Yaz"
    "vDIXP1UA0QjjkGiPFRLYyPKjA+ymNsUvex0QIR0AO+9fBVGsm/OWu0TiR5tofz6FxQ/D/f"
    "F5jNF5huyk5LQ356XAPx0+NSwNUtCBf1zExOioOvCJPPYyy45zSSSo6xH8LZex8G+PG27M"
    "fridPoz0J7VXI+I319XOUykncML6SqESpdEUfIV+Z+wZHN5wJRdojeE5uzuc4iwy5aynmJ"
    "eOQh8t1AiDv62sWnrz/k3EmdjHrNVjZ2Z9xZIrm6yMnJHYGmegw1BCNUuZ4gltp/+xacTO"
    "BkSm5kZImp3UTDjhgGF02dnNRRqSVVuSF+klOqwdGxWUfHatHQQowYWiEczM5+Aty9m26F"
    "hbjnUoFaYLFohHKWcYjz+eSk1npxUrFenECCQCna20kQSKY0No61FDC3irisX1aGqo8m/B"
    "1k2Rj/mAdgbwm7jYVrSLuQshaaf465A+W/Z1vsnuj6ISY5Zb8nTpRLuXedC0HnbEmYOypw"
    "p2QoxlWOFUfSGjhNvNa/ovw16NVPSDGr/y0uTRmGDm78DPIfqfXTzRjd6GSb6C+5wkS/hz"
    "6Qm5f5rJ2uBy/M6lG+pGC9U5/jP4T6HEjk6dPiCj4W8LEkt9jEa1v/xUswbSqJZ6jvXyIN"
    "IlglaydBBPQDtFa7dw4EW08DeGOOAQLcfUAeTNOeLCO9NE2fQQrm3MFMKT3Tx8bw51hBCk"
    "2k0BOr8dxzF/++JHdU+EjljMY0wbgyGK9IDSdJW6uQQ5UQ3y+4IMjknpxTDlryOyIQZ4jo"
    "OmM91VS0XI7Nb+Uoggd3zn/9nDMUnz7kNVs53CRCIMZdKn9BmFmS0uaq24yqctZGaGweQ9"
    "+Z3r9vYzAawWjMZHDHC1X9Ny/Jtb3aj9d7//71Zb9b0T+Rx8KNzr9TvcOtqHEbENXINlOh"
    "WWIhQeQy4aKZ3G0wU9leat+REiByE9IZnKZNieqqod4z3WZj5ZAZfUBUILHg9yy3xXU39D"
    "XDM7U96oVMMsBG1vcXCTYy2MjSGxlkQG04A0ovmU0QjjkGl8N3dFqnDin7NiTKkE6z8MoN"
    "tXH2U5JncBCDn3NgG3bP/ZzDhx2iVBCl2t/VW5hcjZEDuKK/UsTRj8rEQZWNhqZSi5hJjh"
    "ViJk/KqvREK2M3yws5lX3LqUwVUD2sqByuhZzTnCDlPkvZj8O1eZvTnCDlvkm5J57/SzKT"
    "X2RxJedKYaA7dX9cmRvtUxpuRFo/FhDwIs17iC65q+ZhHJeWu9IPksgTckYgjJzgfvRRxW"
    "GAp4x6zfwXyA9s3y9UZHuGl9R+RAdYNUaUmq1PqYIG7kL+f88dd2ETIUozqSFc0B+dCcIF"
    "EC6AZOk+2Cx6FW3s605zgbd7rb/E372aQBxzbMohNaQW9j0yyPq2bezJNgEW2bOWck8ssi"
    "+qrPlqIa0RV3/vnEmWJhhX2WR+ibSbpF1rlH2QUiWmp3o6SBJqS4tIDyNUQy9EXqk+PEhC"
    "6ahM4INbiSBT6VWMuzpdWNo6OYvs6UNes/BLIIsTnYGscpQJtqVtRs0FwqZOaRaIPFDhgg"
    "W2BxogWGBggUFLsO21BFMrr+cUhUxLl7Uky2DSuidHx2+Pz96cHkdrWnSlaikrCbYFELWN"
    "t6XZQSnsm1KYkjc3lf4u1YyidWqNsDO8IOm+Sbon6v9fiNRnbfJV/TUq0P5T9yuV/zuf0l"
    "hGpLXqDgXxZxjSfGNEDueHSHdcR794+IFiqZMTfbDpuedI8Yx9QvTC/xNNDl9foS/eg+c8"
    "vig+ZarzTyhsWqMHVHc1gNCoBjR/0Px7qvlHr2pdzT9igEzJOpmSejFtgm/MAQDXABhKje"
    "JCmMlZnUqYyVl5KYy6l8ZXb/+GKQ2mRrM4wzZEtDsvO4I+wM/ngJEPnnD5sviQkehepYlh"
    "JqlqpHuF9Ag75kJFAw6uvZMpnlx7p5M3b+XPs9M36ufx2ctDdLUgiHFniW0qiIV0A3WVbO"
    "XPDx068M+czFsZG/2klgff+g3g89eDB5TKUc5IyVDqJp7B7/ye+akn/wBLBiyZPdvDhmvJ"
    "wNm5O00lS66Q9dFPcgH4rcFPbGQNlPQ01wB19OM6BtFxuT10nDOHor2/0SxPckGBXdtJDq"
    "b+Zg/f3fK5Sv1GeFKvbUtF15YsvPfEXBRppOX4xhzDO7iqe0+gRMPyzeG6+MYcw8O3zs5X"
    "vvHl9r0pddyFhQty2JVBVRIpSPBUmVL7B3UFtsoS2uWh8T1DatMvPTdNb6X7BDZBOM0FOK"
    "/HmTKTL4kxbRgszLAND+nuowA7DLg8M6SnnjUnrrEsahVUasqlmQZkzHWWmhkihAsaFK6F"
    "FRf1KARYlbHlOSsumtlnMcvw1oPuqwhn3PSEseL683Iwl/e2yvJBh6tUxKCLDlfkYUVMFZ"
    "iRU1raxM1eg0Lm4b0Q3W+Q6uMIU6uycyvNNfkkOdQrExMK+beYoBBd2asMhSIJCDm5ifww"
    "hpnZND2kdAyQRGtJyAXWc54si9QoII0G0lgSZy4XdPmhvHEwJs87IHVzyyGZO+IUH1hSin"
    "6CY3vx3qM90fG9ldUycSXNCYkrfUlcKSh50k/fszTEKzwfVWQiqtvjOsmIhhtQ1khIlKSq"
    "HxyO8gVVQ7glv8M2uiVkpTu76WPTDvRlPblfIizQgqqskcei1MNOxqyXZFidLxgBAmmCkC"
    "YIqy2kCfZQxjvRGJMLYyMBZBhBBJCpuY/gBwpSXd9lQD7ABKvuczNvabPgdEg/QHA7zv6R"
    "u2u74yUyjOBoabtsxOZKU101zQm9T/rjCMjrpqGsWrxpOVZ415q8az3zx3y6I8wdVXhkfI"
    "JxLZ8MiWjXe2VWK8KsV1ydzRu4RBCfJfwp71AQwhBj5WyRP7U7Xf7vV276jSFFgW+my5G7"
    "9tCMA2UAPDXgqdk3vQ88NeCpAU/NMEUAnpodgg/uhA3mWkotlDdfWZJcYN+0ndhKzcrjXp"
    "7fGtL3I69Vfexe57X2xNT8IvXGUdERB+r6uPJkg5CiQdehF0JK8FEd9iahlkYewi5SVp3e"
    "q1SDoNPZiem3CXpZ1VOo8ThdmIrJDVW42PU0HpanW0fnuwolq/1rkEOqQF+WSDBAwQAFA7"
    "Q3egpYP2D9P2cRQK+hHa493HNMYpgLzBhpdDJOnnOADoFJrTNyKo7IyTUYSJ2Y0HjSF3HD"
    "5G87+aEwHgrj9wfWXHmvETYVyttpNQuEoxGec9si38FizB1sNSq3zvINcPs7qlNpXV5onT"
    "skInIS1VYyIo4hott5IbuEa95oDkcMA4S3e92NCoMuV9xxMSvwj607uyDFClXQDaqgJXgW"
    "VU8y9RQ0jZHPMAP2DbBn5ME1Zty2+b3hrVo4hgsHgPTcPqfnZkTmECya9R0sHWB43WgmtT"
    "oUTyo6FE/yHYpNqVIyU6rnXptDX/Pc8Lr1+XVrJ2WQ7n5Id0Yd8bQdtHgEkHqfpe4fvP0E"
    "oRcOADLvs8xjaZncK7IQS52fBZzbiye+3pSe1LH/05biaqGLZtiGp4F2n7SqIWO8yLm8Bu"
    "eQaXgon9TS808q9PyTvJ4fzE35dYXbrhyybIQBBVC2nRAiIW2XAZdkhJ26zzs1tPPrdGeG"
    "dn7lUO9n1mjBW9Sndn4qd/9cCDpny5L68QzFeF2ev4HTxGtT/v+64EiloFkIIzUAmjl8ie"
    "4XhI3lz8cxwsySv3BkEZNakuwgqAYvSPt/4lhdpP5rDArPFE7mmcrJ4AnI4N+9ugIZ/M9n"
    "LYYM/p6+hAk7Llg9G4GfYALooXhiH8FXekqkETQSQJYT/BVtZZDQyZqt/fzJ+MNLoK40d0"
    "k/0RvdO9jT7uhajtI3FY7SN3lHKRWG0n+W2KVmwTRfk/+VYoXsrwbZX75V3LInZo4XFvkm"
    "a0yPfC2lbfrim+O1HpYu2vOpgd4hnbWMVB9IMUY6/x6pMjTdRE+lnr0KyxbqdeZrMOg1Cw"
    "hU3AUFcReh/TPKN6NcxPImdyzioCW15U3OSHe9/BImA/Tx27kKAE4YcMKAE6Y3ejg4YcAJ"
    "8xzBh/590L9vkBNb+wjvsO01ykNLcw0vEe20TlnjaXlZ42murFGqNI1RTvIAxusx3rqTsN"
    "f4bsRHCO0+S9GvAHto7T7/oFPp/7waFXironvjKmdVlIxfz1d1wYg60cGVROieugt99GbY"
    "HAzhKffcMK3n4No7s6yZ/DmzpvLndPr62juZnZwU5AR1N2zHjqcFVn4030VRnS2UogRPFX"
    "iq9sy0AE8VeKrAUzUs6MFTtcvSGui1umsRtEoVgjytLiZ/8xarw+6t2n37s6TB0VCbzbAO"
    "UJ3dE/W1Vv2eMoxJUYX9FXko20JilkG8S1Xi/PTbVbVLJ5Lml4tvP4fkWT9P1oEp1PM3WL"
    "1ijuE5MDfS9UknHRlTMpPKZhOgs3zDg7vjPqQ+YHjmEqc5zhEbwLwGZp1R12I+Z/mGB3T3"
    "rUl9zBpP6QwbIL0eaWiI+fz0TWiIuWPVCOo/tlf/0ZNA7hUR7keH3pFRQSQ3vjmuCuW6ks"
    "ywIroa5zgKc0EszyYW4g4y+XJlEzknkBoI6YGKDm2sx7S9Ng3R80Dkddf+P4i8QuQVIq+9"
    "ccJD5BUir88RfIi87lwEPTn4D4Qx8qNBKjjRZivOsUJIvPWWkLRTGirBWd4BqsF7ovbW8q"
    "DB0W8bzn2I3A5tDMoMLzij+/wqzQixlIstL+Xy7IckzxBcztvIfuiJH/RCNRMZFfhA/Rvj"
    "Kv9nqDXyiLSGCzRg8ruYvEN+Ex90cPESvfoJyY+gd8RRFz6+HGt/J2YmsZXz8+CqoI6lg/"
    "G26Dj19xxwmYLLdN/UC3CZgssUXKbDgh5cpuAyfc4iAJdpj4QhH2JG557EqfDknIoqlizj"
    "EAzQLfSzWDnULMib/UhMusR2MdYRT1bF9ZkOA+Y9nPQV+H789OHz1/MvB0eT8SST0RRCf5"
    "xHFz+qw16MpbQpeaP+WXnOATooz2rM57PS2XyW681CpFFAi8y2qtmc4NrNfN7U0ZhdT2bw"
    "rqe963XawB2Vt4E7yrWBCzpZtwhTJRkH6HfYEz9DLcd65Itscxp7hhdCKH2WdORjbuNKzP"
    "CCpPsv6RYVGzlGsFpqWS2QWfPMz4v4EEnxV4dbnul+oYyMCuKXxYTjqnhmYoasfB7DDpnW"
    "Rja/E4cSgTCKR0FCruQCUSavarfpO91mb0YddbqDp4KWM6TWl1fx8aD5EGeXA9eLdVYGMR"
    "PdWoR+slxsFMKbEN7cLzMDwptZkUN4E2Jsew/+TrqRAfR6BvuqQQOLKOYYoMuwm47vPVHB"
    "v6vV6QP3mFucOZi6X6lw++ucmSBdq2b/SpxXmk3qwFLQ0ooW6CBuXO2YC3pH5BMvp8QRBQ"
    "mDLfg7UJo1QqAn92ipAj0Z9GTQk/ujL4CevDvw9f8NVLWQfoCKWvdHfJWcfVSZWlZy9NEG"
    "5/SmUhGenX/6I1WITD0pHnV6cZF+nCWpVJGtmNiwQ+p1WnK5eAp1WU6WwSJKHqQizrAKTM"
    "0Kal6EjQ3uuSb333/1pyVHC49qicdJLswOMYnUqUtOdIkqZ0AbBm14z3aO4WrD8Ztc/72L"
    "eUAVa62KpRbgBipZlm+Aqln3pyZOHdzsbNuIAeCtdSjlvGEuf8wxvHSYo1rpMEcV6TBHBe"
    "kw1H1sAnBID/DWgzestWpqIecYB7hgbATxlUSpEdIRwwARntRrdVzR6bgQXmOJxS1pVpSS"
    "4QOwa4C9M5dy3xbq5+RRBuzf7aioH5B/F0fUrYZHoiS5hqccdu/V9xFrbuFk+YaH9UbUwv"
    "2oQBxh0w0OA9gCzp33+PMhM/Q5VM2hjvmGN6frLB/lq0fB4oHnzY+sGii0nZ+glAhQ1cU3"
    "wTI8hDuutbe5cFsUvGXYhgdz9zqGQ1zPYS2wzjEOD+3ud78ANMbdRktHhm14SG+kjDOZE5"
    "ADuzqsnGEdYFx5T+LIISaVgWS//rCVoDOsUAjfZznr0lNDnYItbaAWwi7iB4n3WeKJ5K+G"
    "sk5zwgLeezG3sKgybFv0wawIs5RwtqIcdWxb3WOn3V6ZYoR1s88v1FSaZepwmRZSzrCCnP"
    "ssZ29ltUycTXMOcH/c08TZArHrp+9J5cF3G3+6I8wdFZXkhvfGleW4ctMmEdn6szxWaq99"
    "xaUg36HQLB+j0G4bI+WACn/3d6gxSin641FmvnQx5jUL10lFrbwz/m+JSopDdJCtqxijW/"
    "k2yJ/k8SWiAvnvChL8mmE1jEOJhf7Jp4hJhBz1aNyxBHLvqVlx/nL2U4L4tvoo/T95hKrg"
    "PgXSoQ7i+SzndeogSt7f+i9hyQBQIdE6wwVKU3YEPKQz7hL9UGWo64AJ6QeYqdt97E/pYU"
    "2wJe2LKNo5tbbjzeq+BEipU3lk//j94lvJdhnQZ7Ukarrov8iWm+nGIP5x5jFT4YemHrVd"
    "ysSh+tifNgV9BdQKn5SClDtjMnucZEbzUQP06YxJsrzknoR0funpp84fNpmmGFdZqWozd3"
    "xiwwmp1xurDF18+vpCoID1HVLqmEAz7qAbXdd3o/qp3qgKqRt0wB1pXlI5CT1XdV6VF8eq"
    "xWreXu1k2Gt246eE3rxEc45cjmaS1VxQIY1OnTIqFJlDkIkd51F+ju73qscvMz7BrOzPNg"
    "5mJZiV/bdhhvr2QcE3FHwPpRACCr47h7cnSvI37tIZNXGASk5FTt2vVJBZlrLjdlHrW59a"
    "xPJWRlF0I0OYaLasdvuoRZS5wIwRffCaUIfhqeugwYIGu2f77XA1WGiXCp3tnyf00Fdgd9"
    "hDEGSD5WYJnau2dRGzbDEYQpmhlN+twNxxgq9LXbtRHnXEMMApPKllwU0qLLhJ3kCecqvA"
    "QL4iDyULc0g/CHyrFMxPv11Vx5Qi/fLLxbefQ/JsoAnCez0K76VPFw5N7garS4ppEG9A9q"
    "TuOuu3pKo4qzu3hoeOihzO6+pWMSTu9y+Du6DiKXA4NZRvgg3k2zf59sTH+0c+vVSnTonC"
    "JP3E3XGVf/effGo4CcL1uQ86cd1dYBctPX1CLEN45qrzrpDJl0vqqrz3lasyFVRegdqmp1"
    "io7HdEXSQ8547eqSNoR5nJ0t3I1+xSJegj7qlWNz/4xFSssGsu5GiEya8rvzAKqvsQZ4qL"
    "WWiJnVudHLE8RL9wKYRrprP0JbQ+AbXkqMx+HCPGke9/0o9RM2/i76Pgsy1wQu/aEQBOaH"
    "BC98IJ3bPdGU6NGlwqhVI25gUND8tt65gDrOvOreukDtBwg8mwgm0AtkH1wWES/s/LFXcK"
    "bYQCqkpbwUrQGzRmqGEz2HI9IWiqNHDEZyrN2c9tHqNEURuaPkpVXyEwd7jH/BJZleGMVg"
    "5XkhH5I3i7HRpSn3utL4DODjo7pD7vXlvfkw7avq60KbUxGx2oFRyoiA3kwrvcxQUB9HJL"
    "NKQfUj7O5Oj47fHZm9PjaD5HV6qmcX7Kym3elLt80Uk1pYimeAZzfG5nkNpYfokmeMYMAG"
    "YWzBmmdiMwYwYAMwumw+8buTtC+u07O3ZjSm/GreE43GkEe8zRDy+T+rzBeJmkxuW0s4jS"
    "nOBj6puPKd0qmVHRrgFkhhXk3Dc598SX+B3bRFwpJ1txN8DE7XFlQ0BFaLgx5Vq34dWCoB"
    "m9I2jJmbuwH5HPLA7RTVB+cKMfFv0fwgyRh5VNTZUIoNLjUfxBKX9hB2NeswOuvIP3VBCE"
    "/VsvRHBTtftT+QbCWypvJHUFUtNSTmwsp+WLl+Xt/dZXwiXz/hP1F/qbQOu/PrlKwFEJjs"
    "peJBf0TsbPqcwKwFdXdlJe2DNVdDfI+4pB4TZTjHrEULW77OHEr0BS7Q7Z2jW/93OBK6N0"
    "uiZZwB1X4HsXK2K6wUka9b3vSS6ANeflJHdU0EbzNMkCgOab0grXsByVRN4k7pbmAlhz2h"
    "e3mwQ2QnIAMgckcY3pY3M9NskG2lRrPRbOYBmY5V7gee3TGSyXRGVYXnqFHbzim+Mqp6uj"
    "yQzHq9e8a3SOfA5VcLXSiZNBsVWcOvmDdmpKhOUUUt5OXZKFBcJIf2pRimYnY9ZzmuYqrl"
    "IUQaWbfBf9BRFKsMBLCmvtNtZa8JL29CWEhkhbaYi0wg5eNsqOiTn6kR0zqBosaLy2u3Um"
    "q4Q1EkEBMyz5kMjf2yZtYXlZM8d3xAJOsPzqoYzEJhtpzPGkjbRna/dO0nvzsJc3w4sYht"
    "AuvsrK2kQzPOy6ZLlqFNtJssCykauvgETZVpO7Ry6EvifKnhOHmotRgbM2uDOu8tTimKbT"
    "Ixaekhb6XLydT1xlyv2Yd8QRDU+xSbAM0LEyOTmpoV9LqvI2vepeZrP0GzjXRTggHyC6mz"
    "kliDOXsEYad4IFSur26ZjN3/8fPNp2fw=="
)
