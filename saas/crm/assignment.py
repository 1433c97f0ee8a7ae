"""Who gets a new lead: the store's rule chain, and managers' (re)assignments."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Count, Max

from saas.crm.repository import LeadAssignmentRepository, LeadRepository, ProductLineRepository
from saas.crm.vocabulary import LeadStatus
from saas.errors import ValidationFailed
from saas.events.service import EventType, emit_for_lead
from saas.identity.service import store_staff
from saas.models import Lead, User
from saas.tenancy.roles import Role

OPEN_FOR_LOAD = [LeadStatus.OPEN.value, LeadStatus.LOST_PENDING.value, LeadStatus.ORDERED.value]


@dataclass(frozen=True)
class Choice:
    user_id: int
    reason: str


async def choose_owner(
    tenant_id: int,
    store_id: int,
    *,
    series: str | None,
    important: bool,
    exclude: set[int] | frozenset[int] = frozenset(),
) -> Choice | None:
    """Rule chain: product line -> lowest open-lead load -> round-robin (the one
    assigned least recently). Inactive users are never chosen. Important leads
    go to a sales manager by the same load and turn rules."""
    role = Role.SALES_MANAGER if important else Role.CONSULTANT
    staff = {
        u: v
        for u, v in (await store_staff(tenant_id, store_id, (role,))).items()
        if u not in exclude
    }
    if not staff and important:
        return await choose_owner(
            tenant_id, store_id, series=series, important=False, exclude=exclude
        )
    if not staff:
        return None
    candidates = set(staff)
    steps = [f"important lead: {role.value}s" if important else "consultants of the store"]
    if series and not important:
        lines = ProductLineRepository(tenant_id).query().filter(store_id=store_id, series=series)
        selling = set(await lines.values_list("user_id", flat=True)) & candidates
        if selling:
            candidates = selling
            steps.append(f"product line {series}")
    loads = dict(
        await LeadRepository(tenant_id)
        .query()
        .filter(store_id=store_id, owner_id__in=list(candidates), status__in=OPEN_FOR_LOAD)
        .annotate(n=Count("id"))
        .group_by("owner_id")
        .values_list("owner_id", "n")
    )
    lowest = min(loads.get(u, 0) for u in candidates)
    candidates = {u for u in candidates if loads.get(u, 0) == lowest}
    steps.append(f"lowest load ({lowest} open leads)")
    if len(candidates) > 1:
        last = dict(
            await LeadAssignmentRepository(tenant_id)
            .query()
            .filter(store_id=store_id, to_user_id__in=list(candidates))
            .annotate(last=Max("id"))
            .group_by("to_user_id")
            .values_list("to_user_id", "last")
        )
        chosen = min(candidates, key=lambda u: (last.get(u, 0), u))
        steps.append("round-robin")
    else:
        chosen = next(iter(candidates))
    return Choice(chosen, "; ".join(steps))


async def record_assignment(
    lead: Lead,
    to_user_id: int,
    reason: str,
    *,
    by: int | None,
    automatic: bool,
    first: bool = False,
) -> None:
    """History row for an owner change (`first`: the lead had no owner before)."""
    row = await LeadAssignmentRepository(lead.tenant_id).create(
        lead_id=lead.id,
        store_id=lead.store_id,
        from_user_id=None if first else lead.owner_id,
        to_user_id=to_user_id,
        reason=reason,
        is_automatic=automatic,
        assigned_by_id=by,
    )
    await emit_for_lead(
        EventType.LEAD_ASSIGNED,
        lead,
        owner_id=to_user_id,
        previousOwnerId=None if first else lead.owner_id,
        reason=reason,
        automatic=automatic,
    )
    if lead.is_distributed and not first:
        from saas.oem.service import record_reassignment

        await record_reassignment(lead, to_user_id, row.id)


async def check_assignee(tenant_id: int, store_id: int, user_id: int, path: str) -> User:
    staff = await store_staff(tenant_id, store_id)
    if user_id not in staff:
        raise ValidationFailed.one(
            path, "must be an active consultant or manager of the lead's store"
        )
    return staff[user_id][0]
