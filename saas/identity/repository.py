"""Reads of the identity tables that the request path makes on every page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from saas.db import db
from saas.models import User
from saas.tenancy.scoped import read_rows

# One statement with an array parameter: a page names a handful of users, and
# building the query Tortoise would write for them cost more than running it.
_COLLEAGUES = 'SELECT * FROM "app_user" WHERE "id" = ANY($1) AND "dealer_group_id" = $2'


async def colleagues_for_display(tenant_id: int, ids: Sequence[int]) -> list[Any]:
    """The users of dealer group `tenant_id` among `ids` (others are left
    out), for display only (a lead's owner, a follow-up's author): on
    PostgreSQL as `ReadRow`s, elsewhere as models."""
    conn = db()
    if conn.schema_generator.DIALECT != "postgres":
        return list(await User.filter(id__in=list(ids), dealer_group_id=tenant_id))
    _, records = await conn.execute_query(_COLLEAGUES, [list(ids), tenant_id])
    return read_rows(User, records)
