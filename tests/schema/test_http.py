"""GraphQL over HTTP as the GraphQL Foundation's spec and a browser on another
origin expect it: the response media type the client asked for, a status and a
coded JSON error for every refusal, CORS, and WebSocket messages as text
frames from allowed origins only. (The stock clients themselves, graphql-http's
audit, graphql-ws and Chromium, run in tests/peers.)"""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from saas.app import create_app
from saas.settings import Settings
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.events.test_live import login, serve
from tests.factories import make_group, make_store, make_user

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def _post(api: Api, body: Any, accept: str | None = None, **headers: str) -> httpx.Response:
    if accept:
        headers["accept"] = accept
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return await api.client.post(
        "/graphql", content=content, headers={"content-type": "application/json", **headers}
    )


def _code(response: httpx.Response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ me { user { name } "}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ noSuchField }"}, "GRAPHQL_VALIDATION_FAILED"),
        (
            {
                "query": "query($n: Int!) { leads(first: $n) { totalCount } }",
                "variables": {"n": "x"},
            },
            "BAD_USER_INPUT",
        ),
        ({"query": "query($n: Int!) { leads(first: $n) { totalCount } }"}, "BAD_USER_INPUT"),
        ({"query": "query A { __typename } query B { __typename }"}, "BAD_REQUEST"),
    ],
    ids=[
        "parse",
        "validation",
        "variable of the wrong type",
        "required variable missing",
        "several operations, none named",
    ],
)
async def test_request_errors_are_coded_and_have_no_data(
    api: Api, body: dict[str, Any], code: str
) -> None:
    as_json = await _post(api, body)
    assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
    assert "data" not in as_json.json() and _code(as_json) == code

    spec = await _post(api, body, accept=GRAPHQL_RESPONSE)
    assert spec.status_code == 400
    assert spec.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert "data" not in spec.json() and _code(spec) == code


async def test_graphql_response_json_when_accepted(api: Api) -> None:
    for accept, media in [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
        ("*/*", "application/json"),
        (None, "application/json"),
    ]:
        response = await _post(api, {"query": "{ __typename }"}, accept=accept)
        assert response.status_code == 200, accept
        assert response.headers["content-type"].split(";")[0] == media, accept
        assert response.json() == {"data": {"__typename": "Query"}}


async def test_a_field_error_keeps_data_and_status_200(api: Api) -> None:
    # An unauthenticated `me` is an error while executing: data stays, 200 even for the spec type.
    response = await _post(api, {"query": "{ __typename me { user { name } } }"}, GRAPHQL_RESPONSE)
    assert response.status_code == 200
    body = response.json()
    assert "data" in body and _code(response) == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"", 400, "BAD_REQUEST"),
        (b"{not json", 400, "BAD_REQUEST"),
        (b"null", 400, "BAD_REQUEST"),
        (b"5", 400, "BAD_REQUEST"),
        (b'"{ __typename }"', 400, "BAD_REQUEST"),
        (b"[" * 50_000 + b"]" * 50_000, 400, "BAD_REQUEST"),
        (b'[{"query": "{ __typename }"}]', 400, "BATCHING_NOT_SUPPORTED"),
        (b'{"query": 5}', 400, "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "variables": [1]}', 400, "BAD_REQUEST"),
        (b'{"variables": {}}', 400, "BAD_REQUEST"),
        (
            b'{"query": "query A { __typename } query B { __typename }", "operationName": "C"}',
            400,
            "BAD_REQUEST",
        ),
        (
            b'{"query": "subscription { myLeadEvents { type } }"}',
            400,
            "SUBSCRIPTION_REQUIRES_WEBSOCKET",
        ),
    ],
    ids=[
        "empty body",
        "bad json",
        "null",
        "number",
        "string",
        "nested 50,000 deep",
        "batch",
        "query not a string",
        "variables not an object",
        "no query",
        "unknown operationName",
        "subscription over http",
    ],
)
async def test_refused_requests_are_json_with_a_code(
    api: Api, body: bytes, status: int, code: str
) -> None:
    for accept in ("application/json", GRAPHQL_RESPONSE):
        response = await _post(api, body, accept=accept)
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith(accept)
        assert _code(response) == code, response.text
        assert response.json()["errors"][0]["message"]


async def test_a_subscription_over_http_says_to_use_the_websocket(api: Api) -> None:
    response = await _post(api, {"query": "subscription { myLeadEvents { type } }"})
    assert "WebSocket" in response.json()["errors"][0]["message"]


async def test_a_mutation_over_get_is_405_with_allow(api: Api) -> None:
    response = await api.client.get(
        "/graphql",
        params={"query": "mutation { logout { __typename } }"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert _code(response) == "METHOD_NOT_ALLOWED"
    other = await api.client.request("PUT", "/graphql", json={"query": "{ __typename }"})
    assert other.status_code == 405 and _code(other) == "METHOD_NOT_ALLOWED"


async def test_client_errors_are_logged_once_without_traceback_and_counted(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    before = {
        code: await api.error_count(code)
        for code in ("BAD_USER_INPUT", "BATCHING_NOT_SUPPORTED", "INTERNAL")
    }
    await _post(
        api,
        {"query": "query($n: Int!) { leads(first: $n) { totalCount } }", "variables": {"n": 1.5}},
    )
    await _post(api, b"[]")
    mine = [r for r in caplog.records if r.name.startswith(("saas", "strawberry"))]
    assert mine, "the refusals are logged"
    assert all(r.levelno < logging.WARNING and r.exc_info is None for r in mine), [
        (r.name, r.levelname, r.getMessage()) for r in mine
    ]
    assert await api.error_count("BAD_USER_INPUT") == before["BAD_USER_INPUT"] + 1
    assert await api.error_count("BATCHING_NOT_SUPPORTED") == before["BATCHING_NOT_SUPPORTED"] + 1
    assert await api.error_count("INTERNAL") == before["INTERNAL"]


# CORS ------------------------------------------------------------------------

ALLOWED = "https://crm.example.com"


@pytest.fixture
async def cors_api(settings: Settings) -> Any:
    configured = settings.model_copy(
        update={"cors_allow_origins": f"{ALLOWED}, http://bi.local:8088"}
    )
    app = create_app(configured, run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


def _cors_headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.startswith("access-control-")}


async def test_a_preflight_from_an_allowed_origin_allows_post_with_a_bearer_token(
    cors_api: httpx.AsyncClient,
) -> None:
    response = await cors_api.options(
        "/graphql",
        headers={
            "origin": ALLOWED,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"]
    assert "authorization" in allowed and "content-type" in allowed
    assert "access-control-allow-credentials" not in response.headers
    assert "Origin" in response.headers["vary"]


async def test_another_origin_gets_no_cors_headers(cors_api: httpx.AsyncClient) -> None:
    preflight = await cors_api.options(
        "/graphql",
        headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
    )
    assert preflight.status_code == 403 and _cors_headers(preflight) == {}
    assert _code(preflight) == "CORS_NOT_ALLOWED"
    response = await cors_api.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"origin": "https://evil.example"}
    )
    assert _cors_headers(response) == {} and "Origin" in response.headers["vary"]


async def test_an_allowed_origin_can_read_answers_and_refusals(
    cors_api: httpx.AsyncClient,
) -> None:
    ok = await cors_api.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"origin": ALLOWED}
    )
    assert ok.headers["access-control-allow-origin"] == ALLOWED
    assert "x-request-id" in ok.headers["access-control-expose-headers"]
    # A 401 must be readable too, or the page cannot tell an expired token from a network error.
    refused = await cors_api.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"origin": ALLOWED, "authorization": "Bearer not-a-token"},
    )
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == ALLOWED


async def test_the_report_download_has_the_same_cors(cors_api: httpx.AsyncClient) -> None:
    preflight = await cors_api.options(
        "/reports/1.csv",
        headers={
            "origin": ALLOWED,
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == ALLOWED
    download = await cors_api.get("/reports/1.csv", headers={"origin": ALLOWED})
    assert download.headers["access-control-allow-origin"] == ALLOWED
    foreign = await cors_api.get("/reports/1.csv", headers={"origin": "https://evil.example"})
    assert _cors_headers(foreign) == {}


def test_development_allows_local_dev_servers_and_production_none(settings: Settings) -> None:
    assert "http://localhost:5173" in settings.allowed_origins
    assert "http://localhost:3000" in settings.allowed_origins
    production = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="production",
        secret_key="x" * 40,
        database_url="postgres://app@db/saas",
    )
    assert production.allowed_origins == ()


@pytest.mark.parametrize(
    "value", ["https://crm.example.com/", "crm.example.com", "https://crm.example.com/app"]
)
def test_a_malformed_origin_is_refused_at_start(value: str) -> None:
    with pytest.raises(ValueError, match="CORS_ALLOW_ORIGINS"):
        Settings(_env_file=None, cors_allow_origins=value)  # type: ignore[call-arg]


# WebSocket -------------------------------------------------------------------


@pytest.mark.slow
async def test_websocket_messages_are_text_frames_and_foreign_origins_are_refused(
    settings: Settings,
) -> None:
    group = await make_group("WS")
    store = await make_store(group, "WS1")
    await make_user("ws@example.com", group=group, role=Role.CONSULTANT, store=store)
    configured = settings.model_copy(update={"cors_allow_origins": ALLOWED})
    async with serve(configured) as (base, _app):
        token = await login(base, "ws@example.com")
        for origin in (None, ALLOWED, f"http://{base}"):
            async with connect(
                f"ws://{base}/graphql", subprotocols=["graphql-transport-ws"], origin=origin
            ) as ws:
                await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))  # fmt: skip
                ack = await ws.recv()
                # A bytes frame here is what the stock graphql-ws client rejects with close 4004.
                assert isinstance(ack, str), f"binary frame from origin {origin}"
                assert json.loads(ack) == {"type": "connection_ack"}
        with pytest.raises(InvalidStatus) as refused:
            async with connect(
                f"ws://{base}/graphql",
                subprotocols=["graphql-transport-ws"],
                origin="https://evil.example",
            ):
                pass
        assert refused.value.response.status_code == 403


@pytest.mark.slow
async def test_tokens_refused_in_connection_init_count_against_the_address(
    settings: Settings,
) -> None:
    """A WebSocket's token is a credential like a header's: forged ones use
    up the address's allowance, and past it even a valid one is not checked."""
    group = await make_group("WS")
    store = await make_store(group, "WS1")
    await make_user("ws@example.com", group=group, role=Role.CONSULTANT, store=store)
    # Counters of their own: the failed logins of earlier tests from 127.0.0.1
    # within the minute must not use up this small allowance.
    limited = settings.model_copy(
        update={
            "rate_limit_failed_auth_per_minute": 3,
            "job_queue": f"{settings.job_queue}-ws-{secrets.token_hex(4)}",
        }
    )
    async with serve(limited) as (base, app):
        token = await login(base, "ws@example.com")

        async def init(credential: str) -> Any:
            async with connect(f"ws://{base}/graphql", subprotocols=["graphql-transport-ws"]) as ws:
                await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {credential}"}}))  # fmt: skip
                try:
                    return json.loads(await ws.recv())
                except ConnectionClosed as closed:
                    return closed.rcvd.code if closed.rcvd else None

        assert await init(token) == {"type": "connection_ack"}
        forged = "dcrm_abcd1234_" + "x" * 43
        assert [await init(forged) for _ in range(3)] == [4403] * 3
        assert await init(token) == 4403, "past the allowance a valid token is not checked"
        await app.state.limiter.close()
