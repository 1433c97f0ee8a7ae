"""Routing OEM leads to stores: what a batch reads once, the candidate stores
of an order, and the least loaded of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.functions import Count

from saas.db import db, int_array
from saas.errors import ValidationFailed
from saas.models import DistributedLead, Oem, OemRoutingRule, Store
from saas.oem.repository import OemLeadRepository, RoutingRuleRepository
from saas.oem.types import LeadOrder
from saas.org.repository import franchised_stores, stores_in_directory
from saas.tenancy.rls import directory_scope


@dataclass
class Batch:
    """What distribution reads once per batch rather than once per lead: the
    OEM, the rows already sent under the batch's references, the routing rules
    per brand, the stores named or franchised, and each candidate store's open
    OEM leads (counted once, then kept current as leads of the batch land)."""

    oem: Oem
    sent: dict[str, DistributedLead] = field(default_factory=dict)
    rules: dict[str, list[OemRoutingRule]] = field(default_factory=dict)
    named: dict[int, Store | None] = field(default_factory=dict)
    franchised: list[Store] | None = None
    places: dict[tuple[str, str, str], list[Store]] = field(default_factory=dict)
    loads: dict[int, int] = field(default_factory=dict)

    @classmethod
    async def load(cls, oem_id: int, refs: list[str]) -> Batch:
        wanted = list({r.strip() for r in refs})
        sent = await OemLeadRepository(oem_id).query().filter(external_ref__in=wanted)
        return cls(await Oem.get(id=oem_id), {d.external_ref: d for d in sent})

    async def prepare(self, orders: list[LeadOrder]) -> None:
        """Read what routing `orders` needs and is not known yet, in a few
        queries whatever their number."""
        named = {o.store_id for o in orders if o.store_id is not None} - set(self.named)
        brands = {o.brand for o in orders if o.store_id is None} - set(self.rules)
        async with directory_scope():
            if named:
                found = await stores_in_directory(named)
                self.named.update({i: found.get(i) for i in named})
            if brands:
                for brand in brands:
                    self.rules[brand] = []
                rules = RoutingRuleRepository(self.oem.id).query().filter(brand__in=brands)
                for rule in await rules:
                    self.rules[rule.brand].append(rule)
                if self.franchised is None:
                    self.franchised = await franchised_stores(set(self.oem.brands))
            uncounted = {
                s.id for o in orders if o.store_id is None for s in self.candidates(o)
            } - set(self.loads)
            if uncounted:
                counted = await open_oem_leads(self.oem.id, list(uncounted))
                self.loads.update({i: counted.get(i, 0) for i in uncounted})

    def candidates(self, order: LeadOrder) -> list[Store]:
        """The OEM's routing: franchised stores carrying the brand in the city
        (if its rules cover the city), else in the region (likewise)."""
        rules = self.rules.get(order.brand, [])
        if order.city and (not rules or any(r.city == order.city for r in rules)):
            found = self._franchised(order.brand, "city", order.city)
            if found:
                return found
        if order.region and (not rules or any(r.region == order.region for r in rules)):
            return self._franchised(order.brand, "region", order.region)
        return []

    def _franchised(self, brand: str, kind: str, place: str) -> list[Store]:
        key = (brand, kind, place)
        if key not in self.places:
            self.places[key] = [
                s
                for s in self.franchised or []
                if getattr(s, kind) == place and brand in (s.brands or [])
            ]
        return self.places[key]

    def route(self, order: LeadOrder, path: str, exclude: int | None = None) -> Store:
        """Explicit store, or the candidate with fewest open OEM leads (after
        `prepare`)."""
        if order.store_id is not None:
            store = self.named.get(order.store_id)
            if store is not None and not set(self.oem.brands) & set(store.brands or []):
                store = None  # not a franchisee of this OEM: answered as missing, unnamed
            if store is None:
                raise ValidationFailed.one(
                    f"{path}.storeId", f"store {order.store_id} does not exist"
                )
            if order.brand not in (store.brands or []):
                raise ValidationFailed.one(
                    f"{path}.storeId", f"{store.code} does not carry {order.brand}"
                )
            return store
        candidates = [s for s in self.candidates(order) if s.id != exclude]
        if not candidates:
            where = order.city or order.region or "anywhere"
            raise ValidationFailed.one(
                f"{path}.storeId",
                f"no franchised store carries {order.brand} in {where}; name a store",
            )
        return min(candidates, key=lambda s: (self.loads[s.id], s.id))


async def route_one(batch: Batch, order: LeadOrder, path: str, exclude: int | None = None) -> Store:
    await batch.prepare([order])
    return batch.route(order, path, exclude)


async def open_oem_leads(oem_id: int, store_ids: list[int]) -> dict[int, int]:
    """Open OEM leads by store, for routing to the least loaded store, counted
    from the partial covering index distributed_lead_open_by_store (migration
    12) alone; values written in, as in `open_loads_sql`."""
    conn = db()
    if conn.schema_generator.DIALECT == "postgres":
        _, rows = await conn.execute_query(open_oem_leads_sql(oem_id, store_ids))
        return {row["store_id"]: row["n"] for row in rows}
    return dict(
        await OemLeadRepository(oem_id)
        .query()
        .filter(store_id__in=store_ids, status="active", outcome__isnull=True)
        .annotate(n=Count("id"))
        .group_by("store_id")
        .values_list("store_id", "n")
    )


def open_oem_leads_sql(oem_id: int, store_ids: list[int]) -> str:
    return f"""SELECT "store_id", count(*) AS "n" FROM "distributed_lead"
WHERE "oem_id" = {int(oem_id)} AND "store_id" = ANY({int_array(store_ids)})
  AND "status" = 'active' AND "outcome" IS NULL
GROUP BY "store_id"
"""
