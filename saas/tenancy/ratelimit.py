"""Sliding-window rate limits per user, per API key, and per IP for anonymous
calls (logins). In Redis when configured, so every API process shares the
count; in-process otherwise, and also while Redis is unreachable."""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass

log = logging.getLogger("saas.ratelimit")
WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


class InProcessLimiter:
    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    async def hit(self, key: str, limit: int, now: float | None = None) -> Verdict:
        now = time.monotonic() if now is None else now
        hits = self._hits[key]
        while hits and hits[0] <= now - WINDOW_SECONDS:
            hits.popleft()
        if len(hits) >= limit:
            return Verdict(False, int(hits[0] + WINDOW_SECONDS - now) + 1)
        hits.append(now)
        return Verdict(True)


class RateLimiter:
    """Redis sorted sets (one per key, scored by time); falls back to the
    in-process limiter when Redis is not configured or not reachable."""

    def __init__(self, redis_url: str | None, prefix: str = "saas:rate") -> None:
        self.local = InProcessLimiter()
        self.prefix = prefix
        self._redis = None
        if redis_url:
            import redis.asyncio as redis

            self._redis = redis.Redis.from_url(
                redis_url, socket_timeout=0.5, socket_connect_timeout=0.5
            )

    async def hit(self, key: str, limit: int) -> Verdict:
        if self._redis is None:
            return await self.local.hit(key, limit)
        now = time.time()
        name = f"{self.prefix}:{key}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(name, 0, now - WINDOW_SECONDS)
                pipe.zadd(name, {f"{now}:{uuid.uuid4().hex[:8]}": now})
                pipe.zcard(name)
                pipe.zrange(name, 0, 0, withscores=True)
                pipe.expire(name, WINDOW_SECONDS + 1)
                _, _, count, oldest, _ = await pipe.execute()
        except Exception:
            log.warning("rate limiting falls back to in-process: Redis unavailable")
            return await self.local.hit(key, limit)
        if count > limit:
            first = oldest[0][1] if oldest else now
            return Verdict(False, int(first + WINDOW_SECONDS - now) + 1)
        return Verdict(True)

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
