"""Tracing with OpenTelemetry, off unless the standard `OTEL_*` variables
name an exporter.

`OTEL_TRACES_EXPORTER=otlp` (or an `OTEL_EXPORTER_OTLP_ENDPOINT` /
`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) sends spans over OTLP/HTTP, configured
by the exporter's own `OTEL_EXPORTER_OTLP_*` variables; `console` prints
them on standard output; unset or `none`: no tracer provider, no
instrumentation, nothing paid per request. `OTEL_SERVICE_NAME` names the
process (default `saas-api` / `saas-worker`).

Once on, spans cover: each HTTP request (`TraceContext`, which honours the
caller's `traceparent`), each GraphQL operation and resolver (strawberry's
`OpenTelemetryExtension`), each asyncpg statement, Redis command and httpx
call (webhooks), and each job run, linked to the request that asked for it
(the request's `traceparent` travels in the job's keyword arguments as
`TRACEPARENT_KEY` and is taken out before the job runs). The JSON logs carry
the current trace and span ids."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.trace import Link, SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TRACEPARENT_KEY = "_traceparent"
_installed: list[trace.TracerProvider] = []


def exporter_configured(env: Mapping[str, str] | None = None) -> bool:
    """Whether the standard variables ask for spans to be exported."""
    env = os.environ if env is None else env
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporter = env.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter:
        return exporter != "none"
    return bool(
        env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def configure_tracing(service_name: str) -> bool:
    """Set up the tracer provider and the libraries' instrumentation from the
    environment, once per process. Returns whether tracing is on."""
    if _installed:
        return True
    if not exporter_configured():
        return False
    # Only with tracing on: the SDK and the exporters cost start-up time.
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        ConsoleSpanExporter,
        SimpleSpanProcessor,
    )

    resource = Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", service_name)})
    provider = TracerProvider(resource=resource)
    for name in os.environ.get("OTEL_TRACES_EXPORTER", "otlp").lower().split(","):
        name = name.strip()
        if name == "console":
            # Unbatched: each span is printed when it ends.
            provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
        elif name == "otlp":
            # Only for OTLP: it loads protobuf and requests.
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        elif name and name != "none":
            raise RuntimeError(
                f"OTEL_TRACES_EXPORTER: {name!r} is not supported; use otlp, console or none"
            )
    install(provider)
    return True


def install(provider: trace.TracerProvider) -> None:
    """Make `provider` this process's and instrument asyncpg, Redis and httpx."""
    # Only with tracing on: instrumenting patches these libraries.
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    trace.set_tracer_provider(provider)
    # The asyncpg instrumentor declares no types for its constructor.
    AsyncPGInstrumentor().instrument(tracer_provider=provider)  # type: ignore[no-untyped-call]
    RedisInstrumentor().instrument(tracer_provider=provider)
    HTTPXClientInstrumentor().instrument(tracer_provider=provider)
    _installed.append(provider)


def shutdown_tracing() -> None:
    """Send the spans still buffered (at the end of the process)."""
    for provider in _installed:
        shutdown = getattr(provider, "shutdown", None)
        if shutdown is not None:
            shutdown()


def current_trace_ids() -> tuple[str, str] | None:
    """The current trace and span ids (hex), for the logs; None outside a span."""
    span_context = trace.get_current_span().get_span_context()
    if not span_context.is_valid:
        return None
    return format(span_context.trace_id, "032x"), format(span_context.span_id, "016x")


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the current span, to hand to a job; None
    outside a recorded span (tracing off)."""
    if not trace.get_current_span().is_recording():
        return None
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


@contextmanager
def job_span(name: str, traceparent: object) -> Iterator[None]:
    """The span of one job run, linked to the span that requested it (the
    request is over by then: a link, not a parent)."""
    tracer = trace.get_tracer("saas.jobs")
    links = []
    if isinstance(traceparent, str):
        requested = trace.get_current_span(
            propagate.extract({"traceparent": traceparent})
        ).get_span_context()
        if requested.is_valid:
            links.append(Link(requested))
    with tracer.start_as_current_span(
        f"job {name}",
        context=context.Context(),  # a trace of its own: jobs outlive requests
        kind=SpanKind.CONSUMER,
        links=links,
        attributes={"saas.job": name},
    ):
        yield


class TraceContext:
    """ASGI middleware: one server span per HTTP request, a child of the
    caller's `traceparent` when it sends one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tracer = trace.get_tracer("saas.http")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        carrier = {
            key.decode("latin-1"): value.decode("latin-1")
            for key, value in scope.get("headers", [])
            if key in (b"traceparent", b"tracestate")
        }
        method = scope.get("method", "WEBSOCKET") if scope["type"] == "http" else "WEBSOCKET"
        path = scope.get("path", "")
        attributes: dict[str, Any] = {"http.request.method": method, "url.path": path}
        with self.tracer.start_as_current_span(
            f"{method} {path}",
            context=propagate.extract(carrier),
            kind=SpanKind.SERVER,
            attributes=attributes,
        ) as span:

            async def send_with_status(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status = int(message["status"])
                    span.set_attribute("http.response.status_code", status)
                    if status >= 500:
                        span.set_status(Status(StatusCode.ERROR))
                await send(message)

            await self.app(scope, receive, send_with_status)
