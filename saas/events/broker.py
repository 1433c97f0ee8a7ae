"""Live fan-out of committed events to the WebSocket subscribers of this
process. With Redis, every event goes through one pub/sub channel, so every
API instance (and events published by workers) reach every subscriber; in
embedded mode (no REDIS_URL) it stays in-process."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from saas.settings import get_settings

log = logging.getLogger("saas.events")
QUEUE_SIZE = 200


class Broker:
    def __init__(self, redis_url: str | None, channel: str) -> None:
        self.redis_url = redis_url
        self.channel = channel
        self._queues: set[asyncio.Queue[dict[str, Any]]] = set()
        self._redis: Any = None
        self._listener: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    def _client(self) -> Any:
        if self._redis is None:
            # Only with REDIS_URL set: the embedded mode never loads redis.
            import redis.asyncio as redis

            self._redis = redis.Redis.from_url(
                self.redis_url or "", socket_connect_timeout=2, socket_timeout=5
            )
        return self._redis

    async def publish(self, message: dict[str, Any]) -> None:
        if self.redis_url:
            await self._client().publish(self.channel, json.dumps(message))
        else:
            self._deliver(message)

    def _deliver(self, message: dict[str, Any]) -> None:
        for queue in list(self._queues):
            if queue.full():
                # A subscriber that stopped reading loses events, not the process memory.
                log.warning("dropping a live event for a slow subscriber")
                continue
            queue.put_nowait(message)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        """A queue of every event published from now on, until the block ends."""
        if self.redis_url:
            self._ensure_listener()
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    def _ensure_listener(self) -> None:
        if self._listener is None or self._listener.done():
            self._listener = asyncio.create_task(self._listen(), name="saas-events-listener")

    async def ready(self) -> None:
        """Wait until this instance listens on Redis (tests; startup)."""
        if not self.redis_url:
            return
        self._ensure_listener()
        for _ in range(100):
            if self._subscribed.is_set():
                return
            await asyncio.sleep(0.05)

    async def _listen(self) -> None:
        """Forward the channel to local subscribers; reconnect after Redis outages."""
        # Only with REDIS_URL set: the embedded mode never loads redis.
        import redis.asyncio as redis

        while True:
            client = redis.Redis.from_url(self.redis_url or "", socket_connect_timeout=2)
            pubsub = client.pubsub()
            try:
                await pubsub.subscribe(self.channel)
                self._subscribed.set()
                async for raw in pubsub.listen():
                    if raw.get("type") != "message":
                        continue
                    try:
                        self._deliver(json.loads(raw["data"]))
                    except ValueError:
                        log.warning("ignoring a malformed live event")
            except asyncio.CancelledError:
                raise
            except Exception:
                self._subscribed.clear()
                log.warning("live event channel lost; reconnecting", exc_info=True)
                await asyncio.sleep(1)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                    await client.aclose()

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None


_process_broker: Broker | None = None


def use_broker(broker: Broker) -> None:
    """The broker jobs of this process publish to (the API's, in embedded mode)."""
    global _process_broker
    _process_broker = broker


def process_broker() -> Broker:
    global _process_broker
    if _process_broker is None:
        settings = get_settings()
        _process_broker = Broker(settings.redis_url, channel_for(settings.job_queue))
    return _process_broker


def channel_for(queue: str) -> str:
    return f"{queue}:events"
