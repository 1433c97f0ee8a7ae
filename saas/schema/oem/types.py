"""The OEM's privacy-limited view of the leads it distributed."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from saas import models
from saas.schema.relay import Node, to_global_id


@strawberry.enum(description="The 24-hour first-contact clock.")
class SlaOutcome(Enum):
    PENDING = "pending"
    MET = "met"
    BREACHED = "breached"
    EXCLUDED = "excluded"  # a duplicate the dealer was already working


@strawberry.enum(description="Why a dealer sent a lead back.")
class ReturnReason(Enum):
    INVALID = "invalid"
    DUPLICATE = "duplicate"
    OUT_OF_AREA = "out_of_area"


@strawberry.enum(
    description="active: with a dealer; returned: sent back, waiting to be redistributed; "
    "duplicate: the dealer was already working this customer at that store (no clock runs)."
)
class DistributionStatus(Enum):
    ACTIVE = "active"
    RETURNED = "returned"
    DUPLICATE = "duplicate"


@strawberry.type(
    description="A lead as the OEM sees it: where it went and how it is worked, never the "
    "dealer's notes or other customers. Phone numbers are masked."
)
class DistributedLead(Node):
    external_ref: str = strawberry.field(description="The OEM's own reference.")
    brand: str
    customer_name: str
    phone_masked: str
    status: DistributionStatus
    store_code: str | None
    store_region: str | None
    status_grade: str | None = strawberry.field(description="H/A/B/C/N, or O/D/T/F.")
    stage: str | None
    outcome: str | None = strawberry.field(description="won, lost, or null while open.")
    lost_reason: str | None
    return_reason: ReturnReason | None
    return_note: str | None
    received_at: datetime
    assigned_at: datetime | None
    first_contact_at: datetime | None
    sla_due_at: datetime
    sla_outcome: SlaOutcome
    breached_at: datetime | None
    minutes_to_first_contact: float | None

    @classmethod
    def from_model(cls, d: models.DistributedLead) -> DistributedLead:
        return cls(
            id=to_global_id("DistributedLead", d.id),
            external_ref=d.external_ref,
            brand=d.brand,
            customer_name=d.customer_name,
            phone_masked=d.phone_masked,
            status=DistributionStatus(d.status),
            store_code=d.store_code,
            store_region=d.store_region,
            status_grade=d.status_grade,
            stage=d.stage,
            outcome=d.outcome,
            lost_reason=d.lost_reason,
            return_reason=ReturnReason(d.return_reason) if d.return_reason else None,
            return_note=d.return_note,
            received_at=d.received_at,
            assigned_at=d.assigned_at,
            first_contact_at=d.first_contact_at,
            sla_due_at=d.sla_due_at,
            sla_outcome=SlaOutcome(d.sla_outcome),
            breached_at=d.breached_at,
            minutes_to_first_contact=round(
                (d.first_contact_at - d.received_at).total_seconds() / 60, 1
            )
            if d.first_contact_at
            else None,
        )


@strawberry.type(description="SLA compliance of one store or region over a period.")
class SlaComplianceRow:
    key: str = strawberry.field(description="Store code or region.")
    total: int
    met: int
    breached: int
    pending: int
    met_percent: float | None = strawberry.field(description="met / (met + breached), in %.")
    median_minutes_to_first_contact: float | None
    p90_minutes_to_first_contact: float | None
    won: int = strawberry.field(description="Leads that ordered.")
    conversion_percent: float | None = strawberry.field(description="won / total, in %.")


@strawberry.type(description="A large import being distributed in the background.")
class DistributionImport(Node):
    status: str = strawberry.field(description="queued, running, done or failed.")
    total: int
    processed: int
    landed: int
    failed: int
    progress_percent: float
    errors: list[ImportRowError] = strawberry.field(description="The first 1,000 bad rows.")
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_model(cls, d: models.DistributionImport) -> DistributionImport:
        return cls(
            id=to_global_id("DistributionImport", d.id),
            status=d.status,
            total=d.total,
            processed=d.processed,
            landed=d.landed,
            failed=d.failed,
            progress_percent=round(100 * d.processed / d.total, 1) if d.total else 100.0,
            errors=[
                ImportRowError(
                    row=int(e["row"]),  # type: ignore[call-overload]
                    external_ref=e.get("externalRef"),  # type: ignore[arg-type]
                    path=list(e.get("path") or []),  # type: ignore[call-overload]
                    message=str(e.get("message")),
                )
                for e in d.errors or []
            ],
            created_at=d.created_at,
            finished_at=d.finished_at,
        )


@strawberry.type(description="A row of an import that did not land.")
class ImportRowError:
    row: int
    external_ref: str | None
    path: list[str]
    message: str
