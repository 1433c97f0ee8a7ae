"""The SLA clock's outcomes. The sweep warns the owner of an OEM lead before
its deadline and marks the leads that ran out; a first contact logged after
the deadline marks its own lead (`saas.oem.projection`). Whichever path finds
a breach claims the row with a conditional UPDATE, so a breach is recorded,
announced (domain event and webhook) and told to the store's showroom
managers exactly once, however the paths and sweeps race.

`breached_at` is the deadline itself (`sla_due_at`): the instant the lead had
gone its window without a first contact, whoever found it and however late (a
worker outage, a late entry). When and how it was found is the `breached` SLA
event's `data.at` and `data.via` (sweep | late_entry)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

import orjson

from saas.crm.assignment import choose_owner, record_assignment
from saas.crm.events import LeadRow, emit_for_leads
from saas.crm.repository import LeadRepository
from saas.db import db, insert_many
from saas.events.repository import listening_owners
from saas.events.service import EventType
from saas.identity.service import managers_of_stores
from saas.models import DistributedLead
from saas.notify.service import Message, notify
from saas.observability import JOB_FAILURES
from saas.oem.repository import SweepLeadRepository
from saas.org.settings import ReassignTarget, load_many_group_settings
from saas.tenancy.rls import tenant_savepoint
from saas.tenancy.roles import Role

log = logging.getLogger("saas.jobs")

# The SLA clock runs on active, pending rows without a first contact; the
# partial index distributed_lead_sla_pending (migration 11) holds exactly them.
PENDING_SQL = "status = 'active' AND sla_outcome = 'pending' AND first_contact_at IS NULL"
# Each lead's warning instant was fixed when it was received, from its OEM's
# warning lead time (index distributed_lead_sla_warn, migration 15).
WARN_SQL = f"""UPDATE distributed_lead SET warned_at = {{now}}, updated_at = {{now}}
WHERE {PENDING_SQL} AND warned_at IS NULL AND sla_warn_at <= {{now}} AND sla_due_at > {{now}}
RETURNING id"""
BREACH_SQL = f"""UPDATE distributed_lead
SET sla_outcome = 'breached', breached_at = sla_due_at, updated_at = {{now}}
WHERE {PENDING_SQL} AND sla_due_at <= {{now}}
RETURNING id"""

# Which OEM's or dealer group's webhook endpoints may take an event; None: not
# looked up (one lead at a time), so the event is always handed to delivery.
Listening = set[tuple[str, int]] | None


class Claimed(NamedTuple):
    """What the sweep needs of a claimed row."""

    id: int
    oem_id: int
    tenant_id: int | None
    store_id: int | None
    lead_id: int | None
    external_ref: str
    customer_name: str
    received_at: datetime
    sla_due_at: datetime

    @classmethod
    def of(cls, row: DistributedLead) -> Claimed:
        return cls(*(getattr(row, name) for name in cls._fields))

    @property
    def window(self) -> str:
        """The first-contact window the lead had, in words ("24-hour")."""
        hours = (self.sla_due_at - self.received_at).total_seconds() / 3600
        return f"{hours:g}-hour"


@dataclass
class SweepResult:
    warned: list[int] = field(default_factory=list)
    breached: list[int] = field(default_factory=list)
    reassigned: list[int] = field(default_factory=list)
    # Dealer groups whose part failed: rolled back and left for the next sweep.
    failed_tenants: list[int] = field(default_factory=list)


async def sweep(now: datetime) -> SweepResult:
    """Set-based across dealer groups: one conditional UPDATE ... RETURNING
    claims every warning, one every breach, so the cost follows the rows due
    now, not the table, and two sweeps at once claim each row once (a row
    claimed by one is no longer pending for the other).

    Then each dealer group's side effects (SLA events, domain events,
    notifications, reassignment) run as that group (`tenant_savepoint`:
    row-level security, a savepoint of their own). A group whose part fails
    is rolled back, logged and counted (`saas_job_failures_total{job=
    "sla.sweep",scope="tenant"}`), and its rows are put back as they were in
    the same transaction, so the next sweep (every minute) claims and retries
    them; the other groups go on. Runs inside a system transaction."""
    result = SweepResult()
    warned = await _claim(WARN_SQL, now)
    breached = await _claim(BREACH_SQL, now)
    rows = warned + breached
    tenants = {r.tenant_id for r in rows if r.tenant_id is not None}
    # Read in the system scope, once for every group: an OEM's webhook
    # endpoints and the dealer groups' settings are not the group's own rows.
    listening = await listening_owners(tenants, {r.oem_id for r in rows}) if tenants else set()
    reassigning = {
        tenant_id: rule.sla_breach.reassign_to
        for tenant_id, rule in (await load_many_group_settings(tenants)).items()
        if rule.sla_breach.reassign
    }
    warned_by, breached_by = _by_tenant(warned), _by_tenant(breached)
    for tenant_id in sorted(tenants):
        warn_rows, breach_rows = warned_by.get(tenant_id, []), breached_by.get(tenant_id, [])
        try:
            async with tenant_savepoint(tenant_id):
                await _warnings_found(warn_rows, now, listening)
                await breaches_found(breach_rows, now, "sweep", listening)
                reassigned = (
                    [
                        r.id
                        for r in breach_rows
                        if await _reassign_on_breach(r, reassigning[tenant_id])
                    ]
                    if tenant_id in reassigning
                    else []
                )
        except Exception:
            log.exception(
                "sla.sweep failed for tenant %s; its %s warnings and %s breaches wait for the "
                "next sweep",
                tenant_id,
                len(warn_rows),
                len(breach_rows),
            )
            JOB_FAILURES.labels("sla.sweep", "tenant").inc()
            await _unclaim(warn_rows, breach_rows)
            result.failed_tenants.append(tenant_id)
            continue
        result.warned += [r.id for r in warn_rows]
        result.breached += [r.id for r in breach_rows]
        result.reassigned += reassigned
    # Rows that landed nowhere (none should: an active row has its store) keep
    # their SLA events, with nobody to tell.
    nowhere_warned, nowhere_breached = warned_by.get(None, []), breached_by.get(None, [])
    await _events(nowhere_warned, "warned", now)
    await _events(nowhere_breached, "breached", now, via="sweep")
    result.warned += [r.id for r in nowhere_warned]
    result.breached += [r.id for r in nowhere_breached]
    result.warned.sort()
    result.breached.sort()
    result.reassigned.sort()
    return result


def _by_tenant(rows: list[Claimed]) -> dict[int | None, list[Claimed]]:
    grouped: dict[int | None, list[Claimed]] = {}
    for row in rows:
        grouped.setdefault(row.tenant_id, []).append(row)
    return grouped


async def _warnings_found(rows: list[Claimed], now: datetime, listening: Listening) -> None:
    await _events(rows, "warned", now)
    await _emit(rows, EventType.LEAD_SLA_WARNING, listening)
    await _notify_owners(rows, now)


async def breaches_found(
    rows: list[Claimed], found_at: datetime, via: str, listening: Listening = None
) -> None:
    """Everything a claimed breach sets off, once: its SLA event (when and how
    it was found), the `lead.sla_breached` domain event (and so its webhook),
    and the showroom managers' notification. The caller claimed `rows` (moved
    them from pending to breached with a conditional UPDATE) in this
    transaction, acting as their dealer group."""
    await _events(rows, "breached", found_at, via=via)
    await _emit(rows, EventType.LEAD_SLA_BREACHED, listening)
    await _notify_managers(rows)


async def _unclaim(warned: list[Claimed], breached: list[Claimed]) -> None:
    """Put rows claimed by this sweep back as they were, for the next sweep."""
    if warned:
        await SweepLeadRepository().unwarn([r.id for r in warned])
    if breached:
        await SweepLeadRepository().unbreach([r.id for r in breached])


async def _claim(sql: str, now: datetime) -> list[Claimed]:
    """The claimed rows as plain tuples, not models (thousands per sweep), in id
    order. PostgreSQL returns them from the UPDATE itself; SQLite returns ids,
    and the rows are read back (its driver hands back datetimes as text)."""
    conn = db()
    postgres = conn.schema_generator.DIALECT == "postgres"
    query = sql.format(now="$1" if postgres else "?1")
    if postgres:
        query = query.replace("RETURNING id", "RETURNING " + ", ".join(Claimed._fields))
    # execute_query_dict fetches what RETURNING gives back (execute_query drops it).
    rows = await conn.execute_query_dict(query, [now])
    if postgres:
        return sorted((Claimed(**row) for row in rows), key=lambda row: row.id)
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    found = await SweepLeadRepository().rows(ids, Claimed._fields)
    return [Claimed(**row) for row in found]


async def _events(rows: list[Claimed], kind: str, now: datetime, via: str | None = None) -> None:
    if not rows:
        return
    data = orjson.dumps({"at": now.isoformat()} | ({"via": via} if via else {})).decode()
    created = datetime.now(UTC)
    await insert_many(
        "sla_event",
        ["created_at", "distributed_lead_id", "oem_id", "tenant_id", "kind", "key", "data"],
        [
            (
                created,
                row.id,
                row.oem_id,
                row.tenant_id,
                kind,
                str(row.received_at.timestamp()),
                data,
            )
            for row in rows
        ],
    )


async def _emit(rows: list[Claimed], kind: EventType, listening: Listening) -> None:
    """The domain events (webhooks, live subscribers) of the claimed rows, a
    few statements per dealer group; webhook jobs only for a group that has an
    endpoint or whose rows came from an OEM that has one (all of them when
    `listening` is None)."""
    by_tenant: dict[int, dict[int, Claimed]] = {}
    for row in rows:
        if row.tenant_id is not None and row.lead_id is not None:
            by_tenant.setdefault(row.tenant_id, {})[row.lead_id] = row
    if not by_tenant:
        return
    for tenant_id, items in by_tenant.items():
        leads = await LeadRow.load(tenant_id, list(items))
        due = {lead_id: {"dueAt": row.sla_due_at.isoformat()} for lead_id, row in items.items()}
        heard = (
            listening is None
            or ("tenant", tenant_id) in listening
            or any(("oem", row.oem_id) in listening for row in items.values())
        )
        await emit_for_leads(kind, tenant_id, leads, due, listened=heard)


async def _notify_owners(rows: list[Claimed], now: datetime) -> None:
    by_tenant: dict[int, list[Claimed]] = {}
    for row in rows:
        if row.tenant_id is not None and row.lead_id is not None:
            by_tenant.setdefault(row.tenant_id, []).append(row)
    messages = []
    for tenant_id, items in by_tenant.items():
        owners = dict(
            await LeadRepository(tenant_id)
            .query()
            .filter(id__in=[row.lead_id for row in items])
            .values_list("id", "owner_id")
        )
        for row in items:
            owner_id = owners.get(row.lead_id)
            if owner_id is None:
                continue
            minutes = int((row.sla_due_at - now).total_seconds() // 60)
            messages.append(
                Message(
                    tenant_id,
                    owner_id,
                    "sla_warning",
                    "OEM lead: first contact due soon",
                    f"Call {row.customer_name} ({row.external_ref}) within {minutes} minutes.",
                    f"sla-warn:{row.id}:{row.received_at.timestamp()}",
                    row.store_id,
                    data={"lead_id": row.lead_id, "due_at": row.sla_due_at.isoformat()},
                )
            )
    await notify(messages)


async def _notify_managers(rows: list[Claimed]) -> None:
    """The people the dealer group names for breaches (`sla_breach.notify`:
    the store's showroom managers unless the group chose other roles) each hear
    of the store's breaches found together (by one sweep, or one late entry) in
    one message: the lead itself when it is one, a digest naming them when
    there are several (a backlog after an outage would otherwise be hundreds of
    messages each, and as many rows to write)."""
    by_store: dict[tuple[int, int], list[Claimed]] = {}
    for row in rows:
        if row.tenant_id is not None and row.store_id is not None:
            by_store.setdefault((row.tenant_id, row.store_id), []).append(row)
    rules = await load_many_group_settings({tenant_id for tenant_id, _ in by_store})
    stores_by_roles: dict[tuple[Role, ...], set[tuple[int, int]]] = {}
    for tenant_id, store_id in by_store:
        notified = rules[tenant_id].sla_breach.notify if tenant_id in rules else ()
        roles = tuple(Role(r) for r in notified) or (Role.SHOWROOM_MANAGER,)
        stores_by_roles.setdefault(roles, set()).add((tenant_id, store_id))
    managers: dict[tuple[int, int], list[int]] = {}
    for roles, stores in stores_by_roles.items():
        for store, people in (await managers_of_stores(stores, roles)).items():
            managers[store] = list(people)
    messages = []
    for (tenant_id, store_id), items in by_store.items():
        title, body, data = _breach_text(items)
        # Rows are claimed once, so the first row's id names this message for good.
        key = f"sla-breach:{items[0].id}:{items[0].received_at.timestamp()}"
        messages += [
            Message(tenant_id, user_id, "sla_breach", title, body, key, store_id, data=data)
            for user_id in managers.get((tenant_id, store_id), [])
        ]
    await notify(messages)


DIGEST_NAMES = 10


def _breach_text(rows: list[Claimed]) -> tuple[str, str, dict[str, object]]:
    """The message of a store's breaches: each lead had the window its OEM set
    when the lead was received (24 hours unless the OEM chose otherwise)."""
    if len(rows) == 1:
        row = rows[0]
        return (
            f"OEM lead missed its {row.window} first contact",
            f"{row.customer_name} ({row.external_ref}) had no first contact on record by "
            f"{row.sla_due_at:%Y-%m-%d %H:%M} UTC.",
            {"lead_id": row.lead_id},
        )
    names = ", ".join(f"{r.customer_name} ({r.external_ref})" for r in rows[:DIGEST_NAMES])
    more = f" and {len(rows) - DIGEST_NAMES} more" if len(rows) > DIGEST_NAMES else ""
    windows = {r.window for r in rows}
    window = windows.pop() if len(windows) == 1 else None
    return (
        f"{len(rows)} OEM leads missed their {window or 'first-contact'} "
        f"{'first contact' if window else 'deadline'}",
        f"{names}{more} had no first contact on record within "
        f"{window.replace('-hour', ' hours') if window else 'their window'} of reaching the store.",
        {"lead_ids": [r.lead_id for r in rows if r.lead_id is not None]},
    )


async def _reassign_on_breach(row: Claimed, to: str) -> bool:
    """The breached lead goes to another consultant by the store's rules, or to
    a sales manager of the store (`sla_breach.reassign_to`), never back to its
    owner."""
    if row.tenant_id is None or row.lead_id is None or row.store_id is None:
        return False
    repo = LeadRepository(row.tenant_id)
    lead = await repo.get(row.lead_id)
    if lead is None:
        return False
    choice = await choose_owner(
        row.tenant_id,
        row.store_id,
        series=None,
        important=to == ReassignTarget.SALES_MANAGER,
        exclude={lead.owner_id or 0},
    )
    if choice is None:
        return False
    await record_assignment(
        lead, choice.user_id, "SLA breached: " + choice.reason, by=None, automatic=True
    )
    await repo.update(lead, owner_id=choice.user_id, version=lead.version + 1)
    return True
