"""Purchase potential beside the intent grade, and a credit rating for key
customers only: set over GraphQL, read on the customer, used as list filters,
kept in the customer's history and the audit log, invisible to other groups."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from saas.crm.repository import CustomerEventRepository, CustomerRepository, LeadRepository
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_lead, make_store, make_user

UPDATE = """mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) {
  __typename ... on Customer { purchasePotential version }
  ... on ValidationErrors { errors { path message } } } }"""
RATE = """mutation($input: RateCustomerCreditInput!) { rateCustomerCredit(input: $input) {
  __typename
  ... on Customer { creditRating { rating basis ratedOn ratedBy { email } } version }
  ... on ValidationErrors { errors { path message } }
  ... on NotFoundError { message }
  ... on ForbiddenError { message } } }"""
LIST = """query($filter: CustomerFilter) { customers(first: 20, filter: $filter) {
  nodes { name purchasePotential creditRating { rating } } } }"""


@pytest.fixture
async def showroom(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1")
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("admin@a.test", group=group, role=Role.CUSTOMER_ADMIN, store=store)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    await make_user("it@a.test", group=group, role=Role.GROUP_ADMIN)
    key = (await make_lead(ann, store, name="Li Lei", phone="13800138001")).customer
    plain = (await make_lead(ann, store, name="Han Meimei", phone="13800138002")).customer
    async with tenant_transaction(group.id):
        await CustomerRepository(group.id).query().filter(id=key.id).update(value_tier="A")
        await CustomerRepository(group.id).query().filter(id=plain.id).update(value_tier="C")
    return group, store, key, plain


def rate(customer: object, **over: object) -> dict[str, object]:
    given: dict[str, object] = {
        "customerId": gid(customer),
        "rating": "GOOD",
        "basis": "bank statement seen; owns his flat",
        "ratedOn": date.today().isoformat(),
    }
    return {"input": given | over}


async def test_a_consultant_judges_potential_and_rates_a_key_customer(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, key, plain = showroom
    ann = await api.login("ann@a.test")
    judged = await api.gql(
        UPDATE, {"input": {"customerId": gid(key), "customer": {"purchasePotential": "HIGH"}}}, ann
    )
    assert judged["updateCustomer"]["purchasePotential"] == "HIGH"
    rated = (await api.gql(RATE, rate(key), ann))["rateCustomerCredit"]
    assert rated["creditRating"] == {
        "rating": "GOOD",
        "basis": "bank statement seen; owns his flat",
        "ratedOn": date.today().isoformat(),
        "ratedBy": {"email": "ann@a.test"},
    }
    # Filters: by potential, by rating; customers not judged stay out.
    high = await api.gql(LIST, {"filter": {"purchasePotential": "HIGH"}}, ann)
    assert [n["name"] for n in high["customers"]["nodes"]] == ["Li Lei"]
    good = await api.gql(LIST, {"filter": {"creditRating": "GOOD"}}, ann)
    assert [n["name"] for n in good["customers"]["nodes"]] == ["Li Lei"]
    poor = await api.gql(LIST, {"filter": {"creditRating": "POOR"}}, ann)
    assert poor["customers"]["nodes"] == []
    # Clearing the potential: not judged again.
    cleared = await api.gql(
        UPDATE, {"input": {"customerId": gid(key), "customer": {"purchasePotential": None}}}, ann
    )
    assert cleared["updateCustomer"]["purchasePotential"] is None
    # History: the rating is a customer event; both changes are in the audit log.
    async with tenant_transaction(group.id):
        events = await CustomerEventRepository(group.id).query().filter(customer_id=key.id)
    rated_events = [e.data for e in events if e.kind == "credit_rated"]
    assert rated_events == [
        {
            "rating": "good",
            "basis": "bank statement seen; owns his flat",
            "rated_on": date.today().isoformat(),
        }
    ]
    admin = await api.login("it@a.test")
    log = (
        await api.gql(
            "{ auditLog(first: 20) { nodes { operation objectId details } } }", token=admin
        )
    )["auditLog"]["nodes"]
    rating_entry = next(e for e in log if e["operation"] == "rateCustomerCredit")
    change = next(
        c for c in json.loads(rating_entry["details"])["changes"] if c["table"] == "customer"
    )
    assert change["before"]["credit_rating"] is None and change["after"]["credit_rating"] == "good"
    potentials = [
        next(c for c in json.loads(e["details"])["changes"] if c["table"] == "customer")["after"]
        for e in log
        if e["operation"] == "updateCustomer"
    ]
    assert {"purchase_potential": "high"} in [
        {k: v for k, v in p.items() if k == "purchase_potential"} for p in potentials
    ]


async def test_only_key_customers_get_a_credit_rating(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, key, plain = showroom
    ann = await api.login("ann@a.test")
    refused = (await api.gql(RATE, rate(plain), ann))["rateCustomerCredit"]
    assert refused["__typename"] == "ValidationErrors"
    [error] = refused["errors"]
    assert error["path"] == ["input", "customerId"]
    assert "only key customers" in error["message"] and "value tier: C" in error["message"]
    # An open lead marked important makes the customer a key customer.
    async with tenant_transaction(group.id):
        await (
            LeadRepository(group.id).query().filter(customer_id=plain.id).update(is_important=True)
        )
    assert (await api.gql(RATE, rate(plain), ann))["rateCustomerCredit"]["__typename"] == "Customer"


async def test_a_rating_needs_a_basis_and_a_date_not_in_the_future(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, key, plain = showroom
    ann = await api.login("ann@a.test")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    refused = (await api.gql(RATE, rate(key, basis="  ", ratedOn=tomorrow), ann))[
        "rateCustomerCredit"
    ]
    assert refused["__typename"] == "ValidationErrors"
    assert sorted((e["path"][-1], e["message"]) for e in refused["errors"]) == [
        ("basis", "say what the rating is based on"),
        ("ratedOn", "cannot be in the future"),
    ]
    wrong = await api.errors(
        UPDATE, {"input": {"customerId": gid(key), "customer": {"purchasePotential": "HUGE"}}}, ann
    )
    assert "HUGE" in wrong[0]["message"]
    async with tenant_transaction(group.id):
        stored = await CustomerRepository(group.id).get(key.id)
    assert stored.credit_rating is None and stored.credit_rated_by_id is None


async def test_permissions_follow_customer_updates(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, key, plain = showroom
    # Another consultant's customer: not visible to bob.
    bob = (await api.gql(RATE, rate(key), await api.login("bob@a.test")))["rateCustomerCredit"]
    assert bob["__typename"] in ("NotFoundError", "ForbiddenError")
    # The group executive reads but does not change customers.
    errors = await api.errors(RATE, rate(key), await api.login("exec@a.test"))
    assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"]
    # The store's customer admin may.
    admin = await api.gql(RATE, rate(key, rating="EXCELLENT"), await api.login("admin@a.test"))
    assert admin["rateCustomerCredit"]["creditRating"]["rating"] == "EXCELLENT"
    assert admin["rateCustomerCredit"]["creditRating"]["ratedBy"] == {"email": "admin@a.test"}


async def test_another_dealer_group_sees_and_changes_nothing(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, key, plain = showroom
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "BJ-1")
    await make_user("zed@b.test", group=other, role=Role.CUSTOMER_ADMIN, store=other_store)
    zed = await api.login("zed@b.test")
    ann = await api.login("ann@a.test")
    await api.gql(RATE, rate(key), ann)
    await api.gql(
        UPDATE, {"input": {"customerId": gid(key), "customer": {"purchasePotential": "LOW"}}}, ann
    )
    refused = (await api.gql(RATE, rate(key, rating="POOR"), zed))["rateCustomerCredit"]
    assert refused["__typename"] == "NotFoundError"
    updated = await api.post(
        UPDATE, {"input": {"customerId": gid(key), "customer": {"purchasePotential": "HIGH"}}}, zed
    )
    assert updated.json()["data"]["updateCustomer"]["__typename"] == "NotFoundError"
    for f in ({"purchasePotential": "LOW"}, {"creditRating": "GOOD"}):
        seen = await api.gql(LIST, {"filter": f}, zed)
        assert seen["customers"]["nodes"] == []
    async with tenant_transaction(group.id):
        stored = await CustomerRepository(group.id).get(key.id)
    assert (stored.purchase_potential, stored.credit_rating) == ("low", "good")


REPORT = """query($s: ID!) { tierPotentialReport(storeId: $s) { __typename
  ... on TierPotentialReport { rows { valueTier customers high medium low notJudged creditRated } }
  ... on ValidationErrors { errors { path message } } } }"""


async def test_the_tier_report_counts_purchase_potential_per_tier(api: Api, showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, key, plain = showroom
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    cal = await make_user("cal@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_lead(cal, store, name="Zhao Lei", phone="13800138003")  # not classified yet
    ann = await api.login("ann@a.test")
    for customer, potential in ((key, "HIGH"), (plain, "LOW")):
        await api.gql(
            UPDATE,
            {"input": {"customerId": gid(customer), "customer": {"purchasePotential": potential}}},
            ann,
        )
    await api.gql(RATE, rate(key), ann)
    boss = await api.login("boss@a.test")
    rows = (await api.gql(REPORT, {"s": gid(store)}, boss))["tierPotentialReport"]["rows"]
    assert rows == [
        {"valueTier": "A", "customers": 1, "high": 1, "medium": 0, "low": 0, "notJudged": 0,
         "creditRated": 1},
        {"valueTier": "B", "customers": 0, "high": 0, "medium": 0, "low": 0, "notJudged": 0,
         "creditRated": 0},
        {"valueTier": "C", "customers": 1, "high": 0, "medium": 0, "low": 1, "notJudged": 0,
         "creditRated": 0},
        {"valueTier": None, "customers": 1, "high": 0, "medium": 0, "low": 0, "notJudged": 1,
         "creditRated": 0},
    ]  # fmt: skip
    # Consultants do not read reports; another dealer group does not find the store.
    errors = await api.errors(REPORT, {"s": gid(store)}, ann)
    assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"]
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "BJ-1")
    await make_user("zed@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    zed = await api.login("zed@b.test")
    foreign = (await api.gql(REPORT, {"s": gid(store)}, zed))["tierPotentialReport"]
    assert foreign["__typename"] == "ValidationErrors"
    assert [e["path"] for e in foreign["errors"]] == [["storeId"]]
    own = (await api.gql(REPORT, {"s": gid(other_store)}, zed))["tierPotentialReport"]["rows"]
    assert sum(r["customers"] for r in own) == 0


async def test_the_lead_list_filters_by_the_customers_purchase_potential(
    api: Api, showroom
) -> None:  # type: ignore[no-untyped-def]
    group, _, key, plain = showroom
    async with tenant_transaction(group.id):
        customers = CustomerRepository(group.id)
        await customers.query().filter(id=key.id).update(purchase_potential="high")
        await customers.query().filter(id=plain.id).update(purchase_potential="low")
    leads = """query($filter: LeadFilter) { leads(first: 20, filter: $filter) {
      nodes { customer { name purchasePotential } } } }"""
    ann = await api.login("ann@a.test")
    for potential, names in (("HIGH", ["Li Lei"]), ("LOW", ["Han Meimei"]), ("MEDIUM", [])):
        data = await api.gql(leads, {"filter": {"purchasePotential": potential}}, ann)
        assert [n["customer"]["name"] for n in data["leads"]["nodes"]] == names, potential
        assert all(n["customer"]["purchasePotential"] == potential for n in data["leads"]["nodes"])
    # Another consultant of the store sees none of ann's leads, whatever the potential.
    bob = await api.login("bob@a.test")
    data = await api.gql(leads, {"filter": {"purchasePotential": "HIGH"}}, bob)
    assert data["leads"]["nodes"] == []
