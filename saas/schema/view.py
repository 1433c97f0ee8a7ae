"""The Starlette-mounted GraphQL view: one database transaction per operation."""

from __future__ import annotations

import logging
import time
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from saas.jobs.queue import collect_requests
from saas.jobs.submit import JobSystem
from saas.observability import METRICS
from saas.schema.context import Context
from saas.schema.limits import request_variables
from saas.schema.loaders import Loaders
from saas.settings import Settings
from saas.tenancy.auth import DATABASE_DOWN
from saas.tenancy.authz import Authorizer
from saas.tenancy.context import current_oem, current_tenant
from saas.tenancy.rls import tenant_transaction

log = logging.getLogger("saas")


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class SaasGraphQL(GraphQL[Context, None]):
    def __init__(
        self, schema: Any, settings: Settings, authorizer: Authorizer, jobs: JobSystem
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=True,
        )
        self.settings = settings
        self.authorizer = authorizer
        self.jobs = jobs

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        actor = request.scope.get("state", {}).get("actor")
        return Context(
            request=request,  # type: ignore[arg-type]
            response=response,  # type: ignore[arg-type]
            settings=self.settings,
            authorizer=self.authorizer,
            actor=actor,
            loaders=Loaders(current_tenant(), actor),
        )

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """Run the operation in one transaction scoped to the caller's tenant
        (row-level security), then start the work it queued for after commit."""
        request_data = kwargs.get("request_data")
        request_variables.set(getattr(request_data, "variables", None))
        operation = getattr(request_data, "operation_name", None) or "anonymous"
        started = time.perf_counter()
        if _has_nul(getattr(request_data, "variables", None)) or "\x00" in (
            getattr(request_data, "query", None) or ""
        ):
            # PostgreSQL text cannot hold NUL; refuse it before anything runs.
            return ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "text must not contain NUL (\\0) characters",
                        extensions={"code": "BAD_USER_INPUT"},
                    )
                ],
            )
        requested = collect_requests()
        try:
            async with tenant_transaction(current_tenant(), current_oem()):
                result = await super().execute_single(*args, **kwargs)
        except DATABASE_DOWN as exc:
            # Fail fast and say so; the pool reconnects once PostgreSQL is back.
            log.warning("database unavailable: %s", exc)
            sub_response = kwargs.get("sub_response")
            if sub_response is not None:
                sub_response.status_code = 503
            return ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "the database is unavailable; try again in a moment",
                        extensions={"code": "SERVICE_UNAVAILABLE"},
                    )
                ],
            )
        if requested:
            self.jobs.kick()
        METRICS.count("saas_graphql_requests_total", "GraphQL operations", operation=operation)
        METRICS.observe(
            "saas_graphql_duration_seconds",
            "GraphQL operation latency",
            time.perf_counter() - started,
            operation=operation,
        )
        for error in result.errors or []:
            code = (error.extensions or {}).get("code", "INTERNAL")
            METRICS.count("saas_graphql_errors_total", "GraphQL errors by code", code=str(code))
        return result
