"""Notify's job: the outbox sender."""

from __future__ import annotations

from typing import Any

from saas.jobqueue import active_tenant_ids, job
from saas.notify.service import LogSender, send_outbox


@job("notify.send_outbox", cron={"second": {30}}, queue="critical")
async def notify_send_outbox(ctx: dict[str, Any]) -> int:
    """Deliver SMS/WeChat messages through the configured sender."""
    sender = ctx.get("sender") or LogSender()
    return await send_outbox(sender, await active_tenant_ids())
