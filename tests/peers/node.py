"""Running the pinned npm clients of tests/peers from pytest."""

from __future__ import annotations

import fcntl
import json
import queue
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

PEERS = Path(__file__).parent


def install_node_modules() -> None:
    """`npm ci` when node_modules is missing or older than the lock file (a fresh clone)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("Node.js and npm are needed for tests/peers (apt-get install nodejs npm)")
    installed = PEERS / "node_modules" / ".package-lock.json"
    lock = PEERS / "package-lock.json"
    # One `npm ci` at a time: the processes of `pytest -n N` share node_modules.
    with (PEERS / ".npm-ci.lock").open("w") as mutex:
        fcntl.flock(mutex, fcntl.LOCK_EX)
        if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
            return
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=PEERS,
            capture_output=True,
            text=True,
            timeout=300,
        )
    if done.returncode != 0:
        pytest.fail(f"npm ci in {PEERS} failed:\n{done.stdout}\n{done.stderr}")


def run_node(script: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", str(PEERS / script), *args],
        cwd=PEERS,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class NodeProcess:
    """One of our Node scripts, talking JSON lines on stdin and stdout."""

    def __init__(self, script: str, *args: str) -> None:
        self._stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            ["node", str(PEERS / script), *args],
            cwd=PEERS,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self._sequence = 0

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()

    def read(self, timeout: float = 20) -> dict[str, Any]:
        """The next JSON line the script prints."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"{self.proc.args[1]} printed nothing within {timeout} s; stderr:\n{self.stderr()}"
            ) from None
        if line is None:
            self._lines.put(None)
            raise AssertionError(
                f"{self.proc.args[1]} exited ({self.proc.wait()}); stderr:\n{self.stderr()}"
            )
        return json.loads(line)  # type: ignore[no-any-return]

    def call(self, op: str, reply_within: float = 60, **arguments: Any) -> Any:
        """Ask the script to do `op` and return its answer; its error fails the test."""
        self._sequence += 1
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"id": self._sequence, "op": op, **arguments}) + "\n")
        self.proc.stdin.flush()
        while True:
            reply = self.read(reply_within)
            if reply.get("id") == self._sequence:
                break
        if "error" in reply:
            raise AssertionError(f"{op}: {reply['error']}")
        return reply.get("result")

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._stderr.close()
