"""Sliding-window rate limits per user, per API key, and per IP for anonymous
calls and failed sign-ins. In Redis when configured, so every API process
shares the count; in-process otherwise, and also while Redis is unreachable.

Both backends follow one rule: a hit is counted only when it is let through
(a refused request does not extend the window), and a refusal's Retry-After
is the time until the oldest counted hit leaves the window, after which a
request passes.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("saas.ratelimit")
WINDOW_SECONDS = 60

Clock = Callable[[], float]


def failed_auth_key(client: str) -> str:
    """The counter of password checks and refused credentials of a client address."""
    return f"authfail:{client}"


def api_key_rate_key(prefix: str) -> str:
    """The request counter of the API key with `prefix` (unique per key): known
    from the credential itself, so the count needs no database lookup first."""
    return f"apikey-prefix:{prefix}"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0
    # The counted hit, for `release` (empty when refused or only peeked).
    token: str = ""
    # Refused by a guarded hit's guard (the address's refused credentials),
    # not by the key's own limit.
    by_guard: bool = False


def _refused(oldest: float, window: float, now: float) -> Verdict:
    return Verdict(False, max(1, math.ceil(oldest + window - now)))


class InProcessLimiter:
    def __init__(self, clock: Clock = time.time) -> None:
        self.clock = clock
        self._hits: dict[str, dict[str, float]] = defaultdict(dict)

    async def hit(
        self,
        key: str,
        limit: int,
        now: float | None = None,
        *,
        window: float = WINDOW_SECONDS,
        record: bool = True,
    ) -> Verdict:
        now = self.clock() if now is None else now
        hits = self._hits[key]
        while hits:  # oldest first: hits are added in time order
            token, at = next(iter(hits.items()))
            if at > now - window:
                break
            del hits[token]
        if len(hits) >= limit:
            return _refused(next(iter(hits.values())), window, now)
        if not record:
            if not hits:
                del self._hits[key]
            return Verdict(True)
        token = uuid.uuid4().hex
        hits[token] = now
        return Verdict(True, token=token)

    async def release(self, key: str, token: str) -> None:
        self._hits.get(key, {}).pop(token, None)


# The scripts' steps, on a key (a sorted set of hits scored by time): `prune`
# drops the hits older than the window; `hit` counts one (when ARGV[5] is '1')
# and answers true if fewer than `limit` remain; `oldest` gives the oldest
# score back as a string (Redis would truncate a Lua number to an integer).
# ARGV: now, window, limit, token, record, [guard limit].
_STEPS = """
local function prune(key)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
end
local function oldest(key)
  return redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]
end
local function hit(key, limit)
  prune(key)
  if redis.call('ZCARD', key) >= limit then
    return false
  end
  if ARGV[5] == '1' then
    redis.call('ZADD', key, ARGV[1], ARGV[4])
    redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[2]) * 1000) + 1000)
  end
  return true
end
"""

# Prune, count, and add only when under the limit, in one step: concurrent
# requests cannot all see room for one more. Answers {allowed, oldest score}.
_HIT = (
    _STEPS
    + """
if hit(KEYS[1], tonumber(ARGV[3])) then
  return {1, ''}
end
return {0, oldest(KEYS[1])}
"""
)


# The same, after a guard: a second key (the client address's refused
# credentials) only looked at, whose count must be under its own limit
# (ARGV[6]) for the hit to be counted. Both in one round trip. Answers
# {allowed, oldest score, which key refused: 1 the guard, 0 the key}.
_GUARDED_HIT = (
    _STEPS
    + """
prune(KEYS[2])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[6]) then
  return {0, oldest(KEYS[2]), 1}
end
if hit(KEYS[1], tonumber(ARGV[3])) then
  return {1, '', 0}
end
return {0, oldest(KEYS[1]), 0}
"""
)


class RateLimiter:
    """Redis sorted sets (one per key, scored by time, updated by one Lua
    script); falls back to the in-process limiter when Redis is not
    configured or not reachable. `clock` gives the time in seconds (wall
    clock: every process must agree)."""

    def __init__(
        self, redis_url: str | None, prefix: str = "saas:rate", clock: Clock = time.time
    ) -> None:
        self.clock = clock
        self.local = InProcessLimiter(clock)
        self.prefix = prefix
        self._redis = None
        self._script = None
        self._guarded = None
        if redis_url:
            # Only with REDIS_URL set: the embedded mode never loads redis.
            import redis.asyncio as redis

            self._redis = redis.Redis.from_url(
                redis_url, socket_timeout=0.5, socket_connect_timeout=0.5
            )
            self._script = self._redis.register_script(_HIT)
            self._guarded = self._redis.register_script(_GUARDED_HIT)

    async def hit(
        self, key: str, limit: int, *, window: float = WINDOW_SECONDS, record: bool = True
    ) -> Verdict:
        """Count one hit on `key` if fewer than `limit` were counted in the last
        `window` seconds; otherwise refuse with the seconds until one leaves.
        With `record=False` only tell whether a hit would pass."""
        now = self.clock()
        if self._script is None:
            return await self.local.hit(key, limit, now, window=window, record=record)
        token = f"{now!r}:{uuid.uuid4().hex}" if record else ""
        try:
            allowed, oldest = await self._script(
                keys=[f"{self.prefix}:{key}"],
                args=[repr(now), repr(float(window)), limit, token, 1 if record else 0],
            )
        except Exception:
            log.warning("rate limiting falls back to in-process: Redis unavailable")
            return await self.local.hit(key, limit, now, window=window, record=record)
        if allowed:
            return Verdict(True, token=token)
        return _refused(float(oldest), window, now)

    async def hit_guarded(
        self, key: str, limit: int, guard: str, guard_limit: int, *, window: float = WINDOW_SECONDS
    ) -> Verdict:
        """`peek(guard, guard_limit)` and, when it passes, `hit(key, limit)`, in
        one round trip to Redis: a request's check of its address's refused
        credentials and its own count. Refused by the guard: nothing counted."""
        now = self.clock()
        if self._guarded is None:
            return await self._local_guarded(key, limit, guard, guard_limit, now, window)
        token = f"{now!r}:{uuid.uuid4().hex}"
        try:
            allowed, oldest, by_guard = await self._guarded(
                keys=[f"{self.prefix}:{key}", f"{self.prefix}:{guard}"],
                args=[repr(now), repr(float(window)), limit, token, 1, guard_limit],
            )
        except Exception:
            log.warning("rate limiting falls back to in-process: Redis unavailable")
            return await self._local_guarded(key, limit, guard, guard_limit, now, window)
        if allowed:
            return Verdict(True, token=token)
        refused = _refused(float(oldest), window, now)
        return Verdict(False, refused.retry_after, by_guard=bool(by_guard))

    async def _local_guarded(
        self, key: str, limit: int, guard: str, guard_limit: int, now: float, window: float
    ) -> Verdict:
        verdict = await self.local.hit(guard, guard_limit, now, window=window, record=False)
        if not verdict.allowed:
            return Verdict(False, verdict.retry_after, by_guard=True)
        return await self.local.hit(key, limit, now, window=window)

    async def peek(self, key: str, limit: int, *, window: float = WINDOW_SECONDS) -> Verdict:
        """Would a hit on `key` pass? Counts nothing."""
        return await self.hit(key, limit, window=window, record=False)

    async def release(self, key: str, verdict: Verdict) -> None:
        """Take back the hit `verdict` counted (a slot held while a check ran)."""
        if not verdict.token:
            return
        await self.local.release(key, verdict.token)
        if self._redis is None:
            return
        try:
            await self._redis.zrem(f"{self.prefix}:{key}", verdict.token)
        except Exception:
            log.warning("rate limiting falls back to in-process: Redis unavailable")

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
