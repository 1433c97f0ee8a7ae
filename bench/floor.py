"""The floor for this stack: what each registered document of the demo
frontend reads, as plain Starlette endpoints with one hand-written asyncpg
query each and orjson, under the same role, row-level security and token
check as the API: the consultant's page of 50 open leads (`/leads`,
LeadPage), one lead's card (`/lead-card`, LeadCard), and (each taking the
document's variables as its JSON body) the customer list (`/customers`,
CustomerPage), the follow-up list (`/follow-ups`, FollowUpList), the
caller's reminder tasks (`/tasks`, MyTasks) and in-app notifications
(`/notifications`, Notifications), an OEM's distributed leads
(`/distributed-leads`, DistributedLeads) and one customer's timeline
(`/customer-timeline`, CustomerTimeline). The GraphQL API is compared against
it (bench/bench_http.py).

    DATABASE_URL=postgres://... SECRET_KEY=... uvicorn --factory bench.floor:create_app
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from saas.crm.phones import mask_phone
from saas.schema.relay import from_global_id, to_global_id
from saas.tenancy.credentials import AccessClaims, read_access_token

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


# The customers a consultant sees (`CustomerRepository.own_rows`: owned in its
# store, or of a lead it owns), not merged, newest first; with owner, store
# and current tags (the first 10). $3: the consultant's stores.
CUSTOMERS = """
WITH page AS (
    SELECT c.*, count(*) OVER () AS total
    FROM (SELECT id FROM customer WHERE tenant_id = $1 AND store_id = ANY($3) AND owner_id = $2
          UNION
          SELECT customer_id FROM lead WHERE tenant_id = $1 AND owner_id = $2
                                         AND store_id = ANY($3)) mine
    JOIN customer c ON c.tenant_id = $1 AND c.id = mine.id
    WHERE c.merged_into_id IS NULL
    ORDER BY c.id DESC
    LIMIT $4
)
SELECT c.id, c.archive_no, c.name, c.phone, c.owner_id, c.city, c.value_tier, c.lifecycle,
       c.purchase_potential, c.created_at, c.total, u.name AS owner_name,
       s.code AS store_code, s.name AS store_name,
       ARRAY(SELECT row(t.tag, t.kind) FROM customer_tag t
             WHERE t.tenant_id = c.tenant_id AND t.customer_id = c.id AND t.removed_at IS NULL
             ORDER BY t.id LIMIT 10) AS tags
FROM page c
JOIN store s ON s.tenant_id = c.tenant_id AND s.id = c.store_id
LEFT JOIN app_user u ON u.id = c.owner_id AND u.dealer_group_id = c.tenant_id
ORDER BY c.id DESC
"""

# The follow-ups of the leads a consultant owns, newest first, with their user.
FOLLOW_UPS = """
SELECT f.id, f.channel, f.happened_at, f.content, f.result, f.grade_before, f.grade_after,
       f.stage_after, f.next_follow_up_at, f.next_follow_up_reason, f.lead_id, u.name AS user_name
FROM follow_up f
LEFT JOIN app_user u ON u.id = f.user_id AND u.dealer_group_id = f.tenant_id
WHERE f.tenant_id = $1 AND f.store_id = ANY($3)
  AND f.lead_id IN (SELECT l.id FROM lead l WHERE l.tenant_id = $1 AND l.owner_id = $2
                    AND l.store_id = ANY($3))
ORDER BY f.id DESC
LIMIT $4
"""

TASKS = """
SELECT id, kind, title, due_date, status, result, customer_id FROM reminder_task
WHERE tenant_id = $1 AND user_id = $2 AND status = 'open'
ORDER BY id
LIMIT $3
"""

NOTIFICATIONS = """
SELECT id, kind, title, body, data::text AS data, created_at, read_at FROM notification
WHERE tenant_id = $1 AND user_id = $2 AND channel = 'in_app'
ORDER BY id DESC
LIMIT $3
"""

DISTRIBUTED_LEADS = """
SELECT id, external_ref, brand, customer_name, phone_masked, status, store_code, store_region,
       status_grade, stage, outcome, lost_reason, return_reason, return_note, received_at,
       assigned_at, first_contact_at, sla_due_at, sla_outcome, breached_at
FROM distributed_lead
WHERE oem_id = $1
ORDER BY id DESC
LIMIT $2
"""

# One customer's history, newest first (`saas.aftersales.timeline`), when the
# consultant owns the customer or a lead of it.
TIMELINE = """
WITH c AS (
    SELECT c.tenant_id, c.id FROM customer c
    WHERE c.tenant_id = $1 AND c.id = $2
      AND (c.owner_id = $3 OR c.id IN (SELECT l.customer_id FROM lead l
                                       WHERE l.tenant_id = $1 AND l.owner_id = $3))
), e AS (
    SELECT l.created_at AS at, 'lead' AS kind,
           format('lead from %s, grade %s', l.source_channel, l.intent_grade) AS summary, l.id
    FROM lead l JOIN c ON l.tenant_id = c.tenant_id AND l.customer_id = c.id
    UNION ALL
    -- By the customer's leads: follow_up has no index on customer_id.
    SELECT f.happened_at, 'follow_up', f.channel || ': ' || left(f.content, 120), f.id
    FROM follow_up f JOIN c ON f.tenant_id = c.tenant_id AND f.customer_id = c.id
    WHERE f.lead_id IN (SELECT l.id FROM lead l WHERE l.tenant_id = $1 AND l.customer_id = $2)
    UNION ALL
    SELECT coalesce(d.completed_at, d.scheduled_at), 'test_drive', 'test drive ' || d.status, d.id
    FROM test_drive d JOIN c ON d.tenant_id = c.tenant_id AND d.customer_id = c.id
    UNION ALL
    SELECT x.at, x.kind, x.summary, o.id
    FROM vehicle_order o JOIN c ON o.tenant_id = c.tenant_id AND o.customer_id = c.id,
    LATERAL (VALUES (o.signed_at, 'order', format('order signed, %s yuan', o.price)),
                    (o.delivered_at, 'delivery', 'car delivered'),
                    (o.cancelled_at, 'order_cancelled',
                     coalesce(nullif(o.cancel_reason, ''), 'order cancelled'))) x(at, kind, summary)
    WHERE x.at IS NOT NULL
    UNION ALL
    SELECT v.purchase_date::timestamp AT TIME ZONE 'UTC', 'vehicle',
           format('owns %s (%s)', v.model_name, coalesce(nullif(v.vin, ''), 'VIN pending')), v.id
    FROM vehicle v JOIN c ON v.tenant_id = c.tenant_id AND v.customer_id = c.id
    UNION ALL
    SELECT r.service_date::timestamp AT TIME ZONE 'UTC', 'service',
           format('%s at %s km: %s', r.kind, r.mileage_km, left(r.content, 120)), r.id
    FROM service_record r JOIN c ON r.tenant_id = c.tenant_id AND r.customer_id = c.id
    UNION ALL
    SELECT p.start_date::timestamp AT TIME ZONE 'UTC', 'insurance',
           format('%s until %s', p.insurer, p.expiry_date), p.id
    FROM insurance_policy p JOIN c ON p.tenant_id = c.tenant_id AND p.customer_id = c.id
    UNION ALL
    SELECT x.created_at, 'complaint',
           format('%s complaint (%s): %s', x.severity, x.status, left(x.description, 120)), x.id
    FROM complaint x JOIN c ON x.tenant_id = c.tenant_id AND x.customer_id = c.id
    UNION ALL
    SELECT s.created_at, 'survey', format('%s survey %s/%s/%s', s.kind, s.product_score,
           s.attitude_score, s.after_sales_score), s.id
    FROM survey s JOIN c ON s.tenant_id = c.tenant_id AND s.customer_id = c.id
    UNION ALL
    SELECT x.at, x.kind, t.tag, t.id
    FROM customer_tag t JOIN c ON t.tenant_id = c.tenant_id AND t.customer_id = c.id,
    LATERAL (VALUES (t.created_at, 'tag_added'), (t.removed_at, 'tag_removed')) x(at, kind)
    WHERE x.at IS NOT NULL
    UNION ALL
    SELECT m.sent_at, 'message', format('%s by %s: %s', m.kind, m.channel, m.text), m.id
    FROM customer_message m JOIN c ON m.tenant_id = c.tenant_id AND m.customer_id = c.id
)
SELECT e.at, e.kind, e.summary, e.id, m.kind AS message_kind, m.channel, m.text, m.sent_at
FROM e LEFT JOIN customer_message m ON e.kind = 'message' AND m.tenant_id = $1 AND m.id = e.id
ORDER BY e.at DESC, e.kind DESC, e.id DESC
LIMIT $4
"""

# The global id type of a timeline entry's record (a tag entry names its customer).
TIMELINE_TYPES = {
    "lead": "Lead", "follow_up": "FollowUp", "test_drive": "TestDrive", "order": "Order",
    "delivery": "Order", "order_cancelled": "Order", "vehicle": "Vehicle",
    "service": "ServiceRecord", "insurance": "InsurancePolicy", "complaint": "Complaint",
    "survey": "Survey", "message": "CustomerMessage",
}  # fmt: skip


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

    async def claims_and_variables(request: Request) -> tuple[AccessClaims, dict[str, Any]]:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        claims = read_access_token(secret, token)
        body = await request.body()
        return claims, orjson.loads(body) if body else {}

    async def fetch(
        claims: AccessClaims, query: str, *args: object, oem: bool = False
    ) -> list[asyncpg.Record]:
        """`query`'s rows in a transaction under the caller's group (or OEM)."""
        assert pool is not None
        setting = "app.oem_id" if oem else "app.tenant_id"
        party = claims.oem_id if oem else claims.tenant_id
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT set_config($1, $2, true)", setting, str(party))
            return list(await conn.fetch(query, *args))

    def page(root: str, nodes: list[dict[str, Any]], size: int, **extra: Any) -> Response:
        """The connection of `nodes` (one more than `size` read: hasNextPage)."""
        info = {"hasNextPage": len(nodes) > size, "endCursor": None}
        body = {"data": {root: {**extra, "nodes": nodes[:size], "pageInfo": info}}}
        return Response(orjson.dumps(body), media_type="application/json")

    async def customers(request: Request) -> Response:
        claims, variables = await claims_and_variables(request)
        size = variables.get("first", 20)
        stores = stores_of.get(claims.user_id) or await own_stores(claims)
        rows = await fetch(claims, CUSTOMERS, claims.tenant_id, claims.user_id, stores, size + 1)
        nodes = [
            {
                "id": to_global_id("Customer", r["id"]),
                "archiveNo": r["archive_no"],
                "name": r["name"],
                "phone": r["phone"] if r["owner_id"] == claims.user_id else mask_phone(r["phone"]),
                "phoneMasked": r["owner_id"] != claims.user_id,
                "city": r["city"],
                "valueTier": r["value_tier"],
                "lifecycle": r["lifecycle"],
                "purchasePotential": r["purchase_potential"] and r["purchase_potential"].upper(),
                "createdAt": r["created_at"],
                "owner": None
                if r["owner_id"] is None
                else {"id": to_global_id("User", r["owner_id"]), "name": r["owner_name"]},
                "store": {"code": r["store_code"], "name": r["store_name"]},
                "tags": [{"tag": t[0], "kind": t[1].upper()} for t in r["tags"]],
            }
            for r in rows
        ]
        total = rows[0]["total"] if rows else 0
        return page("customers", nodes, size, totalCount=total)

    async def follow_ups(request: Request) -> Response:
        claims, variables = await claims_and_variables(request)
        size = variables.get("first", 20)
        stores = stores_of.get(claims.user_id) or await own_stores(claims)
        rows = await fetch(claims, FOLLOW_UPS, claims.tenant_id, claims.user_id, stores, size + 1)
        nodes = [
            {
                "id": to_global_id("FollowUp", r["id"]),
                "channel": r["channel"].upper(),
                "happenedAt": r["happened_at"],
                "content": r["content"],
                "result": r["result"],
                "gradeBefore": r["grade_before"],
                "gradeAfter": r["grade_after"],
                "stageAfter": r["stage_after"] and r["stage_after"].upper(),
                "nextFollowUpAt": r["next_follow_up_at"],
                "nextFollowUpReason": r["next_follow_up_reason"],
                "leadId": to_global_id("Lead", r["lead_id"]),
                "user": {"name": r["user_name"]},
            }
            for r in rows
        ]
        return page("followUps", nodes, size)

    async def tasks(request: Request) -> Response:
        claims, variables = await claims_and_variables(request)
        size = variables.get("first", 20)
        rows = await fetch(claims, TASKS, claims.tenant_id, claims.user_id, size + 1)
        nodes = [
            {
                "id": to_global_id("ReminderTask", r["id"]),
                "kind": r["kind"],
                "title": r["title"],
                "dueDate": r["due_date"].isoformat(),
                "status": r["status"],
                "result": r["result"],
                "customerId": to_global_id("Customer", r["customer_id"]),
            }
            for r in rows
        ]
        return page("myTasks", nodes, size)

    async def notifications(request: Request) -> Response:
        claims, variables = await claims_and_variables(request)
        size = variables.get("first", 20)
        rows = await fetch(claims, NOTIFICATIONS, claims.tenant_id, claims.user_id, size + 1)
        nodes = []
        for r in rows:
            data = orjson.loads(r["data"])
            if isinstance(data.get("lead_id"), int):
                data["lead_id"] = to_global_id("Lead", data["lead_id"])
            nodes.append({
                "id": to_global_id("Notification", r["id"]),
                "kind": r["kind"],
                "title": r["title"],
                "body": r["body"],
                "data": orjson.dumps(data).decode(),
                "createdAt": r["created_at"],
                "readAt": r["read_at"],
            })  # fmt: skip
        return page("notifications", nodes, size)

    async def distributed_leads(request: Request) -> Response:
        claims, variables = await claims_and_variables(request)
        size = variables.get("first", 20)
        rows = await fetch(claims, DISTRIBUTED_LEADS, claims.oem_id, size + 1, oem=True)
        nodes = []
        for r in rows:
            first, received = r["first_contact_at"], r["received_at"]
            minutes = None if first is None else round((first - received).total_seconds() / 60, 1)
            nodes.append({
                "id": to_global_id("DistributedLead", r["id"]),
                "externalRef": r["external_ref"],
                "brand": r["brand"],
                "customerName": r["customer_name"],
                "phoneMasked": r["phone_masked"],
                "status": r["status"].upper(),
                "storeCode": r["store_code"],
                "storeRegion": r["store_region"],
                "statusGrade": r["status_grade"],
                "stage": r["stage"],
                "outcome": r["outcome"],
                "lostReason": r["lost_reason"],
                "returnReason": r["return_reason"] and r["return_reason"].upper(),
                "returnNote": r["return_note"],
                "receivedAt": received,
                "assignedAt": r["assigned_at"],
                "firstContactAt": first,
                "slaDueAt": r["sla_due_at"],
                "slaOutcome": r["sla_outcome"] and r["sla_outcome"].upper(),
                "breachedAt": r["breached_at"],
                "minutesToFirstContact": minutes,
            })  # fmt: skip
        return page("distributedLeads", nodes, size)

    async def customer_timeline(request: Request) -> Response:
        claims, variables = await claims_and_variables(request)
        size = variables.get("first", 20)
        customer_id = variables["customerId"]
        _, pk = from_global_id(customer_id)
        rows = await fetch(claims, TIMELINE, claims.tenant_id, pk, claims.user_id, size + 1)
        nodes = [
            {
                "at": r["at"],
                "kind": r["kind"],
                "summary": r["summary"],
                "objectId": to_global_id(TIMELINE_TYPES[r["kind"]], r["id"])
                if r["kind"] in TIMELINE_TYPES
                else customer_id,
                "message": None
                if r["message_kind"] is None
                else {
                    "id": to_global_id("CustomerMessage", r["id"]),
                    "kind": r["message_kind"],
                    "channel": r["channel"],
                    "text": r["text"],
                    "sentAt": r["sent_at"],
                },
            }
            for r in rows
        ]
        return page("customerTimeline", nodes, size)

    # The stores a user works in, as its role assignments name them (read
    # once per user, as the API's authorizer caches roles).
    stores_of: dict[int, list[int]] = {}

    async def own_stores(claims: AccessClaims) -> list[int]:
        assert pool is not None and claims.user_id is not None
        found = await pool.fetchval(
            """SELECT coalesce(array_agg(substr(domain, 7)::bigint), '{}') FROM role_assignment
               WHERE user_id = $1 AND domain LIKE 'store:%'""",
            claims.user_id,
        )
        stores_of[claims.user_id] = list(found)
        return stores_of[claims.user_id]

    return Starlette(
        routes=[
            Route("/leads", leads, methods=["POST"]),
            Route("/lead-card", lead_card, methods=["POST"]),
            Route("/customers", customers, methods=["POST"]),
            Route("/follow-ups", follow_ups, methods=["POST"]),
            Route("/tasks", tasks, methods=["POST"]),
            Route("/notifications", notifications, methods=["POST"]),
            Route("/distributed-leads", distributed_leads, methods=["POST"]),
            Route("/customer-timeline", customer_timeline, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
