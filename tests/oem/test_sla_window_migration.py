"""Migration 15 on both databases: leads pending at the upgrade get their
warning instant (the default 120 minutes before the deadline they already
have), settled ones none; and PostgreSQL refuses an OEM window that makes no
sense whatever writes it."""

from __future__ import annotations

import importlib
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.exceptions import IntegrityError

from saas.models import Oem
from saas.tenancy.rls import system_transaction
from tests.conftest import OWNER
from tests.factories import make_oem

MIGRATION = importlib.import_module("migrations.models.15_20261207140000_oem_sla_window")
DUE = datetime(2026, 11, 21, 9, 0, 30, 123456, tzinfo=UTC)
COLUMNS = "status, sla_outcome, first_contact_at, sla_due_at, sla_warn_at"
ROWS = [  # pending; met; breached; returned
    ("active", "pending", None),
    ("active", "met", DUE - timedelta(hours=3)),
    ("active", "breached", None),
    ("returned", "pending", None),
]


async def test_postgres_backfills_the_pending_leads_only(settings) -> None:  # type: ignore[no-untyped-def]
    owner = OWNER[0]
    async with owner.transaction():
        # A scratch table of the same name shadows the real one in this session.
        await owner.execute(
            "CREATE TEMP TABLE distributed_lead (id serial, status text, sla_outcome text, "
            "first_contact_at timestamptz, sla_due_at timestamptz, sla_warn_at timestamptz) "
            "ON COMMIT DROP"
        )
        for status, outcome, contact in ROWS:
            await owner.execute(
                f"INSERT INTO distributed_lead ({COLUMNS}) VALUES ($1, $2, $3, $4, NULL)",
                status, outcome, contact, DUE,
            )  # fmt: skip
        await owner.execute(MIGRATION.BACKFILL_POSTGRES)
        warned = [r["sla_warn_at"] for r in await owner.fetch(
            "SELECT sla_warn_at FROM distributed_lead ORDER BY id")]  # fmt: skip
    assert warned == [DUE - timedelta(minutes=120), None, None, None]


def test_sqlite_backfills_the_pending_leads_only_in_tortoises_format() -> None:
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE TABLE distributed_lead (id INTEGER PRIMARY KEY, {COLUMNS})")
    for status, outcome, contact in ROWS:
        # As Tortoise writes them (sqlite3 adapter: isoformat with a space).
        db.execute(
            f"INSERT INTO distributed_lead ({COLUMNS}) VALUES (?, ?, ?, ?, NULL)",
            (status, outcome, contact and contact.isoformat(" "), DUE.isoformat(" ")),
        )
    db.executescript(MIGRATION.BACKFILL_SQLITE)
    warned = [r[0] for r in db.execute("SELECT sla_warn_at FROM distributed_lead ORDER BY id")]
    assert warned[1:] == [None, None, None]
    # Whole seconds are enough for a warning instant.
    assert datetime.fromisoformat(warned[0]) == (DUE - timedelta(minutes=120)).replace(
        microsecond=0
    )


@pytest.mark.parametrize(("hours", "warn"), [(0, None), (8, 0), (8, 480), (-1, 10)], ids=str)
async def test_postgres_refuses_a_window_that_makes_no_sense(settings, hours, warn) -> None:  # type: ignore[no-untyped-def]
    oem = await make_oem("HUAXIA", ["Huaxia"])
    with pytest.raises(IntegrityError):
        async with system_transaction():
            await Oem.filter(id=oem.id).update(sla_hours=hours, sla_warn_minutes=warn)
