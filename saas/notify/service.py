"""Notifications: written once per event (a unique key per tenant), read in the
app, and delivered to external channels by a sender."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import orjson

from saas.models import Notification
from saas.notify.repository import NotificationRepository
from saas.tenancy.actor import Actor

log = logging.getLogger("saas.notify")


@dataclass
class Message:
    tenant_id: int
    user_id: int
    kind: str
    title: str
    body: str
    dedup_key: str
    store_id: int | None = None
    channel: str = "in_app"
    data: dict[str, object] = field(default_factory=dict)


async def notify(messages: list[Message]) -> None:
    """Write messages; one already written under the same key is skipped, so a
    retried or concurrent job never notifies twice."""
    by_tenant: dict[int, list[Message]] = {}
    for m in messages:
        by_tenant.setdefault(m.tenant_id, []).append(m)
    now = datetime.now(UTC)
    for tenant_id, items in by_tenant.items():
        await NotificationRepository(tenant_id).insert_many(
            [
                {
                    "created_at": now,
                    "user_id": m.user_id,
                    "store_id": m.store_id,
                    "kind": m.kind,
                    "channel": m.channel,
                    "title": m.title,
                    "body": m.body,
                    "data": orjson.dumps(m.data).decode(),
                    "dedup_key": m.dedup_key,
                }
                for m in items
            ]
        )


def notifications_of(actor: Actor, unread_only: bool = False):  # type: ignore[no-untyped-def]
    if actor.tenant_id is None or actor.user_id is None:
        return NotificationRepository(-1, store_ids=()).query()
    qs = (
        NotificationRepository(actor.tenant_id)
        .query()
        .filter(user_id=actor.user_id, channel="in_app")
    )
    return qs.filter(read_at=None) if unread_only else qs


async def mark_read(actor: Actor, ids: list[int] | None) -> int:
    """Mark the caller's notifications read (all of them when `ids` is None)."""
    qs = notifications_of(actor, unread_only=True)
    if ids is not None:
        qs = qs.filter(id__in=ids)
    return await qs.update(read_at=datetime.now(UTC))


class Sender(Protocol):
    async def send(self, notification: Notification) -> None: ...


class LogSender:
    """The default sender for SMS and WeChat: writes the message to the log."""

    async def send(self, notification: Notification) -> None:
        log.info(
            "send %s to user=%s kind=%s key=%s: %s",
            notification.channel,
            notification.user_id,
            notification.kind,
            notification.dedup_key,
            notification.body,
        )


async def send_outbox(sender: Sender, tenant_ids: list[int], limit: int = 500) -> int:
    """Deliver unsent external messages. Each is claimed with a conditional
    update first, so two senders never deliver the same one."""
    sent = 0
    for tenant_id in tenant_ids:
        repo = NotificationRepository(tenant_id)
        pending = await repo.query().filter(sent_at=None).exclude(channel="in_app").limit(limit)
        for notification in pending:
            claimed = (
                await repo.query()
                .filter(id=notification.id, sent_at=None)
                .update(sent_at=datetime.now(UTC))
            )
            if not claimed:
                continue
            try:
                await sender.send(notification)
                sent += 1
            except Exception:
                log.exception("sending notification %s failed; will retry", notification.id)
                await repo.query().filter(id=notification.id).update(sent_at=None)
    return sent
