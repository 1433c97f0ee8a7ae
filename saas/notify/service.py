"""Notifications: written once per event (a unique key per tenant), read in the
app, and delivered to external channels by a sender."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import orjson
from tortoise.queryset import QuerySet

from saas.errors import NotFound
from saas.models import Notification
from saas.notify.repository import NotificationRepository
from saas.notify.shown import shown_data
from saas.tenancy.actor import Actor
from saas.tenancy.rls import system_transaction

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
                    # Listed in the app only: sms and wechat rows go to a sender.
                    "shown_data": shown_data(m.data) if m.channel == "in_app" else None,
                    # Per recipient: several managers hear of the same event.
                    "dedup_key": f"{m.dedup_key}@{m.user_id}",
                }
                for m in items
            ]
        )


def notifications_of(actor: Actor, unread_only: bool = False) -> QuerySet[Notification]:
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
    """Deliver unsent external messages, each claimed and sent in a transaction
    of its own: a second sender skips a claimed message, and a crash re-sends at
    most the one message in flight (with the same `dedup_key`, which a sender
    passes to its provider as the idempotency key), never the ones before it."""
    sent = 0
    for tenant_id in tenant_ids:
        repo = NotificationRepository(tenant_id)
        async with system_transaction():
            pending = await (
                repo.query()
                .filter(sent_at=None)
                .exclude(channel="in_app")
                .order_by("id")
                .limit(limit)
                .values_list("id", flat=True)
            )
        for notification_id in pending:
            try:
                async with system_transaction():
                    claimed = (
                        await repo.query()
                        .filter(id=notification_id, sent_at=None)
                        .update(sent_at=datetime.now(UTC))
                    )
                    if claimed:
                        await sender.send(await repo.query().get(id=notification_id))
                        sent += 1
            except Exception:
                # The claim rolled back with the failure: the next run retries.
                log.exception("sending notification %s failed; will retry", notification_id)
    return sent


async def get_notification(actor: Actor, notification_id: int) -> Notification:
    """One of the caller's notifications."""
    notification = await notifications_of(actor).get_or_none(id=notification_id)
    if notification is None:
        raise NotFound("notification", notification_id)
    return notification
