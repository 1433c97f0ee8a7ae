"""Metrics for Prometheus (prometheus-client) and logs, JSON under
`LOG_FORMAT=json`, carrying the request id, trace id, tenant and user.

Every metric of the product is declared here, once, with its labels, so the
set of series a process can expose is known in advance: label values are
job names (declared in code), error codes, outcomes, and operation names
through `operation_label`, which keeps them bounded. The gauges that read the
database and Redis (queue depth, outboxes, pool) are set just before each
scrape by `saas.jobs.figures`."""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    gc_collector,
    generate_latest,
    platform_collector,
    process_collector,
)

from saas.audit import request_id
from saas.tenancy.context import current_tenant
from saas.tracing import current_trace_ids

# One registry for the product's figures and the process's own (CPU, memory,
# file descriptors, garbage collection), rendered by `/metrics`.
REGISTRY = CollectorRegistry()
process_collector.ProcessCollector(registry=REGISTRY)
platform_collector.PlatformCollector(registry=REGISTRY)
gc_collector.GCCollector(registry=REGISTRY)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

GRAPHQL_REQUESTS = Counter(
    "saas_graphql_requests",
    "GraphQL operations by operation name",
    ["operation"],
    registry=REGISTRY,
)
GRAPHQL_DURATION = Histogram(
    "saas_graphql_duration_seconds",
    "GraphQL operation latency by operation name",
    ["operation"],
    registry=REGISTRY,
)
GRAPHQL_ERRORS = Counter(
    "saas_graphql_errors",
    "GraphQL errors and refused requests by code",
    ["code"],
    registry=REGISTRY,
)
JOB_RUNS = Counter("saas_job_runs", "job runs by job", ["job"], registry=REGISTRY)
JOB_FAILURES = Counter(
    "saas_job_failures",
    "job runs that failed, by job; scope=tenant: one dealer group's part of a "
    "per-tenant job failed (and was requested again for that group alone)",
    ["job", "scope"],
    registry=REGISTRY,
)
JOB_DURATION = Histogram(
    "saas_job_duration_seconds",
    "job duration by job",
    ["job"],
    registry=REGISTRY,
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0),
)
SLA_WARNINGS = Counter(
    "saas_sla_warnings",
    "OEM leads whose owner was warned of a coming SLA breach",
    registry=REGISTRY,
)
SLA_BREACHES = Counter("saas_sla_breaches", "OEM leads marked breached", registry=REGISTRY)
WEBHOOK_DELIVERIES = Counter(
    "saas_webhook_deliveries",
    "webhook delivery attempts by outcome: succeeded, pending (failed, retried later), "
    "failed (given up)",
    ["outcome"],
    registry=REGISTRY,
)
WEBHOOK_LATENCY = Histogram(
    "saas_webhook_latency_seconds", "webhook attempt latency", registry=REGISTRY
)
QUEUE_DEPTH = Gauge(
    "saas_job_queue_depth", "jobs waiting in an arq queue", ["queue"], registry=REGISTRY
)
OUTBOX_PENDING = Gauge(
    "saas_outbox_pending",
    "rows waiting in an outbox: job_request (not yet enqueued), domain_event (not yet "
    "fanned out to webhooks), webhook_delivery (not yet delivered)",
    ["outbox"],
    registry=REGISTRY,
)
OUTBOX_OLDEST_AGE = Gauge(
    "saas_outbox_oldest_age_seconds",
    "age of the oldest row waiting in an outbox (0 when none waits)",
    ["outbox"],
    registry=REGISTRY,
)
DB_POOL = Gauge(
    "saas_db_pool_connections",
    "this process's database pool: open (in_use + idle), in_use, idle, max",
    ["state"],
    registry=REGISTRY,
)
FIGURES_FAILED = Counter(
    "saas_metrics_collection_failures",
    "scrapes whose database or Redis figures could not be read (their gauges keep the last value)",
    ["source"],
    registry=REGISTRY,
)

# Operation names are the client's choice: only well-formed ones become label
# values, and only the first MAX_OPERATIONS of a process; any other is `other`.
MAX_OPERATIONS = 100
_OPERATION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_operations: set[str] = set()
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,39}")


def operation_label(name: str | None) -> str:
    """The `operation` label of a GraphQL operation's metrics: the one place
    that decides it, so the series stay bounded whatever clients send."""
    if not name:
        return "anonymous"
    if not _OPERATION_NAME.fullmatch(name):
        return "other"
    if name not in _operations:
        if len(_operations) >= MAX_OPERATIONS:
            return "other"
        _operations.add(name)
    return name


def code_label(code: object) -> str:
    """Error codes are ours (UPPER_SNAKE); anything else counts as INTERNAL."""
    text = str(code)
    return text if _CODE.fullmatch(text) else "INTERNAL"


def exposition() -> bytes:
    """This process's metrics in Prometheus text format."""
    return generate_latest(REGISTRY)


# Who is calling, for the logs: "user:12" or "api_key:3", set by the auth middleware.
log_user: ContextVar[str | None] = ContextVar("log_user", default=None)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request's id, trace, tenant and user."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
            "tenant_id": current_tenant(),
            "user": getattr(record, "user", None) or log_user.get(),
        }
        trace = current_trace_ids()
        if trace is not None:
            entry["trace_id"], entry["span_id"] = trace
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


# The libraries' loggers whose lines must come out in the same format: uvicorn
# configures its own handlers (plain text) unless told otherwise, arq logs job
# starts and ends. They propagate to the root handler instead.
LIBRARY_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "arq", "arq.worker")


def configure_logging(json_logs: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter()
        if json_logs
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for name in LIBRARY_LOGGERS:
        library = logging.getLogger(name)
        library.handlers[:] = []
        library.propagate = True
    # casbin logs the whole model and policy at INFO each time it loads them
    # (one line of kilobytes); its warnings still come through.
    logging.getLogger("casbin").setLevel(logging.WARNING)


# `signature=` in a query string, up to the next parameter.
SIGNATURE = re.compile(r"(?<=[?&]signature=)[^&\s\"]*")


def redact_signatures(text: str) -> str:
    return SIGNATURE.sub("[redacted]", text)


class RedactSignatures(logging.Filter):
    """uvicorn's access line carries the full query string: a signed download
    link's signature would let whoever reads the logs open the file. The rest
    of the line (run, format, user, expiry) stays for the investigation."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_signatures(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_signatures(a) if isinstance(a, str) else a for a in record.args
            )
        return True


def uvicorn_log_config() -> dict[str, object]:
    """uvicorn's `log_config`: its loggers keep no handler of their own and
    pass their lines to the root handler `configure_logging` installed, so
    start-up and access lines are JSON under `LOG_FORMAT=json` too; access
    lines lose the signatures of download links."""
    loggers: dict[str, dict[str, object]] = {
        name: {"handlers": [], "propagate": True, "level": "INFO"}
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
    }
    loggers["uvicorn.access"]["filters"] = ["redact_signatures"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact_signatures": {"()": RedactSignatures}},
        "loggers": loggers,
    }
