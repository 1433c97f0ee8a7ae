"""Webhooks end to end: endpoints through GraphQL, events from real requests,
deliveries to a real HTTP receiver on loopback that checks the signature,
retries with backoff, disabling, replay, OEM privacy, SSRF refusal, another
tenant seeing nothing, and a real arq worker running the delivery job."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker

from saas.app import create_app
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.vocabulary import FollowUpChannel
from saas.jobs.worker import WorkerSettings
from saas.models import (
    DomainEvent,
    JobRequest,
    Notification,
    OemWebhookDelivery,
    WebhookDelivery,
    WebhookEndpoint,
)
from saas.oem.distribution import distribute
from saas.oem.jobs import sla_sweep
from saas.oem.types import LeadOrder
from saas.settings import Settings
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from saas.webhooks.delivery import attempt, deliver_event, retry_due
from tests.conftest import RUN_ID, Api
from tests.factories import (
    actor_for,
    gid,
    make_group,
    make_lead,
    make_oem,
    make_store,
    make_user,
    pk,
)
from tests.webhooks.receiver import Receiver, verify

CREATE = """mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  __typename ... on CreatedWebhookEndpoint { secret endpoint { id status eventTypes } }
  ... on ValidationErrors { errors { path message } } ... on ConflictError { message } } }"""
DELIVERIES = """query($e: ID) { webhookDeliveries(endpointId: $e, first: 50) { totalCount nodes {
  id eventId eventType status attempts responseCode latencyMs error replayOfId body } } }"""
ENDPOINTS = "{ webhookEndpoints { totalCount nodes { id url status disabledReason } } }"
STAGE = """mutation($l: ID!) { updateLead(input: {leadId: $l, stage: NEEDS_ANALYSIS, reason: "talked"}) {
  __typename } }"""


@pytest.fixture
async def dealer(settings: Settings):  # type: ignore[no-untyped-def]
    group = await make_group("EAST")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("admin@east.test", group=group, role=Role.GROUP_ADMIN)
    return group, store, ann


async def _endpoint(
    api: Api, token: str, url: str, events: list[str], **more: Any
) -> tuple[str, str]:
    data = await api.gql(CREATE, {"input": {"url": url, "eventTypes": events, **more}}, token)
    created = data["createWebhookEndpoint"]
    assert created["__typename"] == "CreatedWebhookEndpoint", created
    return created["endpoint"]["id"], created["secret"]


async def _deliver_all(settings: Settings, now: datetime | None = None) -> None:
    """What the webhooks.deliver jobs do after each commit."""
    async with system_transaction():
        ids = list(await DomainEvent.all().order_by("id").values_list("id", flat=True))
    for event_id in ids:
        await deliver_event(event_id, now or datetime.now(UTC), settings)


async def test_a_receiver_verifies_the_signature_of_each_event(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    admin = await api.login("admin@east.test")
    async with Receiver() as receiver:
        endpoint_id, secret = await _endpoint(
            api, admin, receiver.url, ["LEAD_CREATED", "LEAD_STAGE_CHANGED"]
        )
        assert secret.startswith("whsec_")
        lead = (await make_lead(ann, store, name="Li Lei")).lead
        token = await api.login("ann@east.test")
        assert (await api.gql(STAGE, {"l": gid(lead)}, token))["updateLead"]["__typename"] == "Lead"
        await _deliver_all(settings)
    assert [r.headers["x-saas-event"] for r in receiver.received] == [
        "lead.created",
        "lead.stage_changed",
    ]
    bodies = [verify(secret, r.headers, r.body) for r in receiver.received]
    assert bodies[0]["data"]["lead"]["customer"]["name"] == "Li Lei"
    changed = bodies[1]["data"]
    assert (changed["previousStage"], changed["stage"]) == ("first_contact", "needs_analysis")
    assert changed["lead"]["stage"] == "needs_analysis" and changed["lead"]["id"] == lead.id
    # A forged body or a wrong secret does not verify.
    with pytest.raises(ValueError, match="bad signature"):
        verify(
            secret, receiver.received[1].headers, receiver.received[1].body.replace(b"needs", b"xx")
        )
    with pytest.raises(ValueError, match="bad signature"):
        verify("whsec_wrong", receiver.received[1].headers, receiver.received[1].body)
    log = (await api.gql(DELIVERIES, {"e": endpoint_id}, admin))["webhookDeliveries"]
    assert log["totalCount"] == 2
    for row in log["nodes"]:
        assert row["status"] == "SUCCEEDED" and row["responseCode"] == 200 and row["attempts"] == 1
        assert row["latencyMs"] is not None and row["latencyMs"] >= 0
    metrics = (await api.client.get("/metrics")).text
    assert 'saas_webhook_deliveries_total{outcome="succeeded"}' in metrics
    # Running the jobs again (a retry, a second worker) sends nothing twice.
    await _deliver_all(settings)
    assert len(receiver.received) == 2


async def test_filters_by_store_and_source_channel(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    other = await make_store(group, "SH-2", brands=["Huaxia"])
    bob = await make_user("bob@east.test", group=group, role=Role.CONSULTANT, store=other)
    admin = await api.login("admin@east.test")
    async with Receiver() as receiver:
        await _endpoint(api, admin, receiver.url, ["LEAD_CREATED"], storeIds=[gid(store)],
                        sourceChannels=["WEBSITE"])  # fmt: skip
        await make_lead(ann, store, phone="13800000001", channel="walk_in")
        await make_lead(ann, store, phone="13800000002", channel="website")
        await make_lead(bob, other, phone="13800000003", channel="website")
        await _deliver_all(settings)
    assert len(receiver.received) == 1
    lead = receiver.received[0].json()["data"]["lead"]
    assert (lead["storeId"], lead["sourceChannel"]) == (store.id, "website")


async def test_failures_retry_with_backoff_then_disable_and_notify(
    api: Api, dealer, settings
) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    admin = await api.login("admin@east.test")
    strict = settings.model_copy(update={"webhook_disable_after_hours": 1.0})
    t0 = datetime.now(UTC)
    async with Receiver(statuses=[500]) as receiver:
        endpoint_id, _ = await _endpoint(api, admin, receiver.url, ["LEAD_CREATED"])
        await make_lead(ann, store)
        await _deliver_all(strict, t0)
        async with system_transaction():
            delivery = await WebhookDelivery.get()
        assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, 500)
        assert delivery.next_attempt_at == t0 + timedelta(seconds=30)
        assert await retry_due(t0 + timedelta(seconds=10), strict) == {}  # not due yet
        assert await retry_due(t0 + timedelta(seconds=31), strict) == {"pending": 1}
        async with system_transaction():
            delivery = await WebhookDelivery.get()
        # Exponential: 30 s after the first failure, 60 s after the second.
        assert delivery.next_attempt_at == t0 + timedelta(seconds=31 + 60)
        assert await retry_due(t0 + timedelta(hours=2), strict) == {"pending": 1}
        assert len(receiver.received) == 3
    endpoints = (await api.gql(ENDPOINTS, token=admin))["webhookEndpoints"]["nodes"]
    assert endpoints[0]["status"] == "DISABLED" and "HTTP 500" in endpoints[0]["disabledReason"]
    async with system_transaction():
        notes = await Notification.filter(kind="webhook_disabled").values_list("user_id", flat=True)
    admin_user = await _user("admin@east.test")
    assert list(notes) == [admin_user]
    # A disabled endpoint gets nothing more; its pending delivery fails.
    assert await retry_due(t0 + timedelta(hours=3), strict) == {"failed": 1}
    log = (await api.gql(DELIVERIES, {"e": endpoint_id}, admin))["webhookDeliveries"]["nodes"]
    assert log[0]["status"] == "FAILED" and log[0]["attempts"] == 3
    assert log[0]["error"] == "the endpoint is disabled"


async def test_retries_stop_after_the_retry_window(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    admin = await api.login("admin@east.test")
    short = settings.model_copy(update={"webhook_retry_hours": 1.0})
    t0 = datetime.now(UTC)
    async with Receiver(statuses=[503]) as receiver:
        await _endpoint(api, admin, receiver.url, ["LEAD_CREATED"])
        await make_lead(ann, store)
        await _deliver_all(short, t0)
        assert await retry_due(t0 + timedelta(minutes=61), short) == {"failed": 1}
        assert await retry_due(t0 + timedelta(hours=5), short) == {}
    assert len(receiver.received) == 2


async def test_an_unreachable_or_slow_endpoint_times_out(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    admin = await api.login("admin@east.test")
    quick = settings.model_copy(update={"webhook_read_timeout_seconds": 0.3})
    async with Receiver(delay=2.0) as receiver:
        endpoint_id, _ = await _endpoint(api, admin, receiver.url, ["LEAD_CREATED"])
        await make_lead(ann, store)
        started = datetime.now(UTC)
        await _deliver_all(quick)
        assert datetime.now(UTC) - started < timedelta(seconds=1.5)
    log = (await api.gql(DELIVERIES, {"e": endpoint_id}, admin))["webhookDeliveries"]["nodes"]
    assert (
        log[0]["status"] == "PENDING" and log[0]["error"] == "the endpoint did not answer in time"
    )


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param({"answer_bytes": 64 * 1024 * 1024}, id="a 64 MiB body"),
        pytest.param(
            {"answer_bytes": 1024 * 1024, "chunk_bytes": 1, "drip": 0.1}, id="a byte at a time"
        ),
    ],
)
async def test_a_hostile_answer_is_read_only_so_far(api: Api, dealer, settings, answer) -> None:  # type: ignore[no-untyped-def]
    """Only the receiver's status counts: of its body at most 64 KiB is read,
    within the two timeouts, so a receiver cannot fill memory or hold the worker."""
    group, store, ann = dealer
    admin = await api.login("admin@east.test")
    quick = settings.model_copy(
        update={"webhook_connect_timeout_seconds": 0.5, "webhook_read_timeout_seconds": 1.0}
    )
    async with Receiver(**answer) as receiver:
        endpoint_id, _ = await _endpoint(api, admin, receiver.url, ["LEAD_CREATED"])
        await make_lead(ann, store)
        started = datetime.now(UTC)
        await asyncio.wait_for(_deliver_all(quick), 20)
        assert datetime.now(UTC) - started < timedelta(seconds=3)
    # What the sockets buffered on the way, not the 64 MiB or the whole drip.
    assert receiver.sent < 16 * 1024 * 1024
    log = (await api.gql(DELIVERIES, {"e": endpoint_id}, admin))["webhookDeliveries"]["nodes"]
    assert (log[0]["status"], log[0]["responseCode"], log[0]["error"]) == ("SUCCEEDED", 200, None)


async def test_replay_sends_the_same_event_again_with_a_fresh_signature(
    api: Api, dealer, settings
) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    admin = await api.login("admin@east.test")
    async with Receiver(statuses=[500, 200]) as receiver:
        endpoint_id, secret = await _endpoint(api, admin, receiver.url, ["LEAD_CREATED"])
        await make_lead(ann, store)
        await _deliver_all(settings)
        first = (await api.gql(DELIVERIES, {"e": endpoint_id}, admin))["webhookDeliveries"][
            "nodes"
        ][0]
        replayed = await api.gql(
            'mutation($d: ID!) { replayWebhookDelivery(input: {id: $d}) { __typename ... on WebhookDelivery { id replayOfId status } } }',
            {"d": first["id"]}, admin,
        )  # fmt: skip
        replay = replayed["replayWebhookDelivery"]
        assert replay["__typename"] == "WebhookDelivery" and replay["replayOfId"] == first["id"]
        # Its job request is the dealer group's.
        async with system_transaction():
            requested = await JobRequest.get(name="webhooks.send")
        assert (requested.tenant_id, requested.kwargs["delivery_id"]) == (
            group.id,
            pk(replay["id"]),
        )
        assert await attempt(pk(replay["id"]), datetime.now(UTC), settings) == "succeeded"
    original, again = receiver.received
    assert original.body == again.body  # the same event id and payload
    assert verify(secret, again.headers, again.body)["id"] == int(first["eventId"])
    assert again.headers["x-saas-delivery"] == str(pk(replay["id"]))
    audit = await api.gql("{ auditLog(first: 20) { nodes { operation details } } }", token=admin)
    operations = [e["operation"] for e in audit["auditLog"]["nodes"]]
    assert "replayWebhookDelivery" in operations and "createWebhookEndpoint" in operations
    assert all(secret not in e["details"] for e in audit["auditLog"]["nodes"])


async def test_oem_endpoints_get_only_their_leads_in_the_oem_view(
    api: Api, dealer, settings
) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    oem = await make_oem("HUAXIA", ["Huaxia"])
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    other_oem = await make_oem("OTHER", ["Huaxia"])
    await make_user("desk@other.test", oem=other_oem, role=Role.OEM_DISTRIBUTOR)
    oem_token = await api.login("desk@huaxia.test")
    every = ["LEAD_CREATED", "LEAD_ASSIGNED", "LEAD_STAGE_CHANGED", "ORDER_SIGNED"]
    refused = await api.gql(CREATE, {"input": {"url": "http://127.0.0.1:9/x", "eventTypes": ["CUSTOMER_MERGED"]}}, oem_token)  # fmt: skip
    assert refused["createWebhookEndpoint"]["errors"][0]["path"] == ["input", "eventTypes"]
    async with Receiver() as oem_hook, Receiver() as other_hook:
        _, secret = await _endpoint(api, oem_token, oem_hook.url, every)
        await _endpoint(api, await api.login("desk@other.test"), other_hook.url, every)
        async with tenant_transaction(None, oem.id):
            sent = await distribute(await actor_for(desk), LeadOrder("H-1", "Zhao Lei", "13700001111", "Huaxia", store_id=store.id))  # fmt: skip
        await make_lead(ann, store, name="Own Customer", phone="13900009999")  # the dealer's own
        token = await api.login("ann@east.test")
        lead_id = sent.distributed.lead_id
        assert (await api.gql(STAGE, {"l": gid("Lead", lead_id)}, token))["updateLead"][
            "__typename"
        ] == "Lead"
        await _deliver_all(settings)
    assert other_hook.received == []
    bodies = [verify(secret, r.headers, r.body) for r in oem_hook.received]
    assert [b["type"] for b in bodies] == ["lead.created", "lead.assigned", "lead.stage_changed"]
    for body in bodies:
        assert set(body["data"]) <= {"distributedLead", "previousStage", "stage"}
        view = body["data"]["distributedLead"]
        assert view["externalRef"] == "H-1" and view["phoneMasked"] != "+8613700001111"
        text = str(body)
        for private in ("13700001111", "Own Customer", "ownerId", "customerId", "Ann"):
            assert private not in text
    assert (bodies[2]["data"]["previousStage"], bodies[2]["data"]["stage"]) == (
        "first_contact",
        "needs_analysis",
    )
    assert bodies[2]["data"]["distributedLead"]["stage"] == "needs_analysis"
    # The OEM's deliveries are kept in its own table, shown to it alone.
    async with system_transaction():
        assert await OemWebhookDelivery.filter(oem_id=oem.id).count() == 3
        kept = set(await WebhookDelivery.all().values_list("tenant_id", flat=True))
    assert kept <= {group.id}
    count = "{ webhookDeliveries { totalCount nodes { id } } }"
    mine = (await api.gql(count, token=oem_token))["webhookDeliveries"]
    assert mine["totalCount"] == 3
    other = await api.gql(count, token=await api.login("desk@other.test"))
    assert other["webhookDeliveries"]["totalCount"] == 0
    admin = await api.gql(count, token=await api.login("admin@east.test"))
    assert mine["nodes"][0]["id"] not in {n["id"] for n in admin["webhookDeliveries"]["nodes"]}
    async with tenant_transaction(None, other_oem.id):
        assert await OemWebhookDelivery.all().count() == 0


async def test_private_addresses_are_refused_in_production(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    production = Settings(_env_file=None, **(settings.model_dump() | {"environment": "production", "secret_key": "p" * 48}))  # type: ignore[call-arg]  # fmt: skip
    app = create_app(production, run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        prod = Api(client)
        admin = await prod.login("admin@east.test")
        for url, why in [
            ("http://example.com/hook", "https://"),
            ("https://127.0.0.1/hook", "loopback, private or link-local"),
            ("https://localhost:8443/hook", "loopback, private or link-local"),
            ("https://10.1.2.3/hook", "loopback, private or link-local"),
            ("https://169.254.169.254/latest/meta-data", "loopback, private or link-local"),
            ("https://[::1]/hook", "loopback, private or link-local"),
            ("https://[64:ff9b::7f00:1]/hook", "loopback, private or link-local"),
            ("https://[2002:7f00:1::1]/hook", "loopback, private or link-local"),
            ("https://[::127.0.0.1]/hook", "loopback, private or link-local"),
            ("https://user:pw@example.com/hook", "user name or password"),
        ]:
            data = await prod.gql(
                CREATE, {"input": {"url": url, "eventTypes": ["LEAD_CREATED"]}}, admin
            )
            result = data["createWebhookEndpoint"]
            assert result["__typename"] == "ValidationErrors", url
            assert (
                result["errors"][0]["path"] == ["input", "url"]
                and why in result["errors"][0]["message"]
            ), url
    # An endpoint saved while allowed (development) is refused again at delivery time.
    async with Receiver() as receiver:
        endpoint_id, _ = await _endpoint(
            api, await api.login("admin@east.test"), receiver.url, ["LEAD_CREATED"]
        )
        await make_lead(ann, store)
        await _deliver_all(settings.model_copy(update={"webhook_allow_private_networks": False}))
    assert receiver.received == []
    log = await api.gql(DELIVERIES, {"e": endpoint_id}, await api.login("admin@east.test"))
    assert "loopback, private or link-local" in log["webhookDeliveries"]["nodes"][0]["error"]


async def test_another_group_sees_nothing(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    b = await make_group("WEST")
    await make_user("admin@west.test", group=b, role=Role.GROUP_ADMIN)
    oem = await make_oem("HUAXIA", ["Huaxia"])
    await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    admin_a = await api.login("admin@east.test")
    admin_b = await api.login("admin@west.test")
    async with Receiver() as hook_a, Receiver() as hook_b:
        endpoint_a, _ = await _endpoint(api, admin_a, hook_a.url, ["LEAD_CREATED"])
        await _endpoint(api, admin_b, hook_b.url, ["LEAD_CREATED", "LEAD_ASSIGNED"])
        await make_lead(ann, store)
        await _deliver_all(settings)
    assert len(hook_a.received) == 1 and hook_b.received == []
    delivery_a = (await api.gql(DELIVERIES, {"e": endpoint_a}, admin_a))["webhookDeliveries"][
        "nodes"
    ][0]["id"]
    for token in (admin_b, await api.login("desk@huaxia.test")):
        assert (await api.gql(ENDPOINTS, token=token))["webhookEndpoints"]["totalCount"] in (0, 1)
        urls = [
            n["url"] for n in (await api.gql(ENDPOINTS, token=token))["webhookEndpoints"]["nodes"]
        ]
        assert hook_a.url not in urls
        assert (await api.gql(DELIVERIES, {"e": endpoint_a}, token))["webhookDeliveries"][
            "totalCount"
        ] == 0
        assert (await api.gql(DELIVERIES, {"e": None}, token))["webhookDeliveries"][
            "totalCount"
        ] == 0
        for mutation in (
            "updateWebhookEndpoint(input: {id: $i, enable: true})",
            "disableWebhookEndpoint(input: {id: $i})",
            "deleteWebhookEndpoint(input: {id: $i})",
        ):
            result = await api.gql(
                f"mutation($i: ID!) {{ r: {mutation} {{ __typename }} }}", {"i": endpoint_a}, token
            )
            assert result["r"]["__typename"] == "NotFoundError", mutation
        replay = await api.gql(
            "mutation($i: ID!) { r: replayWebhookDelivery(input: {id: $i}) { __typename } }",
            {"i": delivery_a},
            token,
        )
        assert replay["r"]["__typename"] == "NotFoundError"
    # Row-level security agrees even without the repository's filter.
    async with tenant_transaction(b.id):
        assert await WebhookDelivery.all().count() == 0
        assert await DomainEvent.all().count() == 0
    assert (await api.gql(ENDPOINTS, token=admin_a))["webhookEndpoints"]["nodes"][0][
        "status"
    ] == "ACTIVE"


async def test_endpoint_lifecycle_and_permissions(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    admin = await api.login("admin@east.test")
    endpoint_id, _ = await _endpoint(api, admin, "http://127.0.0.1:9/hook", ["LEAD_CREATED"])
    bad = await api.gql(
        CREATE,
        {"input": {"url": "ftp://x", "eventTypes": [], "storeIds": [gid("Store", 999)]}},
        admin,
    )
    paths = sorted(e["path"][-1] for e in bad["createWebhookEndpoint"]["errors"])
    assert paths == ["eventTypes", "storeIds", "url"]
    update = """mutation($i: ID!, $u: String) { updateWebhookEndpoint(input: {id: $i, url: $u, eventTypes: [ORDER_SIGNED], enable: true}) {
      __typename ... on WebhookEndpoint { url eventTypes status } } }"""
    disabled = await api.gql("mutation($i: ID!) { disableWebhookEndpoint(input: {id: $i}) { ... on WebhookEndpoint { status disabledReason } } }", {"i": endpoint_id}, admin)  # fmt: skip
    assert disabled["disableWebhookEndpoint"] == {
        "status": "DISABLED",
        "disabledReason": "disabled by Admin",
    }
    changed = (await api.gql(update, {"i": endpoint_id, "u": "http://127.0.0.1:10/h"}, admin))[
        "updateWebhookEndpoint"
    ]
    assert changed == {
        "__typename": "WebhookEndpoint",
        "url": "http://127.0.0.1:10/h",
        "eventTypes": ["ORDER_SIGNED"],
        "status": "ACTIVE",
    }
    deleted = await api.gql("mutation($i: ID!) { deleteWebhookEndpoint(input: {id: $i}) { __typename } }", {"i": endpoint_id}, admin)  # fmt: skip
    assert deleted["deleteWebhookEndpoint"]["__typename"] == "DeletedWebhookEndpoint"
    assert (await api.gql(ENDPOINTS, token=admin))["webhookEndpoints"]["totalCount"] == 0
    consultant = await api.login("ann@east.test")
    errors = await api.errors(ENDPOINTS, token=consultant)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_real_arq_worker_runs_the_delivery_job(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    admin = await api.login("admin@east.test")
    async with Receiver() as receiver:
        _, secret = await _endpoint(api, admin, receiver.url, ["LEAD_CREATED"])
        await make_lead(ann, store)
        async with system_transaction():
            event = await DomainEvent.get(kind="lead.created")
        redis_settings = RedisSettings.from_dsn(settings.redis_url or "")
        queue = f"saas-test-webhooks-{RUN_ID}"
        pool = await create_pool(redis_settings, default_queue_name=queue)
        try:
            job = await pool.enqueue_job(
                "webhooks.deliver", tenant_id=group.id, event_id=event.id, _queue_name=queue
            )
            assert job is not None
            worker = Worker(functions=WorkerSettings.functions, redis_settings=redis_settings, queue_name=queue,
                            burst=True, poll_delay=0.05, handle_signals=False)  # fmt: skip
            await worker.main()
            await worker.close()
            assert await job.result(timeout=10) == {"succeeded": 1}
        finally:
            await pool.delete(queue)
            await pool.aclose()
    assert (
        verify(secret, receiver.received[0].headers, receiver.received[0].body)["type"]
        == "lead.created"
    )


async def _user(email: str) -> int:
    from saas.models import User

    async with system_transaction():
        return (await User.get(email=email)).id


async def test_old_events_and_finished_deliveries_are_purged(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    from saas.jobs.registry import JOBS

    group, store, ann = dealer
    admin = await api.login("admin@east.test")
    async with Receiver(statuses=[200, 500]) as receiver:
        await _endpoint(api, admin, receiver.url, ["LEAD_CREATED", "LEAD_ASSIGNED"])
        await make_lead(ann, store)
        await _deliver_all(settings)
    async with system_transaction():
        await DomainEvent.all().update(published_at=datetime.now(UTC))
        statuses = sorted(await WebhookDelivery.all().values_list("status", flat=True))
    assert statuses == ["pending", "succeeded"]
    later = (datetime.now(UTC) + timedelta(days=31)).isoformat()
    assert await JOBS["events.purge"]({}, now=later) == {"events": 2, "deliveries": 1}
    async with system_transaction():
        # The failing delivery waits for its retries; its event is gone with the rest,
        # its body was fixed when the event was fanned out.
        left = await WebhookDelivery.all()
    assert [d.status for d in left] == ["pending"] and left[0].body
    assert await JOBS["events.purge"](
        {}, now=(datetime.now(UTC) + timedelta(days=29)).isoformat()
    ) == {"events": 0, "deliveries": 0}


async def test_events_cost_no_delivery_job_where_nobody_listens(api: Api, dealer, settings) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    await make_lead(ann, store)
    async with system_transaction():
        quiet = await JobRequest.filter(name="webhooks.deliver").count()
        fanned = await DomainEvent.filter(fanned_out_at__isnull=False).count()
    assert (quiet, fanned) == (0, 2)  # created and assigned, fanned out to nobody at once
    admin = await api.login("admin@east.test")
    await _endpoint(api, admin, "http://127.0.0.1:9/hooks", ["LEAD_CREATED"])
    await make_lead(ann, store, phone="13900000077")
    async with system_transaction():
        assert await JobRequest.filter(name="webhooks.deliver").count() == 2


async def test_oem_lead_events_ask_for_delivery_only_where_an_endpoint_listens(
    api: Api, dealer, settings
) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    oem = await make_oem("HUAXIA", ["Huaxia"])
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    sent_at = datetime.now(UTC) - timedelta(hours=25)
    async with tenant_transaction(None, oem.id):
        order = LeadOrder("Q-1", "Zhao Lei", "13700001111", "Huaxia", store_id=store.id)
        await distribute(await actor_for(desk), order, now=sent_at)
    async with system_transaction():
        assert await JobRequest.filter(name="webhooks.deliver").count() == 0
        assert await DomainEvent.filter(fanned_out_at__isnull=True).count() == 0
        assert await DomainEvent.all().count() == 2  # created, assigned: to nobody
    async with Receiver() as hook:
        _, secret = await _endpoint(
            api, await api.login("desk@huaxia.test"), hook.url, ["LEAD_SLA_BREACHED"]
        )
        await sla_sweep({}, now=datetime.now(UTC).isoformat())
        async with system_transaction():
            assert await JobRequest.filter(name="webhooks.deliver").count() >= 1
        await _deliver_all(settings)
    bodies = [verify(secret, r.headers, r.body) for r in hook.received]
    assert [b["type"] for b in bodies] == ["lead.sla_breached"]
    assert bodies[0]["data"]["distributedLead"]["externalRef"] == "Q-1"
    # An endpoint of the receiving group (which the OEM cannot see) counts too.
    async with system_transaction():
        await WebhookEndpoint.filter(oem_id=oem.id).update(status="disabled")
        before = await JobRequest.filter(name="webhooks.deliver").count()
    await _endpoint(
        api, await api.login("admin@east.test"), "http://127.0.0.1:9/h", ["LEAD_CREATED"]
    )
    async with tenant_transaction(None, oem.id):
        order = LeadOrder("Q-2", "Li Na", "13700002222", "Huaxia", store_id=store.id)
        await distribute(await actor_for(desk), order)
    async with system_transaction():
        assert await JobRequest.filter(name="webhooks.deliver").count() == before + 2


async def test_a_late_entry_breach_reaches_the_oems_endpoint_once(
    api: Api, dealer, settings
) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = dealer
    oem = await make_oem("HUAXIA", ["Huaxia"])
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    sent_at = datetime.now(UTC) - timedelta(hours=26)
    async with tenant_transaction(None, oem.id):
        order = LeadOrder("Q-9", "Zhao Lei", "13700001111", "Huaxia", store_id=store.id)
        sent = (await distribute(await actor_for(desk), order, now=sent_at)).distributed
    async with Receiver() as hook:
        _, secret = await _endpoint(
            api, await api.login("desk@huaxia.test"), hook.url, ["LEAD_SLA_BREACHED"]
        )
        # Logged now, 26 h after receipt, dated 23 h: no sweep ran in between.
        async with tenant_transaction(group.id):
            await log_follow_up(
                await actor_for(ann),
                NewFollowUp(sent.lead_id, FollowUpChannel.PHONE, "called", happened_at=sent_at + timedelta(hours=23),  # type: ignore[arg-type]
                            next_follow_up_at=datetime.now(UTC) + timedelta(days=1), next_follow_up_reason="visit"),
            )  # fmt: skip
        await _deliver_all(settings)
        # The sweep that follows finds nothing more to announce.
        await sla_sweep({}, now=datetime.now(UTC).isoformat())
        await _deliver_all(settings)
    bodies = [verify(secret, r.headers, r.body) for r in hook.received]
    assert [b["type"] for b in bodies] == ["lead.sla_breached"]
    assert bodies[0]["data"]["distributedLead"]["externalRef"] == "Q-9"
