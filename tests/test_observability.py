"""Metrics, readiness and JSON logs."""

from __future__ import annotations

import json
import logging

from saas.audit import request_id
from saas.observability import JsonFormatter
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


def test_json_logs_carry_the_request_id() -> None:
    token = request_id.set("abc123")
    try:
        record = logging.LogRecord(
            "saas", logging.INFO, __file__, 1, "lead %s assigned", (7,), None
        )
        entry = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert (
        entry["message"] == "lead 7 assigned"
        and entry["request_id"] == "abc123"
        and entry["level"] == "INFO"
    )
