"""Authentication: turn an `Authorization: Bearer ...` header into an Actor.

Runs as pure ASGI middleware in front of the GraphQL endpoint, so the tenant
ContextVar it sets is visible to everything the request runs (Starlette's
BaseHTTPMiddleware would not carry it). The tenant comes only from the verified
token or API key, never from the request's arguments.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise.exceptions import DBConnectionError

from saas.audit import new_request_id, request_id
from saas.db import db
from saas.errors import StaleCredential, Unauthenticated
from saas.models import ApiKey, User
from saas.observability import log_user
from saas.settings import Settings
from saas.tenancy.actor import Actor, ActorKind
from saas.tenancy.authz import Authorizer, api_key_subject, user_subject
from saas.tenancy.context import tenant_context
from saas.tenancy.credentials import AccessClaims, api_key_prefix, read_access_token, sha256
from saas.tenancy.ratelimit import RateLimiter, Verdict, api_key_rate_key, failed_auth_key


async def actor_for_user(user: User, authorizer: Authorizer) -> Actor:
    return _actor(
        ActorKind.USER,
        _Caller(user.id, user.name, user.dealer_group_id, user.oem_id),
        user_subject(user.id),
        authorizer,
    )


@dataclass(frozen=True)
class _Caller:
    """What an Actor needs of a user or API key row."""

    id: int
    name: str
    dealer_group_id: int | None
    oem_id: int | None


def _actor(
    kind: ActorKind,
    row: _Caller,
    subject: str,
    authorizer: Authorizer,
    scopes: frozenset[str] | None = None,
) -> Actor:
    """The caller a user or API key row stands for, with the grants of `subject`."""
    return Actor(
        kind=kind,
        id=row.id,
        subject=subject,
        name=row.name,
        tenant_id=row.dealer_group_id,
        oem_id=row.oem_id,
        grants=authorizer.grants(subject),
        authorizer=authorizer,
        scopes=scopes,
    )


# One statement per request loads the caller and the role assignments'
# revision counter (whether to reload the roles), as plain rows: no ORM model
# is built on the request path.
_REVISION = '(SELECT "revision" FROM "authz_revision" WHERE "id" = 1) AS "authz_revision"'
_USER = (
    f'SELECT "id", "name", "dealer_group_id", "oem_id", "is_active", {_REVISION} '
    'FROM "app_user" WHERE "id" = {}'
)
_API_KEY = (
    'SELECT "id", "name", "dealer_group_id", "oem_id", "key_hash", "scopes", "expires_at", '
    f'"revoked_at", "last_used_at", {_REVISION} FROM "api_key" WHERE "prefix" = {{}}'
)
# An API key's last use is written at most this often: a busy integration
# client would otherwise cost an UPDATE on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


async def _one_row(sql: str, value: object) -> dict[str, Any] | None:
    conn = db()
    mark = "$1" if conn.schema_generator.DIALECT == "postgres" else "?"
    rows = await conn.execute_query_dict(sql.format(mark), [value])
    return rows[0] if rows else None


def _moment(value: object) -> datetime | None:
    """A timestamp column as read raw: a datetime (PostgreSQL) or ISO text (SQLite)."""
    if value is None or isinstance(value, datetime):
        return value
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def authenticate(
    token: str, settings: Settings, authorizer: Authorizer, claims: AccessClaims | None = None
) -> Actor:
    """The caller `token` (an access token or an API key) stands for;
    `claims`: the access token's, already verified."""
    prefix = api_key_prefix(token)
    if prefix is not None:
        key = await _one_row(_API_KEY, prefix)
        if key is None or not hmac.compare_digest(key["key_hash"], sha256(token)):
            raise Unauthenticated("the API key is invalid")
        await authorizer.refresh(key["authz_revision"] or 0)
        now = datetime.now(UTC)
        revoked_at, expires_at = _moment(key["revoked_at"]), _moment(key["expires_at"])
        if revoked_at is not None:
            raise StaleCredential("the API key has been revoked")
        if expires_at is not None and expires_at <= now:
            raise StaleCredential("the API key has expired")
        last_used_at = _moment(key["last_used_at"])
        if last_used_at is None or now - last_used_at >= LAST_USED_PRECISION:
            await ApiKey.filter(id=key["id"]).update(last_used_at=now)
        scopes = key["scopes"]
        if isinstance(scopes, str | bytes):
            scopes = json.loads(scopes)
        return _actor(
            ActorKind.API_KEY,
            _Caller(key["id"], key["name"], key["dealer_group_id"], key["oem_id"]),
            api_key_subject(key["id"]),
            authorizer,
            frozenset(scopes) if scopes else None,
        )
    if claims is None:
        claims = read_access_token(settings.secret_key, token)
    return await authenticate_user(claims, authorizer)


async def authenticate_user(claims: AccessClaims, authorizer: Authorizer) -> Actor:
    """The user a verified access token names, read on the current connection
    (the request's tenant transaction, when the view reads it there): refused
    when the account is no longer active or no longer in the token's dealer
    group or OEM; the roles reloaded when any process changed assignments."""
    user = await _one_row(_USER, claims.user_id)
    if user is None or not user["is_active"]:
        raise StaleCredential("this account is no longer active")
    await authorizer.refresh(user["authz_revision"] or 0)
    if user["dealer_group_id"] != claims.tenant_id or user["oem_id"] != claims.oem_id:
        raise Unauthenticated("the access token is invalid")
    return _actor(
        ActorKind.USER,
        _Caller(user["id"], user["name"], user["dealer_group_id"], user["oem_id"]),
        user_subject(user["id"]),
        authorizer,
    )


def bearer_token(scope: Scope) -> str | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
            return token.strip()
    return None


DATABASE_DOWN = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    DBConnectionError,
)


class AuthMiddleware:
    """Sets `scope["state"]["actor"]` and the tenant ContextVar; answers 401 for
    a token that is present but not valid.

    With a `limiter`, refused credentials count against the client address
    (as failed logins do): past RATE_LIMIT_FAILED_AUTH_PER_MINUTE a request
    carrying a credential gets 429 before the credential is even checked, so
    guessing keys or tokens learns nothing. `limit_requests` also applies the
    per-caller request limits.

    With `user_in_transaction`, an HTTP request's signed access token is
    trusted only as far as its signature goes: the middleware sets the
    token's tenant and puts its claims in `scope["state"]["claims"]` with no
    actor, and the app reads the user row on its tenant transaction's own
    connection (`authenticate_user`), then answers a refusal as this
    middleware would (`refuse_credential`). Until then the request has no
    actor: whatever runs before that check runs as an anonymous caller."""

    def __init__(
        self,
        app: ASGIApp,
        settings: Settings,
        authorizer: Authorizer,
        limiter: RateLimiter | None = None,
        *,
        limit_requests: bool = True,
        user_in_transaction: bool = False,
    ) -> None:
        self.app = app
        self.settings = settings
        self.authorizer = authorizer
        self.limiter = limiter
        self.limit_requests = limit_requests
        self.user_in_transaction = user_in_transaction

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")[:36]
        rid = given if given.replace("-", "").isalnum() else new_request_id()
        request_id.set(rid)

        original_send = send

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-request-id", rid.encode())]
                message = {**message, "headers": headers}
            await original_send(message)

        send = send_with_id
        failures = failed_auth_key(client_address(scope))
        limit = self.settings.rate_limit_failed_auth_per_minute
        # The caller's own counted hit, taken back if its API key is refused.
        counted: tuple[str, Verdict] | None = None
        # An API key past its own limit: answered 429 once the key proved good.
        over_limit: Verdict | None = None
        try:
            token = bearer_token(scope)
            claims = self._signed_claims(token)
            own = self._own_counter(token, claims) if self._limits_requests(scope) else None
            if own is not None:
                assert self.limiter is not None  # _limits_requests says so
                # A signed access token names its user, an API key its prefix:
                # the address's refused credentials and the caller's own count
                # in one round trip.
                verdict = await self.limiter.hit_guarded(own[0], own[1], failures, limit)
                if verdict.allowed:
                    counted = (own[0], verdict)
                elif verdict.by_guard or claims is not None:
                    await _too_many(scope, send, verdict.retry_after)
                    return
                else:
                    # Only a holder of the key learns that it is over its
                    # limit: a made-up key with a real prefix gets its 401.
                    over_limit = verdict
            elif token and self.limiter is not None:
                verdict = await self.limiter.peek(failures, limit)
                if not verdict.allowed:
                    await _too_many(scope, send, verdict.retry_after)
                    return
            deferred = claims is not None and self.user_in_transaction and scope["type"] == "http"
            actor = (
                await authenticate(token, self.settings, self.authorizer, claims)
                if token and not deferred
                else None
            )
        except Unauthenticated as exc:
            if self.limiter is not None and counted is not None and claims is None:
                # A refused API key does not count against the key its prefix names.
                await self.limiter.release(*counted)
            await refuse_credential(scope, send, exc, self.settings, self.limiter)
            return
        except DATABASE_DOWN:
            await send_error(
                send,
                503,
                "the database is unavailable; try again in a moment",
                {"code": "SERVICE_UNAVAILABLE"},
            )
            return
        if over_limit is not None:
            await _too_many(scope, send, over_limit.retry_after)
            return
        if self._limits_requests(scope) and counted is None:
            # Only a request without a credential gets here: counted per address.
            assert self.limiter is not None  # _limits_requests says so
            verdict = await self.limiter.hit(
                f"ip:{client_address(scope)}", self.settings.rate_limit_anonymous_per_minute
            )
            if not verdict.allowed:
                await _too_many(scope, send, verdict.retry_after)
                return
        state = scope.setdefault("state", {})
        state["actor"] = actor
        if deferred:
            assert claims is not None  # deferred says so
            state["claims"] = claims
            log_user.set(f"{ActorKind.USER.value}:{claims.user_id}")
            tenant, oem = claims.tenant_id, claims.oem_id
        else:
            log_user.set(f"{actor.kind.value}:{actor.id}" if actor else None)
            tenant, oem = (actor.tenant_id, actor.oem_id) if actor else (None, None)
        with tenant_context(tenant, oem):
            await self.app(scope, receive, send)

    def _limits_requests(self, scope: Scope) -> bool:
        return self.limiter is not None and self.limit_requests and scope["type"] == "http"

    def _signed_claims(self, token: str | None) -> AccessClaims | None:
        """The claims of `token` when it is an access token with a valid
        signature; None for an API key, no token or a refused token (which
        `authenticate` refuses again, after the address's allowance is
        checked, as for any credential)."""
        if not token or api_key_prefix(token) is not None:
            return None
        try:
            return read_access_token(self.settings.secret_key, token)
        except Unauthenticated:
            return None

    def _own_counter(
        self, token: str | None, claims: AccessClaims | None
    ) -> tuple[str, int] | None:
        """The request counter and limit a credential names before it is
        checked: a signed access token's user, an API key's prefix; None
        without a credential or for a token that is neither."""
        if claims is not None:
            return f"user:{claims.user_id}", self.settings.rate_limit_user_per_minute
        prefix = api_key_prefix(token) if token else None
        if prefix is not None:
            return api_key_rate_key(prefix), self.settings.rate_limit_api_key_per_minute
        return None


async def refuse_credential(
    scope: Scope,
    send: Send,
    error: Unauthenticated,
    settings: Settings,
    limiter: RateLimiter | None,
) -> None:
    """Answer a refused credential: 401 with its reason, or 429 once the
    client address is past its allowance of refused credentials. A stale one
    (expired, revoked, an account no longer active) is not a guess and does
    not count."""
    if limiter is not None and not isinstance(error, StaleCredential):
        verdict = await limiter.hit(
            failed_auth_key(client_address(scope)), settings.rate_limit_failed_auth_per_minute
        )
        if not verdict.allowed:
            await _too_many(scope, send, verdict.retry_after)
            return
    await _unauthorized(scope, send, error.message)


async def send_error(
    send: Send,
    status: int,
    message: str,
    extensions: dict[str, Any],
    *,
    headers: Sequence[tuple[bytes, bytes]] = (),
    with_data: bool = True,
) -> None:
    """An HTTP answer in GraphQL's error shape, sent by a guard in front of the
    endpoint: `{"data": null, "errors": [...]}`, without `data` when the
    request was refused before it counted as a GraphQL request."""
    payload: dict[str, Any] = {"data": None} if with_data else {}
    payload["errors"] = [{"message": message, "extensions": extensions}]
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def client_address(scope: Scope) -> str:
    """The caller's IP: the peer, or what a trusted proxy said (uvicorn rewrites
    `client` only for proxies in FORWARDED_ALLOW_IPS)."""
    client = scope.get("client") or ("unknown", 0)
    return str(client[0])


async def _too_many(scope: Scope, send: Send, retry_after: int) -> None:
    if scope["type"] == "websocket":
        await send(
            {
                "type": "websocket.close",
                "code": 4429,
                "reason": f"too many requests; try again in {retry_after} seconds",
            }
        )
        return
    await send_error(
        send,
        429,
        f"too many requests; try again in {retry_after} seconds",
        {"code": "RATE_LIMITED", "retryAfterSeconds": retry_after},
        headers=[(b"retry-after", str(retry_after).encode())],
    )


async def _unauthorized(scope: Scope, send: Send, message: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 4401, "reason": message})
        return
    await send_error(
        send,
        401,
        message,
        {"code": "UNAUTHENTICATED"},
        headers=[(b"www-authenticate", b'Bearer error="invalid_token"')],
    )
