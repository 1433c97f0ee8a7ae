"""Partners and consented sharing: the group administrator keeps the group's
partners; a consultant hands a customer's data to a finance or insurance
partner only with the matching consent (refused and nothing written without
it, or once withdrawn), and every hand-off records exactly what went to whom,
when, by whom and on which consent; partners refer leads, and the referral
report follows them down the funnel. Roles, other stores, other groups."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.sales import NewOrder, complete_test_drive, schedule_test_drive, sign_order
from saas.crm.vocabulary import FollowUpChannel, PaymentMethod, TestDriveStatus
from saas.models import AuditEntry, Lead, User
from saas.tenancy.rls import tenant_transaction
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
)

PARTNER = "id kind name contactName contactPhone contactEmail isActive version"
ERRORS = """... on ValidationErrors { errors { path message } }
    ... on NotFoundError { message } ... on ForbiddenError { message }
    ... on ConflictError { message }"""
CREATE = f"""mutation($input: CreatePartnerInput!) {{ createPartner(input: $input) {{
    __typename ... on Partner {{ {PARTNER} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdatePartnerInput!) {{ updatePartner(input: $input) {{
    __typename ... on Partner {{ {PARTNER} }} {ERRORS} }} }}"""
PARTNERS = f"""query($filter: PartnerFilter) {{ partners(filter: $filter, first: 50) {{
    totalCount nodes {{ {PARTNER} }} }} }}"""
SHARE_FIELDS = """id customerId purpose fields sharedAt consent values { field value }
    partner { name kind } sharedBy { email } store { code }
    consentRecord { consent source recordedBy { email } }"""
SHARE = f"""mutation($input: ShareCustomerWithPartnerInput!) {{
    shareCustomerWithPartner(input: $input) {{ __typename
    ... on CustomerDataShare {{ {SHARE_FIELDS} }}
    ... on ConsentMissingError {{ message code consent withdrawnAt }} {ERRORS} }} }}"""
SHARES = f"""query($customer: ID!) {{ customerDataShares(customerId: $customer, first: 20) {{
    totalCount nodes {{ {SHARE_FIELDS} }} }} }}"""
CONSENTS = """mutation($input: SetCustomerConsentsInput!) { setCustomerConsents(input: $input) {
    __typename ... on Customer { consents { shareWithFinancePartners shareWithInsurers } } } }"""
HISTORY = """query($customer: ID!) { customerConsentHistory(customerId: $customer, first: 10) {
    nodes { consent granted source recordedBy { email } } } }"""
CREATE_LEAD = """mutation($input: CreateLeadInput!) { createLead(input: $input) { __typename
    ... on LeadCreated { existingLead messages lead { id sourceChannel referredByPartnerId } }
    ... on ValidationErrors { errors { path message } } } }"""
REPORT = """query($from: Date!, $to: Date!) { partnerReferralReport(from: $from, to: $to) {
    __typename ... on PartnerReferralReport { rows { partner { name } referred contacted
        testDriven ordered conversionPercent } }
    ... on ValidationErrors { errors { path message } } } }"""


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    hz = await make_store(group, "HZ-1", city="Hangzhou", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=sh)
    await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=sh)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=sh)
    await make_user("hzboss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=hz)
    await make_user("clerk@a.test", group=group, role=Role.CUSTOMER_ADMIN, store=sh)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    await make_user("it@a.test", group=group, role=Role.GROUP_ADMIN)
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "OT-1", brands=["Huaxia"])
    await make_user("rival@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    await make_user("rivalit@b.test", group=other, role=Role.GROUP_ADMIN)
    return group, sh, hz, ann, other_store


async def _run(api: Api, token: str, query: str, **variables: Any) -> dict[str, Any]:
    data = await api.gql(query, variables, token)
    return next(iter(data.values()))  # type: ignore[no-any-return]


async def _partners(api: Api) -> dict[str, str]:
    """A bank, an insurer and an estate agent of group A, by kind: their ids."""
    it = await api.login("it@a.test")
    ids = {}
    for kind, name in (
        ("BANK", "Bank of Pudong"),
        ("INSURANCE", "Anxin Insurance"),
        ("ALLIANCE_AGENT", "Lujiazui Homes"),
    ):
        made = await _run(api, it, CREATE, input={"kind": kind, "name": name})
        assert made["__typename"] == "Partner", made
        ids[kind] = made["id"]
    return ids


async def _audit(group_id: int, word: str) -> list[tuple[str, str]]:
    async with tenant_transaction(group_id):
        entries = await AuditEntry.filter(tenant_id=group_id, operation__contains=word)
    return sorted((e.operation, e.outcome) for e in entries)


async def test_the_group_administrator_keeps_the_partners(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, *_ = floor
    it = await api.login("it@a.test")
    bank = await _run(
        api,
        it,
        CREATE,
        input={
            "kind": "BANK",
            "name": "  Bank of Pudong ",
            "contactName": "Ms Qian",
            "contactPhone": "021 5888 0000",
            "contactEmail": "autoloans@bop.test",
        },
    )
    assert bank | {"id": None} == {
        "__typename": "Partner",
        "id": None,
        "kind": "BANK",
        "name": "Bank of Pudong",
        "contactName": "Ms Qian",
        "contactPhone": "021 5888 0000",
        "contactEmail": "autoloans@bop.test",
        "isActive": True,
        "version": 1,
    }
    twice = await _run(api, it, CREATE, input={"kind": "FINANCE", "name": "Bank of Pudong"})
    assert twice == {
        "__typename": "ConflictError",
        "message": "the group already has a partner named 'Bank of Pudong'",
    }
    bad = await _run(api, it, CREATE, input={"kind": "BANK", "name": " ", "contactEmail": "x"})
    assert bad["errors"] == [
        {"path": ["input", "name"], "message": "give the partner's name"},
        {"path": ["input", "contactEmail"], "message": "is not an e-mail address"},
    ]
    insurer = await _run(api, it, CREATE, input={"kind": "INSURANCE", "name": "Anxin Insurance"})

    # Deactivated, cleared contact; a stale version is a conflict.
    off = await _run(
        api, it, UPDATE, input={"partnerId": bank["id"], "active": False, "contactPhone": ""}
    )
    assert (off["isActive"], off["contactPhone"], off["version"]) == (False, None, 2)
    stale = await _run(
        api, it, UPDATE, input={"partnerId": bank["id"], "name": "BoP", "expectedVersion": 1}
    )
    assert stale["__typename"] == "ConflictError"
    taken = await _run(api, it, UPDATE, input={"partnerId": bank["id"], "name": "Anxin Insurance"})
    assert taken["__typename"] == "ConflictError"

    # Everyone of the group reads them; only the administrator changes them.
    for email in ("ann@a.test", "boss@a.test", "clerk@a.test", "exec@a.test"):
        token = await api.login(email)
        listed = await _run(api, token, PARTNERS, filter={"active": True})
        assert [n["name"] for n in listed["nodes"]] == ["Anxin Insurance"], email
        errors = await api.errors(CREATE, {"input": {"kind": "BANK", "name": "X"}}, token)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", email
    ann = await api.login("ann@a.test")
    assert (await _run(api, ann, PARTNERS, filter={"kind": "BANK"}))["totalCount"] == 1
    node = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": insurer["id"]}, ann)
    assert node == {"node": {"id": insurer["id"]}}

    assert await _audit(group.id, "Partner") == sorted(
        [
            ("createPartner", "Partner"),
            ("createPartner", "ConflictError"),
            ("createPartner", "ValidationErrors"),
            ("createPartner", "Partner"),
            ("updatePartner", "Partner"),
            ("updatePartner", "ConflictError"),
            ("updatePartner", "ConflictError"),
        ]
        + [("createPartner", "error")] * 4  # the refused attempts of the other roles
    )


async def _consent(api: Api, token: str, customer: str, **given: bool) -> None:
    result = await _run(
        api,
        token,
        CONSENTS,
        input={"customerId": customer, "source": "signed form at the showroom", **given},
    )
    assert result["__typename"] == "Customer", result


async def test_a_finance_hand_off_happens_only_with_consent(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    model = await make_vehicle_model(name="Aurora 2.0T Luxury")
    intake = await make_lead(ann, sh, name="Li Lei", phone="13900000001", vehicle_model=model)
    customer = gid(intake.customer)
    partners = await _partners(api)
    ann_t, boss_t = await api.login("ann@a.test"), await api.login("boss@a.test")
    loan = {
        "customerId": customer,
        "partnerId": partners["BANK"],
        "purpose": "LOAN_APPLICATION",
        "fields": ["NAME", "PHONE", "VEHICLE"],
    }

    # No consent yet: refused, naming the consent; nothing recorded.
    refused = await _run(api, ann_t, SHARE, input=loan)
    assert refused == {
        "__typename": "ConsentMissingError",
        "code": "CONSENT_MISSING",
        "consent": "SHARE_FINANCE",
        "withdrawnAt": None,
        "message": "the customer has not consented to sharing with finance partners (banks, "
        "finance companies): nothing was shared; record the customer's consent and how it was "
        "obtained (setCustomerConsents) first",
    }
    assert (await _run(api, boss_t, SHARES, customer=customer))["totalCount"] == 0

    # With the customer's agreement recorded, the hand-off goes ahead and says
    # exactly what went to whom, by whom, on which consent.
    await _consent(api, ann_t, customer, shareWithFinancePartners=True)
    share = await _run(api, ann_t, SHARE, input=loan | {"fields": ["PHONE", "NAME", "VEHICLE"]})
    assert share["__typename"] == "CustomerDataShare", share
    assert share | {"id": None, "sharedAt": None} == {
        "__typename": "CustomerDataShare",
        "id": None,
        "sharedAt": None,
        "customerId": customer,
        "purpose": "LOAN_APPLICATION",
        "fields": ["PHONE", "NAME", "VEHICLE"],
        "consent": "SHARE_FINANCE",
        "values": [
            {"field": "PHONE", "value": "+8613900000001"},
            {"field": "NAME", "value": "Li Lei"},
            {
                "field": "VEHICLE",
                "value": '{"model": "Aurora 2.0T Luxury", "brand": "Huaxia", "intended": true}',
            },
        ],
        "partner": {"name": "Bank of Pudong", "kind": "BANK"},
        "sharedBy": {"email": "ann@a.test"},
        "store": {"code": "SH-1"},
        "consentRecord": {
            "consent": "SHARE_FINANCE",
            "source": "signed form at the showroom",
            "recordedBy": {"email": "ann@a.test"},
        },
    }

    # Once ordered, VEHICLE is the order as signed.
    async with tenant_transaction(group.id):
        await sign_order(
            await actor_for(ann),
            NewOrder(intake.lead.id, model.id, Decimal("189900"), PaymentMethod.LOAN),
        )
    lease = loan | {"purpose": "LEASE_APPLICATION", "fields": ["VEHICLE"]}
    ordered = await _run(api, ann_t, SHARE, input=lease)
    assert '"price": "189900.00", "payment_method": "loan"' in ordered["values"][0]["value"]

    # The insurance consent is a separate one; the purpose decides the partner kind;
    # a field the record does not hold is named.
    quote = loan | {"partnerId": partners["INSURANCE"], "purpose": "INSURANCE_QUOTE"}
    insured = await _run(api, ann_t, SHARE, input=quote)
    assert (insured["__typename"], insured["consent"]) == ("ConsentMissingError", "SHARE_INSURANCE")
    wrong = await _run(api, ann_t, SHARE, input=loan | {"partnerId": partners["INSURANCE"]})
    assert wrong["errors"] == [
        {
            "path": ["input", "partnerId"],
            "message": "Anxin Insurance is an insurance partner; a loan application goes to a "
            "bank or finance partner",
        }
    ]
    agent = await _run(api, ann_t, SHARE, input=loan | {"partnerId": partners["ALLIANCE_AGENT"]})
    assert agent["errors"][0]["path"] == ["input", "partnerId"]
    missing = await _run(api, ann_t, SHARE, input=loan | {"fields": ["NAME", "BIRTHDAY"]})
    assert missing["errors"] == [
        {"path": ["input", "fields", "1"], "message": "the customer has no birthday recorded"}
    ]
    none = await _run(api, ann_t, SHARE, input=loan | {"fields": []})
    assert none["errors"][0]["path"] == ["input", "fields"]

    # Withdrawn: refused again, saying when; the earlier hand-offs stay on record.
    await _consent(api, ann_t, customer, shareWithFinancePartners=False)
    withdrawn = await _run(api, ann_t, SHARE, input=loan)
    assert withdrawn["__typename"] == "ConsentMissingError"
    assert withdrawn["withdrawnAt"] is not None
    assert "withdrew consent to sharing with finance partners" in withdrawn["message"]

    # Who recorded which consent when, and how it was obtained, newest first.
    history = await _run(api, boss_t, HISTORY, customer=customer)
    assert history["nodes"] == [
        {
            "consent": "SHARE_FINANCE",
            "granted": granted,
            "source": "signed form at the showroom",
            "recordedBy": {"email": "ann@a.test"},
        }
        for granted in (False, True)
    ]

    # The customer's record of sharing: the consultant and the store's manager.
    for token in (ann_t, boss_t):
        shares = await _run(api, token, SHARES, customer=customer)
        assert [s["purpose"] for s in shares["nodes"]] == [
            "LEASE_APPLICATION",
            "LOAN_APPLICATION",
        ]
    # The phone as sent shows to the customer's owner; masked for the manager, as elsewhere.
    phones = [
        (await _run(api, token, SHARES, customer=customer))["nodes"][1]["values"][0]
        for token in (ann_t, boss_t)
    ]
    assert phones == [
        {"field": "PHONE", "value": "+8613900000001"},
        {"field": "PHONE", "value": "139****0001"},
    ]
    assert await _audit(group.id, "shareCustomer") == sorted(
        [("shareCustomerWithPartner", "ConsentMissingError")] * 3
        + [("shareCustomerWithPartner", "CustomerDataShare")] * 2
        + [("shareCustomerWithPartner", "ValidationErrors")] * 4
    )
    # The audit entry names what was sent to whom; the values are kept once, on the share.
    # (The first share's entry, the loan application's: by id, as a table that
    # has held rows before returns them in no particular order.)
    async with tenant_transaction(group.id):
        done = (
            await AuditEntry.filter(
                tenant_id=group.id,
                operation="shareCustomerWithPartner",
                outcome="CustomerDataShare",
            )
            .order_by("id")
            .first()
        )
    assert done is not None
    written = json.dumps(done.details)
    assert '"fields_sent": ["phone", "name", "vehicle"]' in written
    assert "13900000001" not in written and "Li Lei" not in written


async def test_who_may_share_and_see_the_record(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, _ = floor
    intake = await make_lead(ann, sh, name="Li Lei", phone="13900000001")
    customer = gid(intake.customer)
    partners = await _partners(api)
    ann_t = await api.login("ann@a.test")
    await _consent(api, ann_t, customer, shareWithInsurers=True)
    quote = {
        "customerId": customer,
        "partnerId": partners["INSURANCE"],
        "purpose": "INSURANCE_QUOTE",
        "fields": ["NAME", "PHONE"],
    }
    share = await _run(api, ann_t, SHARE, input=quote)
    assert share["__typename"] == "CustomerDataShare"

    # Another consultant does not see ann's customer: shares nothing, sees no record.
    bob = await api.login("bob@a.test")
    assert (await _run(api, bob, SHARE, input=quote))["__typename"] == "NotFoundError"
    assert (await _run(api, bob, SHARES, customer=customer))["totalCount"] == 0
    assert (await _run(api, bob, HISTORY, customer=customer))["nodes"] == []
    node = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": share["id"]}, bob)
    assert node == {"node": None}
    # The other store's manager neither; the customer administrator, the executive
    # and the group administrator have no data_share permission at all.
    hz = await api.login("hzboss@a.test")
    assert (await _run(api, hz, SHARES, customer=customer))["totalCount"] == 0
    assert (await _run(api, hz, SHARE, input=quote))["__typename"] == "NotFoundError"
    for email in ("clerk@a.test", "exec@a.test", "it@a.test"):
        token = await api.login(email)
        errors = await api.errors(SHARE, {"input": quote}, token)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", email
        errors = await api.errors(SHARES, {"customer": customer}, token)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", email
    # The store's manager shares for any customer of the store.
    boss = await api.login("boss@a.test")
    assert (await _run(api, boss, SHARE, input=quote))["sharedBy"] == {"email": "boss@a.test"}
    # A deactivated partner receives nothing more.
    it = await api.login("it@a.test")
    await _run(api, it, UPDATE, input={"partnerId": partners["INSURANCE"], "active": False})
    gone = await _run(api, ann_t, SHARE, input=quote)
    assert gone["errors"] == [
        {
            "path": ["input", "partnerId"],
            "message": "Anxin Insurance is no longer an active partner",
        }
    ]


async def _contact(user: User, lead: Lead) -> None:
    at = datetime.now(UTC) - timedelta(minutes=5)
    async with tenant_transaction(lead.tenant_id):
        await log_follow_up(
            await actor_for(user),
            NewFollowUp(
                lead.id,
                FollowUpChannel.PHONE,
                "first call",
                happened_at=at,
                next_follow_up_at=at + timedelta(days=2),
                next_follow_up_reason="invite to a test drive",
            ),
            now=at,
        )


def _lead_input(store: str, phone: str, **more: object) -> dict[str, object]:
    return {
        "storeId": store,
        "customer": {"name": "Zhou Min", "phone": phone},
        "sourceChannel": "PARTNER_REFERRAL",
        **more,
    }


async def test_partner_referrals_are_a_lead_source_with_their_own_report(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, _ = floor
    model = await make_vehicle_model()
    partners = await _partners(api)
    agent = partners["ALLIANCE_AGENT"]
    ann_t, boss_t = await api.login("ann@a.test"), await api.login("boss@a.test")

    leads = []
    for phone in ("13900000011", "13900000012", "13900000013"):
        made = await _run(
            api, ann_t, CREATE_LEAD, input=_lead_input(gid(sh), phone, referredByPartnerId=agent)
        )
        assert made["lead"]["referredByPartnerId"] == agent, made
        leads.append(made["lead"]["id"])
    # A buyer already in the store's hands stays with its lead; the referral is not recorded.
    again = await _run(
        api,
        ann_t,
        CREATE_LEAD,
        input=_lead_input(gid(sh), "13900000011", referredByPartnerId=partners["BANK"]),
    )
    assert (again["existingLead"], again["lead"]["id"], again["lead"]["referredByPartnerId"]) == (
        True,
        leads[0],
        agent,
    )
    assert again["messages"][-1] == (
        "the open lead keeps its own source: the referral was not recorded"
    )
    bank_lead = await _run(
        api,
        ann_t,
        CREATE_LEAD,
        input=_lead_input(gid(sh), "13900000014", referredByPartnerId=partners["BANK"]),
    )
    assert bank_lead["__typename"] == "LeadCreated"
    walk_in = await _run(
        api,
        ann_t,
        CREATE_LEAD,
        input=_lead_input(gid(sh), "13900000015", referredByPartnerId=agent)
        | {"sourceChannel": "WALK_IN"},
    )
    assert walk_in["errors"] == [
        {
            "path": ["input", "referredByPartnerId"],
            "message": "a lead referred by a partner has the source channel PARTNER_REFERRAL",
        }
    ]

    # Down the funnel: all three contacted, two test-driven, one ordered.
    async with tenant_transaction(group.id):
        rows = {gid(r): r for r in await Lead.filter(tenant_id=group.id)}
    for lead_id in leads:
        await _contact(ann, rows[lead_id])
    actor = await actor_for(ann)
    async with tenant_transaction(group.id):
        for lead_id in leads[:2]:
            drive = await schedule_test_drive(
                actor, rows[lead_id].id, model.id, datetime.now(UTC) - timedelta(minutes=2)
            )
            await complete_test_drive(actor, drive.id, TestDriveStatus.DONE, "liked it")
        await sign_order(
            actor, NewOrder(rows[leads[0]].id, model.id, Decimal("150000"), PaymentMethod.CASH)
        )

    today = datetime.now(UTC).date()
    period = {"from": str(today - timedelta(days=1)), "to": str(today + timedelta(days=2))}
    report = await _run(api, boss_t, REPORT, **period)
    assert report["rows"] == [
        {
            "partner": {"name": "Lujiazui Homes"},
            "referred": 3,
            "contacted": 3,
            "testDriven": 2,
            "ordered": 1,
            "conversionPercent": 33.3,
        },
        {
            "partner": {"name": "Bank of Pudong"},
            "referred": 1,
            "contacted": 0,
            "testDriven": 0,
            "ordered": 0,
            "conversionPercent": 0.0,
        },
        {
            "partner": {"name": "Anxin Insurance"},
            "referred": 0,
            "contacted": 0,
            "testDriven": 0,
            "ordered": 0,
            "conversionPercent": None,
        },
    ]
    # The other store's manager reports on its own store only; an earlier period is empty.
    hz_rows = (await _run(api, await api.login("hzboss@a.test"), REPORT, **period))["rows"]
    assert [r["referred"] for r in hz_rows] == [0, 0, 0]
    before = {"from": str(today - timedelta(days=30)), "to": str(today - timedelta(days=2))}
    assert {r["referred"] for r in (await _run(api, boss_t, REPORT, **before))["rows"]} == {0}
    backwards = await _run(api, boss_t, REPORT, **{"from": period["to"], "to": period["from"]})
    assert backwards["errors"] == [{"path": ["to"], "message": "must be after `from`"}]
    errors = await api.errors(REPORT, period, ann_t)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"

    # A deactivated partner refers no new leads, and stays in the report for its past ones.
    it = await api.login("it@a.test")
    await _run(api, it, UPDATE, input={"partnerId": agent, "active": False})
    late = await _run(
        api,
        ann_t,
        CREATE_LEAD,
        input=_lead_input(gid(sh), "13900000016", referredByPartnerId=agent),
    )
    assert late["errors"] == [
        {
            "path": ["input", "referredByPartnerId"],
            "message": "Lujiazui Homes is no longer an active partner",
        }
    ]
    names = [r["partner"]["name"] for r in (await _run(api, boss_t, REPORT, **period))["rows"]]
    assert names == ["Lujiazui Homes", "Bank of Pudong", "Anxin Insurance"]


async def test_another_dealer_group_sees_and_changes_nothing(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    group, sh, _, ann, rival_store = floor
    intake = await make_lead(ann, sh, name="Li Lei", phone="13900000001")
    customer = gid(intake.customer)
    partners = await _partners(api)
    ann_t = await api.login("ann@a.test")
    await _consent(api, ann_t, customer, shareWithFinancePartners=True)
    loan = {
        "customerId": customer,
        "partnerId": partners["BANK"],
        "purpose": "LOAN_APPLICATION",
        "fields": ["NAME", "PHONE"],
    }
    share = await _run(api, ann_t, SHARE, input=loan)
    assert share["__typename"] == "CustomerDataShare"
    await _run(
        api,
        ann_t,
        CREATE_LEAD,
        input=_lead_input(gid(sh), "13900000021", referredByPartnerId=partners["ALLIANCE_AGENT"]),
    )

    rival, rival_it = await api.login("rival@b.test"), await api.login("rivalit@b.test")
    # Sees nothing of group A: no partners, no shares, no referrals, no nodes.
    assert (await _run(api, rival_it, PARTNERS))["totalCount"] == 0
    assert (await _run(api, rival, PARTNERS))["totalCount"] == 0
    assert (await _run(api, rival, SHARES, customer=customer))["totalCount"] == 0
    assert (await _run(api, rival, HISTORY, customer=customer))["nodes"] == []
    for node_id in (share["id"], partners["BANK"]):
        node = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": node_id}, rival)
        assert node == {"node": None}
    today = datetime.now(UTC).date()
    period = {"from": str(today - timedelta(days=1)), "to": str(today + timedelta(days=1))}
    assert (await _run(api, rival, REPORT, **period))["rows"] == []

    # Changes nothing: group A's partners and customers are not found.
    renamed = await _run(api, rival_it, UPDATE, input={"partnerId": partners["BANK"], "name": "X"})
    assert renamed["__typename"] == "NotFoundError"
    shared = await _run(api, rival, SHARE, input=loan)
    assert shared["__typename"] == "NotFoundError"
    # Its own partner does not take group A's customer either, nor group A's partner its lead.
    own = await _run(api, rival_it, CREATE, input={"kind": "BANK", "name": "Bank of Pudong"})
    assert own["__typename"] == "Partner"  # names are unique per group only
    assert (await _run(api, rival, SHARE, input=loan | {"partnerId": own["id"]}))[
        "__typename"
    ] == "NotFoundError"
    stolen = await _run(
        api,
        rival,
        CREATE_LEAD,
        input=_lead_input(gid(rival_store), "13900000022", referredByPartnerId=partners["BANK"]),
    )
    assert stolen["errors"][0]["path"] == ["input", "referredByPartnerId"]

    # Group A's records are as they were.
    it = await api.login("it@a.test")
    names = [n["name"] for n in (await _run(api, it, PARTNERS))["nodes"]]
    assert names == ["Bank of Pudong", "Anxin Insurance", "Lujiazui Homes"]
    assert (await _run(api, ann_t, SHARES, customer=customer))["totalCount"] == 1
    assert await _audit(group.id, "Partner") == sorted(
        [("createPartner", "Partner")] * 3 + [("shareCustomerWithPartner", "CustomerDataShare")]
    )
