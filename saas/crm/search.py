"""Filters a showroom uses on its lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from saas.crm.phones import normalise_phone
from saas.crm.repository import (
    CustomerRepository,
    CustomerTagRepository,
    LeadRepository,
    OwnedVehicleRepository,
)
from saas.crm.vocabulary import LeadStatus
from saas.models import Customer, FollowUp, Lead
from saas.query import where


@dataclass
class LeadFilter:
    store_id: int | None = None
    owner_id: int | None = None
    grades: list[str] | None = None
    stages: list[str] | None = None
    statuses: list[str] | None = None
    source_channels: list[str] | None = None
    due_before: datetime | None = None
    overdue: bool | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str | None = None
    campaign_id: int | None = None
    purchase_potential: str | None = None


NOTHING = Q(id__in=[])
# Longer than any stored value: it cannot match (and the ORM refuses it).
MAX_TEXT = 100


def _too_long(*values: str | None, limit: int = MAX_TEXT) -> bool:
    return any(v is not None and len(v) > limit for v in values)


def _customer_match(tenant_id: int, text: str) -> Q:
    if _too_long(text):
        return NOTHING
    # Phones match only in full (any format): a partial number would let
    # callers who see masked phones enumerate them.
    phone = normalise_phone(text)
    q = Q(name__icontains=text) | Q(archive_no__icontains=text)
    if phone:
        q |= Q(phone=phone)
    return q


def filter_leads(qs: QuerySet[Lead], tenant_id: int, f: LeadFilter) -> QuerySet[Lead]:
    qs = where(qs, store_id=f.store_id, owner_id=f.owner_id, campaign_id=f.campaign_id)
    for column, values in (
        ("intent_grade", f.grades),
        ("stage", f.stages),
        ("status", f.statuses),
        ("source_channel", f.source_channels),
    ):
        if values:
            qs = qs.filter(**{f"{column}__in": values})
    if f.due_before is not None:
        qs = qs.filter(status=LeadStatus.OPEN.value, due_at__lt=f.due_before)
    if f.overdue is not None:
        now = datetime.now(UTC)
        if f.overdue:
            qs = qs.filter(status=LeadStatus.OPEN.value, due_at__lt=now)
        else:
            qs = qs.filter(Q(due_at__gte=now) | Q(due_at__isnull=True))
    qs = where(qs, created_at__gte=f.created_from, created_at__lt=f.created_to)
    if f.search and f.search.strip():
        matching = (
            CustomerRepository(tenant_id)
            .query()
            .filter(_customer_match(tenant_id, f.search.strip()))
        )
        qs = qs.filter(customer_id__in=Subquery(matching.values("id")))
    if f.purchase_potential:
        judged = (
            CustomerRepository(tenant_id).query().filter(purchase_potential=f.purchase_potential)
        )
        qs = qs.filter(customer_id__in=Subquery(judged.values("id")))
    return qs


@dataclass
class CustomerFilter:
    store_id: int | None = None
    owner_id: int | None = None
    city: str | None = None
    tag: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str | None = None
    value_tier: str | None = None
    lifecycle: str | None = None
    purchase_potential: str | None = None
    credit_rating: str | None = None
    # Owners of a vehicle of this model (after-sales) and customers with a lead on it.
    vehicle_model_id: int | None = None


def filter_customers(
    qs: QuerySet[Customer], tenant_id: int, f: CustomerFilter
) -> QuerySet[Customer]:
    qs = qs.filter(merged_into_id__isnull=True)
    if (
        _too_long(f.city, f.tag, limit=48)
        or _too_long(f.value_tier, limit=1)
        or _too_long(f.lifecycle, limit=12)
    ):
        return qs.filter(NOTHING)
    qs = where(
        qs,
        store_id=f.store_id,
        owner_id=f.owner_id,
        city=f.city or None,
        value_tier=f.value_tier or None,
        lifecycle=f.lifecycle or None,
        purchase_potential=f.purchase_potential or None,
        credit_rating=f.credit_rating or None,
    )
    if f.tag:
        tagged = CustomerTagRepository(tenant_id).query().filter(tag=f.tag, removed_at=None)
        qs = qs.filter(id__in=Subquery(tagged.values("customer_id")))
    if f.vehicle_model_id is not None:
        owners = (
            OwnedVehicleRepository(tenant_id).query().filter(vehicle_model_id=f.vehicle_model_id)
        )
        interested = LeadRepository(tenant_id).query().filter(vehicle_model_id=f.vehicle_model_id)
        qs = qs.filter(
            Q(id__in=Subquery(owners.values("customer_id")))
            | Q(id__in=Subquery(interested.values("customer_id")))
        )
    qs = where(qs, created_at__gte=f.created_from, created_at__lt=f.created_to)
    if f.search and f.search.strip():
        qs = qs.filter(_customer_match(tenant_id, f.search.strip()))
    return qs


@dataclass
class FollowUpFilter:
    lead_id: int | None = None
    store_id: int | None = None
    user_id: int | None = None
    channel: str | None = None
    happened_from: datetime | None = None
    happened_to: datetime | None = None


def filter_follow_ups(qs: QuerySet[FollowUp], f: FollowUpFilter) -> QuerySet[FollowUp]:
    return where(
        qs,
        lead_id=f.lead_id,
        store_id=f.store_id,
        user_id=f.user_id,
        channel=f.channel,
        happened_at__gte=f.happened_from,
        happened_at__lt=f.happened_to,
    )
