"""Dealer groups (tenants), OEMs and stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, RawSQL
from tortoise.queryset import QuerySet

from saas.db import is_postgres
from saas.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from saas.models import DealerGroup, Oem, Store
from saas.org.repository import StoreRepository
from saas.tenancy.actor import Actor
from saas.validation import (
    check_brands,
    check_code,
    check_opening_hours,
    check_required,
    check_timezone,
)

# The organisations a caller may see: its own, or any with the read permission.
Org = TypeVar("Org", DealerGroup, Oem)


@dataclass
class StoreFields:
    code: str
    name: str
    region: str
    city: str
    timezone: str = "Asia/Shanghai"
    brands: list[str] = field(default_factory=list)
    opening_hours: dict[str, list[str]] = field(default_factory=dict)


def stores_visible_to(actor: Actor) -> StoreRepository:
    """Stores of the actor's tenant it may read: all of them with a group-wide
    grant, otherwise those it holds a store role in."""
    if actor.tenant_id is None:
        raise Forbidden("stores belong to dealer groups; this account has none")
    return StoreRepository(actor.tenant_id, actor.store_ids_with("store", "read"))


async def get_store(actor: Actor, store_id: int) -> Store:
    store = await stores_visible_to(actor).require(store_id, "store")
    return store


def _check_store(fields: StoreFields) -> None:
    problems: list[FieldProblem | None] = [
        check_code("code", fields.code),
        check_required("name", fields.name),
        check_required("region", fields.region, 100),
        check_required("city", fields.city, 100),
        check_timezone("timezone", fields.timezone),
        check_brands("brands", fields.brands),
        *check_opening_hours("opening_hours", fields.opening_hours),
    ]
    found = [p for p in problems if p is not None]
    if found:
        raise ValidationFailed(found)


async def create_store(tenant_id: int, fields: StoreFields) -> Store:
    fields.code = fields.code.strip().upper()
    _check_store(fields)
    repo = StoreRepository(tenant_id)
    if await repo.query().filter(code=fields.code).exists():
        raise Conflict(f"a store with code {fields.code} already exists in this dealer group")
    return await repo.create(
        code=fields.code,
        name=fields.name.strip(),
        region=fields.region.strip(),
        city=fields.city.strip(),
        timezone=fields.timezone,
        brands=[b.strip() for b in fields.brands],
        opening_hours=fields.opening_hours,
    )


async def create_dealer_group(code: str, name: str) -> DealerGroup:
    code = code.strip().upper()
    problems = [p for p in (check_code("code", code), check_required("name", name)) if p]
    if problems:
        raise ValidationFailed(problems)
    if await DealerGroup.filter(code=code).exists():
        raise Conflict(f"a dealer group with code {code} already exists")
    try:
        return await DealerGroup.create(code=code, name=name.strip())
    except IntegrityError as exc:
        raise Conflict(f"a dealer group with code {code} already exists") from exc


async def create_oem(code: str, name: str, brands: list[str]) -> Oem:
    code = code.strip().upper()
    problems = [
        p
        for p in (
            check_code("code", code),
            check_required("name", name),
            check_brands("brands", brands),
        )
        if p
    ]
    if not brands:
        problems.append(FieldProblem(("brands",), "name at least one brand"))
    if problems:
        raise ValidationFailed(problems)
    if await Oem.filter(code=code).exists():
        raise Conflict(f"an OEM with code {code} already exists")
    return await Oem.create(code=code, name=name.strip(), brands=[b.strip() for b in brands])


def filter_stores(
    qs: QuerySet[Store],
    *,
    city: str | None = None,
    region: str | None = None,
    brand: str | None = None,
    search: str | None = None,
) -> QuerySet[Store]:
    if city:
        qs = qs.filter(city=city)
    if region:
        qs = qs.filter(region=region)
    if brand:
        qs = _with_brand(qs, brand)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return qs


def _with_brand(qs: QuerySet[Store], brand: str) -> QuerySet[Store]:
    if is_postgres():
        return qs.filter(brands__contains=[brand])
    # SQLite has no JSON containment operator in Tortoise; json_each does it.
    literal = brand.replace("'", "''")
    exists = f"""EXISTS (SELECT 1 FROM json_each("store"."brands") WHERE value = '{literal}')"""
    return qs.annotate(has_brand=RawSQL(exists)).filter(has_brand=True)


async def visible_dealer_group(actor: Actor, dealer_group_id: int) -> DealerGroup:
    """The actor's own dealer group, or any for those who may read tenants."""
    allowed = actor.tenant_id == dealer_group_id or actor.can("tenant", "read")
    return await _one_if(allowed, DealerGroup, dealer_group_id, "dealer group")


async def visible_oem(actor: Actor, oem_id: int) -> Oem:
    """The actor's own OEM, or any for those who may read OEMs."""
    allowed = actor.oem_id == oem_id or actor.can("oem", "read")
    return await _one_if(allowed, Oem, oem_id, "OEM")


async def _one_if(allowed: bool, model: type[Org], pk: int, what: str) -> Org:
    """Row `pk` of `model` if `allowed`; NotFound naming `what` when not
    allowed or not there, so the two cannot be told apart."""
    row = await model.get_or_none(id=pk) if allowed else None
    if row is None:
        raise NotFound(what, pk)
    return row
