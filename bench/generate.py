"""Fill a benchmark database with a realistic dealer network, fast.

    .venv/bin/python bench/generate.py --scale small      # seconds
    .venv/bin/python bench/generate.py --scale full       # 3M leads, 15M follow-ups

Creates database `saas_bench_<scale>` with two NOSUPERUSER NOBYPASSRLS roles,
as in production: `saas_bench_<scale>_owner` owns the tables and runs the
`saas migrate` code, which grants the application's role `saas_bench_<scale>`
row access only; then loads every table with binary COPY as
the superuser (which bypasses row-level security), and moves each sequence past
the ids it wrote. Ids are assigned here, so composite keys (tenant_id, id) and
composite foreign keys hold by construction. Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (
    APP_PASSWORD,
    admin_dsn,
    app_dsn,
    database_name,
    owner_dsn,
    report,
)


@dataclass(frozen=True)
class Scale:
    oems: int
    groups: int
    stores: int
    users: int
    customers: int
    leads: int
    follow_ups: int


SCALES = {
    "tiny": Scale(3, 4, 10, 200, 8_000, 12_000, 60_000),
    "small": Scale(3, 4, 80, 800, 50_000, 80_000, 400_000),
    "medium": Scale(3, 50, 500, 10_000, 200_000, 300_000, 1_500_000),
    "large": Scale(3, 50, 500, 10_000, 700_000, 1_000_000, 5_000_000),
    "full": Scale(3, 50, 500, 10_000, 2_000_000, 3_000_000, 15_000_000),
}

# Fixed "now" of the data set: two years of history end here.
NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
HISTORY = timedelta(days=730)
BRANDS = ["Huaxia", "Lanfeng", "Qilin"]
SERIES = ["Aurora", "Meridian", "Summit", "Vista", "Nova"]
CLASSES = ["sedan", "suv", "mpv", "nev", "sedan"]
REGIONS = {
    "East": ["Shanghai", "Hangzhou", "Nanjing", "Suzhou"],
    "North": ["Beijing", "Tianjin", "Jinan"],
    "South": ["Guangzhou", "Shenzhen", "Xiamen"],
    "West": ["Chengdu", "Chongqing", "Xi'an"],
}
CITIES = [(region, city) for region, cities in REGIONS.items() for city in cities]
CHANNELS = ["walk_in", "phone_in", "website", "auto_show", "referral", "third_party"]
FU_CHANNELS = ["phone", "wechat", "sms", "showroom_visit", "phone", "wechat"]
STAGES = [
    "first_contact",
    "needs_analysis",
    "vehicle_presentation",
    "test_drive",
    "negotiation",
    "contract",
    "delivery",
]
# status, intent grade, weight: most leads are closed history; one in five is open.
OUTCOMES = [
    ("open", "H", 1),
    ("open", "A", 2),
    ("open", "B", 3),
    ("open", "C", 3),
    ("open", "N", 3),
    ("lost", "C", 40),
    ("delivered", "H", 10),
    ("ordered", "H", 2),
    ("cancelled", "A", 1),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
CONSULTANTS_PER_STORE_SHARE = 0.7  # the rest are managers, admins, executives


def _weighted(rng: random.Random, table: list[tuple[str, str, int]]) -> list[tuple[str, str]]:
    bag: list[tuple[str, str]] = []
    for status, grade, weight in table:
        bag += [(status, grade)] * weight
    return bag


class Generator:
    def __init__(self, scale: Scale, conn: asyncpg.Connection) -> None:
        self.s = scale
        self.conn = conn
        self.rng = random.Random(20261123)
        self.counts: dict[str, int] = {}
        self.store_tenant: list[int] = []  # index = store id - 1
        self.store_users: dict[int, list[int]] = {}  # store id -> consultant ids
        self.store_managers: dict[int, list[int]] = {}
        self.lead_owner: list[int] = []

    async def copy(
        self, table: str, columns: list[str], rows: Iterator[tuple[object, ...]]
    ) -> None:
        batch: list[tuple[object, ...]] = []
        total = 0
        for row in rows:
            batch.append(row)
            if len(batch) >= 50_000:
                await self.conn.copy_records_to_table(table, records=batch, columns=columns)
                total += len(batch)
                batch = []
        if batch:
            await self.conn.copy_records_to_table(table, records=batch, columns=columns)
            total += len(batch)
        self.counts[table] = self.counts.get(table, 0) + total

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.6 else "")

    async def organisations(self) -> None:
        s = self.s
        await self.copy(
            "oem",
            ["id", "created_at", "code", "name", "brands"],
            (
                (i, NOW, f"oem{i}", f"{BRANDS[i - 1]} Motors", f'["{BRANDS[i - 1]}"]')
                for i in range(1, s.oems + 1)
            ),
        )
        await self.copy(
            "dealer_group",
            ["id", "created_at", "code", "name", "is_active", "settings"],
            (
                (g, NOW - HISTORY, f"grp{g}", f"Dealer group {g}", True, "{}")
                for g in range(1, s.groups + 1)
            ),
        )
        stores = []
        for store in range(1, s.stores + 1):
            tenant = (store - 1) % s.groups + 1
            self.store_tenant.append(tenant)
            region, city = CITIES[store % len(CITIES)]
            brand = BRANDS[store % s.oems]
            stores.append(
                (
                    store,
                    NOW - HISTORY,
                    tenant,
                    f"S{store:04d}",
                    f"{city} {brand} store {store}",
                    region,
                    city,
                    "Asia/Shanghai",
                    f'["{brand}"]',
                    "{}",
                    True,
                )
            )
        await self.copy(
            "store",
            [
                "id",
                "created_at",
                "tenant_id",
                "code",
                "name",
                "region",
                "city",
                "timezone",
                "brands",
                "opening_hours",
                "is_active",
            ],
            iter(stores),
        )
        models = []
        vid = 0
        for brand in BRANDS[: s.oems]:
            for series, klass in zip(SERIES, CLASSES, strict=True):
                for trim in ("1.5T Comfort", "2.0T Luxury"):
                    vid += 1
                    models.append(
                        (vid, NOW - HISTORY, brand, series, f"{series} {trim}", klass, True)
                    )
        self.vehicle_models = len(models)
        await self.copy(
            "vehicle_model",
            ["id", "created_at", "brand", "series", "name", "model_class", "is_active"],
            iter(models),
        )
        routing = [
            (i + 1, NOW, (i % s.oems) + 1, BRANDS[i % s.oems], region, None)
            for i, region in enumerate(sorted(REGIONS) * s.oems)
        ]
        await self.copy(
            "oem_routing_rule",
            ["id", "created_at", "oem_id", "brand", "region", "city"],
            iter(routing),
        )

    async def people(self) -> None:
        """Users: per store mostly consultants, a showroom manager; per group an
        executive and an admin; per OEM a distributor."""
        s = self.s
        per_store = max(3, (s.users - 2 * s.groups - s.oems) // s.stores)
        users, roles = [], []
        # One shared hash: nobody logs in with a password; the benches mint tokens.
        pw = "$argon2id$v=19$m=1024,t=1,p=1$YmVuY2hzYWx0$0000000000000000000000"
        uid = 0

        def user(group: int | None, oem: int | None, role: str, domain: str) -> int:
            nonlocal uid
            uid += 1
            users.append(
                (
                    uid,
                    NOW - HISTORY,
                    f"u{uid}@bench.test",
                    self.name(),
                    None,
                    pw,
                    True,
                    group,
                    oem,
                    None,
                )
            )
            roles.append((uid, NOW - HISTORY, uid, role, domain, group, oem, None))
            return uid

        for store in range(1, s.stores + 1):
            tenant = self.store_tenant[store - 1]
            self.store_managers[store] = [user(tenant, None, "showroom_manager", f"store:{store}")]
            self.store_users[store] = [
                user(tenant, None, "consultant", f"store:{store}") for _ in range(per_store - 1)
            ]
        for group in range(1, s.groups + 1):
            user(group, None, "group_executive", f"group:{group}")
            user(group, None, "group_admin", f"group:{group}")
        for oem in range(1, s.oems + 1):
            user(None, oem, "oem_distributor", f"oem:{oem}")
        user(None, None, "platform_admin", "platform")
        await self.copy(
            "app_user",
            [
                "id",
                "created_at",
                "email",
                "name",
                "phone",
                "password_hash",
                "is_active",
                "dealer_group_id",
                "oem_id",
                "last_login_at",
            ],
            iter(users),
        )
        await self.copy(
            "role_assignment",
            [
                "id",
                "created_at",
                "user_id",
                "role",
                "domain",
                "dealer_group_id",
                "oem_id",
                "granted_by_id",
            ],
            iter(roles),
        )

    def customers(self) -> Iterator[tuple[object, ...]]:
        rng, s = self.rng, self.s
        self.customer_store: list[int] = []
        for cid in range(1, s.customers + 1):
            store = rng.randrange(1, s.stores + 1)
            self.customer_store.append(store)
            created = NOW - HISTORY * rng.random()
            yield (
                cid,
                created,
                self.store_tenant[store - 1],
                store,
                f"C{store:04d}{cid:08d}",
                rng.choice(self.store_users[store]),
                self.name(),
                f"+86138{cid:08d}",
                rng.choice(CITIES)[1],
                rng.choice(CLASSES),
                "[]",
                rng.random() < 0.6,
                False,
                False,
                1,
                created,
            )

    def tags(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        tid = 0
        for cid, store in enumerate(self.customer_store, start=1):
            for tag in rng.sample(
                ["first car", "price sensitive", "family", "NEV curious", "VIP"],
                rng.randrange(0, 3),
            ):
                tid += 1
                yield (tid, NOW - HISTORY, self.store_tenant[store - 1], cid, store, tag, "static")

    def leads(self) -> Iterator[tuple[object, ...]]:
        """Leads of random customers at their store; the newest are the open ones."""
        rng, s = self.rng, self.s
        bag = _weighted(rng, OUTCOMES)
        self.lead_rows: list[tuple[int, int, int, int, datetime, str, int]] = []
        for lid in range(1, s.leads + 1):
            cid = rng.randrange(1, s.customers + 1)
            store = self.customer_store[cid - 1]
            tenant = self.store_tenant[store - 1]
            # Some consultants carry far more leads than others.
            staff = self.store_users[store]
            owner = staff[int(len(staff) * rng.random() ** 2)]
            age = rng.random()
            status, grade = bag[rng.randrange(len(bag))]
            if status == "open":
                age = age * 0.1  # open leads are recent
            created = NOW - HISTORY * age
            n_follow = max(0, int(rng.expovariate(1 / (s.follow_ups / s.leads))))
            self.lead_owner.append(owner)
            self.lead_rows.append((lid, tenant, store, cid, created, status, n_follow))
            if status == "open":
                due = NOW + timedelta(hours=rng.uniform(-72, 240))
                stage = rng.choice(STAGES[:5])
            else:
                due = None
                stage = {"lost": rng.choice(STAGES[:5]), "cancelled": "contract"}.get(
                    status, STAGES[5 if status == "ordered" else 6]
                )
            last = created + timedelta(days=rng.uniform(0, 30)) if n_follow else None
            closed = (
                None if status in ("open", "ordered") else (last or created) + timedelta(days=1)
            )
            yield (
                lid,
                created,
                tenant,
                store,
                cid,
                owner,
                "oem" if lid % 8 == 0 else rng.choice(CHANNELS),
                rng.randrange(1, self.vehicle_models + 1),
                grade,
                status,
                stage,
                False,
                lid % 8 == 0,
                due,
                due,
                due,
                created + timedelta(hours=rng.uniform(1, 48)) if n_follow else None,
                last,
                n_follow,
                "price" if status == "lost" else None,
                closed,
                1,
                last or created,
            )

    def follow_ups(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        fid = 0
        for lid, tenant, store, cid, created, _status, n in self.lead_rows:
            owner = self.lead_owner[lid - 1]
            at = created
            for _ in range(n):
                fid += 1
                at = at + timedelta(hours=rng.uniform(2, 96))
                yield (
                    fid,
                    at,
                    tenant,
                    lid,
                    store,
                    cid,
                    owner,
                    FU_CHANNELS[fid % 6],
                    min(at, NOW),
                    "Called back about the offer",
                    None,
                    at + timedelta(days=2),
                    "follow up",
                    False,
                    at + timedelta(hours=24),
                )
        self.follow_up_total = fid

    def orders_and_after_sales(self) -> tuple[list[tuple[object, ...]], ...]:
        rng = self.rng
        orders, vehicles, services = [], [], []
        oid = vid = sid = 0
        for lid, tenant, store, cid, created, status, _n in self.lead_rows:
            if status not in ("ordered", "delivered", "cancelled"):
                continue
            oid += 1
            signed = created + timedelta(days=rng.uniform(3, 40))
            model = rng.randrange(1, self.vehicle_models + 1)
            price = Decimal(rng.randrange(120_000, 450_000))
            order_status = {
                "ordered": "signed",
                "delivered": "delivered",
                "cancelled": "cancelled",
            }[status]
            delivered = signed + timedelta(days=14) if status == "delivered" else None
            orders.append(
                (
                    oid,
                    signed,
                    tenant,
                    lid,
                    store,
                    cid,
                    model,
                    price,
                    rng.choice(["cash", "loan", "lease"]),
                    Decimal(5000),
                    order_status,
                    signed,
                    delivered,
                    signed + timedelta(days=3) if status == "cancelled" else None,
                    self.lead_owner[lid - 1],
                )
            )
            if delivered is None:
                continue
            vid += 1
            vehicles.append(
                (
                    vid,
                    delivered,
                    tenant,
                    store,
                    cid,
                    f"LBV{vid:014d}",
                    model,
                    f"Model {model}",
                    delivered.date(),
                    price,
                    "this_store",
                    oid,
                )
            )
            day = delivered.date()
            while True:
                day += timedelta(days=rng.randrange(150, 240))
                if day > NOW.date():
                    break
                sid += 1
                services.append(
                    (
                        sid,
                        datetime.combine(day, datetime.min.time(), UTC),
                        tenant,
                        store,
                        cid,
                        vid,
                        "maintenance",
                        day,
                        5000 * sid % 60000 + 5000,
                        "Scheduled maintenance",
                        Decimal(680),
                    )
                )
        return orders, vehicles, services

    def distributed(self) -> Iterator[tuple[object, ...]]:
        """OEM leads: one in eight open leads came from the OEM; SLA history."""
        rng = self.rng
        did = 0
        for lid, tenant, store, cid, created, _status, n in self.lead_rows:
            if lid % 8:
                continue
            did += 1
            oem = (store % self.s.oems) + 1
            contacted = created + timedelta(hours=rng.uniform(0.5, 30)) if n else None
            due = created + timedelta(hours=24)
            outcome = (
                "pending"
                if contacted is None and due > NOW
                else ("met" if contacted and contacted <= due else "breached")
            )
            region, city = CITIES[store % len(CITIES)]
            yield (
                did,
                created,
                oem,
                f"EXT{did:09d}",
                BRANDS[oem - 1],
                region,
                city,
                "客户",
                f"+86138{cid:08d}",
                f"+86 1** **** {cid % 10000:04d}",
                tenant,
                store,
                lid,
                f"S{store:04d}",
                region,
                "active",
                created,
                created,
                contacted,
                due,
                outcome,
                due if outcome == "breached" else None,
                created,
            )


def server_cpu(pid: int) -> float:
    """CPU seconds a PostgreSQL backend on this host has used (0 if not local)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def create_database(scale: str) -> None:
    name = database_name(scale)
    admin = await asyncpg.connect(admin_dsn("postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for role in (name, f"{name}_owner"):
            await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
            await admin.execute(
                f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{APP_PASSWORD}' "
                "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
            )
        await admin.execute(f'CREATE DATABASE "{name}" OWNER "{name}_owner"')
    finally:
        await admin.close()


async def migrate_as_owner(scale: str) -> None:
    from tortoise import Tortoise

    from saas.migrate import migrate
    from saas.settings import Settings

    await migrate(
        Settings(
            _env_file=None, database_url=app_dsn(scale), migration_database_url=owner_dsn(scale)
        )  # type: ignore[call-arg]
    )
    await Tortoise.close_connections()


async def generate(scale_name: str) -> None:
    scale = SCALES[scale_name]
    started = time.perf_counter()
    timings: list[dict[str, object]] = []
    await create_database(scale_name)
    await migrate_as_owner(scale_name)
    conn = await asyncpg.connect(admin_dsn(database_name(scale_name)))
    gen = Generator(scale, conn)

    backend = conn.get_server_pid()

    async def step(label: str, coro: object) -> None:
        t0, c0, s0 = time.perf_counter(), time.process_time(), server_cpu(backend)
        await coro  # type: ignore[misc]
        timings.append({
            "step": label,
            "seconds": round(time.perf_counter() - t0, 1),
            "python_cpu_s": round(time.process_time() - c0, 1),
            "server_cpu_s": round(server_cpu(backend) - s0, 1),
        })  # fmt: skip
        t = timings[-1]
        print(
            f"  {label}: {t['seconds']} s (Python CPU {t['python_cpu_s']} s,"
            f" server CPU {t['server_cpu_s']} s)",
            flush=True,
        )

    try:
        # Session-level: no synchronous commit wait for a bulk load.
        await conn.execute("SET synchronous_commit = off")
        await conn.execute("SET maintenance_work_mem = '512MB'")
        secondary = await drop_secondary_indexes(conn)
        foreign_keys = await drop_foreign_keys(conn)
        await step("organisations", gen.organisations())
        await step("users", gen.people())
        await step(
            "customers",
            gen.copy(
                "customer",
                [
                    "id",
                    "created_at",
                    "tenant_id",
                    "store_id",
                    "archive_no",
                    "owner_id",
                    "name",
                    "phone",
                    "city",
                    "model_class",
                    "focus_points",
                    "consent_marketing",
                    "consent_share_finance",
                    "consent_share_insurance",
                    "version",
                    "updated_at",
                ],
                gen.customers(),
            ),
        )
        await step(
            "customer tags",
            gen.copy(
                "customer_tag",
                ["id", "created_at", "tenant_id", "customer_id", "store_id", "tag", "kind"],
                gen.tags(),
            ),
        )
        await step(
            "leads",
            gen.copy(
                "lead",
                [
                    "id",
                    "created_at",
                    "tenant_id",
                    "store_id",
                    "customer_id",
                    "owner_id",
                    "source_channel",
                    "vehicle_model_id",
                    "intent_grade",
                    "status",
                    "stage",
                    "is_important",
                    "is_distributed",
                    "next_follow_up_at",
                    "cadence_due_at",
                    "due_at",
                    "first_follow_up_at",
                    "last_follow_up_at",
                    "follow_up_count",
                    "lost_reason",
                    "closed_at",
                    "version",
                    "updated_at",
                ],
                gen.leads(),
            ),
        )
        await step(
            "follow-ups",
            gen.copy(
                "follow_up",
                [
                    "id",
                    "created_at",
                    "tenant_id",
                    "lead_id",
                    "store_id",
                    "customer_id",
                    "user_id",
                    "channel",
                    "happened_at",
                    "content",
                    "result",
                    "next_follow_up_at",
                    "next_follow_up_reason",
                    "is_automatic",
                    "due_at_before",
                ],
                gen.follow_ups(),
            ),
        )
        orders, vehicles, services = gen.orders_and_after_sales()

        async def after_sales() -> None:
            await gen.copy(
                "vehicle_order",
                [
                    "id",
                    "created_at",
                    "tenant_id",
                    "lead_id",
                    "store_id",
                    "customer_id",
                    "vehicle_model_id",
                    "price",
                    "payment_method",
                    "deposit",
                    "status",
                    "signed_at",
                    "delivered_at",
                    "cancelled_at",
                    "consultant_id",
                ],
                iter(orders),
            )
            await gen.copy(
                "vehicle",
                [
                    "id",
                    "created_at",
                    "tenant_id",
                    "store_id",
                    "customer_id",
                    "vin",
                    "vehicle_model_id",
                    "model_name",
                    "purchase_date",
                    "price",
                    "purchase_channel",
                    "order_id",
                ],
                iter(vehicles),
            )
            await gen.copy(
                "service_record",
                [
                    "id",
                    "created_at",
                    "tenant_id",
                    "store_id",
                    "customer_id",
                    "vehicle_id",
                    "kind",
                    "service_date",
                    "mileage_km",
                    "content",
                    "cost",
                ],
                iter(services),
            )

        await step("orders, vehicles, service records", after_sales())
        await step(
            "OEM distributed leads",
            gen.copy(
                "distributed_lead",
                [
                    "id",
                    "created_at",
                    "oem_id",
                    "external_ref",
                    "brand",
                    "region",
                    "city",
                    "customer_name",
                    "phone",
                    "phone_masked",
                    "tenant_id",
                    "store_id",
                    "lead_id",
                    "store_code",
                    "store_region",
                    "status",
                    "received_at",
                    "assigned_at",
                    "first_contact_at",
                    "sla_due_at",
                    "sla_outcome",
                    "breached_at",
                    "updated_at",
                ],
                gen.distributed(),
            ),
        )
        await step("indexes", recreate(conn, secondary))
        await step("foreign keys (checked)", recreate(conn, foreign_keys))
        await step("sequences and statistics", finish(conn))
    finally:
        await conn.close()
    elapsed = round(time.perf_counter() - started, 1)
    rows = [{"table": t, "rows": n} for t, n in gen.counts.items()]
    report(f"generate_{scale_name}", scale_name, rows, seconds=elapsed, steps=timings)
    print(f"total: {elapsed} s")


BULK_TABLES = ["customer", "customer_tag", "lead", "follow_up", "vehicle_order", "vehicle",
               "service_record", "distributed_lead"]  # fmt: skip


async def drop_secondary_indexes(conn: asyncpg.Connection) -> list[str]:
    """Drop the big tables' indexes that back no constraint, and return their
    definitions: building an index once after COPY is far cheaper than
    maintaining it row by row. Keys and unique constraints stay in force."""
    rows = await conn.fetch(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        BULK_TABLES,
    )
    for row in rows:
        await conn.execute(f'DROP INDEX "{row["indexname"]}"')
    return [row["indexdef"] for row in rows]


async def recreate(conn: asyncpg.Connection, definitions: list[str]) -> None:
    for definition in definitions:
        await conn.execute(definition)


async def drop_foreign_keys(conn: asyncpg.Connection) -> list[str]:
    """Drop the foreign keys of the big tables and return the statements that
    add them back. Checked row by row during COPY, they cost more than all the
    rest of the load (a trigger, an index probe and a row lock on the parent
    per key per row); added after the load, each is checked once, by one join."""
    rows = await conn.fetch(
        """SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
           FROM pg_constraint
           WHERE contype = 'f' AND conrelid::regclass::text = ANY($1::text[])
           ORDER BY conrelid::regclass::text, conname""",
        BULK_TABLES,
    )
    for row in rows:
        await conn.execute(f'ALTER TABLE "{row["tbl"]}" DROP CONSTRAINT "{row["conname"]}"')
    return [
        f'ALTER TABLE "{row["tbl"]}" ADD CONSTRAINT "{row["conname"]}" {row["def"]}' for row in rows
    ]


async def finish(conn: asyncpg.Connection) -> None:
    """setval every serial past the ids COPY wrote, then ANALYZE."""
    sequences = await conn.fetch(
        """SELECT tbl, col, seq FROM (
             SELECT c.relname AS tbl, a.attname AS col,
                    pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
             FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
             WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0
           ) s WHERE seq IS NOT NULL"""
    )
    for row in sequences:
        top = f'SELECT COALESCE(max("{row["col"]}"), 0) + 1 FROM "{row["tbl"]}"'
        await conn.execute(f"SELECT setval($1, ({top}), false)", row["seq"])
    await conn.execute("VACUUM (ANALYZE)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=SCALES, default="small")
    asyncio.run(generate(parser.parse_args().scale))
