"""Queries on webhook endpoints and deliveries, scoped to their owner: one
dealer group or one OEM (row-level security enforces the same)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from saas.models import OemWebhookDelivery, WebhookDelivery, WebhookEndpoint
from saas.models.events import DELIVERY_MODELS, AnyDelivery
from saas.tenancy.scoped import ById, OfModel

W = TypeVar("W", WebhookEndpoint, WebhookDelivery, OemWebhookDelivery)


@dataclass(frozen=True)
class Party:
    """Who owns an endpoint: a dealer group or an OEM, never both."""

    tenant_id: int | None = None
    oem_id: int | None = None

    def owns(self) -> dict[str, Any]:
        if self.tenant_id is not None:
            return {"tenant_id": self.tenant_id}
        return {"oem_id": self.oem_id, "tenant_id": None}


class _PartyRepository(OfModel, ById[W]):
    """Rows of `model` that one party owns."""

    model: ClassVar[type[Model]]

    def __init__(self, party: Party) -> None:
        self.party = party

    def query(self) -> QuerySet[W]:
        return self.model.filter(**self.party.owns())  # type: ignore[return-value]


class EndpointRepository(_PartyRepository[WebhookEndpoint]):
    async def create(self, **values: Any) -> WebhookEndpoint:
        return await WebhookEndpoint.create(
            tenant_id=self.party.tenant_id, oem_id=self.party.oem_id, **values
        )


class DeliveryRepository(_PartyRepository[Any]):
    """A dealer group's deliveries, or an OEM's: a table each."""

    def query(self) -> QuerySet[Any]:
        if self.party.tenant_id is not None:
            return WebhookDelivery.filter(tenant_id=self.party.tenant_id)
        return OemWebhookDelivery.filter(oem_id=self.party.oem_id)


def delivery_model(tenant_id: int | None) -> type[AnyDelivery]:
    """The table of a delivery to an endpoint of `tenant_id` (None: an OEM's)."""
    return WebhookDelivery if tenant_id is not None else OemWebhookDelivery


# System-side queries of the delivery job (inside a system transaction).


async def endpoints_for_event(tenant_id: int, oem_id: int | None, before: datetime) -> list[Any]:
    """Active endpoints of the event's dealer group, and of the OEM that
    distributed the lead, that existed when the event happened."""
    owners = Q(tenant_id=tenant_id)
    if oem_id is not None:
        owners |= Q(oem_id=oem_id, tenant_id=None)
    return list(await WebhookEndpoint.filter(owners, status="active", created_at__lte=before))


async def create_delivery(
    *, tenant_id: int | None, oem_id: int | None, **values: Any
) -> AnyDelivery | None:
    """One delivery per endpoint and event, in the endpoint owner's table: a
    second fan-out creates nothing."""
    if tenant_id is not None:
        model: type[AnyDelivery] = WebhookDelivery
        values["tenant_id"] = tenant_id
    else:
        model, values["oem_id"] = OemWebhookDelivery, oem_id
    existing = await model.get_or_none(
        endpoint_id=values["endpoint_id"], event_id=values["event_id"], key=values["key"]
    )
    if existing is not None:
        return None
    return await model.create(**values)


# The system side below reads both tables; their ids come from one sequence,
# so an id matches one delivery in one of them.


async def pending_of_event(event_id: int, event_tenant_id: int) -> list[int]:
    ids: list[int] = []
    for model in DELIVERY_MODELS:
        rows = await model.filter(
            event_id=event_id, event_tenant_id=event_tenant_id, status="pending"
        ).values_list("id", flat=True)
        ids += [int(i) for i in rows]  # type: ignore[call-overload]
    return sorted(ids)


async def due_deliveries(now: datetime, limit: int) -> list[int]:
    ids: list[int] = []
    for model in DELIVERY_MODELS:
        rows = (
            await model.filter(
                Q(next_attempt_at=None) | Q(next_attempt_at__lte=now), status="pending"
            )
            .order_by("id")
            .limit(limit)
            .values_list("id", flat=True)
        )
        ids += [int(i) for i in rows]  # type: ignore[call-overload]
    return sorted(ids)[:limit]


async def claim_attempt(delivery_id: int, now: datetime, lease_until: datetime) -> bool:
    """Take a due delivery for one attempt; the lease keeps other workers off it."""
    claimed = 0
    for model in DELIVERY_MODELS:
        claimed += await model.filter(
            Q(next_attempt_at=None) | Q(next_attempt_at__lte=now), id=delivery_id, status="pending"
        ).update(next_attempt_at=lease_until)
    return bool(claimed)


async def delivery_with_endpoint(delivery_id: int) -> tuple[AnyDelivery, WebhookEndpoint]:
    delivery: AnyDelivery | None = await WebhookDelivery.get_or_none(id=delivery_id)
    if delivery is None:
        delivery = await OemWebhookDelivery.get(id=delivery_id)
    return delivery, await WebhookEndpoint.get(id=delivery.endpoint_id)


async def save_delivery(delivery_id: int, **values: Any) -> None:
    for model in DELIVERY_MODELS:
        await model.filter(id=delivery_id).update(**values)


async def save_endpoint(endpoint_id: int, **values: Any) -> None:
    await WebhookEndpoint.filter(id=endpoint_id).update(**values)


async def endpoints_of(delivery_ids: list[int]) -> dict[int, list[int]]:
    """The deliveries by endpoint, oldest first."""
    rows: list[tuple[int, int]] = []
    for model in DELIVERY_MODELS:
        rows += await model.filter(id__in=delivery_ids).values_list("endpoint_id", "id")
    by_endpoint: dict[int, list[int]] = {}
    for endpoint_id, delivery_id in sorted(rows, key=lambda row: row[1]):
        by_endpoint.setdefault(int(endpoint_id), []).append(int(delivery_id))
    return by_endpoint
