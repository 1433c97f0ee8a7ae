"""The OEM's privacy-limited view of one distributed lead, as plain data (for
webhooks): where it went and how it is worked, never the dealer's notes,
owner, prices or other customers. Phone numbers are masked."""

from __future__ import annotations

from datetime import datetime

from saas.models import DistributedLead


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def oem_view(d: DistributedLead) -> dict[str, object]:
    return {
        "id": d.id,
        "externalRef": d.external_ref,
        "brand": d.brand,
        "customerName": d.customer_name,
        "phoneMasked": d.phone_masked,
        "status": d.status,
        "storeCode": d.store_code,
        "storeRegion": d.store_region,
        "statusGrade": d.status_grade,
        "stage": d.stage,
        "outcome": d.outcome,
        "lostReason": d.lost_reason,
        "receivedAt": _iso(d.received_at),
        "assignedAt": _iso(d.assigned_at),
        "firstContactAt": _iso(d.first_contact_at),
        "slaDueAt": _iso(d.sla_due_at),
        "slaOutcome": d.sla_outcome,
        "breachedAt": _iso(d.breached_at),
    }


# Event fields an OEM may see next to its view (stage and grade names, due times).
OEM_EVENT_FIELDS = ("previousStage", "stage", "previousGrade", "grade", "dueAt", "lostReason")
