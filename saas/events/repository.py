"""Queries on the domain event outbox."""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import Q

from saas.models import DomainEvent, WebhookEndpoint
from saas.models.events import DELIVERY_MODELS
from saas.tenancy.scoped import TenantRepository


class DomainEventRepository(TenantRepository[DomainEvent]): ...


async def unpublished(ids: list[int] | None, older_than: datetime | None, limit: int) -> list[int]:
    """Events not yet handed to live subscribers (inside a system transaction):
    the given ids, or any written before `older_than`."""
    qs = DomainEvent.filter(published_at=None)
    if ids is not None:
        qs = qs.filter(id__in=ids)
    if older_than is not None:
        qs = qs.filter(created_at__lt=older_than)
    rows = await qs.order_by("id").limit(limit).values_list("id", flat=True)
    return [int(i) for i in rows]  # type: ignore[call-overload]


async def claim_for_publishing(event_id: int, now: datetime) -> DomainEvent | None:
    """Mark one event published; None if another process got it first."""
    if not await DomainEvent.filter(id=event_id, published_at=None).update(published_at=now):
        return None
    return await DomainEvent.get_or_none(id=event_id)


async def release(event_id: int) -> None:
    await DomainEvent.filter(id=event_id).update(published_at=None)


async def not_fanned_out(older_than: datetime, limit: int) -> list[tuple[int, int]]:
    """(tenant_id, id) of events whose webhook fan-out never ran (a lost job)."""
    rows = (
        await DomainEvent.filter(fanned_out_at=None, created_at__lt=older_than)
        .order_by("id")
        .limit(limit)
        .values_list("tenant_id", "id")
    )
    return [(int(t), int(i)) for t, i in rows]


async def claim_fan_out(event_id: int, now: datetime) -> DomainEvent | None:
    if not await DomainEvent.filter(id=event_id, fanned_out_at=None).update(fanned_out_at=now):
        return None
    return await DomainEvent.get_or_none(id=event_id)


async def settle_all(tenant_ids: list[int], now: datetime) -> int:
    """Mark the pending events of `tenant_ids` published and fanned out
    (inside a system transaction): for history written by the demo seed,
    which no subscriber or webhook was there to receive."""
    of_them = DomainEvent.filter(tenant_id__in=tenant_ids)
    return int(
        await of_them.filter(published_at=None).update(published_at=now)
        + await of_them.filter(fanned_out_at=None).update(fanned_out_at=now)
    )


async def group_has_endpoints(tenant_id: int) -> bool:
    """Whether the dealer group has an active webhook endpoint (in its
    transaction): whether an event of its needs fanning out at all."""
    return await WebhookEndpoint.filter(tenant_id=tenant_id, status="active").exists()


async def listening_owners(tenant_ids: set[int], oem_ids: set[int]) -> set[tuple[str, int]]:
    """Which of these dealer groups ("tenant", id) and OEMs ("oem", id) have an
    active endpoint, in one query (the SLA sweep, for every group at once)."""
    rows = await WebhookEndpoint.filter(
        Q(tenant_id__in=list(tenant_ids)) | Q(oem_id__in=list(oem_ids), tenant_id=None),
        status="active",
    ).values_list("tenant_id", "oem_id")
    return {("tenant", t) if t is not None else ("oem", o) for t, o in rows}


async def event_by_id(event_id: int) -> DomainEvent | None:
    return await DomainEvent.get_or_none(id=event_id)


async def purge_before(cutoff: datetime) -> tuple[int, int]:
    """Delete events handled before `cutoff`, and finished deliveries of that
    age (inside a system transaction); return how many of each."""
    deliveries = 0
    for model in DELIVERY_MODELS:  # a dealer group's and an OEM's
        deliveries += await model.filter(created_at__lt=cutoff).exclude(status="pending").delete()
    events = await DomainEvent.filter(
        created_at__lt=cutoff, published_at__not_isnull=True, fanned_out_at__not_isnull=True
    ).delete()
    return events, deliveries
