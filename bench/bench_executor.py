"""The executor's own floor: the consultant's page (the query of bench_http)
answered by a bare strawberry schema of the same shape from objects already in
memory: no HTTP, no database, no authorization, no DataLoaders, every nested
field a plain attribute. What remains is graphql-core's and strawberry's cost
per field, which no resolver of ours can go below; against it, orjson writing
the same answer from dicts (what the floor endpoint does after its query).

    .venv/bin/python bench/bench_executor.py [--rows 50] [--runs 300]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path

import orjson
import strawberry
from strawberry.extensions import ParserCache, ValidationCache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_http import PAGE_QUERY
from bench.common import report


@strawberry.type
class Tag:
    tag: str


@strawberry.type
class Customer:
    name: str
    phone: str
    tags: list[Tag]


@strawberry.type
class Person:
    name: str


@strawberry.type
class Store:
    code: str
    name: str


@strawberry.type
class FollowUp:
    happened_at: datetime
    channel: str
    content: str


@strawberry.type
class Lead:
    id: strawberry.ID
    intent_grade: str
    stage: str
    due_at: datetime | None
    follow_up_count: int
    customer: Customer | None
    owner: Person | None
    store: Store | None
    last_follow_up: FollowUp | None


@strawberry.type
class LeadPage:
    nodes: list[Lead]


@strawberry.enum
class LeadStatus(Enum):
    OPEN = "open"


@strawberry.input
class LeadFilter:
    statuses: list[LeadStatus] | None = None


@strawberry.enum
class LeadOrder(Enum):
    DUE_SOONEST = "due_soonest"


def _page(rows: int) -> list[Lead]:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    store, owner = Store(code="SH-1", name="Shanghai One"), Person(name="Ann")
    return [
        Lead(
            id=strawberry.ID(str(i)),
            intent_grade="A",
            stage="negotiation",
            due_at=now + timedelta(hours=i),
            follow_up_count=i % 7,
            customer=Customer(
                name=f"Customer {i}", phone="138****8000", tags=[Tag(tag="first car")] * (i % 3)
            ),
            owner=owner,
            store=store,
            last_follow_up=FollowUp(happened_at=now, channel="PHONE", content="called back"),
        )
        for i in range(rows)
    ]


def _schema(rows: int) -> strawberry.Schema:
    page = _page(rows)

    @strawberry.type
    class Query:
        @strawberry.field
        async def leads(
            self, first: int, order: LeadOrder, filter: LeadFilter | None = None
        ) -> LeadPage:
            return LeadPage(nodes=page[:first])

    # As the service runs: parsed and validated once per query text.
    return strawberry.Schema(query=Query, extensions=[ParserCache, ValidationCache])


async def main(rows: int, runs: int) -> None:
    query = PAGE_QUERY.replace("first: 50", f"first: {rows}")
    schema = _schema(rows)
    result = await schema.execute(query)
    assert result.errors is None, result.errors
    data = result.data
    assert data is not None and len(data["leads"]["nodes"]) == rows
    fields = _count(data)
    for _ in range(20):
        await schema.execute(query)
    started = time.perf_counter()
    for _ in range(runs):
        await schema.execute(query)
    execute_ms = (time.perf_counter() - started) * 1000 / runs
    started = time.perf_counter()
    for _ in range(runs):
        orjson.dumps({"data": data})
    dumps_ms = (time.perf_counter() - started) * 1000 / runs
    report(
        "executor",
        "in-memory",
        [
            {
                "rows": rows,
                "fields resolved": fields,
                "strawberry execute ms": round(execute_ms, 2),
                "µs per field": round(1000 * execute_ms / fields, 1),
                "orjson of the answer ms": round(dumps_ms, 3),
            }
        ],
        note="no HTTP, database, auth or loaders: the executor's floor for this page",
    )


def _count(value: object) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_count(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count(v) for v in value)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--runs", type=int, default=300)
    a = parser.parse_args()
    asyncio.run(main(a.rows, a.runs))
