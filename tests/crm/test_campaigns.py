"""Owner events and campaigns: a manager plans a campaign with a target
segment, invites only customers whose consent allows marketing contact (once
each), consultants record answers and attendance and take in leads with the
campaign as their source, and the report counts what it brought; validation
paths, roles, other stores and other dealer groups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from saas.aftersales.repository import VehicleRepository
from saas.crm.customers import set_consents, tag_customer
from saas.crm.repository import (
    CampaignInvitationRepository,
    CampaignRepository,
    CustomerRepository,
    LeadRepository,
)
from saas.crm.sales import NewOrder, complete_test_drive, schedule_test_drive, sign_order
from saas.crm.vocabulary import PaymentMethod, TagKind, TestDriveStatus
from saas.models import AuditEntry, Customer, User
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import (
    actor_for,
    gid,
    make_group,
    make_lead,
    make_store,
    make_user,
    make_vehicle_model,
)

CAMPAIGN = """id kind name status startsAt endsAt cost groupWide invitedAt skippedForConsent
    version store { code } createdBy { email }
    segment { tags valueTier lifecycle vehicleModel { name } store { code } }"""
ERRORS = """... on ValidationErrors { errors { path message } }
    ... on NotFoundError { message } ... on ForbiddenError { message }
    ... on ConflictError { message } ... on CampaignStatusError { message status }"""
CREATE = f"""mutation($input: CreateCampaignInput!) {{ createCampaign(input: $input) {{
    __typename ... on Campaign {{ {CAMPAIGN} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateCampaignInput!) {{ updateCampaign(input: $input) {{
    __typename ... on Campaign {{ {CAMPAIGN} }} {ERRORS} }} }}"""
INVITE = f"""mutation($c: ID!) {{ inviteCampaignSegment(input: {{campaignId: $c}}) {{
    __typename ... on CampaignInvitationRun {{ invited alreadyInvited skippedForConsent
        campaign {{ skippedForConsent invitedAt }} }} {ERRORS} }} }}"""
INVITATION = "id rsvp attended attendedAt customer { name } store { code } recordedBy { email }"
RSVP = f"""mutation($i: ID!, $r: CampaignRsvp!) {{
    recordCampaignRsvp(input: {{invitationId: $i, rsvp: $r}}) {{
    __typename ... on CampaignInvitation {{ {INVITATION} }} {ERRORS} }} }}"""
ATTEND = f"""mutation($i: ID!) {{ recordCampaignAttendance(input: {{invitationId: $i}}) {{
    __typename ... on CampaignInvitation {{ {INVITATION} }} {ERRORS} }} }}"""
INVITATIONS = f"""query($c: ID!, $filter: CampaignInvitationFilter) {{ campaign(id: $c) {{
    id invitations(first: 50, filter: $filter) {{ totalCount nodes {{ {INVITATION} }} }} }} }}"""
LIST = """query($filter: CampaignFilter) { campaigns(first: 20, filter: $filter) {
    totalCount nodes { id name groupWide } } }"""
REPORT = """query($c: ID!) { campaignReport(campaignId: $c) { __typename
    ... on CampaignReport { invited skippedForConsent rsvpYes rsvpMaybe rsvpNo attended leads
        testDrives orders costPerLead campaign { name } }
    ... on NotFoundError { message } } }"""
CREATE_LEAD = """mutation($input: CreateLeadInput!) { createLead(input: $input) {
    __typename ... on LeadCreated { existingLead lead { id campaignId sourceChannel } }
    ... on ValidationErrors { errors { path message } } } }"""

DAY = datetime(2026, 12, 19, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    hz = await make_store(group, "HZ-1", city="Hangzhou", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=sh)
    hal = await make_user("hal@a.test", group=group, role=Role.CONSULTANT, store=hz)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=sh)
    await make_user("sales@a.test", group=group, role=Role.SALES_MANAGER, store=sh)
    await make_user("hzboss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=hz)
    await make_user("clerk@a.test", group=group, role=Role.CUSTOMER_ADMIN, store=sh)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    await make_user("it@a.test", group=group, role=Role.GROUP_ADMIN)
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "OT-1", brands=["Huaxia"])
    await make_user("rival@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    await make_user("rivalexec@b.test", group=other, role=Role.GROUP_EXECUTIVE)
    await make_user("rivalit@b.test", group=other, role=Role.GROUP_ADMIN)
    return group, sh, hz, ann, hal


async def _customer(
    user: User, store: Any, phone: str, *, tags: tuple[str, ...] = (), consent: bool = False
) -> Customer:
    """A customer of `store` (through a lead `user` takes in), with tags and consent."""
    intake = await make_lead(user, store, name=f"Customer {phone[-2:]}", phone=phone)
    actor = await actor_for(user)
    async with tenant_transaction(store.tenant_id):
        for tag in tags:
            await tag_customer(actor, intake.customer.id, tag, TagKind.STATIC)
        if consent:
            await set_consents(actor, intake.customer.id, {"marketing": True}, "signed form")
    return intake.customer


async def _run(api: Api, token: str, query: str, **variables: Any) -> dict[str, Any]:
    data = await api.gql(query, variables, token)
    return next(iter(data.values()))  # type: ignore[no-any-return]


def _new(store: Any | None = None, **more: Any) -> dict[str, Any]:
    return {
        "kind": "TEST_DRIVE_DAY",
        "name": "Aurora test-drive day",
        "startsAt": DAY.isoformat(),
        "endsAt": (DAY + timedelta(hours=8)).isoformat(),
        **({"storeId": gid(store)} if store is not None else {}),
        **more,
    }


async def test_inviting_a_segment_invites_consenting_customers_once(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, hz, ann, hal = floor
    await _customer(ann, sh, "13900000001", tags=("family",), consent=True)
    await _customer(ann, sh, "13900000002", tags=("family",))
    await _customer(ann, sh, "13900000003", consent=True)  # not in the segment
    await _customer(hal, hz, "13900000004", tags=("family",), consent=True)  # another store
    boss = await api.login("boss@a.test")

    campaign = await _run(
        api, boss, CREATE, input=_new(sh, cost="3000.00", segment={"tags": [" family "]})
    )
    assert campaign | {"id": None} == {
        "__typename": "Campaign",
        "id": None,
        "kind": "TEST_DRIVE_DAY",
        "name": "Aurora test-drive day",
        "status": "PLANNED",
        "startsAt": "2026-12-19T01:00:00+00:00",
        "endsAt": "2026-12-19T09:00:00+00:00",
        "cost": "3000.00",
        "groupWide": False,
        "invitedAt": None,
        "skippedForConsent": 0,
        "version": 1,
        "store": {"code": "SH-1"},
        "createdBy": {"email": "boss@a.test"},
        # A store's campaign invites its own store's customers.
        "segment": {
            "tags": ["family"],
            "valueTier": None,
            "lifecycle": None,
            "vehicleModel": None,
            "store": {"code": "SH-1"},
        },
    }

    first = await _run(api, boss, INVITE, c=campaign["id"])
    assert (first["invited"], first["alreadyInvited"], first["skippedForConsent"]) == (1, 0, 1)
    assert first["campaign"]["skippedForConsent"] == 1 and first["campaign"]["invitedAt"]
    again = await _run(api, boss, INVITE, c=campaign["id"])
    assert (again["invited"], again["alreadyInvited"], again["skippedForConsent"]) == (0, 1, 1)

    # The second family customer gives consent: the next run invites only her.
    async with tenant_transaction(group.id):
        second = await CustomerRepository(group.id).query().get(phone="+8613900000002")
        await set_consents(await actor_for(ann), second.id, {"marketing": True}, "phone call")
    third = await _run(api, boss, INVITE, c=campaign["id"])
    assert (third["invited"], third["alreadyInvited"], third["skippedForConsent"]) == (1, 1, 0)

    listed = await _run(api, boss, INVITATIONS, c=campaign["id"])
    assert sorted(n["customer"]["name"] for n in listed["invitations"]["nodes"]) == [
        "Customer 01",
        "Customer 02",
    ]
    assert {n["store"]["code"] for n in listed["invitations"]["nodes"]} == {"SH-1"}

    async with tenant_transaction(group.id):
        ops = await AuditEntry.filter(tenant_id=group.id, operation__contains="ampaign")
    assert sorted((e.operation, e.outcome) for e in ops) == [
        ("createCampaign", "Campaign"),
        ("inviteCampaignSegment", "CampaignInvitationRun"),
        ("inviteCampaignSegment", "CampaignInvitationRun"),
        ("inviteCampaignSegment", "CampaignInvitationRun"),
    ]


async def test_a_segment_by_value_tier_lifecycle_and_vehicle_model(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    aurora = await make_vehicle_model(name="Aurora 1.5T")
    meridian = await make_vehicle_model(series="Meridian", name="Meridian 1.5T")
    owner = await _customer(ann, sh, "13900000011", consent=True)
    prospect = (
        await make_lead(ann, sh, name="Prospect", phone="13900000012", vehicle_model=aurora)
    ).customer
    other = await _customer(ann, sh, "13900000013", consent=True)
    async with tenant_transaction(group.id):
        await set_consents(await actor_for(ann), prospect.id, {"marketing": True}, "web form")
        # The owner bought an Aurora (after-sales); the third customer a Meridian.
        for customer, model in ((owner, aurora), (other, meridian)):
            await VehicleRepository(group.id).create(
                store_id=sh.id,
                customer_id=customer.id,
                vehicle_model_id=model.id,
                model_name=model.name,
                purchase_date=date(2024, 5, 1),
                purchase_channel="this_store",
            )
    async with tenant_transaction(group.id):
        await (
            CustomerRepository(group.id)
            .query()
            .filter(id__in=[owner.id, prospect.id])
            .update(value_tier="B", lifecycle="potential")
        )
        await CustomerRepository(group.id).query().filter(id=other.id).update(value_tier="B")
    boss = await api.login("boss@a.test")
    segment = {"valueTier": "B", "lifecycle": "potential", "vehicleModelId": gid(aurora)}
    campaign = await _run(
        api, boss, CREATE, input=_new(sh, kind="CARE_EVENT", name="Aurora care", segment=segment)
    )
    assert campaign["segment"] | {"store": None} == {
        "tags": [],
        "valueTier": "B",
        "lifecycle": "potential",
        "vehicleModel": {"name": "Aurora 1.5T"},
        "store": None,
    }
    run = await _run(api, boss, INVITE, c=campaign["id"])
    assert (run["invited"], run["skippedForConsent"]) == (2, 0)
    listed = await _run(api, boss, INVITATIONS, c=campaign["id"])
    assert sorted(n["customer"]["name"] for n in listed["invitations"]["nodes"]) == [
        "Customer 11",
        "Prospect",
    ]


async def test_answers_attendance_leads_and_the_report(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, hz, ann, _ = floor
    aurora = await make_vehicle_model(name="Aurora 1.5T")
    await _customer(ann, sh, "13900000021", consent=True)
    await _customer(ann, sh, "13900000022", consent=True)
    known = await make_lead(ann, sh, name="Known", phone="13900000023")
    boss, ann_t = await api.login("boss@a.test"), await api.login("ann@a.test")
    campaign = await _run(api, boss, CREATE, input=_new(sh, cost="3000"))
    hz_campaign = await _run(
        api, await api.login("hzboss@a.test"), CREATE, input=_new(hz, name="Xihu day")
    )
    invited = await _run(api, boss, INVITE, c=campaign["id"])
    assert invited["invited"] == 2
    nodes = (await _run(api, ann_t, INVITATIONS, c=campaign["id"]))["invitations"]["nodes"]
    first, second = sorted(nodes, key=lambda n: n["customer"]["name"])

    yes = await _run(api, ann_t, RSVP, i=first["id"], r="YES")
    assert (yes["rsvp"], yes["recordedBy"]) == ("YES", {"email": "ann@a.test"})
    assert (await _run(api, ann_t, RSVP, i=second["id"], r="MAYBE"))["rsvp"] == "MAYBE"

    # Attendance and leads wait until a manager opens the campaign.
    early = await _run(api, ann_t, ATTEND, i=first["id"])
    assert early == {
        "__typename": "CampaignStatusError",
        "message": "cannot record attendance: the campaign is planned; it allows inviting and "
        "answers; attendance and leads once it is open",
        "status": "PLANNED",
    }
    lead_input = {
        "storeId": gid(sh),
        "customer": {"name": "Zhao Min", "phone": "13900000031"},
        "sourceChannel": "WALK_IN",
        "vehicleModelId": gid(aurora),
        "campaignId": campaign["id"],
    }
    planned = await _run(api, ann_t, CREATE_LEAD, input=lead_input)
    assert planned["errors"] == [
        {
            "path": ["input", "campaignId"],
            "message": "the campaign has not opened yet; a manager opens it on the day",
        }
    ]
    opened = await _run(api, boss, UPDATE, input={"campaignId": campaign["id"], "status": "OPEN"})
    assert (opened["status"], opened["version"]) == ("OPEN", 2)

    came = await _run(api, ann_t, ATTEND, i=first["id"])
    assert (came["attended"], came["attendedAt"] is not None) == (True, True)
    attended = await _run(api, ann_t, INVITATIONS, c=campaign["id"], filter={"attended": True})
    assert [n["id"] for n in attended["invitations"]["nodes"]] == [first["id"]]

    lead = await _run(api, ann_t, CREATE_LEAD, input=lead_input)
    assert lead["lead"]["campaignId"] == campaign["id"]
    second_lead = await _run(
        api,
        ann_t,
        CREATE_LEAD,
        input=lead_input | {"customer": {"name": "Qian Yu", "phone": "13900000032"}},
    )
    assert second_lead["lead"]["campaignId"] == campaign["id"]
    # The leads list narrows to the campaign's leads.
    of_campaign = await api.gql(
        "query($c: ID!) { leads(first: 10, filter: {campaignId: $c}) { totalCount } }",
        {"c": campaign["id"]},
        boss,
    )
    assert of_campaign["leads"]["totalCount"] == 2
    # A customer with an open lead at the store keeps that lead, without the campaign.
    existing = await _run(
        api,
        ann_t,
        CREATE_LEAD,
        input=lead_input | {"customer": {"name": "Known", "phone": "13900000023"}},
    )
    assert (existing["existingLead"], existing["lead"]["id"], existing["lead"]["campaignId"]) == (
        True,
        gid(known.lead),
        None,
    )
    # A campaign of another store is no source for this store's lead.
    hzboss = await api.login("hzboss@a.test")
    await _run(api, hzboss, UPDATE, input={"campaignId": hz_campaign["id"], "status": "OPEN"})
    elsewhere = await _run(
        api,
        await api.login("boss@a.test"),
        CREATE_LEAD,
        input=lead_input
        | {"campaignId": hz_campaign["id"], "customer": {"name": "X", "phone": "13900000033"}},
    )
    assert elsewhere["errors"][0]["path"] == ["input", "campaignId"]

    # One lead drives and orders.
    ann_actor = await actor_for(ann)
    async with tenant_transaction(group.id):
        lead_pk = (
            await LeadRepository(group.id).query().filter(campaign_id__isnull=False).order_by("id")
        )[0].id
        drive = await schedule_test_drive(ann_actor, lead_pk, aurora.id, DAY)
        await complete_test_drive(ann_actor, drive.id, TestDriveStatus.DONE, "smooth", now=DAY)
        await sign_order(
            ann_actor,
            NewOrder(lead_pk, aurora.id, Decimal(180000), PaymentMethod.LOAN, Decimal(5000)),
            now=DAY,
        )

    closed = await _run(api, boss, UPDATE, input={"campaignId": campaign["id"], "status": "CLOSED"})
    assert closed["status"] == "CLOSED"
    late = await _run(api, ann_t, RSVP, i=second["id"], r="NO")
    assert (late["__typename"], late["status"]) == ("CampaignStatusError", "CLOSED")
    assert (await _run(api, boss, INVITE, c=campaign["id"]))["status"] == "CLOSED"

    for token in (boss, ann_t, await api.login("exec@a.test")):
        report = await _run(api, token, REPORT, c=campaign["id"])
        assert report == {
            "__typename": "CampaignReport",
            "invited": 2,
            "skippedForConsent": 1,  # the customer of the existing lead gave no consent
            "rsvpYes": 1,
            "rsvpMaybe": 1,
            "rsvpNo": 0,
            "attended": 1,
            "leads": 2,
            "testDrives": 1,
            "orders": 1,
            "costPerLead": "1500.00",
            "campaign": {"name": "Aurora test-drive day"},
        }
    # Without a cost, no cost per lead.
    hz_report = await _run(api, await api.login("hzboss@a.test"), REPORT, c=hz_campaign["id"])
    assert (hz_report["leads"], hz_report["costPerLead"]) == (0, None)


async def test_a_campaign_names_what_is_wrong_with_its_input(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, hz, _, _ = floor
    boss = await api.login("boss@a.test")
    bad = await _run(
        api,
        boss,
        CREATE,
        input=_new(
            sh,
            name=" ",
            endsAt=DAY.isoformat(),
            cost="-5",
            segment={
                "tags": ["ok", ""],
                "valueTier": "Z",
                "lifecycle": "sleepy",
                "storeId": gid(hz),
            },
        ),
    )
    assert bad["__typename"] == "ValidationErrors"
    assert [(e["path"], e["message"]) for e in bad["errors"]] == [
        (["input", "name"], "give the campaign a name"),
        (["input", "endsAt"], "must be after the start"),
        (["input", "cost"], "must be an amount in yuan, zero or more"),
        (["input", "segment", "tags", "1"], "a tag is 1 to 48 characters"),
        (["input", "segment", "valueTier"], "must be A, B or C"),
        (["input", "segment", "lifecycle"], "must be one of high_value, potential, general, lost"),
        (
            ["input", "segment", "storeId"],
            "a store's campaign invites the customers of its own store; leave it out",
        ),
    ]
    wrong_id = await _run(api, boss, CREATE, input=_new(sh, segment={"vehicleModelId": gid(sh)}))
    assert wrong_id["errors"][0]["path"] == ["input", "segment", "vehicleModelId"]
    # A store manager names the store: a group-wide campaign is the group administrator's.
    no_store = await _run(api, boss, CREATE, input=_new())
    assert no_store["errors"] == [
        {
            "path": ["input", "storeId"],
            "message": "name your store: a campaign of the whole group is planned by the group "
            "administrator",
        }
    ]
    other_store = await _run(api, boss, CREATE, input=_new(hz))
    assert other_store["errors"][0]["path"] == ["input", "storeId"]
    campaign = await _run(api, boss, CREATE, input=_new(sh))
    stale = await _run(
        api, boss, UPDATE, input={"campaignId": campaign["id"], "name": "New", "expectedVersion": 7}
    )
    assert stale["__typename"] == "ConflictError"


async def test_roles_and_stores(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, hz, ann, hal = floor
    await _customer(ann, sh, "13900000041", consent=True)
    await _customer(hal, hz, "13900000042", consent=True)
    boss = await api.login("boss@a.test")
    campaign = await _run(api, boss, CREATE, input=_new(sh))

    # Planning and inviting need campaign:manage: consultants, customer
    # administrators are refused by permission.
    for email in ("ann@a.test", "clerk@a.test"):
        token = await api.login(email)
        errors = await api.errors(CREATE, {"input": _new(sh)}, token)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", email
        errors = await api.errors(INVITE, {"c": campaign["id"]}, token)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", email
    # The sales manager runs the store's campaigns too; the other store's manager
    # does not see them.
    sales = await api.login("sales@a.test")
    assert (await _run(api, sales, INVITE, c=campaign["id"]))["invited"] == 1
    hzboss = await api.login("hzboss@a.test")
    assert (await _run(api, hzboss, INVITE, c=campaign["id"]))["__typename"] == "NotFoundError"
    assert (await _run(api, hzboss, LIST))["totalCount"] == 0
    node = "query($id: ID!) { node(id: $id) { ... on Campaign { name store { code } } } }"
    assert await api.gql(node, {"id": campaign["id"]}, hzboss) == {"node": None}
    assert await api.gql(node, {"id": campaign["id"]}, boss) == {
        "node": {"name": "Aurora test-drive day", "store": {"code": "SH-1"}}
    }

    # The group administrator plans a campaign of the whole group, shown to every
    # store, and invites customers of every store; it records no answers.
    it_t, exec_t = await api.login("it@a.test"), await api.login("exec@a.test")
    show = await _run(api, it_t, CREATE, input=_new(kind="AUTO_SHOW", name="Shanghai auto show"))
    assert (show["groupWide"], show["store"], show["segment"]["store"]) == (True, None, None)
    assert (await _run(api, it_t, INVITE, c=show["id"]))["invited"] == 2
    assert (await _run(api, hzboss, LIST))["nodes"] == [
        {"id": show["id"], "name": "Shanghai auto show", "groupWide": True}
    ]
    # A store manager cannot run the group's campaign.
    refused = await _run(api, boss, UPDATE, input={"campaignId": show["id"], "name": "Mine"})
    assert refused["__typename"] == "ForbiddenError"
    # Each store's consultants see and record their own store's invitations.
    ann_t, hal_t = await api.login("ann@a.test"), await api.login("hal@a.test")
    ann_nodes = (await _run(api, ann_t, INVITATIONS, c=show["id"]))["invitations"]["nodes"]
    hal_nodes = (await _run(api, hal_t, INVITATIONS, c=show["id"]))["invitations"]["nodes"]
    assert [n["store"]["code"] for n in ann_nodes] == ["SH-1"]
    assert [n["store"]["code"] for n in hal_nodes] == ["HZ-1"]
    assert (await _run(api, hal_t, RSVP, i=ann_nodes[0]["id"], r="YES"))["__typename"] == (
        "NotFoundError"
    )
    assert (await _run(api, hal_t, RSVP, i=hal_nodes[0]["id"], r="YES"))["rsvp"] == "YES"
    for token in (it_t, exec_t):
        errors = await api.errors(RSVP, {"i": ann_nodes[0]["id"], "r": "YES"}, token)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"

    # The group administrator reads the group's campaigns and their reports, but
    # not who was invited (it reads no customers), and runs no store's campaign.
    assert (await _run(api, it_t, LIST))["totalCount"] == 2
    assert (await _run(api, it_t, INVITATIONS, c=show["id"]))["invitations"]["totalCount"] == 0
    assert (await _run(api, it_t, REPORT, c=show["id"]))["invited"] == 2
    store_run = await _run(api, it_t, UPDATE, input={"campaignId": campaign["id"], "name": "X"})
    assert store_run == {
        "__typename": "ForbiddenError",
        "message": "you need campaign:manage in the campaign's store to run this campaign",
    }
    assert (await _run(api, it_t, INVITE, c=campaign["id"]))["__typename"] == "ForbiddenError"
    in_store = await _run(api, it_t, CREATE, input=_new(sh))
    assert in_store["errors"] == [
        {
            "path": ["input", "storeId"],
            "message": "leave it out: you plan campaigns of the whole group; a store's own "
            "campaigns are planned by its managers",
        }
    ]

    # The group executive reads every campaign and its invitations, and runs none.
    assert (await _run(api, exec_t, LIST))["totalCount"] == 2
    filtered = await _run(api, exec_t, LIST, filter={"storeId": gid(sh)})
    assert [n["id"] for n in filtered["nodes"]] == [campaign["id"]]
    seen = await _run(api, exec_t, INVITATIONS, c=show["id"])
    assert seen["invitations"]["totalCount"] == 2
    for query, variables in (
        (CREATE, {"input": _new(kind="AUTO_SHOW", name="Exec show")}),
        (UPDATE, {"input": {"campaignId": show["id"], "name": "Renamed"}}),
        (INVITE, {"c": show["id"]}),
    ):
        errors = await api.errors(query, variables, exec_t)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", query
    async with tenant_transaction(group.id):
        assert await CampaignRepository(group.id).query().count() == 2


async def test_a_consultant_sees_and_records_only_its_own_customers_invitations(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    group, sh, _, ann, _ = floor
    amy = await make_user("amy@a.test", group=group, role=Role.CONSULTANT, store=sh)
    await _customer(ann, sh, "13900000061", consent=True)
    await _customer(amy, sh, "13900000062", consent=True)
    boss = await api.login("boss@a.test")
    campaign = await _run(api, boss, CREATE, input=_new(sh))
    assert (await _run(api, boss, INVITE, c=campaign["id"]))["invited"] == 2
    await _run(api, boss, UPDATE, input={"campaignId": campaign["id"], "status": "OPEN"})

    # The manager sees both invitations and both customers.
    managed = (await _run(api, boss, INVITATIONS, c=campaign["id"]))["invitations"]
    assert managed["totalCount"] == 2
    by_name = {n["customer"]["name"]: n for n in managed["nodes"]}
    assert sorted(by_name) == ["Customer 61", "Customer 62"]
    ann_own, amy_own = by_name["Customer 61"], by_name["Customer 62"]

    # Each consultant sees only the invitation of its own customer, in the list
    # and by node.
    ann_t, amy_t = await api.login("ann@a.test"), await api.login("amy@a.test")
    node = """query($id: ID!) { node(id: $id) {
        ... on CampaignInvitation { id customer { name } } } }"""
    for token, own, other in ((ann_t, ann_own, amy_own), (amy_t, amy_own, ann_own)):
        seen = (await _run(api, token, INVITATIONS, c=campaign["id"]))["invitations"]
        assert seen["totalCount"] == 1
        assert [(n["id"], n["customer"]) for n in seen["nodes"]] == [(own["id"], own["customer"])]
        assert await api.gql(node, {"id": own["id"]}, token) == {
            "node": {"id": own["id"], "customer": own["customer"]}
        }
        assert await api.gql(node, {"id": other["id"]}, token) == {"node": None}

        # The other consultant's customer's answer and attendance are not its to record.
        refused = await _run(api, token, RSVP, i=other["id"], r="YES")
        assert refused == {
            "__typename": "NotFoundError",
            "message": f"campaign invitation {other['id']} was not found",
        }
        refused = await _run(api, token, ATTEND, i=other["id"])
        assert refused["__typename"] == "NotFoundError"
    async with tenant_transaction(group.id):
        rows = await CampaignInvitationRepository(group.id).query()
    assert [(i.rsvp, i.attended, i.recorded_by_id) for i in rows] == [(None, False, None)] * 2

    # Its own it records.
    assert (await _run(api, amy_t, RSVP, i=amy_own["id"], r="YES"))["rsvp"] == "YES"
    assert (await _run(api, ann_t, ATTEND, i=ann_own["id"]))["attended"] is True


async def test_another_dealer_group_sees_and_changes_nothing(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    await _customer(ann, sh, "13900000051", consent=True)
    boss = await api.login("boss@a.test")
    campaign = await _run(api, boss, CREATE, input=_new(sh, cost="100"))
    await _run(api, boss, INVITE, c=campaign["id"])
    invitation = (await _run(api, boss, INVITATIONS, c=campaign["id"]))["invitations"]["nodes"][0]
    await _run(api, boss, UPDATE, input={"campaignId": campaign["id"], "status": "OPEN"})

    for email in ("rival@b.test", "rivalexec@b.test", "rivalit@b.test"):
        rival = await api.login(email)
        assert (await _run(api, rival, LIST))["totalCount"] == 0
        assert (await _run(api, rival, INVITATIONS, c=campaign["id"])) is None
        node = await api.gql(
            "query($id: ID!) { node(id: $id) { id } }", {"id": campaign["id"]}, rival
        )
        assert node == {"node": None}
        node = await api.gql(
            "query($id: ID!) { node(id: $id) { id } }", {"id": invitation["id"]}, rival
        )
        assert node == {"node": None}
        assert (await _run(api, rival, REPORT, c=campaign["id"]))["__typename"] == "NotFoundError"
        if email == "rivalexec@b.test":
            continue  # an executive runs no campaign
        assert (await _run(api, rival, INVITE, c=campaign["id"]))["__typename"] == "NotFoundError"
        changed = await _run(
            api, rival, UPDATE, input={"campaignId": campaign["id"], "status": "CLOSED"}
        )
        assert changed["__typename"] == "NotFoundError"
    rival = await api.login("rival@b.test")
    assert (await _run(api, rival, RSVP, i=invitation["id"], r="NO"))["__typename"] == (
        "NotFoundError"
    )
    assert (await _run(api, rival, ATTEND, i=invitation["id"]))["__typename"] == "NotFoundError"
    other_store = (await api.gql("{ stores(first: 1) { nodes { id } } }", None, rival))["stores"][
        "nodes"
    ][0]["id"]
    lead = await _run(
        api,
        rival,
        CREATE_LEAD,
        input={
            "storeId": other_store,
            "customer": {"name": "Spy", "phone": "13900000059"},
            "sourceChannel": "WALK_IN",
            "campaignId": campaign["id"],
        },
    )
    assert lead["errors"][0]["path"] == ["input", "campaignId"]

    async with tenant_transaction(group.id):
        rows = await CampaignRepository(group.id).query()
        invitations = await CampaignInvitationRepository(group.id).query()
        leads = await LeadRepository(group.id).query().filter(campaign_id__isnull=False).count()
    assert [(r.status, r.version, r.name) for r in rows] == [("open", 2, "Aurora test-drive day")]
    assert [(i.rsvp, i.attended) for i in invitations] == [(None, False)]
    assert leads == 0
