"""GraphQL types of organisations: OEMs, dealer groups, stores."""

from __future__ import annotations

from datetime import datetime

import strawberry

from saas import models
from saas.schema.limits import MaxItems
from saas.schema.relay import Node, to_global_id
from saas.validation import DAYS


@strawberry.type(description="Opening hours of one weekday (local time of the store).")
class OpeningHours:
    day: str = strawberry.field(description="mon, tue, wed, thu, fri, sat or sun.")
    opens: str = strawberry.field(description="HH:MM")
    closes: str = strawberry.field(description="HH:MM")


@strawberry.input(description="Opening hours of one weekday (local time of the store).")
class OpeningHoursInput:
    day: str = strawberry.field(description="mon, tue, wed, thu, fri, sat or sun.")
    opens: str = strawberry.field(description="HH:MM")
    closes: str = strawberry.field(description="HH:MM")


@strawberry.type(description="One dealership (4S store) of a dealer group.")
class Store(Node):
    code: str = strawberry.field(description="Short code, unique within the dealer group.")
    name: str = strawberry.field(description="Display name of the store.")
    region: str = strawberry.field(description="Sales region, e.g. East China.")
    city: str = strawberry.field(description="City the store is in.")
    timezone: str = strawberry.field(description="IANA time zone; day boundaries follow it.")
    brands: list[str] = strawberry.field(description="Car brands the store sells.")
    opening_hours: list[OpeningHours] = strawberry.field(
        description="Closed days are absent.", directives=[MaxItems(count=7)]
    )
    is_active: bool = strawberry.field(
        description="False for a closed store: it receives no OEM leads and no daily reminder "
        "lists."
    )
    created_at: datetime = strawberry.field(
        description="When the store was created (UTC, ISO-8601)."
    )

    @classmethod
    def from_model(cls, store: models.Store) -> Store:
        hours = store.opening_hours or {}
        return cls(
            id=to_global_id("Store", store.id),
            code=store.code,
            name=store.name,
            region=store.region,
            city=store.city,
            timezone=store.timezone,
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
class DealerGroup(Node):
    code: str = strawberry.field(description="Short code of the group, unique across the service.")
    name: str = strawberry.field(description="Display name of the group.")
    is_active: bool = strawberry.field(
        description="False for a suspended tenant: scheduled jobs (SLA sweep, reminders, reports)"
        " skip it."
    )
    created_at: datetime = strawberry.field(
        description="When the group was created (UTC, ISO-8601)."
    )

    @classmethod
    def from_model(cls, group: models.DealerGroup) -> DealerGroup:
        return cls(
            id=to_global_id("DealerGroup", group.id),
            code=group.code,
            name=group.name,
            is_active=group.is_active,
            created_at=group.created_at,
        )


@strawberry.type(description="A car maker's head office, distributing leads to its dealers.")
class Oem(Node):
    code: str = strawberry.field(
        description="Short code of the car maker, unique across the service."
    )
    name: str = strawberry.field(description="Display name of the car maker's head office.")
    brands: list[str] = strawberry.field(
        description="Brands the OEM makes; its leads go to stores that sell one of them."
    )
    created_at: datetime = strawberry.field(description="When the OEM was created (UTC, ISO-8601).")

    @classmethod
    def from_model(cls, oem: models.Oem) -> Oem:
        return cls(
            id=to_global_id("Oem", oem.id),
            code=oem.code,
            name=oem.name,
            brands=list(oem.brands),
            created_at=oem.created_at,
        )
