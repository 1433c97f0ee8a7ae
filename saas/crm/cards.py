"""Customer cards and their sign-off. After the first contact with a lead the
consultant submits the lead's customer card (its grade, the next follow-up
and its reason, as the lead holds them); the showroom manager signs it or
returns it with a comment (the consultant fixes the lead and submits again);
the customer administrator enters the signed card the same day. Each step
records who and when; the daily report counts cards left waiting a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from saas.crm.access import tenant_of, visible_lead
from saas.crm.repository import CustomerCardRepository
from saas.crm.vocabulary import LeadStatus
from saas.errors import Conflict, Forbidden, ValidationFailed
from saas.models import CustomerCard
from saas.query import where
from saas.tenancy.actor import Actor, row_scope

# Signing and entering are each due within a day of the step before.
REVIEW_WITHIN = timedelta(days=1)
MAX_COMMENT = 500


class CardState(StrEnum):
    DRAFTED = "drafted"  # submitted, waiting for the showroom manager
    SIGNED = "signed"  # waiting for the customer administrator
    RETURNED = "returned"  # back with the consultant, with a comment
    ENTERED = "entered"  # done

    @property
    def next_step(self) -> str:
        return {
            CardState.DRAFTED: "the showroom manager signs it or returns it with a comment",
            CardState.SIGNED: "the customer administrator enters it",
            CardState.RETURNED: "the consultant fixes the lead and submits the card again",
            CardState.ENTERED: "nothing: the card is done",
        }[self]


class CardInWrongState(Conflict):
    """A step asked of a card whose state does not allow it."""

    def __init__(self, card: CustomerCard, step: str) -> None:
        self.state = CardState(card.state)
        super().__init__(
            f"cannot {step} this card: it is {self.state.value}; next, {self.state.next_step}"
        )


def _read_scope(actor: Actor) -> CustomerCardRepository:
    return CustomerCardRepository.for_scope(row_scope(actor, "customer_card", "read"))


async def visible_card(actor: Actor, card_id: int) -> CustomerCard:
    """A card the actor may see: its own (a consultant) or its stores' (managers,
    customer administrators, executives)."""
    card = await _read_scope(actor).require(card_id, "customer card")
    return card


async def _card_to(actor: Actor, card_id: int, action: str) -> CustomerCard:
    """The card, locked, if the actor may `action` it in the card's store."""
    card = await visible_card(actor, card_id)
    if not actor.can("customer_card", action, store_id=card.store_id):
        raise Forbidden(f"you need customer_card:{action} in the card's store")
    locked = await (
        CustomerCardRepository(card.tenant_id).query().select_for_update().get(id=card.id)
    )
    return locked


async def submit_card(actor: Actor, lead_id: int, *, now: datetime | None = None) -> CustomerCard:
    """Submit the lead's customer card for sign-off (again, once returned),
    from what the lead holds after its first contact."""
    now = now or datetime.now(UTC)
    tenant_of(actor)
    lead = await visible_lead(actor, lead_id, write=True)
    if not actor.can("customer_card", "submit", store_id=lead.store_id):
        raise Forbidden("you need customer_card:submit in the lead's store")
    if lead.first_follow_up_at is None:
        raise ValidationFailed.one(
            "lead_id", "the lead has had no contact yet: log the first follow-up, then submit"
        )
    if lead.status != LeadStatus.OPEN:
        raise ValidationFailed.one(
            "lead_id", f"the lead is {lead.status.replace('_', ' ')}; only open leads get a card"
        )
    if lead.next_follow_up_at is None or not lead.next_follow_up_reason:
        raise ValidationFailed.one(
            "lead_id", "plan the next follow-up with its reason (log a follow-up), then submit"
        )
    repo = CustomerCardRepository(lead.tenant_id)
    card = await repo.query().select_for_update().get_or_none(lead_id=lead.id)
    snapshot: dict[str, object] = {
        "consultant_id": lead.owner_id,
        "intent_grade": lead.intent_grade,
        "next_follow_up_at": lead.next_follow_up_at,
        "next_follow_up_reason": lead.next_follow_up_reason,
        "first_contact_at": lead.first_follow_up_at,
        "state": CardState.DRAFTED.value,
        "state_since": now,
        "submitted_at": now,
        "submitted_by_id": actor.user_id,
    }
    if card is None:
        return await repo.create(
            store_id=lead.store_id, lead_id=lead.id, customer_id=lead.customer_id, **snapshot
        )
    if card.state != CardState.RETURNED:
        raise CardInWrongState(card, "submit")
    # The return comment stays: it says what the resubmission fixed.
    return await repo.update(card, **snapshot, version=card.version + 1)


async def sign_card(actor: Actor, card_id: int, *, now: datetime | None = None) -> CustomerCard:
    """The showroom manager signs a drafted card of its store."""
    card = await _card_to(actor, card_id, "sign")
    if card.state != CardState.DRAFTED:
        raise CardInWrongState(card, "sign")
    return await _step(card, CardState.SIGNED, "signed", actor, now)


async def return_card(
    actor: Actor, card_id: int, comment: str, *, now: datetime | None = None
) -> CustomerCard:
    """The showroom manager returns a drafted card to the consultant with what to fix."""
    comment = comment.strip()
    if not comment:
        raise ValidationFailed.one("comment", "say what the consultant should fix")
    if len(comment) > MAX_COMMENT:
        raise ValidationFailed.one("comment", f"at most {MAX_COMMENT} characters")
    card = await _card_to(actor, card_id, "sign")
    if card.state != CardState.DRAFTED:
        raise CardInWrongState(card, "return")
    return await _step(card, CardState.RETURNED, "returned", actor, now, return_comment=comment)


async def enter_card(actor: Actor, card_id: int, *, now: datetime | None = None) -> CustomerCard:
    """The customer administrator enters a signed card."""
    card = await _card_to(actor, card_id, "enter")
    if card.state != CardState.SIGNED:
        raise CardInWrongState(card, "enter")
    return await _step(card, CardState.ENTERED, "entered", actor, now)


async def _step(
    card: CustomerCard,
    to: CardState,
    done: str,
    actor: Actor,
    now: datetime | None,
    **more: object,
) -> CustomerCard:
    """The card moves to `to`: since now, `<done>_at` and `<done>_by_id` say when and by whom."""
    now = now or datetime.now(UTC)
    return await CustomerCardRepository(card.tenant_id).update(
        card,
        state=to.value,
        state_since=now,
        version=card.version + 1,
        **{f"{done}_at": now, f"{done}_by_id": actor.user_id},
        **more,
    )


@dataclass(frozen=True)
class CardFilter:
    store_id: int | None = None
    state: CardState | None = None


def cards_visible_to(actor: Actor, f: CardFilter) -> QuerySet[CustomerCard]:
    """The cards the actor may see, narrowed by `f`: with state drafted, the
    manager's sign-off queue; with state signed, the administrator's entry queue."""
    return where(_read_scope(actor).query(), store_id=f.store_id, state=f.state)


@dataclass(frozen=True)
class CardsLate:
    """At the end of a day: cards submitted over a day before and not signed by
    then, and cards signed over a day before and not entered by then."""

    not_signed: int
    not_entered: int


async def cards_late(tenant_id: int, store_id: int, at: datetime) -> CardsLate:
    """The store's cards that, at `at`, had waited over a day for signing or entry."""
    due = at - REVIEW_WITHIN
    qs = CustomerCardRepository(tenant_id).query().filter(store_id=store_id)
    not_signed = await qs.filter(
        Q(signed_at__isnull=True) | Q(signed_at__gt=at), submitted_at__lte=due
    ).count()
    not_entered = await qs.filter(
        Q(entered_at__isnull=True) | Q(entered_at__gt=at), signed_at__lte=due
    ).count()
    return CardsLate(not_signed, not_entered)
