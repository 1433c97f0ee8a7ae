"""Partners of a dealer group and consented sharing with them.

Banks, finance and insurance companies, and alliance agents (insurance agents,
estate agents who refer buyers) are records of the whole group, kept by its
administrators. Handing a customer's data to a finance or insurance partner
(a loan or lease application, an insurance quote) needs the customer's
matching consent (`Customer.consent_share_finance` / `consent_share_insurance`,
set with who, when and how it was obtained by `customers.set_consents`); without
it the hand-off is refused and nothing is written. A hand-off that goes ahead
is recorded as a `CustomerDataShare`: exactly which fields, the values as sent,
to which partner, for what, by whom, when, and the consent record it relied on.
Partners also refer buyers: a lead may name the partner who referred it, and
the referral report follows those leads down the funnel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from saas.crm.access import lead_scope, tenant_of, visible_customer
from saas.crm.repository import (
    CustomerDataShareRepository,
    CustomerEventRepository,
    CustomerRepository,
    LeadRepository,
    OrderRepository,
    PartnerRepository,
    TestDriveRepository,
)
from saas.crm.vocabulary import LeadStatus, OrderStatus, SourceChannel, TestDriveStatus
from saas.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from saas.models import Customer, CustomerDataShare, CustomerEvent, Partner, VehicleModel
from saas.org.repository import StoreRepository
from saas.query import where
from saas.tenancy.actor import Actor, row_scope
from saas.tenancy.scoped import claim_version
from saas.validation import check_report_period

MAX_NAME = 120
MAX_CONTACT_NAME = 100
MAX_CONTACT_PHONE = 32
MAX_CONTACT_EMAIL = 200


class PartnerKind(StrEnum):
    BANK = "bank"
    FINANCE = "finance"  # a finance or leasing company (often the car maker's own)
    INSURANCE = "insurance"
    ALLIANCE_AGENT = "alliance_agent"  # 助销: insurance agents, estate agents who refer buyers


class Consent(StrEnum):
    """A customer's consents (the `consent_<value>` columns); hand-offs need the
    sharing ones."""

    MARKETING = "marketing"
    SHARE_FINANCE = "share_finance"
    SHARE_INSURANCE = "share_insurance"

    @property
    def words(self) -> str:
        return {
            Consent.MARKETING: "marketing contact",
            Consent.SHARE_FINANCE: "sharing with finance partners (banks, finance companies)",
            Consent.SHARE_INSURANCE: "sharing with insurers",
        }[self]


class SharePurpose(StrEnum):
    LOAN_APPLICATION = "loan_application"
    LEASE_APPLICATION = "lease_application"
    INSURANCE_QUOTE = "insurance_quote"

    @property
    def consent(self) -> Consent:
        if self is SharePurpose.INSURANCE_QUOTE:
            return Consent.SHARE_INSURANCE
        return Consent.SHARE_FINANCE

    @property
    def partner_kinds(self) -> tuple[PartnerKind, ...]:
        if self is SharePurpose.INSURANCE_QUOTE:
            return (PartnerKind.INSURANCE,)
        return (PartnerKind.BANK, PartnerKind.FINANCE)


class ShareField(StrEnum):
    """What of a customer may be handed to a partner. The CRM keeps no identity
    card number and no postal address, so it can hand neither over."""

    NAME = "name"
    PHONE = "phone"
    GENDER = "gender"
    BIRTHDAY = "birthday"
    CITY = "city"
    OCCUPATION = "occupation"
    INCOME_BAND = "income_band"
    VEHICLE = "vehicle"  # the car the application is for: the order, else the lead's model


class ConsentMissing(Forbidden):
    """A hand-off the customer has not consented to (or has withdrawn consent from)."""

    code = "CONSENT_MISSING"

    def __init__(self, consent: Consent, withdrawn_at: datetime | None) -> None:
        self.consent = consent
        self.withdrawn_at = withdrawn_at
        if withdrawn_at is not None:
            said = f"withdrew consent to {consent.words} on {withdrawn_at.date().isoformat()}"
        else:
            said = f"has not consented to {consent.words}"
        super().__init__(
            f"the customer {said}: nothing was shared; record the customer's consent and how "
            "it was obtained (setCustomerConsents) first"
        )


# --- partners ---------------------------------------------------------------------------------


def _manager(actor: Actor) -> int:
    tenant_id = tenant_of(actor)
    if not actor.can("partner", "manage"):
        raise Forbidden("only the group's administrators keep its partners")
    return tenant_id


def _clean(value: str | None, path: str, limit: int, problems: list[FieldProblem]) -> str | None:
    """`value` stripped, None when blank; a problem at `path` when over `limit`."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > limit:
        problems.append(FieldProblem.at(path, f"at most {limit} characters"))
    return value


@dataclass
class PartnerContact:
    """A partner's contact; None (or blank) means none."""

    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None

    def checked(self, problems: list[FieldProblem]) -> dict[str, str | None]:
        email = _clean(self.contact_email, "contact_email", MAX_CONTACT_EMAIL, problems)
        if email is not None and ("@" not in email or " " in email):
            problems.append(FieldProblem.at("contact_email", "is not an e-mail address"))
        return {
            "contact_name": _clean(self.contact_name, "contact_name", MAX_CONTACT_NAME, problems),
            "contact_phone": _clean(
                self.contact_phone, "contact_phone", MAX_CONTACT_PHONE, problems
            ),
            "contact_email": email,
        }


async def _name_taken(tenant_id: int, name: str, but: int | None = None) -> None:
    same = PartnerRepository(tenant_id).query().filter(name=name)
    if but is not None:
        same = same.exclude(id=but)
    if await same.exists():
        raise Conflict(f"the group already has a partner named {name!r}")


async def create_partner(
    actor: Actor,
    kind: PartnerKind,
    name: str,
    contact_name: str | None = None,
    contact_phone: str | None = None,
    contact_email: str | None = None,
) -> Partner:
    """A new partner of the actor's group (group administrators)."""
    tenant_id = _manager(actor)
    problems: list[FieldProblem] = []
    clean_name = _clean(name, "name", MAX_NAME, problems)
    if clean_name is None:
        problems.append(FieldProblem.at("name", "give the partner's name"))
    contact = PartnerContact(contact_name, contact_phone, contact_email).checked(problems)
    if problems or clean_name is None:
        raise ValidationFailed(problems)
    await _name_taken(tenant_id, clean_name)
    return await PartnerRepository(tenant_id).create(
        kind=kind.value, name=clean_name, created_by_id=actor.user_id, **contact
    )


@dataclass
class PartnerChanges:
    """What to change on a partner; None means unchanged (a blank contact field clears it)."""

    name: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    active: bool | None = None


async def update_partner(
    actor: Actor, partner_id: int, changes: PartnerChanges, expected_version: int | None = None
) -> Partner:
    """Rename, change the contact of, deactivate or reactivate a partner. A
    deactivated partner receives no more data and refers no new leads; what it
    received and referred stays on record."""
    tenant_id = _manager(actor)
    repo = PartnerRepository(tenant_id)
    partner = await repo.require(partner_id, "partner")
    problems: list[FieldProblem] = []
    values: dict[str, object] = {}
    if changes.name is not None:
        name = _clean(changes.name, "name", MAX_NAME, problems)
        if name is None:
            problems.append(FieldProblem.at("name", "a partner keeps a name"))
        values["name"] = name
    given = PartnerContact(changes.contact_name, changes.contact_phone, changes.contact_email)
    checked = given.checked(problems)
    for column, value in checked.items():
        if getattr(given, column) is not None:
            values[column] = value
    if changes.active is not None:
        values["is_active"] = changes.active
    if problems:
        raise ValidationFailed(problems)
    if isinstance(values.get("name"), str) and values["name"] != partner.name:
        await _name_taken(tenant_id, str(values["name"]), but=partner.id)
    await claim_version(repo, partner, expected_version)
    values = {k: v for k, v in values.items() if getattr(partner, k) != v}
    return await repo.update(partner, **values) if values else partner


async def get_partner(actor: Actor, partner_id: int) -> Partner:
    partner = await PartnerRepository(tenant_of(actor)).require(partner_id, "partner")
    return partner


@dataclass(frozen=True)
class PartnerFilter:
    kind: PartnerKind | None = None
    active: bool | None = None


def partners_of_group(actor: Actor, f: PartnerFilter) -> QuerySet[Partner]:
    return where(PartnerRepository(tenant_of(actor)).query(), kind=f.kind, is_active=f.active)


async def referring_partner(tenant_id: int, partner_id: int, path: str) -> Partner:
    """The active partner of the group named as a lead's referrer, else a problem at `path`."""
    partner = await PartnerRepository(tenant_id).get(partner_id)
    if partner is None:
        raise ValidationFailed.one(
            path, f"partner {partner_id} does not exist in your dealer group"
        )
    if not partner.is_active:
        raise ValidationFailed.one(path, f"{partner.name} is no longer an active partner")
    return partner


def check_referral(partner_id: int | None, source_channel: SourceChannel) -> None:
    """A lead names its referring partner only when its source is a partner referral."""
    if partner_id is not None and source_channel is not SourceChannel.PARTNER_REFERRAL:
        raise ValidationFailed.one(
            "referred_by_partner_id",
            "a lead referred by a partner has the source channel PARTNER_REFERRAL",
        )


# --- consented sharing ------------------------------------------------------------------------


async def _share_store(actor: Actor, customer: Customer) -> int:
    """The store the hand-off is made in: the customer's own, or the store of a
    lead of the customer's that the actor works, where it may share."""
    if actor.can("data_share", "create", store_id=customer.store_id):
        return int(customer.store_id)
    leads = LeadRepository.for_scope(lead_scope(actor, write=True)).query()
    for lead in await leads.filter(customer_id=customer.id).order_by("-created_at"):
        if actor.can("data_share", "create", store_id=lead.store_id):
            return int(lead.store_id)
    raise Forbidden("you need data_share:create in the customer's store")


async def _consent_history(customer: Customer, consent: Consent) -> list[CustomerEvent]:
    """The customer's consent events about `consent`, newest first."""
    events = await (
        CustomerEventRepository(customer.tenant_id)
        .query()
        .filter(customer_id=customer.id, kind="consent")
        .order_by("-id")
    )
    return [e for e in events if e.data.get("consent") == consent.value]


async def _vehicle(customer: Customer) -> dict[str, object] | None:
    """The car an application is for: the customer's latest live order, else the
    intended model of its latest open lead."""
    tenant_id = customer.tenant_id
    order = await (
        OrderRepository(tenant_id)
        .query()
        .filter(
            customer_id=customer.id,
            status__in=[OrderStatus.SIGNED.value, OrderStatus.DELIVERED.value],
        )
        .order_by("-signed_at", "-id")
        .first()
    )
    if order is not None:
        model = await VehicleModel.get_or_none(id=order.vehicle_model_id)
        return {
            "model": model.name if model else None,
            "brand": model.brand if model else None,
            "configuration": order.configuration,
            "price": str(Decimal(order.price)),
            "payment_method": order.payment_method,
            "order_signed_on": order.signed_at.date().isoformat(),
        }
    lead = await (
        LeadRepository(tenant_id)
        .query()
        .filter(
            customer_id=customer.id,
            status=LeadStatus.OPEN.value,
            vehicle_model_id__isnull=False,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if lead is None or lead.vehicle_model_id is None:
        return None
    model = await VehicleModel.get_or_none(id=lead.vehicle_model_id)
    if model is None:
        return None
    return {"model": model.name, "brand": model.brand, "intended": True}


async def _values(customer: Customer, wanted: list[ShareField]) -> dict[str, object]:
    """The values of `wanted` as they are sent; a field the customer's record
    does not hold is a problem at its place in `fields`."""
    values: dict[str, object] = {}
    problems: list[FieldProblem] = []
    for i, field in enumerate(wanted):
        value: object
        if field is ShareField.VEHICLE:
            value = await _vehicle(customer)
        elif field is ShareField.BIRTHDAY:
            value = customer.birthday.isoformat() if customer.birthday else None
        else:
            value = getattr(customer, field.value)
        if value is None or value == "":
            what = (
                "no order and no open lead with an intended model"
                if field is ShareField.VEHICLE
                else f"no {field.value.replace('_', ' ')} recorded"
            )
            problems.append(FieldProblem.at(f"fields[{i}]", f"the customer has {what}"))
        values[field.value] = value
    if problems:
        raise ValidationFailed(problems)
    return values


async def share_with_partner(
    actor: Actor,
    customer_id: int,
    partner_id: int,
    purpose: SharePurpose,
    fields: list[ShareField],
    *,
    now: datetime | None = None,
) -> CustomerDataShare:
    """Hand the chosen fields of a customer to a finance or insurance partner,
    if and only if the customer's consent for the purpose stands. Records the
    hand-off (fields, values as sent, partner, purpose, who, when, consent)."""
    now = now or datetime.now(UTC)
    customer = await visible_customer(actor, customer_id, write=True)
    store_id = await _share_store(actor, customer)
    wanted = list(dict.fromkeys(fields))  # each field once, in the order given
    if not wanted:
        raise ValidationFailed.one("fields", "choose at least one field to share")
    partner = await PartnerRepository(customer.tenant_id).get(partner_id)
    if partner is None:
        raise ValidationFailed.one(
            "partner_id", f"partner {partner_id} does not exist in your dealer group"
        )
    if not partner.is_active:
        raise ValidationFailed.one("partner_id", f"{partner.name} is no longer an active partner")
    if PartnerKind(partner.kind) not in purpose.partner_kinds:
        kind = partner.kind.replace("_", " ")
        goes_to = " or ".join(k.value.replace("_", " ") for k in purpose.partner_kinds)
        raise ValidationFailed.one(
            "partner_id",
            f"{partner.name} is {'an' if kind[0] in 'aeiou' else 'a'} {kind} partner; a "
            f"{purpose.value.replace('_', ' ')} goes to a {goes_to} partner",
        )
    # Locked, so a withdrawal committed while this runs is either seen here or waits for it.
    customer = await (
        CustomerRepository(customer.tenant_id).query().select_for_update().get(id=customer.id)
    )
    consent = purpose.consent
    history = await _consent_history(customer, consent)
    if not getattr(customer, f"consent_{consent.value}"):
        withdrawn = history[0] if history and history[0].data.get("granted") is False else None
        raise ConsentMissing(consent, withdrawn.created_at if withdrawn else None)
    granted = next((e for e in history if e.data.get("granted") is True), None)
    values = await _values(customer, wanted)
    repo = CustomerDataShareRepository(customer.tenant_id)
    share = await repo.create(
        store_id=store_id,
        customer_id=customer.id,
        partner_id=partner.id,
        purpose=purpose.value,
        fields_sent=[f.value for f in wanted],
        values_sent={},
        consent=consent.value,
        consent_event_id=granted.id if granted else None,
        shared_by_id=actor.user_id,
        shared_at=now,
    )
    # The values are personal data: kept once, on the share, which only those who
    # may read the customer's shares see. The audit entry (written from what
    # `create` reports) names the fields, the partner and the consent, not the values.
    await repo.query().filter(id=share.id).update(values_sent=values)
    share.values_sent = values
    return share


def _share_scope(actor: Actor) -> CustomerDataShareRepository:
    """Shares in the stores where the actor holds data_share:read (shares have
    no owner of their own: whoever may read them sees a store's, narrowed to
    the customers the actor may see)."""
    return CustomerDataShareRepository.for_scope(
        row_scope(actor, "data_share", "read").whole_stores()
    )


async def shares_of_customer(actor: Actor, customer_id: int) -> QuerySet[CustomerDataShare]:
    """The hand-offs of a customer, in the stores where the actor may read them;
    none for a customer the actor may not see (another group's, another store's)."""
    try:
        customer = await visible_customer(actor, customer_id)
    except NotFound:
        return _share_scope(actor).query().filter(id__in=[])
    return _share_scope(actor).query().filter(customer_id=customer.id)


async def visible_share(actor: Actor, share_id: int) -> CustomerDataShare:
    share = await _share_scope(actor).require(share_id, "customer data share")
    await visible_customer(actor, share.customer_id)
    return share


async def consent_history(actor: Actor, customer_id: int) -> QuerySet[CustomerEvent]:
    """Every consent the customer gave or withdrew (`customers.set_consents`):
    which, given or withdrawn, how it was obtained, who recorded it and when.
    None for a customer the actor may not see."""
    events = CustomerEventRepository(tenant_of(actor)).query().filter(kind="consent")
    try:
        customer = await visible_customer(actor, customer_id)
    except NotFound:
        return events.filter(id__in=[])
    return events.filter(customer_id=customer.id)


async def consent_event_of(share: CustomerDataShare) -> tuple[datetime, int | None, str] | None:
    """(when, by whom, how obtained) of the consent a share relied on."""
    if share.consent_event_id is None:
        return None
    event = await CustomerEventRepository(share.tenant_id).get(share.consent_event_id)
    if event is None:
        return None
    return event.created_at, event.actor_id, str(event.data.get("source") or "")


# --- referrals --------------------------------------------------------------------------------


@dataclass
class ReferralRow:
    """One partner's referred leads taken in during the period, down the funnel."""

    partner: Partner
    referred: int = 0
    contacted: int = 0  # had a first follow-up
    test_driven: int = 0  # had a test drive done
    ordered: int = 0  # had an order signed (and not cancelled)

    @property
    def conversion_percent(self) -> float | None:
        return round(100 * self.ordered / self.referred, 1) if self.referred else None


async def partner_referral_report(
    actor: Actor, first: date, last_exclusive: date
) -> list[ReferralRow]:
    """Per partner, the leads it referred that were taken in during the local
    days [first, last_exclusive) in the stores the actor may report on: how
    many, how many were contacted, test-driven and ordered. Active partners
    without referrals are listed too (with zeros); most referrals first."""
    tenant_id = tenant_of(actor)
    problem = check_report_period("to", first, last_exclusive)
    if problem:
        raise ValidationFailed([problem])
    visible = actor.store_ids_with("report", "read")
    # Each store's own local days: a group may span time zones.
    windows = [
        Q(
            store_id=store.id,
            created_at__gte=datetime.combine(first, time(), ZoneInfo(store.timezone)),
            created_at__lt=datetime.combine(last_exclusive, time(), ZoneInfo(store.timezone)),
        )
        for store in await StoreRepository(tenant_id, visible).query()
    ]
    leads = (
        await LeadRepository(tenant_id)
        .query()
        .filter(Q(*windows, join_type="OR"), referred_by_partner_id__isnull=False)
        .values("id", "referred_by_partner_id", "first_follow_up_at")
        if windows
        else []
    )
    lead_ids = [lead["id"] for lead in leads]
    driven = set(
        await TestDriveRepository(tenant_id)
        .query()
        .filter(lead_id__in=lead_ids, status=TestDriveStatus.DONE.value)
        .values_list("lead_id", flat=True)
    )
    ordered = set(
        await OrderRepository(tenant_id)
        .query()
        .filter(
            lead_id__in=lead_ids,
            status__in=[OrderStatus.SIGNED.value, OrderStatus.DELIVERED.value],
        )
        .values_list("lead_id", flat=True)
    )
    referring = {lead["referred_by_partner_id"] for lead in leads}
    partners = await (
        PartnerRepository(tenant_id)
        .query()
        .filter(Q(is_active=True) | Q(id__in=list(referring)))
        .order_by("name")
    )
    rows = {p.id: ReferralRow(p) for p in partners}
    for lead in leads:
        row = rows[lead["referred_by_partner_id"]]
        row.referred += 1
        row.contacted += lead["first_follow_up_at"] is not None
        row.test_driven += lead["id"] in driven
        row.ordered += lead["id"] in ordered
    return sorted(rows.values(), key=lambda r: -r.referred)
