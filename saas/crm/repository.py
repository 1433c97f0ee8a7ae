"""Queries on CRM tables, all through the tenant-scoped base."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Max

from saas import hooks
from saas.crm.vocabulary import OPEN_FOR_LOAD, FollowUpChannel
from saas.db import db, int_array
from saas.models import (
    Campaign,
    CampaignInvitation,
    ConsultantProductLine,
    Customer,
    CustomerCard,
    CustomerDataShare,
    CustomerEvent,
    CustomerMessage,
    CustomerTag,
    FollowUp,
    Lead,
    LeadAssignment,
    LeadEvent,
    Order,
    Partner,
    StoreCounter,
    TestDrive,
    Vehicle,
)
from saas.tenancy.scoped import TenantRepository, read_rows


class LeadRepository(TenantRepository[Lead]):
    owner_column: ClassVar[str | None] = "owner_id"

    async def update(self, obj: Lead, **values: Any) -> Lead:
        lead = await super().update(obj, **values)
        if lead.is_distributed:
            # Keep the OEM's view of its distributed lead in step.
            await hooks.distributed_lead_saved(lead)
        return lead

    async def open_loads(
        self, store_ids: list[int], owner_ids: list[int]
    ) -> list[tuple[int, int, int]]:
        """(store, owner, open leads) for owner choice, counted from the
        partial covering index lead_load_by_store (migration 12) alone."""
        conn = self.raw_connection()
        if conn is not None:
            _, rows = await conn.execute_query(open_loads_sql(self.tenant_id, store_ids, owner_ids))
            return [(row["store_id"], row["owner_id"], row["n"]) for row in rows]
        return await (
            self.query()
            .filter(store_id__in=store_ids, owner_id__in=owner_ids, status__in=OPEN_FOR_LOAD)
            .annotate(n=Count("id"))
            .group_by("store_id", "owner_id")
            .values_list("store_id", "owner_id", "n")
        )

    async def follow_cadence(
        self, grades: dict[str, tuple[timedelta, timedelta]], now: datetime
    ) -> int:
        """Move the cadence deadline of every open (or lost-pending) lead of
        `grades` (grade -> (first within, then every)) to what the cadence
        gives: arrival + first within before any follow-up, else the last
        follow-up + then every; and `due_at` of open leads to the earlier of
        that and the planned date. Set-based: one UPDATE on PostgreSQL. The
        lead's version stays (nobody edited it). Returns the leads moved."""
        if not grades:
            return 0
        conn = self.raw_connection()
        if conn is not None:
            names = list(grades)
            count, _ = await conn.execute_query(
                FOLLOW_CADENCE_SQL,
                [
                    self.tenant_id,
                    names,
                    [grades[g][0].total_seconds() for g in names],
                    [grades[g][1].total_seconds() for g in names],
                    now,
                ],
            )
            return int(count)
        moved = 0
        leads = self.query().filter(
            status__in=["open", "lost_pending"], intent_grade__in=list(grades)
        )
        for lead in await leads:
            first, every = grades[lead.intent_grade]
            if lead.last_follow_up_at is None:
                cadence_at = lead.created_at + first
            else:
                cadence_at = lead.last_follow_up_at + every
            values: dict[str, Any] = {"cadence_due_at": cadence_at}
            if lead.status == "open":
                planned = lead.next_follow_up_at
                values["due_at"] = min(cadence_at, planned) if planned else cadence_at
            moved += await self.query().filter(id=lead.id).update(**values)
        return moved


def open_loads_sql(tenant_id: int, store_ids: Collection[int], owner_ids: Collection[int]) -> str:
    """The owner-load count with its values written in, not bound: a prepared
    statement's generic plan (cached after five runs, its parameters unknown)
    cannot prove the partial index's predicate and picks a table scan through
    another index, 5-10x slower at 3M leads; with literals every run is
    planned for its values."""
    statuses = ", ".join(f"'{s}'" for s in OPEN_FOR_LOAD)
    return f"""SELECT "store_id", "owner_id", count(*) AS "n" FROM "lead"
WHERE "tenant_id" = {int(tenant_id)} AND "store_id" = ANY({int_array(store_ids)})
  AND "owner_id" = ANY({int_array(owner_ids)}) AND "status" IN ({statuses})
GROUP BY "store_id", "owner_id"
"""


class CustomerRepository(TenantRepository[Customer]):
    owner_column: ClassVar[str | None] = "owner_id"

    def store_rows(self, store_column: str, store_ids: frozenset[int]) -> Q:
        # A store's customers include those archived elsewhere with a lead here.
        with_lead_here = Subquery(
            LeadRepository(self.tenant_id)
            .query()
            .filter(store_id__in=list(store_ids))
            .values("customer_id")
        )
        return Q(store_id__in=list(store_ids)) | Q(id__in=with_lead_here)

    def own_rows(self, store_column: str, store_ids: frozenset[int], owner_id: int) -> Q:
        # A consultant sees the customers it owns and those of the leads it owns.
        of_my_leads = Subquery(
            LeadRepository(self.tenant_id)
            .query()
            .filter(owner_id=owner_id, store_id__in=list(store_ids))
            .values("customer_id")
        )
        return Q(store_id__in=list(store_ids), owner_id=owner_id) | Q(id__in=of_my_leads)

    @classmethod
    def sql_condition(
        cls, alias: str, shape: tuple[bool, bool], slot: Callable[[str, str], str]
    ) -> str:
        """`store_rows` and `own_rows` as one PostgreSQL condition on `alias`
        (for a compiled read statement; see `TenantRepository.sql_condition`).

        "A lead of it here" is a correlated EXISTS, not `id IN (SELECT ...)`:
        the same rows (in a WHERE), and PostgreSQL may probe a customer's
        leads by the (tenant, customer) index where it reads few customers
        (one, for a timeline); the IN's generic plan was costed for hashing
        every lead of the stores, dearer than planning each run anew."""
        tenant = slot("scope_tenant_id", "bigint")
        condition = f'{alias}."tenant_id" = {tenant}'
        limited, own = shape
        if not limited:
            return condition
        stores = slot("scope_store_ids", "bigint[]")
        visible = f'{alias}."store_id" = ANY({stores}) OR ' + _with_lead(
            alias, tenant, f'l."store_id" = ANY({stores})'
        )
        if own:
            visible += f" OR {cls._own_rows_sql(alias, slot)}"
        return f"{condition} AND ({visible})"

    @classmethod
    def sql_own_rows_condition(cls, alias: str, slot: Callable[[str, str], str]) -> str:
        """`own_rows` alone (a consultant, who has no whole store), as one
        list of ids: the customers it owns in its stores and those of the
        leads it owns there, each read by its index, then the page's rows
        by key. As an OR of the two on every customer row, PostgreSQL read
        the whole dealer group's customers to count them."""
        tenant = slot("scope_tenant_id", "bigint")
        own_stores = slot("scope_own_store_ids", "bigint[]")
        owner = slot("scope_owner_id", "bigint")
        return (
            f'{alias}."tenant_id" = {tenant} AND {alias}."id" IN ('
            f'SELECT c."id" FROM "customer" c WHERE c."tenant_id" = {tenant} '
            f'AND c."store_id" = ANY({own_stores}) AND c."owner_id" = {owner} '
            f'UNION ALL SELECT l."customer_id" FROM "lead" l WHERE l."tenant_id" = {tenant} '
            f'AND l."owner_id" = {owner} AND l."store_id" = ANY({own_stores}))'
        )

    @staticmethod
    def _own_rows_sql(alias: str, slot: Callable[[str, str], str]) -> str:
        """`own_rows` as a condition on one customer row (beside a store's
        rows in `sql_condition`)."""
        tenant = slot("scope_tenant_id", "bigint")
        own_stores = slot("scope_own_store_ids", "bigint[]")
        owner = slot("scope_owner_id", "bigint")
        return (
            f'({alias}."store_id" = ANY({own_stores}) AND {alias}."owner_id" = {owner}) OR '
            + _with_lead(
                alias, tenant, f'l."owner_id" = {owner} AND l."store_id" = ANY({own_stores})'
            )
        )


def _with_lead(alias: str, tenant: str, condition: str) -> str:
    """The customer `alias` has a lead meeting `condition` (on alias l)."""
    return (
        f'EXISTS (SELECT FROM "lead" l WHERE l."tenant_id" = {tenant} '
        f'AND l."customer_id" = {alias}."id" AND {condition})'
    )


class FollowUpRepository(TenantRepository[FollowUp]):
    async def latest_of_leads(self, lead_ids: Collection[int]) -> list[Any]:
        """The latest follow-up of each lead, for display (see `rows_where`):
        on PostgreSQL one DISTINCT ON walk of the follow_up_latest index."""
        conn = self.raw_connection()
        if conn is None:
            latest = (
                self.query()
                .filter(lead_id__in=list(lead_ids))
                .annotate(latest=Max("id"))
                .group_by("lead_id")
                .values("latest")
            )
            return await self.query().filter(id__in=Subquery(latest))
        _, records = await conn.execute_query(
            'SELECT DISTINCT ON ("lead_id") * FROM "follow_up" WHERE "tenant_id" = $1 '
            'AND "lead_id" = ANY($2) ORDER BY "lead_id", "id" DESC',
            [self.tenant_id, list(lead_ids)],
        )
        return read_rows(FollowUp, records)

    async def revisits(
        self, store_ids: Collection[int], start: datetime, end: datetime
    ) -> list[tuple[int, int | None, int]] | None:
        """(store, consultant, showroom visits in [start, end) at `store_ids`
        that were not their lead's first visit, wherever that was), on
        PostgreSQL: one pass with a semi-join on each visit's earlier ones
        (follow_up_latest index), instead of reading every first visit's id
        and sending them back as a list. None where hand-written SQL may not
        stand in for the ORM (see `raw_connection`)."""
        conn = self.raw_connection()
        if conn is None:
            return None
        if not store_ids:
            return []
        visit = f"'{FollowUpChannel.SHOWROOM_VISIT.value}'"
        _, rows = await conn.execute_query(
            f"""SELECT f."store_id", f."user_id", count(*) AS "n" FROM "follow_up" f
WHERE f."tenant_id" = $1 AND f."store_id" = ANY({int_array(store_ids)})
  AND f."channel" = {visit} AND f."happened_at" >= $2 AND f."happened_at" < $3
  AND EXISTS (SELECT 1 FROM "follow_up" e WHERE e."tenant_id" = f."tenant_id"
              AND e."lead_id" = f."lead_id" AND e."id" < f."id" AND e."channel" = {visit})
GROUP BY f."store_id", f."user_id"
""",
            [self.tenant_id, start, end],
        )
        return [(row["store_id"], row["user_id"], row["n"]) for row in rows]


class CustomerMessageRepository(TenantRepository[CustomerMessage]): ...


class CustomerCardRepository(TenantRepository[CustomerCard]):
    owner_column: ClassVar[str | None] = "consultant_id"


class CampaignRepository(TenantRepository[Campaign]):
    """Campaigns of the stores in scope, and the group's own (no store): a
    group-wide event is shown to every store of the group."""

    def store_rows(self, store_column: str, store_ids: frozenset[int]) -> Q:
        return super().store_rows(store_column, store_ids) | Q(store_id__isnull=True)


class CampaignInvitationRepository(TenantRepository[CampaignInvitation]):
    """Invitations by the invited customer's store."""


class OwnedVehicleRepository(TenantRepository[Vehicle]):
    """The after-sales vehicles customers own, as a campaign segment reads them
    (the CRM does not import the after-sales domain, which builds on it)."""


class PartnerRepository(TenantRepository[Partner]):
    store_column: ClassVar[str | None] = None  # a partner belongs to the whole group


class CustomerDataShareRepository(TenantRepository[CustomerDataShare]): ...


class CustomerTagRepository(TenantRepository[CustomerTag]): ...


class CustomerEventRepository(TenantRepository[CustomerEvent]): ...


class LeadEventRepository(TenantRepository[LeadEvent]): ...


class LeadAssignmentRepository(TenantRepository[LeadAssignment]): ...


class TestDriveRepository(TenantRepository[TestDrive]): ...


class OrderRepository(TenantRepository[Order]): ...


class ProductLineRepository(TenantRepository[ConsultantProductLine]): ...


class StoreCounterRepository(TenantRepository[StoreCounter]):
    async def reserve(self, name: str, counts: dict[int, int]) -> dict[int, int]:
        """Advance the `name` counter of each store by its count (creating it
        at 0 first) and return each store's new value: the store's block is
        the `count` numbers ending there. The counter rows stay locked until
        the transaction ends, taken in store order so batches cannot deadlock."""
        conn, now = db(), datetime.now(UTC)
        upsert = (
            'INSERT INTO "store_counter" ("tenant_id", "store_id", "name", "value", "created_at") '
            "{rows} ON CONFLICT (tenant_id, store_id, name) "
            'DO UPDATE SET "value" = "store_counter"."value" + excluded."value" '
            'RETURNING "store_id", "value"'
        )
        stores = sorted(counts)
        if conn.schema_generator.DIALECT == "postgres":
            rows = await conn.execute_query_dict(
                upsert.format(
                    rows="SELECT $1, s, $2, n, $3 "
                    "FROM unnest($4::bigint[], $5::bigint[]) AS x(s, n)"
                ),
                [self.tenant_id, name, now, stores, [counts[s] for s in stores]],
            )
        else:
            rows = []
            for store_id in stores:
                rows += await conn.execute_query_dict(
                    upsert.format(rows="VALUES (?, ?, ?, ?, ?)"),
                    [self.tenant_id, store_id, name, counts[store_id], now],
                )
        return {row["store_id"]: row["value"] for row in rows}


# The cadence of the given grades, anew, for a tenant's open leads: $1 tenant,
# $2 grades, $3/$4 their first-within/then-every in seconds, $5 now. LEAST
# skips a NULL planned date. Row-level security holds under it.
FOLLOW_CADENCE_SQL = """
UPDATE "lead" AS l
SET "cadence_due_at" = n.due,
    "due_at" = CASE WHEN l."status" = 'open' THEN LEAST(n.due, l."next_follow_up_at")
               ELSE l."due_at" END,
    "updated_at" = $5
FROM (
    SELECT x."id",
           CASE WHEN x."last_follow_up_at" IS NULL
                THEN x."created_at" + make_interval(secs => c.first_s)
                ELSE x."last_follow_up_at" + make_interval(secs => c.every_s) END AS due
    FROM "lead" AS x
    JOIN unnest($2::text[], $3::float8[], $4::float8[]) AS c(grade, first_s, every_s)
      ON x."intent_grade" = c.grade
    WHERE x."tenant_id" = $1 AND x."status" IN ('open', 'lost_pending')
) AS n
WHERE l."id" = n."id" AND l."tenant_id" = $1
"""
