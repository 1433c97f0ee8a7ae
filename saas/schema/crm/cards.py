"""Customer cards and their sign-off: submitCustomerCard, signCustomerCard,
returnCustomerCard, enterCustomerCard, and the customerCards queues."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from saas import models
from saas.crm import cards as service
from saas.schema.context import Info
from saas.schema.crm.types import Customer, IntentGrade
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    RefusedOrConflict,
    member_for,
    result_union,
)
from saas.schema.identity.types import User, loaded_user
from saas.schema.inputs import global_ids
from saas.schema.mutations import mutation
from saas.schema.org.types import Store, loaded_store
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import conditions, listing
from saas.schema.relay import Node, from_row, to_global_id

CardState = described_enum(
    service.CardState,
    name="CustomerCardState",
    description="Where a customer card stands in its review.",
    values={
        "DRAFTED": "Submitted by the consultant; waiting for the showroom manager's signature.",
        "SIGNED": "Signed by the showroom manager; waiting for the customer administrator.",
        "RETURNED": "Returned by the showroom manager with a comment; the consultant fixes the "
        "lead and submits again.",
        "ENTERED": "Entered by the customer administrator; the review is done.",
    },
)


@strawberry.type(
    description="A lead's customer card as of its first contact, and its sign-off: drafted by "
    "the consultant, signed (or returned) by the showroom manager, entered by the customer "
    "administrator."
)
@described
class CustomerCard(Node):
    """
    Attributes:
        lead_id: The lead the card is for.
        state: Where the card stands in its review.
        intent_grade: The grade the consultant gave after the first contact.
        next_follow_up_at: The next follow-up planned on the card.
        next_follow_up_reason: What the next follow-up is for.
        first_contact_at: When the lead was first contacted.
        state_since: When the card reached its state.
        waiting_hours: Hours since the card reached its state (its age in the queue), rounded
            down.
        submitted_at: When the consultant last submitted the card.
        signed_at: When the showroom manager signed it; null until then.
        returned_at: When the showroom manager last returned it; null when never returned.
        return_comment: What the showroom manager asked to fix when last returning it.
        entered_at: When the customer administrator entered it; null until then.
        version: Grows by one with every step.
    """

    lead_id: strawberry.ID
    state: CardState
    intent_grade: IntentGrade
    next_follow_up_at: datetime
    next_follow_up_reason: str
    first_contact_at: datetime
    state_since: datetime
    waiting_hours: int
    submitted_at: datetime
    signed_at: datetime | None
    returned_at: datetime | None
    return_comment: str | None
    entered_at: datetime | None
    version: int
    _row: strawberry.Private[models.CustomerCard]

    @strawberry.field(description="The customer of the lead.")
    async def customer(self, info: Info) -> Customer | None:
        row = await info.context.loaders.customer_by_id.load(self._row.customer_id)
        return Customer.from_model(row) if row else None

    @strawberry.field(description="The lead's store.")
    async def store(self, info: Info) -> Store | None:
        return await loaded_store(info, self._row.store_id)

    @strawberry.field(description="The consultant whose card it is (the lead's owner).")
    async def consultant(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.consultant_id)

    @strawberry.field(description="Who last submitted the card.")
    async def submitted_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.submitted_by_id)

    @strawberry.field(description="Who signed the card; null until signed.")
    async def signed_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.signed_by_id)

    @strawberry.field(description="Who last returned the card; null when never returned.")
    async def returned_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.returned_by_id)

    @strawberry.field(description="Who entered the card; null until entered.")
    async def entered_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.entered_by_id)

    @classmethod
    def from_model(cls, m: models.CustomerCard) -> CustomerCard:
        return from_row(
            cls,
            m,
            lead_id=to_global_id("Lead", m.lead_id),
            waiting_hours=int((datetime.now(UTC) - m.state_since).total_seconds() // 3600),
            _row=m,
        )


@member_for(service.CardInWrongState)
@strawberry.type(description="The card is not in the state this step needs; nothing was changed.")
@described
class CustomerCardStateError:
    """
    Attributes:
        message: What state the card is in and what happens next.
        state: The state the card is in.
    """

    message: str
    state: CardState


CustomerCardResult = result_union(
    "CustomerCardResult",
    CustomerCard | CustomerCardStateError | RefusedOrConflict,
    "The card after the step, or why nothing was changed.",
)


@strawberry.input(description="Submit a lead's customer card for sign-off.")
@described
class SubmitCustomerCardInput:
    """
    Attributes:
        lead_id: The lead (one you own) after its first contact; its grade, next follow-up
            and reason go on the card. A returned card is submitted again the same way.
    """

    lead_id: strawberry.ID


@strawberry.input(description="A customer card to sign or enter.")
@described
class CustomerCardInput:
    """
    Attributes:
        card_id: The customer card.
    """

    card_id: strawberry.ID


@strawberry.input(description="Return a customer card to the consultant.")
@described
class ReturnCustomerCardInput:
    """
    Attributes:
        card_id: The customer card, waiting for sign-off.
        comment: What the consultant should fix (at most 500 characters).
    """

    card_id: strawberry.ID
    comment: str


global_ids(SubmitCustomerCardInput, lead_id="Lead")
global_ids(CustomerCardInput, card_id="CustomerCard")
global_ids(ReturnCustomerCardInput, card_id="CustomerCard")


@strawberry.type
@described
class CustomerCardMutations:
    """
    Attributes:
        submit_customer_card: Submit a lead's customer card (after its first contact) for the
            showroom manager's signature, or submit a returned card again.
        sign_customer_card: Sign a customer card waiting for sign-off (showroom manager of its
            store).
        return_customer_card: Return a customer card waiting for sign-off to its consultant with a
            comment (showroom manager of its store).
        enter_customer_card: Enter a signed customer card (customer administrator of its store).
    """

    submit_customer_card = mutation(
        CustomerCardResult,
        requires("customer_card", "submit"),
        input=(SubmitCustomerCardInput, "The lead."),
        run=service.submit_card,
        answer=CustomerCard.from_model,
    )

    sign_customer_card = mutation(
        CustomerCardResult,
        requires("customer_card", "sign"),
        input=(CustomerCardInput, "The card."),
        run=service.sign_card,
        answer=CustomerCard.from_model,
    )

    return_customer_card = mutation(
        CustomerCardResult,
        requires("customer_card", "sign"),
        input=(ReturnCustomerCardInput, "The card and what to fix."),
        run=service.return_card,
        answer=CustomerCard.from_model,
    )

    enter_customer_card = mutation(
        CustomerCardResult,
        requires("customer_card", "enter"),
        input=(CustomerCardInput, "The card."),
        run=service.enter_card,
        answer=CustomerCard.from_model,
    )


@strawberry.input(description="Narrow the customer cards; all given conditions must hold.")
@described
class CustomerCardFilter:
    """
    Attributes:
        store_id: Only cards of this store.
        state: Only cards in this state: DRAFTED is the showroom manager's sign-off queue,
            SIGNED the customer administrator's entry queue.
    """

    store_id: strawberry.ID | None = None
    state: CardState | None = None


global_ids(CustomerCardFilter, store_id="Store")


@strawberry.type
@described
class CustomerCardQueries:
    """
    Attributes:
        customer_cards: Customer cards you may see (your own, or your stores'), longest waiting
            first.
    """

    customer_cards = listing(
        CustomerCard,
        requires("customer_card", "read"),
        service.cards_visible_to,
        order=Order("state_since"),
        filter=conditions(CustomerCardFilter, service.CardFilter),
    )
