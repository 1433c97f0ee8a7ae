"""Database configuration and lifecycle (Tortoise ORM over asyncpg or SQLite)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import asyncpg
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.connection import get_connection

from saas.settings import Settings
from saas.tenancy.credentials import configure_password_hashing

# The Tortoise connection to the reports replica (REPORTS_DATABASE_URL), if any.
REPORTS = "reports"

MIGRATIONS_LOCATION = str(Path(__file__).resolve().parent.parent / "migrations")


def _connection_url(settings: Settings, url: str) -> str:
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
    if url.startswith("postgres://"):
        sep = "&" if "?" in url else "?"
        url = f"{url}{sep}maxsize={settings.db_pool_max_size}"
    return url


def tortoise_config(settings: Settings, *, url: str | None = None) -> dict[str, Any]:
    """The ORM's configuration for the app's role, or for `url` (migrations)."""
    return {
        "connections": {"default": _connection_url(settings, url or settings.database_url)},
        "apps": {
            "models": {
                "models": ["saas.models", "aerich.models"],
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# The longest statement text asyncpg keeps prepared (its default, 15 KiB, is
# shorter than a compiled document's statement may be: the customer
# timeline's is ~16 KiB, and was parsed and planned anew on every request,
# planning alone 2-30 ms against well under 1 ms of execution).
MAX_CACHED_STATEMENT = 64 * 1024


async def init_db(settings: Settings) -> None:
    configure_password_hashing(settings.password_hash_time_cost, settings.password_hash_memory_kib)
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # The global fallback lets request tasks (which do not inherit the lifespan
    # task's context) see the initialised ORM.
    config = tortoise_config(settings)
    if settings.is_postgres and settings.reports_database_url:
        # Only report queries use it, through `saas.tenancy.rls.on_reports_replica`.
        config["connections"][REPORTS] = _connection_url(settings, settings.reports_database_url)
    for name, url in config["connections"].items():
        if url.startswith("postgres://"):
            connection = expand_db_url(url)
            connection["credentials"]["connection_class"] = PooledConnection
            # Behind PgBouncer in transaction mode each transaction may get another
            # server connection, where asyncpg's named prepared statements do not
            # exist (`prepared statement "__asyncpg_stmt_7__" does not exist`):
            # DB_STATEMENT_CACHE_SIZE=0 makes every statement an unnamed one, parsed
            # again each time, which any server connection accepts.
            connection["credentials"]["statement_cache_size"] = settings.db_statement_cache_size
            connection["credentials"]["max_cacheable_statement_size"] = MAX_CACHED_STATEMENT
            config["connections"][name] = connection
    await Tortoise.init(config=config, _enable_global_fallback=True)


class TransactionPrelude:
    """Statements to send with the next transaction's `BEGIN`, in the same
    round trip; `sent` tells whether they went (else the caller sends them)."""

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.sent = False
        self.open = True


_PRELUDE: ContextVar[TransactionPrelude | None] = ContextVar("transaction_prelude", default=None)


@contextmanager
def begin_with(sql: str) -> Iterator[TransactionPrelude]:
    """While this block runs, the first `BEGIN` this task sends on a pooled
    PostgreSQL connection carries `sql` (literal statements, no parameters)
    in the same simple-protocol message: one round trip instead of two for
    every request's tenant transaction. Close it (`prelude.open = False`) once
    the transaction has begun, so that no later transaction takes it."""
    prelude = TransactionPrelude(sql)
    token = _PRELUDE.set(prelude)
    try:
        yield prelude
    finally:
        prelude.open = False
        _PRELUDE.reset(token)


class PooledConnection(asyncpg.Connection):  # type: ignore[misc]
    """The app's pooled PostgreSQL connection, released without asyncpg's reset
    query (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL): one round trip per
    release saved, three per request. Safe because the app keeps no session
    state: every setting the row-level security policies read is set with
    `SET LOCAL` at the start of each transaction (`tenant_transaction`,
    `system_transaction`), no advisory locks, no LISTEN, no cursors outside a
    transaction. asyncpg still rolls back a transaction left open.

    Its `BEGIN` carries the open `begin_with` prelude, if any."""

    def get_reset_query(self) -> str:
        return ""

    async def execute(self, query: str, *args: Any, timeout: float | None = None) -> str:
        if query == "BEGIN;" and not args:  # asyncpg's own start of a top-level transaction
            prelude = _PRELUDE.get()
            if prelude is not None and prelude.open and not prelude.sent:
                prelude.sent = True
                result: str = await super().execute(f"BEGIN; {prelude.sql}", timeout=timeout)
                return result
        result = await super().execute(query, *args, timeout=timeout)
        return result

    async def _introspect_types(self, typeoids: Any, timeout: Any) -> Any:
        """asyncpg turns JIT off for its type lookup with a session-level
        `set_config` and puts it back only when it found it on. In a
        transaction that has JIT off locally (every request's:
        `tenant_transaction(jit=False)`) it finds it off, so at commit the
        connection would keep JIT off for good, for every later transaction
        on it, jobs too. There, the session's value is put back after the
        lookup and the transaction's own set again, locally."""
        if not (self._server_caps.jit and self.is_in_transaction()):
            return await super()._introspect_types(typeoids, timeout)
        # (asyncpg's own internal call: the statement being prepared holds
        # the connection, so its public methods would refuse.)
        run = self._Connection__execute
        rows, _ = await run(
            "SELECT current_setting('jit')", (), 0, timeout, ignore_custom_codec=True
        )
        result = await super()._introspect_types(typeoids, timeout)
        restore = (
            "SELECT set_config('jit', reset_val, false), set_config('jit', $1, true) "
            "FROM pg_settings WHERE name = 'jit'"
        )
        await run(restore, (rows[0][0],), 0, timeout, ignore_custom_codec=True)
        return result


async def close_db() -> None:
    await Tortoise.close_connections()


def db() -> BaseDBAsyncClient:
    """The current connection: the open transaction of this task, if any."""
    return get_connection("default")


def int_array(values: Iterable[int]) -> str:
    """A PostgreSQL array literal of integers, for a statement that must carry
    its values rather than bind them; each goes through int(), so nothing
    else can get in."""
    return "'{" + ",".join(str(int(v)) for v in values) + "}'::bigint[]"


def dialect() -> str:
    return str(db().schema_generator.DIALECT)


def is_postgres() -> bool:
    return dialect() == "postgres"


_COLUMN_TYPES: dict[str, dict[str, str]] = {}


async def insert_many(
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    returning_ids: bool = False,
    skip_conflicts: bool = True,
) -> list[int]:
    """INSERT `rows` in one statement, skipping any that hit a unique key (ON
    CONFLICT DO NOTHING): for bulk writes of jobs, where building an ORM object
    per row costs more than the database does. JSON columns take JSON text.
    On PostgreSQL the rows travel as one array per column (`unnest`), which
    is far cheaper than a statement per row. With `returning_ids`, the ids of
    the rows written. Rows that cannot clash (a new id from the sequence, no
    other unique key) are cheaper written with `skip_conflicts=False`: a
    clash then raises, as a bug should."""
    if not rows:
        return []
    conn = db()
    names = ", ".join(f'"{c}"' for c in columns)
    if conn.schema_generator.DIALECT != "postgres":
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks}){_skip(skip_conflicts)}'
        if returning_ids:
            written = [
                await conn.execute_query_dict(f'{sql} RETURNING "id"', list(row)) for row in rows
            ]
            return [r[0]["id"] for r in written if r]
        await conn.execute_many(sql, [list(row) for row in rows])
        return []
    types = _COLUMN_TYPES.get(table)
    if types is None:
        found = await conn.execute_query_dict(
            "SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute "
            "WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped",
            [table],
        )
        types = _COLUMN_TYPES[table] = {r["name"]: r["type"] for r in found}
    # A column with one value for every row (the time, the tenant, a status)
    # travels once, beside the arrays: encoding and unnesting an array of
    # thousands of equal values costs both sides more than the row itself.
    cells_of = list(zip(*rows, strict=True))
    same = [_same(cells) for cells in cells_of]
    same[0] = same[0] and not all(same)  # (unnest needs an array)
    values: list[object] = []
    terms: list[str] = []
    arrays: list[str] = []
    for column, cells, one in zip(columns, cells_of, same, strict=True):
        values.append(cells[0] if one else list(cells))
        if not one:
            arrays.append(f"${len(values)}::{types[column]}[]")
            terms.append(f"u.c{len(arrays)}")
        else:
            terms.append(f"${len(values)}::{types[column]}")
    aliases = ", ".join(f"c{i}" for i in range(1, len(arrays) + 1))
    sql = (
        f'INSERT INTO "{table}" ({names}) SELECT {", ".join(terms)} '
        f"FROM unnest({', '.join(arrays)}) AS u({aliases}){_skip(skip_conflicts)}"
    )
    if returning_ids:
        # (execute_query would drop what an INSERT returns.)
        inserted = await conn.execute_query_dict(sql + ' RETURNING "id"', values)
        return [row["id"] for row in inserted]
    await conn.execute_query(sql, values)
    return []


def _same(cells: Sequence[object]) -> bool:
    """Whether every row has the same value here (of the same type: 1 is not True)."""
    first = cells[0]
    kind = type(first)
    return len(cells) > 1 and all(c == first and type(c) is kind for c in cells)


def _skip(skip_conflicts: bool) -> str:
    """Without ON CONFLICT, PostgreSQL inserts a row without probing every
    unique index for it first (speculative insertion)."""
    return " ON CONFLICT DO NOTHING" if skip_conflicts else ""
