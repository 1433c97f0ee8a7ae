"""A real HTTP webhook receiver on loopback (uvicorn in the test's event loop)
that verifies signatures the way the README tells integrators to."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from tests.net import free_port

REPLAY_WINDOW_SECONDS = 300


def verify(secret: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """The README's recipe: reject stale timestamps, compare in constant time."""
    timestamp = headers["x-saas-timestamp"]
    if abs(time.time() - int(timestamp)) > REPLAY_WINDOW_SECONDS:
        raise ValueError("stale timestamp")
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(headers["x-saas-signature"], f"v1={expected}"):
        raise ValueError("bad signature")
    return json.loads(body)  # type: ignore[no-any-return]


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]


@dataclass
class Receiver:
    """Answers each POST with the next of `statuses` (the last one repeats);
    with `answer_bytes`, the body is that long, streamed in `chunk_bytes`
    pieces `drip` seconds apart, and `sent` counts what was handed over."""

    statuses: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    answer_bytes: int = 0
    chunk_bytes: int = 64 * 1024
    drip: float = 0.0
    sent: int = 0
    received: list[Received] = field(default_factory=list)
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def _hook(self, request: Request) -> Response:
        self.received.append(Received(dict(request.headers), await request.body()))
        if self.delay:
            await asyncio.sleep(self.delay)
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        if self.answer_bytes:
            return StreamingResponse(self._answer(request), status_code=status)
        return Response("ok", status_code=status)

    async def _answer(self, request: Request) -> AsyncIterator[bytes]:
        # uvicorn drops what is sent after the client hung up: stop counting then.
        while self.sent < self.answer_bytes and not await request.is_disconnected():
            chunk = b"x" * min(self.chunk_bytes, self.answer_bytes - self.sent)
            yield chunk
            self.sent += len(chunk)
            if self.drip:
                await asyncio.sleep(self.drip)

    async def __aenter__(self) -> Receiver:
        app = Starlette(routes=[Route("/hook", self._hook, methods=["POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._server.should_exit = True
        await self._task
