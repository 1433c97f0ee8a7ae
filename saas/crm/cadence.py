"""Follow-up cadence by intent grade: the group's table
(`saas.org.settings`, the default of DESIGN.md unless the group tuned it)
gives each lead's cadence deadline; a change of the table moves the
deadlines of open leads at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from saas import hooks
from saas.crm.repository import LeadRepository
from saas.crm.vocabulary import IntentGrade
from saas.org.settings import DEFAULTS, GroupSettings, load_group_settings


@dataclass(frozen=True)
class Cadence:
    first_within: timedelta  # first follow-up after the lead arrives
    then_every: timedelta  # at least one follow-up per this interval afterwards


def cadence_table(settings: GroupSettings) -> dict[IntentGrade, Cadence]:
    """The group's table, grade by grade."""
    return {
        IntentGrade(grade): Cadence(rule.first_within, rule.then_every)
        for grade, rule in settings.cadence.items()
    }


DEFAULT_CADENCE: dict[IntentGrade, Cadence] = cadence_table(DEFAULTS)


async def tenant_cadence(tenant_id: int) -> dict[IntentGrade, Cadence]:
    return cadence_table(await load_group_settings(tenant_id))


async def follow_new_cadence(
    tenant_id: int, changed: frozenset[str], now: datetime | None = None
) -> int:
    """After the group's cadence changed: the open leads of each changed
    grade get their deadline from the new table, once, in the same
    transaction (so next follow-ups, overdue flags, morning lists and reports
    follow it at once). Returns the leads moved."""
    grades = {path.split(".")[1] for path in changed if path.startswith("cadence.")}
    if not grades:
        return 0
    table = await tenant_cadence(tenant_id)
    return await LeadRepository(tenant_id).follow_cadence(
        {
            grade: (table[IntentGrade(grade)].first_within, table[IntentGrade(grade)].then_every)
            for grade in sorted(grades)
        },
        now or datetime.now(UTC),
    )


async def _on_settings_changed(tenant_id: int, changed: frozenset[str], now: datetime) -> None:
    await follow_new_cadence(tenant_id, changed, now)


def install() -> None:
    hooks.group_settings_changed.register(_on_settings_changed)


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
