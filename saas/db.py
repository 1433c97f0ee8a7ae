"""Database configuration and lifecycle (Tortoise ORM over asyncpg or SQLite)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient

from saas.settings import Settings

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
