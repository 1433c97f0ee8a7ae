"""The SLA sweep at two table sizes with the same number of leads due: the
time must follow the rows due, not the table. A second sweep records nothing.

    .venv/bin/python bench/bench_sla.py --scale small      # 30,000 vs 300,000, 2,000 due
    .venv/bin/python bench/bench_sla.py --scale medium     # 300,000 vs 3,000,000, 10,000 due

Pads distributed_lead with settled history (INSERT ... SELECT, as the
superuser) up to each total, adds the due rows on open leads, and runs the
`sla.sweep` job function as the application role (row-level security on).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import admin_connect, app_dsn, report
from bench.generate import NOW

PLAN = dict.fromkeys(("medium", "large", "full"), (300_000, 3_000_000, 10_000))
DEFAULT_PLAN = (30_000, 300_000, 2_000)


async def pad_to(conn, total: int) -> None:  # type: ignore[no-untyped-def]
    have = await conn.fetchval("SELECT count(*) FROM distributed_lead")
    if have > total:  # left by a bigger run: drop padding down to `total`
        await conn.execute(
            """DELETE FROM distributed_lead WHERE id IN (SELECT id FROM distributed_lead
               WHERE external_ref LIKE 'HIST%' ORDER BY id DESC LIMIT $1)""",
            have - total,
        )
        await conn.execute("VACUUM ANALYZE distributed_lead")
    if have >= total:
        return
    start = await conn.fetchval("SELECT coalesce(max(id), 0) FROM distributed_lead")
    await conn.execute(
        """INSERT INTO distributed_lead (id, created_at, oem_id, external_ref, brand, customer_name,
             phone, phone_masked, status, received_at, first_contact_at, sla_due_at, sla_outcome,
             updated_at)
           SELECT $1::bigint + g, t, 1 + g % 3, 'HIST' || ($1::bigint + g), 'Huaxia', 'history',
             '+8613700000000', '137****0000', 'active', t, t + interval '2 hours',
             t + interval '24 hours', 'met', $2
           FROM generate_series(1, $3) AS g,
                LATERAL (SELECT $2::timestamptz - g * interval '1 second' AS t) AS at""",
        start, NOW - timedelta(days=1), total - have,
    )  # fmt: skip
    await conn.execute(
        "SELECT setval('distributed_lead_id_seq', (SELECT max(id) FROM distributed_lead))"
    )
    await conn.execute("ANALYZE distributed_lead")


async def add_due(conn, due: int) -> None:  # type: ignore[no-untyped-def]
    """`due` pending OEM leads on open leads whose 24 hours ran out in the last hour."""
    await conn.execute(
        """INSERT INTO distributed_lead (id, created_at, oem_id, external_ref, brand, customer_name,
             phone, phone_masked, tenant_id, store_id, lead_id, status, received_at, sla_due_at,
             sla_outcome, updated_at)
           SELECT nextval('distributed_lead_id_seq'), $1::timestamptz - interval '25 hours', 1,
             'DUE' || l.id, 'Huaxia', 'due', '+8613700000000', '137****0000', l.tenant_id,
             l.store_id, l.id, 'active',
             $1::timestamptz - interval '24 hours' - random() * interval '1 hour',
             $1::timestamptz - random() * interval '1 hour', 'pending', $1
           FROM (SELECT id, tenant_id, store_id FROM lead WHERE status = 'open'
                 ORDER BY id LIMIT $2) l""",
        NOW, due,
    )  # fmt: skip
    await conn.execute("ANALYZE distributed_lead")


async def clear_due(conn) -> None:  # type: ignore[no-untyped-def]
    await conn.execute(
        "DELETE FROM sla_event WHERE distributed_lead_id IN "
        "(SELECT id FROM distributed_lead WHERE external_ref LIKE 'DUE%')"
    )
    await conn.execute("DELETE FROM notification WHERE kind IN ('sla_breach', 'sla_warning')")
    await conn.execute("DELETE FROM distributed_lead WHERE external_ref LIKE 'DUE%'")


async def sweep_once() -> tuple[float, dict[str, list[int]]]:
    from saas.oem.jobs import sla_sweep

    started = time.perf_counter()
    result = await sla_sweep({}, now=NOW.isoformat())
    return time.perf_counter() - started, result


async def main(scale: str) -> None:
    from saas import wiring
    from saas.db import close_db, init_db
    from saas.settings import Settings

    small_total, big_total, due = PLAN.get(scale, DEFAULT_PLAN)
    admin = await admin_connect(scale)
    wiring.install()
    await init_db(Settings(_env_file=None, database_url=app_dsn(scale)))  # type: ignore[call-arg]
    rows = []
    try:
        await clear_due(admin)
        await sweep_once()  # warm: imports, connections
        for total in (small_total, big_total):
            await clear_due(admin)
            await pad_to(admin, total - due)
            await add_due(admin, due)
            first_s, first = await sweep_once()
            second_s, second = await sweep_once()
            rows.append({
                "distributed leads": await admin.fetchval("SELECT count(*) FROM distributed_lead"),
                "due": due,
                "sweep s": round(first_s, 3),
                "breached": len(first["breached"]),
                "warned": len(first["warned"]),
                "2nd sweep s": round(second_s, 3),
                "2nd breached": len(second["breached"]),
            })  # fmt: skip
        await clear_due(admin)
    finally:
        await admin.close()
        await close_db()
    ratio = rows[1]["sweep s"] / rows[0]["sweep s"] if rows[0]["sweep s"] else 0.0
    rows.append({"distributed leads": "ratio big/small", "sweep s": round(ratio, 2)})
    targets = {"sweep_s": "< 2 at 3M with 10k due", "ratio": "<= 1.5", "2nd breached": 0}
    report("sla_sweep", scale, rows, ratio=round(ratio, 2), targets=targets)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    asyncio.run(main(parser.parse_args().scale))
