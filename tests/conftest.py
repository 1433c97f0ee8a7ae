"""Test fixtures: a fresh PostgreSQL database and login role per run, Redis,
the ASGI app over real HTTP requests (httpx), and small factories.

As in production there are two database roles, neither a superuser nor
BYPASSRLS: one owns the tables and runs the migrations, the other is the
application's and owns nothing, so row-level security is really in force
during the tests and the app cannot change the schema.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from saas import wiring
from saas.app import create_app
from saas.db import close_db, init_db
from saas.migrate import migrate
from saas.models import __models__
from saas.settings import Settings
from tests.factories import PASSWORD

ADMIN_DSN = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN_ID = secrets.token_hex(4)
OWNER: list[asyncpg.Connection] = []  # the table owner's connection, once `database` is up


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
        # Emptying tables between tests is DDL, which only the owner may do.
        OWNER.append(await asyncpg.connect(settings.migration_database_url))
        yield settings
    finally:
        for conn in OWNER:
            await conn.close()
        await close_db()
        await _drop_queue(settings.job_queue)
        await admin.execute(f'DROP DATABASE IF EXISTS "{role}" WITH (FORCE)')
        for name in (role, owner):
            await admin.execute(f'DROP ROLE IF EXISTS "{name}"')
        await admin.close()


@pytest.fixture(autouse=True)
async def clean_database(request: pytest.FixtureRequest) -> None:
    """Empty every table before each test that uses the database, except in
    tests marked `shared_database` (their module-scoped fixture empties the
    tables once and the tests build on each other's data)."""
    if "database" not in request.fixturenames or request.node.get_closest_marker("shared_database"):
        return
    await empty_database(request.getfixturevalue("database"))


async def empty_database(settings: Settings) -> None:
    owner = OWNER[0]
    tables = ", ".join(
        f'"{m._meta.db_table}"' for m in __models__ if m._meta.db_table != "authz_revision"
    )
    await owner.execute(
        f"TRUNCATE {tables} RESTART IDENTITY CASCADE;"
        'UPDATE "authz_revision" SET "revision" = "revision" + 1;'
    )
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
