"""The dealer group's settings: read them (`groupSettings`, group admins and
store managers), change some of them (`updateGroupSettings`, group admins),
and read who changed what (`groupSettingsHistory`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

import strawberry

from saas import models
from saas.crm import vocabulary as v
from saas.errors import FieldProblem, ValidationFailed
from saas.org import settings as service
from saas.schema.context import Info
from saas.schema.crm.types import IntentGrade
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import ValidationErrors, result_union
from saas.schema.identity.types import RoleName
from saas.schema.limits import MaxItems
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import listing
from saas.schema.relay import optional_global_id
from saas.tenancy.context import require_tenant

OPEN_LEADS = (
    "Open leads follow a change at once: in the same transaction, every open lead of a grade "
    "whose cadence changed gets its cadence deadline (cadenceDueAt) anew from the new table, "
    "counted from its arrival before the first follow-up, else from its last follow-up; its "
    "dueAt becomes the earlier of that and the consultant's planned date. Overdue flags, "
    "reminders, morning lists and reports follow from there."
)

ReassignTarget = described_enum(
    service.ReassignTarget,
    description="To whom an OEM lead goes when it misses its first-contact deadline.",
    values={
        "NEXT_CONSULTANT": "Another consultant of the store, by the store's assignment rules "
        "(product line, lowest load, round-robin).",
        "SALES_MANAGER": "A sales manager of the store.",
    },
)


@strawberry.type(description="The follow-up cadence of one intent grade.")
@described
class GradeCadence:
    """
    Attributes:
        grade: The intent grade.
        first_within_hours: The first follow-up is due this many hours after the lead arrives.
        contacts: Then at least this many follow-ups every `perDays` days.
        per_days: The period of `contacts`, in days.
        then_every_hours: The longest wait between two follow-ups: perDays × 24 / contacts hours.
    """

    grade: IntentGrade
    first_within_hours: float
    contacts: int
    per_days: float
    then_every_hours: float


@strawberry.type(description="Customer value tiers and lifecycle (the monthly classification).")
@described
class ValueTierSettings:
    """
    Attributes:
        a_percent: Tier A: the top share of customers by spend over 12 months, in %.
        b_percent: Tier B: the next share, in %.
        lost_after_months: A customer without follow-up or order for this many months is lost.
    """

    a_percent: float
    b_percent: float
    lost_after_months: int


@strawberry.type(description="What happens when an OEM lead misses its first-contact deadline.")
@described
class SlaBreachSettings:
    """
    Attributes:
        notify: Roles of the lead's store that are told.
        reassign: Whether the lead changes hands.
        reassign_to: To whom it goes when it changes hands.
    """

    notify: list[RoleName]
    reassign: bool
    reassign_to: ReassignTarget


@strawberry.type(description="The thank-you message to a customer after a showroom visit.")
@described
class ThankYouSettings:
    """
    Attributes:
        within_hours: Sent within this many hours of the visit; a visit logged later gets none.
        template: The text; {customer} and {store} are filled in with their names.
    """

    within_hours: float
    template: str


@strawberry.type(description="When after-sales reminders reach the consultants' task lists.")
@described
class ReminderSettings:
    """
    Attributes:
        maintenance_every_days: Maintenance is due this many days after the last service (or
            purchase).
        maintenance_every_km: ... or after this many km, estimated from the mileage logged so far.
        insurance_renewal_days: Days before an insurance policy expires that its renewal is
            reminded.
        birthday_days_before: Days before a customer's birthday that the greeting is reminded (0: on
            the day; only with marketing consent).
    """

    maintenance_every_days: int
    maintenance_every_km: int
    insurance_renewal_days: int
    birthday_days_before: int


@strawberry.type(
    description="The rules your dealer group works by. Defaults are the dealer practice of the "
    "README; a group admin may tune them (updateGroupSettings)."
)
@described
class GroupSettings:
    """
    Attributes:
        value_tiers: Value tiers and lifecycle thresholds.
        sla_breach: On an SLA breach of an OEM lead (the deadline itself is the OEM's).
        complaint_escalation_hours: A complaint unresolved this many hours after it was logged goes
            to the showroom managers.
        thank_you: The thank-you message.
        morning_list_hour: Local hour (0-23, each store's time zone) at which every consultant gets
            the day's follow-ups.
        reminders: After-sales reminder lead times.
        win_back_days: A lead lost at most this many days ago (for a winnable reason) stands in
            the win-back queue (winBackLeads).
    """

    cadence: list[GradeCadence] = strawberry.field(
        description="The follow-up cadence per intent grade, H, A, B, C, N in this order.",
        directives=[MaxItems(count=len(service.GRADES))],
    )
    value_tiers: ValueTierSettings
    sla_breach: SlaBreachSettings
    complaint_escalation_hours: float
    thank_you: ThankYouSettings
    morning_list_hour: int
    reminders: ReminderSettings
    win_back_days: int

    @classmethod
    def from_settings(cls, s: service.GroupSettings) -> GroupSettings:
        return cls(
            cadence=[
                GradeCadence(
                    grade=v.IntentGrade(grade),
                    first_within_hours=rule.first_within_hours,
                    contacts=rule.contacts,
                    per_days=rule.per_days,
                    then_every_hours=rule.then_every.total_seconds() / 3600,
                )
                for grade, rule in s.cadence.items()
            ],
            value_tiers=ValueTierSettings(**vars(s.value_tiers)),
            sla_breach=SlaBreachSettings(
                notify=[RoleName(r) for r in s.sla_breach.notify],
                reassign=s.sla_breach.reassign,
                reassign_to=service.ReassignTarget(s.sla_breach.reassign_to),
            ),
            complaint_escalation_hours=s.complaint_escalation_hours,
            thank_you=ThankYouSettings(**vars(s.thank_you)),
            morning_list_hour=s.morning_list_hour,
            reminders=ReminderSettings(**vars(s.reminders)),
            win_back_days=s.win_back_days,
        )


@strawberry.type(description="One setting a change set: its before and after.")
@described
class SettingChange:
    """
    Attributes:
        setting: The setting's path, e.g. cadence.A.first_within_hours or value_tiers.a_percent.
        before: Its value before, as JSON.
        after: Its value after, as JSON.
    """

    setting: str
    before: str
    after: str


@strawberry.type(description="One change of your group's settings: who, when, what.")
@described
class GroupSettingsChange:
    """
    Attributes:
        at: When (UTC, ISO-8601).
        actor_id: The user (or API key) who changed them; null for an operator's `saas settings`
            command.
    """

    at: datetime
    actor_id: strawberry.ID | None
    changes: list[SettingChange] = strawberry.field(
        description="Each setting that changed, with its value before and after.",
        directives=[MaxItems(count=len(service.DEFAULTS.flat()))],
    )

    @classmethod
    def from_model(cls, entry: models.AuditEntry) -> GroupSettingsChange:
        return cls(
            at=entry.created_at,
            actor_id=optional_global_id(
                "ApiKey" if entry.actor_kind == "api_key" else "User", entry.actor_id or None
            ),
            changes=[
                SettingChange(
                    setting=c.setting, before=json.dumps(c.before), after=json.dumps(c.after)
                )
                for c in service.history_changes(entry)
            ],
        )


@strawberry.input(description="The follow-up cadence of one grade; only the given fields change.")
@described
class GradeCadenceInput:
    """
    Attributes:
        grade: The intent grade to change.
        first_within_hours: First follow-up within this many hours of arrival: more than 0, at most
            the grade's horizon (H 7, A 15, B 30, C and N 90 days).
        contacts: At least this many follow-ups (1-20) ...
        per_days: ... every this many days (more than 0, at most the horizon).
    """

    grade: IntentGrade
    first_within_hours: float | None = None
    contacts: int | None = None
    per_days: float | None = None


@strawberry.input(description="Value tiers and lifecycle; only the given fields change.")
@described
class ValueTierSettingsInput:
    """
    Attributes:
        a_percent: Tier A share in % (A + B at most 100).
        b_percent: Tier B share in %.
        lost_after_months: Months without contact or order before lost (1-60).
    """

    a_percent: float | None = None
    b_percent: float | None = None
    lost_after_months: int | None = None


@strawberry.input(description="SLA breach handling; only the given fields change.")
@described
class SlaBreachSettingsInput:
    """
    Attributes:
        notify: SHOWROOM_MANAGER and/or SALES_MANAGER (at least one).
        reassign: Whether a breached lead changes hands.
        reassign_to: To whom it goes.
    """

    notify: list[RoleName] | None = None
    reassign: bool | None = None
    reassign_to: ReassignTarget | None = None


@strawberry.input(description="The thank-you message; only the given fields change.")
@described
class ThankYouSettingsInput:
    """
    Attributes:
        within_hours: More than 0, at most 24 hours.
        template: 1-500 characters; {customer} and {store} are filled in; write {{ and }} for
            braces.
    """

    within_hours: float | None = None
    template: str | None = None


@strawberry.input(description="Reminder lead times; only the given fields change.")
@described
class ReminderSettingsInput:
    """
    Attributes:
        maintenance_every_days: 30-730 days.
        maintenance_every_km: 1000-50000 km.
        insurance_renewal_days: 1-120 days before expiry.
        birthday_days_before: 0-30 days before the birthday.
    """

    maintenance_every_days: int | None = None
    maintenance_every_km: int | None = None
    insurance_renewal_days: int | None = None
    birthday_days_before: int | None = None


@strawberry.input(
    description="The settings to change; anything left out (or null) keeps its value. " + OPEN_LEADS
)
@described
class UpdateGroupSettingsInput:
    """
    Attributes:
        cadence: Grades whose cadence changes, each at most once.
        value_tiers: Value tiers and lifecycle.
        sla_breach: SLA breach handling.
        complaint_escalation_hours: More than 0, at most 720 hours.
        thank_you: The thank-you message.
        morning_list_hour: 0-23, local hour of each store.
        reminders: After-sales reminder lead times.
        win_back_days: 1-730 days: how long a lost lead stands in the win-back queue.
    """

    cadence: list[GradeCadenceInput] | None = None
    value_tiers: ValueTierSettingsInput | None = None
    sla_breach: SlaBreachSettingsInput | None = None
    complaint_escalation_hours: float | None = None
    thank_you: ThankYouSettingsInput | None = None
    morning_list_hour: int | None = None
    reminders: ReminderSettingsInput | None = None
    win_back_days: int | None = None


UpdateGroupSettingsResult = result_union(
    "UpdateGroupSettingsResult",
    GroupSettings | ValidationErrors,
    "All the settings after the change, or what is wrong (then nothing changed).",
)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _changes(input: UpdateGroupSettingsInput) -> tuple[dict[str, Any], dict[str, int]]:
    """The input as the service's changes (dotted setting paths -> values),
    and the position of each grade in `input.cadence`."""
    changes: dict[str, Any] = {}
    positions: dict[str, int] = {}
    for index, entry in enumerate(input.cadence or []):
        grade = v.IntentGrade(entry.grade).value
        if grade in positions:
            raise ValidationFailed(
                [FieldProblem(("input", "cadence", str(index), "grade"), "give each grade once")]
            )
        positions[grade] = index
        for name in ("first_within_hours", "contacts", "per_days"):
            if getattr(entry, name) is not None:
                changes[f"cadence.{grade}.{name}"] = getattr(entry, name)
    for section in ("value_tiers", "sla_breach", "thank_you", "reminders"):
        part = getattr(input, section)
        for name, value in (vars(part) if part is not None else {}).items():
            if value is not None:
                changes[f"{section}.{name}"] = value
    if "sla_breach.notify" in changes:
        changes["sla_breach.notify"] = [r.value for r in changes["sla_breach.notify"]]
    if "sla_breach.reassign_to" in changes:
        changes["sla_breach.reassign_to"] = changes["sla_breach.reassign_to"].value
    for name in ("complaint_escalation_hours", "morning_list_hour", "win_back_days"):
        if getattr(input, name) is not None:
            changes[name] = getattr(input, name)
    return changes, positions


def _input_path(path: tuple[str, ...], positions: dict[str, int]) -> tuple[str, ...]:
    """A setting's path as the path of its field in the input."""
    if path[0] == "cadence" and len(path) > 1:
        where = str(positions[path[1]]) if path[1] in positions else path[1]
        return ("input", "cadence", where, *(_camel(p) for p in path[2:] or ("grade",)))
    return ("input", *(_camel(p) for p in path))


@strawberry.type
@described
class GroupSettingsQueries:
    """
    Attributes:
        group_settings_history: Every change of your dealer group's settings, newest first: who,
            when, each setting's before and after.
    """

    @strawberry.field(
        description="Your dealer group's settings (group admins, showroom and sales managers).",
        extensions=requires("settings", "read"),
    )
    async def group_settings(self, info: Info) -> GroupSettings:
        return GroupSettings.from_settings(await service.load_group_settings(require_tenant()))

    group_settings_history = listing(
        GroupSettingsChange,
        requires("settings", "read"),
        lambda actor: service.settings_history(require_tenant()),
        order=Order("id", descending=True),
    )


@strawberry.type
class GroupSettingsMutations:
    @strawberry.mutation(
        description="Change some of your dealer group's settings (group admins); the others "
        "keep their values, and the change is kept in groupSettingsHistory. " + OPEN_LEADS,
        extensions=requires("settings", "update"),
    )
    async def update_group_settings(
        self,
        info: Info,
        input: Annotated[
            UpdateGroupSettingsInput,
            strawberry.argument(description="The settings to change."),
        ],
    ) -> UpdateGroupSettingsResult:
        changes, positions = _changes(input)
        try:
            update = await service.update_group_settings(
                require_tenant(), changes, actor=info.context.require_actor()
            )
        except ValidationFailed as failed:
            raise ValidationFailed(
                [FieldProblem(_input_path(p.path, positions), p.message) for p in failed.problems]
            ) from None
        return GroupSettings.from_settings(update.settings)
