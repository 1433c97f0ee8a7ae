"""Notification keys name their recipient (`<event key>@<user id>`), so that
several managers can hear of one event. Rows written before carry the event
key alone; they are given their recipient here, or the jobs that re-check the
same state every run (overdue follow-ups, thank-you messages, after-sales
reminders) would not recognise what they already sent and send it again.

No model changes.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

UPGRADE = """
UPDATE "notification" SET "dedup_key" = "dedup_key" || '@' || "user_id"
WHERE "dedup_key" NOT LIKE '%@%';
"""

# Not reversed: two recipients of one event cannot both keep the event's key
# alone. The older code writes event keys beside these and may repeat the
# last messages of a re-checked state once.
DOWNGRADE = "SELECT 1;"


async def upgrade(db: BaseDBAsyncClient) -> str:
    return UPGRADE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return DOWNGRADE
