"""Apply the committed aerich migrations (`saas migrate`).

On PostgreSQL the migrations may run as a role of their own
(`MIGRATION_DATABASE_URL`) that owns the tables. The application's role
(`DATABASE_URL`) then owns nothing: it is granted the rows it works with, no
DDL, and only SELECT and INSERT on the audit log, so neither a bug nor an
injected statement can drop a table, disable row-level security or rewrite
history.

Several `saas migrate` may start at once (one per replica, or a deploy
retried): on PostgreSQL each first takes a session advisory lock
(`MIGRATION_LOCK`) on a connection of its own, so the others wait for it and
then find nothing left to apply, instead of racing to run the same DDL. Run
migrations on a direct connection, not through PgBouncer in transaction mode,
where a session lock would not hold."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote, urlsplit

import asyncpg
from aerich import Command
from tortoise import connections

from saas.db import MIGRATIONS_LOCATION, tortoise_config
from saas.settings import Settings

log = logging.getLogger("saas.migrate")

# pg_advisory_lock's key for `saas migrate`: any constant that nothing else
# locks; this one reads "saas-mig" in ASCII.
MIGRATION_LOCK = 0x73616173_2D6D6967
# How often a waiting `saas migrate` asks for the lock again.
LOCK_POLL_SECONDS = 0.5


async def migrate(settings: Settings) -> list[str]:
    """Apply the migrations not yet applied; returns their names (none when
    another run applied them while this one waited for the lock)."""
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    async with _migration_lock(settings):
        return await _upgrade(settings)


@asynccontextmanager
async def _migration_lock(settings: Settings) -> AsyncIterator[None]:
    """Hold PostgreSQL's advisory lock `MIGRATION_LOCK` (waiting for it if
    another `saas migrate` holds it); on SQLite, nothing to hold. The lock is
    the session's, so it is released when the connection closes, even if this
    process dies mid-migration."""
    if not settings.is_postgres:
        yield
        return
    url = settings.migration_url
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    conn = await asyncpg.connect(url)
    try:
        if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", MIGRATION_LOCK):
            log.info("another `saas migrate` is running; waiting for it to finish")
            # Poll rather than wait inside pg_advisory_lock: a statement waiting
            # there holds a snapshot, and the running migration's CREATE INDEX
            # CONCURRENTLY waits for every older snapshot to go, so the two
            # would wait for each other for ever.
            while not await conn.fetchval("SELECT pg_try_advisory_lock($1)", MIGRATION_LOCK):
                await asyncio.sleep(LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            await conn.fetchval("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
    finally:
        await conn.close()


async def _upgrade(settings: Settings) -> list[str]:
    command = Command(
        tortoise_config=tortoise_config(settings, url=settings.migration_url),
        app="models",
        location=MIGRATIONS_LOCATION,
    )
    async with command:
        await command.init()
        applied = await command.upgrade(run_in_transaction=True)
        app_role = _user_of(settings.database_url)
        if settings.is_postgres and app_role != _user_of(settings.migration_url):
            await connections.get("default").execute_script(app_grants(app_role))
        return applied


# A short locking transaction of an online migration gives way to the
# application's writers rather than waiting behind them: PostgreSQL ends it on
# a deadlock (40P01) or when `lock_timeout` runs out (55P03), and it is tried
# again a moment later, up to SWAP_ATTEMPTS times.
SWAP_ATTEMPTS = 10
_GIVE_WAY = {"40P01", "55P03"}


def _sqlstate(exc: BaseException) -> str | None:
    cause: BaseException | None = exc
    while cause is not None:
        code = getattr(cause, "sqlstate", None)
        if isinstance(code, str):
            return code
        cause = cause.__cause__ or cause.__context__
    return None


async def run_swap(db: Any, script: str, *, attempts: int = SWAP_ATTEMPTS) -> None:
    """Run `script`, one `BEGIN; ... COMMIT;` transaction of a migration,
    again after a deadlock or a lock timeout (rolled back first)."""
    for attempt in range(1, attempts + 1):
        try:
            await db.execute_script(script)
            return
        except Exception as exc:
            if _sqlstate(exc) not in _GIVE_WAY or attempt == attempts:
                raise
            # A pooled connection is rolled back when it goes back to its
            # pool; a single one is here (a no-op warning on the pooled).
            await db.execute_script("ROLLBACK")
            log.warning("migration step gave way to a writer (%s); attempt %d", exc, attempt + 1)
            await asyncio.sleep(0.2 * attempt)


def app_grants(role: str) -> str:
    """What the application role may do: rows, not tables. Idempotent, so
    every `saas migrate` also covers tables added since."""
    quoted = '"' + role.replace('"', '""') + '"'
    return f"""
        GRANT USAGE ON SCHEMA public TO {quoted};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};
        REVOKE ALL ON "aerich" FROM {quoted};
        REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log", "oem_audit_log", "platform_audit_log"
            FROM {quoted};
    """


def _user_of(url: str) -> str:
    return unquote(urlsplit(url).username or "")
