"""Large OEM lead imports, distributed by a background job with progress.
Visible to their OEM only (PostgreSQL row-level security)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

POSTGRES = """
CREATE TABLE "distribution_import" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "total" INT NOT NULL,
    "processed" INT NOT NULL,
    "landed" INT NOT NULL,
    "failed" INT NOT NULL,
    "rows" JSONB NOT NULL,
    "errors" JSONB NOT NULL,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ
);
CREATE INDEX "idx_distributio_oem_id_44c814" ON "distribution_import" ("oem_id");
ALTER TABLE "distribution_import" ADD CONSTRAINT "fk_distribution_import_oem" FOREIGN KEY ("oem_id") REFERENCES "oem" ("id") ON DELETE CASCADE;
ALTER TABLE "distribution_import" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "distribution_import" FORCE ROW LEVEL SECURITY;
CREATE POLICY "party_isolation" ON "distribution_import"
    USING ("oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on')
    WITH CHECK ("oem_id" = NULLIF(current_setting('app.oem_id', true), '')::bigint OR current_setting('app.system_scope', true) = 'on');
"""

SQLITE = """
CREATE TABLE "distribution_import" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "oem_id" BIGINT NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "total" INT NOT NULL,
    "processed" INT NOT NULL,
    "landed" INT NOT NULL,
    "failed" INT NOT NULL,
    "rows" JSON NOT NULL,
    "errors" JSON NOT NULL,
    "started_at" TIMESTAMP,
    "finished_at" TIMESTAMP
) /* A large batch of OEM leads, distributed by a background job with progress. */;
CREATE INDEX "idx_distributio_oem_id_44c814" ON "distribution_import" ("oem_id");
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "distribution_import";
"""


MODELS_STATE = (
    "eJztXetz2za2/1cw+lJnRvGNFdvxTTudcRJvm94k7jjubmfrHQYiIQlrCtASpB+72//9Au"
    "D7KZKmJIo+H+LY5DkQ9TsgcN74z2jJLWKLw0uyHL1F/xkxvCTyl+TlMRrh1Sq+qC64eGpr"
    "Oh4QTIXrYNOVl2bYFkResogwHbpyKWeK8ByZ2EFLfEuc7wRaEGwhPptRkxyiL9xFGLmEYe"
    "a+RdRFFpWj0annEoFsSSmQy5FFsE0ccag+zuKmomDzzkf2GP2XRwyXz4m7II4c/49/yMuU"
    "WeSBiPDP1a0xo8S2UpBRSw2grxvu40pfe0fnH5n7F02rnntqmNz2liymXz26C84iBspcdX"
    "VOGHGwS9QnuI6n8GSebQeohxD7DxuT+E+Z4LHIDHu2kori9h8gvjYyjC+X18bXi2vDGOUk"
    "FnIkoA4umZwpactHFRqAuXqEl/87mbx+/Wby6vXp2cnxmzcnZ6/OJK1+3vytN3/6DxOj5Q"
    "+lMfv408cv1+qBuJxS/jRTF/7UPNjFPpcWRoy+6RCFl4HdvBQ+yDsuXZJiOaQ5M/KwAtbD"
    "8JesdEJZVIknvBDLJ35JtiEg+QWtS2Y/BhOjAvvrj58vvl6ff/5VfdxSiH/ZGr/z6wt1Z6"
    "KvPmauHpy+SAsrGgT97eP1z0j9if5++eVCw8uFO3f0J8Z0138fqWfCnssNxu8NbCXmcHg1"
    "RE1SJqQuV6S8vN8vsFMi64A+I2WJVhu57va1W+IHwyZs7i7kn68nFVL96/nV+5/Prw5eTz"
    "KS+hLcmehbf6ag1f83gDak7wbaXb8yKXAnr17VQFdSlcKr76XxnTqYWSKP8C9fL78UIxxz"
    "ZBcparrov8iWm9umsB79MPOYqWBEU4/aLmXiUH3ej6MNSaACcIVQan0KcT74fP57VgTvP1"
    "2+yy48aoB3UhxqK5/dJrYTdWGKzdt77FhG7g6f8DLa/K3lZJm9ghmea3jVN1bfL1CyPmj9"
    "4yeHe6siHSx5u1IX8/UYYx5R1lDKfB6keeT6tSCBtnSILu6I84jeX31GDr9XKpZDpdJEXf"
    "nPQligbz6hQa1vRTpZdwODSgYqGahkoJKBSgYq2WZVMioMuV3SuwKQ33FuE8xKto0kXwbs"
    "qWTcFNrh3N6u+vXu8vJTai169zGzNXz57fO7i6uDI429JKJuaseIARfElZrkvJEWnOTphx"
    "6sPhb04KfrwV9d7pAiDdi/Uan7iohkrdJ7yUjo8lvQFTo4/oo09wvEZwinFNe8YtuUuUB5"
    "/WMUKbiKQv6UqGQu6k3xH6DmgpoLam4/1dzU61r/1UuxrX8D90HGW3wJ+2Jl7BpysDP22s"
    "5wyFw9VAOEY44BYnxUC+OjCoyP8hib1H1stEAE9IBvPXyVRvJvzhqtE0me7eE8OhcU/8/X"
    "BWbzBaabstPSkJ8e10D89LgUcHULwkU9M5OT4uArwuTzGAvuOY2kkmPsh3D23ocBfrwt+/"
    "F64jT6TWivSs5npK+Pq1xG8o7hhVQ1QqUr4gj5ytwvOLL5XCDKDtE7YnM211lk2EVLOS8R"
    "jzxEvhsIcUdfu7z4/H3OndTJqDdsZWN3xp0lkquLnJzcEWiqx1BDMEKV6wliqf23b8HJBE"
    "6m5EZGlpjaTTTsiGFw0dTJSR2VWlKVG+InOaUaHB2bdXSsFg0txIihFcLB7OwnwN276VZY"
    "iHsuFagFFotGKGcZhzifT05qrRcnFevFCSQIlKK9nQSBZEpj41hLAXOriMv6ZWWo+mjC30"
    "GWjfGPeQD2lrDbWLiGtAspa6H555g7UP57tsXuia4fYpJT9nviRLmSe9e5EHTOloS5owJ3"
    "SoZiXOVYcSStgdPEa/0ryl+DXv6IFLP63+LSlGHo4JufQf4DtX78NkbfdLJN9JdcYaLfQx"
    "/Itxf5rJ2uBy/M6lG+pGC9U5/jP4T6HEjk6dPiCj4W8LEkt9jEa1v/xUswbSqJZ6jvXyIN"
    "IlglaydBBPQDtFa7dw4EW08DeGOOAQLcfUAeTNOeLCO9NE2fQQrm3MFMKT3Tx8bw51hBCk"
    "2k0BOr8dxzF/++IndU+EjljMY0wbgyGK9IDSdJW6uQQ5UQ3y+4IMjknpxTDlryOyIQZ4jo"
    "OmM91VS0XI7Nb+Uoggd3zn/9mDMUnz7kDVs53CRCIMZdKn9BmFmS0uaq24yqctZGaGweQ9"
    "+Z3r9vYzAawWjMZHDHC1X9Ny/Jtb3aj1d7//71Zb9b0f8jj4UbnX+neodbUeM2IKqRbaZC"
    "s8RCgshlwkUzudtgprK91L4jJUDkJqQzOE2bEtVVQ71nus3GyiEz+oCoQGLB71lui+tu6B"
    "uGZ2p71AuZZICNrO8vEmxksJGlNzLIgNpwBpReMpsgHHMMLofv6LROHVL2bUiUIZ1m4ZUb"
    "auPspyTP4CAGP+fANuye+zmHDztEqSBKtb+rtzC5GiMHcEV/pYijH5WJgyobDU2lFjGTHC"
    "vETJ6UVemJVsZulhdyKvuWU5kqoHpYUTlcCzmnOUHKfZayH4dr8zanOUHKfZNyTzz/V2Qm"
    "v8jiWs6VwkB36v64MjfapzTciLR+LCDgRZr3EF1xV83DOC4td6XvJZEn5IxAGDnB/eijis"
    "MATxn1hvkvkB/Yvl+oyPYML6n9iA6waowoNVufUgUN3IX8/5477sImQpRmUkO4oD86E4QL"
    "IFwAydJ9sFn0KtrY153mAm/3Wn+Jv3s1gTjm2JRDakgt7HtkkPVt29iTbQIssmct5Z5YZJ"
    "9UWfP1Qlojrv7eOZMsTTCussn8Emk3SbvWKHsvpUpMT/V0kCTUlhaRHkaohl6IvFR9eJCE"
    "0lGZwAe3EkGm0qsYd3W6sLR1chbZ04e8YeGXQBYnOgNZ5SgTbEvbjJoLhE2d0iwQeaDCBQ"
    "tsDzRAsMDAAoOWYNtrCaZWXs8pCpmWLmtJlsGkdU+Ojt8cn70+PY7WtOhK1VJWEmwLIGob"
    "b0uzg1LYN6UwJW9uKv1dqhlF69QaYWd4QdJ9k3RP1P+/EqnP2uSz+mtUoP2n7lcq/3c+pb"
    "GMSGvVHQrizzCk+caIHM4Pke64jn728APFUicn+mDTc8+R4hn7hOg7/080OXx1jT55D57z"
    "+F3xKVOdf0Jh0xo9oLqrAYRGNaD5g+bfU80/elXrav4RA2RK1smU1ItpE3xjDgC4BsBQah"
    "QXwkzO6lTCTM7KS2HUvTS+evs3TGkwNZrFGbYhot152RH0AX4+B4y894TLl8WHjET3Kk0M"
    "M0lVI90rpEfYMRcqGnBw451M8eTGO528fiN/np2+Vj+Pz14cousFQYw7S2xTQSykG6irZC"
    "t/fujQgX/mZN7K2OgntTz41m8An78ePKBUjnJGSoZSN/EMfuf3zE89+QdYMmDJ7NkeNlxL"
    "Bs7O3WkqWXKFrI9+kgvAbw1+YiNroKSnuQaoox/XMYiOy+2h45w5FO39jWZ5kgsK7NpOcj"
    "D1N3v47pbPVeo3wpN6bVsqurZk4b0n5qJIIy3HN+YY3sFV3XsCJRqWbw7XxTfmGB6+dXa+"
    "8o0vt+9NqeMuLFyQw64MqpJIQYKnypTaP6grsFWW0C4Pje8ZUpt+6blpeivdJ7AJwmkuwH"
    "k9zpSZfEmMacNgYYZteEh3HwXYYcDlmSE99aw5cY1lUaugUlMuzTQgY66z1MwQIVzQoHAt"
    "rLioRyHAqowtz1lx0cw+i1mGtx50X0U446YnjBXXn5eDuby3VZYPOlylIgZddLgiDytiqs"
    "CMnNLSJm72GhQyD++F6H6DVB9HmFqVnVtprsknyaFemZhQyL/FBIXoyl5lKBRJQMjJTeSH"
    "MczMpukhpWOAJFpLQi6wnvNkWaRGAWk0kMaSOHO5oMsP5Y2DMXneAambWw7J3BGn+MCSUv"
    "QTHNuL9x7tiY7vrayWiStpTkhc6UviSkHJk376nqUhXuP5qCITUd0e10lGNNyAskZCoiRV"
    "/eBwlC+oGsIt+R220S0hK93ZTR+bdqAv68n9AmGBFlRljTwWpR52Mma9JMPqfMEIEEgThD"
    "RBWG0hTbCHMt6JxphcGBsJIMMIIoBMzX0EP1CQ6vouA/IBJlh1n5t5S5sFp0P6AYLbcfaP"
    "3F3bHS+RYQRHS9tlIzZXmuqqaU7ofdIfR0BeNw1l1eJNy7HCu9bkXeuZP+bijjB3VOGR8Q"
    "nGtXwyJKJd75VZrQizXnJ1Nm/gEkF8lvCnvEVBCEOMlbNF/tTudPm/X7npN4YUBb6ZLkfu"
    "2kMzDpQB8NSAp2bf9D7w1ICnBjw1wxQBeGp2CD64EzaYaym1UN58ZUlygX3TdmIrNSuPe3"
    "l+a0jfj7xW9bF7ndfaE1Pzk9QbR0VHHKjr48qTDUKKBl2HvhNSgo/qsDcJtTTyEHaRsur0"
    "XqUaBJ3OTky/TdCLqp5CjcfpwlRMbqjCxa6n8bA83To631UoWe1fgxxSBfqyRIIBCgYoGK"
    "C90VPA+gHr/zmLAHoN7XDt4Z5jEsNcYMZIo5Nx8pwDdAhMap2RU3FETq7BQOrEhMaTvogb"
    "Jn/byQ+F8VAYvz+w5sp7jbCpUN5Oq1kgHI3wnNsW+Q4WY+5gq1G5dZZvgNvfUZ1K6/JC69"
    "whEZGTqLaSEXEMEd3OC9klXPNGczhiGCC83etuVBh0ueKOi1mBf2zd2QUpVqiCblAFLcGz"
    "qHqSqaegaYx8hhmwb4A9Iw+uMeO2ze8Nb9XCMVw4AKTn9jk9NyMyh2DRrO9g6QDD60Yzqd"
    "WheFLRoXiS71BsSpWSmVI999oc+prnhtetz69bOymDdPdDujPqiKftoMUjgNT7LHX/4O0n"
    "CL1wAJB5n2UeS8vkXpGFWOr8LODcXjzx1ab0pI79n7YUVwtdNMM2PA20+6RVDRnjRc7lNT"
    "iHTMND+aSWnn9Soeef5PX8YG7KryvcduWQZSMMKICy7YQQCWm7DLgkI+zUfd6poZ1fpzsz"
    "tPMrh3o/s0YL3qI+tfNTufvnQtA5W5bUj2coxuvy/A2cJl6b8v+3BUcqBc1CGKkB0MzhS3"
    "S/IGwsfz6OEWaW/IUji5jUkmQHQTV4Qdr/E8fqIvVfY1B4pnAyz1ROBk9ABv/u1RXI4H8+"
    "azFk8Pf0JUzYccHq2Qj8BBNAD8UT+wi+0lMijaCRALKc4K9oK4OETtZs7edPxh9eAnWluU"
    "v6id7o3sGedkfXcpS+rnCUvs47SqkwlP6zxC41C6b5mvyvFCtkfzXI/vKt4pY9MXO8sMg3"
    "WWN65GspbdMX3xyv9bB00Z5PDfQW6axlpPpAijHS+fdIlaHpJnoq9exlWLZQrzNfg0FvWE"
    "Cg4i4oiLsI7Z9RvhnlIpY3uWMRBy2pLW9yRrrr5ZcwGaCP385VAHDCgBMGnDC90cPBCQNO"
    "mOcIPvTvg/59g5zY2kd4h22vUR5ammt4iWindcoaT8vLGk9zZY1SpWmMcpIHMF6P8dadhL"
    "3GdyM+Qmj3WYp+BdhDa/f5F51K/9tqVOCtiu6Nq5xVUTJ+PV/VJSPqRAdXEqF76i700Zth"
    "czCEp9xzw7SegxvvzLJm8ufMmsqf0+mrG+9kdnJSkBPU3bAdO54WWPnRfBdFdbZQihI8Ve"
    "Cp2jPTAjxV4KkCT9WwoAdP1S5La6DX6q5F0CpVCPK0upj8zVusDru3avftz5IGR0NtNsM6"
    "QHV2T9TXWvV7yjAmRRX21+ShbAuJWQbxLlWJ8+L362qXTiTNT5dffgrJs36erANTqOdvsH"
    "rFHMNzYG6k65NOOjKmZCaVzSZAZ/mGB3fHfUh9wPDMJU5znCM2gHkNzDqjrsV8zvIND+ju"
    "W5P6mDWe0hk2QHo90tAQ8/npm9AQc8eqEdR/bK/+oyeB3Gsi3A8OvSOjgkhufHNcFcp1JZ"
    "lhRXQ1znEU5oJYnk0sxB1k8uXKJnJOIDUQ0gMVHdpYj2l7bRqi54HI6679fxB5hcgrRF57"
    "44SHyCtEXp8j+BB53bkIenLwHwhj5EeDVHCizVacY4WQeOstIWmnNFSCs7wDVIP3RO2t5U"
    "GDo982nPsQuR3aGJQZXnBG9/lVmhFiKRdbXsrl2Q9JniG4nLeR/dATP+ilaiYyKvCB+jfG"
    "Vf7PUGvkEWkNF2jA5HcxeYv8Jj7o4PIFevkjkh9B74ijLnx4Mdb+TsxMYivn58F1QR1LB+"
    "Nt0XHq7zngMgWX6b6pF+AyBZcpuEyHBT24TMFl+pxFAC7THglDPsSMzj2JU+HJORVVLFnG"
    "IRigW+hnsXKoWZA3+4GYdIntYqwjnqyK6zMdBsx7OOkr8P1w8f7j5/NPB0eT8SST0RRCf5"
    "xHFz+qw16MpbQpeaP+WXnOATooz2rM57PS2XyW681CpFFAi8y2qtmc4NrNfN7U0ZhdT2bw"
    "rqe963XawB2Vt4E7yrWBCzpZtwhTJRkH6HfYEz9DLcd65Itscxp7hhdCKH2WdORjbuNKzP"
    "CCpPsv6RYVGzlGsFpqWS2QWfPMz4t4H0nxV4dbnul+ooyMCuKXxYTjqnhmYoasfB7DDpnW"
    "Rja/EocSgTCKR0FCruQCUSavarfpW91mb0YddbqDp4KWM6TWl5fx8aD5EGeXA9eLdVYGMR"
    "PdWoR+slxsFMKbEN7cLzMDwptZkUN4E2Jsew/+TrqRAfR6BvuqQQOLKOYYoMuwm47vPVHB"
    "v6rV6T33mFucOZi6X6lw++ucmSBdq2b/SpyXmk3qwFLQ0ooW6CBuXO2YC3pH5BMvp8QRBQ"
    "mDLfg7UJo1QqAn92ipAj0Z9GTQk/ujL4CevDvw9f8NVLWQfoCKWvdHfJWcfVSZWlZy9NEG"
    "5/SmUhGenX/6A1WITD0pHnV6cZF+nCWpVJGtmNiwQ+p1WnK5eAp1WU6WwSJKHqQizrAKTM"
    "0Kal6EjQ3uuSb333/1pyVHC49qicdJLswOMYnUqUtOdIkqZ0AbBm14z3aO4WrD8Ztc/72L"
    "eUAVa62KpRbgBipZlm+Aqln3pyZOHdzsbNuIAeCtdSjlvGEuf8wxvHSYo1rpMEcV6TBHBe"
    "kw1H1sAnBID/DWgzestWpqIecYB7hgbATxlUSJGEssbkmzqokM3wDxntRrfFzR9zh3MvOu"
    "fJ59W0mek8sTsH+7o6pzQP5tHPK1Gp7ZkeQanvbSvdvZR6y5Cp7lGx7WG9Fb9qNEboRNN+"
    "hWvwWcO29C50Nm6IOSmkMd8w1vTtdZPspXj4LFA8+bn6k0UGg7P+InEUGpi2+CZXgId1wM"
    "bnPhtqjIyrAND+budQyHuJ7DWmCdYxwe2t3vfgFojLuNlo4M2/CQ3kidYTJonQO7Ou6ZYR"
    "1g4HNPAp21Knj9ArlWgs6wQqV2n+WsayMNdUyztIFaCLuIHyTeZ4knspMayjrNCQt478Xc"
    "wqLKsG3RB7MizFLC2Ypy1LFtdY+ddntlihHWzT6/UFNplqnTT1pIOcMKcu6znL2V1TKzM8"
    "05wP1xTzM7C8Sun74nqfFfbXxxR5g7KqoZDe+NK+tF5aZNIrL1h02s1F77kktBvkWhWT5G"
    "od02RsoBFf7u71BjlFL0x6PMfOlizBsWrpOKWnln/N8Sqf6H6CCb+D9Gt/JtkD/J4wtEBf"
    "LfFST4DcNqGIcSC/2TTxGTCDnq0bhjCeTeU7PigODspwTxbfVR+n/yCGWrfQqkQ6L+81nO"
    "6yTql7y/9V/CkgEghb91hgvUTuwIeEhn3CX6ocpQ1wET0g8wU7f72J/Sw5pgS9pn+bdzam"
    "3Hm9V9jYpSp/LI/vL18kvJdhnQZ7Ukarrov8iWm+nGIP5h5jFT4YemHrVdysSh+tgfNwV9"
    "BdQKn5SClDsEMXveYUbzUQP06RBEsrzinoR0fuXpp86fhpimGFdZqWozd3xiwwmp1xurDF"
    "1efP5OoID1LVLqmEAz7qBvuvDsm2r4+U2V8HxDB9yR5iWVk9BzVWtQeXGseoDm7dVOhr1h"
    "3/yU0G8v0Jwjl6OZZDUXVEijU6eMCkXmEGRix3mUn6Mbkurxy4xPMCv7s42DWQlmZf9tmK"
    "G+fVCRDBXJQymEgIrkzuHtiZL8hbt0Rk0coJJTkVP3KxVklqXsuJ/R+t6cFrG8lVEU3cgQ"
    "JroBq90+6mFkLjBjRJ8MJtRpbeo6aLCgwe7ZfjtcDRb6eULr9ecJPfQV2B32EATZYLlZQu"
    "eqbV3ELFsMhlBmKOV3KzB3nODrUtdulEcdMQxwCk9qWXCTCgtukjeQp9wqMJCvyUPJwhzS"
    "DwLfKgXz4vfr6phSpF9+uvzyU0ieDTRBeK9H4b308behyd1gdUkxDeINyB4lXWf9llQVh0"
    "nn1vDQUZHDeV3dKobE/f5lcBdUPAUOp4byTbCBfPsm3574eH/h0yt1LJIoTNJP3B1X+Xf/"
    "yaeGkyBcn/ugE9fdBXbR0tNHmDKEZ646kAmZfLmkrsp7X7kqU0HlFahteoqFyn5H1EXCc+"
    "7onTojdZSZLN2NfMOuVII+4p5qdfO9T0zFCrvmQo5GmPy68gujoLoPcaa4mIWW2LnVyRHL"
    "Q/Qzl0K4YTpLX0LrE1BLjsrsxzFiHPn+J/0YNfMm/hgFn22BE3rXjgBwQoMTuhdO6J7tzn"
    "Cs0eBSKZSyMS9oeFhuW8ccYF13bl0ndYCGG0yGFWwDsA2qT7aS8H9crrhTaCMUUFXaClaC"
    "3qAxQw2bwZbrCUFTpYEjPlNpzn5u8xglitrQ9FGq+gqBucM95pfIqgxntHK4kozInxHb7d"
    "CQ+txrfQF0dtDZIfV599r6nnTQ9nWlTamN2ehAreBARWwgF97lLi4IoJdboiH9kPJxJkfH"
    "b47PXp8eR/M5ulI1jfNTVm7zptzli06qKUU0xTOY8107g9TG8ks0wTNmADCzYM4wtRuBGT"
    "MAmFkwHX7fyN0R0m/f2bEbU3ozbg3H4U4j2GOOfniZ1OcNxsskNS6nnUWU5gQfU998TOlW"
    "yYyKdg0gM6wg577JuSe+xHPiUHMxKvAfBnfGVT5DHNN0Wjn2FLfcc/HJPVGfKve23RFHNC"
    "zOTbAMMGY3OTmpk318clKefazupXfwIC+9LsIB+QDR3UzxM2du0J20rr6aYAFLYZ+6B/35"
    "/yZGZVk="
)
