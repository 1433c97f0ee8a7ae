"""Messages sent to customers, and the store's message log managers read."""

from __future__ import annotations

from datetime import datetime

import strawberry

from saas import models
from saas.crm import messages as service
from saas.crm.phones import mask_phone
from saas.schema.context import Info
from saas.schema.crm.types import Customer
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.identity.types import User
from saas.schema.inputs import global_ids
from saas.schema.org.types import Store, loaded_store
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import conditions, listing
from saas.schema.relay import Node, from_row, optional_global_id

MessageKind = described_enum(
    service.MessageKind,
    name="CustomerMessageKind",
    description="Why a message was sent to a customer.",
    values={"THANK_YOU": "The thank-you after a showroom visit (within two hours of it)."},
)
MessageChannel = described_enum(
    service.MessageChannel,
    description="How a message reached the customer.",
    values={"SMS": "A text message to the customer's phone.", "WECHAT": "A WeChat message."},
)


@strawberry.type(description="A message sent to a customer, recorded once when it was sent.")
@described
class CustomerMessage(Node):
    """
    Attributes:
        kind: Why it was sent.
        channel: How it was sent.
        text: The text the customer received.
        sent_at: When it was handed to the channel for sending (UTC, ISO-8601).
        recipient: The phone it went to, masked (138****1234).
        trigger: What sent it: the job crm.thank_you after the visit was logged, or
            crm.thank_you_sweep when that job was lost.
        lead_id: The lead it concerns; null when none.
        follow_up_id: The follow-up (the showroom visit) it answers; null when none.
    """

    kind: MessageKind
    channel: MessageChannel
    text: str
    sent_at: datetime
    recipient: str
    trigger: str
    lead_id: strawberry.ID | None
    follow_up_id: strawberry.ID | None
    _row: strawberry.Private[models.CustomerMessage]

    @strawberry.field(description="The customer it went to.")
    async def customer(self, info: Info) -> Customer | None:
        row = await info.context.loaders.customer_by_id.load(self._row.customer_id)
        return Customer.from_model(row) if row else None

    @strawberry.field(description="The store it was sent for.")
    async def store(self, info: Info) -> Store | None:
        return await loaded_store(info, self._row.store_id)

    @strawberry.field(
        description="The consultant it was sent on behalf of (who logged the visit); null when "
        "none."
    )
    async def consultant(self, info: Info) -> User | None:
        if self._row.user_id is None:
            return None
        row = await info.context.loaders.user_by_id.load(self._row.user_id)
        return User.from_model(row) if row else None

    @classmethod
    def from_model(cls, m: models.CustomerMessage) -> CustomerMessage:
        return from_row(
            cls,
            m,
            recipient=mask_phone(m.recipient),
            lead_id=optional_global_id("Lead", m.lead_id),
            follow_up_id=optional_global_id("FollowUp", m.follow_up_id),
            _row=m,
        )


@strawberry.input(description="Narrow the message log; all given conditions must hold.")
@described
class CustomerMessageFilter:
    """
    Attributes:
        store_id: Only messages sent for this store.
        customer_id: Only messages to this customer.
        kind: Only this kind.
        channel: Only messages sent this way.
        sent_from: Only messages sent at or after this time (include the offset).
        sent_to: Only messages sent before this time (exclusive).
    """

    store_id: strawberry.ID | None = None
    customer_id: strawberry.ID | None = None
    kind: MessageKind | None = None
    channel: MessageChannel | None = None
    sent_from: datetime | None = None
    sent_to: datetime | None = None


global_ids(CustomerMessageFilter, store_id="Store", customer_id="Customer")


@strawberry.type
@described
class CustomerMessageQueries:
    """
    Attributes:
        customer_messages: What was sent to customers of the stores you manage, newest first.
    """

    customer_messages = listing(
        CustomerMessage,
        requires("customer_message", "read"),
        service.message_log,
        order=Order("sent_at", descending=True),
        filter=conditions(CustomerMessageFilter, service.MessageFilter),
    )
