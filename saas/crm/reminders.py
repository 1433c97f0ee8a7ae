"""Reminders from the cadence: overdue leads, the morning list, thank-you
messages after a showroom visit. Each message has a unique key, so running a
job twice changes nothing. The thank-you is the one message that goes to a
customer: it is recorded in the customer's messages (`saas.crm.messages`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from saas.crm.messages import MessageChannel, MessageKind, OutgoingMessage, record_messages
from saas.crm.repository import CustomerRepository, FollowUpRepository, LeadRepository
from saas.crm.vocabulary import FollowUpChannel, LeadStatus
from saas.notify.service import Message, notify
from saas.org.repository import StoreRepository
from saas.org.settings import load_group_settings


async def cadence_reminders(tenant_id: int, now: datetime) -> int:
    """One reminder to the owner per overdue period of each open lead: the
    period is identified by the due time, which moves with every follow-up."""
    rows = (
        await LeadRepository(tenant_id)
        .query()
        .filter(status=LeadStatus.OPEN.value, due_at__lt=now, owner_id__isnull=False)
        .values("id", "owner_id", "store_id", "due_at", "intent_grade")
    )
    await notify(
        [
            Message(
                tenant_id,
                r["owner_id"],
                "cadence_overdue",
                "Follow-up overdue",
                f"Lead {r['id']} (grade {r['intent_grade']}) was due "
                f"{r['due_at']:%Y-%m-%d %H:%M} UTC.",
                f"cadence:{r['id']}:{int(r['due_at'].timestamp())}",
                r["store_id"],
                data={"lead_id": r["id"], "due_at": r["due_at"].isoformat()},
            )
            for r in rows
        ]
    )
    return len(rows)


async def morning_lists(tenant_id: int, now: datetime) -> int:
    """At 08:00 in each store's time zone, every consultant gets the follow-ups
    due by the end of their local day (08:00 unless the group chose another hour)."""
    morning_hour = (await load_group_settings(tenant_id)).morning_list_hour
    sent = 0
    for store in await StoreRepository(tenant_id).query().filter(is_active=True):
        zone = ZoneInfo(store.timezone)
        local = now.astimezone(zone)
        if local.hour != morning_hour:
            continue
        end_of_day = datetime.combine(local.date() + timedelta(days=1), time(), zone)
        rows = (
            await LeadRepository(tenant_id)
            .query()
            .filter(
                store_id=store.id,
                status=LeadStatus.OPEN.value,
                due_at__lt=end_of_day,
                owner_id__isnull=False,
            )
            .order_by("due_at")
            .values("id", "owner_id", "due_at")
        )
        by_owner: dict[int, list[int]] = defaultdict(list)
        for r in rows:
            by_owner[r["owner_id"]].append(r["id"])
        await notify(
            [
                Message(
                    tenant_id,
                    owner,
                    "morning_list",
                    f"Today's follow-ups: {len(ids)}",
                    f"{len(ids)} leads are due today at {store.code}.",
                    f"morning:{owner}:{store.id}:{local.date().isoformat()}",
                    store.id,
                    data={"lead_ids": ids, "date": local.date().isoformat()},
                )
                for owner, ids in by_owner.items()
            ]
        )
        sent += len(by_owner)
    return sent


async def thank_you(
    tenant_id: int, follow_up_id: int, now: datetime, trigger: str = "crm.thank_you"
) -> str:
    """A thank-you message to the customer after a showroom visit, if the visit
    was logged within the group's time (two hours unless it chose another):
    recorded in the customer's messages and handed to the SMS outbox, each
    once. Returns what happened."""
    rule = (await load_group_settings(tenant_id)).thank_you
    follow_up = await FollowUpRepository(tenant_id).get(follow_up_id)
    if follow_up is None or follow_up.channel != FollowUpChannel.SHOWROOM_VISIT:
        return "skipped: not a showroom visit"
    if now - follow_up.happened_at > timedelta(hours=rule.within_hours):
        return f"skipped: the visit was more than {rule.within_hours:g} hours ago"
    customer = await CustomerRepository(tenant_id).get(follow_up.customer_id)
    store = await StoreRepository(tenant_id).get(follow_up.store_id)
    if customer is None or store is None or follow_up.user_id is None:
        return "skipped: customer, store or consultant gone"
    text = rule.text(customer.name, store.name)
    key = f"thanks:{follow_up.id}"
    await record_messages(
        tenant_id,
        [
            OutgoingMessage(
                store_id=store.id,
                customer_id=customer.id,
                kind=MessageKind.THANK_YOU,
                channel=MessageChannel.SMS,
                recipient=customer.phone,
                text=text,
                sent_at=now,
                trigger=trigger,
                dedup_key=key,
                lead_id=follow_up.lead_id,
                follow_up_id=follow_up.id,
                user_id=follow_up.user_id,
            )
        ],
    )
    await notify(
        [
            Message(
                tenant_id,
                follow_up.user_id,
                "thank_you",
                "Thank-you message sent",
                text,
                key,
                store.id,
                channel="sms",
                data={"customer_id": customer.id, "phone": customer.phone},
            )
        ]
    )
    return "sent"


async def visits_missing_thanks(tenant_id: int, now: datetime) -> list[int]:
    """Showroom visits within the group's thank-you time (for the sweep that
    catches any thank-you whose job was lost)."""
    within = timedelta(hours=(await load_group_settings(tenant_id)).thank_you.within_hours)
    # values_list(flat=True) yields values; tortoise types them as tuples.
    return list(
        await FollowUpRepository(tenant_id)  # type: ignore[arg-type]
        .query()
        .filter(channel=FollowUpChannel.SHOWROOM_VISIT.value, happened_at__gte=now - within)
        .values_list("id", flat=True)
    )
