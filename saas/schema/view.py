"""The Starlette-mounted GraphQL view: one database transaction per operation."""

from __future__ import annotations

import asyncio
import logging
import time
from contextvars import ContextVar
from functools import partial
from typing import Any

import orjson
from asyncpg.exceptions import QueryCanceledError
from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.http import GraphQLRequestData
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType as StrawberryOperation
from strawberry.types.unset import UNSET, UnsetType

from saas.documents.service import DocumentCache
from saas.errors import StaleCredential, Unauthenticated
from saas.events.broker import Broker
from saas.events.service import collect_events, publish_committed
from saas.jobqueue import collect_requests
from saas.jobs.submit import JobSystem
from saas.observability import (
    GRAPHQL_DURATION,
    GRAPHQL_ERRORS,
    GRAPHQL_REQUESTS,
    code_label,
    operation_label,
)
from saas.schema.compiled.compiler import CompiledDocuments, Plan, raw_connection
from saas.schema.compiled.mapping import Fallback
from saas.schema.compiled.sql import ANOMALY_ERRORS
from saas.schema.context import Context
from saas.schema.documents.requests import UNREGISTERED, DocumentResolver, OperationRequest
from saas.schema.errors import code_request_errors
from saas.schema.graphiql import graphiql_page
from saas.schema.http import (
    GRAPHQL_RESPONSE,
    RequestRefused,
    code_of_status,
    content_type,
    refusal,
    response_media_type,
)
from saas.schema.limits import DOCUMENT_TOO_LARGE
from saas.schema.loaders import Loaders
from saas.settings import Settings
from saas.tenancy.actor import Actor
from saas.tenancy.auth import (
    DATABASE_DOWN,
    authenticate,
    authenticate_user,
    bearer_token,
    client_address,
    refuse_credential,
    send_error,
)
from saas.tenancy.authz import Authorizer
from saas.tenancy.context import current_oem, current_tenant
from saas.tenancy.credentials import AccessClaims
from saas.tenancy.ratelimit import RateLimiter, failed_auth_key
from saas.tenancy.rls import tenant_transaction

log = logging.getLogger("saas")
# The HTTP request the view is answering (strawberry hands `parse_http_body`
# only its adapter).
_scope: ContextVar[Scope] = ContextVar("graphql_request_scope")


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _is_subscription(query: str, operation_name: str | None, max_bytes: int) -> bool:
    if len(query) > max_bytes // 4 and len(query.encode()) > max_bytes:
        return True  # the schema refuses it (DOCUMENT_TOO_LARGE) without parsing it
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
        view = self.view
        assert isinstance(view, SaasGraphQL)  # the only view this handler serves
        if self.connection_acknowledged and view.documents.trusted_only:
            # TRUSTED_DOCUMENTS_ONLY holds over the WebSocket too: a registered
            # subscription, by its id or its exact text.
            try:
                resolved = await view.documents.resolve(
                    payload.get("query") if isinstance(payload.get("query"), str) else None,
                    None,
                    None,
                    payload.get("extensions")
                    if isinstance(payload.get("extensions"), dict)
                    else None,
                    payload.get("documentId")
                    if isinstance(payload.get("documentId"), str)
                    else None,
                )
            except RequestRefused as exc:
                error = GraphQLError(exc.message, extensions={"code": exc.code})
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [error.formatted]}
                )
                return
            message = {**message, "payload": {**payload, "query": resolved.query}}
            payload = message["payload"]
        if self.connection_acknowledged and not _is_subscription(
            str(payload.get("query") or ""),
            payload.get("operationName"),
            view.settings.max_document_bytes,
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


class TextFrames(ASGIWebSocketAdapter):
    """graphql-transport-ws messages go out as text frames, as the protocol
    says: the stock graphql-ws client and browsers refuse binary ones."""

    async def send_json(self, message: Any) -> None:
        try:
            await self.ws.send_text(self.view.encode_json_string(message))
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


def _is_request_error(result: ExecutionResult) -> bool:
    """Refused before any resolver ran (parse, validation, variables): every
    error is without a field path and there is no data."""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or [])
    )


class StatementTimedOut(Exception):
    """PostgreSQL cancelled one of the operation's statements."""


class CallerRefused(Exception):
    """The user row, read in the request's transaction, refused the caller
    (the transaction is rolled back; the request is answered 401 or 429)."""

    def __init__(self, error: Unauthenticated) -> None:
        super().__init__(error.message)
        self.error = error


class CallerUnread(Exception):
    """The database was unavailable before the caller's user row could be
    read (the request is answered 503, as the authentication middleware
    answers it)."""


class CompiledAnomaly(Exception):
    """The compiled statement met a value only the executor shows (its
    transaction is rolled back; the executor answers the request)."""


# The Server-Timing entry naming the path that answered an operation.
COMPILED_PLAN = 'plan;desc="compiled"'
EXECUTOR_PLAN = 'plan;desc="executor"'


def _statement_timed_out(result: ExecutionResult) -> bool:
    """PostgreSQL cancelled a statement (statement_timeout): the transaction
    is aborted, so the whole operation failed, whatever else it answered."""
    for error in result.errors or []:
        cause: BaseException | None = error.original_error
        while cause is not None:
            if isinstance(cause, QueryCanceledError):
                return True
            cause = cause.__cause__ or cause.__context__
    return False


def _operation_refusal(exc: Exception, request_data: Any, method: str) -> RequestRefused:
    if isinstance(exc, MissingQueryError):
        return RequestRefused(
            400, "BAD_REQUEST", 'the request has no "query"; send {"query": "{ me { name } }"}'
        )
    if isinstance(exc, CannotGetOperationTypeError):
        name = getattr(request_data, "operation_name", None)
        return RequestRefused(
            400,
            "BAD_REQUEST",
            f"the document has no operation named {name!r}"
            if name
            else "the document holds several operations: name the one to run in operationName",
        )
    assert isinstance(exc, InvalidOperationTypeError)
    if exc.operation_type is StrawberryOperation.SUBSCRIPTION:
        return RequestRefused(
            400,
            "SUBSCRIPTION_REQUIRES_WEBSOCKET",
            "subscriptions run over the WebSocket: connect to ws(s)://<this host>/graphql with "
            "the graphql-transport-ws protocol (e.g. the graphql-ws client)",
        )
    return RequestRefused(
        405,
        "METHOD_NOT_ALLOWED",
        f"{exc.operation_type.value}s must be sent as POST; GET carries queries only",
        headers={"Allow": "POST"},
    )


class SaasGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = SubscriptionsOnly
    websocket_adapter_class = TextFrames

    def __init__(
        self,
        schema: Any,
        settings: Settings,
        authorizer: Authorizer,
        jobs: JobSystem,
        broker: Broker,
        limiter: RateLimiter | None = None,
        documents: DocumentCache | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            max_subscriptions_per_connection=settings.subscriptions_per_connection,
            # Pages on other origins may open the WebSocket only when allowed
            # (cross-site WebSocket hijacking); same-origin and non-browser
            # clients, which send no Origin, always may.
            allowed_origins=settings.allowed_origins,
        )
        self.settings = settings
        self.authorizer = authorizer
        self.jobs = jobs
        self.broker = broker
        self.limiter = limiter
        self.documents = DocumentResolver(settings, documents)
        self.compiled = CompiledDocuments(
            schema._schema, settings.max_document_bytes, enabled=settings.compiled_documents
        )
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
            return UNSET  # type: ignore[no-any-return]  # UNSET is typed Any
        if scheme.lower() != "bearer" or not token.strip():
            raise ConnectionRejectionError({"message": "send authorization: Bearer <token>"})
        failures = failed_auth_key(client_address(context.request.scope))
        allowance = self.settings.rate_limit_failed_auth_per_minute
        # A token in connection_init is a credential like a header's: guesses
        # count against the client address, and past the allowance none is checked.
        if self.limiter is not None and not (await self.limiter.peek(failures, allowance)).allowed:
            raise ConnectionRejectionError({"message": "too many refused credentials; wait"})
        try:
            context.actor = await authenticate(token.strip(), self.settings, self.authorizer)
        except Unauthenticated as exc:
            if self.limiter is not None and not isinstance(exc, StaleCredential):
                await self.limiter.hit(failures, allowance)
            raise ConnectionRejectionError({"message": exc.message}) from None
        context.credential = token.strip()
        return UNSET  # type: ignore[no-any-return]  # UNSET is typed Any

    def should_render_graphql_ide(self, request: Any) -> bool:
        """GraphiQL for a browser's GET without a document: not for a GET that
        names one by `documentId` or an APQ hash (Apollo's link sends `*/*`)."""
        params = request.query_params
        return super().should_render_graphql_ide(request) and not (
            params.get("documentId") or params.get("extensions")
        )

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

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> Any:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as exc:  # also JSON nested deeper than 1,024
            raise RequestRefused(400, "BAD_REQUEST", f"not valid JSON: {exc}") from None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        reset = _scope.set(scope)
        try:
            response = await self.run(request)
        except (CallerRefused, CallerUnread, StatementTimedOut) as exc:
            await self._refuse_caller(scope, send, exc)
            return
        except (RequestRefused, HTTPException) as exc:
            if isinstance(exc, HTTPException):
                exc = RequestRefused(exc.status_code, code_of_status(exc.status_code), exc.reason)
            try:
                # An answer other than the operation's: the caller's account first.
                await self._verify_caller(scope)
            except (CallerRefused, CallerUnread, StatementTimedOut) as unverified:
                await self._refuse_caller(scope, send, unverified)
                return
            log.info("request refused (%s): %s", exc.code, exc.message)
            GRAPHQL_ERRORS.labels(code_label(exc.code)).inc()
            media_type = response_media_type(request.headers.get("accept"))
            response = refusal(exc.status, exc.code, exc.message, media_type, exc.headers)
        finally:
            _scope.reset(reset)
        await response(scope, receive, send)

    async def _refuse_caller(
        self, scope: Scope, send: Send, exc: CallerRefused | CallerUnread | StatementTimedOut
    ) -> None:
        """A caller whose user row refused it, or could not be read before the
        view answered: as the authentication middleware answers it."""
        if isinstance(exc, CallerRefused):
            await refuse_credential(scope, send, exc.error, self.settings, self.limiter)
        elif isinstance(exc, CallerUnread):
            await send_error(
                send,
                503,
                "the database is unavailable; try again in a moment",
                {"code": "SERVICE_UNAVAILABLE"},
            )
        else:
            await send_error(
                send,
                503,
                "reading the caller's account ran longer than its limit; try again later",
                {"code": "TIMEOUT"},
            )

    async def parse_http_body(self, request: Any) -> OperationRequest:
        """The operation to run, its document resolved: the text sent, or the
        registered document (or APQ text) its `documentId` or
        `extensions.persistedQuery` names (`saas/schema/documents/requests.py`)."""
        if request.method == "GET":
            data: Any = self.parse_query_params(request.query_params)
        elif request.method == "POST":
            body = await request.get_body()
            if not body.strip():
                raise RequestRefused(
                    400,
                    "BAD_REQUEST",
                    'the request body is empty; send {"query": "{ me { name } }"}',
                )
            data = self.parse_json(body)
        else:
            return await super().parse_http_body(request)  # type: ignore[return-value]
        if isinstance(data, list):
            raise RequestRefused(
                400,
                "BATCHING_NOT_SUPPORTED",
                "send one operation per request; batched (array) requests are not supported",
            )
        if not isinstance(data, dict):
            raise RequestRefused(
                400, "BAD_REQUEST", 'the request body must be a JSON object: {"query": "..."}'
            )
        query, variables = data.get("query"), data.get("variables")
        extensions, operation_name = data.get("extensions"), data.get("operationName")
        document_id = data.get("documentId")
        for name, value, kind in (
            ("query", query, str),
            ("operationName", operation_name, str),
            ("variables", variables, dict),
            ("extensions", extensions, dict),
            ("documentId", document_id, str),
        ):
            if value is not None and not isinstance(value, kind):
                wanted = "a string" if kind is str else "an object"
                raise RequestRefused(400, "BAD_REQUEST", f'"{name}" must be {wanted} or null')
        if request.method == "GET" and query == "":
            query = None  # `?query=` as strawberry reads it: no document
        return await self.documents.resolve(
            query,
            variables,
            operation_name,
            extensions,
            document_id,
            before_keeping=partial(self._verify_caller, _scope.get()),
        )

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = response_media_type(request.headers.get("accept"))
        return sub_response

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        media_type = sub_response.media_type or "application/json"
        response = Response(
            self.encode_json(response_data),
            status_code=sub_response.status_code or 200,
            media_type=content_type(media_type),
        )
        response.headers.raw.extend(sub_response.headers.raw)
        if sub_response.background:
            response.background = sub_response.background
        return response

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:
        processed = await super().process_result(request, result)
        if _is_request_error(result):
            # The spec: no `data` entry when the request failed before execution.
            processed.pop("data", None)
        return processed

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
            documents=self.documents.cache,
        )

    def _timed_out(self, operation: str, sub_response: Response) -> ExecutionResult:
        """The request ran past its deadline or a statement past PostgreSQL's
        statement_timeout: it was rolled back, and the caller is told so."""
        log.warning("operation %s stopped: over its time limit", operation)
        limits = self.settings
        sub_response.status_code = 503
        return ExecutionResult(
            data=None,
            errors=[
                GraphQLError(
                    f"the request ran longer than its limit ({limits.request_timeout_seconds:g} s "
                    f"for the request, {limits.statement_timeout_seconds:g} s for one database "
                    "statement) and was stopped; nothing it changed was kept. Ask for less "
                    "(smaller pages, fewer nested lists) or try again later",
                    extensions={"code": "TIMEOUT"},
                )
            ],
        )

    async def _read_caller(self, claims: AccessClaims) -> Actor:
        """The user an access token's claims name, read on the current
        connection: refused (`CallerRefused`), cancelled by statement_timeout
        (`StatementTimedOut`) or unreadable (`CallerUnread`) as the
        authentication middleware would answer it."""
        try:
            return await authenticate_user(claims, self.authorizer)
        except Unauthenticated as exc:
            raise CallerRefused(exc) from None
        except QueryCanceledError:
            raise StatementTimedOut from None
        except DATABASE_DOWN as exc:
            log.warning("database unavailable: %s", exc)
            raise CallerUnread from exc

    async def _verify_caller(self, scope: Scope) -> None:
        """Before the view answers anything but the operation's own result: a
        caller known so far only by its access token's claims is read now, on
        a pooled connection of its own, and kept as the request's actor."""
        state = scope.get("state", {})
        claims = state.get("claims")
        if claims is not None and state.get("actor") is None:
            state["actor"] = await self._read_caller(claims)

    def _plan(self, request_data: GraphQLRequestData) -> Plan | None:
        if not isinstance(request_data, OperationRequest) or request_data.registered is None:
            return None
        return self.compiled.plan(request_data.registered)

    async def _run(
        self,
        overran: asyncio.Timeout,
        plan: Plan | None,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
        allowed: set[StrawberryOperation],
        sub_response: Response,
    ) -> ExecutionResult:
        """The operation in one tenant transaction: by its compiled plan when it
        has one and the plan answers this request, else by the executor. A
        caller known so far by its access token's claims is read first, on the
        transaction's connection (`AuthMiddleware(user_in_transaction=True)`):
        one pooled connection per request."""
        async with (
            overran,
            tenant_transaction(
                current_tenant(),
                current_oem(),
                statement_timeout_ms=round(self.settings.statement_timeout_seconds * 1000),
                jit=False,
            ) as conn,
        ):
            state = context.request.scope.get("state", {})
            claims = state.get("claims")
            if context.actor is None and claims is not None:
                # Read already when the request kept an APQ text.
                actor = state.get("actor") or await self._read_caller(claims)
                context.actor = context.loaders.actor = actor
            connection = raw_connection(conn) if plan is not None else None
            if plan is not None and connection is not None:
                try:
                    printed = await plan.answer(
                        connection,
                        context.actor,
                        request_data.variables,
                        request_data.operation_name,
                    )
                except Fallback:
                    pass
                except QueryCanceledError:
                    raise StatementTimedOut from None
                except ANOMALY_ERRORS as exc:
                    log.warning("compiled document answered by the executor: %s", exc)
                    raise CompiledAnomaly from exc
                else:
                    sub_response.headers["server-timing"] = COMPILED_PLAN
                    # The statement printed the answer's data: its bytes go out as they are.
                    data: Any = orjson.Fragment(printed)
                    return ExecutionResult(data=data, errors=None)
            sub_response.headers["server-timing"] = EXECUTOR_PLAN
            result = await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
            if _statement_timed_out(result):
                raise StatementTimedOut  # and roll back what the operation wrote
            return result

    async def execute_single(
        self,
        request: Request,
        request_adapter: Any,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Run the operation in one transaction scoped to the caller's tenant
        (row-level security), then start the work it queued for after commit."""
        # Registered names only: a client's operationName would make the
        # metrics' labels unbounded.
        operation = (
            operation_label(request_data.label)
            if isinstance(request_data, OperationRequest)
            else UNREGISTERED
        )
        started = time.perf_counter()
        if _has_nul(request_data.variables) or "\x00" in (request_data.query or ""):
            # PostgreSQL text cannot hold NUL; refuse it before anything runs
            # (but after the caller's account: a refused caller hears that).
            try:
                await self._verify_caller(request.scope)
            except StatementTimedOut:
                return self._timed_out(operation, sub_response)
            return ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "text must not contain NUL (\\0) characters",
                        extensions={"code": "BAD_USER_INPUT"},
                    )
                ],
            )
        # Subscriptions need the WebSocket; mutations need POST.
        allowed = (
            {StrawberryOperation.QUERY}
            if request_adapter.method == "GET"
            else {StrawberryOperation.QUERY, StrawberryOperation.MUTATION}
        )
        requested = collect_requests()
        emitted = collect_events()
        plan = self._plan(request_data)
        overran = asyncio.timeout(self.settings.request_timeout_seconds)
        try:
            try:
                result = await self._run(
                    overran, plan, context, root_value, request_data, allowed, sub_response
                )
            except CompiledAnomaly:
                # The executor's second try keeps the request's own deadline.
                overran = asyncio.timeout_at(overran.when())
                result = await self._run(
                    overran, None, context, root_value, request_data, allowed, sub_response
                )
        except (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError) as exc:
            raise _operation_refusal(exc, request_data, request_adapter.method) from None
        except StatementTimedOut:
            return self._timed_out(operation, sub_response)
        except DATABASE_DOWN as exc:
            if isinstance(exc, TimeoutError) and overran.expired():
                return self._timed_out(operation, sub_response)
            if context.actor is None and request.scope.get("state", {}).get("claims"):
                # No connection for the caller's user row: answered as the
                # authentication middleware answers an outage.
                log.warning("database unavailable: %s", exc)
                raise CallerUnread from exc
            # Fail fast and say so; the pool reconnects once PostgreSQL is back.
            log.warning("database unavailable: %s", exc)
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
        code_request_errors(result)
        if any((e.extensions or {}).get("code") == DOCUMENT_TOO_LARGE for e in result.errors or []):
            sub_response.status_code = 413
        if (
            _is_request_error(result)
            and sub_response.media_type == GRAPHQL_RESPONSE
            and not sub_response.status_code
        ):
            sub_response.status_code = 400
        if requested:
            self.jobs.kick()
        if emitted:
            self.publish_after_commit(emitted)
        GRAPHQL_REQUESTS.labels(operation).inc()
        GRAPHQL_DURATION.labels(operation).observe(time.perf_counter() - started)
        for error in result.errors or []:
            GRAPHQL_ERRORS.labels(
                code_label((error.extensions or {}).get("code", "INTERNAL"))
            ).inc()
        return result
