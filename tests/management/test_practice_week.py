"""A week of the dealer practice, end to end through the API: consultants take
in leads and make the first contact, cards are submitted, one returned and
resubmitted, signed and entered; the showroom manager holds the weekly meeting
over the week's figures with its action plan; coaches the consultant the data
makes weakest with a written plan; runs a campaign (a customer without
marketing consent is not invited) and reads its report; decides a lost
request, finds it in the lost report and the win-back queue and reopens it;
and a customer's data goes to the bank only once the customer has consented.
Another dealer group sees none of it."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from saas.models import AuditEntry, User
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_store, make_user, make_vehicle_model

SHANGHAI = ZoneInfo("Asia/Shanghai")
ERRORS = """... on ValidationErrors { errors { path message } }
    ... on NotFoundError { message } ... on ForbiddenError { message }
    ... on ConflictError { message }"""
CREATE_LEAD = """mutation($input: CreateLeadInput!) { createLead(input: $input) { __typename
    ... on LeadCreated { existingLead lead { id intentGrade status campaignId owner { email } }
        customer { id archiveNo } }
    ... on ValidationErrors { errors { path message } } } }"""
FOLLOW_UP = """mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename
    ... on FollowUpLogged { lead { intentGrade stage followUpCount nextFollowUpReason } }
    ... on ValidationErrors { errors { path message } } } }"""
CARD = """__typename ... on CustomerCard { id state intentGrade version returnComment
    consultant { email } signedBy { email } returnedBy { email } enteredBy { email } }
    ... on CustomerCardStateError { message state }"""
SUBMIT = f"mutation($lead: ID!) {{ submitCustomerCard(input: {{leadId: $lead}}) {{ {CARD} }} }}"
SIGN = f"mutation($card: ID!) {{ signCustomerCard(input: {{cardId: $card}}) {{ {CARD} }} }}"
ENTER = f"mutation($card: ID!) {{ enterCustomerCard(input: {{cardId: $card}}) {{ {CARD} }} }}"
RETURN = f"""mutation($card: ID!, $comment: String!) {{
    returnCustomerCard(input: {{cardId: $card, comment: $comment}}) {{ {CARD} }} }}"""
CARDS = """query($filter: CustomerCardFilter) { customerCards(filter: $filter, first: 20) {
    totalCount nodes { id state customer { name } } } }"""
SET_TARGET = """mutation($input: SetTargetInput!) { setTarget(input: $input) { __typename } }"""
ACTION = "id status statusNote owner { email } history { status note by { email } }"
OPEN_MEETING = f"""mutation($input: OpenWeeklyMeetingInput!) {{
    openWeeklyMeeting(input: $input) {{ __typename ... on WeeklyMeeting {{ id week
        heldBy {{ email }} attendees {{ email }}
        figures {{ frozen figures {{ metric thisWeek }} }} }} {ERRORS} }} }}"""
ADD_ACTION = f"""mutation($input: AddMeetingActionInput!) {{
    addMeetingAction(input: $input) {{ __typename ... on MeetingAction {{ {ACTION} }}
    {ERRORS} }} }}"""
ACTION_STATUS = f"""mutation($input: ChangeMeetingActionStatusInput!) {{
    changeMeetingActionStatus(input: $input) {{ __typename ... on MeetingAction {{ {ACTION} }}
    ... on MeetingActionStatusError {{ message status }} {ERRORS} }} }}"""
MY_ACTIONS = """{ meetingActions(filter: {mine: true}, first: 20) {
    totalCount nodes { defect status } } }"""
MEETING = """query($id: ID!) { weeklyMeeting(id: $id) { archived actions { status } } }"""
ARCHIVE = """mutation($id: ID!) { archiveWeeklyMeeting(input: {meetingId: $id}) {
    __typename ... on WeeklyMeeting { archived figures { frozen } } } }"""
FIGURES = """week followUps onTimeFollowUps cadenceCompliancePercent targetAchievementPercent
    targets { target goal actual percent } reasons rank rankedOf"""
CANDIDATES = f"""query($store: ID!, $week: String) {{ coachingCandidates(storeId: $store,
    week: $week) {{ __typename ... on CoachingCandidates {{ storeCode week
        candidates {{ rank consultant {{ email }} figures {{ {FIGURES} }} lastPlan {{ id }} }} }}
    ... on ValidationErrors {{ errors {{ path message }} }} }} }}"""
PLAN = f"""__typename ... on SuccessPlan {{ id week status goals consultant {{ email }}
    manager {{ email }} figures {{ {FIGURES} }}
    actions {{ number what doneAt doneBy {{ email }} }} }} {ERRORS}"""
RECORD = f"""mutation($input: RecordOneToOneInput!) {{ recordOneToOne(input: $input) {{
    {PLAN} }} }}"""
COMPLETE = f"""mutation($plan: ID!, $n: Int!) {{ completeSuccessPlanAction(input: {{
    planId: $plan, actionNumber: $n}}) {{ {PLAN} }} }}"""
CONSENTS = """mutation($input: SetCustomerConsentsInput!) { setCustomerConsents(input: $input) {
    __typename ... on Customer { consents { marketing shareWithFinancePartners } } } }"""
TAG = """mutation($input: TagCustomerInput!) { tagCustomer(input: $input) { __typename } }"""
CAMPAIGN_ERRORS = f"{ERRORS} ... on CampaignStatusError {{ message status }}"
CREATE_CAMPAIGN = f"""mutation($input: CreateCampaignInput!) {{ createCampaign(input: $input) {{
    __typename ... on Campaign {{ id status store {{ code }} segment {{ tags }} }}
    {CAMPAIGN_ERRORS} }} }}"""
UPDATE_CAMPAIGN = f"""mutation($input: UpdateCampaignInput!) {{ updateCampaign(input: $input) {{
    __typename ... on Campaign {{ status }} {CAMPAIGN_ERRORS} }} }}"""
INVITE = f"""mutation($c: ID!) {{ inviteCampaignSegment(input: {{campaignId: $c}}) {{
    __typename ... on CampaignInvitationRun {{ invited alreadyInvited skippedForConsent }}
    {CAMPAIGN_ERRORS} }} }}"""
INVITATIONS = """query($c: ID!) { campaign(id: $c) { invitations(first: 50) {
    totalCount nodes { id rsvp attended customer { name } } } } }"""
RSVP = f"""mutation($i: ID!) {{ recordCampaignRsvp(input: {{invitationId: $i, rsvp: YES}}) {{
    __typename ... on CampaignInvitation {{ rsvp }} {CAMPAIGN_ERRORS} }} }}"""
ATTEND = f"""mutation($i: ID!) {{ recordCampaignAttendance(input: {{invitationId: $i}}) {{
    __typename ... on CampaignInvitation {{ attended recordedBy {{ email }} }}
    {CAMPAIGN_ERRORS} }} }}"""
CAMPAIGN_REPORT = """query($c: ID!) { campaignReport(campaignId: $c) { __typename
    ... on CampaignReport { invited skippedForConsent rsvpYes rsvpMaybe rsvpNo attended leads
        testDrives orders costPerLead campaign { name } } } }"""
REQUEST_LOST = f"""mutation($input: RequestLeadLostInput!) {{ requestLeadLost(input: $input) {{
    __typename ... on Lead {{ status }} {ERRORS} }} }}"""
DECIDE_LOST = f"""mutation($input: DecideLeadLostInput!) {{ decideLeadLost(input: $input) {{
    __typename ... on Lead {{ status lostReason }} {ERRORS} }} }}"""
GROUP = "label lost returned"
LOST_REPORT = f"""query($filter: LostLeadReportFilter) {{ lostLeadReport(filter: $filter) {{
    __typename ... on LostLeadReport {{ lost returned caseCount byReason {{ {GROUP} }}
        byCompetitorBrand {{ {GROUP} }} byConsultant {{ {GROUP} }}
        cases {{ leadId storeCode outcome reason competitorBrand competitorModel consultant }} }}
    ... on ValidationErrors {{ errors {{ path message }} }} }} }}"""
WIN_BACK = """{ winBackLeads(first: 20) { totalCount
    nodes { id lostReason owner { email } customer { name } } } }"""
REOPEN = f"""mutation($input: ReopenLostLeadInput!) {{ reopenLostLead(input: $input) {{
    __typename ... on Lead {{ status intentGrade owner {{ email }} }}
    ... on LeadNotLostError {{ message status }} {ERRORS} }} }}"""
CREATE_PARTNER = f"""mutation($input: CreatePartnerInput!) {{ createPartner(input: $input) {{
    __typename ... on Partner {{ id name kind }} {ERRORS} }} }}"""
SHARE = f"""mutation($input: ShareCustomerWithPartnerInput!) {{
    shareCustomerWithPartner(input: $input) {{ __typename
    ... on CustomerDataShare {{ purpose fields consent values {{ field value }}
        partner {{ name }} sharedBy {{ email }} }}
    ... on ConsentMissingError {{ message code consent }} {ERRORS} }} }}"""
SHARES = """query($customer: ID!) { customerDataShares(customerId: $customer, first: 20) {
    totalCount nodes { purpose partner { name } } } }"""


@pytest.fixture
async def showroom(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    for email, role in (
        ("ann@a.test", Role.CONSULTANT),
        ("bob@a.test", Role.CONSULTANT),
        ("cat@a.test", Role.CONSULTANT),
        ("boss@a.test", Role.SHOWROOM_MANAGER),
        ("sales@a.test", Role.SALES_MANAGER),
        ("clerk@a.test", Role.CUSTOMER_ADMIN),
    ):
        await make_user(email, group=group, role=role, store=sh)
    await make_user("it@a.test", group=group, role=Role.GROUP_ADMIN)
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "OT-1", brands=["Huaxia"])
    await make_user("rival@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    await make_user("rivalit@b.test", group=other, role=Role.GROUP_ADMIN)
    return group, sh, await make_vehicle_model(name="Aurora 2.0T")


async def _run(api: Api, token: str, query: str, **variables: Any) -> dict[str, Any]:
    data = await api.gql(query, variables, token)
    return next(iter(data.values()))  # type: ignore[no-any-return]


def _week_goal(monthly: int, monday: date) -> float:
    """The week's share of a monthly goal, as a manager would work it out."""
    return round(
        sum(
            monthly / calendar.monthrange(d.year, d.month)[1]
            for d in (monday + timedelta(days=i) for i in range(7))
        ),
        1,
    )


async def test_a_showroom_lives_one_week_of_the_practice(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, sh, aurora = showroom
    tokens = {
        name: await api.login(f"{name}@a.test")
        for name in ("ann", "bob", "cat", "boss", "sales", "clerk", "it")
    }
    ann, bob, cat, boss = (tokens[n] for n in ("ann", "bob", "cat", "boss"))
    users = {u.email.split("@")[0]: gid(u) for u in await User.filter(dealer_group_id=group.id)}
    today = datetime.now(UTC).astimezone(SHANGHAI).date()
    monday = today - timedelta(days=today.weekday())
    year, number, _ = monday.isocalendar()
    week = f"{year}-W{number:02d}"
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    # -- the consultants' month targets: 30 contacts each (both months of a week that
    # straddles two) ----------------------------------------------------------------------
    months = sorted({monday.replace(day=1), (monday + timedelta(days=6)).replace(day=1)})
    for name in ("ann", "bob", "cat"):
        for month in months:
            target = {"storeId": gid(sh), "userId": users[name], "month": str(month)}
            set_ = await _run(api, tokens["sales"], SET_TARGET, input=target | {"contacts": 30})
            assert set_["__typename"] == "TargetSet", set_

    # -- leads taken in and first contacted ---------------------------------------------
    async def take_in(token: str, name: str, phone: str, grade: str = "A") -> dict[str, Any]:
        created = await _run(
            api,
            token,
            CREATE_LEAD,
            input={
                "storeId": gid(sh),
                "sourceChannel": "WALK_IN",
                "intentGrade": grade,
                "vehicleModelId": gid(aurora),
                "customer": {"name": name, "phone": phone},
            },
        )
        assert created["__typename"] == "LeadCreated", created
        return created

    async def contact(token: str, lead: str, grade: str = "A", **more: Any) -> dict[str, Any]:
        logged = await _run(
            api,
            token,
            FOLLOW_UP,
            input={
                "leadId": lead,
                "channel": "PHONE",
                "content": "first call: wants an SUV for the family",
                "intentGrade": grade,
                "nextFollowUpAt": soon,
                "nextFollowUpReason": "invite to a test drive",
            }
            | more,
        )
        assert logged["__typename"] == "FollowUpLogged", logged
        return logged["lead"]  # type: ignore[no-any-return]

    li = await take_in(ann, "Li Lei", "13900000001")
    han = await take_in(ann, "Han Mei", "13900000002")
    zhou = await take_in(bob, "Zhou Bo", "13900000003")
    wu = await take_in(bob, "Wu Di", "13900000004")
    sun = await take_in(cat, "Sun Li", "13900000005", grade="N")
    assert li["lead"]["owner"] == {"email": "ann@a.test"} and li["lead"]["status"] == "OPEN"
    # ann and bob call each of their customers, ann twice for Li Lei; cat calls once.
    for token, intake in ((ann, li), (ann, han), (bob, zhou), (bob, wu)):
        first = await contact(token, intake["lead"]["id"])
        assert (first["followUpCount"], first["intentGrade"]) == (1, "A")
    assert (await contact(ann, li["lead"]["id"], content="sent the brochure"))["followUpCount"] == 2
    await contact(cat, sun["lead"]["id"], grade="C")

    # -- customer cards: submitted, one returned and resubmitted, signed, entered --------
    cards = {}
    for token, intake in ((ann, li), (bob, zhou)):
        card = await _run(api, token, SUBMIT, lead=intake["lead"]["id"])
        assert (card["__typename"], card["state"], card["version"]) == (
            "CustomerCard",
            "DRAFTED",
            1,
        ), card
        cards[intake["customer"]["id"]] = card["id"]
    queue = await _run(api, boss, CARDS, filter={"state": "DRAFTED"})
    assert sorted(n["customer"]["name"] for n in queue["nodes"]) == ["Li Lei", "Zhou Bo"]
    li_card, zhou_card = cards[li["customer"]["id"]], cards[zhou["customer"]["id"]]
    returned = await _run(
        api, boss, RETURN, card=zhou_card, comment="he orders this month: grade him H"
    )
    assert (returned["state"], returned["returnedBy"]) == ("RETURNED", {"email": "boss@a.test"})
    # bob sees what to fix, regrades the lead on the next call and submits again.
    assert (await _run(api, bob, CARDS, filter={"state": "RETURNED"}))["nodes"] == [
        {"id": zhou_card, "state": "RETURNED", "customer": {"name": "Zhou Bo"}}
    ]
    await contact(bob, zhou["lead"]["id"], grade="H", content="confirmed: orders this month")
    again = await _run(api, bob, SUBMIT, lead=zhou["lead"]["id"])
    assert (again["id"], again["state"], again["intentGrade"], again["returnComment"]) == (
        zhou_card,
        "DRAFTED",
        "H",
        "he orders this month: grade him H",
    )
    for card_id in (li_card, zhou_card):
        signed = await _run(api, boss, SIGN, card=card_id)
        assert (signed["state"], signed["signedBy"]) == ("SIGNED", {"email": "boss@a.test"})
    entry = await _run(api, tokens["clerk"], CARDS, filter={"state": "SIGNED"})
    assert entry["totalCount"] == 2
    for card_id in (li_card, zhou_card):
        entered = await _run(api, tokens["clerk"], ENTER, card=card_id)
        assert (entered["state"], entered["enteredBy"]) == ("ENTERED", {"email": "clerk@a.test"})
    assert (await _run(api, boss, CARDS, filter={"state": "DRAFTED"}))["totalCount"] == 0

    # -- the weekly meeting over the week's figures, with its action plan ----------------
    meeting = await _run(
        api,
        boss,
        OPEN_MEETING,
        input={
            "storeId": gid(sh),
            "weekOf": str(today),
            "heldAt": datetime.now(UTC).isoformat(),
            "attendeeIds": [users[n] for n in ("boss", "ann", "bob", "cat")],
            "analysis": "cat's leads wait for the first call; cards came back for wrong grades",
        },
    )
    assert meeting["__typename"] == "WeeklyMeeting", meeting
    assert (meeting["week"], meeting["heldBy"], len(meeting["attendees"])) == (
        week,
        {"email": "boss@a.test"},
        4,
    )
    figures = {f["metric"]: f["thisWeek"] for f in meeting["figures"]["figures"]}
    assert meeting["figures"]["frozen"] is False
    assert (figures["new_leads"], figures["contacts"], figures["lost"]) == (5.0, 7.0, 0.0)
    assert figures["cadence_compliance_percent"] == 100.0
    action = await _run(
        api,
        boss,
        ADD_ACTION,
        input={
            "meetingId": meeting["id"],
            "defect": "cards returned for a grade the call did not support",
            "measure": "grade on the call by the DESIGN table before submitting",
            "ownerId": users["bob"],
            "deadline": str(monday + timedelta(days=6)),
        },
    )
    assert (action["status"], action["owner"]) == ("OPEN", {"email": "bob@a.test"})
    assert (await _run(api, bob, MY_ACTIONS))["nodes"] == [
        {"defect": "cards returned for a grade the call did not support", "status": "OPEN"}
    ]
    done = await _run(
        api,
        bob,
        ACTION_STATUS,
        input={"actionId": action["id"], "status": "DONE", "note": "both cards signed"},
    )
    assert [(h["status"], h["by"]["email"]) for h in done["history"]] == [
        ("OPEN", "boss@a.test"),
        ("DONE", "bob@a.test"),
    ]

    # -- coaching: the data proposes cat, who made one contact of 30 a month -------------
    ranking = await _run(api, boss, CANDIDATES, store=gid(sh), week=week)
    assert ranking["__typename"] == "CoachingCandidates", ranking
    # ann and bob made three follow-ups each, all on time; cat one.
    assert [
        (c["rank"], c["consultant"]["email"], c["figures"]["followUps"])
        for c in ranking["candidates"]
    ] == [(1, "cat@a.test", 1), (2, "ann@a.test", 3), (3, "bob@a.test", 3)]
    goal = _week_goal(30, monday)
    weakest = ranking["candidates"][0]["figures"]
    cat_percent = round(100 * 1 / goal, 1)
    assert weakest == {
        "week": week,
        "followUps": 1,
        "onTimeFollowUps": 1,
        "cadenceCompliancePercent": 100.0,
        "targetAchievementPercent": cat_percent,
        "targets": [{"target": "contacts", "goal": goal, "actual": 1, "percent": cat_percent}],
        "reasons": [
            f"target achievement {cat_percent}% of the week's share of the monthly targets; "
            f"weakest: contacts, 1 of {goal:g}",
            "cadence compliance 100.0%: 1 of 1 follow-ups made by the time the lead was due",
        ],
        "rank": 1,
        "rankedOf": 3,
    }
    plan = await _run(
        api,
        boss,
        RECORD,
        input={
            "storeId": gid(sh),
            "consultantId": users["cat"],
            "figuresWeek": week,
            "goals": ["every new lead called within its grade's first follow-up time"],
            "actions": [
                {"what": "call Sun Li back about the test drive", "dueOn": str(today)},
                {"what": "plan tomorrow's calls before leaving", "dueOn": str(today)},
            ],
        },
    )
    assert plan["__typename"] == "SuccessPlan", plan
    assert (plan["consultant"], plan["manager"], plan["status"]) == (
        {"email": "cat@a.test"},
        {"email": "boss@a.test"},
        "ACTIVE",
    )
    assert plan["figures"] == weakest  # the figures that prompted it, kept with it
    completed = await _run(api, cat, COMPLETE, plan=plan["id"], n=1)
    assert [(a["number"], a["doneBy"]) for a in completed["actions"]] == [
        (1, {"email": "cat@a.test"}),
        (2, None),
    ]
    ranking = await _run(api, boss, CANDIDATES, store=gid(sh), week=week)
    assert ranking["candidates"][0]["lastPlan"] == {"id": plan["id"]}

    # -- a campaign: the segment invited with consent, attendance, a lead, the report ----
    for intake in (li, han):
        tagged = await _run(
            api, ann, TAG, input={"customerId": intake["customer"]["id"], "tag": "family"}
        )
        assert tagged["__typename"] == "CustomerTag", tagged
    consented = await _run(
        api,
        ann,
        CONSENTS,
        input={"customerId": li["customer"]["id"], "marketing": True, "source": "signed form"},
    )
    assert consented["consents"]["marketing"] is True
    starts = datetime.now(UTC) + timedelta(hours=1)
    campaign = await _run(
        api,
        boss,
        CREATE_CAMPAIGN,
        input={
            "kind": "TEST_DRIVE_DAY",
            "name": "Aurora family test-drive day",
            "startsAt": starts.isoformat(),
            "endsAt": (starts + timedelta(hours=6)).isoformat(),
            "storeId": gid(sh),
            "cost": "3000.00",
            "segment": {"tags": ["family"]},
        },
    )
    assert (campaign["status"], campaign["store"], campaign["segment"]) == (
        "PLANNED",
        {"code": "SH-1"},
        {"tags": ["family"]},
    )
    invited = await _run(api, boss, INVITE, c=campaign["id"])
    # Han Mei is in the segment but gave no marketing consent: not invited.
    assert (invited["invited"], invited["skippedForConsent"]) == (1, 1)
    invitations = (await _run(api, ann, INVITATIONS, c=campaign["id"]))["invitations"]
    assert [n["customer"]["name"] for n in invitations["nodes"]] == ["Li Lei"]
    invitation = invitations["nodes"][0]["id"]
    assert (await _run(api, ann, RSVP, i=invitation))["rsvp"] == "YES"
    opened = await _run(
        api, boss, UPDATE_CAMPAIGN, input={"campaignId": campaign["id"], "status": "OPEN"}
    )
    assert opened["status"] == "OPEN"
    came = await _run(api, ann, ATTEND, i=invitation)
    assert came == {
        "__typename": "CampaignInvitation",
        "attended": True,
        "recordedBy": {"email": "ann@a.test"},
    }
    walk_in = await _run(
        api,
        cat,
        CREATE_LEAD,
        input={
            "storeId": gid(sh),
            "sourceChannel": "AUTO_SHOW",
            "intentGrade": "B",
            "vehicleModelId": gid(aurora),
            "campaignId": campaign["id"],
            "customer": {"name": "Qian Yu", "phone": "13900000006"},
        },
    )
    assert walk_in["lead"]["campaignId"] == campaign["id"], walk_in
    report = await _run(api, boss, CAMPAIGN_REPORT, c=campaign["id"])
    assert report == {
        "__typename": "CampaignReport",
        "invited": 1,
        "skippedForConsent": 1,
        "rsvpYes": 1,
        "rsvpMaybe": 0,
        "rsvpNo": 0,
        "attended": 1,
        "leads": 1,
        "testDrives": 0,
        "orders": 0,
        "costPerLead": "3000.00",
        "campaign": {"name": "Aurora family test-drive day"},
    }

    # -- a lost deal: the request, the decision, the report, the win-back queue ----------
    requested = await _run(
        api,
        bob,
        REQUEST_LOST,
        input={
            "leadId": wu["lead"]["id"],
            "reason": "BOUGHT_COMPETITOR",
            "note": "bought the rival's SUV at a lower price",
            "competitorBrand": "Nordwind",
            "competitorModel": "Fjord 2.0",
        },
    )
    assert requested == {"__typename": "Lead", "status": "LOST_PENDING"}
    decided = await _run(
        api,
        boss,
        DECIDE_LOST,
        input={"leadId": wu["lead"]["id"], "approve": True, "note": "checked with him"},
    )
    assert decided == {"__typename": "Lead", "status": "LOST", "lostReason": "BOUGHT_COMPETITOR"}
    the_week = {"from": str(monday), "to": str(monday + timedelta(days=7))}
    lost = await _run(api, boss, LOST_REPORT, filter=the_week)
    assert (lost["lost"], lost["returned"], lost["caseCount"]) == (1, 0, 1), lost
    assert [(g["label"], g["lost"]) for g in lost["byCompetitorBrand"]] == [("Nordwind", 1)]
    assert [(g["label"], g["lost"]) for g in lost["byConsultant"]] == [("Bob", 1)]
    assert lost["cases"] == [
        {
            "leadId": wu["lead"]["id"],
            "storeCode": "SH-1",
            "outcome": "LOST",
            "reason": "BOUGHT_COMPETITOR",
            "competitorBrand": "Nordwind",
            "competitorModel": "Fjord 2.0",
            "consultant": "Bob",
        }
    ]
    queue = await _run(api, boss, WIN_BACK)
    assert queue["nodes"] == [
        {
            "id": wu["lead"]["id"],
            "lostReason": "BOUGHT_COMPETITOR",
            "owner": {"email": "bob@a.test"},
            "customer": {"name": "Wu Di"},
        }
    ]
    reopened = await _run(
        api,
        boss,
        REOPEN,
        input={
            "leadId": wu["lead"]["id"],
            "note": "the trade-in offer beats the rival's price",
            "intentGrade": "A",
        },
    )
    assert reopened == {
        "__typename": "Lead",
        "status": "OPEN",
        "intentGrade": "A",
        "owner": {"email": "bob@a.test"},
    }
    assert (await _run(api, boss, WIN_BACK))["totalCount"] == 0

    # -- a loan application: refused without consent, nothing written; then accepted ----
    bank = await _run(
        api, tokens["it"], CREATE_PARTNER, input={"kind": "BANK", "name": "Bank of Pudong"}
    )
    assert bank["__typename"] == "Partner", bank
    loan = {
        "customerId": zhou["customer"]["id"],
        "partnerId": bank["id"],
        "purpose": "LOAN_APPLICATION",
        "fields": ["NAME", "PHONE"],
    }
    refused = await _run(api, bob, SHARE, input=loan)
    assert (refused["__typename"], refused["code"], refused["consent"]) == (
        "ConsentMissingError",
        "CONSENT_MISSING",
        "SHARE_FINANCE",
    )
    assert refused["message"].startswith(
        "the customer has not consented to sharing with finance partners"
    )
    shares = await _run(api, boss, SHARES, customer=zhou["customer"]["id"])
    assert shares["totalCount"] == 0
    given = await _run(
        api,
        bob,
        CONSENTS,
        input={
            "customerId": zhou["customer"]["id"],
            "shareWithFinancePartners": True,
            "source": "signed the bank's form at the showroom",
        },
    )
    assert given["consents"]["shareWithFinancePartners"] is True
    shared = await _run(api, bob, SHARE, input=loan)
    assert shared == {
        "__typename": "CustomerDataShare",
        "purpose": "LOAN_APPLICATION",
        "fields": ["NAME", "PHONE"],
        "consent": "SHARE_FINANCE",
        "values": [
            {"field": "NAME", "value": "Zhou Bo"},
            {"field": "PHONE", "value": "+8613900000003"},
        ],
        "partner": {"name": "Bank of Pudong"},
        "sharedBy": {"email": "bob@a.test"},
    }
    shares = await _run(api, boss, SHARES, customer=zhou["customer"]["id"])
    assert shares == {
        "totalCount": 1,
        "nodes": [{"purpose": "LOAN_APPLICATION", "partner": {"name": "Bank of Pudong"}}],
    }

    # -- the end of the week: the meeting archived with its figures frozen ---------------
    archived = await _run(api, boss, ARCHIVE, id=meeting["id"])
    assert archived == {
        "__typename": "WeeklyMeeting",
        "archived": True,
        "figures": {"frozen": True},
    }
    assert (await _run(api, boss, MEETING, id=meeting["id"]))["actions"] == [{"status": "DONE"}]

    # Every step is in the audit log, under the person who took it.
    async with tenant_transaction(group.id):
        entries = await AuditEntry.filter(tenant_id=group.id).order_by("id")
    steps = {(e.operation, e.outcome) for e in entries}
    for step in (
        ("returnCustomerCard", "CustomerCard"),
        ("enterCustomerCard", "CustomerCard"),
        ("openWeeklyMeeting", "WeeklyMeeting"),
        ("changeMeetingActionStatus", "MeetingAction"),
        ("recordOneToOne", "SuccessPlan"),
        ("completeSuccessPlanAction", "SuccessPlan"),
        ("inviteCampaignSegment", "CampaignInvitationRun"),
        ("decideLeadLost", "Lead"),
        ("reopenLostLead", "Lead"),
        ("shareCustomerWithPartner", "ConsentMissingError"),
        ("shareCustomerWithPartner", "CustomerDataShare"),
    ):
        assert step in steps, step

    # Another dealer group sees none of the week.
    rival = await api.login("rival@b.test")
    seen = await api.gql(
        """{ leads(first: 50) { totalCount } customerCards(first: 20) { totalCount }
            weeklyMeetings(first: 20) { totalCount } campaigns(first: 20) { totalCount }
            winBackLeads(first: 20) { totalCount } successPlans(first: 20) { totalCount } }""",
        token=rival,
    )
    assert {k: v["totalCount"] for k, v in seen.items()} == dict.fromkeys(seen, 0)
    partners = await api.gql(
        "{ partners(first: 20) { totalCount } }", token=await api.login("rivalit@b.test")
    )
    assert partners["partners"]["totalCount"] == 0
    report = await _run(api, rival, CAMPAIGN_REPORT, c=campaign["id"])
    assert report == {"__typename": "NotFoundError"}
    shares = await _run(api, rival, SHARES, customer=zhou["customer"]["id"])
    assert shares == {"totalCount": 0, "nodes": []}
    # ...and changes none of it.
    assert (await _run(api, rival, SIGN, card=li_card))["__typename"] == "NotFoundError"
    reopen = {"leadId": wu["lead"]["id"], "note": "mine now"}
    assert (await _run(api, rival, REOPEN, input=reopen))["__typename"] == "NotFoundError"
