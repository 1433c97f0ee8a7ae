"""The typed group settings without GraphQL: defaults, partial changes,
validation naming each setting, and what a stored column reads as."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import timedelta

import pytest

from saas.crm.cadence import DEFAULT_CADENCE, cadence_table
from saas.crm.vocabulary import IntentGrade
from saas.errors import ValidationFailed
from saas.org.settings import (
    DEFAULTS,
    GRADES,
    apply_changes,
    differences,
    from_stored,
    to_stored,
)


def _problems(changes: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as raised:
        apply_changes(DEFAULTS, changes)
    return {".".join(p.path): p.message for p in raised.value.problems}


def test_the_grades_are_the_crm_grades() -> None:
    assert list(GRADES) == [g.value for g in IntentGrade]


def test_defaults_are_the_dealer_practice() -> None:
    cadence = {g: (c.first_within, c.then_every) for g, c in DEFAULT_CADENCE.items()}
    assert cadence[IntentGrade.A] == (timedelta(days=3), timedelta(hours=36))  # twice in 3 days
    assert (DEFAULTS.value_tiers.a_percent, DEFAULTS.value_tiers.b_percent) == (5, 15)
    assert DEFAULTS.complaint_escalation_hours == 48 and DEFAULTS.morning_list_hour == 8
    assert DEFAULTS.thank_you.within_hours == 2 and not DEFAULTS.sla_breach.reassign
    assert DEFAULTS.reminders.insurance_renewal_days == 30


def test_a_change_sets_only_what_it_names() -> None:
    changed = apply_changes(
        DEFAULTS, {"cadence.A.first_within_hours": 48, "value_tiers.a_percent": 10}
    )
    assert cadence_table(changed)[IntentGrade.A].first_within == timedelta(hours=48)
    assert changed.cadence["A"].contacts == 2 and changed.cadence["H"] == DEFAULTS.cadence["H"]
    assert [(c.setting, c.before, c.after) for c in differences(DEFAULTS, changed)] == [
        ("cadence.A.first_within_hours", 72.0, 48.0),
        ("value_tiers.a_percent", 5.0, 10.0),
    ]


def test_each_wrong_setting_is_named_with_what_to_fix() -> None:
    problems = _problems(
        {
            "cadence.H.first_within_hours": 24 * 8,  # H buys within 7 days
            "cadence.B.contacts": 0,
            "value_tiers.a_percent": 60,
            "value_tiers.b_percent": 50,
            "complaint_escalation_hours": -4,
            "thank_you.template": "Hi {name}",
            "sla_breach.notify": ["consultant"],
        }
    )
    assert set(problems) == {
        "cadence.H.first_within_hours",
        "cadence.B.contacts",
        "value_tiers.b_percent",
        "complaint_escalation_hours",
        "thank_you.template",
        "sla_breach.notify",
    }
    assert "at most 168 hours" in problems["cadence.H.first_within_hours"]
    assert "100 %" in problems["value_tiers.b_percent"]
    assert "more than 0" in problems["complaint_escalation_hours"]
    assert "{name}" in problems["thank_you.template"]


def test_unknown_grades_settings_and_types_are_refused() -> None:
    assert _problems(
        {
            "cadence.X.first_within_hours": 10,
            "cadence.A.speed": 1,
            "morning_list_hour": 7.5,
            "sla_breach.reassign": "yes",
        }
    ) == {
        "cadence.X": "unknown intent grade 'X': the cadence is set for H, A, B, C, N",
        "cadence.A.speed": "there is no such setting",
        "morning_list_hour": "must be a whole number",
        "sla_breach.reassign": "must be true or false",
    }


def test_the_stored_column_round_trips_and_reads_the_first_format() -> None:
    changed = apply_changes(DEFAULTS, {"cadence.C.per_days": 10, "sla_breach.reassign": True})
    assert from_stored(to_stored(changed)) == changed
    assert "sla_reassign_on_breach" not in to_stored(changed)
    legacy = from_stored(
        {"cadence": {"H": {"first_hours": 4, "every_hours": 12}}, "sla_reassign_on_breach": True}
    )
    assert legacy.cadence["H"].first_within == timedelta(hours=4)
    assert legacy.cadence["H"].then_every == timedelta(hours=12)
    assert legacy.sla_breach.reassign


def test_a_broken_stored_value_reads_as_its_default() -> None:
    read = from_stored(
        {
            "complaint_escalation_hours": -1,
            "value_tiers": {"a_percent": "ten"},
            "morning_list_hour": 9,
        }
    )
    assert read.complaint_escalation_hours == 48
    assert read.value_tiers == DEFAULTS.value_tiers
    assert read.morning_list_hour == 9


def test_float_settings_have_float_defaults() -> None:
    """A setting's type is its default's: 5 instead of 5.0 would refuse 7.5."""
    parts = [DEFAULTS, *DEFAULTS.cadence.values()]
    parts += [getattr(DEFAULTS, f.name) for f in fields(DEFAULTS) if is_dataclass(f.default)]
    for part in parts:
        for f in fields(part):
            if f.type == "float":
                assert isinstance(getattr(part, f.name), float), (type(part).__name__, f.name)
