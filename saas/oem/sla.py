"""The SLA sweep: warn before the 24-hour deadline, mark breaches once,
notify, and (by dealer group setting) reassign."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import orjson

from saas.crm.assignment import choose_owner, record_assignment
from saas.crm.events import LeadRow, emit_for_leads
from saas.crm.repository import LeadRepository
from saas.db import db, insert_many
from saas.events.repository import listening_owners
from saas.events.service import EventType
from saas.identity.service import managers_of_stores
from saas.models import DealerGroup, DistributedLead
from saas.notify.service import Message, notify
from saas.tenancy.roles import Role

# The SLA clock runs on active, pending rows without a first contact; the
# partial index distributed_lead_sla_pending (migration 11) holds exactly them.
PENDING_SQL = "status = 'active' AND sla_outcome = 'pending' AND first_contact_at IS NULL"
WARN_SQL = f"""UPDATE distributed_lead SET warned_at = {{now}}, updated_at = {{now}}
WHERE {PENDING_SQL} AND warned_at IS NULL AND sla_due_at > {{now}} AND sla_due_at <= {{until}}
RETURNING id"""
BREACH_SQL = f"""UPDATE distributed_lead
SET sla_outcome = 'breached', breached_at = {{now}}, updated_at = {{now}}
WHERE {PENDING_SQL} AND sla_due_at <= {{now}}
RETURNING id"""


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


@dataclass
class SweepResult:
    warned: list[int] = field(default_factory=list)
    breached: list[int] = field(default_factory=list)
    reassigned: list[int] = field(default_factory=list)


async def sweep(now: datetime, warn_before: timedelta) -> SweepResult:
    """Set-based: one conditional UPDATE ... RETURNING claims every warning,
    one every breach, so the cost follows the rows due now, not the table, and
    two sweeps at once record, notify and reassign each of them exactly once
    (a row claimed by one is no longer pending for the other). Events and
    notifications are then written in bulk."""
    result = SweepResult()
    warned = await _claim(WARN_SQL, now, now + warn_before)
    result.warned = [row.id for row in warned]
    await _events(warned, "warned", now)
    await _emit(warned, EventType.LEAD_SLA_WARNING)
    await _notify_owners(warned, now)
    breached = await _claim(BREACH_SQL, now, now)
    result.breached = [row.id for row in breached]
    await _events(breached, "breached", now)
    await _emit(breached, EventType.LEAD_SLA_BREACHED)
    await _notify_managers(breached)
    reassigning = await _groups_reassigning({r.tenant_id for r in breached} - {None})
    for row in breached:
        if row.tenant_id in reassigning and await _reassign_on_breach(row):
            result.reassigned.append(row.id)
    return result


async def _groups_reassigning(tenant_ids: set[int | None]) -> set[int]:
    """Dealer groups (of `tenant_ids`) whose setting reassigns breached leads."""
    if not tenant_ids:
        return set()
    groups = await DealerGroup.filter(id__in=tenant_ids).values_list("id", "settings")
    return {g for g, settings in groups if (settings or {}).get("sla_reassign_on_breach")}


async def _claim(sql: str, now: datetime, until: datetime) -> list[Claimed]:
    """The claimed rows as plain tuples, not models (thousands per sweep), in id
    order. PostgreSQL returns them from the UPDATE itself; SQLite returns ids,
    and the rows are read back (its driver hands back datetimes as text)."""
    conn = db()
    postgres = conn.schema_generator.DIALECT == "postgres"
    query = sql.format(now="$1" if postgres else "?1", until="$2" if postgres else "?2")
    if postgres:
        query = query.replace("RETURNING id", "RETURNING " + ", ".join(Claimed._fields))
    # execute_query_dict fetches what RETURNING gives back (execute_query drops it).
    rows = await conn.execute_query_dict(query, [now, until] if "{until}" in sql else [now])
    if postgres:
        return sorted((Claimed(**row) for row in rows), key=lambda row: row.id)
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    found = await DistributedLead.filter(id__in=ids).order_by("id").values(*Claimed._fields)
    return [Claimed(**row) for row in found]


async def _events(rows: list[Claimed], kind: str, now: datetime) -> None:
    data = orjson.dumps({"at": now.isoformat()}).decode()
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


async def _emit(rows: list[Claimed], kind: EventType) -> None:
    """The domain events (webhooks, live subscribers) of the claimed rows, a
    few statements per dealer group; webhook jobs only for a group that has an
    endpoint or whose rows came from an OEM that has one."""
    by_tenant: dict[int, dict[int, Claimed]] = {}
    for row in rows:
        if row.tenant_id is not None and row.lead_id is not None:
            by_tenant.setdefault(row.tenant_id, {})[row.lead_id] = row
    if not by_tenant:
        return
    listening = await listening_owners(set(by_tenant), {r.oem_id for r in rows})
    for tenant_id, items in by_tenant.items():
        leads = await LeadRow.load(tenant_id, list(items))
        due = {lead_id: {"dueAt": row.sla_due_at.isoformat()} for lead_id, row in items.items()}
        heard = ("tenant", tenant_id) in listening or any(
            ("oem", row.oem_id) in listening for row in items.values()
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
    """Each showroom manager of a store hears of the store's breaches of this
    sweep in one message: the lead itself when it is one, a digest naming them
    when there are several (a backlog after an outage would otherwise be
    hundreds of messages each, and as many rows to write)."""
    by_store: dict[tuple[int, int], list[Claimed]] = {}
    for row in rows:
        if row.tenant_id is not None and row.store_id is not None:
            by_store.setdefault((row.tenant_id, row.store_id), []).append(row)
    managers = await managers_of_stores(set(by_store), (Role.SHOWROOM_MANAGER,))
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
    if len(rows) == 1:
        row = rows[0]
        return (
            "OEM lead missed its 24-hour first contact",
            f"{row.customer_name} ({row.external_ref}) was not contacted by "
            f"{row.sla_due_at:%Y-%m-%d %H:%M} UTC.",
            {"lead_id": row.lead_id},
        )
    names = ", ".join(f"{r.customer_name} ({r.external_ref})" for r in rows[:DIGEST_NAMES])
    more = f" and {len(rows) - DIGEST_NAMES} more" if len(rows) > DIGEST_NAMES else ""
    return (
        f"{len(rows)} OEM leads missed their 24-hour first contact",
        f"{names}{more} were not contacted within 24 hours of reaching the store.",
        {"lead_ids": [r.lead_id for r in rows if r.lead_id is not None]},
    )


async def _reassign_on_breach(row: Claimed) -> bool:
    if row.tenant_id is None or row.lead_id is None or row.store_id is None:
        return False
    repo = LeadRepository(row.tenant_id)
    lead = await repo.get(row.lead_id)
    if lead is None:
        return False
    choice = await choose_owner(
        row.tenant_id, row.store_id, series=None, important=False, exclude={lead.owner_id or 0}
    )
    if choice is None:
        return False
    await record_assignment(
        lead, choice.user_id, "SLA breached: " + choice.reason, by=None, automatic=True
    )
    await repo.update(lead, owner_id=choice.user_id, version=lead.version + 1)
    return True
