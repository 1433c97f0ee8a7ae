"""A showroom's day through the API, and the cost of a page of leads."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_lead, make_store, make_user, make_vehicle_model

LEAD_FIELDS = """id intentGrade statusGrade status stage dueAt overdue followUpCount
  customer { name phone phoneMasked archiveNo tags { tag } }
  owner { name } store { code } vehicleModel { name }
  lastFollowUp { content channel user { name } }"""


async def test_a_walk_in_becomes_a_delivery(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    model = await make_vehicle_model()
    await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    ann, boss = await api.login("ann@a.test"), await api.login("boss@a.test")
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    created = (await api.gql(
        """mutation($input: CreateLeadInput!) { createLead(input: $input) { __typename
            ... on LeadCreated { lead { id owner { email } intentGrade cadenceDueAt } customer { id archiveNo } } } }""",
        {"input": {"storeId": gid(store), "sourceChannel": "WALK_IN", "intentGrade": "A",
                   "vehicleModelId": gid(model),
                   "customer": {"name": "Wang Fang", "phone": "13800138000", "modelClass": "SUV",
                                "purpose": "FAMILY", "focusPoints": ["safety", "space"]}}},
        ann,
    ))["createLead"]  # fmt: skip
    assert created["__typename"] == "LeadCreated"
    lead_id = created["lead"]["id"]
    assert created["lead"]["owner"] == {"email": "ann@a.test"}

    logged = (await api.gql(
        """mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename
            ... on FollowUpLogged { lead { stage intentGrade followUpCount nextFollowUpAt } } } }""",
        {"input": {"leadId": lead_id, "channel": "SHOWROOM_VISIT", "content": "walked the range, loved the Aurora",
                   "intentGrade": "H", "stage": "VEHICLE_PRESENTATION",
                   "nextFollowUpAt": soon, "nextFollowUpReason": "book a test drive"}},
        ann,
    ))["logFollowUp"]  # fmt: skip
    assert (
        logged["lead"]["stage"] == "VEHICLE_PRESENTATION" and logged["lead"]["intentGrade"] == "H"
    )

    drive = (await api.gql(
        """mutation($l: ID!, $m: ID!, $at: DateTime!) { scheduleTestDrive(input: {leadId: $l, vehicleModelId: $m, scheduledAt: $at}) {
            __typename ... on TestDrive { id status } } }""",
        {"l": lead_id, "m": gid(model), "at": soon}, ann,
    ))["scheduleTestDrive"]  # fmt: skip
    done = (await api.gql(
        """mutation($id: ID!) { completeTestDrive(input: {testDriveId: $id, outcome: DONE, feedback: "quiet cabin, wants the 2.0T"}) {
            __typename ... on TestDrive { status } } }""",
        {"id": drive["id"]}, ann,
    ))["completeTestDrive"]  # fmt: skip
    assert done == {"__typename": "TestDrive", "status": "DONE"}

    order = (await api.gql(
        """mutation($l: ID!, $m: ID!) { signOrder(input: {leadId: $l, vehicleModelId: $m, price: "189800.00",
            paymentMethod: LOAN, deposit: "5000", configuration: "white, 2.0T Luxury"}) {
            __typename ... on Order { id status price } } }""",
        {"l": lead_id, "m": gid(model)}, ann,
    ))["signOrder"]  # fmt: skip
    assert order["status"] == "SIGNED"
    delivered = (await api.gql(
        'mutation($id: ID!) { deliverOrder(input: {orderId: $id}) { __typename ... on Order { status deliveredAt } } }',
        {"id": order["id"]}, ann,
    ))["deliverOrder"]  # fmt: skip
    assert delivered["status"] == "DELIVERED"

    final = (await api.gql(
        """query($id: ID!) { lead(id: $id) { status statusGrade stage closedAt overdue
            history { kind fromValue toValue backwards actor { email } } } }""",
        {"id": lead_id}, boss,
    ))["lead"]  # fmt: skip
    assert (
        final["status"] == "DELIVERED"
        and final["statusGrade"] == "D"
        and final["stage"] == "DELIVERY"
    )
    assert final["closedAt"] is not None and final["overdue"] is False
    assert [(h["kind"], h["toValue"]) for h in final["history"]] == [
        ("created", "walk_in"),
        ("grade_changed", "H"),
        ("stage_changed", "vehicle_presentation"),
        ("stage_changed", "test_drive"),
        ("stage_changed", "contract"),
        ("order_signed", "ordered"),
        ("stage_changed", "delivery"),
        ("order_delivered", "delivered"),
    ]


@contextmanager
def count_queries() -> Iterator[list[str]]:
    queries: list[str] = []

    class Counter(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
                queries.append(record.args[0])

    logger = logging.getLogger("tortoise.db_client")
    handler, level = Counter(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield queries
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_a_page_of_leads_costs_the_same_statements_for_10_and_50(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    model = await make_vehicle_model()
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    for i in range(50):
        await make_lead(
            ann, store, phone=f"1390000{i:04d}", name=f"Customer {i}", vehicle_model=model
        )
    boss = await api.login("boss@a.test")
    query = f"query($n: Int!) {{ leads(first: $n) {{ totalCount nodes {{ {LEAD_FIELDS} }} }} }}"
    await api.gql("{ me { kind } }", token=boss)  # load role assignments once
    counts = {}
    for size in (10, 50):
        with count_queries() as queries:
            data = await api.gql(query, {"n": size}, boss)
        assert len(data["leads"]["nodes"]) == size
        counts[size] = len(queries)
    assert counts[10] == counts[50], counts
    # Nested rows are loaded up front only when asked for, the same batches
    # whether written under nodes, edges or a fragment.
    bare = "{ leads(first: 50) { nodes { id } } }"
    spread = (
        "{ leads(first: 50) { edges { node { ...L } } } } fragment L on Lead { owner { name } }"
    )
    with count_queries() as bare_queries:
        await api.gql(bare, token=boss)
    with count_queries() as spread_queries:
        owners = await api.gql(spread, token=boss)
    assert len(spread_queries) == len(bare_queries) + 1  # the owners, in one query
    assert {e["node"]["owner"]["name"] for e in owners["leads"]["edges"]} == {"Ann"}
    masked = data["leads"]["nodes"][0]["customer"]
    assert masked["phoneMasked"] is True and "****" in masked["phone"]
