"""What the compiled-document tests share: the demo frontend's manifest, two
apps over one database (COMPILED_DOCUMENTS on and off), and `both`, which
sends a request to each and asserts the same answer and the expected path."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from saas.app import create_app
from saas.documents.service import manifest_documents
from saas.documents.service import register_documents as register
from saas.schema import schema
from saas.schema.documents.register import schema_problems
from saas.schema.view import COMPILED_PLAN, EXECUTOR_PLAN
from saas.settings import Settings
from saas.tenancy.roles import Role
from tests.factories import make_group, make_oem, make_store, make_user

MANIFEST = Path(__file__).resolve().parents[3] / "documents" / "manifest.json"
BODIES = {o["name"]: o["body"] for o in json.loads(MANIFEST.read_text())["operations"]}


async def register_manifest() -> None:
    """Register the manifest's documents (inside a system transaction)."""
    await register(
        manifest_documents(json.loads(MANIFEST.read_text())),
        validate=schema_problems(schema._schema),
        registered_by_id=None,
        max_bytes=102400,
    )


@asynccontextmanager
async def app_pair(
    database: Settings,
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """Clients of two apps over `database`: the compiler on, and off."""
    compiled_app = create_app(database, run_jobs=False)
    executor_app = create_app(
        database.model_copy(update={"compiled_documents": False}), run_jobs=False
    )
    async with (
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=compiled_app), base_url="http://testserver"
        ) as compiled,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=executor_app), base_url="http://testserver"
        ) as executor,
    ):
        yield compiled, executor


async def both(
    world: Any, caller: str, document_id: str, variables: dict[str, Any], *, compiled: bool
) -> dict[str, Any]:
    """The answer of both apps (`world.compiled`, `world.executor`, as
    `world.tokens[caller]`), equal; the compiled app's path as expected
    (counted in `world.checked`)."""
    body = {"documentId": document_id, "variables": variables}
    headers = {"authorization": f"Bearer {world.tokens[caller]}"}
    fast = await world.compiled.post("/graphql", json=body, headers=headers)
    slow = await world.executor.post("/graphql", json=body, headers=headers)
    context = f"{caller} {variables}:\n{fast.text[:2000]}\n---\n{slow.text[:2000]}"
    assert slow.headers["server-timing"] == EXECUTOR_PLAN
    assert fast.headers["server-timing"] == (COMPILED_PLAN if compiled else EXECUTOR_PLAN), context
    assert fast.status_code == slow.status_code, context
    assert fast.json() == slow.json(), context
    world.checked["compiled" if compiled else "executor"] += 1
    return fast.json()  # type: ignore[no-any-return]


@dataclass
class Cast:
    """Two dealer groups' stores and a user per caller name."""

    east: Any
    sh1: Any
    sh2: Any
    west: Any
    w1: Any
    users: dict[str, Any]


def caller_email(name: str) -> str:
    domain = {"wes": "west", "oem": "oem"}.get(name, "east")
    return f"{name}@{domain}.test"


async def make_cast(callers: dict[str, Role]) -> Cast:
    """Group EAST (stores SH-1, SH-2) and WEST (W-1), an OEM, and a user per
    name of `callers`: "wes" in WEST, "dan" and "sam" at SH-2, the group-wide
    roles at no store, "oem" the OEM's, the rest at SH-1."""
    east = await make_group("EAST")
    sh1 = await make_store(east, "SH-1")
    sh2 = await make_store(east, "SH-2")
    west = await make_group("WEST")
    w1 = await make_store(west, "W-1")
    oem = await make_oem("OEM-X")
    users = {}
    for name, role in callers.items():
        group, store = (west, w1) if name == "wes" else (east, sh1)
        if name in ("dan", "sam"):
            store = sh2
        if role in (Role.GROUP_EXECUTIVE, Role.GROUP_ADMIN):
            store = None
        if name == "oem":
            users[name] = await make_user(caller_email(name), oem=oem, role=role)
            continue
        users[name] = await make_user(caller_email(name), group=group, role=role, store=store)
    return Cast(east, sh1, sh2, west, w1, users)
