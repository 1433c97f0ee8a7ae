"""Cadence reminders, the morning list, thank-you messages, the outbox sender,
and job requests that survive a Redis outage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from arq.connections import RedisSettings
from arq.worker import Worker

from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.jobs import crm_cadence_check, crm_morning_list, crm_thank_you_sweep
from saas.crm.vocabulary import FollowUpChannel
from saas.jobs.arq_pool import environment
from saas.jobs.dispatch import jobs_dispatch
from saas.jobs.queue import dispatch_pending
from saas.jobs.submit import InProcess, JobSystem
from saas.jobs.worker import WorkerSettings
from saas.models import CustomerMessage, JobRequest, Notification
from saas.notify.jobs import notify_send_outbox
from saas.settings import Settings
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_lead, make_store, make_user


@pytest.fixture
async def showroom(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])  # Asia/Shanghai, UTC+8
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    return group, store, ann


async def _notes(kind: str) -> list[Notification]:
    async with system_transaction():
        return await Notification.filter(kind=kind).order_by("id")


async def test_one_cadence_reminder_per_overdue_period(showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = showroom
    t0 = datetime.now(UTC) - timedelta(days=3)
    lead = (await make_lead(ann, store, grade="H", now=t0)).lead  # first contact was due after 24 h
    await crm_cadence_check({})
    await crm_cadence_check({})
    assert [(n.user_id, n.data["lead_id"]) for n in await _notes("cadence_overdue")] == [
        (ann.id, lead.id)
    ]
    # A late follow-up starts a new period; when that one is missed too, one more reminder.
    async with tenant_transaction(group.id):
        await log_follow_up(await actor_for(ann), NewFollowUp(lead.id, FollowUpChannel.PHONE, "finally reached",
                            happened_at=t0 + timedelta(days=1), next_follow_up_at=datetime.now(UTC) + timedelta(hours=1),
                            next_follow_up_reason="quote"))  # fmt: skip
    await crm_cadence_check({})  # due 2 days after that contact: already past
    await crm_cadence_check({})
    assert len(await _notes("cadence_overdue")) == 2


async def test_the_morning_list_arrives_at_eight_local_time(showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = showroom
    now = datetime.now(UTC)
    await make_lead(ann, store, grade="H", phone="13900000001", now=now - timedelta(hours=30))
    await make_lead(ann, store, grade="N", phone="13900000002", now=now)  # due in 30 days
    eight_local = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    seven_local = eight_local - timedelta(hours=1)  # 00:00 UTC is 08:00 in Shanghai
    assert await crm_morning_list({}, now=seven_local.isoformat()) == 0
    assert await crm_morning_list({}, now=eight_local.isoformat()) == 1
    assert await crm_morning_list({}, now=(eight_local + timedelta(minutes=30)).isoformat()) == 1
    notes = await _notes("morning_list")
    assert len(notes) == 1 and notes[0].user_id == ann.id and len(notes[0].data["lead_ids"]) == 1


async def _burst(settings: Settings) -> None:
    redis_settings = RedisSettings.from_dsn(settings.redis_url or "")
    worker = Worker(functions=WorkerSettings.functions, redis_settings=redis_settings,
                    queue_name=settings.job_queue, burst=True, poll_delay=0.05, handle_signals=False)  # fmt: skip
    with environment(settings.job_queue):  # the API enqueued under the environment's keys
        await worker.main()
    await worker.close()


async def test_a_showroom_visit_gets_one_thank_you_via_the_job_queue(
    api: Api, showroom, settings: Settings
) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = showroom
    lead = (await make_lead(ann, store)).lead
    token = await api.login("ann@a.test")
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    await api.gql(
        """mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename } }""",
        {"input": {"leadId": gid(lead), "channel": "SHOWROOM_VISIT", "content": "came with family",
                   "nextFollowUpAt": soon, "nextFollowUpReason": "test drive"}},
        token,
    )  # fmt: skip
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    # Handed to arq after the commit; a worker runs it.
    async with system_transaction():
        assert await JobRequest.filter(enqueued_at=None).count() == 0
    await _burst(settings)
    thanks = await _notes("thank_you")
    assert (
        len(thanks) == 1
        and thanks[0].channel == "sms"
        and thanks[0].data["phone"] == "+8613800138000"
    )
    await crm_thank_you_sweep({})  # the safety net finds it already sent
    assert len(await _notes("thank_you")) == 1
    # Recorded once among the customer's messages, as the worker's job sent it.
    async with system_transaction():
        recorded = await CustomerMessage.all().values_list("trigger", "channel", "text")
    assert recorded == [
        ("crm.thank_you", "sms", "Dear Wang Fang, thank you for visiting SH-1 showroom today.")
    ]
    async with system_transaction():
        assert await JobRequest.filter(enqueued_at=None).count() == 0
    # The sender delivers it once.
    sent: list[str] = []

    class Recorder:
        async def send(self, notification: Notification) -> None:
            sent.append(notification.dedup_key)

    assert await notify_send_outbox({"sender": Recorder()}) == 1
    assert await notify_send_outbox({"sender": Recorder()}) == 0
    assert sent == [thanks[0].dedup_key]


async def test_job_requests_wait_out_a_redis_outage(showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = showroom
    lead = (await make_lead(ann, store)).lead
    async with tenant_transaction(group.id):
        await log_follow_up(await actor_for(ann), NewFollowUp(lead.id, FollowUpChannel.SHOWROOM_VISIT, "visit",
                            next_follow_up_at=datetime.now(UTC) + timedelta(days=1), next_follow_up_reason="call"))  # fmt: skip
    down = JobSystem("redis://127.0.0.1:1/0")  # nothing listens there
    down.kick()
    await down.drain()
    async with system_transaction():
        assert await JobRequest.filter(enqueued_at=None, name="crm.thank_you").count() == 1
    assert await _notes("thank_you") == []
    # Redis is back (here: the in-process runner): the dispatch cron picks it up.
    # (The lead's events ask for no webhook job: the group has no endpoint.)
    assert await jobs_dispatch({"submitter": InProcess()}) == 1
    assert await dispatch_pending(InProcess()) == 0
    assert len(await _notes("thank_you")) == 1


async def test_notifications_are_private_and_can_be_marked_read(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = showroom
    await make_lead(ann, store, grade="H", now=datetime.now(UTC) - timedelta(days=2))
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "B-1", brands=["Huaxia"])
    bo = await make_user("bo@b.test", group=other, role=Role.CONSULTANT, store=other_store)
    await make_lead(bo, other_store, grade="H", now=datetime.now(UTC) - timedelta(days=2))
    await crm_cadence_check({})
    token = await api.login("ann@a.test")
    mine = (
        await api.gql(
            "{ notifications(unreadOnly: true) { totalCount nodes { id kind data } } }", token=token
        )
    )["notifications"]
    assert mine["totalCount"] == 1 and mine["nodes"][0]["kind"] == "cadence_overdue"
    marked = await api.gql("mutation { markNotificationsRead(input: {}) { count } }", token=token)
    assert marked["markNotificationsRead"]["count"] == 1
    assert (await api.gql("{ notifications(unreadOnly: true) { totalCount } }", token=token))[
        "notifications"
    ]["totalCount"] == 0
    bo_token = await api.login("bo@b.test")
    assert (await api.gql("{ notifications { totalCount } }", token=bo_token))["notifications"][
        "totalCount"
    ] == 1
