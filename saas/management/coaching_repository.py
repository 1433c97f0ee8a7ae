"""Queries on personal success plans (beside `repository.py`, which holds the
weekly meeting's)."""

from __future__ import annotations

from typing import ClassVar

from saas.models import SuccessPlan
from saas.tenancy.scoped import TenantRepository


class SuccessPlanRepository(TenantRepository[SuccessPlan]):
    # A consultant sees the plans written for it.
    owner_column: ClassVar[str | None] = "consultant_id"
