"""Start-up wiring: register every domain's handlers on the hooks of
`saas.hooks`. The app, the worker, the CLI and the test fixtures call
`install()` once; calling it again changes nothing."""

from __future__ import annotations

from saas.aftersales import service as aftersales
from saas.crm import cadence
from saas.oem import projection


def install() -> None:
    cadence.install()
    projection.install()
    aftersales.install()
