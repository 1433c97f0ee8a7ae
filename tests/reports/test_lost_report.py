"""The lost-reason analysis: approved (lost) and refused (returned) lost
requests of a period grouped by reason, model, competitor brand, consultant
and stage reached, with shares and one row per decision; scoped by role,
filtered by store, consultant and period, and blind to other dealer groups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from saas.crm.leads import LeadChanges, decide_lost, request_lost, update_lead
from saas.crm.vocabulary import FunnelStage, LostReason
from saas.models import Lead, User, VehicleModel
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

GROUP = "key label lost returned lostPercent returnedPercent"
REPORT = f"""query($filter: LostLeadReportFilter) {{ lostLeadReport(filter: $filter) {{
    __typename
    ... on LostLeadReport {{ from to lost returned caseCount
        byReason {{ {GROUP} }} byVehicleModel {{ {GROUP} }} byCompetitorBrand {{ {GROUP} }}
        byConsultant {{ {GROUP} }} byStage {{ {GROUP} }}
        cases {{ leadId storeCode outcome decidedOn reason vehicleModel competitorBrand
                 competitorModel consultant stage }} }}
    ... on ValidationErrors {{ errors {{ path message }} }}
    ... on ForbiddenError {{ message }} }} }}"""

PHONES = iter(range(1, 1000))


@pytest.fixture
async def floor(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    sh = await make_store(group, "SH-1", brands=["Huaxia"])
    hz = await make_store(group, "HZ-1", city="Hangzhou", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=sh)
    bob = await make_user("bob@a.test", group=group, role=Role.CONSULTANT, store=sh)
    hal = await make_user("hal@a.test", group=group, role=Role.CONSULTANT, store=hz)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=sh)
    hzboss = await make_user("hzboss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=hz)
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    await make_user("clerk@a.test", group=group, role=Role.CUSTOMER_ADMIN, store=sh)
    aurora = await make_vehicle_model("Huaxia", "Aurora", "Aurora 2.0T")
    meridian = await make_vehicle_model("Huaxia", "Meridian", "Meridian 1.5T", "sedan")
    other = await make_group("GROUP-B")
    other_store = await make_store(other, "OT-1", brands=["Huaxia"])
    await make_user("rival@b.test", group=other, role=Role.SHOWROOM_MANAGER, store=other_store)
    return group, sh, hz, ann, bob, hal, boss, hzboss, aurora, meridian


async def _loss(
    owner: User,
    manager: User,
    store: Any,
    model: VehicleModel | None,
    reason: LostReason,
    *,
    approve: bool | None = True,
    stage: FunnelStage | None = None,
    brand: str | None = None,
    competitor_model: str | None = None,
    propose: User | None = None,
) -> Lead:
    """A lead of `owner` whose lost request the manager approves, refuses
    (approve False, applying the proposal when one was made) or has not
    decided yet (None)."""
    lead = (
        await make_lead(owner, store, phone=f"1390000{next(PHONES):04d}", vehicle_model=model)
    ).lead
    seller = await actor_for(owner)
    async with tenant_transaction(lead.tenant_id):
        if stage is not None:
            await update_lead(seller, lead.id, LeadChanges(stage=stage))
        await request_lost(
            seller,
            lead.id,
            reason,
            "",
            proposed_owner_id=propose.id if propose else None,
            competitor_brand=brand,
            competitor_model=competitor_model,
        )
    if approve is not None:
        async with tenant_transaction(lead.tenant_id):
            lead = await decide_lost(
                await actor_for(manager),
                lead.id,
                approve,
                "agreed" if approve else "one more offer",
                apply_proposal=propose is not None,
            )
    return lead


async def _report(api: Api, token: str, **filter: Any) -> dict[str, Any]:
    data = await api.gql(REPORT, {"filter": filter or None}, token)
    return data["lostLeadReport"]  # type: ignore[no-any-return]


def _groups(groups: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(g["label"], g["lost"], g["returned"], g["lostPercent"]) for g in groups]


async def test_decisions_are_grouped_by_each_dimension_with_shares(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, hz, ann, bob, hal, boss, hzboss, aurora, meridian = floor
    price = await _loss(ann, boss, sh, aurora, LostReason.PRICE)
    fjord = await _loss(
        ann,
        boss,
        sh,
        aurora,
        LostReason.BOUGHT_COMPETITOR,
        stage=FunnelStage.NEGOTIATION,
        brand="Nordwind",
        competitor_model="Fjord 2.0T AWD",
    )
    await _loss(bob, boss, sh, meridian, LostReason.BOUGHT_COMPETITOR, brand="Nordwind")
    # Refused and handed to ann: still bob's loss, at the stage it had reached.
    returned = await _loss(
        bob,
        boss,
        sh,
        meridian,
        LostReason.PRICE,
        approve=False,
        stage=FunnelStage.TEST_DRIVE,
        propose=ann,
    )
    assert returned.owner_id == ann.id
    await _loss(ann, boss, sh, None, LostReason.UNREACHABLE, approve=None)  # undecided
    await _loss(hal, hzboss, hz, aurora, LostReason.NO_LONGER_INTERESTED)

    report = await _report(api, await api.login("boss@a.test"))
    assert report["__typename"] == "LostLeadReport", report
    assert (report["from"], report["to"], report["lost"], report["returned"]) == (
        None,
        None,
        3,
        1,
    )
    assert _groups(report["byReason"]) == [
        ("bought competitor", 2, 0, 66.7),
        ("price", 1, 1, 33.3),
    ]
    assert [g["key"] for g in report["byReason"]] == ["bought_competitor", "price"]
    assert report["byReason"][1]["returnedPercent"] == 100.0
    assert _groups(report["byVehicleModel"]) == [
        ("Huaxia Aurora 2.0T", 2, 0, 66.7),
        ("Huaxia Meridian 1.5T", 1, 1, 33.3),
    ]
    assert report["byVehicleModel"][0]["key"] == gid(aurora)
    assert _groups(report["byCompetitorBrand"]) == [
        ("Nordwind", 2, 0, 66.7),
        ("no competitor named", 1, 1, 33.3),
    ]
    assert report["byCompetitorBrand"][1]["key"] is None
    assert _groups(report["byConsultant"]) == [("Ann", 2, 0, 66.7), ("Bob", 1, 1, 33.3)]
    assert report["byConsultant"][0]["key"] == gid(ann)
    assert _groups(report["byStage"]) == [
        ("first contact", 2, 0, 66.7),
        ("negotiation", 1, 0, 33.3),
        ("test drive", 0, 1, 0.0),
    ]
    # The flat breakdown: one row per decision, oldest first.
    assert report["caseCount"] == 4
    today = datetime.now(UTC).astimezone(ZoneInfo(sh.timezone)).date()
    assert [c["leadId"] for c in report["cases"]][:2] == [gid(price), gid(fjord)]
    assert report["cases"][1] == {
        "leadId": gid(fjord),
        "storeCode": "SH-1",
        "outcome": "LOST",
        "decidedOn": str(today),
        "reason": "BOUGHT_COMPETITOR",
        "vehicleModel": "Huaxia Aurora 2.0T",
        "competitorBrand": "Nordwind",
        "competitorModel": "Fjord 2.0T AWD",
        "consultant": "Ann",
        "stage": "NEGOTIATION",
    }
    assert report["cases"][3] | {"decidedOn": None} == {
        "leadId": gid(returned),
        "storeCode": "SH-1",
        "outcome": "RETURNED",
        "decidedOn": None,
        "reason": "PRICE",
        "vehicleModel": "Huaxia Meridian 1.5T",
        "competitorBrand": None,
        "competitorModel": None,
        "consultant": "Bob",
        "stage": "TEST_DRIVE",
    }


async def test_each_role_sees_its_own_rows_and_filters_narrow_them(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, hz, ann, bob, hal, boss, hzboss, aurora, _ = floor
    await _loss(ann, boss, sh, aurora, LostReason.PRICE)
    await _loss(bob, boss, sh, aurora, LostReason.PRICE, approve=False)
    await _loss(hal, hzboss, hz, aurora, LostReason.FINANCING_DECLINED)

    ann_t, boss_t, hz_t, exec_t = [
        await api.login(e) for e in ("ann@a.test", "boss@a.test", "hzboss@a.test", "exec@a.test")
    ]
    mine = await _report(api, ann_t)
    assert (mine["lost"], mine["returned"], _groups(mine["byConsultant"])) == (
        1,
        0,
        [("Ann", 1, 0, 100.0)],
    )
    assert ((await _report(api, boss_t))["lost"], (await _report(api, hz_t))["lost"]) == (1, 1)
    group_wide = await _report(api, exec_t)
    assert (group_wide["lost"], group_wide["returned"]) == (2, 1)
    assert {c["storeCode"] for c in group_wide["cases"]} == {"SH-1", "HZ-1"}

    by_store = await _report(api, exec_t, storeIds=[gid(hz)])
    assert _groups(by_store["byReason"]) == [("financing declined", 1, 0, 100.0)]
    by_bob = await _report(api, exec_t, consultantId=gid(bob))
    assert (by_bob["lost"], by_bob["returned"]) == (0, 1)
    # A manager asking for a store it may not see learns nothing about it.
    elsewhere = await _report(api, boss_t, storeIds=[gid(hz)])
    assert elsewhere["errors"] == [
        {
            "path": ["filter", "storeIds"],
            "message": f"store {hz.id} does not exist in your dealer group",
        }
    ]
    # A customer administrator has no lost-reason report.
    errors = await api.errors(REPORT, {}, await api.login("clerk@a.test"))
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_period_is_counted_in_store_local_days(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, _, _, boss, _, aurora, _ = floor
    await _loss(ann, boss, sh, aurora, LostReason.PRICE)
    boss_t = await api.login("boss@a.test")
    today = datetime.now(UTC).astimezone(ZoneInfo(sh.timezone)).date()
    covered = await _report(
        api, boss_t, **{"from": str(today), "to": str(today + timedelta(days=1))}
    )
    assert (covered["from"], covered["lost"]) == (str(today), 1)
    before = await _report(
        api, boss_t, **{"from": str(today - timedelta(days=7)), "to": str(today)}
    )
    assert before["lost"] == 0 and before["cases"] == []
    backwards = await _report(api, boss_t, **{"from": str(today), "to": str(today)})
    assert backwards["errors"] == [{"path": ["filter", "to"], "message": "must be after `from`"}]
    half = await _report(api, boss_t, **{"from": str(today)})
    assert half["errors"][0]["path"] == ["filter", "to"]


async def test_another_dealer_group_sees_nothing(api: Api, floor) -> None:  # type: ignore[no-untyped-def]
    _, sh, _, ann, _, _, boss, _, aurora, _ = floor
    await _loss(ann, boss, sh, aurora, LostReason.PRICE)
    rival = await api.login("rival@b.test")
    theirs = await _report(api, rival)
    assert (theirs["lost"], theirs["returned"], theirs["cases"]) == (0, 0, [])
    probing = await _report(api, rival, storeIds=[gid(sh)])
    assert probing["errors"][0]["path"] == ["filter", "storeIds"]
