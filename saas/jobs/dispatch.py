"""The job system's own job: handing pending requests over."""

from __future__ import annotations

import time
from typing import Any

from saas.jobqueue import job
from saas.jobs.queue import dispatch_pending
from saas.jobs.submit import submitter_for


@job("jobs.dispatch", cron={"second": {15}}, queue="critical")
async def jobs_dispatch(ctx: dict[str, Any]) -> int:
    """Hand over job requests still pending (e.g. recorded while Redis was down,
    or by other jobs): round after round while there are any, for up to 20 s."""
    runner, handed, started = submitter_for(ctx), 0, time.monotonic()
    while (round_ := await dispatch_pending(runner)) and time.monotonic() - started < 20:
        handed += round_
    return handed + round_
