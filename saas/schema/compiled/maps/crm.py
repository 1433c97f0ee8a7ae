"""The customer list, the follow-up list and the consultant's task list:
the root fields `customers`, `followUps` and `myTasks` and the ReminderTask
type, as `saas.schema.crm.queries` and `saas.schema.aftersales.queries`
answer them (Customer and FollowUp are mapped in `maps.leads`)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from saas.aftersales.repository import ReminderTaskRepository
from saas.crm.access import customer_scope, lead_scope
from saas.crm.phones import normalise_phone
from saas.crm.repository import CustomerRepository, FollowUpRepository, LeadRepository
from saas.crm.search import MAX_TEXT
from saas.schema.compiled.mapping import (
    Column,
    Computed,
    Fallback,
    GlobalId,
    Prepared,
    Statement,
    TypeMap,
    Unsupported,
    register,
    register_root,
)
from saas.schema.compiled.roots import (
    ConnectionRoot,
    Equals,
    FilterKey,
    IdIs,
    Scoped,
    Slot,
)
from saas.schema.crm.queries import ORDERS, ListOrder
from saas.schema.pagination import Order
from saas.tenancy.actor import Actor
from saas.tenancy.scoped import RowScope


@dataclass(frozen=True)
class TimeFrom(FilterKey):
    """A time: the column is at or after it (`after=False`: before it, as
    `created_to`). A time without an offset runs on the executor."""

    column: str
    after: bool = True
    pg_type = "timestamptz"

    def value(self, given: Any) -> object | None:
        if given is None:
            return None
        if not isinstance(given, datetime) or given.tzinfo is None:
            raise Fallback(f"{self.column} without a time zone")
        return given

    def condition(self, row: str, placeholder: str) -> str:
        return f'{row}."{self.column}" {">=" if self.after else "<"} {placeholder}'


# --- customers ----------------------------------------------------------------------


def _text(given: Any, limit: int, what: str) -> str | None:
    """A filter text as `filter_customers` takes it (None: no filter); one
    over `limit` (the service's empty list) or holding a NUL (which
    PostgreSQL refuses) runs on the executor."""
    if not given:
        return None
    text = str(given)
    if len(text) > limit:
        raise Fallback(f"a {what} longer than {limit}")
    if "\x00" in text:
        raise Fallback(f"a {what} with a NUL character")
    return text


@dataclass(frozen=True)
class TagIs(FilterKey):
    """`tag`: the customer currently carries this tag of its dealer group
    (exact, case-sensitive; none when empty)."""

    limit: int = 48

    def value(self, given: Any) -> object | None:
        return _text(given, self.limit, "tag")

    def condition(self, row: str, placeholder: str) -> str:
        tag = f"{row}_t"
        return (
            f'{row}."id" IN (SELECT {tag}."customer_id" FROM "customer_tag" {tag} '
            f'WHERE {tag}."tenant_id" = {row}."tenant_id" AND {tag}."tag" = {placeholder} '
            f'AND {tag}."removed_at" IS NULL)'
        )


def _like_contains(text: str) -> str:
    """Tortoise's `icontains` pattern (`escape_like`): `\\`, `%` and `_` taken
    literally, anywhere in the value."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class CustomerSearch(FilterKey):
    """`search` (`search._customer_match` on the stripped text): the name or
    the archive number contains it, case-insensitively as Tortoise's
    `icontains` compares (PostgreSQL's `upper` of both sides, LIKE), or the
    phone is the number it reads as (in full only). The slot holds the
    pattern and the E.164 number (null when the text is not one)."""

    pg_type = "text[]"

    def value(self, given: Any) -> object | None:
        text = _text(given.strip() if isinstance(given, str) else given, MAX_TEXT, "search")
        if text is None:
            return None
        return [_like_contains(text), normalise_phone(text)]

    def condition(self, row: str, placeholder: str) -> str:
        pattern, phone = f"upper(({placeholder})[1])", f"({placeholder})[2]"
        return (
            f"(upper({row}.\"name\"::varchar) LIKE {pattern} ESCAPE '\\' "
            f"OR upper({row}.\"archive_no\"::varchar) LIKE {pattern} ESCAPE '\\' "
            f'OR {row}."phone" = {phone})'
        )


# NEWEST or OLDEST; DUE_SOONEST lists customers newest first.
_CUSTOMER_ORDERS = {
    order.value: ORDERS[order] if order is not ListOrder.DUE_SOONEST else ORDERS[ListOrder.NEWEST]
    for order in ListOrder
}

register_root(
    "customers",
    ConnectionRoot(
        node_type="Customer",
        permission_needed=("customer", "read"),
        # CustomerRepository writes the SQL of its widened scope itself.
        rows=Scoped(CustomerRepository, customer_scope),
        orders=_CUSTOMER_ORDERS,
        # `search.filter_customers`' keys; a text over its column's limit
        # (an empty list there) runs on the executor.
        filters={
            "storeId": IdIs("store_id", "Store"),
            "ownerId": IdIs("owner_id", "User"),
            "city": Equals("city", max_length=48),
            "valueTier": Equals("value_tier", max_length=1),
            "lifecycle": Equals("lifecycle", max_length=12),
            "purchasePotential": Equals("purchase_potential"),
            "creditRating": Equals("credit_rating"),
            "createdFrom": TimeFrom("created_at"),
            "createdTo": TimeFrom("created_at", after=False),
            "tag": TagIs(),
            "search": CustomerSearch(),
        },
        extra_where='{row}."merged_into_id" IS NULL',
    ),
)

# --- follow-ups ---------------------------------------------------------------------


@dataclass(frozen=True)
class VisibleFollowUps(Scoped):
    """`follow_ups_visible_to`: the follow-ups of the whole stores the lead
    scope reaches, of the leads the caller sees."""

    def check(self) -> None:
        for repository in (FollowUpRepository, LeadRepository):
            if not repository.plain_scope():
                raise Unsupported(f"{repository.__name__} has a scope of its own")

    def prepare(self, actor: Actor) -> tuple[Hashable, dict[str, object]]:
        scope = lead_scope(actor)
        leads = LeadRepository.for_scope(scope)
        follow_ups = FollowUpRepository.for_scope(scope.whole_stores())
        values = leads.sql_values()
        values |= {f"follow_up.{k}": v for k, v in follow_ups.sql_values().items()}
        return (leads.sql_shape(), follow_ups.sql_shape()), values

    def condition(self, row: str, shape: Any, slot: Slot) -> str:
        lead_shape, follow_up_shape = shape

        def follow_up_slot(name: str, pg_type: str) -> str:
            return slot(f"follow_up.{name}", pg_type)

        own = FollowUpRepository.sql_condition(row, follow_up_shape, follow_up_slot)
        lead = f"{row}_l"
        of_leads = LeadRepository.sql_condition(lead, lead_shape, slot)
        return (
            f'{own} AND {row}."lead_id" IN (SELECT {lead}."id" FROM "lead" {lead} WHERE {of_leads})'
        )


register_root(
    "followUps",
    ConnectionRoot(
        node_type="FollowUp",
        permission_needed=("follow_up", "read"),
        rows=VisibleFollowUps(FollowUpRepository, lead_scope),
        orders={str(None): Order("id", descending=True)},
        filters={
            "leadId": IdIs("lead_id", "Lead"),
            "storeId": IdIs("store_id", "Store"),
            "userId": IdIs("user_id", "User"),
            "channel": Equals("channel"),
            "happenedFrom": TimeFrom("happened_at"),
            "happenedTo": TimeFrom("happened_at", after=False),
        },
        arguments=frozenset({"first", "after", "last", "before", "filter"}),
    ),
)

# --- the consultant's tasks ---------------------------------------------------------


def _due_date(statement: Statement, row: str) -> str:
    return f"to_char({row}.\"due_date\", 'YYYY-MM-DD')"


REMINDER_TASK = TypeMap(
    "ReminderTask",
    "reminder_task",
    {
        "id": GlobalId("ReminderTask"),
        "kind": Column("kind"),
        "title": Column("title"),
        "dueDate": Computed(_due_date),
        "customerId": GlobalId("Customer", "customer_id"),
        "status": Column("status"),
        "result": Column("result"),
    },
)
register(REMINDER_TASK)


def _group_only(actor: Actor) -> RowScope:
    return RowScope(actor.tenant_id or -1, None)


@dataclass(frozen=True)
class OwnTasks(Scoped):
    """`tasks_of`: the dealer group's tasks of the caller (none for a caller
    without a user, such as an API key)."""

    def prepare(self, actor: Actor) -> tuple[Hashable, dict[str, object]]:
        shape, values = super().prepare(actor)
        return shape, values | {"task_user_id": actor.user_id or -1}

    def condition(self, row: str, shape: Any, slot: Slot) -> str:
        scoped = super().condition(row, shape, slot)
        return f'{scoped} AND {row}."user_id" = {slot("task_user_id", "bigint")}'


@dataclass(frozen=True)
class TaskList(ConnectionRoot):
    """`myTasks(openOnly)`: open tasks only unless openOnly is false."""

    def prepare(self, actor: Actor, arguments: dict[str, Any]) -> Prepared:
        given = {k: v for k, v in arguments.items() if k != "openOnly"}
        given["filter"] = {"status": "open"} if arguments.get("openOnly", True) else {}
        return super().prepare(actor, given)


register_root(
    "myTasks",
    TaskList(
        node_type="ReminderTask",
        permission_needed=("notification", "read"),
        rows=OwnTasks(ReminderTaskRepository, _group_only),
        orders={str(None): Order("id")},
        filters={"status": Equals("status")},
        arguments=frozenset({"first", "after", "last", "before", "openOnly"}),
    ),
)
