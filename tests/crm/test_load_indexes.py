"""The loads counted on every new lead and every OEM batch: the statements
written for the partial covering indexes of migration 12 (whose use at full
scale bench/README.md shows with EXPLAIN) count what the ORM path counts,
and only integers get into the values they carry."""

from __future__ import annotations

import importlib

import pytest

from saas.crm.repository import LeadRepository, open_loads_sql
from saas.crm.vocabulary import OPEN_FOR_LOAD
from saas.db import int_array
from saas.oem.routing import open_oem_leads
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.factories import make_group, make_lead, make_store, make_user

MIGRATION = importlib.import_module("migrations.models.12_20261202143000_load_indexes")


def test_the_index_holds_exactly_the_statuses_that_count() -> None:
    statuses = ", ".join(f"'{s}'" for s in OPEN_FOR_LOAD)
    assert f'WHERE "status" IN ({statuses});' in MIGRATION.UPGRADE
    assert f'"status" IN ({statuses})' in open_loads_sql(1, [2], [3])


async def test_owner_loads_count_open_work_per_store(settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1")
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_lead(ann, store, phone="13700000001")
    await make_lead(ann, store, phone="13700000002")
    async with tenant_transaction(group.id):
        loads = await LeadRepository(group.id).open_loads([store.id], [ann.id])
        oem_loads = await open_oem_leads(1, [store.id])
    assert loads == [(store.id, ann.id, 2)] and oem_loads == {}


def test_only_integers_get_into_the_written_values() -> None:
    assert int_array([1, 2]) == "'{1,2}'::bigint[]"
    with pytest.raises(ValueError):
        int_array(["1); DROP TABLE lead; --"])  # type: ignore[list-item]
