"""The OEM's privacy-limited view of the leads it distributed."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from saas import models
from saas.oem.imports import MAX_KEPT_ERRORS
from saas.schema.enums import described_enum
from saas.schema.inputs import input_path
from saas.schema.limits import MaxItems
from saas.schema.relay import Node, to_global_id


@described_enum(
    description="The first-contact clock: the OEM's slaHours (24 by default) in force when the "
    "lead reached the store.",
    values={
        "PENDING": "No first follow-up yet and the deadline (slaDueAt) has not passed.",
        "MET": "First follow-up happened and was logged by the deadline.",
        "BREACHED": "The deadline passed without a follow-up on record; the store's showroom "
        "managers were notified once and, if the dealer group chose so and nobody had called "
        "yet, the lead was reassigned.",
        "EXCLUDED": "No clock runs: a duplicate of a customer the dealer was already working.",
    },
)
class SlaOutcome(Enum):
    PENDING = "pending"
    MET = "met"
    BREACHED = "breached"
    EXCLUDED = "excluded"


@described_enum(
    description="Why a dealer sent a lead back.",
    values={
        "INVALID": "Not a real enquiry, or the contact data does not work.",
        "DUPLICATE": "The dealer already has this customer's enquiry.",
        "OUT_OF_AREA": "The customer is outside the store's area.",
    },
)
class ReturnReason(Enum):
    INVALID = "invalid"
    DUPLICATE = "duplicate"
    OUT_OF_AREA = "out_of_area"


@described_enum(
    description="active: with a dealer; returned: sent back, waiting to be redistributed; "
    "duplicate: the dealer was already working this customer at that store (no clock "
    "runs).",
    values={
        "ACTIVE": "With a dealer store, being worked.",
        "RETURNED": "Sent back by the dealer; waiting to be redistributed.",
        "DUPLICATE": "The dealer was already working this customer at that store; no SLA clock "
        "runs and nothing of the dealer's lead is shown.",
    },
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
    brand: str = strawberry.field(description="The brand the enquiry is for.")
    customer_name: str = strawberry.field(description="The customer's name as the OEM sent it.")
    phone_masked: str = strawberry.field(
        description="The phone the OEM sent, masked (138****1234); the full number is never shown"
        " here."
    )
    status: DistributionStatus = strawberry.field(
        description="With a dealer, returned, or a duplicate."
    )
    store_code: str | None = strawberry.field(
        description="Code of the store the lead went to; null while returned and not redistributed."
    )
    store_region: str | None = strawberry.field(
        description="Region of that store; null while returned and not redistributed."
    )
    status_grade: str | None = strawberry.field(description="H/A/B/C/N, or O/D/T/F.")
    stage: str | None = strawberry.field(
        description="The dealer lead's funnel stage (first_contact ... delivery); null when not "
        "mirrored (e.g. duplicate)."
    )
    outcome: str | None = strawberry.field(description="won, lost, or null while open.")
    lost_reason: str | None = strawberry.field(
        description="The dealer's lost reason when the lead was lost (e.g. price, "
        "bought_competitor); else null."
    )
    return_reason: ReturnReason | None = strawberry.field(
        description="Why the dealer sent the lead back; null unless returned."
    )
    return_note: str | None = strawberry.field(
        description="The dealer's note on the return; null when none."
    )
    received_at: datetime = strawberry.field(
        description="When the lead reached its current store (UTC); the first-contact clock "
        "starts here."
    )
    assigned_at: datetime | None = strawberry.field(
        description="When a consultant was assigned (UTC); null while no one owns it."
    )
    first_contact_at: datetime | None = strawberry.field(
        description="When the dealer's first follow-up took place (UTC); null until then. Stops "
        "the SLA clock."
    )
    sla_due_at: datetime = strawberry.field(
        description="When the first follow-up is due (UTC): receivedAt + the OEM's slaHours in "
        "force when the lead was received (24 by default)."
    )
    sla_outcome: SlaOutcome = strawberry.field(
        description="Whether the first follow-up came in time."
    )
    breached_at: datetime | None = strawberry.field(
        description="When the lead breached its SLA (UTC): its deadline, slaDueAt, whether the "
        "sweep found the breach or a first contact logged late did; null unless breached."
    )
    minutes_to_first_contact: float | None = strawberry.field(
        description="Minutes from receivedAt to firstContactAt (one decimal); null until the "
        "first contact."
    )

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
    total: int = strawberry.field(description="Leads received in the period.")
    met: int = strawberry.field(description="Leads first contacted by their deadline.")
    breached: int = strawberry.field(description="Leads that missed their deadline.")
    pending: int = strawberry.field(
        description="Leads still inside their window without a contact."
    )
    met_percent: float | None = strawberry.field(description="met / (met + breached), in %.")
    median_minutes_to_first_contact: float | None = strawberry.field(
        description="Median minutes to first contact over the contacted leads; null when none."
    )
    p90_minutes_to_first_contact: float | None = strawberry.field(
        description="90th percentile of minutes to first contact; null when none."
    )
    won: int = strawberry.field(description="Leads that ordered.")
    conversion_percent: float | None = strawberry.field(description="won / total, in %.")


@strawberry.type(description="A large import being distributed in the background.")
class DistributionImport(Node):
    status: str = strawberry.field(description="queued, running, done or failed.")
    total: int = strawberry.field(description="Rows in the import.")
    processed: int = strawberry.field(description="Rows handled so far.")
    landed: int = strawberry.field(description="Rows that became leads at a store.")
    failed: int = strawberry.field(description="Rows that did not land (see errors).")
    progress_percent: float = strawberry.field(
        description="processed / total, in % (one decimal); 100 for an empty import."
    )
    errors: list[ImportRowError] = strawberry.field(
        description="The first 1,000 bad rows.", directives=[MaxItems(count=MAX_KEPT_ERRORS)]
    )
    created_at: datetime = strawberry.field(
        description="When the import was queued (UTC, ISO-8601)."
    )
    finished_at: datetime | None = strawberry.field(
        description="When it finished (UTC); null while queued or running."
    )

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
                    path=input_path("ImportLeadsInput", e.get("path") or []),  # type: ignore[arg-type]
                    message=str(e.get("message")),
                )
                for e in d.errors or []
            ],
            created_at=d.created_at,
            finished_at=d.finished_at,
        )


@strawberry.type(description="A row of an import that did not land.")
class ImportRowError:
    row: int = strawberry.field(description="Row number in the submitted list, starting at 1.")
    external_ref: str | None = strawberry.field(
        description="The row's OEM reference, when it had one."
    )
    path: list[str] = strawberry.field(
        description="Path of the offending input field, as in ValidationErrors."
    )
    message: str = strawberry.field(description="What is wrong, in plain words.")
