"""Test fixtures: a fresh PostgreSQL database and login role per run (per
process with pytest-xdist), Redis,
the ASGI app over real HTTP requests (httpx), and small factories.

As in production there are two database roles, neither a superuser nor
BYPASSRLS: one owns the tables and runs the migrations, the other is the
application's and owns nothing, so row-level security is really in force
during the tests and the app cannot change the schema.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import strawberry

import saas.app
from saas import wiring
from saas.app import create_app
from saas.db import close_db, init_db
from saas.migrate import migrate
from saas.models import __models__
from saas.schema import build_schema
from saas.settings import Settings
from tests.factories import PASSWORD
from tests.net import demo_server

ADMIN_DSN = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Each run, and each process of a `pytest -n N` run, has its own roles,
# database and Redis keys (the job queue prefixes every key the app writes).
RUN_ID = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{secrets.token_hex(4)}"
OWNER: list[asyncpg.Connection] = []  # the table owner's connection, once `database` is up


@asynccontextmanager
async def table_locked(table: str) -> AsyncIterator[None]:
    """While the block runs, `table` is locked ACCESS EXCLUSIVE by the table
    owner's open transaction (rolled back after), so any statement that reads
    it waits: for deadlines and statement timeouts."""
    owner = OWNER[0]
    transaction = owner.transaction()
    await transaction.start()
    try:
        await owner.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        yield
    finally:
        await transaction.rollback()


# A superuser's connection to the suite's database in replica mode, which
# empties the tables between tests (`empty_database`).
EMPTIER: list[asyncpg.Connection] = []


_SCHEMAS: dict[tuple[bool, bool], strawberry.Schema] = {}


def _schema_built_once(*, production: bool = False, traced: bool = False) -> strawberry.Schema:
    """`build_schema`, once per kind: a server process builds its schema once
    and serves every request with it, where the suite builds an app per test
    (building the schema is most of that)."""
    key = (production, traced)
    if key not in _SCHEMAS:
        _SCHEMAS[key] = build_schema(production=production, traced=traced)
    return _SCHEMAS[key]


@pytest.fixture(scope="session", autouse=True)
def _one_schema_per_kind() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(saas.app, "build_schema", _schema_built_once)
        yield


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[Settings]:
    role, owner = f"saas_test_{RUN_ID}", f"saas_owner_{RUN_ID}"
    password = secrets.token_hex(12)
    admin = await asyncpg.connect(ADMIN_DSN)
    for name in (owner, role):
        await admin.execute(
            f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}' "
            "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
        )
    await admin.execute(f'CREATE DATABASE "{role}" OWNER "{owner}"')
    # A commit need not wait for its WAL to reach the disk: a crash loses only
    # this throw-away database, and the suite commits thousands of times.
    await admin.execute(f'ALTER DATABASE "{role}" SET synchronous_commit = off')
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="development",
        database_url=f"postgres://{role}:{password}@127.0.0.1:5432/{role}",
        migration_database_url=f"postgres://{owner}:{password}@127.0.0.1:5432/{role}",
        redis_url=REDIS_URL,
        secret_key=secrets.token_urlsafe(48),
        job_queue=f"saas-test-{RUN_ID}",
        # Cheap hashes keep the suite fast; production keeps argon2's defaults.
        password_hash_time_cost=1,
        password_hash_memory_kib=1024,
        login_max_failures=3,
        # High limits for the suite; tests/identity/test_rate_limits.py sets low ones.
        rate_limit_user_per_minute=100_000,
        rate_limit_api_key_per_minute=100_000,
        rate_limit_anonymous_per_minute=100_000,
        rate_limit_failed_auth_per_minute=100_000,
        login_lockout_minutes=15,
    )
    try:
        await migrate(settings)
        await init_db(settings)
        wiring.install()
        OWNER.append(await asyncpg.connect(settings.migration_database_url))
        EMPTIER.append(
            await asyncpg.connect(
                ADMIN_DSN.rsplit("/", 1)[0] + f"/{role}",
                server_settings={"session_replication_role": "replica"},
            )
        )
        yield settings
    finally:
        for conn in OWNER + EMPTIER:
            await conn.close()
        await close_db()
        await _drop_queue(settings.job_queue)
        await admin.execute(f'DROP DATABASE IF EXISTS "{role}" WITH (FORCE)')
        for name in (role, owner):
            await admin.execute(f'DROP ROLE IF EXISTS "{name}"')
        await admin.close()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite file a first `saas serve --migrate --seed-demo` (`make run`
    on a fresh clone) leaves behind, made once per run (per process). Demo
    servers start from a copy of it (`demo_server(..., seeded=...)`): each
    gets the demo as freshly loaded, without loading it again. The server
    logs in JSON; tests/test_embedded.py reads its `server.log` beside the file."""
    workdir = tmp_path_factory.mktemp("demo")
    with demo_server(workdir, LOG_FORMAT="json"):
        pass
    return workdir / "saas.sqlite3"


@pytest.fixture(autouse=True)
async def clean_database(request: pytest.FixtureRequest) -> None:
    """Empty every table before each test that uses the database, except in
    tests marked `shared_database` (their module-scoped fixture empties the
    tables once and the tests build on each other's data)."""
    if "database" not in request.fixturenames or request.node.get_closest_marker("shared_database"):
        return
    await empty_database(request.getfixturevalue("database"))


TABLES = tuple(m._meta.db_table for m in __models__ if m._meta.db_table != "authz_revision")

# The tables a test may have left something in: any page on disk (a row, even
# deleted or rolled back, or rows written without their sequence) or a sequence
# that handed out a value since the tables were last emptied.
USED_TABLES = """
SELECT t.name FROM unnest($1::text[]) AS t(name)
WHERE pg_relation_size(quote_ident(t.name)) > 0
   OR EXISTS (
       SELECT 1 FROM pg_depend d
       JOIN pg_sequences s ON s.schemaname = current_schema()
           AND quote_ident(s.sequencename)::regclass = d.objid
       WHERE d.classid = 'pg_class'::regclass AND d.refobjid = quote_ident(t.name)::regclass
           AND d.deptype IN ('a', 'i') AND s.last_value IS NOT NULL)
"""

# What TRUNCATE ... RESTART IDENTITY does to the sequences of the tables `$1`
# (those that handed out a value): back to their start, not yet called.
RESTART_SEQUENCES = """
SELECT setval(d.objid::regclass, s.start_value, false)
FROM pg_depend d
JOIN pg_sequences s ON s.schemaname = current_schema()
    AND quote_ident(s.sequencename)::regclass = d.objid
WHERE d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND s.last_value IS NOT NULL
    AND d.refobjid IN (SELECT quote_ident(t)::regclass FROM unnest($1::text[]) AS t)
"""


async def empty_database(settings: Settings) -> None:
    """Empty the tables a test used and restart their sequences, as a fresh
    database has them.

    DELETE, not TRUNCATE: a transaction that truncates waits at its commit
    for the WAL to reach the disk (it drops the tables' old files), which
    cost from a tenth of a second to seconds per test on a busy host, where
    deleting the few rows a test leaves takes milliseconds. The superuser's
    connection in replica mode deletes as TRUNCATE empties: row-level
    security does not hide rows from it, and neither the audit logs'
    append-only triggers nor the foreign keys' checks fire."""
    emptier = EMPTIER[0]
    used = [row["name"] for row in await emptier.fetch(USED_TABLES, list(TABLES))]
    await emptier.execute(
        "".join(f'DELETE FROM "{name}";' for name in used)
        + 'UPDATE "authz_revision" SET "revision" = "revision" + 1;'
    )
    if used:
        await emptier.execute(RESTART_SEQUENCES, used)
    # Jobs a previous test queued but never ran must not run in this one.
    await _drop_queue(settings.job_queue, job_keys=False)


@pytest.fixture
def settings(database: Settings) -> Settings:
    return database


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[Api]:
    app = create_app(settings, run_jobs=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client)


class Api:
    """Real HTTP requests to the ASGI app."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> httpx.Response:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """Run an operation that must succeed; return its data."""
        response = await self.post(query, variables, token)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    async def errors(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> list[dict[str, Any]]:
        """Run an operation that must fail with GraphQL errors; return them."""
        response = await self.post(query, variables, token)
        body = response.json()
        assert body.get("errors"), body
        return body["errors"]  # type: ignore[no-any-return]

    async def error_count(self, code: str) -> float:
        """`saas_graphql_errors_total` for `code` as `/metrics` shows it now.
        The counters are the process's, so a test compares it before and after
        its own requests: earlier tests' errors are counted too."""
        for line in (await self.client.get("/metrics")).text.splitlines():
            if line.startswith(f'saas_graphql_errors_total{{code="{code}"}} '):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    async def login(self, email: str, password: str = PASSWORD) -> str:
        data = await self.gql(
            """mutation($input: LoginInput!) { login(input: $input) {
                __typename ... on Session { accessToken } } }""",
            {"input": {"email": email, "password": password}},
        )
        assert data["login"]["__typename"] == "Session", data
        return data["login"]["accessToken"]  # type: ignore[no-any-return]


async def _drop_queue(queue: str, *, job_keys: bool = True) -> None:
    import redis.asyncio as redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = [queue, f"{queue}:bulk"]
        if job_keys:
            # arq's per-job keys start with the environment's queue too (and
            # those of the queues tests derive from it, `<queue>-faults`...).
            keys += [k async for k in client.scan_iter(f"{queue}*")]
        await client.delete(*keys)
    finally:
        await client.aclose()
