"""SLA compliance statistics of an OEM's distributed leads, per store or
region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from saas.db import db
from saas.errors import ValidationFailed
from saas.oem.repository import OemLeadRepository
from saas.oem.types import oem_of
from saas.tenancy.actor import Actor
from saas.validation import check_aware


@dataclass(frozen=True)
class ComplianceRow:
    key: str
    total: int
    met: int
    breached: int
    pending: int
    met_percent: float | None
    median_minutes: float | None
    p90_minutes: float | None
    won: int = 0
    conversion_percent: float | None = None  # won / total


@dataclass
class _Tally:
    """One store's (or region's) SLA figures before they are keyed and rounded."""

    store_id: int | None
    code: str | None
    region: str | None
    total: int
    met: int
    breached: int
    won: int
    median: float | None
    p90: float | None


async def sla_compliance(
    actor: Actor, start: datetime, end: datetime, by: str
) -> list[ComplianceRow]:
    """Per store or region, for leads received in [start, end): counts, met %
    (of decided leads), and median / 90th percentile minutes to first contact."""
    problems = [p for p in (check_aware("from", start), check_aware("to", end)) if p]
    if problems:
        raise ValidationFailed(problems)
    if end <= start:
        raise ValidationFailed.one("to", "must be after `from`")
    postgres = db().schema_generator.DIALECT == "postgres"
    tally = _tally_in_sql if postgres else _tally_in_python
    tallies = await tally(oem_of(actor), start, end, by == "store")
    # Store codes are unique within a dealer group only: two groups may both
    # have an "SH-1", so a repeated code carries its store id.
    codes: dict[str | None, set[int | None]] = {}
    for t in tallies:
        codes.setdefault(t.code, set()).add(t.store_id)

    def key(t: _Tally) -> str:
        if by != "store":
            return t.region or "-"
        return str(t.code) if len(codes[t.code]) == 1 else f"{t.code} #{t.store_id}"

    report = []
    for t in sorted(tallies, key=key):
        decided = t.met + t.breached
        report.append(
            ComplianceRow(
                key=key(t),
                total=t.total,
                met=t.met,
                breached=t.breached,
                pending=t.total - decided,
                met_percent=round(100 * t.met / decided, 1) if decided else None,
                median_minutes=None if t.median is None else round(t.median, 1),
                p90_minutes=None if t.p90 is None else round(t.p90, 1),
                won=t.won,
                conversion_percent=round(100 * t.won / t.total, 1),
            )
        )
    return report


async def _tally_in_sql(
    oem_id: int, start: datetime, end: datetime, by_store: bool
) -> list[_Tally]:
    """PostgreSQL: one grouped query; percentiles by percentile_cont."""
    place = (
        "store_id, store_code AS code, NULL AS region"
        if by_store
        else "NULL::bigint AS store_id, NULL AS code, store_region AS region"
    )
    minutes = "extract(epoch FROM first_contact_at - received_at) / 60"
    sql = f"""SELECT {place}, count(*) AS total,
        count(*) FILTER (WHERE sla_outcome = 'met') AS met,
        count(*) FILTER (WHERE sla_outcome = 'breached') AS breached,
        count(*) FILTER (WHERE outcome = 'won') AS won,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY {minutes})
            FILTER (WHERE first_contact_at IS NOT NULL) AS median,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY {minutes})
            FILTER (WHERE first_contact_at IS NOT NULL) AS p90
        FROM distributed_lead
        WHERE oem_id = $1 AND received_at >= $2 AND received_at < $3
          AND store_id IS NOT NULL AND status <> 'duplicate'
        GROUP BY {"store_id, store_code" if by_store else "store_region"}"""
    rows = await db().execute_query_dict(sql, [oem_id, start, end])
    return [_Tally(**r) for r in rows]


async def _tally_in_python(
    oem_id: int, start: datetime, end: datetime, by_store: bool
) -> list[_Tally]:
    """SQLite has no percentile_cont: the same figures from the rows."""
    rows = (
        OemLeadRepository(oem_id)
        .query()
        .filter(received_at__gte=start, received_at__lt=end, store_id__isnull=False)
        .exclude(status="duplicate")
    )
    groups: dict[tuple[object, ...], list[tuple[str, datetime, datetime | None, str | None]]] = {}
    for store_id, code, region, outcome, received, first, result in await rows.values_list(
        "store_id", "store_code", "store_region", "sla_outcome", "received_at",
        "first_contact_at", "outcome",
    ):  # fmt: skip
        group = (store_id, code, None) if by_store else (None, None, region)
        groups.setdefault(group, []).append((outcome, received, first, result))
    tallies = []
    for (store_id, code, region), items in groups.items():
        minutes = sorted((f - r).total_seconds() / 60 for _, r, f, _ in items if f is not None)
        tallies.append(
            _Tally(
                store_id=store_id,  # type: ignore[arg-type]
                code=code,  # type: ignore[arg-type]
                region=region,  # type: ignore[arg-type]
                total=len(items),
                met=sum(1 for o, *_ in items if o == "met"),
                breached=sum(1 for o, *_ in items if o == "breached"),
                won=sum(1 for *_, won in items if won == "won"),
                median=_percentile(minutes, 0.5),
                p90=_percentile(minutes, 0.9),
            )
        )
    return tallies


def _percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    position = (len(values) - 1) * q
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)
