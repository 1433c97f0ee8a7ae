"""OEM lead distribution: idempotent references, routing, the brand check, the
24-hour clock, the OEM's privacy-limited view, returns and redistribution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.repository import CustomerRepository, LeadRepository
from saas.crm.vocabulary import FollowUpChannel
from saas.models import DistributedLead, SlaEvent
from saas.oem.compliance import sla_compliance
from saas.oem.distribution import distribute
from saas.oem.types import LeadOrder
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, gid, make_group, make_oem, make_store, make_user, pk

DISTRIBUTE = """mutation($input: DistributeLeadInput!) { distributeLead(input: $input) {
  __typename ... on LeadDistributed { created distributedLead { id storeCode slaOutcome slaDueAt phoneMasked } }
  ... on ValidationErrors { errors { path message } } } }"""


@pytest.fixture
async def network(settings):  # type: ignore[no-untyped-def]
    oem = await make_oem("HUAXIA", ["Huaxia", "Huaxia EV"])
    east, south = await make_group("EAST"), await make_group("SOUTH")
    sh = await make_store(east, "SH-1", city="Shanghai", region="East China", brands=["Huaxia"])
    sh2 = await make_store(
        east, "SH-2", city="Shanghai", region="East China", brands=["Huaxia", "Huaxia EV"]
    )
    hz = await make_store(east, "HZ-1", city="Hangzhou", region="East China", brands=["Nordwind"])
    gz = await make_store(south, "GZ-1", city="Guangzhou", region="South China", brands=["Huaxia"])
    for store, email in ((sh, "ann@east.test"), (sh2, "amy@east.test"), (gz, "guo@south.test")):
        group = east if store.tenant_id == east.id else south
        await make_user(email, group=group, role=Role.CONSULTANT, store=store)
        await make_user(f"boss.{email}", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    desk = await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    return oem, east, south, sh, sh2, hz, gz, desk


def _lead(ref: str, **extra: object) -> dict:
    return {
        "externalRef": ref,
        "customerName": "Zhao Lei",
        "phone": "13700001111",
        "brand": "Huaxia",
    } | extra


async def test_resending_a_reference_returns_the_first_lead(api: Api, network) -> None:  # type: ignore[no-untyped-def]
    _, east, _, sh, *_ = network
    token = await api.login("desk@huaxia.test")
    first = (await api.gql(DISTRIBUTE, {"input": _lead("HX-1", storeId=gid(sh))}, token))[
        "distributeLead"
    ]
    again = (await api.gql(DISTRIBUTE, {"input": _lead("HX-1", storeId=gid(sh))}, token))[
        "distributeLead"
    ]
    assert first["created"] is True and again["created"] is False
    assert first["distributedLead"]["id"] == again["distributedLead"]["id"]
    assert first["distributedLead"]["phoneMasked"] == "137****1111"
    async with tenant_transaction(east.id):
        assert await LeadRepository(east.id).query().count() == 1


async def test_a_store_that_does_not_carry_the_brand_is_refused(api: Api, network) -> None:  # type: ignore[no-untyped-def]
    _, _, _, sh, _, hz, _, _ = network
    token = await api.login("desk@huaxia.test")
    refused = (
        await api.gql(
            DISTRIBUTE, {"input": _lead("HX-2", storeId=gid(sh), brand="Huaxia EV")}, token
        )
    )["distributeLead"]
    assert refused["errors"] == [
        {"path": ["input", "storeId"], "message": "SH-1 does not carry Huaxia EV"}
    ]
    # A store carrying none of the OEM's brands is not its franchisee: it answers
    # exactly as a missing store, without its code.
    foreign = (await api.gql(DISTRIBUTE, {"input": _lead("HX-2", storeId=gid(hz))}, token))[
        "distributeLead"
    ]
    missing = (
        await api.gql(DISTRIBUTE, {"input": _lead("HX-2", storeId=gid("Store", 999999))}, token)
    )["distributeLead"]
    assert foreign["errors"] == [
        {"path": ["input", "storeId"], "message": f"store {hz.id} does not exist"}
    ]
    assert missing["errors"] == [
        {"path": ["input", "storeId"], "message": "store 999999 does not exist"}
    ]
    other_brand = (
        await api.gql(
            DISTRIBUTE, {"input": _lead("HX-3", brand="Nordwind", city="Hangzhou")}, token
        )
    )["distributeLead"]
    assert other_brand["errors"][0]["path"] == ["input", "brand"]
    unknown = (await api.gql(DISTRIBUTE, {"input": _lead("HX-4", storeId="999999")}, token))[
        "distributeLead"
    ]
    assert unknown["errors"][0]["path"] == ["input", "storeId"]


async def test_routing_by_city_spreads_by_open_oem_leads(api: Api, network) -> None:  # type: ignore[no-untyped-def]
    _, _, _, sh, sh2, _, gz, _ = network
    token = await api.login("desk@huaxia.test")
    stores = []
    for i in range(4):
        result = (
            await api.gql(
                DISTRIBUTE,
                {"input": _lead(f"R-{i}", city="Shanghai", phone=f"1370000{i:04d}")},
                token,
            )
        )["distributeLead"]
        stores.append(result["distributedLead"]["storeCode"])
    assert stores == ["SH-1", "SH-2", "SH-1", "SH-2"]
    south = (
        await api.gql(
            DISTRIBUTE, {"input": _lead("R-9", region="South China", phone="13700009999")}, token
        )
    )["distributeLead"]
    assert south["distributedLead"]["storeCode"] == "GZ-1"
    ev = (
        await api.gql(
            DISTRIBUTE,
            {"input": _lead("R-10", brand="Huaxia EV", city="Shanghai", phone="13700009998")},
            token,
        )
    )["distributeLead"]
    assert ev["distributedLead"]["storeCode"] == "SH-2"
    nowhere = (await api.gql(DISTRIBUTE, {"input": _lead("R-11", city="Lhasa")}, token))[
        "distributeLead"
    ]
    assert nowhere["__typename"] == "ValidationErrors"


async def test_the_lead_lands_deduplicated_with_an_owner(network) -> None:  # type: ignore[no-untyped-def]
    oem, east, _, sh, *_, desk = network
    actor = await actor_for(desk)
    async with tenant_transaction(None, oem.id):
        one = await distribute(
            actor, LeadOrder("D-1", "Zhao Lei", "137 0000 1111", "Huaxia", store_id=sh.id)
        )
        two = await distribute(
            actor, LeadOrder("D-2", "Zhao L.", "+86 13700001111", "Huaxia", store_id=sh.id)
        )
    # The same customer with an open lead there: recorded as a duplicate, no second lead.
    assert two.distributed.status == "duplicate" and two.distributed.lead_id is None
    assert two.distributed.sla_outcome == "excluded"
    async with tenant_transaction(east.id):
        lead = await LeadRepository(east.id).get(one.distributed.lead_id)  # type: ignore[arg-type]
        customers = await CustomerRepository(east.id).query().count()
    assert lead is not None and lead.owner_id is not None and lead.is_distributed
    assert customers == 1
    assert one.distributed.assigned_at is not None


async def _worked(network, hours: float) -> DistributedLead:  # type: ignore[no-untyped-def]
    oem, east, _, sh, *_, desk = network
    t0 = datetime.now(UTC) - timedelta(hours=30)
    async with tenant_transaction(None, oem.id):
        sent = (
            await distribute(
                await actor_for(desk),
                LeadOrder(f"S-{hours}", "Zhao Lei", "13700001111", "Huaxia", store_id=sh.id),
                now=t0,
            )
        ).distributed
    ann = await actor_for(await _user("ann@east.test"))
    async with tenant_transaction(east.id):
        await log_follow_up(ann, NewFollowUp(sent.lead_id, FollowUpChannel.PHONE, "called back", happened_at=t0 + timedelta(hours=hours),
                                             next_follow_up_at=datetime.now(UTC) + timedelta(days=1), next_follow_up_reason="visit"),
                            now=t0 + timedelta(hours=hours))  # type: ignore[arg-type]  # fmt: skip
    async with system_transaction():
        return await DistributedLead.get(id=sent.id)


async def _user(email: str):  # type: ignore[no-untyped-def]
    from saas.models import User

    return await User.get(email=email)


async def test_a_first_contact_within_24_hours_meets_the_sla(network) -> None:  # type: ignore[no-untyped-def]
    row = await _worked(network, hours=3)
    assert row.sla_outcome == "met" and row.first_contact_at == row.received_at + timedelta(hours=3)
    async with system_transaction():
        kinds = (
            await SlaEvent.filter(distributed_lead_id=row.id)
            .order_by("id")
            .values_list("kind", flat=True)
        )
    assert kinds == ["received", "assigned", "first_contact"]


async def test_a_late_first_contact_is_a_breach(network) -> None:  # type: ignore[no-untyped-def]
    row = await _worked(network, hours=26)
    assert row.sla_outcome == "breached" and row.breached_at == row.sla_due_at


async def test_the_oem_view_shows_nothing_private_and_nothing_of_other_oems(
    api: Api, network
) -> None:  # type: ignore[no-untyped-def]
    oem, east, _, sh, *_ = network
    other = await make_oem("NORD", ["Nordwind"])
    await make_user("desk@nord.test", oem=other, role=Role.OEM_DISTRIBUTOR)
    huaxia, nord = await api.login("desk@huaxia.test"), await api.login("desk@nord.test")
    sent = (await api.gql(DISTRIBUTE, {"input": _lead("P-1", storeId=gid(sh))}, huaxia))[
        "distributeLead"
    ]
    view = await api.gql(
        "{ distributedLeads { totalCount nodes { externalRef storeCode phoneMasked statusGrade stage slaOutcome } } }",
        token=huaxia,
    )
    assert view["distributedLeads"]["nodes"] == [
        {
            "externalRef": "P-1",
            "storeCode": "SH-1",
            "phoneMasked": "137****1111",
            "statusGrade": "N",
            "stage": "first_contact",
            "slaOutcome": "PENDING",
        }
    ]
    assert (await api.gql("{ distributedLeads { totalCount } }", token=nord))["distributedLeads"][
        "totalCount"
    ] == 0
    lookup = await api.gql(
        "query($id: ID!) { distributedLead(id: $id) { externalRef } }",
        {"id": sent["distributedLead"]["id"]},
        nord,
    )
    assert lookup["distributedLead"] is None
    # The OEM has no way into the dealer's CRM.
    for query in (
        "{ leads { totalCount } }",
        "{ customers { totalCount } }",
        "{ followUps { totalCount } }",
    ):
        assert (await api.errors(query, token=huaxia))[0]["extensions"]["code"] == "FORBIDDEN"
    # And the dealer does not see the OEM's table rows of other dealers.
    schema_fields = await api.gql('{ __type(name: "DistributedLead") { fields { name } } }')
    names = {f["name"] for f in schema_fields["__type"]["fields"]}
    assert not names & {"phone", "content", "followUps", "customer", "notes"}


async def test_compliance_figures_on_a_known_set(network) -> None:  # type: ignore[no-untyped-def]
    oem, east, south, sh, sh2, _, gz, desk = network
    actor = await actor_for(desk)
    base = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    plan = [(sh, 1), (sh, 2), (sh, 30), (sh2, 4), (sh2, None), (gz, 10)]  # hours to first contact
    ids = []
    async with tenant_transaction(None, oem.id):
        for i, (store, _) in enumerate(plan):
            ids.append(
                (
                    await distribute(
                        actor,
                        LeadOrder(
                            f"C-{i}", "Zhao Lei", f"1370000{i:04d}", "Huaxia", store_id=store.id
                        ),
                        now=base,
                    )
                ).distributed
            )
    sellers = {sh.id: "ann@east.test", sh2.id: "amy@east.test", gz.id: "guo@south.test"}
    for row, (store, hours) in zip(ids, plan, strict=True):
        if hours is None:
            continue
        async with tenant_transaction(store.tenant_id):
            await log_follow_up(await actor_for(await _user(sellers[store.id])), NewFollowUp(row.lead_id, FollowUpChannel.PHONE, "call", happened_at=base + timedelta(hours=hours),
                                next_follow_up_at=datetime.now(UTC) + timedelta(days=1), next_follow_up_reason="visit"),
                                now=base + timedelta(hours=hours))  # type: ignore[arg-type]  # fmt: skip
    async with tenant_transaction(None, oem.id):
        by_store = await sla_compliance(
            actor, base - timedelta(days=1), base + timedelta(days=1), "store"
        )
        by_region = await sla_compliance(
            actor, base - timedelta(days=1), base + timedelta(days=1), "region"
        )
    summary = {
        r.key: (
            r.total,
            r.met,
            r.breached,
            r.pending,
            r.met_percent,
            r.median_minutes,
            r.p90_minutes,
        )
        for r in by_store
    }
    assert summary == {
        "GZ-1": (1, 1, 0, 0, 100.0, 600.0, 600.0),
        "SH-1": (3, 2, 1, 0, 66.7, 120.0, 1464.0),
        "SH-2": (2, 1, 0, 1, 100.0, 240.0, 240.0),
    }
    assert {r.key: (r.total, r.met, r.breached) for r in by_region} == {
        "East China": (5, 3, 1),
        "South China": (1, 1, 0),
    }


async def test_a_returned_lead_is_redistributed_elsewhere(api: Api, network) -> None:  # type: ignore[no-untyped-def]
    oem, east, south, sh, sh2, *_ = network
    desk = await api.login("desk@huaxia.test")
    sent = (await api.gql(DISTRIBUTE, {"input": _lead("B-1", storeId=gid(sh))}, desk))[
        "distributeLead"
    ]["distributedLead"]
    async with system_transaction():
        lead_id = (await DistributedLead.get(id=pk(sent["id"]))).lead_id
    boss = await api.login("boss.ann@east.test")
    returned = (await api.gql(
        'mutation($id: ID!) { returnLeadToOem(input: {leadId: $id, reason: OUT_OF_AREA, note: "lives in Guangzhou"}) { __typename ... on DistributedLead { status returnReason } } }',
        {"id": gid("Lead", lead_id)}, boss))["returnLeadToOem"]  # fmt: skip
    assert returned == {
        "__typename": "DistributedLead",
        "status": "RETURNED",
        "returnReason": "OUT_OF_AREA",
    }
    dealer_view = await api.gql(
        "query($id: ID!) { lead(id: $id) { status closedAt } }", {"id": gid("Lead", lead_id)}, boss
    )
    assert dealer_view["lead"]["status"] == "RETURNED"
    moved = (await api.gql(
        'mutation($id: ID!) { redistributeLead(input: {distributedLeadId: $id}) { __typename ... on DistributedLead { status storeCode slaOutcome } } }',
        {"id": sent["id"]}, desk))["redistributeLead"]  # fmt: skip
    assert moved == {
        "__typename": "DistributedLead",
        "status": "ACTIVE",
        "storeCode": "SH-2",
        "slaOutcome": "PENDING",
    }
    again = (
        await api.gql(
            "mutation($id: ID!) { redistributeLead(input: {distributedLeadId: $id}) { __typename } }",
            {"id": sent["id"]},
            desk,
        )
    )["redistributeLead"]
    assert again["__typename"] == "ConflictError"
    async with system_transaction():
        kinds = (
            await SlaEvent.filter(distributed_lead_id=pk(sent["id"]))
            .order_by("id")
            .values_list("kind", flat=True)
        )
    assert kinds == ["received", "assigned", "returned", "redistributed", "received", "assigned"]


async def test_bulk_distribution_reports_bad_rows_and_lands_good_ones(api: Api, network) -> None:  # type: ignore[no-untyped-def]
    _, east, _, sh, *_ = network
    desk = await api.login("desk@huaxia.test")
    rows = [_lead("K-1", storeId=gid(sh)), _lead("K-2", storeId=gid(sh), phone="123"),
            _lead("K-3", brand="Nordwind", storeId=gid(sh), phone="13700002222"),
            _lead("K-4", city="Shanghai", phone="13700003333"), _lead("", storeId=gid(sh), phone="13700004444")]  # fmt: skip
    result = (await api.gql(
        """mutation($input: DistributeLeadsInput!) { distributeLeads(input: $input) { __typename
            ... on LeadsDistributed { distributed { created distributedLead { externalRef } } errors { row externalRef path message } } } }""",
        {"input": {"leads": rows}}, desk))["distributeLeads"]  # fmt: skip
    assert [d["distributedLead"]["externalRef"] for d in result["distributed"]] == ["K-1", "K-4"]
    assert [(e["row"], e["path"]) for e in result["errors"]] == [
        (2, ["input", "leads", "1", "phone"]),
        (3, ["input", "leads", "2", "brand"]),
        (5, ["input", "leads", "4", "externalRef"]),
    ]


async def test_an_oem_integration_key_distributes_too(api: Api, network) -> None:  # type: ignore[no-untyped-def]
    oem, _, _, sh, *_ = network
    await make_user("ops@platform.test", role=Role.PLATFORM_ADMIN)
    ops = await api.login("ops@platform.test")
    key = (await api.gql(
        """mutation($oem: ID!) { createApiKey(input: {name: "lead feed", role: OEM_DISTRIBUTOR, oemId: $oem,
            scopes: ["distribution:create", "distribution:read"]}) { ... on CreatedApiKey { secret } } }""",
        {"oem": gid(oem)}, ops))["createApiKey"]["secret"]  # fmt: skip
    sent = (await api.gql(DISTRIBUTE, {"input": _lead("KEY-1", storeId=gid(sh))}, key))[
        "distributeLead"
    ]
    assert sent["created"] is True
    assert (await api.gql("{ distributedLeads { totalCount } }", token=key))["distributedLeads"][
        "totalCount"
    ] == 1
    # The key was narrowed: no compliance report.
    errors = await api.errors(
        '{ slaCompliance(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { key } }',
        token=key,
    )
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_dealers_and_other_oems_cannot_distribute_or_read_the_view(api: Api, network) -> None:  # type: ignore[no-untyped-def]
    *_, sh, _, _, _, _ = network
    dealer = await api.login("boss.ann@east.test")
    errors = await api.errors(DISTRIBUTE, {"input": _lead("X-1", storeId=gid(sh))}, dealer)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert (await api.errors("{ distributedLeads { totalCount } }", token=dealer))[0]["extensions"][
        "code"
    ] == "FORBIDDEN"


async def test_the_oem_learns_nothing_of_a_dealer_customer_it_did_not_send(network) -> None:  # type: ignore[no-untyped-def]
    oem, east, _, sh, *_, desk = network
    ann = await _user("ann@east.test")
    from tests.factories import make_lead

    walk_in = await make_lead(ann, sh, name="Dealer Private Name", phone="13700001111", grade="H")
    async with tenant_transaction(None, oem.id):
        sent = await distribute(
            await actor_for(desk),
            LeadOrder("PROBE", "Probe", "13700001111", "Huaxia", store_id=sh.id),
        )
    row = sent.distributed
    assert row.customer_name == "Probe" and row.lead_id is None and row.status_grade is None
    async with tenant_transaction(east.id):
        lead = await LeadRepository(east.id).get(walk_in.lead.id)
    assert lead is not None and not lead.is_distributed
