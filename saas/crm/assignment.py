"""Who gets a new lead: the store's rule chain, and managers' (re)assignments."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Max

from saas import hooks
from saas.crm.events import emit_for_lead
from saas.crm.repository import LeadAssignmentRepository, LeadRepository, ProductLineRepository
from saas.errors import ValidationFailed
from saas.events.service import EventType
from saas.identity.service import staff_of_stores, store_staff
from saas.models import Lead, User
from saas.tenancy.roles import Role


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
    book = await OwnerBook.load(tenant_id, {store_id})
    return book.choose(store_id, series=series, important=important, exclude=exclude)


@dataclass
class OwnerBook:
    """What the rule chain reads, for some stores of one tenant, in four
    queries: staff by store and role, product lines, open-lead loads and each
    consultant's last turn. `choose` keeps it current, so a batch of leads
    (OEM distribution) is assigned as if they had come one by one."""

    staff: dict[tuple[int, Role], set[int]]
    lines: dict[tuple[int, str], set[int]]
    loads: dict[tuple[int, int], int]
    turns: dict[tuple[int, int], int]
    # Past every assignment id: a turn taken here is later than any stored.
    next_turn: int = 2**62

    @classmethod
    async def load(cls, tenant_id: int, store_ids: set[int]) -> OwnerBook:
        roles = (Role.CONSULTANT, Role.SALES_MANAGER)
        held = await staff_of_stores(tenant_id, store_ids, roles)
        staff: dict[tuple[int, Role], set[int]] = {}
        for store_id, users in held.items():
            for user_id, user_roles in users.items():
                for role in user_roles:
                    staff.setdefault((store_id, role), set()).add(user_id)
        people = list({u for users in held.values() for u in users})
        lines: dict[tuple[int, str], set[int]] = {}
        loads: dict[tuple[int, int], int] = {}
        turns: dict[tuple[int, int], int] = {}
        if people:
            for store_id, user_id, series in (
                await ProductLineRepository(tenant_id)
                .query()
                .filter(store_id__in=list(store_ids), user_id__in=people)
                .values_list("store_id", "user_id", "series")
            ):
                lines.setdefault((store_id, series), set()).add(user_id)
            for store_id, user_id, n in await LeadRepository(tenant_id).open_loads(
                list(store_ids), people
            ):
                loads[(store_id, user_id)] = n
            for store_id, user_id, last in await (
                LeadAssignmentRepository(tenant_id)
                .query()
                .filter(store_id__in=list(store_ids), to_user_id__in=people)
                .annotate(last=Max("id"))
                .group_by("store_id", "to_user_id")
                .values_list("store_id", "to_user_id", "last")
            ):
                turns[(store_id, user_id)] = last
        return cls(staff, lines, loads, turns)

    def choose(
        self,
        store_id: int,
        *,
        series: str | None,
        important: bool,
        exclude: set[int] | frozenset[int] = frozenset(),
    ) -> Choice | None:
        role = Role.SALES_MANAGER if important else Role.CONSULTANT
        staff = self.staff.get((store_id, role), set()) - exclude
        if not staff and important:
            return self.choose(store_id, series=series, important=False, exclude=exclude)
        if not staff:
            return None
        candidates = staff
        steps = [f"important lead: {role.value}s" if important else "consultants of the store"]
        if series and not important:
            selling = self.lines.get((store_id, series), set()) & candidates
            if selling:
                candidates = selling
                steps.append(f"product line {series}")
        lowest = min(self.loads.get((store_id, u), 0) for u in candidates)
        candidates = {u for u in candidates if self.loads.get((store_id, u), 0) == lowest}
        steps.append(f"lowest load ({lowest} open leads)")
        if len(candidates) > 1:
            chosen = min(candidates, key=lambda u: (self.turns.get((store_id, u), 0), u))
            steps.append("round-robin")
        else:
            chosen = next(iter(candidates))
        self.loads[(store_id, chosen)] = lowest + 1
        self.turns[(store_id, chosen)] = self.next_turn
        self.next_turn += 1
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
        await hooks.distributed_lead_reassigned(lead, to_user_id, row.id)


async def check_assignee(tenant_id: int, store_id: int, user_id: int, path: str) -> User:
    staff = await store_staff(tenant_id, store_id)
    if user_id not in staff:
        raise ValidationFailed.one(
            path, "must be an active consultant or manager of the lead's store"
        )
    return staff[user_id][0]
