"""Queries on the notification outbox."""

from __future__ import annotations

from saas.models import Notification
from saas.tenancy.scoped import TenantRepository


class NotificationRepository(TenantRepository[Notification]): ...
