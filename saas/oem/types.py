"""The OEM distribution vocabulary: what an OEM sends, what comes back, and
the first-contact window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from saas.crm.vocabulary import IntentGrade
from saas.errors import Forbidden
from saas.models import DistributedLead, Oem, SlaEvent
from saas.settings import get_settings
from saas.tenancy.actor import Actor

MAX_BULK = 10_000
MAX_SLA_HOURS = 720  # 30 days: the longest first-contact window an OEM may set


@dataclass(frozen=True)
class SlaWindow:
    """An OEM's first-contact deadline and how long before it the owner is
    warned, as set by its distributor (24 hours and SLA_WARN_MINUTES unless
    it chose otherwise)."""

    hours: int
    warn_minutes: int
    warn_is_default: bool = False

    @classmethod
    def of(cls, oem: Oem) -> SlaWindow:
        if oem.sla_warn_minutes is None:
            return cls(oem.sla_hours, get_settings().sla_warn_minutes, warn_is_default=True)
        return cls(oem.sla_hours, oem.sla_warn_minutes)

    def clock(self, received_at: datetime) -> dict[str, datetime]:
        """A lead's deadline and warning instant, fixed when it is received:
        a later change of the OEM's settings never moves them."""
        due = received_at + timedelta(hours=self.hours)
        return {"sla_due_at": due, "sla_warn_at": due - timedelta(minutes=self.warn_minutes)}


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
