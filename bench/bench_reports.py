"""Reports at scale: a dealer group's store comparison over 90 days and an
OEM's dealer comparison (SLA compliance by store) over a month, through the
service functions the GraphQL fields call, as the application role.

    .venv/bin/python bench/bench_reports.py --scale small
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import admin_connect, app_dsn, report
from bench.generate import NOW

RUNS = 3


async def timed(make) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Best and median of RUNS runs (the first also warms caches)."""
    seconds, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = await make()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


async def main(scale: str) -> None:
    from saas import wiring
    from saas.db import close_db, init_db
    from saas.models import User
    from saas.oem.compliance import sla_compliance
    from saas.reports.service import store_comparison
    from saas.settings import Settings
    from saas.tenancy.auth import actor_for_user
    from saas.tenancy.authz import Authorizer
    from saas.tenancy.rls import system_transaction, tenant_transaction

    admin = await admin_connect(scale)
    try:
        group_id, stores = await admin.fetchrow(
            "SELECT tenant_id, count(*) FROM store GROUP BY tenant_id ORDER BY 2 DESC LIMIT 1"
        )
        executive = await admin.fetchval(
            "SELECT user_id FROM role_assignment WHERE role = 'group_executive' AND domain = $1",
            f"group:{group_id}",
        )
        distributor, oem_id = await admin.fetchrow(
            """SELECT r.user_id, r.oem_id FROM role_assignment r WHERE r.role = 'oem_distributor'
               ORDER BY (SELECT count(*) FROM store s WHERE s.brands ? (SELECT brands->>0 FROM oem
                 WHERE id = r.oem_id)) DESC LIMIT 1"""
        )
    finally:
        await admin.close()
    wiring.install()
    await init_db(Settings(_env_file=None, database_url=app_dsn(scale)))  # type: ignore[call-arg]
    authorizer = Authorizer()
    try:
        async with system_transaction():
            await authorizer.refresh()
            exec_actor = await actor_for_user(await User.get(id=executive), authorizer)
            oem_actor = await actor_for_user(await User.get(id=distributor), authorizer)
        last = NOW.date()

        async def comparison():  # type: ignore[no-untyped-def]
            async with tenant_transaction(group_id):
                return await store_comparison(exec_actor, last - timedelta(days=90), last)

        async def dealers():  # type: ignore[no-untyped-def]
            async with tenant_transaction(None, oem_id):
                return await sla_compliance(oem_actor, NOW - timedelta(days=30), NOW, "store")

        comparison_s, columns = await timed(comparison)
        dealers_s, rows = await timed(dealers)
    finally:
        await close_db()
    report(
        "reports",
        scale,
        [
            {
                "report": f"store comparison, {stores} stores, 90 days",
                "rows": len(columns.stores),  # type: ignore[attr-defined]
                "seconds": round(comparison_s, 3),
            },
            {
                "report": "OEM dealer comparison by store, 30 days",
                "rows": len(rows),  # type: ignore[arg-type]
                "seconds": round(dealers_s, 3),
            },
        ],
        targets={"seconds": "< 1 each at full scale"},
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    asyncio.run(main(parser.parse_args().scale))
