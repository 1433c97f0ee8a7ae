"""Customer value tiers and lifecycle categories (the monthly job).

Tiers: A = the top `a_percent` (default 5) of the tenant's live customers by
spend on orders signed in the last 12 months, B = the next `b_percent`
(default 15), C = everyone else; a customer without spend is never A or B.
Lifecycle: lost = no follow-up and no order for `lost_after_months` (default
12); else high_value = tier A; potential = an open lead graded H, A or B;
general = the rest. Groups tune the numbers (`GroupSettings.value_tiers`).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from tortoise.functions import Sum

from saas.crm.repository import (
    CustomerRepository,
    FollowUpRepository,
    LeadRepository,
    OrderRepository,
)
from saas.crm.vocabulary import LeadStatus, OrderStatus
from saas.org.settings import ValueTiers


async def classify(tenant_id: int, now: datetime, tiers: ValueTiers) -> dict[str, int]:
    """Classify every live customer of the tenant; returns counts per tier."""
    a_percent, b_percent, lost_months = tiers.a_percent, tiers.b_percent, tiers.lost_after_months
    customers = CustomerRepository(tenant_id).query().filter(merged_into_id__isnull=True)
    ids = list(await customers.values_list("id", flat=True))
    if not ids:
        return {}
    spend = dict(
        await OrderRepository(tenant_id)
        .query()
        .filter(
            signed_at__gte=now - timedelta(days=365),
            status__in=[OrderStatus.SIGNED.value, OrderStatus.DELIVERED.value],
        )
        .annotate(total=Sum("price"))
        .group_by("customer_id")
        .values_list("customer_id", "total")
    )
    spenders = sorted((c for c in ids if spend.get(c)), key=lambda c: (-spend[c], c))
    a_count = math.ceil(len(ids) * a_percent / 100)
    b_count = math.ceil(len(ids) * b_percent / 100)
    tier_a = spenders[:a_count]
    tier_b = spenders[a_count : a_count + b_count]

    since = now - timedelta(days=30 * lost_months)
    contacted = set(
        await FollowUpRepository(tenant_id)
        .query()
        .filter(happened_at__gte=since)
        .distinct()
        .values_list("customer_id", flat=True)
    )
    bought = set(
        await OrderRepository(tenant_id)
        .query()
        .filter(signed_at__gte=since)
        .values_list("customer_id", flat=True)
    )
    recent = set(await customers.filter(created_at__gte=since).values_list("id", flat=True))
    potential = set(
        await LeadRepository(tenant_id)
        .query()
        .filter(status=LeadStatus.OPEN.value, intent_grade__in=["H", "A", "B"])
        .values_list("customer_id", flat=True)
    )
    lost = [c for c in ids if c not in contacted | bought | recent]
    lost_set = set(lost)

    repo = CustomerRepository(tenant_id)
    await (
        repo.query()
        .filter(id__in=ids)
        .update(value_tier="C", lifecycle="general", classified_at=now)
    )
    await repo.query().filter(id__in=tier_b).update(value_tier="B")
    await repo.query().filter(id__in=tier_a).update(value_tier="A")
    await (
        repo.query()
        .filter(id__in=[c for c in potential if c not in lost_set])
        .update(lifecycle="potential")
    )
    await (
        repo.query()
        .filter(id__in=[c for c in tier_a if c not in lost_set])
        .update(lifecycle="high_value")
    )
    await repo.query().filter(id__in=lost).update(lifecycle="lost")
    return {
        "A": len(tier_a),
        "B": len(tier_b),
        "C": len(ids) - len(tier_a) - len(tier_b),
        "lost": len(lost),
    }
