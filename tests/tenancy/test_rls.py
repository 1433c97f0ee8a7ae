"""Layer 3: PostgreSQL row-level security holds even when the application
filter is skipped on purpose."""

from __future__ import annotations

import time

import jwt
import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError

from saas.models import DealerGroup, Store, tenant_models
from saas.settings import Settings
from saas.tenancy.rls import database_role_problems, system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.crm.test_showroom_day import count_queries
from tests.factories import make_group, make_store, make_user


async def _two_tenants() -> tuple[int, int]:
    group_a, group_b = await make_group("GROUP-A"), await make_group("GROUP-B")
    await make_store(group_a, "A-1")
    await make_store(group_a, "A-2")
    await make_store(group_b, "B-1")
    return group_a.id, group_b.id


async def test_the_app_role_cannot_bypass_row_level_security(settings: Settings) -> None:
    assert await database_role_problems(connections.get("default")) == []


async def test_the_app_role_owns_nothing_and_cannot_change_the_schema(settings: Settings) -> None:
    conn = connections.get("default")
    _, rows = await conn.execute_query(
        "SELECT count(*) AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE r.rolname = current_user"
    )
    assert rows[0]["n"] == 0
    for statement in (
        'ALTER TABLE "lead" DISABLE ROW LEVEL SECURITY',
        'ALTER TABLE "lead" NO FORCE ROW LEVEL SECURITY',
        'DROP POLICY "tenant_isolation" ON "lead"',
        'DROP TABLE "audit_log"',
        'TRUNCATE "customer" CASCADE',
        'CREATE TABLE "escape" ("id" int)',
    ):
        with pytest.raises(OperationalError, match=r"must be owner|permission denied"):
            async with system_transaction() as tx:
                await tx.execute_script(statement)
    # The migrations ran as the owner role, which is no superuser either.
    _, owners = await conn.execute_query(
        "SELECT DISTINCT r.rolname, r.rolsuper, r.rolbypassrls FROM pg_tables t "
        "JOIN pg_roles r ON r.rolname = t.tableowner WHERE t.schemaname = 'public'"
    )
    assert [(o["rolsuper"], o["rolbypassrls"]) for o in owners] == [(False, False)]
    assert owners[0]["rolname"] != settings.database_url.split("//")[1].split(":")[0]


async def test_every_tenant_table_has_forced_rls_and_a_policy(settings: Settings) -> None:
    conn = connections.get("default")
    for model in tenant_models():
        table = model._meta.db_table
        _, rows = await conn.execute_query(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = $1", [table]
        )
        assert rows and rows[0]["relrowsecurity"] and rows[0]["relforcerowsecurity"], table
        _, policies = await conn.execute_query(
            "SELECT polname FROM pg_policy WHERE polrelid = $1::regclass", [table]
        )
        assert policies, f"{table} has no RLS policy"


async def test_raw_sql_without_tenant_filter_sees_only_the_requests_tenant(
    settings: Settings,
) -> None:
    tenant_a, tenant_b = await _two_tenants()
    async with tenant_transaction(tenant_a) as conn:
        _, rows = await conn.execute_query('SELECT "code", "tenant_id" FROM "store"')
    assert sorted(r["code"] for r in rows) == ["A-1", "A-2"]
    async with tenant_transaction(tenant_b) as conn:
        _, rows = await conn.execute_query('SELECT "code" FROM "store"')
    assert [r["code"] for r in rows] == ["B-1"]


async def test_orm_query_that_skips_the_repository_still_sees_one_tenant(
    settings: Settings,
) -> None:
    tenant_a, tenant_b = await _two_tenants()
    async with tenant_transaction(tenant_b):
        # Deliberately bypasses StoreRepository: no tenant filter at all.
        codes = await Store.all().values_list("code", flat=True)
        foreign = await Store.filter(tenant_id=tenant_a).count()
    assert codes == ["B-1"]
    assert foreign == 0


async def test_without_a_tenant_nothing_is_visible(settings: Settings) -> None:
    await _two_tenants()
    async with tenant_transaction(None) as conn:
        _, rows = await conn.execute_query('SELECT count(*) AS n FROM "store"')
    assert rows[0]["n"] == 0
    # Outside any transaction the connection carries no tenant either.
    _, rows = await connections.get("default").execute_query('SELECT count(*) AS n FROM "store"')
    assert rows[0]["n"] == 0


async def test_writing_a_row_into_another_tenant_is_refused(settings: Settings) -> None:
    tenant_a, tenant_b = await _two_tenants()
    with pytest.raises(OperationalError, match="row-level security"):
        async with tenant_transaction(tenant_a) as conn:
            await conn.execute_query(
                'INSERT INTO "store" ("tenant_id", "code", "name", "region", "city", "timezone") '
                "VALUES ($1, 'SNEAKY', 'x', 'x', 'x', 'UTC')",
                [tenant_b],
            )
    async with tenant_transaction(tenant_a) as conn:
        moved = await conn.execute_query(
            'UPDATE "store" SET "name" = \'renamed\' WHERE "tenant_id" = $1', [tenant_b]
        )
    assert moved[0] == 0


async def test_the_tenant_setting_does_not_leak_to_the_next_transaction(
    settings: Settings,
) -> None:
    tenant_a, _ = await _two_tenants()
    async with tenant_transaction(tenant_a) as conn:
        _, rows = await conn.execute_query("SELECT count(*) AS n FROM store")
        assert rows[0]["n"] == 2
    # Pool connections are reused; SET LOCAL ended with the transaction.
    for _ in range(3):
        async with tenant_transaction(None) as conn:
            _, rows = await conn.execute_query("SELECT count(*) AS n FROM store")
            assert rows[0]["n"] == 0


async def test_a_session_setting_left_on_a_pooled_connection_does_not_widen_a_request(
    settings: Settings,
) -> None:
    """The pool hands connections back without asyncpg's RESET ALL, so each
    tenant transaction sets every setting the policies read itself: a bug that
    set them for the whole session must not reach the next request."""
    from saas.db import PooledConnection

    tenant_a, tenant_b = await _two_tenants()
    async with tenant_transaction(tenant_b) as conn:
        _, rows = await conn.execute_query(
            "SELECT pg_backend_pid() AS pid, set_config('app.system_scope', 'on', false),"
            " set_config('app.tenant_id', $1, false)",
            [str(tenant_b)],
        )
        leaky = rows[0]["pid"]
    async with tenant_transaction(tenant_a) as conn:
        _, rows = await conn.execute_query(
            "SELECT pg_backend_pid() AS pid, current_setting('app.system_scope') AS scope,"
            " (SELECT count(*) FROM store) AS n"
        )
    assert rows[0]["pid"] == leaky  # the same pooled connection, not reset in between
    assert rows[0]["scope"] == "" and rows[0]["n"] == 2  # tenant A's stores only
    async with tenant_transaction(None) as conn:
        _, rows = await conn.execute_query("SELECT count(*) AS n FROM store")
    assert rows[0]["n"] == 0
    pool = connections.get("default")._pool  # type: ignore[attr-defined]
    async with pool.acquire() as raw:
        assert isinstance(raw, PooledConnection) and raw.get_reset_query() == ""
    # Leave no leaky connection behind: every pooled one reconnects on next use.
    await pool.expire_connections()


async def test_system_scope_sees_every_tenant(settings: Settings) -> None:
    await _two_tenants()
    async with system_transaction() as conn:
        _, rows = await conn.execute_query("SELECT count(*) AS n FROM store")
    assert rows[0]["n"] == 3


async def test_a_hostile_tenant_value_is_data_not_sql(settings: Settings, api: Api) -> None:
    tenant_a, tenant_b = await _two_tenants()
    for hostile in (
        f"{tenant_a} OR true",
        f"{tenant_a}'); DROP TABLE store; --",
        "-1 UNION SELECT 1",
    ):
        # Refused before it reaches SQL (SET LOCAL takes no parameters): an
        # error, never a wider view.
        with pytest.raises(ValueError, match=r"refusing to set app\.tenant_id"):
            async with tenant_transaction(hostile) as conn:  # type: ignore[arg-type]
                await conn.execute_query('SELECT "code" FROM "store"')
    async with system_transaction():
        assert await Store.all().count() == 3  # nothing dropped
    # A token (even correctly signed) whose tenant is not a number is refused.
    async with system_transaction():
        group_a = await DealerGroup.get(id=tenant_a)
    admin = await make_user("admin@a.test", group=group_a, role=Role.GROUP_ADMIN)
    answers = {}
    for tid in (tenant_a, f"{tenant_a} OR true", [tenant_a, tenant_b], True):
        token = jwt.encode(
            {"sub": str(admin.id), "tid": tid, "typ": "access", "exp": int(time.time()) + 60},
            settings.secret_key,
            algorithm="HS256",
        )
        answers[repr(tid)] = (await api.post("{ stores { totalCount } }", token=token)).status_code
    assert list(answers.values()) == [200, 401, 401, 401], answers


async def test_the_tenant_settings_travel_with_the_transactions_begin(settings: Settings) -> None:
    """Every request's transaction: BEGIN and the settings the policies read
    in one round trip, not a statement of their own."""
    tenant_a, _ = await _two_tenants()
    with count_queries() as statements:
        async with tenant_transaction(tenant_a, statement_timeout_ms=2500) as conn:
            _, rows = await conn.execute_query(
                "SELECT current_setting('app.tenant_id') AS t, current_setting('app.system_scope')"
                " AS s, current_setting('statement_timeout') AS timeout"
            )
    assert dict(rows[0]) == {"t": str(tenant_a), "s": "", "timeout": "2500ms"}
    assert not [s for s in statements if "set_config" in s], statements


async def test_a_statement_as_long_as_a_compiled_documents_is_prepared_once(
    settings: Settings,
) -> None:
    """asyncpg keeps prepared only statements up to a length (15 KiB by
    default); the customer timeline's compiled statement is longer, and was
    parsed and planned anew on every request. The app's connections keep
    statements up to `MAX_CACHED_STATEMENT`."""
    from saas.db import MAX_CACHED_STATEMENT
    from saas.schema.compiled.compiler import raw_connection

    tenant_a, _ = await _two_tenants()
    text = "SELECT count(*) FROM store WHERE id > $1 /* " + "x" * 20_000 + " */"
    assert 15 * 1024 < len(text) < MAX_CACHED_STATEMENT
    async with tenant_transaction(tenant_a) as conn:
        raw = raw_connection(conn)
        assert raw is not None
        assert [await raw.fetchval(text, 0) for _ in range(3)] == [2, 2, 2]
        prepared = await raw.fetchval(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE statement = $1",
            text,
        )
    assert prepared == 3  # one prepared statement, run three times
