"""CORS for pages on other origins: the web, mobile-web and BI frontends.

Bearer tokens, not cookies, carry the credentials, so no credentials mode is
offered. An allowed origin gets `Access-Control-Allow-Origin` set to itself on
the preflight and on the response; any other origin gets no CORS header at all
(its page cannot read our answers), and every response says `Vary: Origin` so a
cache never hands one origin's answer to another.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_METHODS = ("GET", "POST")
ALLOWED_HEADERS = frozenset(
    {"accept", "authorization", "content-type", "x-request-id", "graphql-client-name"}
)
# Headers a page's script may read: the request id for support, and Retry-After on 429.
EXPOSED_HEADERS = "x-request-id, retry-after, content-disposition"
PREFLIGHT_MAX_AGE = 600


class Cors:
    """Answers preflights and marks responses for the allowed origins."""

    def __init__(self, app: ASGIApp, origins: Iterable[str]) -> None:
        self.app = app
        self.origins = frozenset(origins)

    def allows(self, origin: str) -> bool:
        return "*" in self.origins or origin.lower() in self.origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(origin, headers, send)
            return
        allowed = self.allows(origin)

        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.add_vary_header("Origin")
                if allowed:
                    out["Access-Control-Allow-Origin"] = origin
                    out["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
            await send(message)

        await self.app(scope, receive, marked)

    async def _preflight(self, origin: str, headers: Headers, send: Send) -> None:
        method = headers["access-control-request-method"].upper()
        asked = {
            h.strip().lower()
            for h in headers.get("access-control-request-headers", "").split(",")
            if h.strip()
        }
        problem = None
        if not self.allows(origin):
            problem = f"the origin {origin} may not call this API (CORS_ALLOW_ORIGINS)"
        elif method not in ALLOWED_METHODS:
            problem = f"{method} is not allowed; use GET or POST"
        elif asked - ALLOWED_HEADERS:
            problem = f"request headers not allowed: {', '.join(sorted(asked - ALLOWED_HEADERS))}"
        response_headers = [(b"vary", b"Origin")]
        if problem is None:
            status, body = 204, b""
            response_headers += [
                (b"access-control-allow-origin", origin.encode("latin-1")),
                (b"access-control-allow-methods", ", ".join(ALLOWED_METHODS).encode()),
                (b"access-control-allow-headers", ", ".join(sorted(ALLOWED_HEADERS)).encode()),
                (b"access-control-max-age", str(PREFLIGHT_MAX_AGE).encode()),
            ]
        else:
            status = 403
            body = json.dumps(
                {"errors": [{"message": problem, "extensions": {"code": "CORS_NOT_ALLOWED"}}]}
            ).encode()
            response_headers.append((b"content-type", b"application/json"))
        response_headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": body})
