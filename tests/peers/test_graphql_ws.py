"""The stock `graphql-ws` client (npm) hears live events: the protocol as the
ecosystem implements it, not as our own Python test client tolerates it."""

from __future__ import annotations

import json

import pytest

from tests.peers.conftest import CONSULTANT, SHOWROOM_MANAGER, Server
from tests.peers.node import NodeProcess

pytestmark = pytest.mark.slow

EVENT = "type occurredAt storeId lead { id ownerId customerName stage } data"


def test_graphql_ws_client_receives_an_assignment_on_both_subscriptions(server: Server) -> None:
    consultant, manager = server.login(CONSULTANT), server.login(SHOWROOM_MANAGER)
    assignment = server.lead_to_assign(manager, consultant)
    subscriptions = [
        {
            "name": "myLeadEvents",
            "authorization": f"Bearer {consultant}",
            "query": f"subscription {{ myLeadEvents {{ {EVENT} }} }}",
        },
        {
            "name": "storeEvents",
            "authorization": f"Bearer {manager}",
            "query": f"subscription ($storeId: ID) {{ storeEvents(storeId: $storeId) {{ {EVENT} }} }}",
            "variables": {"storeId": assignment.store},
        },
    ]
    live = NodeProcess(
        "live.mjs", json.dumps({"url": server.ws_url, "subscriptions": subscriptions})
    )
    try:
        ready: set[str] = set()
        while ready != {"myLeadEvents", "storeEvents"}:
            line = live.read()
            assert "ready" in line, f"before the subscriptions were ready: {line}"
            ready.add(line["name"])

        server.assign(manager, assignment)

        heard: dict[str, dict] = {}  # type: ignore[type-arg]
        while set(heard) != {"myLeadEvents", "storeEvents"}:
            line = live.read(timeout=15)
            assert "next" in line, f"the graphql-ws client reported: {line}"
            name = line["name"]
            payload = line["next"]
            assert "errors" not in payload, payload
            event = payload["data"][name]
            # Other events (an SLA sweep, the seed's own) may come first.
            if event["type"] == "LEAD_ASSIGNED" and event["lead"]["id"] == assignment.lead:
                heard[name] = event
    finally:
        live.close()
    for event in heard.values():
        assert event["lead"]["ownerId"] == assignment.owner
        assert event["storeId"] == assignment.store
        assert event["lead"]["customerName"]
