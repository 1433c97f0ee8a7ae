"""Relay global object identification: node(id:) and nodes(ids:) return each
kind of object to whoever may read it through its own field, and answer an id
of another dealer group exactly as one that does not exist."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from strawberry.relay import to_base64

from saas.models import DealerGroup, Notification, RoleAssignment, Store, User, VehicleModel
from saas.schema import schema
from saas.schema.node import MAX_NODES, READERS
from saas.schema.relay import NODE_TYPE_NAMES, decode_id, from_global_id, to_global_id
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import (
    gid,
    make_group,
    make_lead,
    make_oem,
    make_store,
    make_user,
    make_vehicle_model,
)

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
MISSING_PK = 10**12


def _future(days: int = 2) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def test_the_encoding_is_base64_of_type_and_pk() -> None:
    assert to_global_id("Lead", 1) == "TGVhZDox" == to_base64("Lead", 1)
    assert from_global_id("TGVhZDox") == ("Lead", 1)
    assert decode_id(to_global_id("Store", 2**63 - 1), "Store") == 2**63 - 1


@pytest.mark.parametrize(
    "value",
    [
        "1",
        "TGVhZDox=",  # padding where none belongs
        base64.b64encode(b"Lead:0").decode(),
        base64.b64encode(b"Lead:-1").decode(),
        base64.b64encode(b"Lead:01").decode(),
        base64.b64encode(f"Lead:{2**63}".encode()).decode(),
        base64.b64encode(b"Lead:1 ").decode(),
        base64.b64encode(b"Nothing:1").decode(),
        base64.urlsafe_b64encode(b"Lead:1>?").decode(),
        "",
        "ü",
    ],
)
def test_the_decoder_refuses_what_it_did_not_make(value: str) -> None:
    with pytest.raises(ValueError):
        from_global_id(value)


def test_a_lead_id_is_not_a_customer_id() -> None:
    with pytest.raises(ValueError):
        decode_id(to_global_id("Lead", 5), "Customer")


def test_every_node_type_can_be_refetched() -> None:
    implementing = {
        name
        for name, t in schema._schema.type_map.items()
        if any(i.name == "Node" for i in getattr(t, "interfaces", ()))
    }
    assert implementing == NODE_TYPE_NAMES - {"ApiKeyRole"}
    assert set(READERS) == NODE_TYPE_NAMES


class Group:
    """One dealer group's store with a manager, two consultants and an admin,
    and the objects they made through the API: kind -> (reader, global id)."""

    def __init__(self, api: Api, code: str) -> None:
        self.api = api
        self.code = code
        self.tokens: dict[str, str] = {}
        self.ids: dict[str, tuple[str, str]] = {}

    async def gql(self, who: str, query: str, variables: dict[str, Any] | None = None) -> Any:
        if who not in self.tokens:
            self.tokens[who] = await self.api.login(f"{who}@{self.code}.test")
        return await self.api.gql(query, variables, token=self.tokens[who])

    async def mutate(self, who: str, name: str, input: dict[str, Any], picks: str) -> Any:
        kind = name[0].upper() + name[1:]
        data = await self.gql(
            who,
            f"mutation($input: {kind}Input!) {{ {name}(input: $input) {{ __typename {picks} "
            "... on ValidationErrors { errors { path message } } } }",
            {"input": input},
        )
        return data[name]

    async def seed(self, model: VehicleModel) -> None:
        group = await make_group(f"GROUP-{self.code.upper()}")
        store = await make_store(group, f"{self.code.upper()}-1")
        self.group, self.store = group, store
        manager = await make_user(
            f"manager@{self.code}.test", group=group, role=Role.SHOWROOM_MANAGER, store=store
        )
        consultant = await make_user(
            f"consultant@{self.code}.test", group=group, role=Role.CONSULTANT, store=store
        )
        colleague = await make_user(
            f"colleague@{self.code}.test", group=group, role=Role.CONSULTANT, store=store
        )
        await make_user(f"admin@{self.code}.test", group=group, role=Role.GROUP_ADMIN)
        self.consultant = consultant
        own = await make_lead(consultant, store, phone="13800138000")
        other = await make_lead(colleague, store, name="Li Lei", phone="13800138009")
        self.colleague_lead = gid(other.lead)
        lead, customer = gid(own.lead), gid(own.customer)
        async with system_transaction():
            role = await RoleAssignment.get(user_id=manager.id)
        ids = {
            "Lead": ("consultant", lead),
            "Customer": ("consultant", customer),
            "Store": ("manager", gid(store)),
            "User": ("manager", gid(consultant)),
            "DealerGroup": ("consultant", gid(group)),
            "VehicleModel": ("consultant", gid(model)),
            "RoleAssignment": ("admin", gid(role)),
        }
        follow_up = await self.mutate(
            "consultant",
            "logFollowUp",
            {
                "leadId": lead,
                "channel": "PHONE",
                "content": "called",
                "nextFollowUpAt": _future(),
                "nextFollowUpReason": "quote",
            },
            "... on FollowUpLogged { followUp { id leadId } }",
        )
        assert follow_up["followUp"]["leadId"] == lead
        ids["FollowUp"] = ("consultant", follow_up["followUp"]["id"])
        drive = await self.mutate(
            "consultant",
            "scheduleTestDrive",
            {"leadId": lead, "vehicleModelId": gid(model), "scheduledAt": _future(1)},
            "... on TestDrive { id leadId }",
        )
        ids["TestDrive"] = ("consultant", drive["id"])
        vehicle = await self.mutate(
            "consultant",
            "addVehicle",
            {
                "customerId": customer,
                "modelName": "Old sedan",
                "purchaseDate": "2019-05-01",
                "purchaseChannel": "elsewhere",
            },
            "... on Vehicle { id }",
        )
        ids["Vehicle"] = ("consultant", vehicle["id"])
        service = await self.mutate(
            "consultant",
            "recordService",
            {
                "vehicleId": vehicle["id"],
                "kind": "maintenance",
                "serviceDate": date.today().isoformat(),
                "mileageKm": 10000,
                "content": "oil",
                "cost": "500",
            },
            "... on ServiceRecord { id }",
        )
        ids["ServiceRecord"] = ("consultant", service["id"])
        policy = await self.mutate(
            "consultant",
            "addInsurancePolicy",
            {
                "vehicleId": vehicle["id"],
                "insurer": "PICC",
                "startDate": date.today().isoformat(),
                "expiryDate": (date.today() + timedelta(days=365)).isoformat(),
                "premium": "4000",
            },
            "... on InsurancePolicy { id }",
        )
        ids["InsurancePolicy"] = ("consultant", policy["id"])
        complaint = await self.mutate(
            "consultant",
            "openComplaint",
            {
                "customerId": customer,
                "channel": "phone",
                "severity": "low",
                "description": "slow",
            },
            "... on Complaint { id customerId }",
        )
        assert complaint["customerId"] == customer
        ids["Complaint"] = ("consultant", complaint["id"])
        survey = await self.mutate(
            "consultant",
            "submitSurvey",
            {
                "customerId": customer,
                "kind": "service",
                "productScore": 9,
                "attitudeScore": 9,
                "afterSalesScore": 9,
            },
            "... on Survey { id }",
        )
        ids["Survey"] = ("consultant", survey["id"])
        order = await self.mutate(
            "consultant",
            "signOrder",
            {
                "leadId": lead,
                "vehicleModelId": gid(model),
                "price": "200000",
                "deposit": "5000",
                "paymentMethod": "CASH",
            },
            "... on Order { id leadId }",
        )
        assert order["leadId"] == lead
        ids["Order"] = ("consultant", order["id"])
        run = await self.mutate(
            "manager",
            "requestReport",
            {"kind": "FUNNEL", "storeId": gid(store), "from": "2026-01-01", "to": "2026-02-01"},
            "... on ReportRun { id }",
        )
        ids["ReportRun"] = ("manager", run["id"])
        export = (
            await self.gql(
                "manager",
                "mutation { exportLeads(input: {}) { __typename ... on Export { id } } }",
            )
        )["exportLeads"]
        ids["Export"] = ("manager", export["id"])
        audit = await self.gql("admin", "{ auditLog(first: 1) { nodes { id } } }")
        ids["AuditEntry"] = ("admin", audit["auditLog"]["nodes"][0]["id"])
        self.ids = ids


@pytest.fixture
async def groups(api: Api) -> tuple[Group, Group]:
    model = await make_vehicle_model()
    a, b = Group(api, "a"), Group(api, "b")
    await a.seed(model)
    await b.seed(model)
    return a, b


KINDS = [
    "Lead",
    "Customer",
    "Store",
    "User",
    "DealerGroup",
    "RoleAssignment",
    "FollowUp",
    "TestDrive",
    "Order",
    "Vehicle",
    "ServiceRecord",
    "InsurancePolicy",
    "Complaint",
    "Survey",
    "ReportRun",
    "Export",
    "AuditEntry",
]


async def test_node_returns_each_kind_to_its_owner_and_nothing_of_another_group(
    api: Api, groups: tuple[Group, Group]
) -> None:
    a, b = groups
    for kind in KINDS:
        reader, own = a.ids[kind]
        assert from_global_id(own)[0] == kind
        data = await a.gql(reader, NODE, {"id": own})
        assert data == {"node": {"__typename": kind, "id": own}}, kind
        token = a.tokens[reader]
        foreign = (await api.post(NODE, {"id": b.ids[kind][1]}, token)).json()
        missing = (await api.post(NODE, {"id": to_global_id(kind, MISSING_PK)}, token)).json()
        assert foreign == missing == {"data": {"node": None}}, kind
    # The catalogue is shared: group B's model is group A's.
    assert a.ids["VehicleModel"] == b.ids["VehicleModel"]
    data = await a.gql("consultant", NODE, {"id": a.ids["VehicleModel"][1]})
    assert data["node"]["__typename"] == "VehicleModel"


async def test_nodes_keeps_order_and_answers_null_per_missing_id(
    groups: tuple[Group, Group],
) -> None:
    a, b = groups
    ids = [
        a.ids["Customer"][1],
        b.ids["Lead"][1],
        "not an id",
        a.ids["Lead"][1],
        to_global_id("Lead", MISSING_PK),
        a.ids["FollowUp"][1],
    ]
    data = await a.gql("consultant", NODES, {"ids": ids})
    assert data["nodes"] == [
        {"__typename": "Customer", "id": ids[0]},
        None,
        None,
        {"__typename": "Lead", "id": ids[3]},
        None,
        {"__typename": "FollowUp", "id": ids[5]},
    ]


async def test_nodes_over_the_cap_is_refused_with_a_code(
    api: Api, groups: tuple[Group, Group]
) -> None:
    a, _ = groups
    await a.gql("consultant", NODES, {"ids": [a.ids["Lead"][1]] * MAX_NODES})
    errors = await api.errors(
        NODES, {"ids": [a.ids["Lead"][1]] * (MAX_NODES + 1)}, token=a.tokens["consultant"]
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert str(MAX_NODES) in errors[0]["message"]


async def test_a_consultant_cannot_fetch_a_colleagues_lead(groups: tuple[Group, Group]) -> None:
    a, _ = groups
    assert (await a.gql("consultant", NODE, {"id": a.colleague_lead})) == {"node": None}
    assert (await a.gql("manager", NODE, {"id": a.colleague_lead}))["node"]["id"] == (
        a.colleague_lead
    )
    # The same answer as the lead field gives.
    lead = await a.gql(
        "consultant", "query($id: ID!) { lead(id: $id) { id } }", {"id": a.colleague_lead}
    )
    assert lead == {"lead": None}


async def test_a_type_the_caller_may_not_read_answers_null(groups: tuple[Group, Group]) -> None:
    a, _ = groups
    # Consultants hold no audit_log:read, and the admin no lead in a store.
    assert (await a.gql("consultant", NODE, {"id": a.ids["AuditEntry"][1]})) == {"node": None}
    assert (await a.gql("admin", NODE, {"id": a.ids["AuditEntry"][1]}))["node"] is not None


@pytest.mark.parametrize(
    "value", ["1", "TGVhZDox=", base64.b64encode(b"Lead:0").decode(), "", "%%%"]
)
async def test_a_malformed_id_in_node_is_null(
    api: Api, groups: tuple[Group, Group], value: str
) -> None:
    a, _ = groups
    assert (await a.gql("consultant", NODE, {"id": value})) == {"node": None}


async def test_node_needs_a_signed_in_caller(api: Api, groups: tuple[Group, Group]) -> None:
    a, _ = groups
    errors = await api.errors(NODE, {"id": a.ids["Lead"][1]})
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_wrong_type_id_in_a_mutation_input_names_the_field(
    groups: tuple[Group, Group],
) -> None:
    a, _ = groups
    result = await a.mutate(
        "consultant",
        "logFollowUp",
        {
            "leadId": a.ids["Customer"][1],
            "channel": "PHONE",
            "content": "called",
            "nextFollowUpAt": _future(),
            "nextFollowUpReason": "quote",
        },
        "",
    )
    assert result["__typename"] == "ValidationErrors"
    [error] = result["errors"]
    assert error["path"] == ["input", "leadId"]
    assert "not a lead id" in error["message"]
    # A raw database id is no longer accepted either.
    raw = await a.mutate(
        "consultant",
        "openComplaint",
        {
            "customerId": str(decode_id(a.ids["Customer"][1], "Customer")),
            "channel": "phone",
            "severity": "low",
            "description": "x",
        },
        "",
    )
    assert raw["__typename"] == "ValidationErrors"
    assert raw["errors"][0]["path"] == ["input", "customerId"]
    assert "not a customer id" in raw["errors"][0]["message"]


async def test_a_wrong_type_id_in_a_query_argument_answers_like_a_missing_object(
    groups: tuple[Group, Group],
) -> None:
    a, _ = groups
    customer_as_lead = await a.gql(
        "consultant", "query($id: ID!) { lead(id: $id) { id } }", {"id": a.ids["Customer"][1]}
    )
    assert customer_as_lead == {"lead": None}
    leads = await a.gql(
        "manager",
        "query($s: ID) { leads(filter: {storeId: $s}) { totalCount } }",
        {"s": a.ids["Lead"][1]},
    )
    assert leads["leads"]["totalCount"] == 0
    leads = await a.gql(
        "manager",
        "query($s: ID) { leads(filter: {storeId: $s}) { totalCount } }",
        {"s": a.ids["Store"][1]},
    )
    assert leads["leads"]["totalCount"] == 2


async def test_an_oem_sees_only_its_distribution_view(api: Api) -> None:
    oem = await make_oem("HUAXIA", brands=["Huaxia"])
    other_oem = await make_oem("OTHER", brands=["Other"])
    group = await make_group("EAST")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    await make_user("dist@oem.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    await make_user("dist@other.test", oem=other_oem, role=Role.OEM_DISTRIBUTOR)
    await make_user("mgr@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    token = await api.login("dist@oem.test")
    sent = await api.gql(
        """mutation($input: DistributeLeadInput!) { distributeLead(input: $input) { __typename
          ... on LeadDistributed { distributedLead { id } }
          ... on ValidationErrors { errors { path message } } } }""",
        {
            "input": {
                "externalRef": "R-1",
                "customerName": "Zhao Min",
                "phone": "13700137000",
                "brand": "Huaxia",
                "storeId": gid(store),
            }
        },
        token,
    )
    distributed = sent["distributeLead"]["distributedLead"]["id"]
    assert from_global_id(distributed)[0] == "DistributedLead"
    assert (await api.gql(NODE, {"id": distributed}, token))["node"] == {
        "__typename": "DistributedLead",
        "id": distributed,
    }
    # The dealer's lead of the same customer is not the OEM's to read, nor is the
    # distribution view the dealer's; another OEM sees nothing.
    manager = await api.login("mgr@east.test")
    dealer_lead = (await api.gql("{ leads { nodes { id } } }", token=manager))["leads"]["nodes"]
    assert len(dealer_lead) == 1
    assert (await api.gql(NODE, {"id": dealer_lead[0]["id"]}, token))["node"] is None
    assert (await api.gql(NODE, {"id": distributed}, manager))["node"] is None
    other = await api.login("dist@other.test")
    assert (await api.gql(NODE, {"id": distributed}, other))["node"] is None


async def test_ids_inside_objects_point_at_the_objects(api: Api) -> None:
    group = await make_group("WEST")
    store = await make_store(group, "CD-1")
    consultant = await make_user("sales@west.test", group=group, role=Role.CONSULTANT, store=store)
    intake = await make_lead(consultant, store)
    token = await api.login("sales@west.test")
    data = await api.gql(
        "query($id: ID!) { lead(id: $id) { id store { id } owner { id } customer { id } } }",
        {"id": gid(intake.lead)},
        token,
    )
    assert data["lead"] == {
        "id": gid(intake.lead),
        "store": {"id": gid(store)},
        "owner": {"id": gid(consultant)},
        "customer": {"id": gid(intake.customer)},
    }
    async with system_transaction():
        assert await Store.get(id=decode_id(data["lead"]["store"]["id"], "Store"))
        assert await User.get(id=decode_id(data["lead"]["owner"]["id"], "User"))
        assert await DealerGroup.get(id=group.id)


async def test_a_notification_is_a_node_and_its_data_holds_global_ids(
    api: Api, groups: tuple[Group, Group]
) -> None:
    a, b = groups
    lead_pk = decode_id(a.ids["Lead"][1], "Lead")
    notes = []
    for group in (a, b):
        async with system_transaction():
            notes.append(
                await Notification.create(
                    tenant_id=group.group.id,
                    user_id=group.consultant.id,
                    store_id=group.store.id,
                    kind="cadence_overdue",
                    title="Follow up",
                    body="due",
                    data={"lead_id": lead_pk, "due_at": "2031-01-01T00:00:00+00:00"},
                    dedup_key="relay-test",
                )
            )
    listed = await a.gql("consultant", "{ notifications { nodes { id data } } }")
    [note] = listed["notifications"]["nodes"]
    assert note["id"] == gid(notes[0])
    assert json.loads(note["data"]) == {
        "lead_id": a.ids["Lead"][1],
        "due_at": "2031-01-01T00:00:00+00:00",
    }
    assert (await a.gql("consultant", NODE, {"id": note["id"]}))["node"]["id"] == note["id"]
    assert (await a.gql("consultant", NODE, {"id": gid(notes[1])})) == {"node": None}
    # Marking read takes the global ids; another group's id marks nothing.
    mark = "mutation($ids: [ID!]) { markNotificationsRead(input: {ids: $ids}) { count } }"
    assert (await a.gql("consultant", mark, {"ids": [gid(notes[1])]})) == {
        "markNotificationsRead": {"count": 0}
    }
    assert (await a.gql("consultant", mark, {"ids": [note["id"]]})) == {
        "markNotificationsRead": {"count": 1}
    }
