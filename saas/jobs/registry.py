"""Every job the domains declare (`@job` in their `jobs.py`), measured, by
name: what the worker, the in-process runner and the schedule run."""

from __future__ import annotations

import functools
import time
from typing import Any

import saas.aftersales.jobs
import saas.crm.jobs
import saas.events.jobs
import saas.identity.jobs
import saas.imports.jobs
import saas.jobs.dispatch
import saas.management.coaching_jobs
import saas.management.jobs
import saas.notify.jobs
import saas.oem.jobs
import saas.reports.jobs
import saas.webhooks.jobs
from saas.events.broker import process_broker
from saas.events.service import collect_events, publish_committed
from saas.jobqueue import REGISTRY, JobSpec
from saas.jobs.submit import use_jobs
from saas.observability import (
    JOB_DURATION,
    JOB_FAILURES,
    JOB_RUNS,
    SLA_BREACHES,
    SLA_WARNINGS,
)
from saas.tracing import TRACEPARENT_KEY, job_span

# Importing these declares their jobs; a new domain's `jobs.py` joins here.
DECLARING = (
    saas.aftersales.jobs,
    saas.crm.jobs,
    saas.events.jobs,
    saas.identity.jobs,
    saas.imports.jobs,
    saas.jobs.dispatch,
    saas.management.jobs,
    saas.notify.jobs,
    saas.oem.jobs,
    saas.reports.jobs,
    saas.webhooks.jobs,
)


def _measured(name: str, fn: Any) -> Any:
    """Count runs, failures and durations of a job for /metrics, in a span
    linked to the request that asked for it (when tracing is on)."""

    @functools.wraps(fn)
    async def run(ctx: dict[str, Any], **kwargs: Any) -> Any:
        traceparent = kwargs.pop(TRACEPARENT_KEY, None)
        started = time.perf_counter()
        emitted = collect_events()
        with job_span(name, traceparent):
            try:
                result = await fn(ctx, **kwargs)
                if emitted:
                    # Live subscribers hear about what the job changed (SLA warnings) now.
                    await publish_committed(process_broker(), emitted)
            except Exception:
                JOB_FAILURES.labels(name, "run").inc()
                raise
            finally:
                JOB_RUNS.labels(name).inc()
                JOB_DURATION.labels(name).observe(time.perf_counter() - started)
        if name == "sla.sweep" and isinstance(result, dict):
            SLA_WARNINGS.inc(len(result.get("warned", [])))
            SLA_BREACHES.inc(len(result.get("breached", [])))
        return result

    return run


# The declared jobs, and job name -> measured function; names read `domain.event`.
SPECS: dict[str, JobSpec] = dict(REGISTRY)
JOBS: dict[str, Any] = {name: _measured(name, spec.run) for name, spec in SPECS.items()}
use_jobs(JOBS)
