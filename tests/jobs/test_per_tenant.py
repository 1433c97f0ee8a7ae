"""Per-tenant jobs: each dealer group runs in its own tenant transaction, and
one group's failure is rolled back, counted and retried alone while the other
groups' work commits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from saas.errors import Conflict
from saas.jobqueue import REGISTRY, job
from saas.models import DealerGroup, JobRequest, Store
from saas.observability import REGISTRY as METRICS
from saas.org.service import StoreFields, create_store
from saas.tenancy.rls import system_transaction
from tests.factories import make_group, make_store

FAILURES = {"job": "tests.open_outlet", "scope": "tenant"}


def _failures() -> float:
    return METRICS.get_sample_value("saas_job_failures_total", FAILURES) or 0.0


@job("tests.open_outlet", per_tenant=True)
async def open_outlet(ctx: dict[str, Any], group: DealerGroup, *, now: str) -> int:
    """Open each group's OUTLET store; a group that already has one refuses."""
    store = await create_store(
        group.id, StoreFields(code="OUTLET", name="Outlet", region="East China", city="Suzhou")
    )
    return store.id


async def _outlets() -> dict[int, int]:
    async with system_transaction():
        return dict(await Store.filter(code="OUTLET").values_list("tenant_id", "id"))  # type: ignore[arg-type]


async def test_one_groups_failure_does_not_stop_the_others_and_is_retried(settings) -> None:  # type: ignore[no-untyped-def]
    first, broken, last = [await make_group(code) for code in ("GROUP-A", "GROUP-B", "GROUP-C")]
    clash = await make_store(broken, "OUTLET")  # the broken group's data refuses the job
    failures = _failures()
    now = datetime(2026, 12, 1, 9, tzinfo=UTC).isoformat()

    result = await open_outlet({}, now=now)

    outlets = await _outlets()
    assert result == {first.id: outlets[first.id], last.id: outlets[last.id]}
    assert outlets[broken.id] == clash.id  # nothing of the failed run was kept
    assert _failures() == failures + 1
    async with system_transaction():
        retries = await JobRequest.filter(name="tests.open_outlet")
    assert [(r.tenant_id, r.kwargs) for r in retries] == [
        (broken.id, {"tenant_id": broken.id, "now": now})
    ]

    # The retry runs the broken group alone, with the run's clock; while its
    # data still refuses, it fails (the queue's own retries take over)...
    with pytest.raises(Conflict):
        await REGISTRY["tests.open_outlet"].run({}, **retries[0].kwargs)
    assert _failures() == failures + 1
    # ...and once the data is fixed, it does the work for that group only.
    async with system_transaction():
        await Store.filter(id=clash.id).update(code="OLD-OUTLET")
    again = await REGISTRY["tests.open_outlet"].run({}, **retries[0].kwargs)
    outlets = await _outlets()
    assert again == {broken.id: outlets[broken.id]}
    assert sorted(outlets) == sorted([first.id, broken.id, last.id])
