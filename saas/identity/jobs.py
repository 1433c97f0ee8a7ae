"""Identity's jobs."""

from __future__ import annotations

import logging
from typing import Any

from saas.identity.service import purge_expired_sessions
from saas.jobqueue import job
from saas.tenancy.rls import system_transaction

log = logging.getLogger("saas.jobs")


@job("identity.purge_expired_sessions", cron={"hour": {3}, "minute": {17}}, queue="critical")
async def identity_purge_expired_sessions(ctx: dict[str, Any]) -> int:
    """Delete expired refresh tokens and stale login throttles."""
    async with system_transaction():
        deleted = await purge_expired_sessions()
    log.info("identity.purge_expired_sessions deleted=%s", deleted)
    return deleted
