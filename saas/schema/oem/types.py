"""The OEM's privacy-limited view of the leads it distributed."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from saas import models
from saas.oem import types as oem
from saas.oem.imports import MAX_KEPT_ERRORS
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.inputs import converts, input_path
from saas.schema.limits import MaxItems
from saas.schema.relay import Node, from_row


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


@converts(ReturnReason)
def _return_reason(reason: ReturnReason) -> oem.ReturnReason:
    """The schema's own enum, as the services take it."""
    return oem.ReturnReason(reason.value)


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
@described
class DistributedLead(Node):
    """
    Attributes:
        external_ref: The OEM's own reference.
        brand: The brand the enquiry is for.
        customer_name: The customer's name as the OEM sent it.
        phone_masked: The phone the OEM sent, masked (138****1234); the full number is never shown
            here.
        status: With a dealer, returned, or a duplicate.
        store_code: Code of the store the lead went to; null while returned and not redistributed.
        store_region: Region of that store; null while returned and not redistributed.
        status_grade: H/A/B/C/N, or O/D/T/F.
        stage: The dealer lead's funnel stage (first_contact ... delivery); null when not mirrored
            (e.g. duplicate).
        outcome: won, lost, or null while open.
        lost_reason: The dealer's lost reason when the lead was lost (e.g. price,
            bought_competitor); else null.
        return_reason: Why the dealer sent the lead back; null unless returned.
        return_note: The dealer's note on the return; null when none.
        received_at: When the lead reached its current store (UTC); the first-contact clock starts
            here.
        assigned_at: When a consultant was assigned (UTC); null while no one owns it.
        first_contact_at: When the dealer's first follow-up took place (UTC); null until then. Stops
            the SLA clock.
        sla_due_at: When the first follow-up is due (UTC): receivedAt + the OEM's slaHours in force
            when the lead was received (24 by default).
        sla_outcome: Whether the first follow-up came in time.
        breached_at: When the lead breached its SLA (UTC): its deadline, slaDueAt, whether the sweep
            found the breach or a first contact logged late did; null unless breached.
        minutes_to_first_contact: Minutes from receivedAt to firstContactAt (one decimal); null
            until the first contact.
    """

    external_ref: str
    brand: str
    customer_name: str
    phone_masked: str
    status: DistributionStatus
    store_code: str | None
    store_region: str | None
    status_grade: str | None
    stage: str | None
    outcome: str | None
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
        return from_row(
            cls,
            d,
            return_reason=ReturnReason(d.return_reason) if d.return_reason else None,
            minutes_to_first_contact=round(
                (d.first_contact_at - d.received_at).total_seconds() / 60, 1
            )
            if d.first_contact_at
            else None,
        )


@strawberry.type(description="SLA compliance of one store or region over a period.")
@described
class SlaComplianceRow:
    """
    Attributes:
        key: Store code or region.
        total: Leads received in the period.
        met: Leads first contacted by their deadline.
        breached: Leads that missed their deadline.
        pending: Leads still inside their window without a contact.
        met_percent: met / (met + breached), in %.
        median_minutes_to_first_contact: Median minutes to first contact over the contacted leads;
            null when none.
        p90_minutes_to_first_contact: 90th percentile of minutes to first contact; null when none.
        won: Leads that ordered.
        conversion_percent: won / total, in %.
    """

    key: str
    total: int
    met: int
    breached: int
    pending: int
    met_percent: float | None
    median_minutes_to_first_contact: float | None
    p90_minutes_to_first_contact: float | None
    won: int
    conversion_percent: float | None


@strawberry.type(description="A large import being distributed in the background.")
@described
class DistributionImport(Node):
    """
    Attributes:
        status: queued, running, done or failed.
        total: Rows in the import.
        processed: Rows handled so far.
        landed: Rows that became leads at a store.
        failed: Rows that did not land (see errors).
        progress_percent: processed / total, in % (one decimal); 100 for an empty import.
        created_at: When the import was queued (UTC, ISO-8601).
        finished_at: When it finished (UTC); null while queued or running.
    """

    status: str
    total: int
    processed: int
    landed: int
    failed: int
    progress_percent: float
    errors: list[ImportRowError] = strawberry.field(
        description="The first 1,000 bad rows.", directives=[MaxItems(count=MAX_KEPT_ERRORS)]
    )
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_model(cls, d: models.DistributionImport) -> DistributionImport:
        return from_row(
            cls,
            d,
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
        )


@strawberry.type(description="A row of an import that did not land.")
@described
class ImportRowError:
    """
    Attributes:
        row: Row number in the submitted list, starting at 1.
        external_ref: The row's OEM reference, when it had one.
        path: Path of the offending input field, as in ValidationErrors.
        message: What is wrong, in plain words.
    """

    row: int
    external_ref: str | None
    path: list[str]
    message: str
