"""graphql-http's own audit of the GraphQL-over-HTTP spec against `saas serve`,
as a signed-in client: no warnings, no errors."""

from __future__ import annotations

import json

import pytest

from tests.peers.conftest import CONSULTANT, Server
from tests.peers.node import run_node

pytestmark = pytest.mark.slow


def test_graphql_http_audit_finds_nothing_to_warn_about(server: Server) -> None:
    token = server.login(CONSULTANT)
    done = run_node("audit.mjs", f"{server.base}/graphql", f"Bearer {token}")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    counts = report["counts"]
    print(
        f"graphql-http audit: {counts['ok']} ok, {counts['notice']} notices, "
        f"{counts['warn']} warnings, {counts['error']} errors"
    )
    problems = [f for f in report["failures"] if f["status"] in ("warn", "error")]
    assert not problems, "graphql-http audit:\n" + "\n".join(
        f"  {f['status']} {f['id']} {f['name']}: {f['reason']}" for f in problems
    )
