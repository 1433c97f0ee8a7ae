"""After-sales: VINs, delivery to vehicle, service and insurance with consent,
complaints and escalation, surveys, reminders, and the customer timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from saas.aftersales.jobs import aftersales_escalate_complaints, aftersales_reminders
from saas.aftersales.vin import vin_problem
from saas.crm.customers import set_consents
from saas.crm.sales import NewOrder, deliver_order, sign_order
from saas.crm.vocabulary import PaymentMethod
from saas.models import DealerGroup, Notification, ReminderTask, Vehicle
from saas.tenancy.rls import system_transaction, tenant_transaction
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
    pk,
)

GOOD_VIN = "LSVAU218XN2183294"  # a Chinese VIN with a valid check digit


@pytest.mark.parametrize(
    ("vin", "problem"),
    [
        (GOOD_VIN, None),
        ("lsvau218xn2183294", None),
        ("1HGCM82633A004352", None),
        ("LSVAU218XN218329", "a VIN has 17 characters"),
        ("LSVAU218XN218329O", "a VIN uses digits and letters except I, O and Q"),
        ("LSVAU2181N2183294", "the check digit (9th character) should be X"),
        ("WVWZZZ1JZXW000001", None),  # Europe: no check digit required
    ],
)
def test_vin_validation(vin: str, problem: str | None) -> None:
    assert vin_problem(vin)[1] == problem


@pytest.fixture
async def sold(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    model = await make_vehicle_model(name="Aurora 2.0T")
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    intake = await make_lead(ann, store, phone="13800138000", vehicle_model=model)
    actor = await actor_for(ann)
    async with tenant_transaction(group.id):
        order = await sign_order(
            actor, NewOrder(intake.lead.id, model.id, Decimal(189800), PaymentMethod.LOAN)
        )
        await deliver_order(
            actor, order.id, vin=GOOD_VIN, now=datetime.now(UTC) - timedelta(days=200)
        )
    return group, store, ann, intake.customer


async def test_a_delivered_order_becomes_a_vehicle(sold) -> None:  # type: ignore[no-untyped-def]
    group, *_ = sold
    async with system_transaction():
        vehicles = await Vehicle.all()
    assert [(v.vin, v.model_name, v.purchase_channel, v.price) for v in vehicles] == [
        (GOOD_VIN, "Aurora 2.0T", "this_store", Decimal("189800.00"))
    ]


INSURANCE = """mutation($v: ID!, $share: Boolean!) { addInsurancePolicy(input: {vehicleId: $v, insurer: "PICC",
  startDate: "2026-01-10", expiryDate: "2026-12-10", premium: "5200", shareWithInsurer: $share}) {
  __typename ... on ValidationErrors { errors { path message } } } }"""


async def test_service_and_insurance_respect_input_and_consent(api: Api, sold) -> None:  # type: ignore[no-untyped-def]
    group, _, ann, customer = sold
    token = await api.login("ann@a.test")
    vehicle_id = (
        await api.gql(
            "query($c: ID!) { vehicles(customerId: $c) { id } }", {"c": gid(customer)}, token
        )
    )["vehicles"][0]["id"]
    bad = (
        await api.gql(
            INSURANCE.replace("2026-12-10", "2025-12-10"), {"v": vehicle_id, "share": False}, token
        )
    )["addInsurancePolicy"]
    assert bad["errors"] == [
        {"path": ["input", "expiryDate"], "message": "must be after the start date"}
    ]
    no_consent = (await api.gql(INSURANCE, {"v": vehicle_id, "share": True}, token))[
        "addInsurancePolicy"
    ]
    assert no_consent["errors"][0]["path"] == ["input", "shareWithInsurer"]
    async with tenant_transaction(group.id):
        await set_consents(
            await actor_for(ann), customer.id, {"share_insurance": True}, "signed form"
        )
    assert (await api.gql(INSURANCE, {"v": vehicle_id, "share": True}, token))[
        "addInsurancePolicy"
    ]["__typename"] == "InsurancePolicy"
    service = await api.gql(
        """mutation($v: ID!) { recordService(input: {vehicleId: $v, kind: "maintenance", serviceDate: "2026-11-01",
            mileageKm: 9800, content: "10,000 km service", cost: "880"}) { __typename } }""", {"v": vehicle_id}, token)  # fmt: skip
    assert service["recordService"]["__typename"] == "ServiceRecord"


async def test_complaints_a_tier_first_resolution_required_and_escalated_once(
    api: Api, sold
) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, customer = sold
    other = (await make_lead(ann, store, phone="13800138001")).customer
    async with system_transaction():
        from saas.models import Customer

        await Customer.filter(id=customer.id).update(value_tier="A")
    token = await api.login("ann@a.test")
    ids = []
    for c in (gid(other), gid(customer)):
        made = await api.gql(
            'mutation($c: ID!) { openComplaint(input: {customerId: $c, channel: "phone", severity: "high", description: "late delivery"}) { ... on Complaint { id priority } } }',
            {"c": c},
            token,
        )
        ids.append(made["openComplaint"]["id"])
    listed = (await api.gql("{ complaints { id priority } }", token=token))["complaints"]
    assert [c["id"] for c in listed] == [ids[1], ids[0]]  # the A-tier customer's first
    close = await api.gql(
        'mutation($id: ID!) { moveComplaint(input: {complaintId: $id, status: "resolved"}) { __typename ... on ValidationErrors { errors { path } } } }',
        {"id": ids[0]},
        token,
    )
    assert close["moveComplaint"]["errors"] == [{"path": ["input", "resolution"]}]
    later = (datetime.now(UTC) + timedelta(hours=49)).isoformat()
    assert sorted(await aftersales_escalate_complaints({}, now=later)) == sorted(pk(i) for i in ids)
    assert await aftersales_escalate_complaints({}, now=later) == []
    async with system_transaction():
        assert await Notification.filter(kind="complaint_escalated").count() == 2
        await DealerGroup.filter(id=group.id).update(settings={"complaint_escalation_hours": 200})


async def test_survey_scores_are_checked_and_averaged(api: Api, sold) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, customer = sold
    token = await api.login("ann@a.test")
    survey = 'mutation($c: ID!, $p: Int!) { submitSurvey(input: {customerId: $c, kind: "delivery", productScore: $p, attitudeScore: 9, afterSalesScore: 8}) { __typename ... on ValidationErrors { errors { path } } } }'
    assert (await api.gql(survey, {"c": gid(customer), "p": 11}, token))["submitSurvey"][
        "errors"
    ] == [{"path": ["input", "productScore"]}]
    for p in (10, 7):
        assert (await api.gql(survey, {"c": gid(customer), "p": p}, token))["submitSurvey"][
            "__typename"
        ] == "Survey"
    boss = await api.login("boss@a.test")
    today = datetime.now(UTC).date()
    averages = (await api.gql("query($s: ID!, $f: Date!, $t: Date!) { surveyAverages(storeId: $s, from: $f, to: $t) { consultantId surveys product attitude afterSales } }",
                              {"s": gid(store), "f": (today - timedelta(days=2)).isoformat(), "t": (today + timedelta(days=2)).isoformat()}, boss))["surveyAverages"]  # fmt: skip
    assert averages == [
        {
            "consultantId": gid(ann),
            "surveys": 2,
            "product": 8.5,
            "attitude": 9.0,
            "afterSales": 8.0,
        },
        {"consultantId": None, "surveys": 2, "product": 8.5, "attitude": 9.0, "afterSales": 8.0},
    ]


async def test_reminders_once_each_and_birthdays_only_with_consent(api: Api, sold) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, customer = sold
    today = datetime.now(UTC).date()
    async with system_transaction():
        from saas.models import Customer

        await Customer.filter(id=customer.id).update(
            birthday=date(1990, today.month, min(today.day, 28))
        )
    now = datetime.combine(
        today.replace(day=min(today.day, 28)), datetime.min.time(), UTC
    ).isoformat()
    first = await aftersales_reminders({}, now=now)
    again = await aftersales_reminders({}, now=now)
    async with system_transaction():
        tasks = {t.kind: t for t in await ReminderTask.all()}
    assert "maintenance" in tasks  # delivered 200 days ago, never serviced
    assert (
        tasks["birthday"].status == "skipped"
        and tasks["birthday"].result == "skipped: no marketing consent"
    )
    assert first[group.id]["skipped"] == 1 and again[group.id] == first[group.id]
    async with system_transaction():
        assert await ReminderTask.all().count() == len(tasks)  # the second run added nothing
        assert await Notification.filter(kind="reminder_birthday").count() == 0
    token = await api.login("ann@a.test")
    mine = (await api.gql("{ myTasks { totalCount nodes { id kind } } }", token=token))["myTasks"]
    assert mine["totalCount"] == 1 and mine["nodes"][0]["kind"] == "maintenance"
    done = await api.gql(
        'mutation($id: ID!) { completeTask(input: {taskId: $id, result: "booked for Saturday"}) { __typename ... on ReminderTask { status } } }',
        {"id": mine["nodes"][0]["id"]},
        token,
    )
    assert done["completeTask"] == {"__typename": "ReminderTask", "status": "done"}


async def test_the_timeline_is_in_time_order_and_paginated(api: Api, sold) -> None:  # type: ignore[no-untyped-def]
    _, _, _, customer = sold
    token = await api.login("ann@a.test")
    query = "query($c: ID!, $a: String) { customerTimeline(customerId: $c, first: 3, after: $a) { nodes { at kind } pageInfo { hasNextPage endCursor } } }"
    first = (await api.gql(query, {"c": gid(customer)}, token))["customerTimeline"]
    second = (
        await api.gql(query, {"c": gid(customer), "a": first["pageInfo"]["endCursor"]}, token)
    )["customerTimeline"]
    entries = first["nodes"] + second["nodes"]
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)
    assert {"lead", "order", "delivery", "vehicle"} <= {e["kind"] for e in entries}
    assert first["pageInfo"]["hasNextPage"]


async def test_another_group_sees_and_changes_nothing(api: Api, sold) -> None:  # type: ignore[no-untyped-def]
    group, store, ann, customer = sold
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "B-1")
    await make_user("boss@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    token = await api.login("boss@b.test")
    c = gid(customer)
    assert (await api.gql("query($c: ID!) { vehicles(customerId: $c) { id } }", {"c": c}, token))[
        "vehicles"
    ] == []
    assert (
        await api.gql(
            "query($c: ID!) { customerTimeline(customerId: $c) { nodes { kind } } }",
            {"c": c},
            token,
        )
    )["customerTimeline"]["nodes"] == []
    assert (await api.gql("{ complaints { id } myTasks { totalCount } }", token=token)) == {
        "complaints": [],
        "myTasks": {"totalCount": 0},
    }
    async with system_transaction():
        vehicle_id = gid(await Vehicle.first())
    attempts = {
        "addVehicle": (
            'mutation($c: ID!) { addVehicle(input: {customerId: $c, modelName: "x", purchaseDate: "2026-01-01", purchaseChannel: "elsewhere"}) { __typename } }',
            {"c": c},
        ),
        "recordService": (
            'mutation($v: ID!) { recordService(input: {vehicleId: $v, kind: "repair", serviceDate: "2026-11-01", mileageKm: 1, content: "x", cost: "1"}) { __typename } }',
            {"v": vehicle_id},
        ),
        "addInsurancePolicy": (INSURANCE, {"v": vehicle_id, "share": False}),
        "openComplaint": (
            'mutation($c: ID!) { openComplaint(input: {customerId: $c, channel: "x", severity: "low", description: "x"}) { __typename } }',
            {"c": c},
        ),
        "submitSurvey": (
            'mutation($c: ID!) { submitSurvey(input: {customerId: $c, kind: "service", productScore: 1, attitudeScore: 1, afterSalesScore: 1}) { __typename } }',
            {"c": c},
        ),
    }
    for name, (mutation, variables) in attempts.items():
        assert (await api.gql(mutation, variables, token))[name]["__typename"] == "NotFoundError", (
            name
        )
    async with system_transaction():
        from saas.models import Complaint, InsurancePolicy

        complaint = await Complaint.create(tenant_id=group.id, store_id=store.id, customer_id=customer.id,
                                           channel="x", severity="low", description="x")  # fmt: skip
        task = await ReminderTask.create(tenant_id=group.id, store_id=store.id, user_id=ann.id, customer_id=customer.id,
                                         kind="maintenance", due_date=date.today(), title="x", dedup_key="k")  # fmt: skip
        policy = await InsurancePolicy.create(tenant_id=group.id, store_id=store.id, customer_id=customer.id, vehicle_id=pk(vehicle_id),
                                              insurer="x", start_date=date(2026, 1, 1), expiry_date=date(2027, 1, 1), premium=1)  # fmt: skip
    move = await api.gql(
        'mutation($id: ID!) { moveComplaint(input: {complaintId: $id, status: "in_progress"}) { __typename } }',
        {"id": gid(complaint)},
        token,
    )
    assert move["moveComplaint"]["__typename"] == "NotFoundError"
    finish = await api.gql(
        'mutation($id: ID!) { completeTask(input: {taskId: $id, result: "x"}) { __typename } }',
        {"id": gid(task)},
        token,
    )
    assert finish["completeTask"]["__typename"] == "NotFoundError"
    renew = await api.gql(
        "mutation($id: ID!) { markInsuranceRenewed(policyId: $id) { __typename } }",
        {"id": gid(policy)},
        token,
    )
    assert renew["markInsuranceRenewed"]["__typename"] == "NotFoundError"
    async with system_transaction():
        assert (await Complaint.get(id=complaint.id)).status == "open"
        assert (await ReminderTask.get(id=task.id)).status == "open"
        assert (await InsurancePolicy.get(id=policy.id)).renewed is False
    survey_avg = await api.gql(
        'query($s: ID!) { surveyAverages(storeId: $s, from: "2026-01-01", to: "2027-01-01") { surveys } }',
        {"s": gid(store)},
        token,
    )
    assert survey_avg["surveyAverages"] == []
