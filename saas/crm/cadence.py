"""Follow-up cadence by intent grade (default table of DESIGN.md; tenants may
tune it under their settings' "cadence" key)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from saas.crm.vocabulary import IntentGrade


@dataclass(frozen=True)
class Cadence:
    first_within: timedelta  # first follow-up after the lead arrives
    then_every: timedelta  # at least one follow-up per this interval afterwards


DEFAULT_CADENCE: dict[IntentGrade, Cadence] = {
    IntentGrade.H: Cadence(timedelta(hours=24), timedelta(days=2)),
    IntentGrade.A: Cadence(timedelta(days=3), timedelta(hours=36)),  # twice every 3 days
    IntentGrade.B: Cadence(timedelta(days=7), timedelta(days=4)),
    IntentGrade.C: Cadence(timedelta(days=15), timedelta(days=7)),
    IntentGrade.N: Cadence(timedelta(days=30), timedelta(days=15)),
}


def cadence_table(settings: Mapping[str, object] | None) -> dict[IntentGrade, Cadence]:
    """The tenant's table: {"cadence": {"H": {"first_hours": 12, "every_hours": 24}}}
    overrides the default grade by grade."""
    table = dict(DEFAULT_CADENCE)
    overrides = (settings or {}).get("cadence") or {}
    if isinstance(overrides, Mapping):
        for grade, values in overrides.items():
            if grade in IntentGrade.__members__ and isinstance(values, Mapping):
                base = table[IntentGrade(grade)]
                table[IntentGrade(grade)] = Cadence(
                    timedelta(hours=float(values["first_hours"]))
                    if "first_hours" in values
                    else base.first_within,
                    timedelta(hours=float(values["every_hours"]))
                    if "every_hours" in values
                    else base.then_every,
                )
    return table


def cadence_due(
    table: Mapping[IntentGrade, Cadence],
    grade: IntentGrade,
    received_at: datetime,
    last_follow_up_at: datetime | None,
) -> datetime:
    """When the next follow-up is due by the grade's cadence: the first within
    `first_within` of arrival, then at least every `then_every`."""
    cadence = table[grade]
    if last_follow_up_at is None:
        return received_at + cadence.first_within
    return last_follow_up_at + cadence.then_every


def due_at(cadence_due_at: datetime | None, next_follow_up_at: datetime | None) -> datetime | None:
    """The earlier of the cadence deadline and the consultant's planned date."""
    dates = [d for d in (cadence_due_at, next_follow_up_at) if d is not None]
    return min(dates) if dates else None
