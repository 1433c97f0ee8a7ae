"""Notification keys per recipient (`<event>@<user>`): migration 13 gives the
rows written before their recipient, so a job that re-checks the same state
after the upgrade recognises what it already sent."""

from __future__ import annotations

import importlib

from saas.models import Notification
from saas.notify.service import Message, notify
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.factories import make_group, make_store, make_user

MIGRATION = importlib.import_module("migrations.models.13_20261202160000_notification_keys")


async def test_a_message_sent_before_the_upgrade_is_not_sent_again(settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1")
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    boss = await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    async with system_transaction() as conn:
        # As written before the upgrade: the event's key alone.
        await Notification.create(
            tenant_id=group.id, user_id=ann.id, kind="thank_you", title="t", body="b",
            dedup_key="thanks:41",
        )  # fmt: skip
        await conn.execute_script(MIGRATION.UPGRADE)
        assert await Notification.all().values_list("dedup_key", flat=True) == [
            f"thanks:41@{ann.id}"
        ]
    async with tenant_transaction(group.id):
        await notify(
            [
                Message(group.id, ann.id, "thank_you", "t", "b", "thanks:41"),
                Message(group.id, boss.id, "thank_you", "t", "b", "thanks:41"),
            ]
        )
    async with system_transaction():
        keys = sorted(await Notification.all().values_list("user_id", "dedup_key"))
    # ann's is not written twice; boss, another recipient of the event, gets his.
    assert keys == sorted([(ann.id, f"thanks:41@{ann.id}"), (boss.id, f"thanks:41@{boss.id}")])
