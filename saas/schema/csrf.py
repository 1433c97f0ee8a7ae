"""CSRF defence for the GraphQL endpoint: a browser can send text/plain,
form-encoded and multipart bodies cross-site without a preflight, so POSTs
must be application/json (which needs CORS preflight). GET carries queries
only (strawberry refuses mutations over GET)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send


class JsonPostsOnly:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            content_type = (
                dict(scope.get("headers", [])).get(b"content-type", b"").decode("latin-1")
            )
            if content_type.split(";")[0].strip().lower() != "application/json":
                body = json.dumps(
                    {
                        "errors": [
                            {
                                "message": "send GraphQL requests as application/json",
                                "extensions": {"code": "UNSUPPORTED_MEDIA_TYPE"},
                            }
                        ]
                    }
                ).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 415,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
