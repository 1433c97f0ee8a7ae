"""Guards in front of the GraphQL endpoint. CSRF: a browser can send text/plain,
form-encoded and multipart bodies cross-site without a preflight, so POSTs
must be application/json (which needs CORS preflight). GET carries queries
only (strawberry refuses mutations over GET). Size: bodies over a limit are
refused before they are read."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from saas.tenancy.auth import send_error


class JsonPostsOnly:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            content_type = (
                dict(scope.get("headers", [])).get(b"content-type", b"").decode("latin-1")
            )
            if content_type.split(";")[0].strip().lower() != "application/json":
                await refuse(
                    send, 415, "UNSUPPORTED_MEDIA_TYPE", "send GraphQL requests as application/json"
                )
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse request bodies over `max_bytes` (HTTP 413) before they are read
    into memory: by their Content-Length, or while a chunked body streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await refuse(send, 413, "PAYLOAD_TOO_LARGE", self._message())
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except TooLarge:
            await refuse(send, 413, "PAYLOAD_TOO_LARGE", self._message())

    def _message(self) -> str:
        return f"the request body is over {self.max_bytes} bytes"


class TooLarge(Exception):
    pass


async def refuse(send: Send, status: int, code: str, message: str) -> None:
    await send_error(send, status, message, {"code": code}, with_data=False)
