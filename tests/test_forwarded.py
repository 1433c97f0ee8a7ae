"""`saas serve` believes X-Forwarded-For only from FORWARDED_ALLOW_IPS: by
default a caller rotating the header from loopback stays in its own per-IP
rate-limit bucket; behind a named proxy the header is the client address.
Starts the real command (SQLite, in-process limits) and talks HTTP to it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from saas.settings import Settings
from tests.net import free_port

pytestmark = pytest.mark.slow

LIMIT = 5


@pytest.fixture(params=["default", "trusting-loopback"], scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    workdir = tmp_path_factory.mktemp(f"forwarded-{request.param}")
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "ENVIRONMENT", "FORWARDED_ALLOW_IPS")
    }
    env |= {
        "DATABASE_URL": f"sqlite://{workdir}/saas.sqlite3",
        "PORT": str(port),
        "RATE_LIMIT_ANONYMOUS_PER_MINUTE": str(LIMIT),
    }
    if request.param == "trusting-loopback":
        env["FORWARDED_ALLOW_IPS"] = "127.0.0.1"
    saas = Path(sys.executable).with_name("saas")
    log = (workdir / "server.log").open("w")
    proc = subprocess.Popen(
        [str(saas), "serve", "--migrate"],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"saas serve exited: {(workdir / 'server.log').read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            pytest.fail("saas serve did not come up within 60 s")
        yield base, request.param
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _anonymous(base: str, forwarded_for: str) -> int:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": "{ __typename }"},
        headers={"x-forwarded-for": forwarded_for},
        timeout=10,
    )
    return response.status_code


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(server: tuple[str, str]) -> None:
    base, mode = server
    rotating = [_anonymous(base, f"203.0.113.{i}") for i in range(LIMIT * 3)]
    if mode == "default":
        # The header is ignored: every request is loopback's, limited as one client.
        assert rotating == [200] * LIMIT + [429] * (LIMIT * 2)
        return
    # Behind the named proxy each forwarded address is its own client...
    assert rotating == [200] * (LIMIT * 3)
    # ...and is limited as one.
    same = [_anonymous(base, "198.51.100.7") for _ in range(LIMIT + 1)]
    assert same == [200] * LIMIT + [429]
    assert _anonymous(base, "198.51.100.8") == 200


@pytest.mark.parametrize("value", ["proxy.internal", "10.0.0.300", "127.0.0.1, nonsense"])
def test_forwarded_allow_ips_takes_only_addresses_and_networks(value: str) -> None:
    with pytest.raises(ValidationError, match="FORWARDED_ALLOW_IPS"):
        Settings(_env_file=None, forwarded_allow_ips=value)  # type: ignore[call-arg]
    assert Settings(_env_file=None, forwarded_allow_ips="10.0.0.5, 10.1.0.0/16, ::1")  # type: ignore[call-arg]
