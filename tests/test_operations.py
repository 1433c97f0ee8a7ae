"""What an operator sees of a production deployment, with the operators' own
tools: `saas serve` and `saas worker` run as real processes as the README
says (PostgreSQL with the application role, Redis, `ENVIRONMENT=production`,
`LOG_FORMAT=json`, tracing to the console exporter), their /metrics scraped
over HTTP and checked by `promtool check metrics`, every log line parsed as
JSON, and the spans read back from the exporter's output."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from saas.settings import Settings
from saas.tenancy.roles import Role
from tests.factories import PASSWORD, gid, make_group, make_store, make_user
from tests.net import free_port

pytestmark = pytest.mark.slow

LOGIN = """mutation Login($email: String!, $password: String!) { login(input: {email: $email, password: $password}) { ... on Session { accessToken } } }"""
REQUEST = """mutation RequestReport($input: RequestReportInput!) { requestReport(input: $input) { ... on ReportRun { id status } } }"""
RUN = "query ReportRun($id: ID!) { reportRun(id: $id) { status } }"
TRACE_ID = secrets.token_hex(16)
PARENT_SPAN_ID = secrets.token_hex(8)


@dataclass
class Process:
    proc: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def log_lines(self) -> list[str]:
        return [line for line in self.stderr.read_text().splitlines() if line.strip()]

    def spans(self) -> list[dict[str, Any]]:
        """The console exporter's spans: indented JSON objects one after another."""
        text, decoder, found, at = self.stdout.read_text(), json.JSONDecoder(), [], 0
        while True:
            while at < len(text) and text[at].isspace():
                at += 1
            if at >= len(text):
                return found
            try:
                span, at = decoder.raw_decode(text, at)
            except json.JSONDecodeError:
                return found  # a span being written as we read
            found.append(span)


@dataclass
class Deployment:
    api: str
    worker_metrics: str
    server: Process
    worker: Process


def _start(command: list[str], env: dict[str, str], workdir: Path, name: str) -> Process:
    stdout, stderr = workdir / f"{name}.out", workdir / f"{name}.log"
    with stdout.open("w") as out, stderr.open("w") as err:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=out, stderr=err)
    return Process(proc, stdout, stderr)


def _wait_for(url: str, process: Process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.proc.poll() is not None:
            pytest.fail(f"{process.stderr.name} exited: {process.stderr.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    pytest.fail(f"{url} did not answer within {seconds} s")


def _stop(process: Process) -> None:
    if process.proc.poll() is None:
        process.proc.send_signal(signal.SIGINT)
        try:
            process.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.proc.kill()
            process.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def deployment(
    database: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    workdir = tmp_path_factory.mktemp("operations")
    port, metrics_port = free_port(), free_port()
    saas = str(Path(sys.executable).with_name("saas"))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database.database_url,
        "REDIS_URL": database.redis_url or "",
        "JOB_QUEUE": f"{database.job_queue}-operations",
        "LOG_FORMAT": "json",
        "OTEL_TRACES_EXPORTER": "console",
        "PORT": str(port),
        "RATE_LIMIT_ANONYMOUS_PER_MINUTE": "10000",  # the flood of operation names below
    }
    server = _start([saas, "serve"], env | {"OTEL_SERVICE_NAME": "api"}, workdir, "server")
    worker = _start(
        [saas, "worker"],
        env | {"OTEL_SERVICE_NAME": "worker", "WORKER_METRICS_PORT": str(metrics_port)},
        workdir,
        "worker",
    )
    try:
        api, worker_metrics = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{metrics_port}"
        _wait_for(f"{api}/readyz", server)
        _wait_for(f"{worker_metrics}/metrics", worker)
        yield Deployment(api, worker_metrics, server, worker)
    finally:
        _stop(server)
        _stop(worker)


async def _requested_report(deployment: Deployment, traceparent: str | None = None) -> str:
    """As a showroom manager: log in, request a funnel report, wait until the
    worker has computed it; returns the user's id."""
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    async with httpx.AsyncClient(base_url=deployment.api, timeout=30) as client:

        async def gql(query: str, variables: dict[str, Any], **headers: str) -> dict[str, Any]:
            answer = await client.post(
                "/graphql",
                json={"query": query, "variables": variables, "operationName": _name(query)},
                headers=headers,
            )
            body: dict[str, Any] = answer.json()
            assert "errors" not in body, body
            return body["data"]

        login = await gql(LOGIN, {"email": "boss@a.test", "password": PASSWORD})
        bearer = f"Bearer {login['login']['accessToken']}"
        period = {"kind": "FUNNEL", "storeId": gid(store), "from": "2026-11-01", "to": "2026-12-01"}
        headers = {"authorization": bearer} | ({"traceparent": traceparent} if traceparent else {})
        run = (await gql(REQUEST, {"input": period}, **headers))["requestReport"]
        deadline = time.monotonic() + 60
        while (await gql(RUN, {"id": run["id"]}, authorization=bearer))["reportRun"][
            "status"
        ] != "done":
            assert time.monotonic() < deadline, "the worker did not compute the report"
            await asyncio.sleep(0.2)
    return f"user:{boss.id}"


def _name(document: str) -> str:
    found = re.match(r"(?:query|mutation) (\w+)", document)
    assert found
    return found[1]


def _json_lines(process: Process) -> list[dict[str, Any]]:
    entries = []
    for line in process.log_lines():
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"{process.stderr.name}: not JSON: {line!r}")
    return entries


async def test_spans_follow_the_request_into_the_database_and_the_job(
    deployment: Deployment,
) -> None:
    user = await _requested_report(deployment, f"00-{TRACE_ID}-{PARENT_SPAN_ID}-01")
    spans = deployment.server.spans()
    ours = [s for s in spans if s["context"]["trace_id"] == f"0x{TRACE_ID}"]
    names = {s["name"] for s in ours}
    # The caller's traceparent is the parent of the HTTP span, which holds
    # the GraphQL operation, its resolvers and the SQL statements.
    http = next(s for s in ours if s["name"] == "POST /graphql")
    assert http["parent_id"] == f"0x{PARENT_SPAN_ID}"
    assert http["resource"]["attributes"]["service.name"] == "api"
    assert "GraphQL Query: RequestReport" in names
    assert any(s["name"].startswith("GraphQL Resolving: requestReport") for s in ours), names
    assert any(s["attributes"].get("db.system") == "postgresql" for s in ours), names
    assert any(s["attributes"].get("db.system") == "redis" for s in spans)  # the hand-over to arq
    # The job's span is in a trace of its own, linked to the request's.
    # The job's span ends just after the run is marked done.
    for _ in range(50):
        jobs = [s for s in deployment.worker.spans() if s["name"] == "job reports.run"]
        if jobs:
            break
        await asyncio.sleep(0.2)
    assert jobs, deployment.worker.stdout.read_text()[-2000:]
    assert any(link["context"]["trace_id"] == f"0x{TRACE_ID}" for s in jobs for link in s["links"])
    assert all(s["context"]["trace_id"] != f"0x{TRACE_ID}" for s in jobs)

    # Every log line is JSON, uvicorn's too; the request's lines carry its
    # trace id, user and dealer group.
    server_log = _json_lines(deployment.server)
    assert any(
        e["logger"] == "uvicorn.error" and "Uvicorn running" in e["message"] for e in server_log
    )
    access = [
        e for e in server_log if e["logger"] == "uvicorn.access" and e.get("trace_id") == TRACE_ID
    ]
    assert access, server_log[-5:]
    assert access[0]["user"] == user and access[0]["tenant_id"] is not None
    assert not any(e["logger"].startswith("casbin") for e in server_log)
    worker_log = _json_lines(deployment.worker)
    assert any(e["logger"].startswith("arq") and "reports.run" in e["message"] for e in worker_log)


def _promtool(text: str) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool is missing: install the Debian package prometheus (.ci/run does)")
    checked = subprocess.run(
        [promtool, "check", "metrics"], input=text, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _value(text: str, series: str) -> float:
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.split(" ")[1])
    raise AssertionError(f"{series} is not exposed")


async def test_every_process_exposes_its_figures_and_promtool_accepts_them(
    deployment: Deployment,
) -> None:
    await _requested_report(deployment)
    # Clients choose operation names; a flood of them does not make a flood of series.
    async with httpx.AsyncClient(base_url=deployment.api) as client:
        for i in range(120):
            await client.post(
                "/graphql",
                json={"query": f"query Q{i} {{ __typename }}", "operationName": f"Q{i}"},
            )
        api = (await client.get("/metrics")).text
        worker = (await client.get(f"{deployment.worker_metrics}/metrics")).text
    _promtool(api)
    _promtool(worker)

    # No trusted document is registered here: the report request and the flood
    # all count as `unregistered`, whatever operationName they sent.
    assert _value(api, 'saas_graphql_requests_total{operation="unregistered"}') >= 121
    operations = {
        line.split('"')[1]
        for line in api.splitlines()
        if line.startswith("saas_graphql_requests_total{")
    }
    assert operations == {"unregistered"}
    assert _value(api, 'saas_db_pool_connections{state="max"}') == 10
    for outbox in ("job_request", "domain_event", "webhook_delivery"):
        assert _value(api, f'saas_outbox_pending{{outbox="{outbox}"}}') >= 0
        assert _value(api, f'saas_outbox_oldest_age_seconds{{outbox="{outbox}"}}') >= 0

    # The worker, scraped on WORKER_METRICS_PORT: the job it ran, the queues it reads.
    assert _value(worker, 'saas_job_runs_total{job="reports.run"}') >= 1
    assert _value(worker, 'saas_job_duration_seconds_count{job="reports.run"}') >= 1
    assert 'saas_job_queue_depth{queue="' in worker
    assert "saas_sla_breaches_total" in worker and "saas_webhook_deliveries_total" in worker
    assert "process_resident_memory_bytes" in worker


class _Collector(BaseHTTPRequestHandler):
    """An OTLP/HTTP receiver: keeps the spans of each export request."""

    spans: ClassVar[list[tuple[str, str]]] = []  # (trace id hex, span name)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource in request.resource_spans:
            for scope in resource.scope_spans:
                self.spans += [(s.trace_id.hex(), s.name) for s in scope.spans]
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


async def test_spans_reach_an_otlp_collector(database: Settings, tmp_path: Path) -> None:
    collector = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": database.database_url,
        "PORT": str(port),
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{collector.server_port}",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }
    server = _start([str(Path(sys.executable).with_name("saas")), "serve"], env, tmp_path, "otlp")
    trace_id = secrets.token_hex(16)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", server)
        async with httpx.AsyncClient() as client:
            await client.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": "query Ping { __typename }", "operationName": "Ping"},
                headers={"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"},
            )
        # The request's span ends after the operation's, so it may come in a
        # later batch: wait for both.
        expected = {(trace_id, "GraphQL Query: Ping"), (trace_id, "POST /graphql")}
        for _ in range(200):
            if expected <= set(_Collector.spans):
                break
            await asyncio.sleep(0.05)
        assert (trace_id, "GraphQL Query: Ping") in _Collector.spans, _Collector.spans
        assert (trace_id, "POST /graphql") in _Collector.spans
    finally:
        _stop(server)
        collector.shutdown()
