"""The OEM's first-contact SLA settings: `oemSlaSettings` and `setOemSlaSettings`."""

from __future__ import annotations

import strawberry

from saas.oem.sla_settings import set_sla_settings, sla_settings
from saas.oem.types import SlaWindow
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.errors import ForbiddenError, ValidationErrors, result_union
from saas.schema.inputs import renamed
from saas.schema.mutations import mutation
from saas.schema.permissions import requires


@strawberry.type(description="Your OEM's first-contact SLA for the leads it distributes.")
@described
class OemSlaSettings:
    """
    Attributes:
        sla_hours: Hours a dealer has for the first follow-up of a lead, from the moment it reaches
            the store (24 unless you set another). A lead keeps the value in force when it was
            received: a change applies to leads received afterwards, redistributed ones included.
        warn_minutes: Minutes before the deadline at which the lead's owner is warned; fixed per
            lead when it is received, like slaHours.
        warn_minutes_is_default: true while you have not set warnMinutes: the service's default
            applies.
    """

    sla_hours: int
    warn_minutes: int
    warn_minutes_is_default: bool

    @classmethod
    def of(cls, window: SlaWindow) -> OemSlaSettings:
        return cls(
            sla_hours=window.hours,
            warn_minutes=window.warn_minutes,
            warn_minutes_is_default=window.warn_is_default,
        )


@strawberry.input(description="Your OEM's first-contact SLA (replaces it).")
@described
class SetOemSlaSettingsInput:
    """
    Attributes:
        sla_hours: Hours for the first follow-up, 1 to 720; for leads received from now on.
        warn_minutes: Warn the owner this many minutes before the deadline (at least 1, less than
            slaHours x 60); null: the service's default.
    """

    sla_hours: int
    warn_minutes: int | None = None


SetOemSlaSettingsResult = result_union(
    "SetOemSlaSettingsResult",
    OemSlaSettings | ValidationErrors | ForbiddenError,
    "The settings now in force, or why nothing changed.",
)


renamed(SetOemSlaSettingsInput, hours="sla_hours")


@strawberry.type
class OemSlaQueries:
    @strawberry.field(
        description="Your OEM's first-contact SLA: the deadline and warning of its new leads.",
        extensions=requires("sla_settings", "read"),
    )
    async def oem_sla_settings(self, info: Info) -> OemSlaSettings:
        return OemSlaSettings.of(await sla_settings(info.context.require_actor()))


@strawberry.type
@described
class OemSlaMutations:
    """
    Attributes:
        set_oem_sla_settings: Set your OEM's first-contact deadline and warning lead time, for the
            leads it distributes from now on.
    """

    set_oem_sla_settings = mutation(
        SetOemSlaSettingsResult,
        requires("sla_settings", "update"),
        input=(SetOemSlaSettingsInput, "The new deadline and warning."),
        run=set_sla_settings,
        answer=OemSlaSettings.of,
    )
