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
from saas.schema.enums import described_enum
from saas.schema.errors import ValidationErrors
from saas.schema.identity.types import RoleName
from saas.schema.limits import MaxItems
from saas.schema.pagination import After, Before, Connection, First, Last, Order, Page, paginate
from saas.schema.permissions import requires
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
class GradeCadence:
    grade: IntentGrade = strawberry.field(description="The intent grade.")
    first_within_hours: float = strawberry.field(
        description="The first follow-up is due this many hours after the lead arrives."
    )
    contacts: int = strawberry.field(
        description="Then at least this many follow-ups every `perDays` days."
    )
    per_days: float = strawberry.field(description="The period of `contacts`, in days.")
    then_every_hours: float = strawberry.field(
        description="The longest wait between two follow-ups: perDays × 24 / contacts hours."
    )


@strawberry.type(description="Customer value tiers and lifecycle (the monthly classification).")
class ValueTierSettings:
    a_percent: float = strawberry.field(
        description="Tier A: the top share of customers by spend over 12 months, in %."
    )
    b_percent: float = strawberry.field(description="Tier B: the next share, in %.")
    lost_after_months: int = strawberry.field(
        description="A customer without follow-up or order for this many months is lost."
    )


@strawberry.type(description="What happens when an OEM lead misses its first-contact deadline.")
class SlaBreachSettings:
    notify: list[RoleName] = strawberry.field(
        description="Roles of the lead's store that are told."
    )
    reassign: bool = strawberry.field(description="Whether the lead changes hands.")
    reassign_to: ReassignTarget = strawberry.field(
        description="To whom it goes when it changes hands."
    )


@strawberry.type(description="The thank-you message to a customer after a showroom visit.")
class ThankYouSettings:
    within_hours: float = strawberry.field(
        description="Sent within this many hours of the visit; a visit logged later gets none."
    )
    template: str = strawberry.field(
        description="The text; {customer} and {store} are filled in with their names."
    )


@strawberry.type(description="When after-sales reminders reach the consultants' task lists.")
class ReminderSettings:
    maintenance_every_days: int = strawberry.field(
        description="Maintenance is due this many days after the last service (or purchase)."
    )
    maintenance_every_km: int = strawberry.field(
        description="... or after this many km, estimated from the mileage logged so far."
    )
    insurance_renewal_days: int = strawberry.field(
        description="Days before an insurance policy expires that its renewal is reminded."
    )
    birthday_days_before: int = strawberry.field(
        description="Days before a customer's birthday that the greeting is reminded (0: on the "
        "day; only with marketing consent)."
    )


@strawberry.type(
    description="The rules your dealer group works by. Defaults are the dealer practice of the "
    "README; a group admin may tune them (updateGroupSettings)."
)
class GroupSettings:
    cadence: list[GradeCadence] = strawberry.field(
        description="The follow-up cadence per intent grade, H, A, B, C, N in this order.",
        directives=[MaxItems(count=len(service.GRADES))],
    )
    value_tiers: ValueTierSettings = strawberry.field(
        description="Value tiers and lifecycle thresholds."
    )
    sla_breach: SlaBreachSettings = strawberry.field(
        description="On an SLA breach of an OEM lead (the deadline itself is the OEM's)."
    )
    complaint_escalation_hours: float = strawberry.field(
        description="A complaint unresolved this many hours after it was logged goes to the "
        "showroom managers."
    )
    thank_you: ThankYouSettings = strawberry.field(description="The thank-you message.")
    morning_list_hour: int = strawberry.field(
        description="Local hour (0-23, each store's time zone) at which every consultant gets "
        "the day's follow-ups."
    )
    reminders: ReminderSettings = strawberry.field(description="After-sales reminder lead times.")

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
        )


@strawberry.type(description="One setting a change set: its before and after.")
class SettingChange:
    setting: str = strawberry.field(
        description="The setting's path, e.g. cadence.A.first_within_hours or "
        "value_tiers.a_percent."
    )
    before: str = strawberry.field(description="Its value before, as JSON.")
    after: str = strawberry.field(description="Its value after, as JSON.")


@strawberry.type(description="One change of your group's settings: who, when, what.")
class GroupSettingsChange:
    at: datetime = strawberry.field(description="When (UTC, ISO-8601).")
    actor_id: strawberry.ID | None = strawberry.field(
        description="The user (or API key) who changed them; null for an operator's "
        "`saas settings` command."
    )
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
class GradeCadenceInput:
    grade: IntentGrade = strawberry.field(description="The intent grade to change.")
    first_within_hours: float | None = strawberry.field(
        default=None,
        description="First follow-up within this many hours of arrival: more than 0, at most "
        "the grade's horizon (H 7, A 15, B 30, C and N 90 days).",
    )
    contacts: int | None = strawberry.field(
        default=None, description="At least this many follow-ups (1-20) ..."
    )
    per_days: float | None = strawberry.field(
        default=None, description="... every this many days (more than 0, at most the horizon)."
    )


@strawberry.input(description="Value tiers and lifecycle; only the given fields change.")
class ValueTierSettingsInput:
    a_percent: float | None = strawberry.field(
        default=None, description="Tier A share in % (A + B at most 100)."
    )
    b_percent: float | None = strawberry.field(default=None, description="Tier B share in %.")
    lost_after_months: int | None = strawberry.field(
        default=None, description="Months without contact or order before lost (1-60)."
    )


@strawberry.input(description="SLA breach handling; only the given fields change.")
class SlaBreachSettingsInput:
    notify: list[RoleName] | None = strawberry.field(
        default=None, description="SHOWROOM_MANAGER and/or SALES_MANAGER (at least one)."
    )
    reassign: bool | None = strawberry.field(
        default=None, description="Whether a breached lead changes hands."
    )
    reassign_to: ReassignTarget | None = strawberry.field(
        default=None, description="To whom it goes."
    )


@strawberry.input(description="The thank-you message; only the given fields change.")
class ThankYouSettingsInput:
    within_hours: float | None = strawberry.field(
        default=None, description="More than 0, at most 24 hours."
    )
    template: str | None = strawberry.field(
        default=None,
        description="1-500 characters; {customer} and {store} are filled in; write {{ and }} "
        "for braces.",
    )


@strawberry.input(description="Reminder lead times; only the given fields change.")
class ReminderSettingsInput:
    maintenance_every_days: int | None = strawberry.field(default=None, description="30-730 days.")
    maintenance_every_km: int | None = strawberry.field(default=None, description="1000-50000 km.")
    insurance_renewal_days: int | None = strawberry.field(
        default=None, description="1-120 days before expiry."
    )
    birthday_days_before: int | None = strawberry.field(
        default=None, description="0-30 days before the birthday."
    )


@strawberry.input(
    description="The settings to change; anything left out (or null) keeps its value. " + OPEN_LEADS
)
class UpdateGroupSettingsInput:
    cadence: list[GradeCadenceInput] | None = strawberry.field(
        default=None, description="Grades whose cadence changes, each at most once."
    )
    value_tiers: ValueTierSettingsInput | None = strawberry.field(
        default=None, description="Value tiers and lifecycle."
    )
    sla_breach: SlaBreachSettingsInput | None = strawberry.field(
        default=None, description="SLA breach handling."
    )
    complaint_escalation_hours: float | None = strawberry.field(
        default=None, description="More than 0, at most 720 hours."
    )
    thank_you: ThankYouSettingsInput | None = strawberry.field(
        default=None, description="The thank-you message."
    )
    morning_list_hour: int | None = strawberry.field(
        default=None, description="0-23, local hour of each store."
    )
    reminders: ReminderSettingsInput | None = strawberry.field(
        default=None, description="After-sales reminder lead times."
    )


UpdateGroupSettingsResult = Annotated[
    GroupSettings | ValidationErrors,
    strawberry.union(
        "UpdateGroupSettingsResult",
        description="All the settings after the change, or what is wrong (then nothing changed).",
    ),
]


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
    for name in ("complaint_escalation_hours", "morning_list_hour"):
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
class GroupSettingsQueries:
    @strawberry.field(
        description="Your dealer group's settings (group admins, showroom and sales managers).",
        extensions=requires("settings", "read"),
    )
    async def group_settings(self, info: Info) -> GroupSettings:
        return GroupSettings.from_settings(await service.load_group_settings(require_tenant()))

    @strawberry.field(
        description="Every change of your dealer group's settings, newest first: who, when, "
        "each setting's before and after.",
        extensions=requires("settings", "read"),
    )
    async def group_settings_history(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GroupSettingsChange]:
        return await paginate(
            service.settings_history(require_tenant()),
            Page(first, after, last, before),
            GroupSettingsChange.from_model,
            Order("id", descending=True),
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
