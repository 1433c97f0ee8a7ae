"""GraphQL types of organisations: OEMs, dealer groups, stores."""

from __future__ import annotations

from datetime import datetime

import strawberry

from saas import models
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.limits import MaxItems
from saas.schema.relations import target
from saas.schema.relay import Node, from_row
from saas.validation import DAYS


@strawberry.type(description="Opening hours of one weekday (local time of the store).")
@described
class OpeningHours:
    """
    Attributes:
        day: mon, tue, wed, thu, fri, sat or sun.
        opens: HH:MM
        closes: HH:MM
    """

    day: str
    opens: str
    closes: str


# The same three fields, as a store's create or update input takes them.
@strawberry.input(description="Opening hours of one weekday (local time of the store).")
class OpeningHoursInput(OpeningHours):
    pass


@target
@strawberry.type(description="One dealership (4S store) of a dealer group.")
@described
class Store(Node):
    """
    Attributes:
        code: Short code, unique within the dealer group.
        name: Display name of the store.
        region: Sales region, e.g. East China.
        city: City the store is in.
        timezone: IANA time zone; day boundaries follow it.
        brands: Car brands the store sells.
        is_active: False for a closed store: it receives no OEM leads and no daily reminder lists.
        created_at: When the store was created (UTC, ISO-8601).
    """

    code: str
    name: str
    region: str
    city: str
    timezone: str
    brands: list[str]
    opening_hours: list[OpeningHours] = strawberry.field(
        description="Closed days are absent.", directives=[MaxItems(count=7)]
    )
    is_active: bool
    created_at: datetime

    @classmethod
    def from_model(cls, store: models.Store) -> Store:
        hours = store.opening_hours or {}
        return from_row(
            cls,
            store,
            brands=list(store.brands),
            opening_hours=[
                OpeningHours(day=d, opens=hours[d][0], closes=hours[d][1])
                for d in DAYS
                if d in hours
            ],
            is_active=store.is_active,
            created_at=store.created_at,
        )


@strawberry.type(description="A dealer group: one tenant of the service, owning its stores.")
@described
class DealerGroup(Node):
    """
    Attributes:
        code: Short code of the group, unique across the service.
        name: Display name of the group.
        is_active: False for a suspended tenant: scheduled jobs (SLA sweep, reminders, reports) skip
            it.
        created_at: When the group was created (UTC, ISO-8601).
    """

    code: str
    name: str
    is_active: bool
    created_at: datetime

    @classmethod
    def from_model(cls, group: models.DealerGroup) -> DealerGroup:
        return from_row(cls, group)


@strawberry.type(description="A car maker's head office, distributing leads to its dealers.")
@described
class Oem(Node):
    """
    Attributes:
        code: Short code of the car maker, unique across the service.
        name: Display name of the car maker's head office.
        brands: Brands the OEM makes; its leads go to stores that sell one of them.
        created_at: When the OEM was created (UTC, ISO-8601).
    """

    code: str
    name: str
    brands: list[str]
    created_at: datetime

    @classmethod
    def from_model(cls, oem: models.Oem) -> Oem:
        return from_row(cls, oem, brands=list(oem.brands))


async def loaded_store(info: Info, store_id: int | None) -> Store | None:
    """The store a row names through the request's loader, so a page of rows
    reads its stores at once; null when the row names none."""
    if store_id is None:
        return None
    row = await info.context.loaders.store_by_id.load(store_id)
    return Store.from_model(row) if row else None


async def loaded_dealer_group(info: Info, group_id: int | None) -> DealerGroup | None:
    """The dealer group a row names through the request's loader; null when
    the row names none."""
    if group_id is None:
        return None
    row = await info.context.loaders.dealer_group_by_id.load(group_id)
    return DealerGroup.from_model(row) if row else None


async def loaded_oem(info: Info, oem_id: int | None) -> Oem | None:
    """The OEM a row names through the request's loader; null when the row
    names none."""
    if oem_id is None:
        return None
    row = await info.context.loaders.oem_by_id.load(oem_id)
    return Oem.from_model(row) if row else None
