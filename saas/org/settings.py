"""A dealer group's rules, typed: the follow-up cadence per intent grade,
value tiers and lifecycle, what happens on an SLA breach, complaint
escalation, the thank-you message, the morning list and after-sales reminder
lead times. Every reader goes through `load_group_settings` (or
`group_settings` for a loaded group); nobody reads `DealerGroup.settings`
by hand.

Settings are named by dotted paths (`cadence.A.first_within_hours`,
`value_tiers.a_percent`): a change is a mapping of such paths to new values,
problems name the path, and the history records each path's before/after.
The column stores the whole table; values it lacks (or holds broken) read as
the defaults below, which are the dealer practice of DESIGN.md."""

from __future__ import annotations

import functools
import logging
import math
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import orjson
from tortoise.queryset import QuerySet

from saas import audit
from saas.errors import FieldProblem, NotFound, ValidationFailed
from saas.hooks import group_settings_changed
from saas.models import AuditEntry, DealerGroup
from saas.tenancy.actor import Actor
from saas.tenancy.roles import Role

log = logging.getLogger("saas.settings")

# The intent grades a cadence exists for (saas.crm.vocabulary.IntentGrade; the
# organisation layer sits below CRM) and how far ahead each grade's purchase
# is: a first follow-up may not wait longer than that.
GRADES = ("H", "A", "B", "C", "N")
HORIZON_DAYS = {"H": 7, "A": 15, "B": 30, "C": 90, "N": 90}
# Who may be told of an SLA breach, and to whom a breached lead may go.
BREACH_NOTIFY_ROLES = (Role.SHOWROOM_MANAGER.value, Role.SALES_MANAGER.value)


class ReassignTarget(StrEnum):
    """To whom a lead goes when it breaches its SLA (if the group reassigns)."""

    NEXT_CONSULTANT = "next_consultant"  # the store's assignment rules, not the owner
    SALES_MANAGER = "sales_manager"  # a sales manager of the store


REASSIGN_TARGETS = tuple(t.value for t in ReassignTarget)
TEMPLATE_FIELDS = ("customer", "store")
HISTORY_OPERATION = "groupSettingsChanged"


@dataclass(frozen=True)
class GradeCadence:
    """First follow-up within `first_within_hours` of the lead's arrival, then
    at least `contacts` follow-ups every `per_days` days."""

    first_within_hours: float
    contacts: int
    per_days: float

    @property
    def first_within(self) -> timedelta:
        return timedelta(hours=self.first_within_hours)

    @property
    def then_every(self) -> timedelta:
        """The longest a lead may wait between two follow-ups."""
        return timedelta(days=self.per_days) / self.contacts


DEFAULT_CADENCE = {
    "H": GradeCadence(24.0, 1, 2.0),
    "A": GradeCadence(72.0, 2, 3.0),
    "B": GradeCadence(168.0, 1, 4.0),
    "C": GradeCadence(360.0, 1, 7.0),
    "N": GradeCadence(720.0, 1, 15.0),
}


@dataclass(frozen=True)
class ValueTiers:
    """Tier A = the top `a_percent` of customers by spend, B = the next
    `b_percent`; lost = no contact and no order for `lost_after_months`."""

    a_percent: float = 5.0
    b_percent: float = 15.0
    lost_after_months: int = 12


@dataclass(frozen=True)
class SlaBreach:
    """When an OEM lead misses its first-contact deadline: who is told
    (`notify`, roles of the lead's store), whether the lead changes hands
    (`reassign`) and to whom (`reassign_to`)."""

    notify: tuple[str, ...] = (Role.SHOWROOM_MANAGER.value,)
    reassign: bool = False
    reassign_to: str = ReassignTarget.NEXT_CONSULTANT.value


@dataclass(frozen=True)
class ThankYou:
    """The message to a customer after a showroom visit: sent within
    `within_hours` of the visit, worded by `template` ({customer}, {store})."""

    within_hours: float = 2.0
    template: str = "Dear {customer}, thank you for visiting {store} today."

    def text(self, customer: str, store: str) -> str:
        return self.template.format(customer=customer, store=store)


@dataclass(frozen=True)
class Reminders:
    """After-sales reminders: maintenance every `maintenance_every_days` or
    `maintenance_every_km`, insurance renewal `insurance_renewal_days` before
    expiry, birthday greetings `birthday_days_before` the day."""

    maintenance_every_days: int = 180
    maintenance_every_km: int = 5_000
    insurance_renewal_days: int = 30
    birthday_days_before: int = 0


# The fields of each part of the settings, read on every load: listed once.
_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {
    kind: tuple(f.name for f in fields(kind))
    for kind in (GradeCadence, ValueTiers, SlaBreach, ThankYou, Reminders)
}


def _names(kind: type[Any]) -> tuple[str, ...]:
    return _FIELD_NAMES[kind]


@dataclass(frozen=True)
class GroupSettings:
    # Read-only: a loaded GroupSettings is shared by every reader (parsed once).
    cadence: Mapping[str, GradeCadence] = field(
        default_factory=lambda: MappingProxyType(dict(DEFAULT_CADENCE))
    )
    value_tiers: ValueTiers = ValueTiers()
    sla_breach: SlaBreach = SlaBreach()
    complaint_escalation_hours: float = 48.0
    thank_you: ThankYou = ThankYou()
    morning_list_hour: int = 8
    reminders: Reminders = Reminders()
    # How long ago a lead may have been lost to stand in the win-back queue.
    win_back_days: int = 180

    def flat(self) -> dict[str, Any]:
        """Every setting by its dotted path."""
        values: dict[str, Any] = {}
        for grade in GRADES:
            for name in _names(GradeCadence):
                values[f"cadence.{grade}.{name}"] = getattr(self.cadence[grade], name)
        for section, kind in _SECTIONS.items():
            part = getattr(self, section)
            for name in _names(kind):
                values[f"{section}.{name}"] = getattr(part, name)
        for name in _SCALARS:
            values[name] = getattr(self, name)
        return values

    @classmethod
    def from_flat(cls, values: Mapping[str, Any]) -> GroupSettings:
        cadence = {
            grade: GradeCadence(
                **{name: values[f"cadence.{grade}.{name}"] for name in _names(GradeCadence)}
            )
            for grade in GRADES
        }
        sections = {
            section: kind(**{name: values[f"{section}.{name}"] for name in _names(kind)})
            for section, kind in _SECTIONS.items()
        }
        return cls(
            cadence=MappingProxyType(cadence),
            **sections,
            **{name: values[name] for name in _SCALARS},
        )


_SECTIONS: dict[str, type[Any]] = {
    "value_tiers": ValueTiers,
    "sla_breach": SlaBreach,
    "thank_you": ThankYou,
    "reminders": Reminders,
}
_SCALARS = ("complaint_escalation_hours", "morning_list_hour", "win_back_days")
DEFAULTS = GroupSettings()
_DEFAULT_VALUES = DEFAULTS.flat()  # read on every load: built once


# ---- validation ---------------------------------------------------------


def _number(value: Any, whole: bool) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or (whole and value != int(value)):
        return None
    return int(value) if whole else float(value)


def _coerce(path: str, value: Any) -> tuple[Any, str | None]:
    """`value` as the type of the setting at `path` (that of its default:
    float defaults are written 5.0), or why it cannot be."""
    default = _DEFAULT_VALUES[path]
    if isinstance(default, bool):
        return (value, None) if isinstance(value, bool) else (None, "must be true or false")
    if isinstance(default, int | float):
        whole = isinstance(default, int)
        number = _number(value, whole)
        if number is None:
            return None, "must be a whole number" if whole else "must be a number"
        return number, None
    if isinstance(default, str):
        return (value, None) if isinstance(value, str) else (None, "must be text")
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(dict.fromkeys(value)), None
    return None, "must be a list of names"


def _between(
    values: Mapping[str, Any], path: str, low: float, high: float, unit: str, *, above: bool = False
) -> FieldProblem | None:
    value = values[path]
    if (value <= low if above else value < low) or value > high:
        lowest = f"more than {low:g}" if above else f"at least {low:g}"
        return FieldProblem(tuple(path.split(".")), f"must be {lowest} and at most {high:g} {unit}")
    return None


def check(values: Mapping[str, Any]) -> list[FieldProblem]:
    """Every rule a group's settings must keep, on the flat table."""
    found: list[FieldProblem | None] = []
    for grade in GRADES:
        horizon = HORIZON_DAYS[grade]
        if not 0 < values[f"cadence.{grade}.first_within_hours"] <= horizon * 24:
            found.append(
                FieldProblem(
                    ("cadence", grade, "first_within_hours"),
                    f"must be more than 0 and at most {horizon * 24} hours: a grade {grade} "
                    f"customer buys within {horizon} days, so the first follow-up cannot wait "
                    "longer",
                )
            )
        found.append(_between(values, f"cadence.{grade}.contacts", 1, 20, "follow-ups"))
        if not 0 < values[f"cadence.{grade}.per_days"] <= horizon:
            found.append(
                FieldProblem(
                    ("cadence", grade, "per_days"),
                    f"must be more than 0 and at most {horizon} days (grade {grade}'s horizon)",
                )
            )
    found += [
        _between(values, "value_tiers.a_percent", 0, 100, "%"),
        _between(values, "value_tiers.b_percent", 0, 100, "%"),
        _between(values, "value_tiers.lost_after_months", 1, 60, "months"),
        _between(values, "complaint_escalation_hours", 0, 720, "hours", above=True),
        _between(values, "thank_you.within_hours", 0, 24, "hours", above=True),
        _between(values, "morning_list_hour", 0, 23, "(local hour of the store)"),
        _between(values, "reminders.maintenance_every_days", 30, 730, "days"),
        _between(values, "reminders.maintenance_every_km", 1_000, 50_000, "km"),
        _between(values, "reminders.insurance_renewal_days", 1, 120, "days"),
        _between(values, "reminders.birthday_days_before", 0, 30, "days"),
        _between(values, "win_back_days", 1, 730, "days"),
    ]
    if values["value_tiers.a_percent"] + values["value_tiers.b_percent"] > 100:
        found.append(
            FieldProblem(
                ("value_tiers", "b_percent"),
                "tiers A and B together may hold at most 100 % of the customers "
                f"(now {values['value_tiers.a_percent']:g} + {values['value_tiers.b_percent']:g})",
            )
        )
    notify = values["sla_breach.notify"]
    unknown = [r for r in notify if r not in BREACH_NOTIFY_ROLES]
    if unknown or not notify:
        found.append(
            FieldProblem(
                ("sla_breach", "notify"),
                f"name one or more of {', '.join(BREACH_NOTIFY_ROLES)}"
                + (f" (not {', '.join(unknown)})" if unknown else ""),
            )
        )
    if values["sla_breach.reassign_to"] not in REASSIGN_TARGETS:
        found.append(
            FieldProblem(
                ("sla_breach", "reassign_to"), f"must be one of {', '.join(REASSIGN_TARGETS)}"
            )
        )
    found.append(_check_template(values["thank_you.template"]))
    return [p for p in found if p is not None]


def _check_template(template: str) -> FieldProblem | None:
    path = ("thank_you", "template")
    if not template.strip() or len(template) > 500:
        return FieldProblem(path, "must be 1 to 500 characters")
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError:
        return FieldProblem(path, "a brace must open {customer} or {store}; write {{ for a brace")
    wrong = [n for n in names if n not in TEMPLATE_FIELDS]
    if wrong:
        return FieldProblem(
            path, f"only {{customer}} and {{store}} may be filled in (not {{{wrong[0]}}})"
        )
    return None


def apply_changes(settings: GroupSettings, changes: Mapping[str, Any]) -> GroupSettings:
    """`settings` with the settings named in `changes` set, the others kept.
    Raises ValidationFailed naming each wrong setting; nothing is applied then."""
    values = settings.flat()
    problems: list[FieldProblem] = []
    for path, value in changes.items():
        parts = tuple(path.split("."))
        if path not in values:
            if parts[0] == "cadence" and len(parts) == 3 and parts[1] not in GRADES:
                message = f"unknown intent grade {parts[1]!r}: the cadence is set for "
                message += ", ".join(GRADES)
                problems.append(FieldProblem(parts[:2], message))
            else:
                problems.append(FieldProblem(parts, "there is no such setting"))
            continue
        coerced, wrong = _coerce(path, value)
        if wrong is not None:
            problems.append(FieldProblem(parts, wrong))
        else:
            values[path] = coerced
    if problems:
        raise ValidationFailed(problems)
    problems = check(values)
    if problems:
        raise ValidationFailed(problems)
    return GroupSettings.from_flat(values)


# ---- storage ------------------------------------------------------------


def _nested(values: Mapping[str, Any]) -> dict[str, Any]:
    stored: dict[str, Any] = {}
    for path, value in values.items():
        *parents, name = path.split(".")
        node = stored
        for part in parents:
            node = node.setdefault(part, {})
        node[name] = list(value) if isinstance(value, tuple) else value
    return stored


def to_stored(settings: GroupSettings) -> dict[str, Any]:
    """The JSON the column holds: every setting, nested by its path."""
    return _nested(settings.flat())


def _stored_flat(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The paths a stored column gives values for, including the keys of the
    first format ({"cadence": {"H": {"first_hours", "every_hours"}}},
    "sla_reassign_on_breach")."""
    found: dict[str, Any] = {}

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for key, value in node.items():
            path = f"{prefix}{key}"
            if isinstance(value, Mapping):
                walk(value, path + ".")
            else:
                found[path] = value

    walk(stored, "")
    for grade in GRADES:
        legacy_first = found.pop(f"cadence.{grade}.first_hours", None)
        if legacy_first is not None:
            found.setdefault(f"cadence.{grade}.first_within_hours", legacy_first)
        every = found.pop(f"cadence.{grade}.every_hours", None)
        if _number(every, False):
            found.setdefault(f"cadence.{grade}.contacts", 1)
            found.setdefault(f"cadence.{grade}.per_days", float(every) / 24)
    legacy_reassign = found.pop("sla_reassign_on_breach", None)
    if legacy_reassign is not None:
        found.setdefault("sla_breach.reassign", legacy_reassign)
    return found


def from_stored(stored: Mapping[str, Any] | None, tenant_id: int | None = None) -> GroupSettings:
    """The typed settings of a stored column. A value it lacks reads as the
    default; so does one that is unusable (of the wrong type, or breaking a
    rule), which is logged: a job must never stop on a group's settings."""
    # Read for every lead taken in and every follow-up: parsed once per content.
    return _parse(orjson.dumps(stored or {}, option=orjson.OPT_SORT_KEYS), tenant_id)


@functools.lru_cache(maxsize=512)
def _parse(stored: bytes, tenant_id: int | None) -> GroupSettings:
    values = dict(_DEFAULT_VALUES)
    for path, value in _stored_flat(orjson.loads(stored)).items():
        if path in values:
            coerced, wrong = _coerce(path, value)
            if wrong is None:
                values[path] = coerced
    for _ in range(2):
        problems = check(values)
        if not problems:
            return GroupSettings.from_flat(values)
        log.warning("dealer group %s: stored settings %s; using defaults", tenant_id, problems)
        for problem in problems:
            path = ".".join(problem.path)
            if path in values:
                values[path] = _DEFAULT_VALUES[path]
            if path == "value_tiers.b_percent":
                values["value_tiers.a_percent"] = DEFAULTS.value_tiers.a_percent
    return DEFAULTS


def group_settings(group: DealerGroup | None) -> GroupSettings:
    """The settings of a dealer group already loaded (the defaults for none)."""
    return from_stored(group.settings, group.id) if group is not None else DEFAULTS


async def load_group_settings(tenant_id: int) -> GroupSettings:
    """The dealer group's settings, for any rule that depends on them."""
    return group_settings(await DealerGroup.get_or_none(id=tenant_id))


async def load_many_group_settings(tenant_ids: Iterable[int]) -> dict[int, GroupSettings]:
    """The settings of several dealer groups in one query (a sweep across
    tenants); a group that does not exist is left out."""
    wanted = list(set(tenant_ids))
    if not wanted:
        return {}
    return {g.id: group_settings(g) for g in await DealerGroup.filter(id__in=wanted)}


# ---- changes and their history ------------------------------------------


@dataclass(frozen=True)
class SettingChange:
    setting: str
    before: Any
    after: Any


def differences(before: GroupSettings, after: GroupSettings) -> list[SettingChange]:
    old, new = before.flat(), after.flat()
    return [
        SettingChange(path, _plain(old[path]), _plain(new[path]))
        for path in old
        if old[path] != new[path]
    ]


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class SettingsUpdate:
    settings: GroupSettings
    changes: list[SettingChange]


async def update_group_settings(
    tenant_id: int,
    changes: Mapping[str, Any],
    *,
    actor: Actor | None,
    now: datetime | None = None,
) -> SettingsUpdate:
    """Set the settings named in `changes` (dotted paths), keep the others.
    All or nothing: a wrong value raises ValidationFailed and changes nothing.
    In the caller's transaction: the group's row is locked (two admins at once
    apply one change after the other), the change is kept in the history
    (`settings_history`) and announced on `group_settings_changed`, whose
    handlers make open work follow it (CRM moves the due times of open leads
    of each grade whose cadence changed)."""
    now = now or datetime.now(UTC)
    group = await DealerGroup.filter(id=tenant_id).select_for_update().first()
    if group is None:
        raise NotFound("dealer group", tenant_id)
    before = group_settings(group)
    after = apply_changes(before, changes)
    changed = differences(before, after)
    if not changed:
        return SettingsUpdate(after, [])
    await DealerGroup.filter(id=tenant_id).update(settings=to_stored(after))
    audit.record_change(
        "dealer_group",
        tenant_id,
        {c.setting: c.before for c in changed},
        {c.setting: c.after for c in changed},
    )
    await group_settings_changed(tenant_id, frozenset(c.setting for c in changed), now)
    await audit.write(
        HISTORY_OPERATION,
        "changed",
        actor=actor,
        tenant_id=tenant_id,
        object_type="DealerGroup",
        object_id=str(tenant_id),
        details={"changes": [vars(c) for c in changed]},
    )
    return SettingsUpdate(after, changed)


def settings_history(tenant_id: int | None) -> QuerySet[AuditEntry]:
    """The group's settings changes (who, when, each setting's before/after),
    kept in the audit log, which nobody can change."""
    return audit.entries_of(tenant_id, HISTORY_OPERATION)


def history_changes(entry: AuditEntry) -> list[SettingChange]:
    details: Any = entry.details if isinstance(entry.details, Mapping) else {}
    changes = details.get("changes")
    return [
        SettingChange(str(c.get("setting")), c.get("before"), c.get("after"))
        for c in (changes if isinstance(changes, list) else [])
        if isinstance(c, Mapping)
    ]
