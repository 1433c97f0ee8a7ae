"""Transactions that carry the tenant into PostgreSQL's row-level security.

Every GraphQL request runs in `tenant_transaction()`: one transaction whose
`app.tenant_id` is set with `SET LOCAL`, so it lasts exactly as long as the
transaction and can never leak to the next user of the pooled connection.

Why `SET LOCAL` statements and not `SELECT set_config(..., true)`, which sets
the same thing on a single PostgreSQL: on Citus the policies are evaluated on
the worker nodes that hold the shards, and the coordinator forwards a
transaction's `SET LOCAL` commands to every worker it opens in that transaction
(with `citus.propagate_set_commands = 'local'`, which each transaction sets
itself), whereas `set_config()` is a function call in a query, evaluated on the
coordinator only: the workers would see no tenant and return no rows (or, with
the system scope, every row). `SET` takes no bind parameters, so the values
are checked to be what the policies read (ids, 'on', or empty) before they are
written into the statement. The application connects as a role
without SUPERUSER or BYPASSRLS, and every tenant table has FORCE ROW LEVEL
SECURITY, so a query that forgot its tenant filter still sees only this
tenant's rows.

`system_transaction()` is the one deliberate way around it, for the CLI, the
demo seed and background jobs that work across tenants. It is never used on a
request path.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.connection import connections, get_connection
from tortoise.transactions import in_transaction

from saas.db import REPORTS, begin_with
from saas.tenancy.context import tenant_context

_on_replica: ContextVar[bool] = ContextVar("on_reports_replica", default=False)

P = ParamSpec("P")
R = TypeVar("R")

# What a setting may hold: an id or a number of milliseconds, "on", or
# nothing; JIT compilation only on or off.
_SETTING_VALUE = re.compile(r"[0-9]{0,19}|on")
_SETTING_VALUES = {
    "app.tenant_id": _SETTING_VALUE,
    "app.oem_id": _SETTING_VALUE,
    "app.system_scope": _SETTING_VALUE,
    "statement_timeout": _SETTING_VALUE,
    "jit": re.compile(r"on|off"),
}


def set_local_statements(values: dict[str, str], *, first: bool = False) -> str:
    """`SET LOCAL` statements for `values`, in one script (one round trip).
    `first`: the transaction's first settings, which also ask Citus to
    forward them to the worker nodes (a plain setting elsewhere)."""
    statements = ["SET LOCAL citus.propagate_set_commands = 'local'"] if first else []
    for name, value in values.items():
        allowed = _SETTING_VALUES.get(name)
        if allowed is None or not allowed.fullmatch(value):
            raise ValueError(f"refusing to set {name} to {value!r}")
        statements.append(f"SET LOCAL {name} = '{value}'")
    return ";".join(statements)


async def _set_local(conn: BaseDBAsyncClient, name: str, value: str) -> None:
    if conn.schema_generator.DIALECT == "postgres":
        await conn.execute_script(set_local_statements({name: value}))


@asynccontextmanager
async def tenant_transaction(
    tenant_id: int | None,
    oem_id: int | None = None,
    *,
    statement_timeout_ms: int = 0,
    jit: bool = True,
) -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction that sees only `tenant_id`'s rows (none when it is None),
    plus, for an OEM caller, the distribution rows of `oem_id`. With
    `statement_timeout_ms`, PostgreSQL cancels any of its statements that
    runs longer (0: the server's own setting, as for jobs). `jit=False`
    turns PostgreSQL's JIT compilation off for the transaction: a request's
    statements are short, and a compiled document's nested subqueries are
    estimated costly enough to trigger it, whose compiling then took
    12-17 s for one statement that runs in 25 ms."""
    # Every setting the policies read, app.system_scope too, so the
    # transaction decides what it sees whatever the pooled connection
    # carries (the pool skips asyncpg's reset query).
    values = {
        "app.tenant_id": "" if tenant_id is None else str(tenant_id),
        "app.oem_id": "" if oem_id is None else str(oem_id),
        "app.system_scope": "",
    }
    if statement_timeout_ms > 0:
        values["statement_timeout"] = str(statement_timeout_ms)
    if not jit:
        values["jit"] = "off"
    # Checked literals (ids, nothing else: `set_local_statements` refuses the
    # rest), so on a pooled connection they go with the BEGIN itself: one
    # round trip, on every request.
    script = set_local_statements(values, first=True)
    with begin_with(script) as prelude:
        prelude.open = True
        async with in_transaction("default") as conn:
            prelude.open = False
            if conn.schema_generator.DIALECT == "postgres" and not prelude.sent:
                # Not on a PooledConnection: a statement of its own.
                await conn.execute_script(script)
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
        await conn.execute_script(
            set_local_statements({"app.tenant_id": tenant_id, "app.system_scope": system_scope})
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
        if conn.schema_generator.DIALECT == "postgres":
            await conn.execute_script(set_local_statements({"app.system_scope": "on"}, first=True))
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


@asynccontextmanager
async def reports_replica() -> AsyncIterator[None]:
    """Inside the current transaction, send every query to the read replica
    of REPORTS_DATABASE_URL for a moment, in a read-only transaction there
    that sees exactly what the current one sees (the same tenant, OEM and
    scope settings, copied over) under the same `statement_timeout`.
    Without a replica, nothing changes.

    For report queries only: they read much and write nothing, and a few
    seconds of replication lag do not matter to them. What they read from
    the replica is never written back in the same request."""
    if REPORTS not in connections.db_config or _on_replica.get():
        yield  # no replica, or already reading it (a report run computing a report)
        return
    _, rows = await db_connection().execute_query(
        "SELECT current_setting('app.tenant_id', true) AS tenant_id,"
        " current_setting('app.oem_id', true) AS oem_id,"
        " current_setting('app.system_scope', true) AS system_scope,"
        " (SELECT setting FROM pg_settings WHERE name = 'statement_timeout') AS timeout_ms"
    )
    settings = dict(rows[0])
    timeout_ms = str(settings.pop("timeout_ms") or "0")
    values = {f"app.{name}": str(value or "") for name, value in settings.items()}
    if timeout_ms != "0":
        # The request's time limit holds on the replica too (pg_settings
        # gives it in milliseconds; 0, none: the replica's own setting).
        values["statement_timeout"] = timeout_ms
    async with in_transaction(REPORTS) as replica:
        await replica.execute_script(
            "SET TRANSACTION READ ONLY;" + set_local_statements(values, first=True)
        )
        token, flag = connections.set("default", replica), _on_replica.set(True)
        try:
            yield
        finally:
            _on_replica.reset(flag)
            connections.reset(token)


def on_reports_replica(report: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Run a report's queries on the read replica (`reports_replica`)."""

    @wraps(report)
    async def on_replica(*args: P.args, **kwargs: P.kwargs) -> R:
        async with reports_replica():
            return await report(*args, **kwargs)

    return on_replica
