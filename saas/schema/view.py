"""The Starlette-mounted GraphQL view: one database transaction per operation."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import orjson
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from saas.errors import Unauthenticated
from saas.events.broker import Broker
from saas.events.service import collect_events, publish_committed
from saas.jobs.queue import collect_requests
from saas.jobs.submit import JobSystem
from saas.observability import METRICS
from saas.schema.context import Context
from saas.schema.graphiql import graphiql_page
from saas.schema.loaders import Loaders
from saas.settings import Settings
from saas.tenancy.auth import DATABASE_DOWN, authenticate, bearer_token
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


def _is_subscription(query: str, operation_name: str | None) -> bool:
    try:
        document = parse(query)
    except GraphQLError:
        return True  # the schema reports the syntax error itself
    chosen = [
        d
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        and (operation_name is None or (d.name is not None and d.name.value == operation_name))
    ]
    return all(d.operation is OperationType.SUBSCRIPTION for d in chosen)


class SubscriptionsOnly(BaseGraphQLTransportWSHandler[Context, None]):
    """Queries and mutations go over HTTP, where each runs in one tenant
    transaction; over the WebSocket only subscriptions (which read no rows)."""

    async def handle_subscribe(self, message: Any) -> None:
        payload = message.get("payload") or {}
        if self.connection_acknowledged and not _is_subscription(
            str(payload.get("query") or ""), payload.get("operationName")
        ):
            error = GraphQLError(
                "only subscriptions run over the WebSocket; send queries and mutations "
                "as HTTP POST /graphql",
                extensions={"code": "BAD_USER_INPUT"},
            )
            await self.send_message(
                {"id": message["id"], "type": "error", "payload": [error.formatted]}
            )
            return
        await super().handle_subscribe(message)


class SaasGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = SubscriptionsOnly

    def __init__(
        self,
        schema: Any,
        settings: Settings,
        authorizer: Authorizer,
        jobs: JobSystem,
        broker: Broker,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            max_subscriptions_per_connection=settings.subscriptions_per_connection,
        )
        self.settings = settings
        self.authorizer = authorizer
        self.jobs = jobs
        self.broker = broker
        self._publishing: set[asyncio.Task[int]] = set()

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate the WebSocket from connection_init's payload
        (`{"authorization": "Bearer <access token or API key>"}`): browsers
        cannot set headers on a WebSocket."""
        params = context.connection_params or {}
        raw = str(params.get("authorization") or params.get("Authorization") or "")
        scheme, _, token = raw.partition(" ")
        if context.actor is not None:  # the upgrade request carried an Authorization header
            context.credential = bearer_token(context.request.scope)
            return UNSET
        if scheme.lower() != "bearer" or not token.strip():
            raise ConnectionRejectionError({"message": "send authorization: Bearer <token>"})
        try:
            context.actor = await authenticate(token.strip(), self.settings, self.authorizer)
        except Unauthenticated as exc:
            raise ConnectionRejectionError({"message": exc.message}) from None
        context.credential = token.strip()
        return UNSET

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our GraphiQL page, loading only files this server ships (works offline)."""
        return graphiql_page()

    def publish_after_commit(self, event_ids: list[int]) -> None:
        """Hand the request's committed events to live subscribers, in the background."""
        task = asyncio.create_task(publish_committed(self.broker, event_ids))
        self._publishing.add(task)
        task.add_done_callback(self._publishing.discard)

    async def drain(self) -> None:
        if self._publishing:
            await asyncio.gather(*self._publishing, return_exceptions=True)

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
            broker=self.broker,
        )

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """Run the operation in one transaction scoped to the caller's tenant
        (row-level security), then start the work it queued for after commit."""
        request_data = kwargs.get("request_data")
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
        emitted = collect_events()
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
        if emitted:
            self.publish_after_commit(emitted)
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
