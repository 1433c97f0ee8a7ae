"""SQL statements per request for every list query of the schema, at page
sizes 10 and 100: the count must not grow with the page (DataLoaders).

    .venv/bin/python bench/bench_statements.py --scale small

Each list (Connection) field of Query is asked for with every argument-free
field of its nodes and one level of nested objects and lists, by a caller
whose role may read it, in-process over ASGI. Statements are counted on
Tortoise's query log (authentication and the transaction included).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

import httpx
from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    get_named_type,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import SECRET, admin_connect, app_dsn, bench_token, report
from saas.app import create_app
from saas.schema.relay import to_global_id
from saas.settings import Settings

# list field -> role of the caller who lists it
CALLER = {
    "users": "group_admin",
    "apiKeys": "group_admin",
    "stores": "group_executive",
    "dealerGroups": "platform_admin",
    "oems": "platform_admin",
    "leads": "showroom_manager",
    "customers": "showroom_manager",
    "followUps": "showroom_manager",
    "distributedLeads": "oem_distributor",
    "notifications": "showroom_manager",
    "myTasks": "consultant",
    "customerTimeline": "showroom_manager",
    "auditLog": "group_admin",
    "webhookEndpoints": "group_admin",
    "webhookDeliveries": "group_admin",
    "groupSettingsHistory": "group_admin",
    "customerMessages": "showroom_manager",
    "customerCards": "showroom_manager",
    "campaigns": "showroom_manager",
    "partners": "group_admin",
    "customerDataShares": "showroom_manager",
    "customerConsentHistory": "showroom_manager",
    "winBackLeads": "showroom_manager",
    "weeklyMeetings": "showroom_manager",
    "meetingActions": "showroom_manager",
    "successPlans": "showroom_manager",
    "trustedDocuments": "platform_admin",
}


class StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _unwrap(t):  # type: ignore[no-untyped-def]
    while isinstance(t, GraphQLNonNull | GraphQLList):
        t = t.of_type
    return t


def _is_connection(t) -> bool:  # type: ignore[no-untyped-def]
    named = get_named_type(t)
    return isinstance(named, GraphQLObjectType) and named.name.endswith("Connection")


def selection(t: GraphQLObjectType, depth: int) -> str:
    """Every argument-free field; objects and lists nested `depth` more levels."""
    parts = []
    for name, field in t.fields.items():
        if any(
            isinstance(a.type, GraphQLNonNull) and a.default_value is Undefined
            for a in field.args.values()
        ):
            continue
        named = _unwrap(field.type)
        if _is_connection(field.type):
            continue
        if isinstance(named, GraphQLObjectType):
            if depth > 0:
                parts.append(f"{name} {{ {selection(named, depth - 1)} }}")
        elif isinstance(named, GraphQLUnionType):
            continue
        else:
            parts.append(name)
    return " ".join(parts) or "__typename"


def list_queries(schema: GraphQLSchema) -> dict[str, str]:
    out = {}
    for name, field in schema.query_type.fields.items():  # type: ignore[union-attr]
        if not _is_connection(field.type):
            continue
        conn = get_named_type(field.type)
        node = _unwrap(conn.fields["nodes"].type)  # type: ignore[union-attr]
        required = [
            a
            for a, arg in field.args.items()
            if isinstance(arg.type, GraphQLNonNull)
            and arg.default_value is Undefined
            and a != "first"
        ]
        args = "".join(f", {a}: ${a}" for a in required)
        params = "".join(f", ${a}: ID!" for a in required)
        out[name] = (
            f"query($first: Int!{params}) {{ {name}(first: $first{args}) "
            f"{{ nodes {{ {selection(node, 1)} }} }} }}"
        )
    return out


async def callers(scale: str) -> tuple[dict[str, tuple[int, int | None, int | None]], int]:
    """role -> (user id, tenant, oem) of a busy holder; and the customer with most events."""
    conn = await admin_connect(scale)
    try:
        rows = await conn.fetch(
            """SELECT DISTINCT ON (r.role) r.role, u.id, u.dealer_group_id, u.oem_id
               FROM role_assignment r JOIN app_user u ON u.id = r.user_id
               LEFT JOIN lead l ON l.owner_id = u.id AND l.status = 'open'
               GROUP BY r.role, u.id ORDER BY r.role, count(l.id) DESC, u.id"""
        )
        holders = {r["role"]: (r["id"], r["dealer_group_id"], r["oem_id"]) for r in rows}
        # The timeline of the manager's busiest customer (most follow-ups).
        customer = await conn.fetchval(
            """SELECT f.customer_id FROM follow_up f JOIN role_assignment r
                 ON r.domain = 'store:' || f.store_id AND r.user_id = $1
               GROUP BY f.customer_id ORDER BY count(*) DESC LIMIT 1""",
            holders["showroom_manager"][0],
        )
    finally:
        await conn.close()
    return holders, customer


async def main(scale: str) -> None:
    holders, customer_id = await callers(scale)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=app_dsn(scale),
        secret_key=SECRET,
        redis_url=None,
        rate_limit_user_per_minute=10**8,
    )
    app = create_app(settings, run_jobs=False)
    from saas.schema import schema

    queries = list_queries(schema._schema)
    counter = StatementCounter()
    log = logging.getLogger("tortoise.db_client")
    rows = []
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as client,
    ):
        for name, query in queries.items():
            user_id, tenant_id, oem_id = holders[CALLER[name]]
            token = bench_token(user_id, tenant_id, oem_id)
            counts, sizes = [], []
            for first in (10, 100):
                while True:
                    variables: dict[str, object] = {"first": first}
                    if "$customerId" in query:
                        variables["customerId"] = to_global_id("Customer", customer_id)
                    payload = {"query": query, "variables": variables}
                    headers = {"authorization": f"Bearer {token}"}
                    await client.post("/graphql", json=payload, headers=headers)  # warm
                    log.setLevel(logging.DEBUG)
                    log.addHandler(counter)
                    counter.count = 0
                    response = (await client.post("/graphql", json=payload, headers=headers)).json()
                    log.removeHandler(counter)
                    errors = response.get("errors") or []
                    # Every nested field of a wide type at 100 rows can pass the
                    # node budget: the largest page the API takes, then.
                    codes = [e["extensions"]["code"] for e in errors]
                    if first > 10 and codes == ["QUERY_TOO_COSTLY"]:
                        first //= 2
                        continue
                    break
                assert not errors, (name, errors)
                counts.append(counter.count)
                sizes.append(len(response["data"][name]["nodes"]))
            rows.append({
                "list query": name,
                "rows@10": sizes[0],
                "statements@10": counts[0],
                "large page": first,
                "rows@large": sizes[1],
                "statements@large": counts[1],
                "constant": "yes" if counts[0] == counts[1] else "NO",
            })  # fmt: skip
    report("statements", scale, rows, queries=queries)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    asyncio.run(main(parser.parse_args().scale))
