"""OEM bulk distribution with dedup and routing (`distributeLeads`), as the
application role, each run in one transaction that is rolled back (the bench
database is left as it was): once through the service the mutation calls,
once through the GraphQL mutation itself (input coercion, permission check,
audit entry, the answer for every row; only HTTP is left out).

    .venv/bin/python bench/bench_distribution.py --scale small [--leads 10000]

One in ten orders is a customer the routed store already has (a duplicate),
the rest are new; each names a city and region (routing picks the
franchised store with the fewest open OEM leads there).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import admin_connect, app_dsn, report
from bench.generate import CITIES, NOW

MUTATION = """mutation($input: DistributeLeadsInput!) { distributeLeads(input: $input) {
  __typename ... on LeadsDistributed { distributed { created distributedLead {
    id externalRef status storeCode slaDueAt phoneMasked } } errors { row path message } } } }"""


class RolledBack(Exception):
    pass


async def main(scale: str, count: int) -> None:
    from saas import wiring
    from saas.db import close_db, init_db
    from saas.models import User
    from saas.oem.distribution import distribute_many
    from saas.oem.types import LeadOrder
    from saas.settings import Settings
    from saas.tenancy.auth import actor_for_user
    from saas.tenancy.authz import Authorizer
    from saas.tenancy.rls import system_transaction, tenant_transaction

    admin = await admin_connect(scale)
    try:
        oem_id, brand = await admin.fetchrow("SELECT id, brands->>0 FROM oem ORDER BY id LIMIT 1")
        user_id = await admin.fetchval(
            "SELECT user_id FROM role_assignment WHERE role = 'oem_distributor' AND oem_id = $1",
            oem_id,
        )
        known = await admin.fetch(
            """SELECT c.phone, s.city, s.region FROM customer c JOIN store s ON s.id = c.store_id
               WHERE s.brands ? $1 LIMIT $2""",
            brand, count // 10,
        )  # fmt: skip
    finally:
        await admin.close()
    rng = random.Random(8)
    orders = []
    for i in range(count):
        region, city = rng.choice(CITIES)
        phone, where = f"+8615{i:09d}", {"city": city, "region": region}
        if i % 10 == 0 and known:
            phone, store_city, store_region = known[(i // 10) % len(known)]
            where = {"city": store_city, "region": store_region}
        orders.append(LeadOrder(f"BENCH-{i}", "王芳", phone, brand, **where))  # type: ignore[arg-type]
    settings = Settings(_env_file=None, database_url=app_dsn(scale))  # type: ignore[call-arg]
    wiring.install()
    await init_db(settings)
    try:
        async with system_transaction():
            authorizer = Authorizer()
            await authorizer.refresh()
            actor = await actor_for_user(await User.get(id=user_id), authorizer)
        started = time.perf_counter()
        try:
            async with tenant_transaction(None, oem_id):
                result = await distribute_many(actor, orders, now=NOW)
                seconds = time.perf_counter() - started
                raise RolledBack
        except RolledBack:
            pass
        mutation_seconds, answered = await _through_graphql(settings, authorizer, actor, orders)
    finally:
        await close_db()
    duplicates = sum(1 for d in result.distributed if d.distributed.status == "duplicate")
    report(
        "distribution",
        scale,
        [
            {
                "path": "service (distribute_many)",
                "leads": count,
                "landed": len(result.distributed) - duplicates,
                "duplicates": duplicates,
                "problems": len(result.problems),
                "seconds": round(seconds, 2),
                "ms per lead": round(1000 * seconds / count, 3),
            },
            {
                "path": "GraphQL mutation distributeLeads",
                "leads": count,
                "landed": answered,
                "seconds": round(mutation_seconds, 2),
                "ms per lead": round(1000 * mutation_seconds / count, 3),
            },
        ],
        first_problem=str(result.problems[0]) if result.problems else None,
        targets={"seconds for 10,000": "< 10"},
    )


async def _through_graphql(settings, authorizer, actor, orders):  # type: ignore[no-untyped-def]
    """The mutation as a request runs it (minus HTTP), rolled back."""
    from starlette.requests import Request
    from starlette.responses import Response

    from saas.schema import schema
    from saas.schema.context import Context
    from saas.schema.loaders import Loaders
    from saas.tenancy.rls import tenant_transaction

    leads = [
        {"externalRef": o.external_ref, "customerName": o.customer_name, "phone": o.phone,
         "brand": o.brand, "city": o.city, "region": o.region}
        for o in orders
    ]  # fmt: skip
    request = Request({"type": "http", "method": "POST", "headers": [], "client": ("bench", 0)})
    context = Context(request, Response(), settings, authorizer, actor, Loaders(None, actor))
    started = time.perf_counter()
    try:
        async with tenant_transaction(None, actor.oem_id):
            answer = await schema.execute(
                MUTATION, variable_values={"input": {"leads": leads}}, context_value=context
            )
            seconds = time.perf_counter() - started
            raise RolledBack
    except RolledBack:
        pass
    assert answer.errors is None, answer.errors
    data = answer.data["distributeLeads"]  # type: ignore[index]
    assert data["__typename"] == "LeadsDistributed", data
    return seconds, len(data["distributed"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    parser.add_argument("--leads", type=int)
    a = parser.parse_args()
    asyncio.run(main(a.scale, a.leads or 10_000))
