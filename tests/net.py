"""Loopback helpers for tests that start real processes."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def demo_server(workdir: Path, *, seeded: Path | None = None, **env: str) -> Iterator[str]:
    """`saas serve --migrate --seed-demo` as a real process on a SQLite file
    in `workdir` (embedded mode: no Redis), with `env` on top of this
    process's environment; yields its base URL once /healthz answers.

    `seeded`: a SQLite file the same command already filled (the
    `demo_database` fixture), copied into `workdir` first. The command then
    finds its migrations applied and the demo loaded, as on a second
    `make run`, and is up in seconds instead of the half minute that loading
    the demo takes; the server serves the same demo under the same ids."""
    if seeded is not None:
        shutil.copyfile(seeded, workdir / "saas.sqlite3")
    port = free_port()
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "ENVIRONMENT")
    }
    environment |= {"DATABASE_URL": f"sqlite://{workdir}/saas.sqlite3", "PORT": str(port), **env}
    saas = Path(sys.executable).with_name("saas")
    log_path = workdir / "server.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [str(saas), "serve", "--migrate", "--seed-demo"],
            cwd=workdir,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120  # migrations and the demo seed on a busy host
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    pytest.fail(f"saas serve exited: {log_path.read_text()}")
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.05)
            else:
                pytest.fail("saas serve did not come up within 120 s")
            yield base
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
