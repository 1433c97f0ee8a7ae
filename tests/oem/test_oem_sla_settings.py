"""The first-contact deadline belongs to the OEM: its distributor sets the
hours and the warning lead time through GraphQL (validated, audited, its own
OEM only), and each lead is judged against the values in force when it was
received, redistributed leads against those of their new receipt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.vocabulary import FollowUpChannel
from saas.models import DistributedLead, Notification, Oem, OemAuditEntry, User
from saas.oem.compliance import sla_compliance
from saas.oem.distribution import distribute
from saas.oem.jobs import sla_sweep
from saas.oem.returns import redistribute, return_to_oem
from saas.oem.types import LeadOrder, ReturnReason
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import actor_for, make_group, make_oem, make_store, make_user

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
READ = "{ oemSlaSettings { slaHours warnMinutes warnMinutesIsDefault } }"
SET = """mutation($input: SetOemSlaSettingsInput!) { setOemSlaSettings(input: $input) {
  __typename ... on OemSlaSettings { slaHours warnMinutes warnMinutesIsDefault }
  ... on ValidationErrors { errors { path message } } } }"""


@pytest.fixture
async def oems(settings):  # type: ignore[no-untyped-def]
    huaxia, nord = await make_oem("HUAXIA", ["Huaxia"]), await make_oem("NORD", ["Nordwind"])
    group = await make_group("EAST")
    sh = await make_store(group, "SH-1", brands=["Huaxia", "Nordwind"])
    hz = await make_store(group, "HZ-1", brands=["Huaxia"])
    for store, suffix in ((sh, "sh"), (hz, "hz")):
        await make_user(f"ann.{suffix}@east.test", group=group, role=Role.CONSULTANT, store=store)
        await make_user(
            f"boss.{suffix}@east.test", group=group, role=Role.SHOWROOM_MANAGER, store=store
        )
    await make_user("admin@east.test", group=group, role=Role.GROUP_ADMIN)
    desk = await make_user("desk@huaxia.test", oem=huaxia, role=Role.OEM_DISTRIBUTOR)
    nord_desk = await make_user("desk@nord.test", oem=nord, role=Role.OEM_DISTRIBUTOR)
    return huaxia, nord, group, sh, hz, desk, nord_desk


async def _set(api: Api, token: str, **values: Any) -> dict[str, Any]:
    return (await api.gql(SET, {"input": values}, token))["setOemSlaSettings"]  # type: ignore[no-any-return]


async def test_the_distributor_sets_its_oems_deadline_and_nobody_else_can(api: Api, oems) -> None:  # type: ignore[no-untyped-def]
    huaxia, nord, *_ = oems
    desk, nord_desk = await api.login("desk@huaxia.test"), await api.login("desk@nord.test")
    default = {"slaHours": 24, "warnMinutes": 120, "warnMinutesIsDefault": True}
    assert (await api.gql(READ, token=desk))["oemSlaSettings"] == default

    changed = await _set(api, desk, slaHours=8, warnMinutes=30)
    assert changed == {
        "__typename": "OemSlaSettings",
        "slaHours": 8,
        "warnMinutes": 30,
        "warnMinutesIsDefault": False,
    }
    assert (await api.gql(READ, token=desk))["oemSlaSettings"]["slaHours"] == 8
    # Another OEM keeps its own, and cannot see or change Huaxia's.
    assert (await api.gql(READ, token=nord_desk))["oemSlaSettings"] == default
    await _set(api, nord_desk, slaHours=48)
    assert (await api.gql(READ, token=desk))["oemSlaSettings"]["slaHours"] == 8
    async with system_transaction():
        stored = dict(await Oem.all().values_list("code", "sla_hours"))
        # An OEM acting on nothing of a dealer group's: its own audit table.
        entry = await OemAuditEntry.filter(operation="setOemSlaSettings", oem_id=huaxia.id).get()
    assert stored == {"HUAXIA": 8, "NORD": 48}
    assert entry.outcome == "OemSlaSettings"
    assert entry.details["changes"] == [  # type: ignore[index]
        {
            "table": "oem",
            "id": huaxia.id,
            "before": {"sla_hours": 24, "sla_warn_minutes": None},
            "after": {"sla_hours": 8, "sla_warn_minutes": 30},
        }
    ]

    # Dealer roles have no say in an OEM's deadline, nor a view of it.
    for email in ("admin@east.test", "boss.sh@east.test", "ann.sh@east.test"):
        token = await api.login(email)
        errors = await api.errors(SET, {"input": {"slaHours": 1}}, token)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
        assert (await api.errors(READ, token=token))[0]["extensions"]["code"] == "FORBIDDEN"
    assert (await api.gql(READ, token=desk))["oemSlaSettings"]["slaHours"] == 8


@pytest.mark.parametrize(
    ("values", "path", "words"),
    [
        ({"slaHours": 0}, ["input", "slaHours"], "from 1 to 720"),
        ({"slaHours": -5, "warnMinutes": 10}, ["input", "slaHours"], "whole hours"),
        ({"slaHours": 721}, ["input", "slaHours"], "from 1 to 720"),
        ({"slaHours": 8, "warnMinutes": 0}, ["input", "warnMinutes"], "at least 1 minute"),
        ({"slaHours": 8, "warnMinutes": 480}, ["input", "warnMinutes"], "under 480 minutes"),
        ({"slaHours": 1}, ["input", "warnMinutes"], "default warning lead time of 120"),
    ],
    ids=["zero-hours", "negative-hours", "over-30-days", "zero-warning", "warning-at-deadline",
         "default-warning-too-long"],
)  # fmt: skip
async def test_bad_settings_are_refused_and_nothing_changes(
    api: Api,
    oems,  # type: ignore[no-untyped-def]
    values: dict[str, int],
    path: list[str],
    words: str,
) -> None:
    desk = await api.login("desk@huaxia.test")
    await _set(api, desk, slaHours=12, warnMinutes=45)
    refused = await _set(api, desk, **values)
    assert refused["__typename"] == "ValidationErrors"
    assert [e["path"] for e in refused["errors"]] == [path]
    assert words in refused["errors"][0]["message"]
    assert (await api.gql(READ, token=desk))["oemSlaSettings"] == {
        "slaHours": 12,
        "warnMinutes": 45,
        "warnMinutesIsDefault": False,
    }


async def _send(
    oem_desk, ref: str, store_id: int, at: datetime, brand: str = "Huaxia"
) -> DistributedLead:  # type: ignore[no-untyped-def]
    actor = await actor_for(oem_desk)
    async with tenant_transaction(None, actor.oem_id):
        order = LeadOrder(
            ref, f"Customer {ref}", f"1370000{sum(map(ord, ref)):04d}", brand, store_id=store_id
        )
        return (await distribute(actor, order, now=at)).distributed  # fmt: skip


async def test_each_lead_keeps_the_deadline_in_force_when_it_was_received(api: Api, oems) -> None:  # type: ignore[no-untyped-def]
    huaxia, _, group, sh, _, desk, nord_desk = oems
    token = await api.login("desk@huaxia.test")
    await _set(api, token, slaHours=8, warnMinutes=30)
    early = await _send(desk, "E-1", sh.id, T0)
    other_oem = await _send(nord_desk, "N-1", sh.id, T0, brand="Nordwind")
    assert early.sla_due_at == T0 + timedelta(hours=8)
    assert early.sla_warn_at == T0 + timedelta(hours=7, minutes=30)
    assert other_oem.sla_due_at == T0 + timedelta(hours=24)  # NORD kept the default
    # Huaxia relaxes its deadline; leads it already sent keep theirs.
    await _set(api, token, slaHours=48)
    late = await _send(desk, "L-1", sh.id, T0 + timedelta(hours=1))
    assert late.sla_due_at == T0 + timedelta(hours=49)
    assert late.sla_warn_at == late.sla_due_at - timedelta(minutes=120)

    warned = await sla_sweep({}, now=(T0 + timedelta(hours=7, minutes=45)).isoformat())
    assert warned == {"warned": [early.id], "breached": [], "reassigned": []}
    breached = await sla_sweep({}, now=(T0 + timedelta(hours=8, minutes=1)).isoformat())
    assert breached["breached"] == [early.id]
    async with system_transaction():
        note = await Notification.filter(kind="sla_breach").get()
    assert note.title == "OEM lead missed its 8-hour first contact"

    # The late lead's first contact at 10 h meets its 48 hours; compliance
    # judges each lead by its own deadline.
    async with tenant_transaction(group.id):
        boss = await actor_for(await _user("boss.sh@east.test"))
        await log_follow_up(
            boss,
            NewFollowUp(late.lead_id, FollowUpChannel.PHONE, "called", happened_at=T0 + timedelta(hours=10),  # type: ignore[arg-type]
                        next_follow_up_at=T0 + timedelta(days=2), next_follow_up_reason="visit"),
            now=T0 + timedelta(hours=10),
        )  # fmt: skip
    async with tenant_transaction(None, huaxia.id):
        rows = await sla_compliance(await actor_for(desk), T0, T0 + timedelta(days=1), "store")
    assert [(r.total, r.met, r.breached) for r in rows] == [(2, 1, 1)]


async def test_a_redistributed_lead_gets_the_deadline_in_force_at_its_new_receipt(oems) -> None:  # type: ignore[no-untyped-def]
    huaxia, _, group, sh, hz, desk, _ = oems
    async with system_transaction():
        await Oem.filter(id=huaxia.id).update(sla_hours=8, sla_warn_minutes=30)
    sent = await _send(desk, "R-1", sh.id, T0)
    async with tenant_transaction(group.id):
        boss = await actor_for(await _user("boss.sh@east.test"))
        await return_to_oem(boss, sent.lead_id, ReturnReason.OUT_OF_AREA, "lives in Hangzhou")  # type: ignore[arg-type]
    async with system_transaction():
        await Oem.filter(id=huaxia.id).update(sla_hours=36, sla_warn_minutes=None)
    moved_at = T0 + timedelta(hours=3)
    async with tenant_transaction(None, huaxia.id):
        moved = await redistribute(await actor_for(desk), sent.id, hz.id, now=moved_at)
    assert moved.store_id == hz.id and moved.received_at == moved_at
    assert moved.sla_due_at == moved_at + timedelta(hours=36)
    assert moved.sla_warn_at == moved.sla_due_at - timedelta(minutes=120)


async def _user(email: str) -> User:
    async with system_transaction():
        return await User.get(email=email)
