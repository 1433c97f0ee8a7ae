"""Apply the committed aerich migrations (`saas migrate`).

On PostgreSQL the migrations may run as a role of their own
(`MIGRATION_DATABASE_URL`) that owns the tables. The application's role
(`DATABASE_URL`) then owns nothing: it is granted the rows it works with, no
DDL, and only SELECT and INSERT on the audit log, so neither a bug nor an
injected statement can drop a table, disable row-level security or rewrite
history."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from aerich import Command
from tortoise import connections

from saas.db import MIGRATIONS_LOCATION, tortoise_config
from saas.settings import Settings


async def migrate(settings: Settings) -> list[str]:
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
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


def app_grants(role: str) -> str:
    """What the application role may do: rows, not tables. Idempotent, so
    every `saas migrate` also covers tables added since."""
    quoted = '"' + role.replace('"', '""') + '"'
    return f"""
        GRANT USAGE ON SCHEMA public TO {quoted};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};
        REVOKE ALL ON "aerich" FROM {quoted};
        REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM {quoted};
    """


def _user_of(url: str) -> str:
    return unquote(urlsplit(url).username or "")
