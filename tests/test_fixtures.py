"""The suite's own fixtures: what `clean_database` leaves for the next test."""

from __future__ import annotations

from urllib.parse import urlsplit

import asyncpg

from saas.settings import Settings
from tests.conftest import ADMIN_DSN, TABLES, empty_database
from tests.factories import make_group, make_oem, make_store, make_user, make_vehicle_model


async def test_emptying_leaves_every_table_as_a_fresh_database_has_it(settings: Settings) -> None:
    group = await make_group()
    store = await make_store(group)
    await make_user("someone@example.test", group=group)
    await make_oem()
    await make_vehicle_model()
    # The superuser sees every row (row-level security does not hold for it).
    name = urlsplit(settings.database_url).path.lstrip("/")
    admin = await asyncpg.connect(ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}")
    try:
        # A sequence used without a row left behind (a refused insert), of a
        # table without a row and without foreign keys to the others.
        candidates = await admin.fetch(
            "SELECT t FROM unnest($1::text[]) AS t"
            " WHERE pg_get_serial_sequence(quote_ident(t), 'id') IS NOT NULL AND NOT EXISTS ("
            "SELECT 1 FROM pg_constraint WHERE contype = 'f' AND conrelid = quote_ident(t)::regclass)"
            " ORDER BY t",
            list(TABLES),
        )
        untouched = None
        for row in candidates:
            if not await admin.fetchval(f'SELECT EXISTS (SELECT FROM "{row["t"]}")'):
                untouched = row["t"]
                break
        assert untouched is not None
        used = await admin.fetchval(
            "SELECT nextval(pg_get_serial_sequence(quote_ident($1), 'id'))", untouched
        )
        assert used == 1
        assert store.id == 1

        await empty_database(settings)

        for table in TABLES:
            assert await admin.fetchval(f'SELECT count(*) FROM "{table}"') == 0, table
        called = await admin.fetch(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
            " AND last_value IS NOT NULL AND sequencename <> ALL($1::text[])",
            ["aerich_id_seq", "authz_revision_id_seq"],
        )
        assert called == []
    finally:
        await admin.close()
