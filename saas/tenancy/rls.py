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
from tortoise.connection import get_connection
from tortoise.transactions import in_transaction

from saas.db import begin_with
from saas.tenancy.context import tenant_context


async def _set_local(conn: BaseDBAsyncClient, name: str, value: str) -> None:
    if conn.schema_generator.DIALECT == "postgres":
        await conn.execute_query("SELECT set_config($1, $2, true)", [name, value])


@asynccontextmanager
async def tenant_transaction(
    tenant_id: int | None, oem_id: int | None = None, *, statement_timeout_ms: int = 0
) -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction that sees only `tenant_id`'s rows (none when it is None),
    plus, for an OEM caller, the distribution rows of `oem_id`. With
    `statement_timeout_ms`, PostgreSQL cancels any of its statements that
    runs longer (0: the server's own setting, as for jobs)."""
    # Every setting the policies read, app.system_scope too, so the
    # transaction decides what it sees whatever the pooled connection
    # carries (the pool skips asyncpg's reset query).
    settings = (
        "SELECT set_config('app.tenant_id', $1, true), set_config('app.oem_id', $2, true),"
        " set_config('app.system_scope', '', true)"
    )
    values = ["" if tenant_id is None else str(tenant_id), "" if oem_id is None else str(oem_id)]
    if statement_timeout_ms > 0:
        settings += ", set_config('statement_timeout', $3, true)"
        values.append(str(statement_timeout_ms))
    # This runs on every request: the settings go with the BEGIN itself, one
    # round trip, as literals, which only integers may become (anything else
    # is bound as a parameter, and the policies' cast refuses it).
    literal = all(
        type(v) is int for v in (tenant_id, oem_id, statement_timeout_ms) if v is not None
    )
    prelude_sql = settings
    for number, value in enumerate(values, start=1):
        prelude_sql = prelude_sql.replace(f"${number}", f"'{value}'")
    with begin_with(prelude_sql if literal else "") as prelude:
        prelude.open = literal
        async with in_transaction("default") as conn:
            prelude.open = False
            if conn.schema_generator.DIALECT == "postgres" and not prelude.sent:
                # Not on a PooledConnection, or not literal: a statement of its own.
                await conn.execute_query(settings, values)
            yield conn


@asynccontextmanager
async def acting_in_tenant(tenant_id: int) -> AsyncIterator[None]:
    """Inside the current transaction, act in `tenant_id` for a moment and then
    restore the previous tenant. Only for the OEM distribution path, which
    delivers a lead into the receiving dealer group (and reads it back)."""
    conn = db_connection()
    previous = await _get_local(conn, "app.tenant_id")
    await _set_local(conn, "app.tenant_id", str(tenant_id))
    try:
        with tenant_context(tenant_id):
            yield
    finally:
        await _set_local(conn, "app.tenant_id", previous)


@asynccontextmanager
async def tenant_savepoint(tenant_id: int) -> AsyncIterator[None]:
    """Inside a system transaction, do one dealer group's part of a job as that
    group alone, in a savepoint: row-level security shows it its own rows only
    (system scope off, as in `tenant_transaction`), and a failure rolls back
    this part only and leaves the transaction usable for the other groups.
    For jobs that claim work across tenants in one statement and then act per
    tenant (the SLA sweep)."""
    conn = db_connection()
    previous = (await _get_local(conn, "app.tenant_id"), await _get_local(conn, "app.system_scope"))
    try:
        async with in_transaction("default") as savepoint:
            await _set_locals(savepoint, str(tenant_id), "")
            with tenant_context(tenant_id):
                yield
    finally:
        # Released or rolled back, the savepoint leaves the transaction usable.
        await _set_locals(db_connection(), *previous)


async def _set_locals(conn: BaseDBAsyncClient, tenant_id: str, system_scope: str) -> None:
    if conn.schema_generator.DIALECT == "postgres":
        await conn.execute_query(
            "SELECT set_config('app.tenant_id', $1, true),"
            " set_config('app.system_scope', $2, true)",
            [tenant_id, system_scope],
        )


@asynccontextmanager
async def directory_scope() -> AsyncIterator[None]:
    """Inside the current transaction, read across tenants for a moment: for
    routing an OEM lead to a franchised store of any dealer group. Callers read
    store directory data only."""
    conn = db_connection()
    previous = await _get_local(conn, "app.system_scope")
    await _set_local(conn, "app.system_scope", "on")
    try:
        yield
    finally:
        await _set_local(conn, "app.system_scope", previous)


def db_connection() -> BaseDBAsyncClient:
    return get_connection("default")


async def _get_local(conn: BaseDBAsyncClient, name: str) -> str:
    if conn.schema_generator.DIALECT != "postgres":
        return ""
    _, rows = await conn.execute_query("SELECT current_setting($1, true) AS v", [name])
    return str(rows[0]["v"] or "")


@asynccontextmanager
async def system_transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction that sees every tenant. For CLI commands and jobs only."""
    async with in_transaction("default") as conn:
        await _set_local(conn, "app.system_scope", "on")
        yield conn


async def database_role_problems(conn: BaseDBAsyncClient) -> list[str]:
    """Why the connected PostgreSQL role could defeat row-level security, if it could."""
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
    _, owned = await conn.execute_query(
        "SELECT count(*) AS n FROM pg_tables WHERE tableowner = current_user "
        "AND schemaname = current_schema()"
    )
    if owned[0]["n"]:
        # An owner can switch row-level security off with one ALTER TABLE.
        problems.append(
            f"database role {row['rolname']!r} owns {owned[0]['n']} tables "
            "(run migrations as another role: MIGRATION_DATABASE_URL)"
        )
    return problems
