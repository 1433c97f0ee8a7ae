"""The API behind a real PgBouncer in transaction mode (Debian's `pgbouncer`,
started here on a free port in front of the test database): with
`DB_STATEMENT_CACHE_SIZE=0` concurrent GraphQL requests of two dealer groups
all succeed and each group still sees only its own leads (the row-level
security settings are transaction-local, so transaction pooling keeps them);
with asyncpg's default statement cache the same load fails as operators saw
it, `prepared statement "__asyncpg_stmt_N__" does not exist`."""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest

from saas.settings import Settings
from saas.tenancy.roles import Role
from tests.factories import PASSWORD, make_group, make_lead, make_store, make_user
from tests.net import free_port

pytestmark = pytest.mark.slow

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
if not Path(PGBOUNCER).exists():
    pytest.skip("pgbouncer is not installed (.ci/run installs it)", allow_module_level=True)

LEADS = "{ leads(first: 50) { totalCount nodes { customer { name } } } }"


@contextlib.contextmanager
def pgbouncer(settings: Settings) -> Iterator[str]:
    """PgBouncer in transaction mode with two server connections in front of
    the test database; yields the application role's URL through it."""
    app = urlsplit(settings.database_url)
    database = app.path.lstrip("/")
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="saas-pgbouncer-"))
    workdir.chmod(0o755)  # pgbouncer drops root for the postgres user, who must read it
    (workdir / "users.txt").write_text(f'"{app.username}" "{app.password}"\n')
    (workdir / "pgbouncer.ini").write_text(
        f"""[databases]
{database} = host=127.0.0.1 port={app.port} dbname={database}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {workdir}/users.txt
pool_mode = transaction
default_pool_size = 2
max_client_conn = 200
server_reset_query =
ignore_startup_parameters = extra_float_digits
"""
    )
    for name in ("users.txt", "pgbouncer.ini"):
        (workdir / name).chmod(0o644)
    user = ["-u", pwd.getpwnam("postgres").pw_name] if os.geteuid() == 0 else []
    log = (workdir / "pgbouncer.log").open("w")
    proc = subprocess.Popen(
        [PGBOUNCER, *user, str(workdir / "pgbouncer.ini")], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        _wait_for_port(port, proc, workdir / "pgbouncer.log")
        yield f"postgres://{app.username}:{app.password}@127.0.0.1:{port}/{database}"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"pgbouncer exited: {log.read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail("pgbouncer did not listen within 20 s")


@contextlib.contextmanager
def api_server(settings: Settings, database_url: str, **env: str) -> Iterator[tuple[str, Path]]:
    """`saas serve` as a real process on `database_url`; yields its base URL and log."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="saas-serve-"))
    # None of this process's own settings (a developer's .env or shell) leak in.
    environment = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    environment |= {
        "ENVIRONMENT": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.secret_key,
        "PORT": str(port),
        "RATE_LIMIT_ANONYMOUS_PER_MINUTE": "100000",
        "RATE_LIMIT_USER_PER_MINUTE": "100000",
        "RATE_LIMIT_FAILED_AUTH_PER_MINUTE": "100000",
        **env,
    }
    log_path = workdir / "server.log"
    saas = str(Path(sys.executable).with_name("saas"))
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [saas, "serve"], cwd=workdir, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    pytest.fail(f"saas serve exited: {log_path.read_text()}")
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.05)
            else:
                pytest.fail("saas serve did not come up within 60 s")
            yield base, log_path
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
            shutil.rmtree(workdir, ignore_errors=True)


async def _two_groups(tenants: list[int] | None = None) -> dict[str, set[str]]:
    """Two dealer groups with a consultant and four leads each: e-mail -> the
    customer names that consultant must see, and only those (the groups' ids
    appended to `tenants`)."""
    seen: dict[str, set[str]] = {}
    for code, first_phone in (("EAST", 13800138000), ("WEST", 13900139000)):
        group = await make_group(code)
        if tenants is not None:
            tenants.append(group.id)
        store = await make_store(group, f"{code}-1")
        consultant = await make_user(
            f"consultant@{code.lower()}.test", group=group, role=Role.CONSULTANT, store=store
        )
        names = {f"{code} customer {i}" for i in range(4)}
        for i, name in enumerate(sorted(names)):
            await make_lead(consultant, store, name=name, phone=str(first_phone + i))
        seen[consultant.email] = names
    return seen


async def _load(base: str, expected: dict[str, set[str]], rounds: int) -> list[httpx.Response]:
    """Log each consultant in, then send `rounds` lead pages per consultant,
    all at once; returns the answers of the lead pages, checked for isolation
    (or the answer of a login that failed)."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        tokens = {}
        for email in expected:
            login = await client.post(
                "/graphql",
                json={
                    "query": "mutation($input: LoginInput!) { login(input: $input) {"
                    " ... on Session { accessToken } } }",
                    "variables": {"input": {"email": email, "password": PASSWORD}},
                },
            )
            if login.status_code != 200 or "errors" in login.json():
                return [login]
            tokens[email] = login.json()["data"]["login"]["accessToken"]
        calls = [(email, token) for email, token in tokens.items() for _ in range(rounds)]
        answers = await asyncio.gather(
            *(
                client.post(
                    "/graphql",
                    json={"query": LEADS},
                    headers={"authorization": f"Bearer {token}"},
                )
                for _, token in calls
            )
        )
    for (email, _), answer in zip(calls, answers, strict=True):
        if answer.status_code == 200 and "errors" not in answer.json():
            names = {n["customer"]["name"] for n in answer.json()["data"]["leads"]["nodes"]}
            assert names == expected[email], (email, names)
    return list(answers)


async def test_the_api_works_through_pgbouncer_in_transaction_mode(settings: Settings) -> None:
    tenants: list[int] = []
    expected = await _two_groups(tenants)
    with (
        pgbouncer(settings) as pooled_url,
        api_server(settings, pooled_url, DB_STATEMENT_CACHE_SIZE="0") as (base, log),
    ):
        for _ in range(3):
            answers = await _load(base, expected, rounds=8)
            failed = [a for a in answers if a.status_code != 200 or "errors" in a.json()]
            assert not failed, (failed[0].text, log.read_text()[-3000:])
        assert "does not exist" not in log.read_text()
        await _settings_stay_in_their_transaction(pooled_url, tenants)


async def _settings_stay_in_their_transaction(pooled_url: str, tenants: list[int]) -> None:
    """Through PgBouncer, as the application role: a transaction that sets the
    tenant sees that group's leads alone, and the server connection it ran on
    (which PgBouncer hands to whoever comes next) keeps nothing of it."""
    conn = await asyncpg.connect(
        pooled_url.replace("postgres://", "postgresql://", 1), statement_cache_size=0
    )
    try:
        for tenant in tenants:
            async with conn.transaction():
                await conn.execute("SELECT set_config('app.tenant_id', $1, true)", str(tenant))
                rows = await conn.fetch('SELECT DISTINCT "tenant_id" FROM "lead"')
            assert [r["tenant_id"] for r in rows] == [tenant]
            for _ in range(4):  # whichever of PgBouncer's server connections
                assert await conn.fetchval('SELECT count(*) FROM "lead"') == 0
    finally:
        await conn.close()


async def test_without_the_setting_pgbouncer_breaks_the_statement_cache(
    settings: Settings,
) -> None:
    expected = await _two_groups()
    with pgbouncer(settings) as pooled_url, api_server(settings, pooled_url) as (base, log):
        answers = []
        for _ in range(3):
            answers += await _load(base, expected, rounds=8)
        failed = [a for a in answers if a.status_code != 200 or "errors" in a.json()]
        if not failed:
            pytest.skip("this run happened to reuse every statement on its own server connection")
        assert 'prepared statement "__asyncpg_stmt_' in log.read_text()
        assert "does not exist" in log.read_text()
