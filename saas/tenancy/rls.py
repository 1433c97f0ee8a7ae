"""Transactions that carry the tenant into PostgreSQL's row-level security.

Every GraphQL request runs in `tenant_transaction()`: one transaction whose
`app.tenant_id` is set with `set_config(..., is_local => true)` (the same as
`SET LOCAL`), so it lasts exactly as long as the transaction and can never leak
to the next user of the pooled connection. The application connects as a role
without SUPERUSER or BYPASSRLS, and every tenant table has FORCE ROW LEVEL
SECURITY, so a query that forgot its tenant filter still sees only this
tenant's rows.

`system_transaction()` is the one deliberate way around it, for the CLI, the
demo seed and background jobs that work across tenants. It is never used on a
request path.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction


async def _set_local(conn: BaseDBAsyncClient, name: str, value: str) -> None:
    if conn.schema_generator.DIALECT == "postgres":
        await conn.execute_query("SELECT set_config($1, $2, true)", [name, value])


@asynccontextmanager
async def tenant_transaction(tenant_id: int | None) -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction that sees only `tenant_id`'s rows (none when it is None)."""
    async with in_transaction("default") as conn:
        await _set_local(conn, "app.tenant_id", "" if tenant_id is None else str(tenant_id))
        yield conn


@asynccontextmanager
async def system_transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction that sees every tenant. For CLI commands and jobs only."""
    async with in_transaction("default") as conn:
        await _set_local(conn, "app.system_scope", "on")
        yield conn


async def database_role_problems(conn: BaseDBAsyncClient) -> list[str]:
    """Why the connected PostgreSQL role would defeat row-level security, if it would."""
    if conn.schema_generator.DIALECT != "postgres":
        return []
    _, rows = await conn.execute_query(
        "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    )
    row = rows[0]
    problems = []
    if row["rolsuper"]:
        problems.append(f"database role {row['rolname']!r} is a superuser")
    if row["rolbypassrls"]:
        problems.append(f"database role {row['rolname']!r} has BYPASSRLS")
    return problems
