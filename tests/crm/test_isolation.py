"""The CRM through the API: a user of dealer group A neither sees nor changes
anything of group B, whatever ids it sends; inside one group every role sees
what its scope allows, and a phone number is masked for anyone but its owner.

Both groups get the same showroom data (`Seed`), so every refused mutation is
also run, unchanged, against group A's own rows and must work there: the
refusal comes from isolation, not from a bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from saas.models import DealerGroup, Store, User, VehicleModel, tenant_models
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_lead, make_store, make_user, make_vehicle_model

A_PHONES = ("13800138000", "13800138001", "13800138002")
B_PHONES = ("13912345678", "13912345670", "13912345671")


def _id(obj: Any) -> str:
    return gid(obj)


def _future(days: int = 2) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


@dataclass
class Seed:
    """One group's showroom: a consultant with an open lead (followed up, a test
    drive booked, its customer tagged "vip" and the consultant selling the
    Aurora series), an ordered lead and a lead waiting for a lost decision."""

    group_id: int
    code: str
    store: str
    model: str
    consultant: str
    colleague: str
    manager: str
    lead: str
    customer: str
    order_lead: str
    spare_customer: str
    order: str
    lost_lead: str
    lost_customer: str
    follow_up: str
    test_drive: str

    @property
    def leads(self) -> set[str]:
        return {self.lead, self.order_lead, self.lost_lead}

    @property
    def customers(self) -> set[str]:
        return {self.customer, self.spare_customer, self.lost_customer}


class World:
    """Group A and group B, each seeded alike, plus a few more users of group A
    (a colleague's lead, a second store, an executive and a customer admin)."""

    a: Seed
    b: Seed
    colleague_lead: str
    colleague_customer: str
    store_a2: str
    other_consultant: User
    other_lead: str
    other_customer: str

    def __init__(self, api: Api) -> None:
        self.api = api
        self._tokens: dict[str, str] = {}
        self.stores: dict[str, Store] = {}
        self.users: dict[str, User] = {}

    async def token(self, email: str) -> str:
        if email not in self._tokens:
            self._tokens[email] = await self.api.login(email)
        return self._tokens[email]

    async def gql(self, email: str, query: str, variables: dict[str, Any] | None = None) -> dict:
        return await self.api.gql(query, variables, token=await self.token(email))

    async def errors(self, email: str, query: str, variables: dict[str, Any] | None = None) -> list:
        return await self.api.errors(query, variables, token=await self.token(email))

    async def state_of_b(self) -> dict[str, Any]:
        """Group B as its own showroom manager sees it through the API, and every
        row group B owns in the database."""
        view = {}
        for query in B_VIEW:
            view |= await self.gql("manager@b.test", query)
        assert view["leads"]["totalCount"] < 8 and view["customers"]["totalCount"] < 8
        async with system_transaction():
            rows = {
                model._meta.db_table: await model.filter(tenant_id=self.b.group_id)
                .order_by("id")
                .values()
                for model in tenant_models()
            }
        return {"api": view, "rows": rows}


# Two requests, each within the node budget; group B has fewer than 8 leads and customers.
B_VIEW = [
    """{
  leads(first: 8) { totalCount nodes { id status stage intentGrade isImportant version
    followUpCount lostReason nextFollowUpAt owner { id } customer { id }
    followUps { id } assignments { toUser { id } } history { kind } } }
}""",
    """{
  customers(first: 8) { totalCount nodes { id name city version mergedIntoId owner { id }
    consents { marketing shareWithFinancePartners shareWithInsurers }
    tags { tag } tagHistory { tag removedAt } leads { id } } }
  followUps(first: 100) { totalCount nodes { id leadId content } }
}""",
]


async def _must(
    world: World, email: str, field: str, input_type: str, payload: dict, success: str, pick: str
) -> dict:
    data = await world.gql(
        email,
        f"""mutation($input: {input_type}!) {{ {field}(input: $input) {{ __typename
            ... on {success} {{ {pick} }} ... on ValidationErrors {{ errors {{ path message }} }} }} }}""",
        {"input": payload},
    )
    result = data[field]
    assert result["__typename"] == success, result
    return result  # type: ignore[no-any-return]


async def _seed(
    world: World, group: DealerGroup, code: str, phones: tuple[str, ...], model: VehicleModel
) -> Seed:
    domain = code.lower()
    store = await make_store(group, f"{code}-1", brands=["Huaxia"])
    consultant = await make_user(
        f"consultant@{domain}.test", group=group, role=Role.CONSULTANT, store=store
    )
    colleague = await make_user(
        f"colleague@{domain}.test", group=group, role=Role.CONSULTANT, store=store
    )
    manager = await make_user(
        f"manager@{domain}.test", group=group, role=Role.SHOWROOM_MANAGER, store=store
    )
    main = await make_lead(
        consultant, store, name=f"{code} Main", phone=phones[0], grade="A", vehicle_model=model
    )
    ordered = await make_lead(
        consultant, store, name=f"{code} Buyer", phone=phones[1], grade="H", vehicle_model=model
    )
    lost = await make_lead(consultant, store, name=f"{code} Gone", phone=phones[2])
    world.stores[_id(store)] = store
    world.users |= {u.email: u for u in (consultant, colleague, manager)}
    me = consultant.email
    follow_up = await _must(
        world,
        me,
        "logFollowUp",
        "LogFollowUpInput",
        {
            "leadId": _id(main.lead),
            "channel": "PHONE",
            "content": "Asked about the Aurora",
            "nextFollowUpAt": _future(),
            "nextFollowUpReason": "invite to a test drive",
        },
        "FollowUpLogged",
        "followUp { id }",
    )
    drive = await _must(
        world,
        me,
        "scheduleTestDrive",
        "ScheduleTestDriveInput",
        {"leadId": _id(main.lead), "vehicleModelId": _id(model), "scheduledAt": _future(3)},
        "TestDrive",
        "id",
    )
    await _must(
        world,
        me,
        "tagCustomer",
        "TagCustomerInput",
        {"customerId": _id(main.customer), "tag": "vip"},
        "CustomerTag",
        "tag",
    )
    order = await _must(
        world,
        me,
        "signOrder",
        "SignOrderInput",
        {
            "leadId": _id(ordered.lead),
            "vehicleModelId": _id(model),
            "price": "230000",
            "paymentMethod": "CASH",
        },
        "Order",
        "id",
    )
    await _must(
        world,
        me,
        "requestLeadLost",
        "RequestLeadLostInput",
        {"leadId": _id(lost.lead), "reason": "BOUGHT_COMPETITOR", "note": "bought elsewhere"},
        "Lead",
        "status",
    )
    await _must(
        world,
        manager.email,
        "setProductLines",
        "SetProductLinesInput",
        {"storeId": _id(store), "userId": _id(consultant), "series": ["Aurora"]},
        "ProductLines",
        "series",
    )
    return Seed(
        group_id=group.id,
        code=code,
        store=_id(store),
        model=_id(model),
        consultant=_id(consultant),
        colleague=_id(colleague),
        manager=_id(manager),
        lead=_id(main.lead),
        customer=_id(main.customer),
        order_lead=_id(ordered.lead),
        spare_customer=_id(ordered.customer),
        order=order["id"],
        lost_lead=_id(lost.lead),
        lost_customer=_id(lost.customer),
        follow_up=follow_up["followUp"]["id"],
        test_drive=drive["id"],
    )


@pytest.fixture
async def world(api: Api) -> World:
    world = World(api)
    model = await make_vehicle_model()
    group_a, group_b = await make_group("GROUP-A"), await make_group("GROUP-B")
    world.a = await _seed(world, group_a, "A", A_PHONES, model)
    world.b = await _seed(world, group_b, "B", B_PHONES, model)

    store_a1 = world.stores[world.a.store]
    theirs = await make_lead(
        world.users["colleague@a.test"], store_a1, name="Li Lei", phone="13700001111"
    )
    world.colleague_lead, world.colleague_customer = _id(theirs.lead), _id(theirs.customer)

    store_a2 = await make_store(group_a, "A-2", brands=["Huaxia"])
    world.store_a2 = _id(store_a2)
    world.stores[world.store_a2] = store_a2
    world.other_consultant = await make_user(
        "carl@a.test", group=group_a, role=Role.CONSULTANT, store=store_a2
    )
    other = await make_lead(world.other_consultant, store_a2, name="Zhao Min", phone="13600002222")
    world.other_lead, world.other_customer = _id(other.lead), _id(other.customer)

    await make_user("executive@a.test", group=group_a, role=Role.GROUP_EXECUTIVE)
    await make_user("records@a.test", group=group_a, role=Role.CUSTOMER_ADMIN, store=store_a1)
    return world


# --- 1. Cross-tenant reads ---------------------------------------------------

ACTOR_EMAILS = {
    "consultant": "consultant@a.test",
    "showroom_manager": "manager@a.test",
    "group_executive": "executive@a.test",
}

LISTS = """query($store: ID!, $owner: ID!, $lead: ID!, $phone: String!, $archiveNo: String!) {
  leads(first: 40) { nodes { id store { id } customer { id leads { id store { id } } } } }
  leadsOfStore: leads(filter: {storeId: $store}) { totalCount }
  leadsOfOwner: leads(filter: {ownerId: $owner}) { totalCount }
  leadsByPhone: leads(filter: {search: $phone}) { totalCount }
  leadsByArchiveNo: leads(filter: {search: $archiveNo}) { totalCount }
  customers(first: 40) { nodes { id store { id } leads { id store { id } } } }
  customersOfStore: customers(filter: {storeId: $store}) { totalCount }
  customersOfOwner: customers(filter: {ownerId: $owner}) { totalCount }
  customersByPhone: customers(filter: {search: $phone}) { totalCount }
  customersByArchiveNo: customers(filter: {search: $archiveNo}) { totalCount }
  followUps(first: 100) { nodes { id leadId } }
  followUpsOfLead: followUps(filter: {leadId: $lead}) { totalCount }
  followUpsOfStore: followUps(filter: {storeId: $store}) { totalCount }
  followUpsOfUser: followUps(filter: {userId: $owner}) { totalCount }
}"""


def _filtered_counts(data: dict) -> dict[str, int]:
    return {key: value["totalCount"] for key, value in data.items() if "totalCount" in value}


@pytest.mark.parametrize("actor", ACTOR_EMAILS)
async def test_crm_lists_and_nested_leads_show_nothing_of_another_group(
    api: Api, world: World, actor: str
) -> None:
    a, b = world.a, world.b
    aimed_at_b = {
        "store": b.store,
        "owner": b.consultant,
        "lead": b.lead,
        "phone": B_PHONES[0],
        "archiveNo": "B-1-0000",
    }
    data = await world.gql(ACTOR_EMAILS[actor], LISTS, aimed_at_b)

    assert _filtered_counts(data) == dict.fromkeys(_filtered_counts(data), 0)
    leads = data["leads"]["nodes"]
    customers = data["customers"]["nodes"]
    seen_leads = {n["id"] for n in leads} | {
        nested["id"] for c in customers + [n["customer"] for n in leads] for nested in c["leads"]
    }
    seen_customers = {n["id"] for n in customers} | {n["customer"]["id"] for n in leads}
    seen_stores = {n["store"]["id"] for n in leads + customers} | {
        nested["store"]["id"] for c in customers for nested in c["leads"]
    }
    assert a.leads <= seen_leads  # the consultant's own leads: every actor here sees them
    assert not seen_leads & b.leads
    assert not seen_customers & b.customers
    assert b.store not in seen_stores
    assert {n["leadId"] for n in data["followUps"]["nodes"]} == {a.lead}

    # The same filters aimed at group A's own rows do find something.
    own = await world.gql(
        ACTOR_EMAILS[actor],
        LISTS,
        {
            "store": a.store,
            "owner": a.consultant,
            "lead": a.lead,
            "phone": A_PHONES[0],
            "archiveNo": "A-1-0000",
        },
    )
    assert all(_filtered_counts(own).values()), _filtered_counts(own)


LOOKUPS = """query($lead: ID!, $orderLead: ID!, $lostLead: ID!, $customer: ID!, $spare: ID!,
    $lostCustomer: ID!) {
  lead(id: $lead) { id } orderLead: lead(id: $orderLead) { id } lostLead: lead(id: $lostLead) { id }
  customer(id: $customer) { id } spare: customer(id: $spare) { id }
  lostCustomer: customer(id: $lostCustomer) { id }
}"""


def _lookup_ids(seed: Seed) -> dict[str, str]:
    return {
        "lead": seed.lead,
        "orderLead": seed.order_lead,
        "lostLead": seed.lost_lead,
        "customer": seed.customer,
        "spare": seed.spare_customer,
        "lostCustomer": seed.lost_customer,
    }


@pytest.mark.parametrize("actor", ACTOR_EMAILS)
async def test_lookups_by_id_return_null_for_another_groups_leads_and_customers(
    api: Api, world: World, actor: str
) -> None:
    theirs = await world.gql(ACTOR_EMAILS[actor], LOOKUPS, _lookup_ids(world.b))
    assert theirs == dict.fromkeys(theirs, None)
    own = await world.gql(ACTOR_EMAILS[actor], LOOKUPS, _lookup_ids(world.a))
    assert {key: value["id"] for key, value in own.items()} == _lookup_ids(world.a)


async def test_a_phone_known_only_in_another_group_is_new_in_this_one(
    api: Api, world: World
) -> None:
    before = await world.state_of_b()
    created = await world.gql(
        "manager@a.test",
        """mutation($input: CreateLeadInput!) { createLead(input: $input) { __typename
            ... on LeadCreated { existingCustomer existingLead messages
                customer { archiveNo store { id } } lead { store { id } } } } }""",
        {
            "input": {
                "storeId": world.a.store,
                "customer": {"name": "Chen Jie", "phone": B_PHONES[0]},
                "sourceChannel": "PHONE_IN",
            }
        },
    )
    result = created["createLead"]
    assert result["__typename"] == "LeadCreated", result
    assert result["existingCustomer"] is False
    assert result["existingLead"] is False
    assert result["customer"]["archiveNo"].startswith("A-1-")
    assert result["customer"]["store"] == result["lead"]["store"] == {"id": world.a.store}

    archive = await world.gql(
        "manager@a.test",
        """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename
            ... on DuplicateCustomer { archiveNo } } }""",
        {
            "input": {
                "storeId": world.a.store,
                "customer": {"name": "Liu Yang", "phone": B_PHONES[1]},
            }
        },
    )
    assert archive["createCustomer"] == {"__typename": "Customer"}
    assert await world.state_of_b() == before


# --- 1. Cross-tenant writes --------------------------------------------------

ERROR_FIELDS = {
    "ValidationErrors": "errors { path message }",
    "NotFoundError": "resource id",
    "ForbiddenError": "message",
    "ConflictError": "message",
    "DuplicateCustomer": "message customerId archiveNo",
}
FULL = ("ValidationErrors", "NotFoundError", "ForbiddenError", "ConflictError")
NO_CONFLICT = ("ValidationErrors", "NotFoundError", "ForbiddenError")
CUSTOMER = (*FULL, "DuplicateCustomer")
REVEAL = ("NotFoundError", "ForbiddenError")


def not_found(resource: str, identifier: str) -> dict[str, Any]:
    return {"__typename": "NotFoundError", "resource": resource, "id": identifier}


def invalid(*paths: str) -> dict[str, Any]:
    return {"__typename": "ValidationErrors", "paths": list(paths)}


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    if result["__typename"] == "NotFoundError":
        return not_found(result["resource"], result["id"])
    if result["__typename"] == "ValidationErrors":
        return invalid(*(".".join(e["path"]) for e in result["errors"]))
    return result


@dataclass(frozen=True)
class Case:
    """One mutation aimed at another group. `build(target, own)` gives its input;
    `refused(b)` the result expected when the target is group B; `success` the
    result type when the same input targets the caller's own group.

    Another group's row is "not found"; another group's store given as the store
    to create in is a field error ("does not exist in your dealer group"), and so
    is another group's user given as owner. Neither says whether the id exists
    elsewhere."""

    name: str
    field: str
    input_type: str
    build: Callable[[Seed, Seed], dict[str, Any]]
    refused: Callable[[Seed], dict[str, Any]]
    success: str
    errors: tuple[str, ...] = FULL
    executive_may_call: bool = False

    @property
    def mutation(self) -> str:
        spreads = " ".join(f"... on {t} {{ {ERROR_FIELDS[t]} }}" for t in self.errors)
        return (
            f"mutation($input: {self.input_type}!) {{ {self.field}(input: $input) "
            f"{{ __typename {spreads} }} }}"
        )


NEW_CUSTOMER = {"name": "Zhou Xun", "phone": "13500001111"}

CASES = [
    Case(
        "createCustomer-in-B-store",
        "createCustomer",
        "CreateCustomerInput",
        lambda t, o: {"storeId": t.store, "customer": NEW_CUSTOMER},
        lambda b: invalid("input.storeId"),
        "Customer",
        CUSTOMER,
    ),
    Case(
        "createCustomer-owned-by-B-consultant",
        "createCustomer",
        "CreateCustomerInput",
        lambda t, o: {"storeId": o.store, "customer": NEW_CUSTOMER, "ownerId": t.consultant},
        lambda b: invalid("input.ownerId"),
        "Customer",
        CUSTOMER,
    ),
    Case(
        "updateCustomer-of-B",
        "updateCustomer",
        "UpdateCustomerInput",
        lambda t, o: {"customerId": t.customer, "customer": {"name": "Renamed", "city": "Hefei"}},
        lambda b: not_found("customer", b.customer),
        "Customer",
        CUSTOMER,
    ),
    Case(
        "setCustomerConsents-of-B",
        "setCustomerConsents",
        "SetCustomerConsentsInput",
        lambda t, o: {
            "customerId": t.customer,
            "marketing": True,
            "shareWithInsurers": True,
            "source": "signed form at showroom",
        },
        lambda b: not_found("customer", b.customer),
        "Customer",
        FULL,
    ),
    Case(
        "tagCustomer-of-B",
        "tagCustomer",
        "TagCustomerInput",
        lambda t, o: {"customerId": t.customer, "tag": "price sensitive", "kind": "DYNAMIC"},
        lambda b: not_found("customer", b.customer),
        "CustomerTag",
        NO_CONFLICT,
    ),
    Case(
        "untagCustomer-of-B",
        "untagCustomer",
        "UntagCustomerInput",
        lambda t, o: {"customerId": t.customer, "tag": "vip"},
        lambda b: not_found("customer", b.customer),
        "CustomerTag",
        NO_CONFLICT,
    ),
    Case(
        "revealCustomerPhone-of-B",
        "revealCustomerPhone",
        "RevealCustomerPhoneInput",
        lambda t, o: {"customerId": t.customer},
        lambda b: not_found("customer", b.customer),
        "RevealedPhone",
        REVEAL,
        executive_may_call=True,
    ),
    Case(
        "mergeCustomers-B-into-A",
        "mergeCustomers",
        "MergeCustomersInput",
        lambda t, o: {"keepId": o.customer, "mergeId": t.spare_customer, "reason": "same person"},
        lambda b: not_found("customer", b.spare_customer),
        "Customer",
        FULL,
    ),
    Case(
        "mergeCustomers-A-into-B",
        "mergeCustomers",
        "MergeCustomersInput",
        lambda t, o: {"keepId": t.customer, "mergeId": o.spare_customer, "reason": "same person"},
        lambda b: not_found("customer", b.customer),
        "Customer",
        FULL,
    ),
    Case(
        "createLead-in-B-store",
        "createLead",
        "CreateLeadInput",
        lambda t, o: {
            "storeId": t.store,
            "customer": NEW_CUSTOMER,
            "sourceChannel": "WALK_IN",
            "intentGrade": "H",
            "vehicleModelId": t.model,
        },
        lambda b: invalid("input.storeId"),
        "LeadCreated",
        NO_CONFLICT,
    ),
    Case(
        "createLead-owned-by-B-consultant",
        "createLead",
        "CreateLeadInput",
        lambda t, o: {
            "storeId": o.store,
            "customer": NEW_CUSTOMER,
            "sourceChannel": "WALK_IN",
            "ownerId": t.colleague,
        },
        lambda b: invalid("input.ownerId"),
        "LeadCreated",
        NO_CONFLICT,
    ),
    Case(
        "updateLead-of-B",
        "updateLead",
        "UpdateLeadInput",
        lambda t, o: {
            "leadId": t.lead,
            "intentGrade": "H",
            "stage": "NEEDS_ANALYSIS",
            "isImportant": True,
            "budgetMax": 300000,
            "reason": "hot",
        },
        lambda b: not_found("lead", b.lead),
        "Lead",
    ),
    Case(
        "assignLead-B-lead-to-B-colleague",
        "assignLead",
        "AssignLeadInput",
        lambda t, o: {"leadId": t.lead, "ownerId": t.colleague, "reason": "rebalancing"},
        lambda b: not_found("lead", b.lead),
        "Lead",
    ),
    Case(
        "assignLead-B-lead-to-A-consultant",
        "assignLead",
        "AssignLeadInput",
        lambda t, o: {"leadId": t.lead, "ownerId": o.colleague, "reason": "rebalancing"},
        lambda b: not_found("lead", b.lead),
        "Lead",
    ),
    Case(
        "assignLead-A-lead-to-B-consultant",
        "assignLead",
        "AssignLeadInput",
        lambda t, o: {"leadId": o.lead, "ownerId": t.colleague, "reason": "rebalancing"},
        lambda b: invalid("input.ownerId"),
        "Lead",
    ),
    Case(
        "requestLeadLost-of-B",
        "requestLeadLost",
        "RequestLeadLostInput",
        lambda t, o: {"leadId": t.lead, "reason": "PRICE", "note": "too expensive"},
        lambda b: not_found("lead", b.lead),
        "Lead",
    ),
    Case(
        "requestLeadLost-proposing-B-consultant",
        "requestLeadLost",
        "RequestLeadLostInput",
        lambda t, o: {"leadId": o.lead, "reason": "PRICE", "proposedOwnerId": t.colleague},
        lambda b: invalid("input.proposedOwnerId"),
        "Lead",
    ),
    Case(
        "decideLeadLost-of-B-applying-proposal",
        "decideLeadLost",
        "DecideLeadLostInput",
        lambda t, o: {"leadId": t.lost_lead, "approve": False, "note": "no", "applyProposal": True},
        lambda b: not_found("lead", b.lost_lead),
        "ValidationErrors",
    ),
    Case(
        "decideLeadLost-of-B",
        "decideLeadLost",
        "DecideLeadLostInput",
        lambda t, o: {"leadId": t.lost_lead, "approve": True, "note": "agreed"},
        lambda b: not_found("lead", b.lost_lead),
        "Lead",
    ),
    Case(
        "logFollowUp-on-B-lead",
        "logFollowUp",
        "LogFollowUpInput",
        lambda t, o: {
            "leadId": t.lead,
            "channel": "WECHAT",
            "content": "Sent the brochure",
            "intentGrade": "H",
            "stage": "NEGOTIATION",
            "nextFollowUpAt": _future(),
            "nextFollowUpReason": "price talk",
        },
        lambda b: not_found("lead", b.lead),
        "FollowUpLogged",
    ),
    Case(
        "scheduleTestDrive-on-B-lead",
        "scheduleTestDrive",
        "ScheduleTestDriveInput",
        lambda t, o: {"leadId": t.lead, "vehicleModelId": t.model, "scheduledAt": _future(4)},
        lambda b: not_found("lead", b.lead),
        "TestDrive",
    ),
    Case(
        "completeTestDrive-of-B",
        "completeTestDrive",
        "CompleteTestDriveInput",
        lambda t, o: {"testDriveId": t.test_drive, "outcome": "DONE", "feedback": "loved it"},
        lambda b: not_found("test drive", b.test_drive),
        "TestDrive",
    ),
    Case(
        "signOrder-on-B-lead",
        "signOrder",
        "SignOrderInput",
        lambda t, o: {
            "leadId": t.lead,
            "vehicleModelId": t.model,
            "price": "199000",
            "deposit": "5000",
            "paymentMethod": "LOAN",
        },
        lambda b: not_found("lead", b.lead),
        "Order",
    ),
    Case(
        "deliverOrder-of-B",
        "deliverOrder",
        "DeliverOrderInput",
        lambda t, o: {"orderId": t.order},
        lambda b: not_found("order", b.order),
        "Order",
    ),
    Case(
        "cancelOrder-of-B",
        "cancelOrder",
        "CancelOrderInput",
        lambda t, o: {"orderId": t.order, "reason": "changed mind"},
        lambda b: not_found("order", b.order),
        "Order",
    ),
    Case(
        "setProductLines-in-B-store",
        "setProductLines",
        "SetProductLinesInput",
        lambda t, o: {"storeId": t.store, "userId": t.consultant, "series": []},
        lambda b: not_found("store", b.store),
        "ProductLines",
        NO_CONFLICT,
    ),
    Case(
        "setProductLines-for-B-consultant",
        "setProductLines",
        "SetProductLinesInput",
        lambda t, o: {"storeId": o.store, "userId": t.consultant, "series": ["Aurora"]},
        lambda b: invalid("input.userId"),
        "ProductLines",
        NO_CONFLICT,
    ),
]


@pytest.mark.parametrize("actor", ["showroom_manager", "group_executive"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_group_a_cannot_change_group_b(
    api: Api, world: World, case: Case, actor: str
) -> None:
    email = ACTOR_EMAILS[actor]
    before = await world.state_of_b()
    attack = {"input": case.build(world.b, world.a)}

    if actor == "group_executive" and not case.executive_may_call:
        errors = await world.errors(email, case.mutation, attack)
        assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"], errors
    else:
        result = (await world.gql(email, case.mutation, attack))[case.field]
        assert _summary(result) == case.refused(world.b), result
    assert await world.state_of_b() == before

    if actor == "showroom_manager":
        # The same input aimed at group A's own rows works.
        own = {"input": case.build(world.a, world.a)}
        control = (await world.gql(email, case.mutation, own))[case.field]
        assert control["__typename"] == case.success, control
        assert await world.state_of_b() == before


# --- 2. Role visibility inside one group -------------------------------------

ROLE_VIEW = """{
  leads(first: 100) { nodes { id } }
  customers(first: 100) { nodes { id } }
  followUps(first: 100) { nodes { leadId } }
}"""
LOOKUP_ONE = """query($lead: ID!, $customer: ID!) {
  lead(id: $lead) { id } customer(id: $customer) { id } }"""
UPDATE_LEAD = """mutation($input: UpdateLeadInput!) { updateLead(input: $input) {
  __typename ... on Lead { intentGrade } ... on NotFoundError { resource id }
  ... on ForbiddenError { message } } }"""


def _ids(data: dict, field: str, key: str = "id") -> set[str]:
    return {n[key] for n in data[field]["nodes"]}


async def test_a_consultant_sees_only_own_leads_and_customers(api: Api, world: World) -> None:
    a = world.a
    mine = await world.gql("consultant@a.test", ROLE_VIEW)
    assert _ids(mine, "leads") == a.leads
    assert _ids(mine, "customers") == a.customers
    assert _ids(mine, "followUps", "leadId") == {a.lead}
    colleagues = await world.gql(
        "consultant@a.test",
        LOOKUP_ONE,
        {"lead": world.colleague_lead, "customer": world.colleague_customer},
    )
    assert colleagues == {"lead": None, "customer": None}
    update = await world.gql(
        "consultant@a.test",
        UPDATE_LEAD,
        {"input": {"leadId": world.colleague_lead, "intentGrade": "H"}},
    )
    assert update["updateLead"] == not_found("lead", world.colleague_lead)

    theirs = await world.gql("colleague@a.test", ROLE_VIEW)
    assert _ids(theirs, "leads") == {world.colleague_lead}
    assert _ids(theirs, "customers") == {world.colleague_customer}
    assert _ids(theirs, "followUps", "leadId") == set()


async def test_a_showroom_manager_sees_the_whole_store_but_not_another_store(
    api: Api, world: World
) -> None:
    a = world.a
    view = await world.gql("manager@a.test", ROLE_VIEW)
    assert _ids(view, "leads") == a.leads | {world.colleague_lead}
    assert _ids(view, "customers") == a.customers | {world.colleague_customer}
    assert _ids(view, "followUps", "leadId") == {a.lead}
    other_store = await world.gql(
        "manager@a.test", LOOKUP_ONE, {"lead": world.other_lead, "customer": world.other_customer}
    )
    assert other_store == {"lead": None, "customer": None}
    filtered = await world.gql(
        "manager@a.test",
        "query($s: ID!) { leads(filter: {storeId: $s}) { totalCount } }",
        {"s": world.store_a2},
    )
    assert filtered["leads"]["totalCount"] == 0

    refused = await world.gql(
        "manager@a.test", UPDATE_LEAD, {"input": {"leadId": world.other_lead, "intentGrade": "H"}}
    )
    assert refused["updateLead"] == not_found("lead", world.other_lead)
    allowed = await world.gql(
        "manager@a.test",
        UPDATE_LEAD,
        {"input": {"leadId": world.colleague_lead, "intentGrade": "H"}},
    )
    assert allowed["updateLead"] == {"__typename": "Lead", "intentGrade": "H"}


async def test_a_group_executive_sees_every_store_but_cannot_change_a_lead(
    api: Api, world: World
) -> None:
    a = world.a
    view = await world.gql("executive@a.test", ROLE_VIEW)
    assert _ids(view, "leads") == a.leads | {world.colleague_lead, world.other_lead}
    assert _ids(view, "customers") == a.customers | {
        world.colleague_customer,
        world.other_customer,
    }
    assert _ids(view, "followUps", "leadId") == {a.lead}

    errors = await world.errors(
        "executive@a.test", UPDATE_LEAD, {"input": {"leadId": a.lead, "intentGrade": "H"}}
    )
    assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"]
    assert "lead:update" in errors[0]["message"]
    lead = await world.gql(
        "executive@a.test",
        "query($id: ID!) { lead(id: $id) { intentGrade version } }",
        {"id": a.lead},
    )
    assert lead["lead"]["intentGrade"] == "A"


async def test_a_customer_admin_sees_the_stores_customers_but_no_leads(
    api: Api, world: World
) -> None:
    a = world.a
    view = await world.gql(
        "records@a.test", "{ customers(first: 100) { nodes { id leads { id } } } }"
    )
    assert _ids(view, "customers") == a.customers | {world.colleague_customer}
    assert all(n["leads"] == [] for n in view["customers"]["nodes"])
    for query, variables in (
        ("{ leads { totalCount } }", None),
        ("query($id: ID!) { lead(id: $id) { id } }", {"id": a.lead}),
    ):
        errors = await world.errors("records@a.test", query, variables)
        assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"]


PHONE = """query($id: ID!) { customer(id: $id) { phone phoneMasked } }"""
REVEAL_PHONE = """mutation($id: ID!) { revealCustomerPhone(input: {customerId: $id}) {
  __typename ... on RevealedPhone { customerId phone } ... on NotFoundError { resource id }
  ... on ForbiddenError { message } } }"""


async def test_the_phone_is_full_for_its_owner_and_masked_until_revealed_for_a_manager(
    api: Api, world: World
) -> None:
    customer = world.a.customer
    owner = await world.gql("consultant@a.test", PHONE, {"id": customer})
    assert owner["customer"] == {"phone": "+8613800138000", "phoneMasked": False}
    manager = await world.gql("manager@a.test", PHONE, {"id": customer})
    assert manager["customer"] == {"phone": "138****8000", "phoneMasked": True}
    listed = await world.gql("manager@a.test", "{ customers(first: 100) { nodes { phone } } }")
    assert "+8613800138000" not in {n["phone"] for n in listed["customers"]["nodes"]}

    revealed = await world.gql("manager@a.test", REVEAL_PHONE, {"id": customer})
    assert revealed["revealCustomerPhone"] == {
        "__typename": "RevealedPhone",
        "customerId": customer,
        "phone": "+8613800138000",
    }
    executive = await world.gql("executive@a.test", PHONE, {"id": customer})
    assert executive["customer"] == {"phone": "138****8000", "phoneMasked": True}
    refused = await world.gql("executive@a.test", REVEAL_PHONE, {"id": customer})
    assert refused["revealCustomerPhone"]["__typename"] == "ForbiddenError"
    hidden = await world.gql("colleague@a.test", REVEAL_PHONE, {"id": customer})
    assert hidden["revealCustomerPhone"] == not_found("customer", customer)


CUSTOMER_LEADS = """query($id: ID!) { customer(id: $id) { phone phoneMasked leads { id } } }"""


async def test_a_customers_leads_list_only_the_leads_the_viewer_may_see(
    api: Api, world: World
) -> None:
    a = world.a
    # A consultant of the second store takes in the same person: the lead joins
    # the existing customer archive of store A-1.
    store_a2 = world.stores[world.store_a2]
    intake = await make_lead(world.other_consultant, store_a2, phone=A_PHONES[0])
    assert intake.existing_customer
    assert _id(intake.customer) == a.customer
    second = _id(intake.lead)

    expected = {
        "consultant@a.test": {a.lead},
        "manager@a.test": {a.lead},
        "carl@a.test": {second},
        "executive@a.test": {a.lead, second},
    }
    for email, leads in expected.items():
        data = await world.gql(email, CUSTOMER_LEADS, {"id": a.customer})
        assert {lead["id"] for lead in data["customer"]["leads"]} == leads, email
    carl = await world.gql("carl@a.test", CUSTOMER_LEADS, {"id": a.customer})
    assert carl["customer"]["phoneMasked"] is True
