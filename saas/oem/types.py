"""The OEM distribution vocabulary: what an OEM sends, what comes back, and
the first-contact window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from saas.crm.vocabulary import IntentGrade
from saas.errors import Forbidden
from saas.models import DistributedLead, SlaEvent
from saas.tenancy.actor import Actor

SLA_WINDOW = timedelta(hours=24)
MAX_BULK = 10_000


class ReturnReason(StrEnum):
    INVALID = "invalid"
    DUPLICATE = "duplicate"
    OUT_OF_AREA = "out_of_area"


class SlaOutcome(StrEnum):
    PENDING = "pending"
    MET = "met"
    BREACHED = "breached"


@dataclass
class LeadOrder:
    """One lead as the OEM sends it."""

    external_ref: str
    customer_name: str
    phone: str
    brand: str
    vehicle_model_id: int | None = None
    store_id: int | None = None
    city: str | None = None
    region: str | None = None
    intent_grade: IntentGrade = IntentGrade.N
    note: str | None = None


@dataclass(frozen=True)
class Distribution:
    distributed: DistributedLead
    created: bool  # False: the external reference was already distributed


@dataclass(frozen=True)
class RowProblem:
    row: int
    external_ref: str | None
    path: tuple[str, ...]
    message: str


@dataclass
class BulkResult:
    distributed: list[Distribution] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def sla_event(distributed: DistributedLead, kind: str, key: str, data: dict[str, Any]) -> SlaEvent:
    """An entry of a distributed lead's SLA history (unsaved)."""
    return SlaEvent(
        distributed_lead_id=distributed.id,
        oem_id=distributed.oem_id,
        tenant_id=distributed.tenant_id,
        kind=kind,
        key=key,
        data=data,
    )


async def record_sla_events(*events: SlaEvent) -> None:
    """Save SLA history entries once: an entry whose lead, kind and key are
    already recorded (a retried job, a second worker) is skipped."""
    await SlaEvent.bulk_create(list(events), ignore_conflicts=True)


def oem_of(actor: Actor) -> int:
    if actor.oem_id is None:
        raise Forbidden("distribution is for OEM accounts")
    return actor.oem_id
