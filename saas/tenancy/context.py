"""The request's tenant, carried in a ContextVar set by the auth middleware.

The variable has no default: code that needs a tenant calls `require_tenant()`,
which raises when no verified principal put one there. Never take a tenant from
GraphQL arguments.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from saas.errors import Unauthenticated

_tenant_id: ContextVar[int | None] = ContextVar("tenant_id")
_oem_id: ContextVar[int | None] = ContextVar("oem_id")


def current_oem() -> int | None:
    """The OEM of this request's caller, if it is an OEM user or OEM API key."""
    return _oem_id.get(None)


def current_tenant() -> int | None:
    """The tenant of this request, or None for principals without one
    (OEM users, platform operators, anonymous callers)."""
    return _tenant_id.get(None)


def require_tenant() -> int:
    tenant_id = _tenant_id.get(None)
    if tenant_id is None:
        raise Unauthenticated("this operation needs a dealer group account")
    return tenant_id


@contextmanager
def tenant_context(tenant_id: int | None, oem_id: int | None = None) -> Iterator[None]:
    token = _tenant_id.set(tenant_id)
    oem_token = _oem_id.set(oem_id)
    try:
        yield
    finally:
        _oem_id.reset(oem_token)
        _tenant_id.reset(token)
