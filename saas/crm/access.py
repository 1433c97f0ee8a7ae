"""Who may see or change which CRM rows. Object-level checks live here, next
to the services, not inline in resolvers."""

from __future__ import annotations

from saas.crm.repository import CustomerRepository, LeadRepository
from saas.errors import Forbidden, NotFound, ValidationFailed
from saas.models import Customer, Lead, Store
from saas.org.repository import StoreRepository
from saas.tenancy.actor import Actor, row_scope
from saas.tenancy.scoped import RowScope


def tenant_of(actor: Actor) -> int:
    if actor.tenant_id is None:
        raise Forbidden("the CRM belongs to dealer groups; this account has none")
    return actor.tenant_id


def lead_scope(actor: Actor, *, write: bool = False) -> RowScope:
    return row_scope(actor, "lead", "update" if write else "read")


def customer_scope(actor: Actor, *, write: bool = False) -> RowScope:
    return row_scope(actor, "customer", "update" if write else "read")


async def visible_lead(actor: Actor, lead_id: int, *, write: bool = False) -> Lead:
    """The lead if the actor may see it (or, with `write`, change it)."""
    lead = await LeadRepository.for_scope(lead_scope(actor, write=write)).get(lead_id)
    if lead is None:
        if write and await LeadRepository.for_scope(lead_scope(actor)).get(lead_id):
            raise Forbidden("you can only change leads you own; ask your showroom manager")
        raise NotFound("lead", lead_id)
    return lead


async def visible_customer(actor: Actor, customer_id: int, *, write: bool = False) -> Customer:
    repo = CustomerRepository.for_scope(customer_scope(actor, write=write))
    customer = await repo.get(customer_id)
    if customer is None:
        if write and await CustomerRepository.for_scope(customer_scope(actor)).get(customer_id):
            raise Forbidden("you can only change customers you own; ask your showroom manager")
        raise NotFound("customer", customer_id)
    return customer


async def store_for(
    actor: Actor, store_id: int, resource: str, action: str, *, field: str | None = None
) -> Store:
    """A store of the actor's tenant where it may do `resource:action`. With
    `field`, an unknown store is a validation error on that input field. A
    store the actor may not see (one of its group's other stores, for a store
    role) answers exactly as a missing one: its code is not told."""
    store = await StoreRepository(tenant_of(actor)).get(store_id)
    if store is not None and not actor.can(resource, action, store_id=store.id):
        visible = actor.store_ids_with("store", "read")
        if visible is not None and store.id not in visible:
            store = None
    if store is None:
        if field is not None:
            raise ValidationFailed.one(
                field, f"store {store_id} does not exist in your dealer group"
            )
        raise NotFound("store", store_id)
    if not actor.can(resource, action, store_id=store.id):
        raise Forbidden(f"you need {resource}:{action} in store {store.code}")
    return store


def owns_customer(actor: Actor, customer: Customer) -> bool:
    return actor.user_id is not None and customer.owner_id == actor.user_id


def can_see_phone(actor: Actor, customer: Customer) -> bool:
    """The full number is shown only to the customer's owner; others with the
    reveal permission must reveal it explicitly (which is recorded)."""
    return owns_customer(actor, customer)
