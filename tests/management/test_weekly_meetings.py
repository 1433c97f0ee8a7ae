"""The weekly management meeting: a manager records the week's meeting with its
analysis and improvement actions beside the week's figures, archives it (the
figures freeze, edits are refused); consultants follow up the actions they
own; overdue actions notify their owner and the showroom manager once; roles,
other stores and other dealer groups."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from saas.management.jobs import management_overdue_actions
from saas.management.meetings import ActionStatus, change_action_status, update_action
from saas.management.repository import MeetingActionRepository, WeeklyMeetingRepository
from saas.models import AuditEntry, Notification, User
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_lead, make_store, make_user, pk

ACTION = """id meetingId defect measure deadline status statusNote overdue version
    owner { email } statusChangedBy { email } store { code }
    history { status note by { email } }"""
MEETING = f"""id week weekStart analysis archived archivedAt version store {{ code }}
    heldBy {{ email }} archivedBy {{ email }} attendees {{ email }}
    actions {{ {ACTION} }}"""
FIGURES = """figures { frozen weekStart month
    figures { metric label thisWeek previousWeek change }
    targets { target goal actual percent } }"""
COMMON = """... on ValidationErrors { errors { path message } }
    ... on NotFoundError { message } ... on ForbiddenError { message }
    ... on ConflictError { message }"""
ERRORS = f"{COMMON} ... on WeeklyMeetingArchivedError {{ message since }}"
MEETING_RESULT = f"__typename ... on WeeklyMeeting {{ {MEETING} }} {ERRORS}"
ACTION_RESULT = f"__typename ... on MeetingAction {{ {ACTION} }} {ERRORS}"
OPEN = f"""mutation($input: OpenWeeklyMeetingInput!) {{
    openWeeklyMeeting(input: $input) {{ {MEETING_RESULT} }} }}"""
UPDATE = f"""mutation($input: UpdateWeeklyMeetingInput!) {{
    updateWeeklyMeeting(input: $input) {{ {MEETING_RESULT} }} }}"""
ARCHIVE = f"""mutation($id: ID!) {{
    archiveWeeklyMeeting(input: {{meetingId: $id}}) {{ {MEETING_RESULT} }} }}"""
ADD = f"""mutation($input: AddMeetingActionInput!) {{
    addMeetingAction(input: $input) {{ {ACTION_RESULT} }} }}"""
UPDATE_ACTION = f"""mutation($input: UpdateMeetingActionInput!) {{
    updateMeetingAction(input: $input) {{ {ACTION_RESULT} }} }}"""
STATUS = f"""mutation($input: ChangeMeetingActionStatusInput!) {{
    changeMeetingActionStatus(input: $input) {{ __typename ... on MeetingAction {{ {ACTION} }}
    ... on MeetingActionStatusError {{ message status }} {COMMON} }} }}"""
MEETINGS = """query($filter: WeeklyMeetingFilter) { weeklyMeetings(filter: $filter, first: 20) {
    totalCount nodes { id week store { code } actions { id } } } }"""
ONE = f"""query($id: ID!) {{ weeklyMeeting(id: $id) {{ id week {FIGURES} }} }}"""
ACTIONS = f"""query($filter: MeetingActionFilter) {{ meetingActions(filter: $filter, first: 20) {{
    totalCount nodes {{ {ACTION} meeting {{ id }} }} }} }}"""
SHANGHAI = ZoneInfo("Asia/Shanghai")
MEASURE = "first contact within 24h share >= 95%"


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    hz = await make_store(group, "HZ-1", city="Hangzhou", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=sh)
    await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=sh)
    await make_user("hal@a.test", group=group, role=Role.CONSULTANT, store=hz)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=sh)
    await make_user("sales@a.test", group=group, role=Role.SALES_MANAGER, store=sh)
    await make_user("hzboss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=hz)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "OT-1", brands=["Huaxia"])
    await make_user("rival@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    await make_user("rivalexec@b.test", group=other, role=Role.GROUP_EXECUTIVE)
    return group, sh, hz, ann


async def _run(api: Api, token: str, query: str, **variables: Any) -> dict[str, Any]:
    data = await api.gql(query, variables, token)
    return next(iter(data.values()))  # type: ignore[no-any-return]


async def _users(*emails: str) -> list[str]:
    return [gid(await User.get(email=e)) for e in emails]


def _today() -> date:
    return datetime.now(UTC).astimezone(SHANGHAI).date()


async def _meeting(api: Api, sh: Any, token: str, **more: Any) -> dict[str, Any]:
    attendees = await _users("boss@a.test", "ann@a.test", "bob@a.test")
    meeting = await _run(
        api,
        token,
        OPEN,
        input={
            "storeId": gid(sh),
            "weekOf": _today().isoformat(),
            "heldAt": (datetime.now(UTC) - timedelta(minutes=30)).isoformat(),
            "attendeeIds": attendees,
            "analysis": "first contact slow on weekend walk-ins",
        }
        | more,
    )
    assert meeting["__typename"] == "WeeklyMeeting", meeting
    return meeting


async def _action(
    api: Api, token: str, meeting_id: str, owner: str = "ann@a.test", **more: Any
) -> dict[str, Any]:
    action = await _run(
        api,
        token,
        ADD,
        input={
            "meetingId": meeting_id,
            "defect": "weekend walk-ins wait for a first call",
            "measure": "first contact within 24h share >= 95%",
            "ownerId": (await _users(owner))[0],
            "deadline": (_today() + timedelta(days=7)).isoformat(),
        }
        | more,
    )
    assert action["__typename"] == "MeetingAction", action
    return action


async def test_a_manager_holds_the_weekly_meeting_with_its_action_plan(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann = floor
    boss = await api.login("boss@a.test")
    today = _today()
    monday = today - timedelta(days=today.weekday())
    year, week, _ = monday.isocalendar()

    # Refused: a week not begun, an attendee of another store, an empty list.
    hal, ann_id = await _users("hal@a.test", "ann@a.test")
    refused = await _run(
        api,
        boss,
        OPEN,
        input={
            "storeId": gid(sh),
            "weekOf": (monday + timedelta(days=7)).isoformat(),
            "heldAt": datetime.now(UTC).isoformat(),
            "attendeeIds": [ann_id, hal],
        },
    )
    assert refused["errors"] == [
        {"path": ["input", "weekOf"], "message": "the week has not begun yet"},
        {"path": ["input", "attendeeIds", "1"], "message": "must be an active user of the store"},
    ]

    meeting = await _meeting(api, sh, boss)
    assert meeting | {"id": None, "actions": None} == {
        "__typename": "WeeklyMeeting",
        "id": None,
        "week": f"{year}-W{week:02d}",
        "weekStart": monday.isoformat(),
        "analysis": "first contact slow on weekend walk-ins",
        "archived": False,
        "archivedAt": None,
        "version": 1,
        "store": {"code": "SH-1"},
        "heldBy": {"email": "boss@a.test"},
        "archivedBy": None,
        "attendees": [{"email": "boss@a.test"}, {"email": "ann@a.test"}, {"email": "bob@a.test"}],
        "actions": None,
    }
    # One meeting per store and week.
    again = await _run(
        api,
        await api.login("sales@a.test"),
        OPEN,
        input={
            "storeId": gid(sh),
            "weekOf": monday.isoformat(),
            "heldAt": datetime.now(UTC).isoformat(),
            "attendeeIds": [ann_id],
        },
    )
    assert again == {
        "__typename": "ConflictError",
        "message": f"store SH-1 already has its meeting of {year}-W{week:02d}; update that one",
    }

    updated = await _run(
        api,
        boss,
        UPDATE,
        input={
            "meetingId": meeting["id"],
            "analysis": "weekend walk-ins wait a day for the first call; test drives down",
            "expectedVersion": 1,
        },
    )
    assert (updated["analysis"], updated["version"]) == (
        "weekend walk-ins wait a day for the first call; test drives down",
        2,
    )
    stale = await _run(
        api, boss, UPDATE, input={"meetingId": meeting["id"], "analysis": "x", "expectedVersion": 1}
    )
    assert stale["__typename"] == "ConflictError"

    # Actions: a concrete measure, an owner of the store, a deadline.
    bad = await _run(
        api,
        boss,
        ADD,
        input={
            "meetingId": meeting["id"],
            "defect": " ",
            "measure": "first contact within 24h share >= 95%",
            "ownerId": hal,
            "deadline": (monday - timedelta(days=1)).isoformat(),
        },
    )
    assert bad["errors"] == [
        {"path": ["input", "defect"], "message": "say which defect it addresses"},
        {"path": ["input", "ownerId"], "message": "must be an active user of the store"},
        {
            "path": ["input", "deadline"],
            "message": "must not be before the week the meeting reviews",
        },
    ]
    action = await _action(api, boss, meeting["id"])
    assert action | {"id": None, "deadline": None} == {
        "__typename": "MeetingAction",
        "id": None,
        "meetingId": meeting["id"],
        "defect": "weekend walk-ins wait for a first call",
        "measure": "first contact within 24h share >= 95%",
        "deadline": None,
        "status": "OPEN",
        "statusNote": "",
        "overdue": False,
        "version": 1,
        "owner": {"email": "ann@a.test"},
        "statusChangedBy": {"email": "boss@a.test"},
        "store": {"code": "SH-1"},
        "history": [
            {"status": "OPEN", "note": "planned at the meeting", "by": {"email": "boss@a.test"}}
        ],
    }
    moved = await _run(
        api,
        boss,
        UPDATE_ACTION,
        input={"actionId": action["id"], "ownerId": (await _users("bob@a.test"))[0]},
    )
    assert (moved["owner"], moved["version"]) == ({"email": "bob@a.test"}, 2)

    # The week's figures beside the plan: a lead taken in this week counts.
    await make_lead(ann, sh)
    live = (await _run(api, boss, ONE, id=meeting["id"]))["figures"]
    assert (live["frozen"], live["weekStart"]) == (False, monday.isoformat())
    by_metric = {f["metric"]: f for f in live["figures"]}
    assert list(by_metric) == [
        "new_leads", "contacts", "showroom_visits", "test_drives", "orders", "lost",
        "cadence_compliance_percent", "median_minutes_to_first_contact",
    ]  # fmt: skip
    assert by_metric["new_leads"] == {
        "metric": "new_leads",
        "label": "Leads taken in",
        "thisWeek": 1.0,
        "previousWeek": 0.0,
        "change": 1.0,
    }
    assert [t["target"] for t in live["targets"]] == [
        "contacts", "prospecting", "revisits", "test_drives", "sold",
    ]  # fmt: skip

    # Archived: read-only, and the figures stay as they stood.
    archived = await _run(api, boss, ARCHIVE, id=meeting["id"])
    assert (archived["archived"], archived["archivedBy"]) == (True, {"email": "boss@a.test"})
    await make_lead(ann, sh, phone="13800138001")
    frozen = (await _run(api, boss, ONE, id=meeting["id"]))["figures"]
    assert frozen["frozen"] is True
    assert {f["metric"]: f["thisWeek"] for f in frozen["figures"]}["new_leads"] == 1.0
    assert frozen["figures"] == live["figures"]
    late_action = {
        "meetingId": meeting["id"],
        "defect": "d",
        "measure": "m",
        "ownerId": ann_id,
        "deadline": today.isoformat(),
    }
    for query, variables in (
        (UPDATE, {"input": {"meetingId": meeting["id"], "analysis": "later"}}),
        (ARCHIVE, {"id": meeting["id"]}),
        (ADD, {"input": late_action}),
        (UPDATE_ACTION, {"input": {"actionId": action["id"], "measure": "other"}}),
    ):
        result = await _run(api, boss, query, **variables)
        assert result["__typename"] == "WeeklyMeetingArchivedError", result
        assert "is read-only; record new actions at this week's meeting" in result["message"]

    async with tenant_transaction(group.id):
        ops = await AuditEntry.filter(tenant_id=group.id, operation__in=[
            "openWeeklyMeeting", "archiveWeeklyMeeting", "addMeetingAction",
        ])  # fmt: skip
    assert sorted((e.operation, e.outcome) for e in ops) == sorted(
        [
            ("openWeeklyMeeting", "ValidationErrors"),
            ("openWeeklyMeeting", "WeeklyMeeting"),
            ("openWeeklyMeeting", "ConflictError"),
            ("addMeetingAction", "ValidationErrors"),
            ("addMeetingAction", "MeetingAction"),
            ("archiveWeeklyMeeting", "WeeklyMeeting"),
            ("archiveWeeklyMeeting", "WeeklyMeetingArchivedError"),
            ("addMeetingAction", "WeeklyMeetingArchivedError"),
        ]
    )


async def test_a_consultant_follows_up_the_actions_it_owns(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, _ = floor
    boss = await api.login("boss@a.test")
    meeting = await _meeting(api, sh, boss)
    mine = await _action(api, boss, meeting["id"])
    await _action(api, boss, meeting["id"], owner="bob@a.test", defect="few test drives")
    ann, bob = await api.login("ann@a.test"), await api.login("bob@a.test")

    # A consultant sees its own actions, not the meetings.
    own = await _run(api, ann, ACTIONS, filter={"mine": True})
    assert [(n["id"], n["meeting"]) for n in own["nodes"]] == [(mine["id"], None)]
    assert (await _run(api, ann, ACTIONS))["totalCount"] == 1
    assert (await _run(api, boss, ACTIONS))["totalCount"] == 2
    errors = await api.errors(MEETINGS, {}, ann)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    errors = await api.errors(ADD, {"input": {
        "meetingId": meeting["id"], "defect": "d", "measure": "m",
        "ownerId": (await _users("ann@a.test"))[0], "deadline": _today().isoformat(),
    }}, ann)  # fmt: skip
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"

    # Its owner moves it with a note; the archived meeting's actions are still followed up.
    await _run(api, boss, ARCHIVE, id=meeting["id"])
    blank = await _run(
        api, ann, STATUS, input={"actionId": mine["id"], "status": "IN_PROGRESS", "note": " "}
    )
    assert blank["errors"] == [
        {"path": ["input", "note"], "message": "say what happened (a note for the change)"}
    ]
    going = await _run(
        api,
        ann,
        STATUS,
        input={
            "actionId": mine["id"],
            "status": "IN_PROGRESS",
            "note": "weekend call rota agreed",
            "expectedVersion": 1,
        },
    )
    assert (going["status"], going["statusNote"], going["statusChangedBy"], going["version"]) == (
        "IN_PROGRESS",
        "weekend call rota agreed",
        {"email": "ann@a.test"},
        2,
    )
    # Another consultant neither sees nor moves it; dropping is the managers' call.
    other = await _run(
        api, bob, STATUS, input={"actionId": mine["id"], "status": "DONE", "note": "done"}
    )
    assert other["__typename"] == "NotFoundError"
    drop = await _run(
        api, ann, STATUS, input={"actionId": mine["id"], "status": "DROPPED", "note": "no"}
    )
    assert drop == {
        "__typename": "ForbiddenError",
        "message": "only the store's managers drop an action",
    }
    done = await _run(
        api, ann, STATUS, input={"actionId": mine["id"], "status": "DONE", "note": "97% this week"}
    )
    assert [(h["status"], h["note"], h["by"]["email"]) for h in done["history"]] == [
        ("OPEN", "planned at the meeting", "boss@a.test"),
        ("IN_PROGRESS", "weekend call rota agreed", "ann@a.test"),
        ("DONE", "97% this week", "ann@a.test"),
    ]
    closed = await _run(
        api, boss, STATUS, input={"actionId": mine["id"], "status": "OPEN", "note": "again"}
    )
    assert closed == {
        "__typename": "MeetingActionStatusError",
        "message": "the action is done and closed; plan a new one",
        "status": "DONE",
    }
    assert (await _run(api, ann, ACTIONS, filter={"statuses": ["DONE"]}))["totalCount"] == 1
    assert (await _run(api, ann, ACTIONS, filter={"statuses": ["OPEN"]}))["totalCount"] == 0


async def test_overdue_actions_notify_their_owner_and_the_showroom_manager_once(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    group, sh, _, _ = floor
    boss = await api.login("boss@a.test")
    # Last week's meeting planned an action due last Monday; it is still open.
    today = _today()
    monday = today - timedelta(days=today.weekday() + 7)
    meeting = await _meeting(api, sh, boss, weekOf=monday.isoformat())
    late = await _action(api, boss, meeting["id"], deadline=monday.isoformat())
    await _action(api, boss, meeting["id"], owner="bob@a.test")
    # Due by the end of that Monday, Shanghai time.
    after = datetime.combine(monday + timedelta(days=1), datetime.min.time(), SHANGHAI)
    assert (
        await management_overdue_actions({}, now=(after - timedelta(minutes=1)).isoformat()) == []
    )
    first = await management_overdue_actions({}, now=(after + timedelta(minutes=1)).isoformat())
    again = await management_overdue_actions({}, now=(after + timedelta(hours=2)).isoformat())
    assert (first, again) == ([pk(late["id"])], [])
    async with tenant_transaction(group.id):
        sent = await Notification.filter(tenant_id=group.id, kind="meeting_action_overdue")
        recipients = sorted([(await User.get(id=n.user_id)).email for n in sent])
    assert recipients == ["ann@a.test", "boss@a.test"]
    assert sent[0].title == f"Action overdue since {monday:%Y-%m-%d}"
    assert sent[0].body == (
        "first contact within 24h share >= 95% (defect: weekend walk-ins wait for a first call)"
    )

    # A moved deadline that passes again is told again; a new owner hears of it.
    moved = await _run(
        api,
        boss,
        UPDATE_ACTION,
        input={
            "actionId": late["id"],
            "deadline": (monday + timedelta(days=1)).isoformat(),
            "ownerId": (await _users("bob@a.test"))[0],
        },
    )
    assert moved["__typename"] == "MeetingAction"
    later = after + timedelta(days=1, minutes=1)
    assert await management_overdue_actions({}, now=later.isoformat()) == [pk(late["id"])]
    async with tenant_transaction(group.id):
        sent = await Notification.filter(tenant_id=group.id, kind="meeting_action_overdue")
        recipients = sorted([(await User.get(id=n.user_id)).email for n in sent])
    assert recipients == ["ann@a.test", "bob@a.test", "boss@a.test", "boss@a.test"]
    await _run(
        api,
        boss,
        UPDATE_ACTION,
        input={"actionId": late["id"], "ownerId": (await _users("ann@a.test"))[0]},
    )

    ann = await api.login("ann@a.test")
    overdue = await _run(api, ann, ACTIONS, filter={"overdue": True})
    assert [(n["id"], n["overdue"]) for n in overdue["nodes"]] == [(late["id"], True)]
    assert (await _run(api, ann, ACTIONS, filter={"overdue": False}))["totalCount"] == 0
    bob = await api.login("bob@a.test")
    assert (await _run(api, bob, ACTIONS, filter={"overdue": False}))["totalCount"] == 1


async def _while_the_job_waits(
    tenant_id: int, change: Callable[[], Awaitable[object]], now: datetime
) -> list[int]:
    """Run the overdue job at `now` while `change` is made in a transaction
    that commits only once the job has read the actions and waits on the
    changed row's lock to claim it: the change lands between read and claim."""
    changed, release = asyncio.Event(), asyncio.Event()

    async def changing() -> None:
        async with tenant_transaction(tenant_id):
            await change()
            changed.set()
            await release.wait()

    changer = asyncio.create_task(changing())
    await changed.wait()
    job = asyncio.create_task(management_overdue_actions({}, now=now.isoformat()))
    try:
        for _ in range(200):
            async with tenant_transaction(None) as conn:
                _, rows = await conn.execute_query(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
            if rows[0][0]:
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the job never waited for the changed action")
    finally:
        release.set()
        await changer
    return await job


async def test_an_action_done_or_moved_before_its_claim_is_not_told_overdue(
    api: Api,
    floor,  # type: ignore[no-untyped-def]
) -> None:
    group, sh, _, ann = floor
    boss, ann_t = await api.login("boss@a.test"), await api.login("ann@a.test")
    today = _today()
    monday = today - timedelta(days=today.weekday() + 7)
    meeting = await _meeting(api, sh, boss, weekOf=monday.isoformat())
    due = {"deadline": monday.isoformat()}
    done_before = await _action(api, boss, meeting["id"], **due)
    moved_before = await _action(api, boss, meeting["id"], defect="few test drives", **due)
    done_during = await _action(api, boss, meeting["id"], defect="slow quotes", **due)
    moved_during = await _action(api, boss, meeting["id"], defect="late calls", **due)
    after = datetime.combine(monday + timedelta(days=1), datetime.min.time(), SHANGHAI)
    thursday = (monday + timedelta(days=3)).isoformat()

    # Done, or its deadline moved forward, before the run: not overdue.
    done = await _run(
        api, ann_t, STATUS, input={"actionId": done_before["id"], "status": "DONE", "note": "ok"}
    )
    assert done["status"] == "DONE"
    moved = await _run(
        api, boss, UPDATE_ACTION, input={"actionId": moved_before["id"], "deadline": thursday}
    )
    assert moved["deadline"] == thursday

    # Done, or moved forward, after the job read the actions but before it
    # claimed them: not overdue either.
    ann_actor = await actor_for(ann)
    boss_actor = await actor_for(await User.get(email="boss@a.test"))
    run = after + timedelta(minutes=1)

    async def finish_and_move() -> None:
        await change_action_status(ann_actor, pk(done_during["id"]), ActionStatus.DONE, "ok")
        await update_action(
            boss_actor, pk(moved_during["id"]), deadline=date.fromisoformat(thursday)
        )

    assert await _while_the_job_waits(group.id, finish_and_move, run) == []
    assert await management_overdue_actions({}, now=run.isoformat()) == []

    # The moved deadlines that pass again are told, once.
    later = after + timedelta(days=3, minutes=1)
    told = await management_overdue_actions({}, now=later.isoformat())
    assert sorted(told) == sorted([pk(moved_before["id"]), pk(moved_during["id"])])
    assert await management_overdue_actions({}, now=(later + timedelta(hours=1)).isoformat()) == []
    async with tenant_transaction(group.id):
        sent = await Notification.filter(tenant_id=group.id, kind="meeting_action_overdue")
    assert sorted((n.title, n.body) for n in sent) == [
        (f"Action overdue since {thursday}", f"{MEASURE} (defect: {defect})")
        for defect in ("few test drives", "few test drives", "late calls", "late calls")
    ]


async def test_roles_and_stores(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, hz, _ = floor
    meeting = await _meeting(api, sh, await api.login("sales@a.test"))
    action = await _action(api, await api.login("boss@a.test"), meeting["id"])

    # The other store's manager sees and changes nothing of this store.
    hz_boss = await api.login("hzboss@a.test")
    assert (await _run(api, hz_boss, MEETINGS))["totalCount"] == 0
    assert (await _run(api, hz_boss, ACTIONS))["totalCount"] == 0
    refused = await _run(api, hz_boss, UPDATE, input={"meetingId": meeting["id"], "analysis": "x"})
    assert refused["__typename"] == "NotFoundError"
    opened = await _run(
        api,
        hz_boss,
        OPEN,
        input={
            "storeId": gid(sh),
            "weekOf": _today().isoformat(),
            "heldAt": datetime.now(UTC).isoformat(),
            "attendeeIds": await _users("ann@a.test"),
        },
    )
    assert opened["errors"][0]["path"] == ["input", "storeId"]

    # The group executive reads every store's meetings and actions, and changes none.
    exec_ = await api.login("exec@a.test")
    await _meeting(api, hz, hz_boss, attendeeIds=await _users("hal@a.test", "hzboss@a.test"))
    assert (await _run(api, exec_, MEETINGS))["totalCount"] == 2
    only_sh = await _run(api, exec_, MEETINGS, filter={"storeId": gid(sh)})
    assert [n["id"] for n in only_sh["nodes"]] == [meeting["id"]]
    assert (await _run(api, exec_, ACTIONS))["totalCount"] == 1
    figures = await _run(api, exec_, ONE, id=meeting["id"])
    assert figures["figures"]["frozen"] is False
    for query, variables in (
        (ARCHIVE, {"id": meeting["id"]}),
        (STATUS, {"input": {"actionId": action["id"], "status": "DONE", "note": "n"}}),
    ):
        errors = await api.errors(query, variables, exec_)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    # Weeks: up to last week there is none; from this week on both.
    last_week = (_today() - timedelta(days=7)).isoformat()
    assert (await _run(api, exec_, MEETINGS, filter={"toWeek": last_week}))["totalCount"] == 0
    this_week = await _run(api, exec_, MEETINGS, filter={"fromWeek": _today().isoformat()})
    assert this_week["totalCount"] == 2

    # Attendees are users of the store; a list replaces the one before.
    boss = await api.login("boss@a.test")
    hal, bob = await _users("hal@a.test", "bob@a.test")
    wrong = await _run(api, boss, UPDATE, input={"meetingId": meeting["id"], "attendeeIds": [hal]})
    assert wrong["errors"] == [
        {"path": ["input", "attendeeIds", "0"], "message": "must be an active user of the store"}
    ]
    fixed = await _run(api, boss, UPDATE, input={"meetingId": meeting["id"], "attendeeIds": [bob]})
    assert fixed["attendees"] == [{"email": "bob@a.test"}]


async def test_another_dealer_group_sees_and_changes_nothing(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, _ = floor
    boss = await api.login("boss@a.test")
    meeting = await _meeting(api, sh, boss)
    action = await _action(api, boss, meeting["id"])
    rival, rival_exec = await api.login("rival@b.test"), await api.login("rivalexec@b.test")
    for token in (rival, rival_exec):
        assert (await _run(api, token, MEETINGS))["totalCount"] == 0
        assert (await _run(api, token, ACTIONS))["totalCount"] == 0
        assert await _run(api, token, ONE, id=meeting["id"]) is None
        for node_id in (meeting["id"], action["id"]):
            node = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": node_id}, token)
            assert node == {"node": None}
    assert (await _run(api, rival, UPDATE, input={"meetingId": meeting["id"], "analysis": "x"}))[
        "__typename"
    ] == "NotFoundError"
    assert (await _run(api, rival, ARCHIVE, id=meeting["id"]))["__typename"] == "NotFoundError"
    assert (
        await _run(
            api,
            rival,
            UPDATE_ACTION,
            input={"actionId": action["id"], "measure": "theirs"},
        )
    )["__typename"] == "NotFoundError"
    status = await _run(
        api, rival, STATUS, input={"actionId": action["id"], "status": "DROPPED", "note": "x"}
    )
    assert status["__typename"] == "NotFoundError"
    added = await _run(
        api,
        rival,
        ADD,
        input={
            "meetingId": meeting["id"],
            "defect": "d",
            "measure": "m",
            "ownerId": (await _users("rival@b.test"))[0],
            "deadline": _today().isoformat(),
        },
    )
    assert added["__typename"] == "NotFoundError"
    opened = await _run(
        api,
        rival,
        OPEN,
        input={
            "storeId": gid(sh),
            "weekOf": _today().isoformat(),
            "heldAt": datetime.now(UTC).isoformat(),
            "attendeeIds": await _users("rival@b.test"),
        },
    )
    assert opened["errors"][0]["path"] == ["input", "storeId"]
    async with tenant_transaction(group.id):
        meetings = await WeeklyMeetingRepository(group.id).query()
        actions = await MeetingActionRepository(group.id).query()
    assert [(m.analysis, m.version, m.archived_at) for m in meetings] == [
        ("first contact slow on weekend walk-ins", 1, None)
    ]
    assert [(a.measure, a.status, a.version) for a in actions] == [
        ("first contact within 24h share >= 95%", "open", 1)
    ]
