"""Job functions. Each takes ids, not objects, enters its own (system or
tenant) transaction and is idempotent: a retry or a second worker changes
nothing more."""

from __future__ import annotations

import logging
from typing import Any

from saas.identity.service import purge_expired_sessions
from saas.tenancy.rls import system_transaction

log = logging.getLogger("saas.jobs")


async def identity_purge_expired_sessions(ctx: dict[str, Any]) -> int:
    """Delete expired refresh tokens and stale login throttles."""
    async with system_transaction():
        deleted = await purge_expired_sessions()
    log.info("identity.purge_expired_sessions deleted=%s", deleted)
    return deleted


# Job name -> function; names read `domain.event`.
JOBS = {
    "identity.purge_expired_sessions": identity_purge_expired_sessions,
}
