"""Customer card sign-off: the consultant submits the lead's card after the
first contact, the showroom manager signs or returns it, the consultant
resubmits, the customer administrator enters it; wrong-state steps, roles,
other stores and other dealer groups; the queues and the daily-report line."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from saas.crm.cards import CardInWrongState, CardsLate, cards_late, sign_card, submit_card
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.repository import CustomerCardRepository
from saas.crm.vocabulary import FollowUpChannel, IntentGrade
from saas.models import AuditEntry, Lead, User
from saas.reports.service import daily_report
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_lead, make_store, make_user

CARD = """id leadId state intentGrade nextFollowUpAt nextFollowUpReason waitingHours version
    returnComment consultant { email } signedBy { email } returnedBy { email }
    enteredBy { email } submittedBy { email } store { code } customer { name }"""
RESULT = f"""__typename ... on CustomerCard {{ {CARD} }}
    ... on CustomerCardStateError {{ message state }}
    ... on ValidationErrors {{ errors {{ path message }} }}
    ... on NotFoundError {{ message }} ... on ForbiddenError {{ message }}"""
SUBMIT = (
    f"""mutation($lead: ID!) {{ submitCustomerCard(input: {{leadId: $lead}}) {{ {RESULT} }} }}"""
)
SIGN = f"""mutation($card: ID!) {{ signCustomerCard(input: {{cardId: $card}}) {{ {RESULT} }} }}"""
ENTER = f"""mutation($card: ID!) {{ enterCustomerCard(input: {{cardId: $card}}) {{ {RESULT} }} }}"""
RETURN = f"""mutation($card: ID!, $comment: String!) {{
    returnCustomerCard(input: {{cardId: $card, comment: $comment}}) {{ {RESULT} }} }}"""
QUEUE = f"""query($filter: CustomerCardFilter) {{ customerCards(filter: $filter, first: 20) {{
    totalCount nodes {{ {CARD} }} }} }}"""


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    hz = await make_store(group, "HZ-1", city="Hangzhou", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=sh)
    await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=sh)
    hal = await make_user("hal@a.test", group=group, role=Role.CONSULTANT, store=hz)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=sh)
    await make_user("sales@a.test", group=group, role=Role.SALES_MANAGER, store=sh)
    await make_user("hzboss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=hz)
    await make_user("clerk@a.test", group=group, role=Role.CUSTOMER_ADMIN, store=sh)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "OT-1", brands=["Huaxia"])
    await make_user("rival@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    await make_user("rivaladmin@b.test", group=other, role=Role.CUSTOMER_ADMIN, store=other_store)
    return group, sh, hz, ann, hal


async def _contact(user: User, lead: Lead, at: datetime | None = None, grade: str = "A") -> None:
    at = at or datetime.now(UTC) - timedelta(minutes=1)
    async with tenant_transaction(lead.tenant_id):
        await log_follow_up(
            await actor_for(user),
            NewFollowUp(
                lead.id,
                FollowUpChannel.PHONE,
                "first call: wants an SUV for the family",
                happened_at=at,
                intent_grade=IntentGrade(grade),
                next_follow_up_at=at + timedelta(days=2),
                next_follow_up_reason="invite to a test drive",
            ),
            now=at,
        )


async def _run(api: Api, token: str, query: str, **variables: Any) -> dict[str, Any]:
    data = await api.gql(query, variables, token)
    return next(iter(data.values()))  # type: ignore[no-any-return]


async def test_a_card_is_drafted_signed_and_entered_with_who_and_when(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    intake = await make_lead(ann, sh, name="Li Lei", phone="13900000001")
    await _contact(ann, intake.lead)
    ann_t, boss_t, clerk_t = [
        await api.login(e) for e in ("ann@a.test", "boss@a.test", "clerk@a.test")
    ]

    card = await _run(api, ann_t, SUBMIT, lead=gid(intake.lead))
    assert card["__typename"] == "CustomerCard", card
    assert card | {"id": None, "nextFollowUpAt": None} == {
        "__typename": "CustomerCard",
        "id": None,
        "leadId": gid(intake.lead),
        "state": "DRAFTED",
        "intentGrade": "A",
        "nextFollowUpAt": None,
        "nextFollowUpReason": "invite to a test drive",
        "waitingHours": 0,
        "version": 1,
        "returnComment": None,
        "consultant": {"email": "ann@a.test"},
        "submittedBy": {"email": "ann@a.test"},
        "signedBy": None,
        "returnedBy": None,
        "enteredBy": None,
        "store": {"code": "SH-1"},
        "customer": {"name": "Li Lei"},
    }

    # The manager's queue holds it; the administrator's entry queue does not yet.
    queue = await _run(api, boss_t, QUEUE, filter={"state": "DRAFTED"})
    assert [n["id"] for n in queue["nodes"]] == [card["id"]]
    assert (await _run(api, clerk_t, QUEUE, filter={"state": "SIGNED"}))["totalCount"] == 0

    # Entering before signing says what state the card is in and what comes next.
    early = await _run(api, clerk_t, ENTER, card=card["id"])
    assert early == {
        "__typename": "CustomerCardStateError",
        "message": "cannot enter this card: it is drafted; next, the showroom manager signs it "
        "or returns it with a comment",
        "state": "DRAFTED",
    }

    signed = await _run(api, boss_t, SIGN, card=card["id"])
    assert (signed["state"], signed["signedBy"], signed["version"]) == (
        "SIGNED",
        {"email": "boss@a.test"},
        2,
    )
    again = await _run(api, boss_t, SIGN, card=card["id"])
    assert (again["__typename"], again["state"]) == ("CustomerCardStateError", "SIGNED")

    queue = await _run(api, clerk_t, QUEUE, filter={"state": "SIGNED"})
    assert [n["id"] for n in queue["nodes"]] == [card["id"]]
    entered = await _run(api, clerk_t, ENTER, card=card["id"])
    assert (entered["state"], entered["enteredBy"], entered["signedBy"]) == (
        "ENTERED",
        {"email": "clerk@a.test"},
        {"email": "boss@a.test"},
    )
    resubmit = await _run(api, ann_t, SUBMIT, lead=gid(intake.lead))
    assert resubmit["__typename"] == "CustomerCardStateError"
    assert resubmit["message"].endswith("it is entered; next, nothing: the card is done")

    # Every step is audited, the refused ones too.
    async with tenant_transaction(group.id):
        ops = await AuditEntry.filter(tenant_id=group.id, operation__contains="ustomerCard")
    assert sorted((e.operation, e.outcome) for e in ops) == sorted(
        [
            ("submitCustomerCard", "CustomerCard"),
            ("enterCustomerCard", "CustomerCardStateError"),
            ("signCustomerCard", "CustomerCard"),
            ("signCustomerCard", "CustomerCardStateError"),
            ("enterCustomerCard", "CustomerCard"),
            ("submitCustomerCard", "CustomerCardStateError"),
        ]
    )


async def test_a_returned_card_carries_the_comment_and_is_submitted_again(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, _ = floor
    intake = await make_lead(ann, sh)
    await _contact(ann, intake.lead, grade="B")
    ann_t, boss_t = await api.login("ann@a.test"), await api.login("boss@a.test")
    card = await _run(api, ann_t, SUBMIT, lead=gid(intake.lead))

    blank = await _run(api, boss_t, RETURN, card=card["id"], comment="  ")
    assert blank["errors"] == [
        {"path": ["input", "comment"], "message": "say what the consultant should fix"}
    ]
    returned = await _run(
        api, boss_t, RETURN, card=card["id"], comment="grade is H: she orders this week"
    )
    assert (returned["state"], returned["returnComment"], returned["returnedBy"]) == (
        "RETURNED",
        "grade is H: she orders this week",
        {"email": "boss@a.test"},
    )
    sign = await _run(api, boss_t, SIGN, card=card["id"])
    assert sign["message"] == (
        "cannot sign this card: it is returned; next, the consultant fixes the lead and "
        "submits the card again"
    )

    # The consultant regrades the lead; the resubmitted card takes the new grade.
    await _contact(ann, intake.lead, grade="H")
    again = await _run(api, ann_t, SUBMIT, lead=gid(intake.lead))
    assert (again["id"], again["state"], again["intentGrade"], again["version"]) == (
        card["id"],
        "DRAFTED",
        "H",
        3,
    )
    assert again["returnComment"] == "grade is H: she orders this week"
    assert (await _run(api, boss_t, SIGN, card=card["id"]))["state"] == "SIGNED"


async def test_a_card_needs_a_first_contact_and_an_own_lead(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, _ = floor
    intake = await make_lead(ann, sh)
    ann_t, bob_t = await api.login("ann@a.test"), await api.login("bob@a.test")
    early = await _run(api, ann_t, SUBMIT, lead=gid(intake.lead))
    assert early["errors"] == [
        {
            "path": ["input", "leadId"],
            "message": "the lead has had no contact yet: log the first follow-up, then submit",
        }
    ]
    await _contact(ann, intake.lead)
    # Another consultant of the store neither submits nor sees ann's card.
    assert (await _run(api, bob_t, SUBMIT, lead=gid(intake.lead)))["__typename"] == (
        "NotFoundError"
    )
    card = await _run(api, ann_t, SUBMIT, lead=gid(intake.lead))
    assert (await _run(api, bob_t, QUEUE))["totalCount"] == 0
    assert (await _run(api, ann_t, QUEUE))["totalCount"] == 1
    node = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": card["id"]}, bob_t)
    assert node == {"node": None}


async def test_roles_and_stores(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, _ = floor
    intake = await make_lead(ann, sh)
    await _contact(ann, intake.lead)
    card = await _run(api, await api.login("ann@a.test"), SUBMIT, lead=gid(intake.lead))

    # Signing needs customer_card:sign: a consultant, a sales manager, the customer
    # administrator and an executive are refused by permission; the other store's
    # manager does not see the card.
    for email in ("ann@a.test", "sales@a.test", "clerk@a.test", "exec@a.test"):
        errors = await api.errors(SIGN, {"card": card["id"]}, await api.login(email))
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", email
    hz = await api.login("hzboss@a.test")
    assert (await _run(api, hz, SIGN, card=card["id"]))["__typename"] == "NotFoundError"
    assert (await _run(api, hz, QUEUE))["totalCount"] == 0
    # Entering needs customer_card:enter: the showroom manager cannot.
    boss = await api.login("boss@a.test")
    await _run(api, boss, SIGN, card=card["id"])
    errors = await api.errors(ENTER, {"card": card["id"]}, boss)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    # Executives and sales managers read the queues.
    for email in ("exec@a.test", "sales@a.test"):
        queue = await _run(api, await api.login(email), QUEUE, filter={"state": "SIGNED"})
        assert queue["totalCount"] == 1, email


async def test_another_dealer_group_sees_and_changes_nothing(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    intake = await make_lead(ann, sh)
    await _contact(ann, intake.lead)
    card = await _run(api, await api.login("ann@a.test"), SUBMIT, lead=gid(intake.lead))
    rival, rival_admin = await api.login("rival@b.test"), await api.login("rivaladmin@b.test")
    assert (await _run(api, rival, QUEUE))["totalCount"] == 0
    assert (await _run(api, rival_admin, QUEUE))["totalCount"] == 0
    assert (await _run(api, rival, SIGN, card=card["id"]))["__typename"] == "NotFoundError"
    returned = await _run(api, rival, RETURN, card=card["id"], comment="no")
    assert returned["__typename"] == "NotFoundError"
    assert (await _run(api, rival, SUBMIT, lead=gid(intake.lead)))["__typename"] == (
        "NotFoundError"
    )
    node = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": card["id"]}, rival)
    assert node == {"node": None}
    async with tenant_transaction(group.id):
        rows = await CustomerCardRepository(group.id).query()
    assert [(r.state, r.version, r.signed_by_id, r.returned_by_id) for r in rows] == [
        ("drafted", 1, None, None)
    ]


async def test_the_daily_report_counts_cards_left_waiting_a_day(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    boss = await User.get(email="boss@a.test")
    t = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)  # 10:00 on Nov 9 in Shanghai
    leads = [
        (await make_lead(ann, sh, phone=f"1390000001{i}", now=t - timedelta(hours=1))).lead
        for i in range(3)
    ]
    for lead in leads:
        await _contact(ann, lead, at=t - timedelta(minutes=30))
    ann_actor, boss_actor = await actor_for(ann), await actor_for(boss)
    async with tenant_transaction(group.id):
        cards = [await submit_card(ann_actor, lead.id, now=t) for lead in leads]
        # One signed within the hour, one signed the next evening, one never.
        await sign_card(boss_actor, cards[0].id, now=t + timedelta(hours=1))
        await sign_card(boss_actor, cards[1].id, now=t + timedelta(hours=34))
        with pytest.raises(CardInWrongState):
            await sign_card(boss_actor, cards[0].id, now=t + timedelta(hours=2))
    async with tenant_transaction(group.id):
        # End of Nov 9 (Shanghai): nothing has waited a day yet.
        end_of_nov9 = datetime(2026, 11, 9, 16, tzinfo=UTC)
        assert await cards_late(group.id, sh.id, end_of_nov9) == CardsLate(0, 0)
        nov10 = await daily_report(boss_actor, sh.id, date(2026, 11, 10))
        nov11 = await daily_report(boss_actor, sh.id, date(2026, 11, 11))
    # End of Nov 10 (local): card 2 waited over a day and is still unsigned (card 1
    # was signed at 20:00 local, late but signed by then); card 0, signed over a
    # day before, is not entered.
    assert nov10.cards_late == CardsLate(not_signed=1, not_entered=1)
    # End of Nov 11: card 2 still unsigned; cards 0 and 1 signed over a day before
    # and never entered.
    assert nov11.cards_late == CardsLate(not_signed=1, not_entered=2)

    token = await api.login("boss@a.test")
    report = await api.gql(
        """query($s: ID!) { dailyReport(storeId: $s, day: "2026-11-10") { ... on DailyReport {
            customerCardsNotSigned customerCardsNotEntered } } }""",
        {"s": gid(sh)},
        token,
    )
    assert report["dailyReport"] == {"customerCardsNotSigned": 1, "customerCardsNotEntered": 1}


async def test_todays_report_counts_only_cards_late_so_far(floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    boss = await User.get(email="boss@a.test")
    now = datetime.now(UTC)
    fresh = (await make_lead(ann, sh, now=now - timedelta(hours=22))).lead
    stale = (await make_lead(ann, sh, phone="13900000002", now=now - timedelta(hours=30))).lead
    await _contact(ann, fresh, at=now - timedelta(hours=21))
    await _contact(ann, stale, at=now - timedelta(hours=29))
    ann_actor = await actor_for(ann)
    async with tenant_transaction(group.id):
        await submit_card(ann_actor, fresh.id, now=now - timedelta(hours=20))
        await submit_card(ann_actor, stale.id, now=now - timedelta(hours=28))
        today = (now + timedelta(hours=8)).date()  # Shanghai
        report = await daily_report(await actor_for(boss), sh.id, today)
    # The card submitted 20 hours ago is not late yet, whatever the hour.
    assert report.cards_late == CardsLate(not_signed=1, not_entered=0)
