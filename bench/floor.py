"""The floor for this stack: the consultant's page of 50 open leads (`/leads`,
the LeadPage document) and one lead's card (`/lead-card`, the LeadCard
document) as plain Starlette endpoints with one hand-written asyncpg query
each and orjson, under the same role, row-level security and token check as
the API. The GraphQL API is compared against it (bench/bench_http.py).

    DATABASE_URL=postgres://... SECRET_KEY=... uvicorn --factory bench.floor:create_app
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from saas.crm.phones import mask_phone
from saas.schema.relay import from_global_id, to_global_id
from saas.tenancy.credentials import read_access_token

PAGE = """
SELECT l.id, l.intent_grade, l.stage, l.due_at, l.follow_up_count,
       c.name AS customer_name, c.phone, c.owner_id AS customer_owner,
       (SELECT coalesce(array_agg(t.tag ORDER BY t.id), '{}') FROM customer_tag t
         WHERE t.tenant_id = l.tenant_id AND t.customer_id = l.customer_id
           AND t.removed_at IS NULL) AS tags,
       u.name AS owner_name, s.code AS store_code, s.name AS store_name,
       f.happened_at, f.channel, f.content
FROM lead l
JOIN customer c ON c.tenant_id = l.tenant_id AND c.id = l.customer_id
JOIN store s ON s.tenant_id = l.tenant_id AND s.id = l.store_id
LEFT JOIN app_user u ON u.id = l.owner_id
LEFT JOIN LATERAL (
    SELECT happened_at, channel, content FROM follow_up
    WHERE tenant_id = l.tenant_id AND lead_id = l.id ORDER BY id DESC LIMIT 1
) f ON true
WHERE l.tenant_id = $1 AND l.owner_id = $2 AND l.status = 'open' AND l.due_at IS NOT NULL
ORDER BY l.due_at, l.id
LIMIT 50
"""

CARD = """
SELECT l.id, l.intent_grade, l.stage, l.due_at, l.next_follow_up_at, l.next_follow_up_reason,
       c.name AS customer_name, c.phone, c.owner_id AS customer_owner, u.name AS owner_name,
       ARRAY(SELECT row(f.happened_at, f.channel, f.content, f.result) FROM follow_up f
             WHERE f.tenant_id = l.tenant_id AND f.lead_id = l.id
             ORDER BY f.happened_at, f.id LIMIT 50) AS follow_ups
FROM lead l
JOIN customer c ON c.tenant_id = l.tenant_id AND c.id = l.customer_id
LEFT JOIN app_user u ON u.id = l.owner_id
WHERE l.tenant_id = $1 AND l.id = $2 AND l.owner_id = $3
"""


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def create_app() -> Starlette:
    secret = os.environ["SECRET_KEY"]
    pool: asyncpg.Pool | None = None

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=10, max_size=10)
        yield
        await pool.close()

    async def leads(request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        claims = read_access_token(secret, token)
        assert pool is not None
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "SELECT set_config('app.tenant_id', $1, true)", str(claims.tenant_id)
            )
            rows = await conn.fetch(PAGE, claims.tenant_id, claims.user_id)
        nodes = [
            {
                "id": to_global_id("Lead", r["id"]),
                "intentGrade": r["intent_grade"],
                "stage": r["stage"].upper(),
                "dueAt": r["due_at"],
                "followUpCount": r["follow_up_count"],
                "customer": {
                    "name": r["customer_name"],
                    "phone": r["phone"]
                    if r["customer_owner"] == claims.user_id
                    else mask_phone(r["phone"]),
                    "tags": [{"tag": t} for t in r["tags"]],
                },
                "owner": {"name": r["owner_name"]},
                "store": {"code": r["store_code"], "name": r["store_name"]},
                "lastFollowUp": None
                if r["happened_at"] is None
                else {
                    "happenedAt": r["happened_at"],
                    "channel": r["channel"].upper(),
                    "content": r["content"],
                },
            }
            for r in rows
        ]
        body = orjson.dumps({"data": {"leads": {"nodes": nodes}}})
        return Response(body, media_type="application/json")

    async def lead_card(request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        claims = read_access_token(secret, token)
        _, lead_id = from_global_id(orjson.loads(await request.body())["id"])
        assert pool is not None
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "SELECT set_config('app.tenant_id', $1, true)", str(claims.tenant_id)
            )
            r = await conn.fetchrow(CARD, claims.tenant_id, lead_id, claims.user_id)
        node = None
        if r is not None:
            own = r["customer_owner"] == claims.user_id
            node = {
                "id": to_global_id("Lead", r["id"]),
                "intentGrade": r["intent_grade"],
                "stage": r["stage"].upper(),
                "dueAt": _iso(r["due_at"]),
                "nextFollowUpAt": _iso(r["next_follow_up_at"]),
                "nextFollowUpReason": r["next_follow_up_reason"],
                "customer": {
                    "name": r["customer_name"],
                    "phone": r["phone"] if own else mask_phone(r["phone"]),
                    "phoneMasked": not own,
                },
                "owner": {"name": r["owner_name"]},
                "followUps": [
                    {
                        "happenedAt": _iso(f[0]),
                        "channel": f[1].upper(),
                        "content": f[2],
                        "result": f[3],
                    }
                    for f in r["follow_ups"]
                ],
            }
        return Response(orjson.dumps({"data": {"node": node}}), media_type="application/json")

    return Starlette(
        routes=[
            Route("/leads", leads, methods=["POST"]),
            Route("/lead-card", lead_card, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
