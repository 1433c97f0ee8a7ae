"""The compiler's printing helpers print what the executor prints, over many
values at once, in PostgreSQL itself (the equality tests of the compiled
documents check them through whole answers)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from saas import models
from saas.schema import schema
from saas.schema.compiled import sql
from saas.schema.compiled.mapping import Statement
from saas.schema.compiled.maps.notifications import NOTIFICATION
from saas.schema.notifications import Notification
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


# A notification's `data` as the services write it and odd ones: ids of
# every kind (positive, zero, negative, 18 digits, text, null), lists of
# them with other items, nested objects and lists (left alone), escapes.
NOTIFICATION_DATA: list[Any] = [
    {},
    {"lead_id": 12},
    {"lead_ids": [3, 4, -1, "x", 0, None, [5], {"lead_id": 6}], "store_id": 7},
    {"customer_id": 0, "note": 'two\nlines "quoted" \\ and /\t\u0001', "count": -3},
    {"report_run_id": 5, "nested": {"lead_id": 9, "list": [1, None, True, {"b": [2]}]}},
    {"distributed_lead_id": -4, "user_id": "5", "complaint_id": None, "order_id": {"id": 1}},
    {"export_id": 123456789012, "order_id": 1, "webhook_endpoint_id": 2, "lead_ids": []},
    {"lead_id": 999999999999999999, "big": -999999999999999999, "at": "10:00:00.5"},
    {"due_at": "2026-11-20T05:20:40.492021+00:00", "lead_id": 35173},
]
# What the executor prints otherwise (non-ASCII text, fractions, numbers
# past 18 digits, booleans as ids, not an object): the statement fails.
ODD_NOTIFICATION_DATA: list[Any] = [
    {"note": "中文"},
    {"ratio": 1.5},
    {"nested": {"list": [2.0]}},
    {"lead_ids": [1, 1e-07]},
    {"count": 1234567890123456789},
    {"lead_id": -1234567890123456789},
    {"lead_id": True},
    {"lead_ids": [False]},
    [1, 2],
    "text",
]


async def _print_data(conn: asyncpg.Connection, data: Any) -> str:
    """`data` printed by the compiled notification's `data` field, read from a
    row as a statement reads it (not a constant the planner could fold)."""
    selected: Any = None  # a Computed field reads no selection
    printed = NOTIFICATION.fields["data"].sql(Statement(schema._schema), "t", selected)
    found: list[str] = await conn.fetchval(
        f"SELECT array_agg({printed}) FROM unnest($1::text[]) AS u(d) "
        'CROSS JOIN LATERAL (SELECT u.d::jsonb AS "data") t',
        [json.dumps(data)],
    )
    return found[0]


async def test_notification_data_prints_as_the_executor(database: Settings) -> None:
    conn = await asyncpg.connect(database.database_url)
    try:
        for data in NOTIFICATION_DATA:
            # The executor's `data`: the stored JSON as Tortoise reads it back.
            stored = await conn.fetchval("SELECT $1::text::jsonb::text", json.dumps(data))
            row = models.Notification(
                id=1,
                kind="k",
                title="t",
                body="b",
                data=json.loads(stored),
                created_at=datetime.now(UTC),
            )
            expected = Notification.from_model(row).data
            assert await _print_data(conn, data) == expected, data
        for data in ODD_NOTIFICATION_DATA:
            with pytest.raises(asyncpg.InvalidTextRepresentationError):
                await _print_data(conn, data)
    finally:
        await conn.close()
