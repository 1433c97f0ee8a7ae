"""The audit log: every mutation, with before/after of changed fields, in the
same transaction; visible to the group's admins only; impossible to change."""

from __future__ import annotations

import json
from dataclasses import dataclass

import asyncpg
import pytest
from tortoise.exceptions import OperationalError

from saas import audit
from saas.models import AuditEntry, OemAuditEntry, PlatformAuditEntry
from saas.models.audit import AUDIT_TABLES
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import OWNER, Api
from tests.factories import gid, make_group, make_lead, make_oem, make_store, make_user


async def test_mutations_are_audited_with_changes_and_request_id(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group)
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    lead = (await make_lead(ann, store, grade="N")).lead
    token = await api.login("ann@a.test")
    response = await api.post(
        'mutation($l: ID!) { updateLead(input: {leadId: $l, intentGrade: H, reason: "ready"}) { __typename } }',
        {"l": gid(lead)}, token,
    )  # fmt: skip
    rid = response.headers["x-request-id"]
    refused = await api.gql(
        "mutation($l: ID!) { updateLead(input: {leadId: $l, stage: CONTRACT}) { __typename } }",
        {"l": gid(lead)},
        token,
    )
    assert refused["updateLead"]["__typename"] == "ValidationErrors"
    admin = await api.login("admin@a.test")
    log = (
        await api.gql(
            "{ auditLog(first: 10) { nodes { operation outcome actorId objectId details requestId } } }",
            token=admin,
        )
    )["auditLog"]["nodes"]
    update = next(e for e in log if e["operation"] == "updateLead" and e["outcome"] == "Lead")
    assert (
        update["actorId"] == gid(ann)
        and update["objectId"] == gid(lead)
        and update["requestId"] == rid
    )
    changes = json.loads(update["details"])["changes"]
    lead_change = next(c for c in changes if c["table"] == "lead")
    assert lead_change["id"] == lead.id
    assert (lead_change["before"]["intent_grade"], lead_change["after"]["intent_grade"]) == (
        "N",
        "H",
    )
    assert "due_at" in lead_change["after"]  # the cadence moved with the grade
    assert any(c["table"] == "lead_event" for c in changes)
    failed = next(e for e in log if e["outcome"] == "ValidationErrors")
    assert "changes" not in json.loads(failed["details"])
    logins = [e for e in log if e["operation"] == "login"]
    assert logins == []  # anonymous entries are not shown to any group
    async with system_transaction():
        # An anonymous caller's entry: of nobody, in the platform's log.
        login = await PlatformAuditEntry.filter(operation="login").first()
        assert not await AuditEntry.filter(operation="login").exists()
    assert (
        login is not None
        and json.loads(json.dumps(login.details))["input"]["input"]["password"] == "[hidden]"
    )


async def test_other_groups_see_nothing_and_nobody_can_change_it(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    a, b = await make_group("GROUP-A"), await make_group("GROUP-B")
    await make_user("admin@a.test", group=a, role=Role.GROUP_ADMIN)
    await make_user("admin@b.test", group=b, role=Role.GROUP_ADMIN)
    token_a = await api.login("admin@a.test")
    await api.gql(
        'mutation { createStore(input: {code: "A-9", name: "x", region: "r", city: "c"}) { __typename } }',
        token=token_a,
    )
    token_b = await api.login("admin@b.test")
    assert (await api.gql("{ auditLog { totalCount } }", token=token_b))["auditLog"][
        "totalCount"
    ] == 0
    assert (await api.gql("{ auditLog { totalCount } }", token=token_a))["auditLog"][
        "totalCount"
    ] == 1
    async with system_transaction():
        entry = await AuditEntry.filter(operation="createStore").first()
    assert entry is not None
    # The application's role may only read and append ...
    with pytest.raises(Exception, match="permission denied"):
        async with system_transaction():
            await AuditEntry.filter(id=entry.id).update(outcome="tampered")
    with pytest.raises(Exception, match="permission denied"):
        async with system_transaction():
            await AuditEntry.filter(id=entry.id).delete()
    # ... the same in the OEMs' and the platform's logs (the logins are there) ...
    oem = await make_oem()
    async with tenant_transaction(None, oem.id):
        await audit.write("distributeLeads", "DistributionResult", actor=OemActor(oem.id))
    for model in (OemAuditEntry, PlatformAuditEntry):
        async with system_transaction():
            entry = await model.all().first()
        assert entry is not None, model
        for change in ({"outcome": "tampered"}, None):
            with pytest.raises(Exception, match="permission denied"):
                async with system_transaction():
                    query = model.filter(id=entry.id)
                    await (query.update(**change) if change else query.delete())
    # ... and even the role owning the tables is refused by the trigger.
    for table in AUDIT_TABLES:
        for statement in (f"UPDATE {table} SET outcome = 'tampered'", f"DELETE FROM {table}"):
            with pytest.raises(asyncpg.RaiseError, match="cannot be changed"):
                async with OWNER[0].transaction():
                    await OWNER[0].execute("SELECT set_config('app.system_scope', 'on', true)")
                    await OWNER[0].execute(statement)


@dataclass
class OemActor:
    """An OEM's caller, as the audit log reads one."""

    oem_id: int
    id: int = 0
    tenant_id: None = None


async def test_an_oems_entries_are_its_own(settings) -> None:  # type: ignore[no-untyped-def]
    """An OEM's entries go to its log, which row-level security shows to that
    OEM only; a dealer group sees none of them, and none land in its log."""
    a, b = await make_oem("OEM-A"), await make_oem("OEM-B")
    for oem in (a, b):
        async with tenant_transaction(None, oem.id):  # as the OEM's request
            await audit.write("distributeLeads", "DistributionResult", actor=OemActor(oem.id))
    async with tenant_transaction(None, a.id):
        mine = await OemAuditEntry.all().values_list("oem_id", flat=True)
        # An OEM may append only its own entries.
        with pytest.raises(OperationalError, match="row-level security"):
            await OemAuditEntry.create(oem_id=b.id, operation="x", outcome="y")
    assert mine == [a.id]
    group = await make_group()
    async with tenant_transaction(group.id):
        assert await OemAuditEntry.all().count() == 0
    async with system_transaction():
        assert await OemAuditEntry.all().count() == 2
        assert await AuditEntry.all().count() == 0


def test_every_mutation_field_is_audited() -> None:
    from saas.audit import Audited
    from saas.schema import Mutation, build_schema

    build_schema()
    missing = [
        field.python_name
        for field in Mutation.__strawberry_definition__.fields  # type: ignore[attr-defined]
        if not any(isinstance(extension, Audited) for extension in field.extensions)
    ]
    assert missing == []
