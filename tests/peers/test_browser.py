"""A real browser against `saas serve`: headless Chromium (Debian's package,
driven by playwright-core) uses GraphiQL with the internet cut off, calls the
API from a frontend on another origin, and runs the README's console snippet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from saas.demo import DEMO_PASSWORD
from tests.peers.conftest import CONSULTANT, SHOWROOM_MANAGER, Origins, Server
from tests.peers.node import PEERS, NodeProcess

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
README = PEERS.parent.parent / "README.md"
LOGIN = (
    'mutation { login(input: {email: "%s", password: "Demo-pass-2026"}) '
    "{ __typename ... on Session { accessToken } } }"
)


@pytest.fixture(scope="module")
def chromium() -> Iterator[NodeProcess]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)")
    driver = NodeProcess("browser.mjs")
    yield driver
    driver.close()


def test_graphiql_works_offline_logs_in_and_hears_a_subscription(
    server: Server, chromium: NodeProcess
) -> None:
    opened = chromium.call("graphiqlOpen", url=f"{server.base}/graphql")
    assert opened["status"] == 200 and opened["contentType"].startswith("text/html")
    try:
        unsigned = chromium.call("graphiqlRun", query="subscription { myLeadEvents { type } }")
        assert "Headers pane" in unsigned["errors"][0]["message"], unsigned

        login = chromium.call("graphiqlRun", query=LOGIN % CONSULTANT)
        assert login["data"]["login"]["__typename"] == "Session", login
        token = login["data"]["login"]["accessToken"]

        me = chromium.call(
            "graphiqlRun",
            query="{ me { user { email } } }",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert me == {"data": {"me": {"user": {"email": CONSULTANT}}}}

        manager = server.login(SHOWROOM_MANAGER)
        assignment = server.lead_to_assign(manager, token)
        chromium.call(
            "graphiqlRun",
            query="subscription { myLeadEvents { type lead { id ownerId } } }",
            subscription=True,
        )
        server.assign(manager, assignment)
        shown = chromium.call(
            "graphiqlAwait", field="myLeadEvents", path=["lead", "id"], equals=assignment.lead
        )
        event = shown["data"]["myLeadEvents"]
        assert event["type"] == "LEAD_ASSIGNED" and event["lead"]["ownerId"] == assignment.owner
    finally:
        closed = chromium.call("graphiqlClose")
    assert not closed["problems"], closed["problems"]
    # Nothing was even attempted elsewhere: the page names only this server's files.
    assert closed["blocked"] == []


def _cross_origin(server: Server, chromium: NodeProcess, origin: str) -> dict:  # type: ignore[type-arg]
    token = server.login(CONSULTANT)
    return chromium.call(  # type: ignore[no-any-return]
        "crossOrigin",
        pageUrl=f"{origin}/app",
        api=f"{server.base}/graphql",
        wsUrl=server.ws_url,
        authorization=f"Bearer {token}",
    )


def test_a_frontend_on_an_allowed_origin_calls_the_api_and_opens_the_websocket(
    server: Server, origins: Origins, chromium: NodeProcess
) -> None:
    seen = _cross_origin(server, chromium, origins.allowed)
    assert seen["origin"] == origins.allowed
    assert seen["fetch"] == {
        "status": 200,
        "body": {"data": {"me": {"user": {"email": CONSULTANT}}}},
    }
    assert seen["ws"]["opened"] and seen["ws"]["acked"], seen["ws"]
    assert seen["ws"]["firstFrame"].startswith("{"), seen["ws"]  # a text frame, JSON


def test_a_frontend_on_another_origin_signs_in_pages_both_ways_and_refetches_by_node(
    server: Server, origins: Origins, chromium: NodeProcess
) -> None:
    seen = chromium.call(
        "journey",
        pageUrl=f"{origins.allowed}/app",
        api=f"{server.base}/graphql",
        email=CONSULTANT,
        password=DEMO_PASSWORD,
    )
    assert seen["login"] == "Session"
    first, second, back = seen["first"], seen["second"], seen["back"]
    assert len(first["nodes"]) == len(second["nodes"]) == 3
    assert first["pageInfo"]["hasPreviousPage"] is False and first["pageInfo"]["hasNextPage"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    # Back from the second page's start is the first page again, in the same order.
    assert back["nodes"] == first["nodes"]
    assert back["pageInfo"]["hasPreviousPage"] is False and back["pageInfo"]["hasNextPage"]
    refetched = seen["refetched"]
    assert refetched["status"] == 200 and refetched["type"].startswith(
        "application/graphql-response+json"
    )
    assert refetched["body"]["data"]["node"] == second["nodes"][0]
    # A request error answers 400 with a code the page can route on, and no data.
    invalid = seen["invalid"]
    assert invalid["status"] == 400 and "data" not in invalid["body"], invalid
    assert invalid["body"]["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_a_page_on_another_origin_is_refused_by_the_browser_and_the_websocket(
    server: Server, origins: Origins, chromium: NodeProcess
) -> None:
    seen = _cross_origin(server, chromium, origins.refused)
    assert seen["origin"] == origins.refused
    # No CORS headers for this origin: the browser does not let the page read the answer.
    assert "error" in seen["fetch"] and "Failed to fetch" in seen["fetch"]["error"], seen["fetch"]
    assert any("CORS policy" in e for e in seen["consoleErrors"]), seen["consoleErrors"]
    # The upgrade is refused before the WebSocket opens (cross-site WebSocket hijacking).
    assert seen["ws"]["opened"] is False and seen["ws"]["closeCode"] == 1006, seen["ws"]


def readme_console_snippet() -> list[str]:
    """The ```js blocks of the README's section on live updates/subscriptions."""
    heading = re.compile(r"^(#{1,6})\s+(.*)$")
    level, blocks, block, in_fence = 0, [], None, False  # type: ignore[var-annotated]
    for line in README.read_text().splitlines():
        if line.startswith("```"):
            if block is not None:
                blocks.append("\n".join(block))
                block = None
            elif level and line.strip() in ("```js", "```javascript"):
                block = []
            in_fence = not in_fence
            continue
        if block is not None:
            block.append(line)
            continue
        match = None if in_fence else heading.match(line)
        if match is None:
            continue
        depth = len(match.group(1))
        if level and depth <= level:
            break
        if not level and re.search(r"live|subscription", match.group(2), re.IGNORECASE):
            level = depth
    return blocks


def test_the_readme_browser_console_snippet_prints_a_live_event(
    server: Server, chromium: NodeProcess
) -> None:
    blocks = readme_console_snippet()
    if not blocks:
        pytest.skip("the README has no ```js block in its live updates/subscriptions section")
    printed = chromium.call(
        "console",
        url=f"{server.base}/graphql",
        blocks=blocks,
        key="type",
        equals="LEAD_ASSIGNED",
        timeout=20000,
    )
    assert printed["printed"]["lead"]["id"], printed
    assert printed["blocked"] == []
