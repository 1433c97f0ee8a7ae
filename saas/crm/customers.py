"""Customer archives: create, update, tags, consents, phone reveal, merge."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from typing import Any

from saas.crm.access import (
    customer_scope,
    owns_customer,
    store_for,
    tenant_of,
    visible_customer,
)
from saas.crm.phones import normalise_phone
from saas.crm.repository import (
    CustomerEventRepository,
    CustomerMessageRepository,
    CustomerRepository,
    CustomerTagRepository,
    FollowUpRepository,
    LeadRepository,
    OrderRepository,
    StoreCounterRepository,
    TestDriveRepository,
)
from saas.crm.vocabulary import (
    CreditRating,
    ExpectedPurchase,
    LeadStatus,
    ModelClass,
    PurchasePotential,
    Purpose,
    TagKind,
)
from saas.errors import (
    Conflict,
    FieldProblem,
    Forbidden,
    NotFound,
    ValidationFailed,
    field_path,
)
from saas.events.service import EventType, emit
from saas.identity.service import SELLING_ROLES, store_staff
from saas.models import Customer, CustomerTag, Store
from saas.tenancy.actor import Actor
from saas.tenancy.roles import Role
from saas.tenancy.scoped import claim_version

GENDERS = ("male", "female", "other")
INCOME_BANDS = ("<100k", "100-200k", "200-500k", "500k-1m", ">1m")


class DuplicateCustomerError(Conflict):
    code = "DUPLICATE_CUSTOMER"

    def __init__(self, customer: Customer) -> None:
        super().__init__(
            f"a customer with this phone already exists (archive {customer.archive_no})"
        )
        self.customer = customer


@dataclass
class CustomerFields:
    """Customer data as entered; None means 'not given'."""

    name: str | None = None
    phone: str | None = None
    wechat: str | None = None
    gender: str | None = None
    birthday: date | None = None
    city: str | None = None
    occupation: str | None = None
    income_band: str | None = None
    model_class: str | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    purpose: str | None = None
    focus_points: list[str] | None = None
    expected_purchase: str | None = None
    purchase_potential: str | None = None
    given: set[str] = field(default_factory=set)

    def values(self) -> dict[str, Any]:
        """The fields that were given, ready to store."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "given" and (getattr(self, f.name) is not None or f.name in self.given)
        }


def check_customer_fields(
    data: CustomerFields, path: str = "", *, creating: bool
) -> list[FieldProblem]:
    """Validate and normalise in place (phone to E.164). Problems are named
    by field, below `path` (e.g. `customer`) when the customer is part of
    something larger."""
    problems: list[FieldProblem] = []

    def bad(name: str, message: str) -> None:
        problems.append(FieldProblem((*field_path(path), name), message))

    for name, label in (("name", "name"), ("phone", "phone")):
        if not creating and name in data.given and getattr(data, name) is None:
            bad(label, "cannot be cleared")
    if data.focus_points is None and "focus_points" in data.given:
        data.focus_points = []
    if creating or data.name is not None:
        if not (data.name or "").strip():
            bad("name", "the customer's name is required")
        elif len(data.name or "") > 100:
            bad("name", "must be at most 100 characters")
        else:
            data.name = (data.name or "").strip()
    if creating or data.phone is not None:
        phone = normalise_phone(data.phone or "")
        if phone is None:
            bad("phone", f"{data.phone!r} is not a usable phone number (e.g. 138 0013 8000)")
        data.phone = phone
    if data.gender is not None and data.gender not in GENDERS:
        bad("gender", f"must be one of {', '.join(GENDERS)}")
    if data.birthday is not None and data.birthday >= date.today():
        bad("birthday", "must be in the past")
    if data.income_band is not None and data.income_band not in INCOME_BANDS:
        bad("income_band", f"must be one of {', '.join(INCOME_BANDS)}")
    for name, value, allowed in (
        ("model_class", data.model_class, ModelClass),
        ("purpose", data.purpose, Purpose),
        ("expected_purchase", data.expected_purchase, ExpectedPurchase),
        ("purchase_potential", data.purchase_potential, PurchasePotential),
    ):
        if value is not None and value not in allowed.__members__.values():
            bad(name, f"must be one of {', '.join(m.value for m in allowed)}")
    problems += check_budget(data.budget_min, data.budget_max, path)
    return problems


def check_budget(low: int | None, high: int | None, path: str = "") -> list[FieldProblem]:
    problems = []
    for name, value in (("budget_min", low), ("budget_max", high)):
        if value is not None and value <= 0:
            problems.append(FieldProblem((*field_path(path), name), "must be a positive amount"))
    if low is not None and high is not None and low > high:
        problems.append(
            FieldProblem((*field_path(path), "budget_max"), "must not be below budgetMin")
        )
    return problems


async def next_archive_no(tenant_id: int, store: Store) -> str:
    """Store code + per-store sequence, e.g. SH-PUDONG-000042. The counter row
    is updated (and so locked) before it is read: concurrent creations wait."""
    counter = await StoreCounterRepository(tenant_id).reserve("customer", {store.id: 1})
    return archive_no(store, counter[store.id])


def archive_no(store: Store, number: int) -> str:
    return f"{store.code}-{number:06d}"


async def find_by_phone(tenant_id: int, phone: str) -> Customer | None:
    """The live customer with this phone, following merges (for many phones:
    `live_customers_by_phone`)."""
    customer = await CustomerRepository(tenant_id).query().get_or_none(phone=phone)
    seen = set()
    while customer is not None and customer.merged_into_id is not None and customer.id not in seen:
        seen.add(customer.id)
        customer = await CustomerRepository(tenant_id).get(customer.merged_into_id)
    return customer


async def live_customers_by_phone(
    tenant_id: int, phones: set[str]
) -> dict[str, tuple[int, int | None]]:
    """`find_by_phone` for many phones in a query or two: phone -> (id, owner)
    of the live customer, following merges."""
    customers = CustomerRepository(tenant_id)
    found = [
        (r["id"], r["phone"], r["owner_id"], r["merged_into_id"])
        for r in await customers.values_where(
            "phone", phones, "id", "phone", "owner_id", "merged_into_id"
        )
    ]
    known = {i: (owner, merged) for i, _, owner, merged in found}
    missing = {merged for *_, merged in found if merged is not None} - set(known)
    while missing:
        more = await customers.values_where("id", missing, "id", "owner_id", "merged_into_id")
        known.update({r["id"]: (r["owner_id"], r["merged_into_id"]) for r in more})
        missing = {r["merged_into_id"] for r in more if r["merged_into_id"] is not None} - set(
            known
        )

    def live(customer_id: int) -> int:
        seen = {customer_id}
        while (merged := known[customer_id][1]) in known and merged not in seen:
            seen.add(merged)
            customer_id = merged
        return customer_id

    answer = {}
    for customer_id, phone, _, _ in found:
        target = live(customer_id)
        answer[phone] = (target, known[target][0])
    return answer


async def check_owner(tenant_id: int, store_id: int, owner_id: int, path: str) -> None:
    staff = await store_staff(tenant_id, store_id, SELLING_ROLES)
    if owner_id not in staff:
        raise ValidationFailed.one(path, "must be an active consultant or manager of the store")


async def insert_customer(
    tenant_id: int, store: Store, data: CustomerFields, owner_id: int | None
) -> Customer:
    values = data.values()
    values.setdefault("focus_points", [])
    return await CustomerRepository(tenant_id).create(
        store_id=store.id,
        archive_no=await next_archive_no(tenant_id, store),
        owner_id=owner_id,
        **values,
    )


async def create_customer(
    actor: Actor, store_id: int, data: CustomerFields, owner_id: int | None = None
) -> Customer:
    tenant_id = tenant_of(actor)
    store = await store_for(actor, store_id, "customer", "create", field="store_id")
    problems = check_customer_fields(data, creating=True)
    if problems:
        raise ValidationFailed(problems)
    existing = await find_by_phone(tenant_id, data.phone or "")
    if existing is not None:
        raise DuplicateCustomerError(existing)
    if owner_id is None and actor.has_role(Role.CONSULTANT):
        owner_id = actor.user_id
    if owner_id not in (None, actor.user_id) and not actor.can(
        "customer", "update_any", store_id=store.id
    ):
        raise Forbidden("only managers and customer admins choose another owner")
    if owner_id is not None:
        await check_owner(tenant_id, store.id, owner_id, "owner_id")
    return await insert_customer(tenant_id, store, data, owner_id)


async def update_customer(
    actor: Actor, customer_id: int, data: CustomerFields, expected_version: int | None = None
) -> Customer:
    customer = await visible_customer(actor, customer_id, write=True)
    problems = check_customer_fields(data, creating=False)
    if problems:
        raise ValidationFailed(problems)
    if data.phone is not None and data.phone != customer.phone:
        other = await find_by_phone(customer.tenant_id, data.phone)
        if other is not None and other.id != customer.id:
            raise DuplicateCustomerError(other)
    values = data.values()
    if not values:
        return customer
    await claim_version(CustomerRepository(customer.tenant_id), customer, expected_version)
    return await CustomerRepository(customer.tenant_id).update(customer, **values)


async def is_key_customer(customer: Customer) -> bool:
    """A key customer (重点客户): value tier A from the monthly classification,
    or an open lead a manager marked important."""
    if customer.value_tier == "A":
        return True
    return await (
        LeadRepository(customer.tenant_id)
        .query()
        .filter(customer_id=customer.id, is_important=True, status=LeadStatus.OPEN.value)
        .exists()
    )


async def rate_credit(
    actor: Actor,
    customer_id: int,
    rating: CreditRating,
    basis: str,
    rated_on: date,
    expected_version: int | None = None,
) -> Customer:
    """Set a key customer's credit rating with its basis and date; who set it
    is kept on the customer and in its history."""
    customer = await visible_customer(actor, customer_id, write=True)
    problems = []
    if not basis.strip():
        problems.append(FieldProblem.at("basis", "say what the rating is based on"))
    elif len(basis.strip()) > 500:
        problems.append(FieldProblem.at("basis", "must be at most 500 characters"))
    if rated_on > date.today():
        problems.append(FieldProblem.at("rated_on", "cannot be in the future"))
    if problems:
        raise ValidationFailed(problems)
    if not await is_key_customer(customer):
        tier = customer.value_tier or "not yet classified"
        raise ValidationFailed.one(
            "customer_id",
            "only key customers get a credit rating: value tier A or an open lead marked "
            f"important (this customer's value tier: {tier}; no open important lead)",
        )
    await claim_version(CustomerRepository(customer.tenant_id), customer, expected_version)
    customer = await CustomerRepository(customer.tenant_id).update(
        customer,
        credit_rating=rating.value,
        credit_rating_basis=basis.strip(),
        credit_rated_on=rated_on,
        credit_rated_by_id=actor.user_id,
    )
    await CustomerEventRepository(customer.tenant_id).create(
        customer_id=customer.id,
        store_id=customer.store_id,
        kind="credit_rated",
        actor_id=actor.user_id,
        data={"rating": rating.value, "basis": basis.strip(), "rated_on": rated_on.isoformat()},
    )
    return customer


CONSENTS = ("marketing", "share_finance", "share_insurance")


async def set_consents(
    actor: Actor, customer_id: int, changes: dict[str, bool], source: str
) -> Customer:
    """Record consent changes with time and source; each one is kept as history."""
    customer = await visible_customer(actor, customer_id, write=True)
    if not source.strip():
        raise ValidationFailed.one("source", "say where the consent came from")
    events = CustomerEventRepository(customer.tenant_id)
    updates: dict[str, Any] = {}
    for name, granted in changes.items():
        column = f"consent_{name}"
        if getattr(customer, column) != granted:
            updates[column] = granted
            await events.create(
                customer_id=customer.id,
                store_id=customer.store_id,
                kind="consent",
                actor_id=actor.user_id,
                data={"consent": name, "granted": granted, "source": source.strip()},
            )
    if updates:
        updates["version"] = customer.version + 1
        customer = await CustomerRepository(customer.tenant_id).update(customer, **updates)
    return customer


async def tag_customer(actor: Actor, customer_id: int, tag: str, kind: TagKind) -> CustomerTag:
    customer = await visible_customer(actor, customer_id, write=True)
    tag = tag.strip()
    if not tag or len(tag) > 48:
        raise ValidationFailed.one("tag", "a tag is 1 to 48 characters")
    tags = CustomerTagRepository(customer.tenant_id)
    existing = await tags.query().filter(customer_id=customer.id, tag=tag, removed_at=None).first()
    if existing is not None:
        return existing
    return await tags.create(
        customer_id=customer.id,
        store_id=customer.store_id,
        tag=tag,
        kind=kind.value,
        added_by_id=actor.user_id,
    )


async def untag_customer(actor: Actor, customer_id: int, tag: str) -> CustomerTag:
    customer = await visible_customer(actor, customer_id, write=True)
    tags = CustomerTagRepository(customer.tenant_id)
    active = tags.query().filter(customer_id=customer.id, tag=tag.strip(), removed_at=None)
    existing = await active.first()
    if existing is None:
        raise NotFound("tag", tag)
    await active.update(removed_at=datetime.now(UTC), removed_by_id=actor.user_id)
    await existing.refresh_from_db()
    return existing


async def reveal_phone(actor: Actor, customer_id: int) -> str:
    """The full number, for the owner or a role with customer:reveal_phone in
    the customer's store; every reveal by a non-owner is recorded."""
    customer = await visible_customer(actor, customer_id)
    if owns_customer(actor, customer):
        return customer.phone
    if not actor.can("customer", "reveal_phone", store_id=customer.store_id):
        raise Forbidden("you may not see this customer's phone number")
    await CustomerEventRepository(customer.tenant_id).create(
        customer_id=customer.id,
        store_id=customer.store_id,
        kind="phone_revealed",
        actor_id=actor.user_id,
        data={},
    )
    return customer.phone


async def merge_customers(actor: Actor, keep_id: int, merge_id: int, reason: str) -> Customer:
    """Fold `merge_id` into `keep_id`: every lead, follow-up, test drive, order,
    tag and history event moves over; the merged archive stays as a pointer."""
    if keep_id == merge_id:
        raise ValidationFailed.one("merge_id", "pick two different customers")
    if not reason.strip():
        raise ValidationFailed.one("reason", "say why these are the same person")
    keep = await visible_customer(actor, keep_id, write=True)
    merged = await visible_customer(actor, merge_id, write=True)
    for customer in (keep, merged):
        if not actor.can("customer", "merge", store_id=customer.store_id):
            raise Forbidden("merging customers is for managers and customer admins")
        if customer.merged_into_id is not None:
            raise Conflict(f"customer {customer.archive_no} was already merged")
    tenant_id = keep.tenant_id
    moved: dict[str, int] = {}
    for name, repo in (
        ("leads", LeadRepository(tenant_id)),
        ("follow_ups", FollowUpRepository(tenant_id)),
        ("test_drives", TestDriveRepository(tenant_id)),
        ("orders", OrderRepository(tenant_id)),
        ("messages", CustomerMessageRepository(tenant_id)),
    ):
        moved[name] = await repo.query().filter(customer_id=merged.id).update(customer_id=keep.id)
    tags = CustomerTagRepository(tenant_id)
    kept_tags = (
        await tags.query()
        .filter(customer_id=keep.id, removed_at=None)
        .values_list("tag", flat=True)
    )
    # A tag both archives carry stays once: the merged one is closed as history.
    await (
        tags.query()
        .filter(customer_id=merged.id, removed_at=None, tag__in=list(kept_tags))
        .update(removed_at=datetime.now(UTC), removed_by_id=actor.user_id)
    )
    moved["tags"] = await tags.query().filter(customer_id=merged.id).update(customer_id=keep.id)
    moved["events"] = (
        await CustomerEventRepository(tenant_id)
        .query()
        .filter(customer_id=merged.id)
        .update(customer_id=keep.id)
    )
    # Fill what the kept archive lacks from the merged one.
    filled = {
        column: getattr(merged, column)
        for column in (
            "wechat",
            "gender",
            "birthday",
            "city",
            "occupation",
            "income_band",
            "model_class",
            "budget_min",
            "budget_max",
            "purpose",
            "expected_purchase",
            "purchase_potential",
        )
        if getattr(keep, column) is None and getattr(merged, column) is not None
    }
    # A consent the person gave under either archive still holds.
    for column in ("consent_marketing", "consent_share_finance", "consent_share_insurance"):
        if getattr(merged, column) and not getattr(keep, column):
            filled[column] = True
    await CustomerRepository(tenant_id).update(
        merged, merged_into_id=keep.id, version=merged.version + 1
    )
    keep = await CustomerRepository(tenant_id).update(keep, version=keep.version + 1, **filled)
    await CustomerEventRepository(tenant_id).create(
        customer_id=keep.id,
        store_id=keep.store_id,
        kind="merged",
        actor_id=actor.user_id,
        data={
            "merged_customer_id": merged.id,
            "merged_archive_no": merged.archive_no,
            "merged_phone": merged.phone,
            "reason": reason.strip(),
            "moved": moved,
            "filled": sorted(filled),
        },
    )
    await emit(
        EventType.CUSTOMER_MERGED,
        tenant_id=tenant_id,
        store_id=keep.store_id,
        owner_id=keep.owner_id,
        data={
            "customer": {"id": keep.id, "archiveNo": keep.archive_no, "name": keep.name},
            "mergedCustomer": {"id": merged.id, "archiveNo": merged.archive_no},
            "reason": reason.strip(),
            "moved": moved,
        },
    )
    return keep


def customers_visible_to(actor: Actor) -> CustomerRepository:
    return CustomerRepository.for_scope(customer_scope(actor))
