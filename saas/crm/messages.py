"""Messages sent to customers. Each is recorded once (its key) when it is handed
to the sending channel, and shown on the customer's timeline and in the store's
message log; the daily report counts the showroom visits thanked in time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from tortoise.queryset import QuerySet

from saas.crm.access import tenant_of
from saas.crm.repository import CustomerMessageRepository, FollowUpRepository
from saas.crm.vocabulary import FollowUpChannel
from saas.errors import ValidationFailed
from saas.models import CustomerMessage
from saas.query import where
from saas.tenancy.actor import Actor


class MessageKind(StrEnum):
    THANK_YOU = "thank_you"


class MessageChannel(StrEnum):
    SMS = "sms"
    WECHAT = "wechat"


@dataclass(frozen=True)
class OutgoingMessage:
    """A message on its way to a customer; `dedup_key` names the event it
    answers, so a retried or concurrent job records it once."""

    store_id: int
    customer_id: int
    kind: MessageKind
    channel: MessageChannel
    recipient: str
    text: str
    sent_at: datetime
    trigger: str
    dedup_key: str
    lead_id: int | None = None
    follow_up_id: int | None = None
    user_id: int | None = None


async def record_messages(tenant_id: int, messages: list[OutgoingMessage]) -> int:
    """Record messages sent to customers; one already recorded under the same
    key is skipped. Returns how many were new."""
    written = await CustomerMessageRepository(tenant_id).insert_many(
        [
            {
                "created_at": m.sent_at,
                "store_id": m.store_id,
                "customer_id": m.customer_id,
                "lead_id": m.lead_id,
                "follow_up_id": m.follow_up_id,
                "user_id": m.user_id,
                "kind": m.kind.value,
                "channel": m.channel.value,
                "recipient": m.recipient,
                "text": m.text,
                "sent_at": m.sent_at,
                "trigger": m.trigger,
                "dedup_key": m.dedup_key,
            }
            for m in messages
        ],
        returning_ids=True,
    )
    return len(written)


def _repository(actor: Actor) -> CustomerMessageRepository:
    """The messages of the stores where the actor may read the message log."""
    return CustomerMessageRepository(
        tenant_of(actor), actor.store_ids_with("customer_message", "read")
    )


@dataclass(frozen=True)
class MessageFilter:
    store_id: int | None = None
    customer_id: int | None = None
    kind: MessageKind | None = None
    channel: MessageChannel | None = None
    sent_from: datetime | None = None
    sent_to: datetime | None = None


def message_log(actor: Actor, f: MessageFilter) -> QuerySet[CustomerMessage]:
    """The message log of the stores the actor manages, narrowed by `f`."""
    if f.sent_from is not None and f.sent_to is not None and f.sent_to <= f.sent_from:
        raise ValidationFailed.one("filter.sentTo", "must be after sentFrom")
    return where(
        _repository(actor).query(),
        store_id=f.store_id,
        customer_id=f.customer_id,
        kind=f.kind,
        channel=f.channel,
        sent_at__gte=f.sent_from,
        sent_at__lt=f.sent_to,
    )


async def visible_message(actor: Actor, message_id: int) -> CustomerMessage:
    message = await _repository(actor).require(message_id, "message")
    return message


async def messages_to(tenant_id: int, customer_id: int) -> list[CustomerMessage]:
    """Every message sent to one customer (whose visibility the caller checked)."""
    return list(await CustomerMessageRepository(tenant_id).query().filter(customer_id=customer_id))


@dataclass(frozen=True)
class VisitsThanked:
    visits: int
    thanked_in_time: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.thanked_in_time / self.visits, 1) if self.visits else None


async def visits_thanked(
    tenant_id: int, store_id: int, start: datetime, end: datetime, within: timedelta
) -> VisitsThanked:
    """The store's showroom visits in [start, end), and how many of them got
    their thank-you within `within` of the visit."""
    visits = dict(
        await FollowUpRepository(tenant_id)
        .query()
        .filter(
            store_id=store_id,
            channel=FollowUpChannel.SHOWROOM_VISIT.value,
            happened_at__gte=start,
            happened_at__lt=end,
        )
        .values_list("id", "happened_at")
    )
    if not visits:
        return VisitsThanked(0, 0)
    thanked = (
        await CustomerMessageRepository(tenant_id)
        .query()
        .filter(kind=MessageKind.THANK_YOU.value, follow_up_id__in=list(visits))
        .values_list("follow_up_id", "sent_at")
    )
    in_time = {v for v, sent_at in thanked if sent_at - visits[v] <= within}
    return VisitsThanked(len(visits), len(in_time))
