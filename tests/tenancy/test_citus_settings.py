"""The row-level security settings are `SET LOCAL` commands, the form a
Citus coordinator forwards to its worker nodes (with
`citus.propagate_set_commands = 'local'`, which each transaction sets), and
they end with the transaction."""

from __future__ import annotations

import asyncpg
import pytest
from tortoise.transactions import in_transaction

from saas.db import PooledConnection
from saas.settings import Settings
from saas.tenancy.rls import set_local_statements, system_transaction, tenant_transaction

SHOW = """SELECT current_setting('citus.propagate_set_commands', true) AS propagate,
  current_setting('app.tenant_id', true) AS tenant, current_setting('app.oem_id', true) AS oem,
  current_setting('app.system_scope', true) AS scope,
  current_setting('statement_timeout') AS timeout, current_setting('jit') AS jit"""


async def test_each_transaction_sets_its_settings_locally_for_the_workers(
    settings: Settings,
) -> None:
    async with in_transaction("default") as conn:
        _, before = await conn.execute_query(SHOW)
    async with tenant_transaction(5, 7, statement_timeout_ms=1500, jit=False) as conn:
        _, rows = await conn.execute_query(SHOW)
    assert dict(rows[0]) == {
        "propagate": "local",
        "tenant": "5",
        "oem": "7",
        "scope": "",
        "timeout": "1500ms",
        "jit": "off",
    }
    assert before[0]["jit"] == "on"  # the server's default, which jobs keep
    async with system_transaction() as conn:
        _, rows = await conn.execute_query(SHOW)
    assert (rows[0]["propagate"], rows[0]["scope"]) == ("local", "on")
    async with in_transaction("default") as conn:
        _, after = await conn.execute_query(SHOW)
    # Nothing outlives its transaction (a setting once made reads empty, not unset).
    assert {k: v or "" for k, v in dict(after[0]).items()} == {
        k: v or "" for k, v in dict(before[0]).items()
    }


def test_only_the_values_the_policies_read_are_written_into_the_statement() -> None:
    assert set_local_statements({"app.tenant_id": "12", "app.system_scope": "on"}) == (
        "SET LOCAL app.tenant_id = '12';SET LOCAL app.system_scope = 'on'"
    )
    for name, value in (
        ("app.tenant_id", "1'; RESET ALL; --"),
        ("app.tenant_id", "-1"),
        ("app.system_scope", "off"),
        ("jit", "1"),
        ("jit", "off; RESET ALL"),
        ("role", "postgres"),
    ):
        with pytest.raises(ValueError, match="refusing to set"):
            set_local_statements({name: value})


async def test_a_type_lookup_inside_a_request_leaves_the_servers_jit_to_later_transactions(
    settings: Settings,
) -> None:
    """asyncpg looks a type up the first time a connection meets it, with JIT
    turned off for the session around the lookup; inside a request's
    transaction (JIT off locally) plain asyncpg then leaves the connection
    with JIT off after the commit. The app's connection does not."""
    for connection_class, after in ((asyncpg.Connection, "off"), (PooledConnection, "on")):
        conn = await asyncpg.connect(settings.database_url, connection_class=connection_class)
        try:
            async with conn.transaction():
                await conn.execute("SET LOCAL jit = off")
                # A table's row type: not one asyncpg knows, so it looks it up.
                await conn.fetch('SELECT u FROM "app_user" u LIMIT 1')
                assert await conn.fetchval("SELECT current_setting('jit')") == "off"
            assert await conn.fetchval("SELECT current_setting('jit')") == after, connection_class
        finally:
            await conn.close()
