"""Large imports: queued through the API, distributed by the job in chunks with
progress, resumable after a crash without duplicates."""

from __future__ import annotations

import pytest

from saas.models import DistributedLead, DistributionImport
from saas.oem import imports
from saas.oem.jobs import oem_import_leads
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import make_group, make_oem, make_store, make_user, pk

IMPORT = """mutation($input: ImportLeadsInput!) { importLeads(input: $input) {
  __typename ... on DistributionImport { id status total processed } } }"""
PROGRESS = """query($id: ID!) { distributionImport(id: $id) { status total processed landed failed
  progressPercent errors { row externalRef path message } } }"""


@pytest.fixture
async def desk(api: Api, settings, monkeypatch: pytest.MonkeyPatch) -> str:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(imports, "IMPORT_CHUNK", 25)
    oem = await make_oem("HUAXIA", ["Huaxia"])
    group = await make_group("EAST")
    store = await make_store(group, "SH-1", city="Shanghai", brands=["Huaxia"])
    await make_user("ann@east.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("desk@huaxia.test", oem=oem, role=Role.OEM_DISTRIBUTOR)
    return await api.login("desk@huaxia.test")


def _rows(n: int) -> list[dict]:
    rows = [{"externalRef": f"IMP-{i}", "customerName": f"Customer {i}", "phone": f"1370000{i:04d}",
             "brand": "Huaxia", "city": "Shanghai"} for i in range(n)]  # fmt: skip
    if n > 42:
        rows[7]["phone"] = "12"
        rows[42]["brand"] = "Nordwind"
    return rows


async def test_an_import_is_distributed_with_progress_and_row_errors(api: Api, desk: str) -> None:
    queued = (await api.gql(IMPORT, {"input": {"leads": _rows(60)}}, desk))["importLeads"]
    assert queued["__typename"] == "DistributionImport" and queued["total"] == 60
    await api.client._transport.app.state.jobs.drain()  # type: ignore[attr-defined]
    # Handed to the queue after commit; run it here as the worker would.
    await oem_import_leads({}, import_id=pk(queued["id"]))
    progress = (await api.gql(PROGRESS, {"id": queued["id"]}, desk))["distributionImport"]
    assert (
        progress["status"] == "done"
        and progress["processed"] == 60
        and progress["progressPercent"] == 100.0
    )
    assert (progress["landed"], progress["failed"]) == (58, 2)
    assert [(e["row"], e["externalRef"], e["path"][-1]) for e in progress["errors"]] == [
        (8, "IMP-7", "phone"),
        (43, "IMP-42", "brand"),
    ]


async def test_a_crashed_import_resumes_without_duplicates(
    api: Api, desk: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued = (await api.gql(IMPORT, {"input": {"leads": _rows(60)}}, desk))["importLeads"]
    real = imports.distribute_rows
    calls = {"n": 0}

    async def crash_on_second_chunk(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return await real(*args, **kwargs)

    monkeypatch.setattr(imports, "distribute_rows", crash_on_second_chunk)
    with pytest.raises(RuntimeError):
        await oem_import_leads({}, import_id=pk(queued["id"]))
    async with system_transaction():
        halfway = await DistributionImport.get(id=pk(queued["id"]))
    assert (halfway.status, halfway.processed) == ("running", 25)
    monkeypatch.setattr(imports, "distribute_rows", real)
    await oem_import_leads({}, import_id=pk(queued["id"]))
    await oem_import_leads(
        {}, import_id=pk(queued["id"])
    )  # a retry after it finished: nothing more
    async with system_transaction():
        done = await DistributionImport.get(id=pk(queued["id"]))
        refs = await DistributedLead.all().values_list("external_ref", flat=True)
    assert (done.status, done.processed, done.landed) == ("done", 60, 58)
    assert len(refs) == len(set(refs)) == 58


async def test_another_oem_cannot_see_the_import(api: Api, desk: str) -> None:
    queued = (await api.gql(IMPORT, {"input": {"leads": _rows(3)}}, desk))["importLeads"]
    other = await make_oem("NORD", ["Nordwind"])
    await make_user("desk@nord.test", oem=other, role=Role.OEM_DISTRIBUTOR)
    nord = await api.login("desk@nord.test")
    assert (await api.gql(PROGRESS, {"id": queued["id"]}, nord))["distributionImport"] is None
