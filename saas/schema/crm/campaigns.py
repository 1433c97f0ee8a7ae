"""Owner events and campaigns: createCampaign, updateCampaign,
inviteCampaignSegment, recordCampaignRsvp, recordCampaignAttendance; the
campaigns list, a campaign with its invitations, and campaignReport."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from saas import models
from saas.crm import campaigns as service
from saas.schema.context import Info
from saas.schema.crm.types import Customer, VehicleModel
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    Refused,
    RefusedOrConflict,
    member_for,
    parse_id,
    result_union,
)
from saas.schema.identity.types import User, loaded_user
from saas.schema.inputs import converts, global_ids, id_of, to_args
from saas.schema.limits import MaxItems
from saas.schema.mutations import mutation
from saas.schema.org.types import Store, loaded_store
from saas.schema.pagination import Connection, Order, Page, paged, paginate
from saas.schema.permissions import requires
from saas.schema.reads import conditions, listing, lookup, object_id, report
from saas.schema.relay import Node, from_row, to_global_id
from saas.tenancy.actor import Actor

CampaignKind = described_enum(
    service.CampaignKind,
    name="CampaignKind",
    description="What kind of event a campaign is.",
    values={
        "AUTO_SHOW": "An auto show: a stand where prospects are met and leads taken in.",
        "TEST_DRIVE_DAY": "A test-drive day at or near the store.",
        "OWNER_TRIP": "A self-drive trip for owners.",
        "CARE_EVENT": "An owner care event (a free check-up, a winter service day).",
    },
)
CampaignStatus = described_enum(
    service.CampaignStatus,
    name="CampaignStatus",
    description="Where a campaign stands.",
    values={
        "PLANNED": "Being prepared: customers are invited and answer; attendance and leads wait "
        "until it opens.",
        "OPEN": "Under way: invitations, answers, attendance and leads.",
        "CLOSED": "Over: attendance and leads may still be entered late; no more invitations "
        "or answers.",
    },
)
Rsvp = described_enum(
    service.Rsvp,
    name="CampaignRsvp",
    description="An invited customer's answer.",
    values={"YES": "Will come.", "NO": "Will not come.", "MAYBE": "Might come."},
)


@strawberry.input(description="Narrow a campaign's invitations; all given conditions must hold.")
@described
class CampaignInvitationFilter:
    """
    Attributes:
        rsvp: Only invitations with this answer.
        attended: Only customers who came (true) or did not (false).
    """

    rsvp: Rsvp | None = None
    attended: bool | None = None


@strawberry.type(description="Who a campaign is for; every condition shown must hold.")
@described
class CampaignSegment:
    """
    Attributes:
        value_tier: Only customers of this value tier (A, B or C); null for any.
        lifecycle: Only customers of this lifecycle category (high_value, potential, general,
            lost); null for any.
    """

    value_tier: str | None
    lifecycle: str | None
    tags: list[str] = strawberry.field(
        description="Only customers carrying every one of these tags; empty for any.",
        directives=[MaxItems(count=service.MAX_TAGS)],
    )
    _vehicle_model_id: strawberry.Private[int | None]
    _store_id: strawberry.Private[int | None]

    @strawberry.field(
        description="Only owners of a vehicle of this model and customers with a lead on it; "
        "null for any."
    )
    async def vehicle_model(self, info: Info) -> VehicleModel | None:
        if self._vehicle_model_id is None:
            return None
        row = await info.context.loaders.vehicle_model_by_id.load(self._vehicle_model_id)
        return VehicleModel.from_model(row) if row else None

    @strawberry.field(
        description="Only customers of this store (always the campaign's own store for a "
        "store's campaign); null for the whole group."
    )
    async def store(self, info: Info) -> Store | None:
        return await loaded_store(info, self._store_id)


@strawberry.type(
    description="An owner event or campaign (auto show, test-drive day, owner trip, care event) "
    "of one store or of the whole group, with the customers it invites."
)
@described
class Campaign(Node):
    """
    Attributes:
        kind: What kind of event it is.
        name: Its name, as customers see it.
        status: Planned, open or closed.
        starts_at: When it starts (UTC, ISO-8601).
        ends_at: When it ends (UTC, ISO-8601).
        cost: What it cost in yuan; null when not given.
        group_wide: A campaign of the whole group (no store of its own).
        invited_at: When its segment was last invited; null before the first invitation.
        skipped_for_consent: Customers of the segment the last invitation left out because
            their consent does not allow marketing contact.
        version: Grows with every change; pass it as expectedVersion to updateCampaign.
        created_at: When it was planned (UTC, ISO-8601).
    """

    kind: CampaignKind
    name: str
    status: CampaignStatus
    starts_at: datetime
    ends_at: datetime
    cost: Decimal | None
    group_wide: bool
    invited_at: datetime | None
    skipped_for_consent: int
    version: int
    created_at: datetime
    _row: strawberry.Private[models.Campaign]

    @strawberry.field(description="Its store; null for a campaign of the whole group.")
    async def store(self, info: Info) -> Store | None:
        return await loaded_store(info, self._row.store_id)

    @strawberry.field(description="Who it is for, as planned.")
    def segment(self) -> CampaignSegment:
        row = self._row
        return CampaignSegment(
            value_tier=row.segment_value_tier,
            lifecycle=row.segment_lifecycle,
            tags=list(row.segment_tags),
            _vehicle_model_id=row.segment_vehicle_model_id,
            _store_id=row.segment_store_id,
        )

    @strawberry.field(description="Who planned it.")
    async def created_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.created_by_id)

    @strawberry.field(
        description="Its invitations of the customers you may read (a consultant: their own; a "
        "manager: the store's), in the order they were sent.",
        extensions=requires("campaign", "read"),
    )
    @paged
    async def invitations(
        self,
        info: Info,
        page: Page,
        filter: Annotated[
            CampaignInvitationFilter | None, strawberry.argument(description="Conditions.")
        ] = None,
    ) -> Connection[CampaignInvitation]:
        qs = service.invitations_visible_to(info.context.require_actor(), self._row)
        f = filter or CampaignInvitationFilter()
        if f.rsvp is not None:
            qs = qs.filter(rsvp=f.rsvp.value)
        if f.attended is not None:
            qs = qs.filter(attended=f.attended)
        return await paginate(qs, page, CampaignInvitation.from_model)

    @classmethod
    def from_model(cls, m: models.Campaign) -> Campaign:
        return from_row(
            cls,
            m,
            cost=None if m.cost is None else Decimal(m.cost),
            group_wide=m.store_id is None,
            _row=m,
        )


@strawberry.type(description="A customer invited to a campaign, the answer and the attendance.")
@described
class CampaignInvitation(Node):
    """
    Attributes:
        campaign_id: The campaign.
        rsvp: The customer's answer; null until one is recorded.
        rsvp_at: When the answer was recorded; null until then.
        attended: The customer came.
        attended_at: When the attendance was recorded; null unless attended.
        created_at: When the customer was invited (UTC, ISO-8601).
    """

    campaign_id: strawberry.ID
    rsvp: Rsvp | None
    rsvp_at: datetime | None
    attended: bool
    attended_at: datetime | None
    created_at: datetime
    _row: strawberry.Private[models.CampaignInvitation]

    @strawberry.field(description="The invited customer; null for one you may not read.")
    async def customer(self, info: Info) -> Customer | None:
        row = await info.context.loaders.visible_customer_by_id.load(self._row.customer_id)
        return Customer.from_model(row) if row else None

    @strawberry.field(description="The customer's store, whose consultants follow it up.")
    async def store(self, info: Info) -> Store | None:
        return await loaded_store(info, self._row.store_id)

    @strawberry.field(description="Who last recorded the answer or the attendance.")
    async def recorded_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.recorded_by_id)

    @classmethod
    def from_model(cls, m: models.CampaignInvitation) -> CampaignInvitation:
        return from_row(cls, m, campaign_id=to_global_id("Campaign", m.campaign_id), _row=m)


@strawberry.type(description="What inviting a campaign's segment did.")
@described
class CampaignInvitationRun:
    """
    Attributes:
        campaign: The campaign.
        invited: Customers invited now.
        already_invited: Customers of the segment invited before (not invited twice).
        skipped_for_consent: Customers of the segment left out: their consent does not allow
            marketing contact.
    """

    campaign: Campaign
    invited: int
    already_invited: int
    skipped_for_consent: int


@member_for(service.CampaignInWrongStatus)
@strawberry.type(description="The campaign's status does not allow this step; nothing changed.")
@described
class CampaignStatusError:
    """
    Attributes:
        message: What status the campaign is in and what it allows.
        status: The campaign's status.
    """

    message: str
    status: CampaignStatus


CampaignResult = result_union(
    "CampaignResult",
    Campaign | CampaignStatusError | RefusedOrConflict,
    "The campaign as saved, or why not.",
)
InviteCampaignSegmentResult = result_union(
    "InviteCampaignSegmentResult",
    CampaignInvitationRun | CampaignStatusError | RefusedOrConflict,
    "What the invitation did, or why nobody was invited.",
)
CampaignInvitationResult = result_union(
    "CampaignInvitationResult",
    CampaignInvitation | CampaignStatusError | RefusedOrConflict,
    "The invitation as recorded, or why nothing was recorded.",
)


@strawberry.input(description="Who a campaign is for; every condition given must hold.")
@described
class CampaignSegmentInput:
    """
    Attributes:
        tags: Only customers carrying every one of these tags (at most 10, each 1 to 48
            characters).
        value_tier: Only customers of this value tier: A, B or C.
        lifecycle: Only customers of this lifecycle category: high_value, potential, general or
            lost.
        vehicle_model_id: Only owners of a vehicle of this model and customers with a lead on it.
        store_id: Only customers of this store. A store's campaign always invites its own
            store's customers: leave it out there.
    """

    tags: list[str] = strawberry.field(default_factory=list)
    value_tier: str | None = None
    lifecycle: str | None = None
    vehicle_model_id: strawberry.ID | None = None
    store_id: strawberry.ID | None = None


@converts(CampaignSegmentInput)
def segment(data: CampaignSegmentInput | None) -> service.Segment | None:
    if data is None:
        return None
    return service.Segment(
        tags=list(data.tags),
        value_tier=data.value_tier,
        lifecycle=data.lifecycle,
        vehicle_model_id=None
        if data.vehicle_model_id is None
        else parse_id(data.vehicle_model_id, "segment.vehicle_model_id", "VehicleModel"),
        store_id=None
        if data.store_id is None
        else parse_id(data.store_id, "segment.store_id", "Store"),
    )


@strawberry.input(description="Plan a campaign.")
@described
class CreateCampaignInput:
    """
    Attributes:
        kind: What kind of event it is.
        name: Its name, as customers see it (at most 100 characters).
        starts_at: When it starts (include the offset).
        ends_at: When it ends; after the start.
        store_id: The store that runs it (one you manage); leave it out for a campaign of the
            whole group (the group administrator's).
        cost: What it cost in yuan (two decimals at most); the report divides it by the leads.
        segment: Who it is for; left out, every customer of the store (or group).
    """

    kind: CampaignKind
    name: str
    starts_at: datetime
    ends_at: datetime
    store_id: strawberry.ID | None = None
    cost: Decimal | None = None
    segment: CampaignSegmentInput | None = None


@strawberry.input(description="Change a campaign; only the fields given change.")
@described
class UpdateCampaignInput:
    """
    Attributes:
        campaign_id: The campaign (one you run).
        name: New name (at most 100 characters).
        starts_at: New start.
        ends_at: New end; after the start.
        cost: New cost in yuan.
        status: OPEN on the day (attendance and leads), CLOSED after it.
        expected_version: The campaign's version you saw; a stale one is a ConflictError.
    """

    campaign_id: strawberry.ID
    name: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    cost: Decimal | None = None
    status: CampaignStatus | None = None
    expected_version: int | None = None


@strawberry.input(description="A campaign whose segment to invite.")
@described
class InviteCampaignSegmentInput:
    """
    Attributes:
        campaign_id: The campaign (one you run, not closed).
    """

    campaign_id: strawberry.ID


@strawberry.input(description="An invited customer's answer.")
@described
class RecordCampaignRsvpInput:
    """
    Attributes:
        invitation_id: The invitation (of a customer you may read).
        rsvp: YES, NO or MAYBE; a later answer replaces it.
    """

    invitation_id: strawberry.ID
    rsvp: Rsvp


@strawberry.input(description="Whether an invited customer came.")
@described
class RecordCampaignAttendanceInput:
    """
    Attributes:
        invitation_id: The invitation (of a customer you may read), once the campaign is open.
        attended: true: the customer came; false corrects a mistake.
    """

    invitation_id: strawberry.ID
    attended: bool = True


global_ids(CreateCampaignInput, store_id="Store")
global_ids(UpdateCampaignInput, campaign_id="Campaign")
global_ids(InviteCampaignSegmentInput, campaign_id="Campaign")
global_ids(RecordCampaignRsvpInput, invitation_id="CampaignInvitation")
global_ids(RecordCampaignAttendanceInput, invitation_id="CampaignInvitation")


def _invitation_run(run: service.InvitationRun) -> CampaignInvitationRun:
    return CampaignInvitationRun(
        campaign=Campaign.from_model(run.campaign),
        invited=run.invited,
        already_invited=run.already_invited,
        skipped_for_consent=run.skipped_for_consent,
    )


async def _update_campaign(actor: Actor, input: UpdateCampaignInput) -> CampaignResult:
    changes = to_args(input, service.CampaignChanges, partial=True)  # all but the id
    campaign = await service.update_campaign(actor, id_of(input, "campaign_id"), changes)
    return Campaign.from_model(campaign)


@strawberry.type
@described
class CampaignMutations:
    """
    Attributes:
        create_campaign: Plan a campaign of your store (managers), or of the whole group (the
            group administrator), with its target segment.
        invite_campaign_segment: Invite the campaign's segment as it stands: only customers whose
            consent allows marketing contact, each once (run it again after the segment grew).
        record_campaign_rsvp: Record an invited customer's answer (the customer's consultant, or
            a manager of the customer's store).
        record_campaign_attendance: Record that an invited customer came (the customer's
            consultant, or a manager of the customer's store).
        update_campaign: Rename, move or cost a campaign you run, or open or close it.
    """

    create_campaign = mutation(
        CampaignResult,
        requires("campaign", "manage"),
        input=(CreateCampaignInput, "The campaign."),
        run=service.create_campaign,
        data=service.NewCampaign,
        answer=Campaign.from_model,
    )

    update_campaign = mutation(
        CampaignResult,
        requires("campaign", "manage"),
        input=(UpdateCampaignInput, "The campaign and its changes."),
        steps=_update_campaign,
    )

    invite_campaign_segment = mutation(
        InviteCampaignSegmentResult,
        requires("campaign", "manage"),
        input=(InviteCampaignSegmentInput, "The campaign."),
        run=service.invite_segment,
        answer=_invitation_run,
    )

    record_campaign_rsvp = mutation(
        CampaignInvitationResult,
        requires("campaign", "record"),
        input=(RecordCampaignRsvpInput, "The invitation, the answer."),
        run=service.record_rsvp,
        answer=CampaignInvitation.from_model,
    )

    record_campaign_attendance = mutation(
        CampaignInvitationResult,
        requires("campaign", "record"),
        input=(RecordCampaignAttendanceInput, "The invitation, and whether the customer came."),
        run=service.record_attendance,
        answer=CampaignInvitation.from_model,
    )


@strawberry.input(description="Narrow the campaigns; all given conditions must hold.")
@described
class CampaignFilter:
    """
    Attributes:
        store_id: Only this store's own campaigns (not the group's).
        kind: Only campaigns of this kind.
        status: Only campaigns in this status.
        starts_from: Only campaigns starting at or after this time (include the offset).
        starts_to: Only campaigns starting before this time (exclusive).
    """

    store_id: strawberry.ID | None = None
    kind: CampaignKind | None = None
    status: CampaignStatus | None = None
    starts_from: datetime | None = None
    starts_to: datetime | None = None


global_ids(CampaignFilter, store_id="Store")


@strawberry.type(description="What a campaign brought, over all its stores.")
@described
class CampaignReport:
    """
    Attributes:
        campaign: The campaign.
        invited: Customers invited.
        skipped_for_consent: Customers of the segment the last invitation left out for consent.
        rsvp_yes: Invited customers who answered yes.
        rsvp_maybe: Invited customers who answered maybe.
        rsvp_no: Invited customers who answered no.
        attended: Invited customers who came.
        leads: Leads taken in at the campaign.
        test_drives: Test drives done on those leads.
        orders: Orders signed on those leads (cancelled ones left out).
        cost_per_lead: The cost divided by the leads, in yuan; null without a cost or without
            leads.
    """

    campaign: Campaign
    invited: int
    skipped_for_consent: int
    rsvp_yes: int
    rsvp_maybe: int
    rsvp_no: int
    attended: int
    leads: int
    test_drives: int
    orders: int
    cost_per_lead: Decimal | None


CampaignReportResult = result_union(
    "CampaignReportResult", CampaignReport | Refused, "The report, or why it cannot be shown."
)


def _campaign_report(found: service.CampaignReport) -> CampaignReport:
    return from_row(CampaignReport, found, campaign=Campaign.from_model(found.campaign))


@strawberry.type
@described
class CampaignQueries:
    """
    Attributes:
        campaigns: Campaigns of your stores and of your group, latest start first.
        campaign: One campaign you may see, or null.
        campaign_report: What a campaign brought: invited, skipped for consent, answers, attended,
            leads, their test drives and orders, and the cost per lead.
    """

    campaigns = listing(
        Campaign,
        requires("campaign", "read"),
        service.campaigns_visible_to,
        order=Order("starts_at", descending=True),
        filter=conditions(CampaignFilter, service.CampaignFilter),
    )
    campaign = lookup(
        Campaign, requires("campaign", "read"), "The campaign's id.", service.visible_campaign
    )

    campaign_report = report(
        CampaignReportResult,
        requires("campaign", "read"),
        service.campaign_report,
        _campaign_report,
        campaign_id=object_id("Campaign", "The campaign.", "campaignId"),
    )
