"""Metrics, readiness and JSON logs."""

from __future__ import annotations

import json
import logging
import logging.config

import pytest

from saas.audit import request_id
from saas.observability import JsonFormatter, log_user, uvicorn_log_config
from saas.tracing import TraceContext, exporter_configured
from tests.conftest import Api


async def test_metrics_count_operations_and_errors(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    await api.client.post(
        "/graphql", json={"query": "query Ping { __typename }", "operationName": "Ping"}
    )
    await api.client.post("/graphql", json={"query": "{ me { kind } }"})  # unauthenticated
    text = (await api.client.get("/metrics")).text
    # An unregistered document counts under one label, whatever its operationName
    # (registered names: tests/documents/test_trusted_documents.py).
    assert 'saas_graphql_requests_total{operation="unregistered"}' in text
    assert 'saas_graphql_duration_seconds_count{operation="unregistered"}' in text
    assert "Ping" not in text
    assert 'saas_graphql_errors_total{code="UNAUTHENTICATED"}' in text


async def test_readiness_reports_database_and_redis(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    ready = await api.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_json_logs_carry_the_request_id_and_the_user() -> None:
    token, user = request_id.set("abc123"), log_user.set("user:7")
    try:
        record = logging.LogRecord(
            "saas", logging.INFO, __file__, 1, "lead %s assigned", (7,), None
        )
        entry = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
        log_user.reset(user)
    assert (
        entry["message"] == "lead 7 assigned"
        and entry["request_id"] == "abc123"
        and entry["level"] == "INFO"
        and entry["user"] == "user:7"
    )
    assert "trace_id" not in entry  # no span: tracing is off


def test_tracing_is_off_unless_the_otel_variables_name_an_exporter(api: Api) -> None:
    assert not exporter_configured({})
    assert not exporter_configured({"OTEL_SERVICE_NAME": "api"})
    assert not exporter_configured(
        {"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}
    )
    assert not exporter_configured({"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"})
    assert exporter_configured({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"})
    assert exporter_configured(
        {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}
    )
    assert exporter_configured({"OTEL_TRACES_EXPORTER": "console"})
    # The test app runs without them: no span middleware.
    app = api.client._transport.app  # type: ignore[attr-defined]
    assert not any(m.cls is TraceContext for m in app.user_middleware)


def test_access_lines_keep_download_links_but_not_their_signatures(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The access line as uvicorn writes it, through the log config `saas serve`
    gives uvicorn: a log reader cannot open the file the link names."""
    logging.config.dictConfig(uvicorn_log_config())
    access = logging.getLogger("uvicorn.access")
    link = "/reports/7.xlsx?user=3&expires=1765000000&v=abababababababab&signature=Zm9v-_YmFy"
    try:
        with caplog.at_level(logging.INFO, logger="uvicorn.access"):
            access.info('%s - "%s %s HTTP/%s" %d', "10.0.0.1:5000", "GET", link, "1.1", 200)
            access.info('%s - "%s %s HTTP/%s" %d', "10.0.0.1:5000", "GET", "/graphql", "1.1", 200)
        lines = [json.loads(JsonFormatter().format(r))["message"] for r in caplog.records]
    finally:
        for f in list(access.filters):
            access.removeFilter(f)
    assert lines == [
        '10.0.0.1:5000 - "GET /reports/7.xlsx?user=3&expires=1765000000&v=abababababababab'
        '&signature=[redacted] HTTP/1.1" 200',
        '10.0.0.1:5000 - "GET /graphql HTTP/1.1" 200',
    ]
