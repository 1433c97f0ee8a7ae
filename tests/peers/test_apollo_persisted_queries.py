"""Apollo Client's persisted-queries link (npm `@apollo/client` with
`crypto-hash`, and `@apollo/persisted-query-lists`) against a real `saas
serve`: automatic persisted queries as Apollo implements them, and trusted
documents from the manifest Apollo's own generator writes, with
TRUSTED_DOCUMENTS_ONLY refusing everything else."""

from __future__ import annotations

import json
import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from saas.demo import DEMO_PASSWORD
from saas.schema.view import COMPILED_PLAN, EXECUTOR_PLAN
from tests.conftest import ADMIN_DSN
from tests.net import demo_server
from tests.peers.conftest import CONSULTANT, Server
from tests.peers.node import PEERS, run_node

pytestmark = pytest.mark.slow

MANIFEST = PEERS.parents[1] / "documents" / "manifest.json"
SALES = "sales.pudong@eaststar.demo"  # deactivated by one test, on its own server
STEPS = [
    {
        "operation": "Login",
        "variables": {"input": {"email": CONSULTANT, "password": DEMO_PASSWORD}},
        "as": "token",
    },
    {"operation": "LeadPage", "variables": {"first": 5}},
    {"operation": "LeadPage", "variables": {"first": 5}},
    {"operation": "Me"},
]


def apollo(
    url: str,
    mode: str,
    steps: list[dict[str, Any]] = STEPS,
    token: str | None = None,
    *,
    answered: bool = True,
) -> dict[str, Any]:
    given = {"url": url, "mode": mode, "manifest": str(MANIFEST), "steps": steps, "token": token}
    done = run_node("apollo.mjs", json.dumps(given))
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    if answered:
        for step in result["results"]:
            assert step["error"] is None, step
    return result


def _answered(result: dict[str, Any]) -> None:
    """Apollo Client got every answer: a session, a page of leads, the consultant."""
    login, page, again, me = (r["data"] for r in result["results"])
    assert login["login"]["__typename"] == "Session"
    assert 0 < len(page["leads"]["nodes"]) <= 5 and again == page
    assert me["me"]["user"]["email"] == CONSULTANT


def test_the_committed_manifest_is_what_apollos_generator_writes(tmp_path: Path) -> None:
    config = tmp_path / "persisted-query-manifest.config.json"
    output = tmp_path / "manifest.json"
    config.write_text(
        json.dumps({"documents": [str(MANIFEST.parent / "*.graphql")], "output": str(output)})
    )
    done = subprocess.run(
        ["npx", "--no-install", "generate-persisted-query-manifest", "--config", str(config)],
        cwd=PEERS,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(output.read_text()) == json.loads(MANIFEST.read_text()), (
        "documents/manifest.json is stale: cd tests/peers && npx generate-persisted-query-manifest"
    )


def test_apollo_apq_sends_the_text_once_after_a_miss_then_hashes_only(server: Server) -> None:
    result = apollo(f"{server.base}/graphql", "apq")
    _answered(result)
    sent = [
        (r["body"].get("operationName"), "query" in r["body"], r["status"])
        for r in result["requests"]
    ]
    # Each operation: the hash alone, PersistedQueryNotFound (HTTP 200), then hash and text;
    # the second LeadPage goes by its hash alone and the server has it.
    assert sent == [
        ("Login", False, 200),
        ("Login", True, 200),
        ("LeadPage", False, 200),
        ("LeadPage", True, 200),
        ("LeadPage", False, 200),
        ("Me", False, 200),
        ("Me", True, 200),
    ]
    for request in result["requests"]:
        assert request["body"]["extensions"]["persistedQuery"]["version"] == 1


def test_apollo_apq_over_get_runs_queries_by_hash(server: Server) -> None:
    """`useGETForHashedQueries`: queries by hash as GET (a CDN may cache them),
    the text after a miss by POST, the login mutation always by POST."""
    result = apollo(f"{server.base}/graphql", "apq-get")
    _answered(result)
    sent = [
        (r["method"], r["body"].get("operationName"), "query" in r["body"], r["status"])
        for r in result["requests"]
    ]
    assert not [s for s in sent if s[0] == "GET" and s[2]], "never the text over GET"
    assert all(method == "POST" for method, name, _, _ in sent if name == "Login")
    # The second LeadPage: its hash alone over GET, and the server has it.
    assert [s for s in sent if s[1] == "LeadPage"][-1] == ("GET", "LeadPage", False, 200)
    assert ("GET", "Me", False, 200) in sent


@pytest.mark.parametrize("mode", ["apq", "manifest"])
def test_apollo_hears_401_at_once_when_the_account_is_deactivated(
    tmp_path: Path, demo_database: Path, mode: str
) -> None:
    """A signed-in user whose account an administrator deactivates: the next
    request by hash or manifest id is refused 401 before any persisted-query
    answer, so Apollo's link neither retries with the text nor shows data."""
    with demo_server(tmp_path, seeded=demo_database) as base:
        token = Server(base, tmp_path / "server.log").login(SALES)
        me = [{"operation": "Me"}]
        before = apollo(f"{base}/graphql", mode, me, token)
        assert before["results"][0]["data"]["me"]["user"]["email"] == SALES
        with sqlite3.connect(tmp_path / "saas.sqlite3") as db:
            db.execute("UPDATE app_user SET is_active = 0 WHERE email = ?", (SALES,))
        after = apollo(f"{base}/graphql", mode, me, token, answered=False)
    (step,) = after["results"]
    assert step["data"] is None and "401" in step["error"], step
    sent = [(r["status"], "query" in r["body"]) for r in after["requests"]]
    assert sent == [(401, False)], after["requests"]
    assert after["requests"][0]["plan"] is None  # refused before either path ran


@pytest.fixture(scope="module")
def trusted_server(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> Iterator[str]:
    """A production-like server that runs registered documents only, with the
    committed manifest loaded by `saas documents load`."""
    workdir = tmp_path_factory.mktemp("trusted")
    with demo_server(
        workdir,
        seeded=demo_database,
        TRUSTED_DOCUMENTS_ONLY="true",
        RATE_LIMIT_ANONYMOUS_PER_MINUTE="1000",
    ) as base:
        loaded = subprocess.run(
            [str(Path(sys.executable).with_name("saas")), "documents", "load", str(MANIFEST)],
            cwd=workdir,
            env={"DATABASE_URL": f"sqlite://{workdir}/saas.sqlite3", "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert loaded.returncode == 0, loaded.stderr
        count = len(json.loads(MANIFEST.read_text())["operations"])
        assert loaded.stdout.splitlines()[-1] == (
            f"{count} operations: {count} registered, 0 already known"
        )
        yield base


def test_apollo_sends_manifest_ids_only_to_a_trusted_documents_server(trusted_server: str) -> None:
    result = apollo(f"{trusted_server}/graphql", "manifest")
    _answered(result)
    ids = {o["name"]: o["id"] for o in json.loads(MANIFEST.read_text())["operations"]}
    for request in result["requests"]:
        body = request["body"]
        assert "query" not in body and request["status"] == 200, request
        assert body["extensions"]["persistedQuery"]["sha256Hash"] == ids[body["operationName"]]


def test_apollo_apq_hashes_are_the_manifest_ids(trusted_server: str) -> None:
    """Apollo Client hashes exactly the text its generator registered: on a
    trusted-documents server APQ never misses."""
    result = apollo(f"{trusted_server}/graphql", "apq")
    _answered(result)
    assert all("query" not in r["body"] for r in result["requests"])


def test_a_trusted_documents_server_refuses_any_other_operation(trusted_server: str) -> None:
    refused = httpx.post(f"{trusted_server}/graphql", json={"query": "{ __typename }"}, timeout=15)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"


@pytest.fixture(scope="module")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo on PostgreSQL (where registered documents compile to SQL),
    with the committed manifest loaded by `saas documents load`."""
    workdir = tmp_path_factory.mktemp("compiled")
    name = f"saas_peer_{secrets.token_hex(4)}"
    database_url = ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    subprocess.run(["psql", ADMIN_DSN, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    try:
        with demo_server(
            workdir, DATABASE_URL=database_url, RATE_LIMIT_ANONYMOUS_PER_MINUTE="1000"
        ) as base:
            loaded = subprocess.run(
                [str(Path(sys.executable).with_name("saas")), "documents", "load", str(MANIFEST)],
                cwd=workdir,
                env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert loaded.returncode == 0, loaded.stderr
            yield base
    finally:
        subprocess.run(
            ["psql", ADMIN_DSN, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
            check=True,
        )


def test_apollo_gets_the_lead_page_from_one_compiled_statement(postgres_server: str) -> None:
    """Apollo Client sending the manifest's ids to a server on PostgreSQL:
    the lead page comes from the compiled statement (its bytes passed
    through), and Apollo reads it as it reads the executor's answers."""
    result = apollo(f"{postgres_server}/graphql", "manifest")
    _answered(result)
    plans = {(r["body"]["operationName"], r["plan"]) for r in result["requests"]}
    assert plans == {
        ("Login", EXECUTOR_PLAN),
        ("LeadPage", COMPILED_PLAN),
        ("Me", EXECUTOR_PLAN),
    }
