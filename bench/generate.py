"""Fill a benchmark database with a realistic dealer network, fast.

    .venv/bin/python bench/generate.py --scale small      # seconds
    .venv/bin/python bench/generate.py --scale full       # 3M leads, ~13.6M follow-ups
    .venv/bin/python bench/generate.py --scale full --jobs 4

Creates database `saas_bench_<scale>` (or $BENCH_DATABASE) with two NOSUPERUSER
NOBYPASSRLS roles, as in production: `saas_bench_<scale>_owner` owns the tables
and runs the `saas migrate` code, which grants the application's role
`saas_bench_<scale>` row access only. Then, as the superuser (which bypasses
row-level security):

1. drops the big tables' secondary indexes and foreign keys (primary keys and
   unique constraints stay in force during the load);
2. loads the organisation and the users from this process;
3. loads customers, leads and everything hanging off them in `--jobs`
   processes (default: one per CPU), each with its own connection, writing
   binary COPY rows it packs itself. The data is cut into 16 slices of
   customer and lead ids; each slice draws from its own seeded random streams,
   so the data set depends on the seed and the scale only, not on the number
   of processes. Ids are assigned here: customers and leads by slice range,
   OEM distributed leads from the lead id, and tags, follow-ups, orders,
   vehicles and service records by slice once every slice has counted its own
   (so they stay dense). Composite keys (tenant_id, id) and composite foreign
   keys hold by construction;
4. on `--jobs` connections: ANALYZE; per big table, its foreign keys added
   back and checked against the whole table, VACUUM, then its indexes; then
   `setval`s every sequence past the ids it wrote and VACUUMs the small tables.

Each step prints its wall time, the generator processes' CPU and their
PostgreSQL backends' CPU (read from /proc when the server is local).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import struct
import sys
import time
import traceback
from array import array
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

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
from saas.notify.shown import shown_data


@dataclass(frozen=True)
class Scale:
    oems: int
    groups: int
    stores: int
    users: int
    customers: int
    leads: int
    follow_ups: int  # the mean of the per-lead draw; the rows come out ~10 % fewer


SCALES = {
    "tiny": Scale(3, 4, 10, 200, 8_000, 12_000, 60_000),
    "small": Scale(3, 4, 80, 800, 50_000, 80_000, 400_000),
    "medium": Scale(3, 50, 500, 10_000, 200_000, 300_000, 1_500_000),
    "large": Scale(3, 50, 500, 10_000, 700_000, 1_000_000, 5_000_000),
    "full": Scale(3, 50, 500, 10_000, 2_000_000, 3_000_000, 15_000_000),
}

SEED = 20261123
SLICES = 16
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
TAGS = ["first car", "price sensitive", "family", "NEV curious", "VIP"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
CONSULTANTS_PER_STORE_SHARE = 0.7  # the rest are managers, admins, executives


def _weighted(table: list[tuple[str, str, int]]) -> list[tuple[str, str]]:
    bag: list[tuple[str, str]] = []
    for status, grade, weight in table:
        bag += [(status, grade)] * weight
    return bag


def person_name(rng: random.Random) -> str:
    r = rng
    return r.choice(SURNAMES) + r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.6 else "")


# --- PostgreSQL binary COPY rows, packed here -------------------------------------------
# A row is an int16 field count, then per field an int32 byte length (-1: NULL) and
# the value: int8 and timestamptz (microseconds since 2000-01-01 UTC) as 8 bytes,
# int4 and date (days since 2000-01-01) as 4, bool as 1, text as UTF-8, jsonb as a
# version byte and the text, numeric as base-10000 digits.

PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
HOUR_US = 3_600 * 1_000_000
DAY_US = 24 * HOUR_US
NOW_US = (NOW - PG_EPOCH) // US
NOW_DAY = NOW_US // DAY_US
HISTORY_US = HISTORY // US
COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
COPY_TRAILER = struct.pack(">h", -1)
NULL = struct.pack(">i", -1)
I8 = struct.Struct(">iq")  # an int8 or timestamptz field
I4 = struct.Struct(">ii")  # an int4 or date field
FALSE, TRUE = b"\x00\x00\x00\x01\x00", b"\x00\x00\x00\x01\x01"


def text(value: str) -> bytes:
    data = value.encode()
    return struct.pack(">i", len(data)) + data


def jsonb(value: str) -> bytes:
    data = b"\x01" + value.encode()
    return struct.pack(">i", len(data)) + data


def stamp(us: int | None) -> bytes:
    return NULL if us is None else I8.pack(8, us)


def money(amount: int) -> bytes:
    """A whole, non-negative amount as numeric with two decimals."""
    digits = []
    while amount:
        amount, digit = divmod(amount, 10_000)
        digits.append(digit)
    digits.reverse()
    weight = len(digits) - 1 if digits else 0
    while digits and digits[-1] == 0:
        digits.pop()
    body = struct.pack(f">hhhh{len(digits)}h", len(digits), weight, 0, 2, *digits)
    return struct.pack(">i", len(body)) + body


async def copy_rows(
    conn: asyncpg.Connection, table: str, columns: list[str], rows: Iterator[bytes]
) -> int:
    """COPY packed rows into `table`, streamed in chunks of about 1 MB: the
    server stores one chunk while this process packs the next."""
    count = 0

    async def source() -> AsyncIterator[bytes]:
        nonlocal count
        chunk = [COPY_HEADER]
        for row in rows:
            chunk.append(row)
            if len(chunk) > 5_000:
                count += len(chunk) - 1
                yield b"".join(chunk)
                chunk = [b""]
        count += len(chunk) - 1
        chunk.append(COPY_TRAILER)
        yield b"".join(chunk)

    await conn.copy_to_table(table, source=source(), columns=columns, format="binary")
    return count


COLUMNS = {
    "customer": ["id", "created_at", "tenant_id", "store_id", "archive_no", "owner_id", "name",
                 "phone", "city", "model_class", "focus_points", "consent_marketing",
                 "consent_share_finance", "consent_share_insurance", "version", "updated_at"],
    "customer_tag": ["id", "created_at", "tenant_id", "customer_id", "store_id", "tag", "kind"],
    "lead": ["id", "created_at", "tenant_id", "store_id", "customer_id", "owner_id",
             "source_channel", "vehicle_model_id", "intent_grade", "status", "stage",
             "is_important", "is_distributed", "next_follow_up_at", "cadence_due_at", "due_at",
             "first_follow_up_at", "last_follow_up_at", "follow_up_count", "lost_reason",
             "closed_at", "version", "updated_at"],
    "follow_up": ["id", "created_at", "tenant_id", "lead_id", "store_id", "customer_id",
                  "user_id", "channel", "happened_at", "content", "result", "next_follow_up_at",
                  "next_follow_up_reason", "is_automatic", "due_at_before"],
    "vehicle_order": ["id", "created_at", "tenant_id", "lead_id", "store_id", "customer_id",
                      "vehicle_model_id", "price", "payment_method", "deposit", "status",
                      "signed_at", "delivered_at", "cancelled_at", "consultant_id"],
    "vehicle": ["id", "created_at", "tenant_id", "store_id", "customer_id", "vin",
                "vehicle_model_id", "model_name", "purchase_date", "price", "purchase_channel",
                "order_id"],
    "service_record": ["id", "created_at", "tenant_id", "store_id", "customer_id", "vehicle_id",
                       "kind", "service_date", "mileage_km", "content", "cost"],
    "notification": ["id", "created_at", "tenant_id", "user_id", "store_id", "kind", "channel",
                     "title", "body", "data", "shown_data", "dedup_key", "read_at", "sent_at"],
    "reminder_task": ["id", "created_at", "tenant_id", "store_id", "user_id", "customer_id",
                      "kind", "due_date", "title", "dedup_key", "status", "result", "done_at"],
    "distributed_lead": ["id", "created_at", "oem_id", "external_ref", "brand", "region", "city",
                         "customer_name", "phone", "phone_masked", "tenant_id", "store_id",
                         "lead_id", "store_code", "store_region", "status", "received_at",
                         "assigned_at", "first_contact_at", "sla_due_at", "sla_outcome",
                         "breached_at", "updated_at", "sla_warn_at"],
}  # fmt: skip


@dataclass
class Plan:
    """What every slice needs from the organisation: built once, sent to each process."""

    scale: Scale
    vehicle_models: int
    store_tenant: list[int]  # index = store id - 1
    store_users: list[list[int]]  # index = store id - 1: the store's consultants
    customer_store: array  # index = customer id - 1


class Organisation:
    """OEMs, dealer groups, stores, vehicle models, routing rules, users and roles,
    loaded from the main process; and the store of every customer."""

    def __init__(self, scale: Scale, conn: asyncpg.Connection) -> None:
        self.s = scale
        self.conn = conn
        self.rng = random.Random(SEED)
        self.counts: dict[str, int] = {}
        self.store_tenant: list[int] = []
        self.store_users: list[list[int]] = []
        self.vehicle_models = 0

    async def copy(self, table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
        await self.conn.copy_records_to_table(table, records=rows, columns=columns)
        self.counts[table] = self.counts.get(table, 0) + len(rows)

    def plan(self) -> Plan:
        s = self.s
        # Every customer belongs to a random store; leads of any slice look it up.
        rng = random.Random(f"{SEED}:customer stores")
        stores = rng.choices(range(1, s.stores + 1), k=s.customers)
        return Plan(s, self.vehicle_models, self.store_tenant, self.store_users, array("H", stores))

    async def organisations(self) -> None:
        s = self.s
        await self.copy(
            "oem",
            ["id", "created_at", "code", "name", "brands"],
            [
                (i, NOW, f"oem{i}", f"{BRANDS[i - 1]} Motors", f'["{BRANDS[i - 1]}"]')
                for i in range(1, s.oems + 1)
            ],
        )
        await self.copy(
            "dealer_group",
            ["id", "created_at", "code", "name", "is_active", "settings"],
            [
                (g, NOW - HISTORY, f"grp{g}", f"Dealer group {g}", True, "{}")
                for g in range(1, s.groups + 1)
            ],
        )
        stores = []
        # Group 1 is a large dealer group of 20 stores (the store comparison's
        # case); the other stores go round the other groups.
        big = min(20, s.stores // s.groups * 2) if s.groups > 1 else s.stores
        for store in range(1, s.stores + 1):
            tenant = 1 if store <= big else (store - big - 1) % (s.groups - 1) + 2
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
            stores,
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
            models,
        )
        routing = [
            (i + 1, NOW, (i % s.oems) + 1, BRANDS[i % s.oems], region, None)
            for i, region in enumerate(sorted(REGIONS) * s.oems)
        ]
        await self.copy(
            "oem_routing_rule",
            ["id", "created_at", "oem_id", "brand", "region", "city"],
            routing,
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
                    person_name(self.rng),
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
            user(tenant, None, "showroom_manager", f"store:{store}")
            self.store_users.append(
                [user(tenant, None, "consultant", f"store:{store}") for _ in range(per_store - 1)]
            )
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
            users,
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
            roles,
        )


# Fields the rows below share, packed once.
SURNAME_BYTES = [c.encode() for c in SURNAMES]
GIVEN_BYTES = [c.encode() for c in GIVEN]
CITY_FIELDS = [text(city) for _region, city in CITIES]
CLASS_FIELDS = [text(klass) for klass in CLASSES]
# focus_points '[]', consent_marketing (by index), the two other consents, version 1
CUSTOMER_MIDDLE = [
    jsonb("[]") + consent + FALSE + FALSE + I4.pack(4, 1) for consent in (FALSE, TRUE)
]
CUSTOMER_HEAD = struct.Struct(">hiqiqiqiqi13siq")
TAG_FIELDS = [text(tag) + text("static") for tag in TAGS]
TAG_HEAD = struct.Struct(">hiqiqiqiqiq")
LEAD_HEAD = struct.Struct(">hiqiqiqiqiqiq")
CHANNEL_FIELDS = {channel: text(channel) for channel in [*CHANNELS, "oem"]}
BAG = _weighted(OUTCOMES)
GRADE_STATUS_FIELDS = [text(grade) + text(status) for status, grade in BAG]
STAGE_FIELDS = {stage: text(stage) for stage in STAGES}
LOST_FIELDS = {status: text("price") if status == "lost" else NULL for status, _ in BAG}
FU_CONTENT = text("Called back about the offer") + NULL  # content, result
FU_REASON = text("follow up") + FALSE  # next_follow_up_reason, is_automatic
FU_LEAD = struct.Struct(">iqiqiqiqiq")  # tenant, lead, store, customer, user
FU_ROWS = [  # one row layout per channel (its text's length)
    (
        struct.Struct(
            f">hiqiq{FU_LEAD.size}s{len(channel)}siq{len(FU_CONTENT)}siq{len(FU_REASON)}siq"
        ),
        channel,
    )
    for channel in (text(c) for c in FU_CHANNELS)
]
# Reminder tasks: the kinds the after-sales sweep creates; the status of a task
# due before the data set's "now" (done, skipped for want of consent, still open).
TASK_KINDS = ["maintenance", "insurance_renewal", "birthday", "win_back", "anniversary"]
TASK_FIELDS = [text(kind) for kind in TASK_KINDS]
TASK_TITLES = [text(f"{kind.replace('_', ' ').capitalize()} due") for kind in TASK_KINDS]
TASK_PAST = [("done", "called back", 7), ("skipped", "skipped: no marketing consent", 1),
             ("open", None, 2)]  # fmt: skip
TASK_PAST_BAG = [
    (text(st), NULL if r is None else text(r)) for st, r, w in TASK_PAST for _ in range(w)
]
TASK_OPEN = (text("open"), NULL)
# Notifications the jobs write to a lead's owner, in-app: a past cadence
# reminder (read), an open lead overdue now (unread), an OEM lead's SLA warning.
IN_APP = text("in_app")
NOTE_CADENCE = text("cadence_overdue") + IN_APP + text("Follow-up overdue")
NOTE_SLA = text("sla_warning") + IN_APP + text("OEM lead: first contact due soon")
ORDER_STATUS = {"ordered": "signed", "delivered": "delivered", "cancelled": "cancelled"}
PAYMENTS = [text(p) for p in ("cash", "loan", "lease")]


class Slice:
    """One sixteenth of the customer ids and of the lead ids, with everything that
    hangs off those leads. Each table's rows come from the slice's own random
    stream, so a slice always produces the same rows whichever process runs it."""

    def __init__(self, plan: Plan, index: int) -> None:
        s = plan.scale
        self.plan = plan
        self.index = index
        self.customer_ids = range(
            1 + s.customers * index // SLICES, 1 + s.customers * (index + 1) // SLICES
        )
        self.lead_ids = range(1 + s.leads * index // SLICES, 1 + s.leads * (index + 1) // SLICES)
        # Filled by the first pass, read by the second:
        # lead id, tenant, store, customer, owner, created (us), status, follow-ups
        self.leads: list[tuple[int, int, int, int, int, int, str, int]] = []
        self.tags: list[tuple[int, int, int]] = []  # customer, store, tag index
        self.orders: list[tuple[Any, ...]] = []
        self.vehicles: list[tuple[Any, ...]] = []
        self.services: list[tuple[int, int, int, int, int]] = []
        self.tasks: list[
            tuple[int, int, int, int, int, int]
        ] = []  # customer, store, owner, kind, due day, past?
        # lead, tenant, store, owner, created (us), due (us), kind (0 cadence, 1 SLA), read (us)
        self.notes: list[tuple[int, int, int, int, int, int, int, int | None]] = []

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"{SEED}:{self.index}:{stream}")

    def counts(self) -> dict[str, int]:
        return {
            "customer_tag": len(self.tags),
            "follow_up": sum(lead[7] for lead in self.leads),
            "vehicle_order": len(self.orders),
            "vehicle": len(self.vehicles),
            "service_record": len(self.services),
            "reminder_task": len(self.tasks),
            "notification": len(self.notes),
        }

    # -- first pass: customers, leads, OEM distributed leads; the rest is counted ---------

    def customer_rows(self) -> Iterator[bytes]:
        rng = self.rng("customers")
        rnd, randrange = rng.random, rng.randrange
        store_tenant, store_users = self.plan.store_tenant, self.plan.store_users
        customer_store = self.plan.customer_store
        n_sur, n_given, n_cities, n_classes = len(SURNAMES), len(GIVEN), len(CITIES), len(CLASSES)
        tasks = self.rng("tasks")
        for cid in self.customer_ids:
            store = customer_store[cid - 1]
            created = NOW_US - int(HISTORY_US * rnd())
            staff = store_users[store - 1]
            owner = staff[randrange(len(staff))]
            # About one customer in three has a reminder task or two (due in
            # the last 90 days or the next 30), for its owner.
            if tasks.random() < 0.35:
                for kind in tasks.sample(range(len(TASK_KINDS)), 1 + (tasks.random() < 0.15)):
                    due = NOW_DAY - 90 + tasks.randrange(121)
                    self.tasks.append((cid, store, owner, kind, due, tasks.randrange(10)))
            name = SURNAME_BYTES[randrange(n_sur)] + GIVEN_BYTES[randrange(n_given)]
            if rnd() < 0.6:
                name += GIVEN_BYTES[randrange(n_given)]
            yield b"".join((
                CUSTOMER_HEAD.pack(16, 8, cid, 8, created, 8, store_tenant[store - 1], 8, store,
                                   13, b"C%04d%08d" % (store, cid), 8, owner),
                struct.pack(">i", len(name)), name,
                b"\x00\x00\x00\x0e+86138%08d" % cid,
                CITY_FIELDS[randrange(n_cities)],
                CLASS_FIELDS[randrange(n_classes)],
                CUSTOMER_MIDDLE[rnd() < 0.6],
                I8.pack(8, created),
            ))  # fmt: skip

    def draw_tags(self) -> None:
        rng = self.rng("tags")
        customer_store = self.plan.customer_store
        for cid in self.customer_ids:
            for tag in rng.sample(range(len(TAGS)), rng.randrange(0, 3)):
                self.tags.append((cid, customer_store[cid - 1], tag))

    def lead_rows(self) -> Iterator[bytes]:
        """Leads of random customers at their store; the newest are the open ones."""
        plan, s = self.plan, self.plan.scale
        rng = self.rng("leads")
        rnd, randrange, expovariate = rng.random, rng.randrange, rng.expovariate
        store_tenant, store_users = plan.store_tenant, plan.store_users
        customer_store = plan.customer_store
        rate = 1 / (s.follow_ups / s.leads)
        n_bag, models = len(BAG), plan.vehicle_models
        leads = self.leads
        for lid in self.lead_ids:
            cid = randrange(1, s.customers + 1)
            store = customer_store[cid - 1]
            tenant = store_tenant[store - 1]
            # Some consultants carry far more leads than others.
            staff = store_users[store - 1]
            owner = staff[int(len(staff) * rnd() ** 2)]
            age = rnd()
            outcome = randrange(n_bag)
            status = BAG[outcome][0]
            if status == "open":
                age = age * 0.1  # open leads are recent
            created = NOW_US - int(HISTORY_US * age)
            n_follow = max(0, int(expovariate(rate)))
            leads.append((lid, tenant, store, cid, owner, created, status, n_follow))
            if status == "open":
                due = stamp(NOW_US - 72 * HOUR_US + int(rnd() * 312 * HOUR_US))
                stage = STAGES[randrange(5)]
            else:
                due = NULL
                stage = {
                    "lost": STAGES[randrange(5)],
                    "cancelled": "contract",
                    "ordered": STAGES[5],
                }.get(status, STAGES[6])
            last = created + int(rnd() * 30 * DAY_US) if n_follow else None
            first = created + HOUR_US + int(rnd() * 47 * HOUR_US) if n_follow else None
            closed = None if status in ("open", "ordered") else (last or created) + DAY_US
            oem = lid % 8 == 0
            yield b"".join((
                LEAD_HEAD.pack(23, 8, lid, 8, created, 8, tenant, 8, store, 8, cid, 8, owner),
                CHANNEL_FIELDS["oem" if oem else CHANNELS[randrange(6)]],
                I8.pack(8, randrange(1, models + 1)),
                GRADE_STATUS_FIELDS[outcome],
                STAGE_FIELDS[stage],
                FALSE,  # is_important
                TRUE if oem else FALSE,  # is_distributed
                due, due, due,  # next_follow_up_at, cadence_due_at, due_at
                stamp(first),
                stamp(last),
                I4.pack(4, n_follow),
                LOST_FIELDS[status],
                stamp(closed),
                I4.pack(4, 1),  # version
                I8.pack(8, last or created),
            ))  # fmt: skip

    def distributed_rows(self) -> Iterator[bytes]:
        """OEM leads: one lead in eight came from an OEM; SLA history. The id is the
        lead id / 8, so it needs no count from other slices."""
        rng = self.rng("distributed")
        rnd = rng.random
        oems = self.plan.scale.oems
        for lid, tenant, store, cid, _owner, created, _status, n in self.leads:
            if lid % 8:
                continue
            did = lid // 8
            oem = (store % oems) + 1
            contacted = created + HOUR_US // 2 + int(rnd() * 29.5 * HOUR_US) if n else None
            due = created + 24 * HOUR_US
            outcome = (
                "pending"
                if contacted is None and due > NOW_US
                else ("met" if contacted and contacted <= due else "breached")
            )
            region, city = CITIES[store % len(CITIES)]
            yield b"".join((
                struct.pack(">h", 24),
                I8.pack(8, did),
                I8.pack(8, created),
                I8.pack(8, oem),
                text(f"EXT{did:09d}"),
                text(BRANDS[oem - 1]),
                text(region),
                text(city),
                text("客户"),
                text(f"+86138{cid:08d}"),
                text(f"+86 1** **** {cid % 10000:04d}"),
                I8.pack(8, tenant),
                I8.pack(8, store),
                I8.pack(8, lid),
                text(f"S{store:04d}"),
                text(region),
                text("active"),
                I8.pack(8, created),  # received_at
                I8.pack(8, created),  # assigned_at
                stamp(contacted),
                I8.pack(8, due),
                text(outcome),
                stamp(due if outcome == "breached" else None),
                I8.pack(8, created),
                I8.pack(8, due - 2 * HOUR_US),  # sla_warn_at: the default 120 minutes before
            ))  # fmt: skip

    def draw_notifications(self) -> None:
        """In-app notifications to the leads' owners: one past cadence reminder
        for half the leads followed up (read a few hours later), one for each
        open lead overdue now (one in four read), one SLA warning per OEM lead
        (read)."""
        rng = self.rng("notifications")
        rnd = rng.random
        notes = self.notes
        for lid, tenant, store, _cid, owner, created, status, n in self.leads:
            if n and rnd() < 0.5:
                at = created + DAY_US + int(rnd() * 20 * DAY_US)
                # Before the last two days (the overdue ones below): distinct keys.
                if at < NOW_US - 49 * HOUR_US:
                    notes.append((lid, tenant, store, owner, at, at - HOUR_US, 0, at + 3 * HOUR_US))
            if status == "open" and rnd() < 0.6:
                at = NOW_US - int(rnd() * 48 * HOUR_US)
                notes.append((lid, tenant, store, owner, at, at - HOUR_US, 0,
                              at + HOUR_US if rnd() < 0.25 else None))  # fmt: skip
            if lid % 8 == 0:
                at = created + 22 * HOUR_US
                if at < NOW_US:
                    notes.append((lid, tenant, store, owner, at, created + 24 * HOUR_US, 1,
                                  at + HOUR_US))  # fmt: skip

    def draw_after_sales(self) -> None:
        """Orders of the ordered, delivered and cancelled leads, vehicles of the
        delivered ones, their maintenance since; ids local to the slice for now."""
        rng = self.rng("after sales")
        models = self.plan.vehicle_models
        for lid, tenant, store, cid, owner, created, status, _n in self.leads:
            if status not in ORDER_STATUS:
                continue
            order = len(self.orders)
            signed = created + 3 * DAY_US + int(rng.random() * 37 * DAY_US)
            model = rng.randrange(1, models + 1)
            price = rng.randrange(120_000, 450_000)
            delivered = signed + 14 * DAY_US if status == "delivered" else None
            cancelled = signed + 3 * DAY_US if status == "cancelled" else None
            payment = rng.randrange(len(PAYMENTS))
            self.orders.append(
                (order, signed, tenant, lid, store, cid, model, price, payment,
                 ORDER_STATUS[status], delivered, cancelled, owner)
            )  # fmt: skip
            if delivered is None:
                continue
            vehicle = len(self.vehicles)
            self.vehicles.append((vehicle, delivered, tenant, store, cid, model, price, order))
            day = delivered // DAY_US
            while True:
                day += rng.randrange(150, 240)
                if day > NOW_DAY:
                    break
                self.services.append((day, tenant, store, cid, vehicle))

    # -- second pass, with the first ids of this slice's tags, follow-ups, orders, ... ----

    def tag_rows(self, first_id: int) -> Iterator[bytes]:
        created = NOW_US - HISTORY_US
        store_tenant = self.plan.store_tenant
        for tid, (cid, store, tag) in enumerate(self.tags, start=first_id):
            yield (
                TAG_HEAD.pack(7, 8, tid, 8, created, 8, store_tenant[store - 1], 8, cid, 8, store)
                + TAG_FIELDS[tag]
            )

    def follow_up_rows(self, first_id: int) -> Iterator[bytes]:
        rnd = self.rng("follow-ups").random
        fid = first_id - 1
        for lid, tenant, store, cid, owner, created, _status, n in self.leads:
            lead = FU_LEAD.pack(8, tenant, 8, lid, 8, store, 8, cid, 8, owner)
            at = created
            for _ in range(n):
                fid += 1
                at += 2 * HOUR_US + int(rnd() * 94 * HOUR_US)
                row, channel = FU_ROWS[fid % 6]
                yield row.pack(
                    15, 8, fid, 8, at, lead, channel,
                    8, at if at < NOW_US else NOW_US,  # happened_at
                    FU_CONTENT,
                    8, at + 2 * DAY_US,  # next_follow_up_at
                    FU_REASON,
                    8, at + DAY_US,  # due_at_before
                )  # fmt: skip

    def order_rows(self, first_id: int) -> Iterator[bytes]:
        deposit = money(5000)
        for order in self.orders:
            (local, signed, tenant, lid, store, cid, model, price, payment,
             status, delivered, cancelled, owner) = order  # fmt: skip
            yield b"".join((
                struct.pack(">h", 15),
                I8.pack(8, first_id + local),
                I8.pack(8, signed),
                I8.pack(8, tenant),
                I8.pack(8, lid),
                I8.pack(8, store),
                I8.pack(8, cid),
                I8.pack(8, model),
                money(price),
                PAYMENTS[payment],
                deposit,
                text(status),
                I8.pack(8, signed),
                stamp(delivered),
                stamp(cancelled),
                I8.pack(8, owner),
            ))  # fmt: skip

    def vehicle_rows(self, first_id: int, first_order: int) -> Iterator[bytes]:
        for local, delivered, tenant, store, cid, model, price, order in self.vehicles:
            vid = first_id + local
            yield b"".join((
                struct.pack(">h", 12),
                I8.pack(8, vid),
                I8.pack(8, delivered),
                I8.pack(8, tenant),
                I8.pack(8, store),
                I8.pack(8, cid),
                text(f"LBV{vid:014d}"),
                I8.pack(8, model),
                text(f"Model {model}"),
                I4.pack(4, delivered // DAY_US),
                money(price),
                text("this_store"),
                I8.pack(8, first_order + order),
            ))  # fmt: skip

    def task_rows(self, first_id: int) -> Iterator[bytes]:
        store_tenant = self.plan.store_tenant
        for tid, (cid, store, owner, kind, due, draw) in enumerate(self.tasks, start=first_id):
            past = due < NOW_DAY
            status, result = TASK_PAST_BAG[draw] if past else TASK_OPEN
            created = (due - 7) * DAY_US
            yield b"".join((
                struct.pack(">h", 13),
                I8.pack(8, tid),
                I8.pack(8, created),
                I8.pack(8, store_tenant[store - 1]),
                I8.pack(8, store),
                I8.pack(8, owner),
                I8.pack(8, cid),
                TASK_FIELDS[kind],
                I4.pack(4, due),
                TASK_TITLES[kind],
                text(f"{TASK_KINDS[kind]}:{cid}:{due}"),
                status,
                result,
                stamp(due * DAY_US + 10 * HOUR_US if past and draw < 7 else None),  # done_at
            ))  # fmt: skip

    def notification_rows(self, first_id: int) -> Iterator[bytes]:
        for nid, (lid, tenant, store, owner, at, due, kind, read) in enumerate(
            self.notes, start=first_id
        ):
            due_at = (PG_EPOCH + due * US).isoformat()
            if kind == 0:
                head = NOTE_CADENCE
                body = f"Lead {lid} was due {due_at[:16].replace('T', ' ')} UTC."
                key = f"cadence:{lid}:{due // 1_000_000 + 946_684_800}@{owner}"
            else:
                head = NOTE_SLA
                body = f"Call the customer (EXT{lid // 8:09d}) within 120 minutes."
                key = f"sla-warn:{lid // 8}:{at}@{owner}"
            data = {"lead_id": lid, "due_at": due_at}
            yield b"".join((
                struct.pack(">h", 14),
                I8.pack(8, nid),
                I8.pack(8, at),
                I8.pack(8, tenant),
                I8.pack(8, owner),
                I8.pack(8, store),
                head,
                text(body),
                jsonb(f'{{"lead_id": {lid}, "due_at": "{due_at}"}}'),
                # As `notify` writes it.
                NULL if (shown := shown_data(data)) is None else text(shown),
                text(key),
                stamp(read),
                NULL,  # sent_at: in-app only
            ))  # fmt: skip

    def service_rows(self, first_id: int, first_vehicle: int) -> Iterator[bytes]:
        tail = text("Scheduled maintenance") + money(680)
        for sid, (day, tenant, store, cid, vehicle) in enumerate(self.services, start=first_id):
            yield b"".join((
                struct.pack(">h", 11),
                I8.pack(8, sid),
                I8.pack(8, day * DAY_US),
                I8.pack(8, tenant),
                I8.pack(8, store),
                I8.pack(8, cid),
                I8.pack(8, first_vehicle + vehicle),
                text("maintenance"),
                I4.pack(4, day),
                I4.pack(4, 5000 * sid % 60000 + 5000),
                tail,
            ))  # fmt: skip


# --- generator processes --------------------------------------------------------------


class Meter:
    """Rows, CPU of this process and CPU of its PostgreSQL backend, per table."""

    def __init__(self, backend: int) -> None:
        self.backend = backend
        self.tables: dict[str, dict[str, float]] = {}

    def _add(self, table: str, rows: int, cpu0: float, server0: float) -> None:
        usage = self.tables.setdefault(table, {"rows": 0, "python_cpu_s": 0.0, "server_cpu_s": 0.0})
        usage["rows"] += rows
        usage["python_cpu_s"] += time.process_time() - cpu0
        usage["server_cpu_s"] += server_cpu(self.backend) - server0

    async def copy(self, conn: asyncpg.Connection, table: str, rows: Iterator[bytes]) -> None:
        cpu0, server0 = time.process_time(), server_cpu(self.backend)
        count = await copy_rows(conn, table, COLUMNS[table], rows)
        self._add(table, count, cpu0, server0)

    def draw(self, table: str, draw: Callable[[], None]) -> None:
        cpu0, server0 = time.process_time(), server_cpu(self.backend)
        draw()
        self._add(table, 0, cpu0, server0)

    def take(self) -> dict[str, dict[str, float]]:
        tables, self.tables = self.tables, {}
        return tables


FIRST_PASS = "customers, leads, OEM distributed leads"
SECOND_PASS = (
    "customer tags, follow-ups, orders, vehicles, service records, reminder tasks, notifications"
)


def work(dsn: str, plan: Plan, slices: list[int], pipe: Pipe) -> None:
    """A generator process: both passes over its slices, on its own connection.
    Between them it sends its slices' counts and waits for their first ids."""
    try:
        asyncio.run(_work(dsn, plan, slices, pipe))
    except BaseException:
        pipe.send(("error", traceback.format_exc()))
        raise SystemExit(1) from None


async def _work(dsn: str, plan: Plan, slices: list[int], pipe: Pipe) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("SET synchronous_commit = off")
        meter = Meter(conn.get_server_pid())
        parts = [Slice(plan, index) for index in slices]
        for part in parts:
            await meter.copy(conn, "customer", part.customer_rows())
            meter.draw("customer_tag", part.draw_tags)
            await meter.copy(conn, "lead", part.lead_rows())
            await meter.copy(conn, "distributed_lead", part.distributed_rows())
            meter.draw("vehicle_order", part.draw_after_sales)
            meter.draw("notification", part.draw_notifications)
        pipe.send(("counted", {part.index: part.counts() for part in parts}, meter.take()))
        first_ids: dict[int, dict[str, int]] = pipe.recv()
        for part in parts:
            first = first_ids[part.index]
            await meter.copy(conn, "customer_tag", part.tag_rows(first["customer_tag"]))
            await meter.copy(conn, "follow_up", part.follow_up_rows(first["follow_up"]))
            await meter.copy(conn, "vehicle_order", part.order_rows(first["vehicle_order"]))
            await meter.copy(
                conn, "vehicle", part.vehicle_rows(first["vehicle"], first["vehicle_order"])
            )
            await meter.copy(
                conn, "service_record", part.service_rows(first["service_record"], first["vehicle"])
            )
            await meter.copy(conn, "reminder_task", part.task_rows(first["reminder_task"]))
            await meter.copy(conn, "notification", part.notification_rows(first["notification"]))
            part.leads, part.tags, part.orders, part.vehicles, part.services = [], [], [], [], []
            part.tasks, part.notes = [], []
        pipe.send(("done", {}, meter.take()))
    finally:
        await conn.close()


class WorkerFailed(RuntimeError):
    pass


def receive_all(pipes: list[Pipe]) -> list[tuple[str, Any, dict[str, dict[str, float]]]]:
    """One message from every process, in process order; the first failure raises."""
    got: dict[int, Any] = {}
    while len(got) < len(pipes):
        waiting = [pipe for i, pipe in enumerate(pipes) if i not in got]
        for pipe in multiprocessing.connection.wait(waiting):
            try:
                message = pipe.recv()  # type: ignore[union-attr]
            except EOFError:
                raise WorkerFailed("a generator process died") from None
            if message[0] == "error":
                raise WorkerFailed(message[1])
            got[pipes.index(pipe)] = message  # type: ignore[arg-type]
    return [got[i] for i in range(len(pipes))]


def merge_usage(messages: list[tuple[str, Any, dict[str, dict[str, float]]]]) -> dict[str, Any]:
    tables: dict[str, dict[str, float]] = {}
    for _kind, _payload, usage in messages:
        for table, figures in usage.items():
            total = tables.setdefault(table, {"rows": 0, "python_cpu_s": 0.0, "server_cpu_s": 0.0})
            for key, value in figures.items():
                total[key] += value
    return {
        "python_cpu_s": sum(t["python_cpu_s"] for t in tables.values()),
        "server_cpu_s": sum(t["server_cpu_s"] for t in tables.values()),
        "tables": {
            table: {
                key: round(value, 1) if key != "rows" else int(value) for key, value in t.items()
            }
            for table, t in tables.items()
        },
    }


class Processes:
    """The generator processes of one run (spawned: nothing of this process's
    event loop or connections is inherited)."""

    def __init__(self, dsn: str, plan: Plan, jobs: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes: list[Pipe] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for job in range(jobs):
            ours, theirs = context.Pipe()
            process = context.Process(
                target=work,
                args=(dsn, plan, list(range(job, SLICES, jobs)), theirs),
                name=f"generate-{job}",
            )
            process.start()
            theirs.close()
            self.pipes.append(ours)
            self.processes.append(process)
        self.rows: dict[str, int] = {}

    async def receive(self) -> tuple[list[Any], dict[str, Any]]:
        messages = await asyncio.get_running_loop().run_in_executor(None, receive_all, self.pipes)
        usage = merge_usage(messages)
        for table, figures in usage["tables"].items():
            self.rows[table] = self.rows.get(table, 0) + figures["rows"]
        return [payload for _kind, payload, _usage in messages], usage

    async def first_pass(self) -> dict[str, Any]:
        """Customers, leads and OEM leads; then every slice's counts give each slice
        the first ids of its tags, follow-ups, orders, vehicles and service records."""
        payloads, usage = await self.receive()
        counts: dict[int, dict[str, int]] = {}
        for payload in payloads:
            counts.update(payload)
        next_id: dict[str, int] = dict.fromkeys(counts[0], 1)
        first_ids = {}
        for index in range(SLICES):
            first_ids[index] = dict(next_id)
            for table, count in counts[index].items():
                next_id[table] += count
        for pipe in self.pipes:
            pipe.send(first_ids)
        return usage

    async def second_pass(self) -> dict[str, Any]:
        _payloads, usage = await self.receive()
        return usage

    def close(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join()


# --- the database around the load -------------------------------------------------------


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


BULK_TABLES = ["customer", "customer_tag", "lead", "follow_up", "vehicle_order", "vehicle",
               "service_record", "distributed_lead", "reminder_task", "notification"]  # fmt: skip


async def drop_secondary_indexes(conn: asyncpg.Connection) -> list[tuple[str, str, str]]:
    """Drop the big tables' indexes that back no constraint, and return their
    tables, names and definitions: building an index once after COPY is far cheaper than
    maintaining it row by row. Keys and unique constraints stay in force."""
    rows = await conn.fetch(
        """SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        BULK_TABLES,
    )
    for row in rows:
        await conn.execute(f'DROP INDEX "{row["indexname"]}"')
    return [(row["tablename"], row["indexname"], row["indexdef"]) for row in rows]


async def drop_foreign_keys(conn: asyncpg.Connection) -> list[tuple[str, str, str]]:
    """Drop the foreign keys of the big tables and return their tables, names and
    definitions. Checked row by row during COPY, they cost more than all the rest
    of the load (a trigger, an index probe and a row lock on the parent per key
    per row); added after the load, each is checked once, by one join."""
    rows = await conn.fetch(
        """SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
           FROM pg_constraint
           WHERE contype = 'f' AND conrelid::regclass::text = ANY($1::text[])
           ORDER BY conrelid::regclass::text, conname""",
        BULK_TABLES,
    )
    for row in rows:
        await conn.execute(f'ALTER TABLE "{row["tbl"]}" DROP CONSTRAINT "{row["conname"]}"')
    return [(row["tbl"], row["conname"], row["def"]) for row in rows]


@dataclass
class Job:
    label: str
    sql: list[str]
    after: str | None = None  # the label of a job that must have finished first


async def on_pool(pool: list[asyncpg.Connection], jobs: list[Job]) -> dict[str, Any]:
    """Run `jobs` on the connections, each free connection taking the first job
    whose `after` has finished; their durations (and their statements')."""
    pending = list(jobs)
    finished: set[str] = set()
    progress = asyncio.Event()
    done: list[dict[str, Any]] = []

    async def drain(conn: asyncpg.Connection) -> None:
        while pending:
            job = next((j for j in pending if j.after is None or j.after in finished), None)
            if job is None:
                progress.clear()
                await progress.wait()
                continue
            pending.remove(job)
            started, parts = time.perf_counter(), []
            for sql in job.sql:
                t0 = time.perf_counter()
                await conn.execute(sql)
                parts.append({"sql": sql, "seconds": round(time.perf_counter() - t0, 1)})
            done.append({
                "job": job.label,
                "seconds": round(time.perf_counter() - started, 1),
                **({"statements": parts} if len(parts) > 1 else {}),
            })  # fmt: skip
            finished.add(job.label)
            progress.set()

    await asyncio.gather(*(drain(conn) for conn in pool))
    return {"jobs": sorted(done, key=lambda job: -job["seconds"])}


async def by_size(conn: asyncpg.Connection, tables: list[str]) -> list[str]:
    sizes = await conn.fetch(
        "SELECT t, pg_table_size(t::regclass) FROM unnest($1::text[]) AS t", tables
    )
    return [row[0] for row in sorted(sizes, key=lambda row: -row[1])]


async def analyze(conn: asyncpg.Connection, pool: list[asyncpg.Connection]) -> dict[str, Any]:
    """Statistics first: the foreign key checks below are joins the planner plans."""
    tables = await by_size(conn, await public_tables(conn))
    return await on_pool(pool, [Job(t, [f'ANALYZE "{t}"']) for t in tables])


async def public_tables(conn: asyncpg.Connection) -> list[str]:
    rows = await conn.fetch(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
    )
    return [row[0] for row in rows]


async def check_and_index(
    conn: asyncpg.Connection,
    pool: list[asyncpg.Connection],
    indexes: list[tuple[str, str, str]],
    foreign_keys: list[tuple[str, str, str]],
) -> dict[str, Any]:
    """Per big table, biggest first: check its foreign keys and VACUUM it
    (visibility map for index-only scans), one job; then each of its indexes, a
    job of its own that any connection can take (index builds on one table do
    not lock each other out). The foreign keys are added NOT VALID, then
    validated: the same check of every row as ADD CONSTRAINT, but it locks the
    referenced table in ROW SHARE mode only, so different tables are checked at
    the same time."""
    for table, name, definition in foreign_keys:
        await conn.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition} NOT VALID')
    tables = await by_size(conn, BULK_TABLES)
    checks = [
        Job(
            f"{table}: foreign keys, vacuum",
            [
                *(
                    f'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{name}"'
                    for t, name, _definition in foreign_keys
                    if t == table
                ),
                f'VACUUM "{table}"',
            ],
        )
        for table in tables
    ]
    builds = [
        Job(name, [definition], after=f"{table}: foreign keys, vacuum")
        for table in tables
        for t, name, definition in indexes
        if t == table
    ]
    usage = await on_pool(pool, checks + builds)
    invalid = await conn.fetchval(
        "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated"
    )
    assert invalid == 0, f"{invalid} foreign keys left unchecked"
    return usage


async def finish(conn: asyncpg.Connection, pool: list[asyncpg.Connection]) -> dict[str, Any]:
    """setval every serial past the ids COPY wrote; VACUUM the small tables."""
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
    small = [t for t in await public_tables(conn) if t not in BULK_TABLES]
    return await on_pool(pool, [Job(t, [f'VACUUM "{t}"']) for t in small])


async def open_pool(dsn: str, size: int) -> list[asyncpg.Connection]:
    pool = []
    for _ in range(size):
        conn = await asyncpg.connect(dsn)
        await conn.execute("SET synchronous_commit = off")
        await conn.execute("SET maintenance_work_mem = '2GB'")
        pool.append(conn)
    return pool


async def generate(scale_name: str, jobs: int) -> None:
    scale = SCALES[scale_name]
    assert scale.customers < 10**8 and scale.stores < 10**4  # fixed-width codes and phones
    started = time.perf_counter()
    timings: list[dict[str, object]] = []
    backends: list[int] = []

    async def step(label: str, work: Awaitable[dict[str, Any] | None]) -> None:
        """Time `work`: wall, this process's CPU and its backends', plus whatever
        CPU the generator processes report back."""
        t0, c0 = time.perf_counter(), time.process_time()
        s0 = sum(server_cpu(pid) for pid in backends)
        usage = await work or {}
        timings.append({
            "step": label,
            "seconds": round(time.perf_counter() - t0, 1),
            "python_cpu_s": round(time.process_time() - c0 + usage.get("python_cpu_s", 0), 1),
            "server_cpu_s": round(
                sum(server_cpu(pid) for pid in backends) - s0 + usage.get("server_cpu_s", 0), 1
            ),
            "load_average_1m": round(os.getloadavg()[0], 2),
            **{key: usage[key] for key in ("tables", "jobs") if key in usage},
        })  # fmt: skip
        t = timings[-1]
        print(
            f"  {label}: {t['seconds']} s (Python CPU {t['python_cpu_s']} s,"
            f" server CPU {t['server_cpu_s']} s, load {t['load_average_1m']})",
            flush=True,
        )
        for table, figures in usage.get("tables", {}).items():
            print(
                f"    {table}: {figures['rows']:,} rows, Python CPU {figures['python_cpu_s']} s,"
                f" server CPU {figures['server_cpu_s']} s",
                flush=True,
            )
        for job in usage.get("jobs", [])[:3]:
            print(f"    {job['job']}: {job['seconds']} s", flush=True)

    async def prepare() -> None:
        await create_database(scale_name)
        await migrate_as_owner(scale_name)

    await step("database and migrations", prepare())
    dsn = admin_dsn(database_name(scale_name))
    conn = await asyncpg.connect(dsn)
    backends.append(conn.get_server_pid())
    org = Organisation(scale, conn)
    processes: Processes | None = None
    pool: list[asyncpg.Connection] = []
    try:
        # Session-level: no synchronous commit wait for a bulk load.
        await conn.execute("SET synchronous_commit = off")
        secondary = await drop_secondary_indexes(conn)
        foreign_keys = await drop_foreign_keys(conn)
        await step("organisations", org.organisations())
        await step("users", org.people())
        processes = Processes(dsn, org.plan(), jobs)
        await step(f"{FIRST_PASS} ({jobs} processes)", processes.first_pass())
        await step(f"{SECOND_PASS} ({jobs} processes)", processes.second_pass())
        processes.close()
        pool = await open_pool(dsn, jobs)
        backends.extend(c.get_server_pid() for c in pool)
        await step(f"statistics ({jobs} connections)", analyze(conn, pool))
        await step(
            f"foreign keys (checked), vacuum, indexes ({jobs} connections)",
            check_and_index(conn, pool, secondary, foreign_keys),
        )
        await step("sequences, vacuum of the small tables", finish(conn, pool))
    finally:
        if processes is not None:
            processes.close()
        for c in pool:
            await c.close()
        await conn.close()
    elapsed = round(time.perf_counter() - started, 1)
    counts = {**org.counts, **{t: processes.rows[t] for t in COLUMNS}}
    rows = [{"table": t, "rows": n} for t, n in counts.items()]
    report(f"generate_{scale_name}", scale_name, rows, seconds=elapsed, jobs=jobs, steps=timings)
    print(f"total: {elapsed} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(os.cpu_count() or 1, SLICES),
        help="generator processes, and connections for the indexes and checks (default: CPUs)",
    )
    args = parser.parse_args()
    asyncio.run(generate(args.scale, max(1, min(args.jobs, SLICES))))
