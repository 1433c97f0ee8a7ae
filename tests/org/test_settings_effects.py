"""The jobs follow the group's settings: the morning list's hour, the thank-you
message's time and text, the birthday lead time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from saas.aftersales.jobs import aftersales_reminders
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.jobs import crm_morning_list
from saas.crm.reminders import thank_you
from saas.crm.repository import CustomerRepository
from saas.crm.vocabulary import FollowUpChannel
from saas.models import Notification, ReminderTask
from saas.org.settings import update_group_settings
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role
from tests.factories import actor_for, make_group, make_lead, make_store, make_user


@pytest.fixture
async def showroom(settings):  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])  # Asia/Shanghai, UTC+8
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    return group, store, ann


async def _set(tenant_id: int, **changes: Any) -> None:
    async with tenant_transaction(tenant_id):
        await update_group_settings(tenant_id, changes, actor=None)


async def test_the_morning_list_comes_at_the_groups_hour(showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = showroom
    now = datetime.now(UTC)
    await make_lead(ann, store, grade="H", now=now - timedelta(hours=30))
    seven_local = (now + timedelta(days=1)).replace(hour=23, minute=0, second=0, microsecond=0)
    seven_local -= timedelta(days=1)  # 23:00 UTC is 07:00 in Shanghai
    assert await crm_morning_list({}, now=seven_local.isoformat()) == 0
    await _set(group.id, morning_list_hour=7)
    assert await crm_morning_list({}, now=seven_local.isoformat()) == 1
    assert await crm_morning_list({}, now=(seven_local + timedelta(hours=1)).isoformat()) == 0


async def test_the_thank_you_follows_the_groups_time_and_words(showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = showroom
    lead = (
        await make_lead(ann, store, name="Li Na", now=datetime.now(UTC) - timedelta(hours=1))
    ).lead
    await _set(
        group.id,
        **{"thank_you.within_hours": 0.5, "thank_you.template": "{customer}, thanks from {store}!"},
    )
    visits = []
    for minutes in (20, 40):
        async with tenant_transaction(group.id):
            visit, _ = await log_follow_up(
                await actor_for(ann),
                NewFollowUp(lead.id, FollowUpChannel.SHOWROOM_VISIT, "came by",
                            happened_at=datetime.now(UTC) - timedelta(minutes=minutes),
                            next_follow_up_at=datetime.now(UTC) + timedelta(days=1),
                            next_follow_up_reason="test drive"),
            )  # fmt: skip
        visits.append(visit)
    now = datetime.now(UTC)
    async with tenant_transaction(group.id):
        assert await thank_you(group.id, visits[0].id, now) == "sent"
        assert await thank_you(group.id, visits[1].id, now) == (
            "skipped: the visit was more than 0.5 hours ago"
        )
    async with system_transaction():
        sent = await Notification.get(kind="thank_you")
    assert sent.body == "Li Na, thanks from SH-1 showroom!"


async def test_birthday_greetings_come_the_groups_days_ahead(showroom) -> None:  # type: ignore[no-untyped-def]
    group, store, ann = showroom
    lead = (await make_lead(ann, store)).lead
    today = datetime.now(UTC).date()
    birthday = today + timedelta(days=3)
    if birthday.day > 28:
        pytest.skip("a birthday on the 29th-31st does not exist in every year")
    async with tenant_transaction(group.id):
        repo = CustomerRepository(group.id)
        customer = await repo.get(lead.customer_id)
        assert customer is not None
        await repo.update(customer, birthday=date(1990, birthday.month, birthday.day))
    await aftersales_reminders({}, now=datetime.now(UTC).isoformat())
    async with system_transaction():
        assert await ReminderTask.filter(kind="birthday").count() == 0
    await _set(group.id, **{"reminders.birthday_days_before": 3})
    await aftersales_reminders({}, now=datetime.now(UTC).isoformat())
    async with system_transaction():
        task = await ReminderTask.get(kind="birthday")
    assert task.due_date == birthday and task.customer_id == lead.customer_id
