"""The OEM's first-contact SLA: how many hours a dealer has for the first
follow-up of a lead the OEM sent, and how long before that the lead's owner is
warned. Set by the OEM's distributor; each lead keeps the values of the moment
it was received (`SlaWindow.clock`), so a change applies to leads received
from then on, and a dealer's compliance is judged against what was in force
when its lead arrived."""

from __future__ import annotations

from saas.audit import record_change
from saas.errors import FieldProblem, ValidationFailed
from saas.models import Oem
from saas.oem.types import MAX_SLA_HOURS, SlaWindow, oem_of
from saas.settings import get_settings
from saas.tenancy.actor import Actor


async def sla_settings(actor: Actor) -> SlaWindow:
    """The caller's OEM's deadline and warning lead time in force now."""
    return SlaWindow.of(await Oem.get(id=oem_of(actor)))


async def set_sla_settings(actor: Actor, hours: int, warn_minutes: int | None) -> SlaWindow:
    """Set the OEM's deadline (`hours`) and warning lead time (`warn_minutes`;
    None: the service's default, SLA_WARN_MINUTES). Both are whole, positive,
    and the warning comes before the deadline; nothing changes otherwise."""
    oem_id = oem_of(actor)
    oem = await Oem.get(id=oem_id)
    problems = []
    if not 1 <= hours <= MAX_SLA_HOURS:
        problems.append(
            FieldProblem(
                ("sla_hours",),
                f"give the deadline in whole hours, from 1 to {MAX_SLA_HOURS} (30 days)",
            )
        )
    if warn_minutes is not None and warn_minutes < 1:
        problems.append(
            FieldProblem(("warn_minutes",), "give at least 1 minute, or null for the default")
        )
    elif not problems:
        warn = get_settings().sla_warn_minutes if warn_minutes is None else warn_minutes
        if warn >= hours * 60:
            default = (
                f"the default warning lead time of {warn} minutes" if warn_minutes is None else "it"
            )
            problems.append(
                FieldProblem(
                    ("warn_minutes",),
                    f"the warning must come before the {hours}-hour deadline: {default} must be "
                    f"under {hours * 60} minutes",
                )
            )
    if problems:
        raise ValidationFailed(problems)
    before = {"sla_hours": oem.sla_hours, "sla_warn_minutes": oem.sla_warn_minutes}
    after = {"sla_hours": hours, "sla_warn_minutes": warn_minutes}
    await Oem.filter(id=oem_id).update(**after)
    record_change("oem", oem_id, before, after)
    oem.sla_hours, oem.sla_warn_minutes = hours, warn_minutes
    return SlaWindow.of(oem)
