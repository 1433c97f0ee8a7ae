"""One `saas serve` (embedded SQLite, demo data) for every peer-client test,
and two tiny static web servers on other ports that play a frontend's origin."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from saas.demo import DEMO_PASSWORD
from tests.net import demo_server, free_port
from tests.peers.node import install_node_modules

CONSULTANT = "zhang.wei@eaststar.demo"
SHOWROOM_MANAGER = "showroom.pudong@eaststar.demo"


@pytest.fixture(scope="session", autouse=True)
def node_modules() -> None:
    install_node_modules()


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><html><head><title>frontend</title></head><body>app</body></html>"
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(frozen=True)
class Origins:
    allowed: str
    refused: str


@pytest.fixture(scope="package")
def origins() -> Iterator[Origins]:
    """Two static sites on other ports: a frontend whose origin the API is
    configured to allow, and one it is not."""
    servers = [ThreadingHTTPServer(("127.0.0.1", free_port()), _Page) for _ in range(2)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    allowed, refused = (f"http://127.0.0.1:{s.server_address[1]}" for s in servers)
    yield Origins(allowed=allowed, refused=refused)
    for s in servers:
        s.shutdown()
        s.server_close()


@dataclass(frozen=True)
class Assignment:
    lead: str
    store: str
    owner: str


@dataclass(frozen=True)
class Server:
    base: str
    log: Path

    @property
    def ws_url(self) -> str:
        return self.base.replace("http", "ws", 1) + "/graphql"

    def gql(
        self, query: str, token: str | None = None, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = httpx.post(
            f"{self.base}/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=15,
        )
        body = response.json()
        assert "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]

    def login(self, email: str) -> str:
        data = self.gql(
            "mutation ($input: LoginInput!) { login(input: $input) { ... on Session { accessToken } } }",
            variables={"input": {"email": email, "password": DEMO_PASSWORD}},
        )
        return data["login"]["accessToken"]  # type: ignore[no-any-return]

    def lead_to_assign(self, manager: str, consultant: str) -> Assignment:
        """A lead of the manager's store that the consultant does not own yet."""
        me = self.gql("{ me { user { id } } }", consultant)["me"]["user"]["id"]
        query = "{ leads(first: 50) { nodes { id owner { id } store { id } } } }"
        leads = self.gql(query, manager)["leads"]["nodes"]
        lead = next(n for n in leads if (n["owner"] or {}).get("id") != me)
        return Assignment(lead=lead["id"], store=lead["store"]["id"], owner=me)

    def assign(self, manager: str, assignment: Assignment) -> None:
        data = self.gql(
            "mutation ($input: AssignLeadInput!) { assignLead(input: $input) { __typename } }",
            manager,
            {
                "input": {
                    "leadId": assignment.lead,
                    "ownerId": assignment.owner,
                    "reason": "peer client test",
                }
            },
        )
        assert data["assignLead"]["__typename"] == "Lead", data


@pytest.fixture(scope="package")
def server(
    tmp_path_factory: pytest.TempPathFactory, origins: Origins, demo_database: Path
) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("peers")
    with demo_server(
        workdir,
        seeded=demo_database,
        CORS_ALLOW_ORIGINS=origins.allowed,
        # Every test here logs in from 127.0.0.1; GraphiQL loads the schema anonymously.
        RATE_LIMIT_ANONYMOUS_PER_MINUTE="1000",
    ) as base:
        yield Server(base=base, log=workdir / "server.log")
