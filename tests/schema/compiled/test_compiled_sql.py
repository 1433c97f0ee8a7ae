"""The compiler's printing helpers print what the executor prints, over many
values at once, in PostgreSQL itself (the equality tests of the compiled
documents check them through whole answers)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import asyncpg

from saas.schema.compiled import sql
from saas.schema.pagination import encode_cursor
from saas.settings import Settings


def _moments(count: int) -> list[datetime]:
    """Random UTC moments from year 1 to 9999, half of them on a whole second,
    some with a fraction ending in zeros; and the edges."""
    draw = random.Random(19)
    start = datetime(1, 1, 2, tzinfo=UTC)
    span = datetime(9999, 12, 30, tzinfo=UTC) - start
    # (asyncpg sends datetime.min and datetime.max as -infinity and infinity)
    found = [
        datetime(1, 1, 2, tzinfo=UTC),
        datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 12, 7, 10, 0, 0, 100000, tzinfo=UTC),
        datetime(2026, 12, 7, 10, 0, 0, 10, tzinfo=UTC),
    ]
    for n in range(count):
        moment = start + timedelta(seconds=draw.randrange(int(span.total_seconds())))
        if n % 2:
            moment += timedelta(microseconds=draw.choice([1, 10, 500000, draw.randrange(10**6)]))
        found.append(moment)
    return found


async def test_timestamps_and_cursors_print_as_isoformat_and_encode_cursor(
    database: Settings,
) -> None:
    moments = _moments(3000)
    conn = await asyncpg.connect(database.database_url)
    try:
        printed = await conn.fetchval(
            f"SELECT array_agg({sql.iso_timestamp('m')} ORDER BY n) "
            "FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(m, n)",
            moments,
        )
        assert printed == [m.isoformat() for m in moments]
        keys = await conn.fetchval(
            f"SELECT array_agg({sql.cursor('n', 'm')} ORDER BY n) "
            "FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(m, n)",
            moments,
        )
        assert keys == [encode_cursor(n, m) for n, m in enumerate(moments, 1)]
        assert await conn.fetchval(f"SELECT {sql.iso_timestamp('$1::timestamptz')}", None) is None
    finally:
        await conn.close()
