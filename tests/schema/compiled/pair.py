"""What the compiled-document tests share: the demo frontend's manifest, two
apps over one database (COMPILED_DOCUMENTS on and off), and `both`, which
sends a request to each and asserts the same answer and the expected path."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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
