"""The hook registry CRM uses to reach the OEM view and after-sales."""

from __future__ import annotations

import pytest

from saas import hooks, wiring


async def test_a_hook_nobody_registered_refuses_to_run() -> None:
    hook: hooks.Hook[[int]] = hooks.Hook("orphan")
    with pytest.raises(hooks.HookNotInstalled, match="orphan"):
        await hook(1)


async def test_handlers_run_in_order_once_each() -> None:
    hook: hooks.Hook[[int]] = hooks.Hook("ordered")
    seen: list[str] = []

    async def first(n: int) -> None:
        seen.append(f"first {n}")

    async def second(n: int) -> None:
        seen.append(f"second {n}")

    hook.register(first)
    hook.register(second)
    hook.register(first)
    await hook(7)
    assert seen == ["first 7", "second 7"]


def test_start_up_wiring_gives_every_crm_hook_a_handler() -> None:
    wiring.install()
    wiring.install()
    for hook in (
        hooks.distributed_lead_saved,
        hooks.distributed_lead_contacted,
        hooks.distributed_lead_reassigned,
        hooks.order_delivered,
    ):
        assert len(hook.handlers) == 1, hook.name
