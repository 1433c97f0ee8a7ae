"""All Tortoise models, in one module list for Tortoise and aerich."""

from saas.models.base import TenantModel, TimestampedModel
from saas.models.identity import (
    ApiKey,
    AuthzRevision,
    LoginThrottle,
    RefreshToken,
    RoleAssignment,
    User,
)
from saas.models.org import DealerGroup, Oem, Store

__models__ = [
    Oem,
    DealerGroup,
    Store,
    User,
    RoleAssignment,
    AuthzRevision,
    ApiKey,
    RefreshToken,
    LoginThrottle,
]

__all__ = [
    "ApiKey",
    "AuthzRevision",
    "DealerGroup",
    "LoginThrottle",
    "Oem",
    "RefreshToken",
    "RoleAssignment",
    "Store",
    "TenantModel",
    "TimestampedModel",
    "User",
]


def tenant_models() -> list[type[TenantModel]]:
    return [m for m in __models__ if issubclass(m, TenantModel)]
