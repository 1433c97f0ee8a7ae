"""Typed hooks: a lower layer announces a change, a higher or sibling domain
reacts, synchronously and inside the same transaction.

CRM must keep the OEM's view of a distributed lead in step (and start after-
sales on delivery) without importing either: it calls a hook declared here,
and the reacting domain registers its handler when the process starts
(`saas.wiring.install`, called by the app, the worker, the CLI and the test
fixtures). A hook that nobody registered refuses to run rather than silently
dropping the change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Generic, ParamSpec

from saas.models import Lead, Order

P = ParamSpec("P")


class HookNotInstalled(RuntimeError):
    pass


class Hook(Generic[P]):
    """Handlers run in registration order, awaited one after another, in the
    caller's transaction; an exception rolls the caller back with them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Callable[P, Awaitable[None]]] = []

    def register(self, handler: Callable[P, Awaitable[None]]) -> Callable[P, Awaitable[None]]:
        """Add `handler` (once; registering it again changes nothing)."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    @property
    def handlers(self) -> tuple[Callable[P, Awaitable[None]], ...]:
        return tuple(self._handlers)

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> None:
        if not self._handlers:
            raise HookNotInstalled(
                f"hook {self.name!r} has no handler; call saas.wiring.install() at start-up"
            )
        for handler in self._handlers:
            await handler(*args, **kwargs)


# A distributed lead was saved (stage, status, grade, won/lost).
distributed_lead_saved: Hook[[Lead]] = Hook("distributed_lead_saved")
# The first follow-up by a person on a distributed lead: (lead, happened at, logged at).
distributed_lead_contacted: Hook[[Lead, datetime, datetime]] = Hook("distributed_lead_contacted")
# A distributed lead changed owner: (lead, new owner's user id, assignment id).
distributed_lead_reassigned: Hook[[Lead, int, int]] = Hook("distributed_lead_reassigned")
# An order was delivered: (order, vehicle model name, VIN, when).
order_delivered: Hook[[Order, str, str | None, datetime]] = Hook("order_delivered")
# A dealer group's settings changed: (tenant id, the dotted paths of the
# settings that changed, when). Handlers make open work follow the new rules.
group_settings_changed: Hook[[int, frozenset[str], datetime]] = Hook("group_settings_changed")
