"""Messages sent to customers: the thank-you after a showroom visit is recorded
once, shows on the customer's timeline and in the store's message log (filters,
paging, roles, other tenants), and the daily report counts the visits thanked
within two hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.messages import visits_thanked
from saas.crm.reminders import thank_you
from saas.crm.repository import CustomerMessageRepository
from saas.crm.vocabulary import FollowUpChannel
from saas.models import FollowUp, Lead, User
from saas.reports.service import daily_report
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_lead, make_store, make_user

T = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
DAY = date(2026, 11, 10)


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
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "OT-1", brands=["Huaxia"])
    await make_user("rival@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    return group, sh, hz, ann, hal


async def _visit(user: User, lead: Lead, at: datetime) -> FollowUp:
    async with tenant_transaction(lead.tenant_id):
        follow_up, _ = await log_follow_up(
            await actor_for(user),
            NewFollowUp(
                lead.id,
                FollowUpChannel.SHOWROOM_VISIT,
                "came to see the car",
                happened_at=at,
                next_follow_up_at=at + timedelta(days=1),
                next_follow_up_reason="call back",
            ),
            now=at,
        )
    return follow_up


async def _thank(visit: FollowUp, now: datetime, trigger: str = "crm.thank_you") -> str:
    async with tenant_transaction(visit.tenant_id):
        return await thank_you(visit.tenant_id, visit.id, now, trigger)


MESSAGE_FIELDS = "id kind channel text sentAt recipient trigger leadId followUpId " \
    "customer { name } store { code } consultant { name }"  # fmt: skip
LOG = f"""query($filter: CustomerMessageFilter, $first: Int, $after: String) {{
    customerMessages(filter: $filter, first: $first, after: $after) {{
        totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {MESSAGE_FIELDS} }} }} }}"""


async def _log(api: Api, token: str, **variables: Any) -> dict[str, Any]:
    return (await api.gql(LOG, variables, token))["customerMessages"]  # type: ignore[no-any-return]


async def test_a_thank_you_is_recorded_once_and_shows_on_the_timeline(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    intake = await make_lead(ann, sh, name="Li Lei", phone="13900000001", now=T)
    visit = await _visit(ann, intake.lead, T + timedelta(hours=1))
    assert await _thank(visit, T + timedelta(hours=1, minutes=10)) == "sent"
    # The sweep finds the visit again: nothing more is recorded, the first stays.
    assert await _thank(visit, T + timedelta(hours=1, minutes=15), "crm.thank_you_sweep") == "sent"
    async with tenant_transaction(group.id):
        rows = await CustomerMessageRepository(group.id).query()
    assert [
        (m.kind, m.channel, m.trigger, m.follow_up_id, m.lead_id, m.store_id) for m in rows
    ] == [("thank_you", "sms", "crm.thank_you", visit.id, intake.lead.id, sh.id)]

    token = await api.login("ann@a.test")
    timeline = await api.gql(
        """query($c: ID!) { customerTimeline(customerId: $c, first: 10) { nodes {
            at kind summary objectId message { kind channel text sentAt } } } }""",
        {"c": gid(intake.customer)}, token,
    )  # fmt: skip
    entry = timeline["customerTimeline"]["nodes"][0]  # newest first: the message
    assert entry == {
        "at": "2026-11-10T02:10:00+00:00",
        "kind": "message",
        "summary": "thank_you by sms: Dear Li Lei, thank you for visiting SH-1 showroom today.",
        "objectId": entry["objectId"],
        "message": {
            "kind": "THANK_YOU",
            "channel": "SMS",
            "text": "Dear Li Lei, thank you for visiting SH-1 showroom today.",
            "sentAt": "2026-11-10T02:10:00+00:00",
        },
    }

    boss = await api.login("boss@a.test")
    log = await _log(api, boss)
    assert log["totalCount"] == 1
    message = log["nodes"][0]
    assert message["id"] == entry["objectId"]
    assert message | {"id": None} == {
        "id": None,
        "kind": "THANK_YOU",
        "channel": "SMS",
        "text": "Dear Li Lei, thank you for visiting SH-1 showroom today.",
        "sentAt": "2026-11-10T02:10:00+00:00",
        "recipient": "139****0001",
        "trigger": "crm.thank_you",
        "leadId": gid(intake.lead),
        "followUpId": gid(visit),
        "customer": {"name": "Li Lei"},
        "store": {"code": "SH-1"},
        "consultant": {"name": "Ann"},
    }
    node = await api.gql(
        "query($id: ID!) { node(id: $id) { ... on CustomerMessage { text } } }",
        {"id": message["id"]}, boss,
    )  # fmt: skip
    assert node["node"] == {"text": message["text"]}


async def test_a_visit_logged_too_late_is_not_thanked(floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    visit = await _visit(ann, (await make_lead(ann, sh, now=T)).lead, T + timedelta(hours=1))
    assert await _thank(visit, T + timedelta(hours=3, minutes=1)) == (
        "skipped: the visit was more than 2 hours ago"
    )
    async with tenant_transaction(group.id):
        assert await CustomerMessageRepository(group.id).query().count() == 0


async def _messages(floor: Any) -> dict[str, Any]:
    """SH-1: Li Lei thanked twice (two visits, two days), Han Meimei once;
    HZ-1: Zhou once."""
    _, sh, hz, ann, hal = floor
    li = await make_lead(ann, sh, name="Li Lei", phone="13900000001", now=T)
    han = await make_lead(ann, sh, name="Han Meimei", phone="13900000002", now=T)
    zhou = await make_lead(hal, hz, name="Zhou", phone="13900000003", now=T)
    for intake, at in ((li, T), (han, T + timedelta(hours=2)), (zhou, T + timedelta(hours=3)),
                       (li, T + timedelta(days=1))):  # fmt: skip
        visit = await _visit(
            ann if intake is not zhou else hal, intake.lead, at + timedelta(hours=1)
        )
        assert await _thank(visit, at + timedelta(hours=1, minutes=5)) == "sent"
    return {"li": li.customer, "han": han.customer, "zhou": zhou.customer, "sh": sh, "hz": hz}


async def test_a_manager_filters_and_pages_the_store_message_log(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    m = await _messages(floor)
    boss = await api.login("boss@a.test")
    everything = await _log(api, boss)
    # The manager's store only, newest first.
    assert [(n["customer"]["name"], n["sentAt"][:16]) for n in everything["nodes"]] == [
        ("Li Lei", "2026-11-11T02:05"),
        ("Han Meimei", "2026-11-10T04:05"),
        ("Li Lei", "2026-11-10T02:05"),
    ]
    li = await _log(api, boss, filter={"customerId": gid(m["li"])})
    assert li["totalCount"] == 2
    day = await _log(
        api, boss, filter={"sentFrom": "2026-11-10T00:00:00+08:00", "sentTo": "2026-11-11T00:00:00+08:00"}
    )  # fmt: skip
    assert [n["customer"]["name"] for n in day["nodes"]] == ["Han Meimei", "Li Lei"]
    assert (await _log(api, boss, filter={"channel": "SMS", "kind": "THANK_YOU"}))[
        "totalCount"
    ] == 3
    assert (await _log(api, boss, filter={"channel": "WECHAT"}))["totalCount"] == 0
    assert (await _log(api, boss, filter={"storeId": gid(m["hz"])}))["totalCount"] == 0
    # Paged like every other list.
    first = await _log(api, boss, first=2)
    assert len(first["nodes"]) == 2 and first["pageInfo"]["hasNextPage"] is True
    rest = await _log(api, boss, first=2, after=first["pageInfo"]["endCursor"])
    assert [n["id"] for n in first["nodes"] + rest["nodes"]] == [
        n["id"] for n in everything["nodes"]
    ]
    assert rest["pageInfo"]["hasNextPage"] is False
    # A range that ends before it starts says what to fix.
    errors = await api.errors(
        LOG, {"filter": {"sentFrom": "2026-11-11T00:00:00Z", "sentTo": "2026-11-10T00:00:00Z"}}, boss
    )  # fmt: skip
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[0]["message"] == "filter.sentTo: must be after sentFrom"
    # The group's executive reads every store's log, one store at a time if asked.
    executive = await api.login("exec@a.test")
    assert (await _log(api, executive))["totalCount"] == 4
    hz = await _log(api, executive, filter={"storeId": gid(m["hz"])})
    assert [n["customer"]["name"] for n in hz["nodes"]] == ["Zhou"]


@pytest.mark.parametrize(
    ("email", "visible"),
    [
        ("boss@a.test", 3),  # showroom manager: the store's log
        ("sales@a.test", 3),  # sales manager: the store's log
        ("hzboss@a.test", 1),  # the other store's manager: that store's only
        ("exec@a.test", 4),  # group executive: every store
        ("ann@a.test", None),  # consultant: customers' timelines, not the log
        ("clerk@a.test", None),  # customer admin: no log
        ("rival@b.test", 0),  # another dealer group's manager: nothing of ours
    ],
    ids=lambda v: str(v),
)
async def test_who_reads_the_message_log(api: Api, floor, email: str, visible: int | None) -> None:  # type: ignore[no-untyped-def]
    await _messages(floor)
    token = await api.login(email)
    if visible is None:
        errors = await api.errors("{ customerMessages { totalCount } }", token=token)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
        return
    assert (await _log(api, token))["totalCount"] == visible


async def test_another_group_sees_and_reaches_none_of_the_messages(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    m = await _messages(floor)
    ours = await _log(api, await api.login("exec@a.test"))
    rival = await api.login("rival@b.test")
    for node in ours["nodes"]:
        found = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": node["id"]}, rival)
        assert found["node"] is None
    # Naming our store or customer in the filter finds nothing either.
    assert (await _log(api, rival, filter={"storeId": gid(m["sh"])}))["totalCount"] == 0
    assert (await _log(api, rival, filter={"customerId": gid(m["li"])}))["totalCount"] == 0
    timeline = await api.gql(
        "query($c: ID!) { customerTimeline(customerId: $c) { nodes { kind } } }",
        {"c": gid(m["li"])}, rival,
    )  # fmt: skip
    assert timeline["customerTimeline"]["nodes"] == []
    # The other store's manager cannot open an SH-1 message by id.
    hz_boss = await api.login("hzboss@a.test")
    sh_message = next(n for n in ours["nodes"] if n["store"]["code"] == "SH-1")
    found = await api.gql(
        "query($id: ID!) { node(id: $id) { id } }", {"id": sh_message["id"]}, hz_boss
    )
    assert found["node"] is None


async def test_the_daily_report_shows_the_share_of_visits_thanked_in_two_hours(
    api: Api, floor
) -> None:  # type: ignore[no-untyped-def]
    """Four showroom visits on 10 November (Shanghai): thanked after 10
    minutes, thanked at 1 h 59 min, logged too late to thank, and one whose
    thank-you never went out: 2 of 4, 50 %. A visit after local midnight
    counts for the next day; another store's visit does not count."""
    group, sh, hz, ann, hal = floor
    leads = [
        (await make_lead(ann, sh, phone=f"1390000{i:04d}", name=f"Visitor {i}", now=T)).lead
        for i in range(5)
    ]
    quick = await _visit(ann, leads[0], T + timedelta(hours=1))
    assert await _thank(quick, T + timedelta(hours=1, minutes=10)) == "sent"
    just = await _visit(ann, leads[1], T + timedelta(hours=2))
    assert await _thank(just, T + timedelta(hours=3, minutes=59)) == "sent"
    late = await _visit(ann, leads[2], T + timedelta(hours=3))
    assert (await _thank(late, T + timedelta(hours=5, minutes=30))).startswith("skipped")
    await _visit(ann, leads[3], T + timedelta(hours=4))  # its job never ran
    # 01:00 on 11 November in Shanghai.
    after_midnight = await _visit(ann, leads[4], datetime(2026, 11, 10, 17, 0, tzinfo=UTC))
    assert await _thank(after_midnight, datetime(2026, 11, 10, 17, 5, tzinfo=UTC)) == "sent"
    elsewhere = await _visit(
        hal, (await make_lead(hal, hz, phone="13911110000", now=T)).lead, T + timedelta(hours=1)
    )
    assert await _thank(elsewhere, T + timedelta(hours=1, minutes=1)) == "sent"

    async with tenant_transaction(group.id):
        report = await daily_report(await actor_for(await _user("boss@a.test")), sh.id, DAY)
        next_day = await daily_report(
            await actor_for(await _user("boss@a.test")), sh.id, DAY + timedelta(days=1)
        )
    assert report.totals["showroom_visits"] == 4
    assert (report.visits_thanked.visits, report.visits_thanked.thanked_in_time) == (4, 2)
    assert report.visits_thanked.percent == 50.0
    assert (next_day.visits_thanked.visits, next_day.visits_thanked.percent) == (1, 100.0)

    token = await api.login("boss@a.test")
    data = await api.gql(
        """query($s: ID!) { dailyReport(storeId: $s, day: "2026-11-10") { ... on DailyReport {
            totals { showroomVisits } showroomVisitsThanked showroomVisitsThankedPercent } } }""",
        {"s": gid(sh)}, token,
    )  # fmt: skip
    assert data["dailyReport"] == {
        "totals": {"showroomVisits": 4},
        "showroomVisitsThanked": 2,
        "showroomVisitsThankedPercent": 50.0,
    }
    # A day without visits has no share rather than 0 %.
    async with tenant_transaction(group.id):
        quiet = await visits_thanked(
            group.id, sh.id, T - timedelta(days=3), T - timedelta(days=2), timedelta(hours=2)
        )
    assert quiet.percent is None


async def _user(email: str) -> User:
    return await User.get(email=email)
