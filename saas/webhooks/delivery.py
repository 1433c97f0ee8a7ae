"""Sending webhook deliveries: fan an event out to matching endpoints, sign
and send each delivery, retry with exponential backoff for a bounded time,
and disable an endpoint that keeps failing (its owner is notified).

Signature: `X-Saas-Signature: v1=<hex HMAC-SHA256(secret, f"{timestamp}.{body}")>`
with the Unix `X-Saas-Timestamp` it covers; see the README for the
receiver's recipe. Every attempt signs again with a fresh timestamp.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from saas.events.repository import claim_fan_out, event_by_id, not_fanned_out
from saas.events.service import EventType
from saas.identity.service import group_admins
from saas.models import DistributedLead, DomainEvent, WebhookEndpoint
from saas.models.events import AnyDelivery
from saas.notify.service import Message, notify
from saas.observability import WEBHOOK_DELIVERIES, WEBHOOK_LATENCY
from saas.oem.repository import DealerLeadRepository
from saas.oem.view import OEM_EVENT_FIELDS, oem_view
from saas.settings import Settings
from saas.tenancy.rls import system_transaction
from saas.webhooks.repository import (
    claim_attempt,
    create_delivery,
    delivery_with_endpoint,
    due_deliveries,
    endpoints_for_event,
    endpoints_of,
    pending_of_event,
    save_delivery,
    save_endpoint,
)
from saas.webhooks.ssrf import UnsafeUrl, resolve

log = logging.getLogger("saas.webhooks")

SIGNATURE_HEADER = "X-Saas-Signature"
TIMESTAMP_HEADER = "X-Saas-Timestamp"
EVENT_HEADER = "X-Saas-Event"
DELIVERY_HEADER = "X-Saas-Delivery"
FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 3600
SEND_CONCURRENCY = 8
# Of a receiver's answer only the status matters; at most this much of it is read.
RESPONSE_READ_LIMIT_BYTES = 64 * 1024
PER_ENDPOINT_CONCURRENCY = 4

# What an OEM endpoint may receive: events of the leads it distributed.
OEM_EVENTS = frozenset(EventType) - {EventType.CUSTOMER_MERGED}


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def backoff(attempts: int) -> timedelta:
    """30 s after the first failure, doubling, at most an hour apart."""
    return timedelta(
        seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS)
    )


def matches(
    endpoint: WebhookEndpoint, event: DomainEvent, distribution: DistributedLead | None
) -> bool:
    """Does the endpoint want this event? An OEM's only for leads it distributed."""
    if event.kind not in (endpoint.event_types or []):
        return False
    if endpoint.oem_id is not None and (
        event.kind not in OEM_EVENTS
        or distribution is None
        or distribution.oem_id != endpoint.oem_id
    ):
        return False
    if endpoint.store_ids and event.store_id not in endpoint.store_ids:
        return False
    return not endpoint.source_channels or event.source_channel in endpoint.source_channels


async def _distribution(event: DomainEvent) -> DistributedLead | None:
    if event.lead_id is None:
        return None
    return await DealerLeadRepository(event.tenant_id).active_of(event.lead_id).get_or_none()


async def fan_out(event_id: int, now: datetime) -> list[int]:
    """Create one delivery per matching endpoint (once per event); return the
    pending deliveries of the event."""
    async with system_transaction():
        event = await claim_fan_out(event_id, now)
        if event is None:
            found = await event_by_id(event_id)
            return await pending_of_event(event_id, found.tenant_id) if found else []
        distribution = await _distribution(event)
        endpoints = await endpoints_for_event(
            event.tenant_id, distribution.oem_id if distribution else None, event.created_at
        )
        for endpoint in endpoints:
            if matches(endpoint, event, distribution):
                await create_delivery(
                    endpoint_id=endpoint.id,
                    tenant_id=endpoint.tenant_id,
                    oem_id=endpoint.oem_id,
                    event_id=event.id,
                    event_tenant_id=event.tenant_id,
                    event_type=event.kind,
                    key="event",
                    body=render_body(event, endpoint, distribution),
                )
        return await pending_of_event(event.id, event.tenant_id)


def render_body(
    event: DomainEvent, endpoint: WebhookEndpoint, distribution: DistributedLead | None
) -> str:
    """The JSON body, fixed when the event is fanned out so every attempt and
    replay sends the same bytes; for an OEM only its view of its own lead."""
    data: dict[str, object] = event.data
    if endpoint.oem_id is not None:
        if distribution is None:
            raise ValueError("an OEM's body is built from its own distribution only")
        data = {
            "distributedLead": oem_view(distribution),
            **{k: v for k, v in event.data.items() if k in OEM_EVENT_FIELDS},
        }
    envelope = {
        "id": event.id,
        "type": event.kind,
        "occurredAt": event.created_at.isoformat(),
        "data": data,
    }
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    latency_ms: int | None
    error: str | None


async def send(
    endpoint: WebhookEndpoint, delivery: AnyDelivery, body: str, settings: Settings
) -> Outcome:
    """One signed POST with bounded timeouts, to the address the SSRF check
    approved (no second DNS lookup, no redirects)."""
    try:
        target = await resolve(
            endpoint.url,
            allow_private=settings.webhooks_allow_private,
            https_only=settings.is_production,
        )
    except UnsafeUrl as exc:
        return Outcome(False, None, None, exc.message)
    url = target.url
    host = f"[{target.address}]" if ":" in target.address else target.address
    port = f":{url.port}" if url.port else ""
    pinned = url._replace(netloc=f"{host}{port}").geturl()
    timestamp = int(time.time())
    raw = body.encode()
    headers = {
        "Host": url.netloc,
        "Content-Type": "application/json",
        "User-Agent": "saas-webhooks/1",
        EVENT_HEADER: delivery.event_type,
        DELIVERY_HEADER: str(delivery.id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, raw),
    }
    timeout = httpx.Timeout(
        settings.webhook_read_timeout_seconds, connect=settings.webhook_connect_timeout_seconds
    )
    extensions = {"sni_hostname": url.hostname} if url.scheme == "https" else {}
    started = time.perf_counter()
    # However slowly the receiver drips its answer, the attempt ends within
    # the two timeouts (an attempt's lease is longer than that).
    deadline = (
        asyncio.get_running_loop().time()
        + settings.webhook_connect_timeout_seconds
        + settings.webhook_read_timeout_seconds
    )
    try:
        async with httpx.AsyncClient(
            timeout=timeout, follow_redirects=False, trust_env=False
        ) as client:
            request = client.build_request(
                "POST", pinned, content=raw, headers=headers, extensions=extensions
            )
            async with asyncio.timeout_at(deadline):
                response = await client.send(request, stream=True)
            await _read_at_most(response, RESPONSE_READ_LIMIT_BYTES, deadline)
    except (httpx.TimeoutException, TimeoutError):
        return Outcome(False, None, _ms(started), "the endpoint did not answer in time")
    except httpx.HTTPError as exc:
        return Outcome(False, None, _ms(started), f"could not connect: {type(exc).__name__}")
    ok = 200 <= response.status_code < 300
    return Outcome(
        ok, response.status_code, _ms(started), None if ok else f"HTTP {response.status_code}"
    )


async def _read_at_most(response: httpx.Response, limit: int, deadline: float) -> None:
    """Read the receiver's answer after its status (which is all that counts)
    up to `limit` bytes, undecoded, until `deadline` at the latest; then close
    the connection, so a receiver answering without end can neither fill the
    worker's memory nor hold the attempt."""
    read = 0
    try:
        async with asyncio.timeout_at(deadline):
            async for chunk in response.aiter_raw():
                read += len(chunk)
                if read >= limit:
                    break
    except (httpx.HTTPError, TimeoutError):
        pass  # the status arrived; the rest of the answer is not needed
    finally:
        await response.aclose()


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


async def attempt(delivery_id: int, now: datetime, settings: Settings) -> str | None:
    """Try one delivery if it is due; return its status afterwards (None: not due)."""
    lease = now + timedelta(
        seconds=settings.webhook_connect_timeout_seconds
        + settings.webhook_read_timeout_seconds
        + 30
    )
    async with system_transaction():
        if not await claim_attempt(delivery_id, now, lease):
            return None
        delivery, endpoint = await delivery_with_endpoint(delivery_id)
        if endpoint.status != "active":
            await save_delivery(
                delivery_id, status="failed", next_attempt_at=None, error="the endpoint is disabled"
            )
            return "failed"
    outcome = await send(endpoint, delivery, delivery.body, settings)
    if outcome.latency_ms is not None:
        WEBHOOK_LATENCY.observe(outcome.latency_ms / 1000)
    async with system_transaction():
        status = await _record(delivery, endpoint, outcome, now, settings)
    WEBHOOK_DELIVERIES.labels(status).inc()
    return status


async def _record(
    delivery: AnyDelivery,
    endpoint: WebhookEndpoint,
    outcome: Outcome,
    now: datetime,
    settings: Settings,
) -> str:
    attempts = delivery.attempts + 1
    values: dict[str, object] = {
        "attempts": attempts,
        "last_attempt_at": now,
        "response_code": outcome.status_code,
        "latency_ms": outcome.latency_ms,
        "error": (outcome.error or "")[:300] or None,
    }
    if outcome.ok:
        await save_delivery(delivery.id, status="succeeded", next_attempt_at=None, **values)
        if endpoint.failing_since is not None:
            await save_endpoint(endpoint.id, failing_since=None)
        return "succeeded"
    give_up = now >= delivery.created_at + timedelta(hours=settings.webhook_retry_hours)
    status = "failed" if give_up else "pending"
    await save_delivery(
        delivery.id,
        status=status,
        next_attempt_at=None if give_up else now + backoff(attempts),
        **values,
    )
    failing_since = endpoint.failing_since or now
    if now - failing_since >= timedelta(hours=settings.webhook_disable_after_hours):
        await disable_failing(endpoint, now, outcome.error or "failing")
    elif endpoint.failing_since is None:
        await save_endpoint(endpoint.id, failing_since=now)
    return status


async def disable_failing(endpoint: WebhookEndpoint, now: datetime, last_error: str) -> None:
    reason = (
        f"deliveries failed since {endpoint.failing_since or now:%Y-%m-%d %H:%M} UTC "
        f"(last: {last_error})"
    )[:300]
    await save_endpoint(endpoint.id, status="disabled", disabled_at=now, disabled_reason=reason)
    log.warning("webhook endpoint %s disabled: %s", endpoint.id, reason)
    if endpoint.tenant_id is None:
        return  # OEM accounts have no in-app inbox; the endpoint list shows why.
    recipients = set(await group_admins(endpoint.tenant_id))
    if endpoint.created_by_id is not None:
        recipients.add(endpoint.created_by_id)
    await notify(
        [
            Message(
                endpoint.tenant_id,
                user_id,
                "webhook_disabled",
                "A webhook endpoint was disabled",
                f"{endpoint.url} kept failing and receives no more events: {reason}. "
                "Fix it, enable it again and replay the failed deliveries.",
                f"webhook-disabled:{endpoint.id}:{now.timestamp()}",
                data={"webhook_endpoint_id": endpoint.id},
            )
            for user_id in sorted(recipients)
        ]
    )


async def attempt_all(delivery_ids: list[int], now: datetime, settings: Settings) -> dict[str, int]:
    """Attempt deliveries a few at a time (one slow endpoint does not hold up
    the others); count the resulting statuses."""
    gate = asyncio.Semaphore(SEND_CONCURRENCY)

    async def one(delivery_id: int) -> str | None:
        async with gate:
            return await attempt(delivery_id, now, settings)

    statuses: dict[str, int] = {}
    for status in await asyncio.gather(*(one(d) for d in delivery_ids)):
        if status:
            statuses[status] = statuses.get(status, 0) + 1
    return statuses


async def deliver_event(event_id: int, now: datetime, settings: Settings) -> dict[str, int]:
    return await attempt_all(await fan_out(event_id, now), now, settings)


async def deliver_events(
    event_ids: list[int], now: datetime | None, settings: Settings
) -> dict[str, int]:
    """A batch of events (one `webhooks.deliver` job): fan each out, then send
    the deliveries endpoint by endpoint, oldest first, at most
    `PER_ENDPOINT_CONCURRENCY` at a time to one endpoint and `SEND_CONCURRENCY`
    in all, so one slow endpoint cannot take every slot. `now` None: the
    clock at each step (a batch can outlast an attempt's claim)."""
    pending: list[int] = []
    for event_id in event_ids:
        pending += await fan_out(event_id, now or datetime.now(UTC))
    async with system_transaction():
        by_endpoint = await endpoints_of(pending)
    gate = asyncio.Semaphore(SEND_CONCURRENCY)

    async def endpoint_queue(delivery_ids: list[int]) -> list[str | None]:
        own = asyncio.Semaphore(PER_ENDPOINT_CONCURRENCY)

        async def one(delivery_id: int) -> str | None:
            async with own, gate:
                return await attempt(delivery_id, now or datetime.now(UTC), settings)

        return list(await asyncio.gather(*(one(d) for d in delivery_ids)))

    statuses: dict[str, int] = {}
    for results in await asyncio.gather(*(endpoint_queue(ids) for ids in by_endpoint.values())):
        for status in results:
            if status:
                statuses[status] = statuses.get(status, 0) + 1
    return statuses


async def retry_due(now: datetime, settings: Settings, limit: int = 200) -> dict[str, int]:
    """The sweep: fan out events whose job was lost, then try every due delivery."""
    async with system_transaction():
        stale = await not_fanned_out(now - timedelta(minutes=1), limit)
    for _, event_id in stale:
        await fan_out(event_id, now)
    async with system_transaction():
        due = await due_deliveries(now, limit)
    return await attempt_all(due, now, settings)
