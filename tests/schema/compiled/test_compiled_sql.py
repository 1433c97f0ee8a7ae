"""The compiler's printing helpers print what the executor prints, over many
values at once, in PostgreSQL itself (the equality tests of the compiled
documents check them through whole answers)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import orjson
import pytest

from saas import models
from saas.notify.shown import DATA_IDS, shown_data
from saas.schema import schema
from saas.schema.compiled import sql
from saas.schema.compiled.mapping import Statement
from saas.schema.compiled.maps.distribution import DISTRIBUTED_LEAD
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


async def test_data_stored_as_shown_is_what_the_executor_prints(database: Settings) -> None:
    # `notify` writes `shown_data` from the data before PostgreSQL has it:
    # jsonb's key order (shortest first, then by bytes, at every depth) and
    # its numbers must come out as the executor reads them back.
    conn = await asyncpg.connect(database.database_url)
    written = [
        *NOTIFICATION_DATA,
        *ODD_NOTIFICATION_DATA,
        {"zz": 1, "a": 2, "ab": {"é": 1, "e": 2, "ee": [{"y": 1, "x": {"b": 0, "a": 0}}]}},
        {"lead_id": 12, "due_at": "2026-11-20T05:20:40+00:00", "lead_ids": [1, True, "2"]},
        {"count": 18446744073709551615, "neg": -9223372036854775808},
    ]
    try:
        for data in written:
            shown = shown_data(data) if isinstance(data, dict) else None
            if shown is not None:
                assert shown == await _executor_data(conn, data), data
        stored = [shown_data(d) for d in written if isinstance(d, dict)]
        assert sum(s is None for s in stored) == 3  # the three with fractions
    finally:
        await conn.close()


def test_the_ids_shown_in_stored_data_change_only_with_a_migration() -> None:
    # Rows keep the text `notify` printed with this mapping; the executor
    # prints with the current one. Changing it needs a migration that sets
    # `notification.shown_data` to NULL (then change this copy).
    assert DATA_IDS == {
        "lead_id": "Lead", "lead_ids": "Lead", "customer_id": "Customer",
        "complaint_id": "Complaint", "order_id": "Order", "store_id": "Store", "user_id": "User",
        "webhook_endpoint_id": "WebhookEndpoint", "report_run_id": "ReportRun",
        "export_id": "Export", "distributed_lead_id": "DistributedLead",
    }  # fmt: skip
    assert shown_data({"lead_id": 12, "lead_ids": [3]}) == (
        '{"lead_id": "TGVhZDoxMg==", "lead_ids": ["TGVhZDoz"]}'
    )


async def _print_data(conn: asyncpg.Connection, data: Any) -> str:
    """`data` printed by the compiled notification's `data` field, read from a
    row as a statement reads it (not a constant the planner could fold)."""
    selected: Any = None  # a Computed field reads no selection
    printed = NOTIFICATION.fields["data"].sql(Statement(schema._schema), "t", selected)
    found: list[str] = await conn.fetchval(
        f"SELECT array_agg({printed}) FROM unnest($1::text[]) AS u(d) "
        # No `shown_data` (a row written before it, or not by `notify`): rebuilt.
        'CROSS JOIN LATERAL (SELECT u.d::jsonb AS "data", NULL::text AS "shown_data") t',
        [json.dumps(data)],
    )
    return found[0]


async def _executor_data(conn: asyncpg.Connection, data: Any) -> str:
    """The executor's `data`: the stored JSON as Tortoise reads it back."""
    stored = await conn.fetchval("SELECT $1::text::jsonb::text", orjson.dumps(data).decode())
    read = models.Notification._meta.fields_map["data"].to_python_value(stored)
    row = models.Notification(
        id=1, kind="k", title="t", body="b", data=read, created_at=datetime.now(UTC)
    )
    return Notification.from_model(row).data


async def test_notification_data_prints_as_the_executor(database: Settings) -> None:
    conn = await asyncpg.connect(database.database_url)
    try:
        for data in NOTIFICATION_DATA:
            expected = await _executor_data(conn, data)
            assert await _print_data(conn, data) == expected, data
        for data in ODD_NOTIFICATION_DATA:
            with pytest.raises(asyncpg.InvalidTextRepresentationError):
                await _print_data(conn, data)
    finally:
        await conn.close()


def _contact_delays() -> list[int]:
    """Microseconds from a lead's arrival to its first contact: random ones
    from a moment to 10^7 minutes; every whole second of the first hour
    (x * 10 is a half for every 3 s in 6: 0.05, 0.15, 12.25 minutes ...),
    a microsecond either side of each (the exact branch) and 6 and 7 either
    side (x * 10 at 10^-6 and 1.17 * 10^-6 from the half: the float8
    branch's edge); near-halves just under 10^7 minutes; the edges."""
    draw = random.Random(23)
    found = [0, 1, 599_999_999_999_999]
    for _ in range(6000):
        found.append(int(10 ** draw.uniform(0, 14.77)))
    for second in [*range(3600), *range(599_999_990 - 3600, 599_999_990, 3)]:
        found.extend(second * 10**6 + d for d in (-7, -6, -1, 0, 1, 6, 7))
    return [d for d in found if 0 <= d < 6 * 10**14]


async def test_minutes_to_first_contact_round_as_python_rounds(database: Settings) -> None:
    selected: Any = None  # a Computed field reads no selection
    printed = DISTRIBUTED_LEAD.fields["minutesToFirstContact"].sql(
        Statement(schema._schema), "r", selected
    )
    delays = _contact_delays()
    received = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    conn = await asyncpg.connect(database.database_url)
    try:
        found = await conn.fetchval(
            f"SELECT array_agg(({printed})::text ORDER BY n) FROM unnest($1::timestamptz[], "
            "$2::timestamptz[]) WITH ORDINALITY AS r(received_at, first_contact_at, n)",
            [received] * len(delays),
            [received + timedelta(microseconds=d) for d in delays],
        )
    finally:
        await conn.close()
    expected = [
        json.dumps(round(timedelta(microseconds=d).total_seconds() / 60, 1)) for d in delays
    ]
    assert found == expected
