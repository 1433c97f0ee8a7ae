"""`saas migrate` started twice at once on a fresh database (two replicas
deploying together): both succeed, and every migration is applied once, by
one of them, while the other waits for PostgreSQL's advisory lock."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from saas.db import MIGRATIONS_LOCATION
from saas.settings import Settings
from tests.conftest import ADMIN_DSN

pytestmark = pytest.mark.slow


@pytest.fixture
async def fresh_database() -> AsyncIterator[str]:
    """An empty database owned by a new role (no superuser); yields its URL."""
    name, password = f"saas_migrate_{secrets.token_hex(4)}", secrets.token_hex(12)
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await admin.execute(
            f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}' NOSUPERUSER NOBYPASSRLS"
        )
        await admin.execute(f'CREATE DATABASE "{name}" OWNER "{name}"')
        yield f"postgres://{name}:{password}@127.0.0.1:5432/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'DROP ROLE IF EXISTS "{name}"')
        await admin.close()


async def _saas_migrate(url: str) -> tuple[int, str]:
    environment = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    environment |= {"DATABASE_URL": url, "ENVIRONMENT": "development"}
    proc = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("saas")),
        "migrate",
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(proc.communicate(), timeout=300)
    return proc.returncode or 0, output.decode()


async def test_two_concurrent_migrations_wait_for_each_other(fresh_database: str) -> None:
    first, second = await asyncio.gather(
        _saas_migrate(fresh_database), _saas_migrate(fresh_database)
    )
    assert first[0] == 0, first[1]
    assert second[0] == 0, second[1]
    outputs = sorted([first[1], second[1]], key=lambda out: "none (up to date)" in out)
    # One applied every migration; the other waited and found none left.
    assert "none (up to date)" in outputs[1], outputs
    every = sorted(p.name for p in (Path(MIGRATIONS_LOCATION) / "models").glob("*.py"))
    for name in every:
        assert name.removesuffix(".py") in outputs[0] or name in outputs[0], (name, outputs[0])

    conn = await asyncpg.connect(fresh_database.replace("postgres://", "postgresql://", 1))
    try:
        versions = [r["version"] for r in await conn.fetch('SELECT "version" FROM "aerich"')]
    finally:
        await conn.close()
    assert sorted(versions) == sorted(set(versions))  # none applied twice
    assert len(versions) == len(every)
