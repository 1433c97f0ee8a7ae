"""The ASGI application: /graphql, /healthz and /readyz."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute, request_response
from tortoise.connection import connections

from saas import wiring
from saas.cors import Cors
from saas.db import REPORTS, close_db, db, init_db
from saas.events.broker import Broker, channel_for, use_broker
from saas.jobs.figures import metrics_text
from saas.jobs.runner import JobRunner
from saas.jobs.submit import JobSystem
from saas.observability import CONTENT_TYPE
from saas.reports.downloads import download
from saas.schema import build_schema
from saas.schema.csrf import BodyLimit, JsonPostsOnly
from saas.schema.graphiql import graphiql_routes
from saas.schema.view import SaasGraphQL
from saas.settings import Settings, get_settings
from saas.tenancy.auth import AuthMiddleware
from saas.tenancy.authz import Authorizer
from saas.tenancy.ratelimit import RateLimiter
from saas.tenancy.rls import database_role_problems
from saas.tracing import TraceContext, configure_tracing

log = logging.getLogger("saas")


def create_app(settings: Settings | None = None, *, run_jobs: bool | None = None) -> Starlette:
    """Build the app. `run_jobs` (default: embedded mode, no REDIS_URL) runs the
    job schedule in-process."""
    settings = settings or get_settings()
    wiring.install()
    authorizer = Authorizer()
    jobs = JobSystem(settings.redis_url, settings.job_queue)
    limiter = RateLimiter(settings.redis_url, prefix=f"{settings.job_queue}:rate")
    broker = Broker(settings.redis_url, channel_for(settings.job_queue))
    traced = configure_tracing("saas-api")
    graphql = SaasGraphQL(
        build_schema(production=settings.is_production, traced=traced),
        settings,
        authorizer,
        jobs,
        broker,
        limiter,
    )
    in_process_jobs = settings.embedded_jobs if run_jobs is None else run_jobs
    runner = JobRunner(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await init_db(settings)
        problems = await database_role_problems(db())
        if REPORTS in connections.db_config:
            # Report queries run on the replica as its own role: row-level
            # security holds there only if that role cannot bypass it either.
            replica = await database_role_problems(connections.get(REPORTS))
            problems += [f"REPORTS_DATABASE_URL: {problem}" for problem in replica]
        if problems:
            message = "row-level security could be bypassed: " + "; ".join(problems)
            if settings.is_production:
                raise RuntimeError(message)
            log.warning(message)
        await authorizer.refresh()
        await graphql.documents.cache.load_all()
        if in_process_jobs:
            use_broker(broker)  # in-process jobs publish to this app's subscribers
            runner.start()
        # What start-up built (the schema, models, policies) lives as long as
        # the process: out of the collector's generations, a full collection
        # under load walks only the requests' objects, not all of these.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await runner.stop()
            await graphql.drain()
            await broker.close()
            await jobs.close()
            await limiter.close()
            await close_db()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        checks: dict[str, str] = {}
        try:
            await db().execute_query("SELECT 1")
            checks["database"] = "ok"
        except Exception as exc:  # any failure means not ready
            checks["database"] = f"unavailable: {type(exc).__name__}"
        if settings.redis_url:
            # Only with REDIS_URL set: the embedded mode never loads redis.
            import redis.asyncio as redis

            client = redis.Redis.from_url(
                settings.redis_url, socket_timeout=1, socket_connect_timeout=1
            )
            try:
                await client.ping()
                checks["redis"] = "ok"
            except Exception as exc:  # the API still serves; jobs wait in the database
                checks["redis"] = f"unavailable: {type(exc).__name__}"
            finally:
                await client.aclose()
        ready = checks["database"] == "ok"
        return JSONResponse(
            {"status": "ok" if ready else "unavailable", **checks},
            status_code=200 if ready else 503,
        )

    async def metrics(request: Request) -> Response:
        return Response(await metrics_text(settings), media_type=CONTENT_TYPE)

    async def root(request: Request) -> RedirectResponse:
        return RedirectResponse("/graphql")

    routes = [
        Route(
            "/graphql",
            BodyLimit(
                JsonPostsOnly(
                    AuthMiddleware(graphql, settings, authorizer, limiter, user_in_transaction=True)
                ),
                settings.max_request_bytes,
            ),
            # Any method reaches the view, which answers 405 in JSON with a code.
            methods=None,
        ),
        Route(
            "/reports/{run_id:int}.{fmt}",
            AuthMiddleware(
                request_response(download), settings, authorizer, limiter, limit_requests=False
            ),
            methods=["GET"],
        ),
        WebSocketRoute(
            "/graphql", AuthMiddleware(graphql, settings, authorizer, limiter, limit_requests=False)
        ),
        Route("/healthz", healthz),
        Route("/metrics", metrics),
        Route("/readyz", readyz),
        Route("/", root),
        *graphiql_routes(settings),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            *([Middleware(TraceContext)] if traced else []),
            Middleware(Cors, origins=settings.allowed_origins),
        ],
    )
    app.state.settings = settings
    app.state.authorizer = authorizer
    app.state.runner = runner
    app.state.jobs = jobs
    app.state.limiter = limiter
    app.state.broker = broker
    return app
