"""Database configuration and lifecycle (Tortoise ORM over asyncpg or SQLite)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient

from saas.settings import Settings

MIGRATIONS_LOCATION = str(Path(__file__).resolve().parent.parent / "migrations")


def _connection_url(settings: Settings) -> str:
    url = settings.database_url
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
    if url.startswith("postgres://"):
        sep = "&" if "?" in url else "?"
        url = f"{url}{sep}maxsize={settings.db_pool_max_size}"
    return url


def tortoise_config(settings: Settings) -> dict[str, Any]:
    return {
        "connections": {"default": _connection_url(settings)},
        "apps": {
            "models": {
                "models": ["saas.models", "aerich.models"],
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def init_db(settings: Settings) -> None:
    from saas.tenancy.credentials import configure_password_hashing

    configure_password_hashing(settings.password_hash_time_cost, settings.password_hash_memory_kib)
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # The global fallback lets request tasks (which do not inherit the lifespan
    # task's context) see the initialised ORM.
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


def db() -> BaseDBAsyncClient:
    """The current connection: the open transaction of this task, if any."""
    return connections.get("default")


def dialect() -> str:
    return str(db().schema_generator.DIALECT)


def is_postgres() -> bool:
    return dialect() == "postgres"


async def insert_many(table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """INSERT `rows` in one batch, skipping any that hit a unique key (ON
    CONFLICT DO NOTHING): for bulk writes of jobs, where building an ORM object
    per row costs more than the database does. JSON columns take JSON text."""
    if not rows:
        return
    conn = db()
    postgres = conn.schema_generator.DIALECT == "postgres"
    marks = ", ".join(f"${i}" if postgres else "?" for i in range(1, len(columns) + 1))
    names = ", ".join(f'"{c}"' for c in columns)
    await conn.execute_many(
        f'INSERT INTO "{table}" ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING',
        [list(row) for row in rows],
    )
