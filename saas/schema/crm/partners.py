"""Partners and consented sharing: createPartner, updatePartner, partners;
shareCustomerWithPartner and customerDataShares; partnerReferralReport."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

import strawberry

from saas import models
from saas.crm import partners as service
from saas.crm.access import can_see_phone
from saas.crm.phones import mask_phone
from saas.errors import NotFound
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    Answered,
    ForbiddenError,
    RefusedOrConflict,
    ValidationErrors,
    member_for,
    result_union,
)
from saas.schema.identity.types import User, loaded_user
from saas.schema.inputs import global_ids, id_of, to_args
from saas.schema.limits import MaxItems
from saas.schema.mutations import mutation
from saas.schema.org.types import Store, loaded_store
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import conditions, listing, object_id
from saas.schema.relay import Node, from_row, to_global_id
from saas.tenancy.actor import Actor

PartnerKind = described_enum(
    service.PartnerKind,
    description="What a partner of the group does.",
    values={
        "BANK": "A bank: car loans.",
        "FINANCE": "A finance or leasing company (often the car maker's own): loans and leases.",
        "INSURANCE": "An insurer: quotes and policies for the car.",
        "ALLIANCE_AGENT": "An alliance partner in assisted sales (助销), e.g. an insurance agent "
        "or an estate agent who refers buyers; it refers leads and receives no customer data.",
    },
)
SharePurpose = described_enum(
    service.SharePurpose,
    description="What a customer's data is handed to a partner for.",
    values={
        "LOAN_APPLICATION": "A car loan application: to a BANK or FINANCE partner; needs the "
        "customer's consent to sharing with finance partners.",
        "LEASE_APPLICATION": "A lease application: to a BANK or FINANCE partner; needs the "
        "customer's consent to sharing with finance partners.",
        "INSURANCE_QUOTE": "An insurance quote: to an INSURANCE partner; needs the customer's "
        "consent to sharing with insurers.",
    },
)
ShareField = described_enum(
    service.ShareField,
    description="A part of the customer's record that may be handed to a partner. The CRM "
    "keeps no identity card number and no postal address, so neither can be handed over.",
    values={
        "NAME": "The customer's full name.",
        "PHONE": "The full phone number (E.164).",
        "GENDER": "male, female or other.",
        "BIRTHDAY": "Date of birth (YYYY-MM-DD).",
        "CITY": "City of residence.",
        "OCCUPATION": "Occupation as entered.",
        "INCOME_BAND": "Yearly income band in yuan.",
        "VEHICLE": "The car the application is for: the customer's latest order (model, "
        "configuration, price, payment method, date signed), else the intended model of its "
        "latest open lead.",
    },
)
CustomerConsent = described_enum(
    service.Consent,
    name="CustomerConsent",
    description="One of the customer's consents (Customer.consents).",
    values={
        "MARKETING": "Marketing contact (consents.marketing); no hand-off needs it.",
        "SHARE_FINANCE": "Sharing with finance partners (consents.shareWithFinancePartners).",
        "SHARE_INSURANCE": "Sharing with insurers (consents.shareWithInsurers).",
    },
)


@strawberry.type(
    description="A bank, finance or insurance company, or an alliance agent of the group."
)
@described
class Partner(Node):
    """
    Attributes:
        kind: What the partner does; it decides what may be handed to it.
        name: The partner's name, unique in the group.
        contact_name: The person to contact there; null when not given.
        contact_phone: Their phone; null when not given.
        contact_email: Their e-mail; null when not given.
        is_active: False once deactivated: it receives no more data and refers no new leads.
        version: Incremented on every change; pass it as expectedVersion to updatePartner.
        created_at: When the partner was added (UTC).
    """

    kind: PartnerKind
    name: str
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    is_active: bool
    version: int
    created_at: datetime

    @classmethod
    def from_model(cls, p: models.Partner) -> Partner:
        return from_row(cls, p)


@strawberry.type(description="Where the consent a hand-off relied on was recorded.")
@described
class ConsentRecord:
    """
    Attributes:
        consent: Which consent.
        recorded_at: When the customer's agreement was recorded (UTC).
        source: How it was obtained, as recorded (e.g. 'signed form at showroom').
    """

    consent: CustomerConsent
    recorded_at: datetime
    source: str
    _recorded_by_id: strawberry.Private[int | None]

    @strawberry.field(description="Who recorded the customer's agreement.")
    async def recorded_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._recorded_by_id)


def _text(value: object) -> str:
    """A sent value as text: strings as they are, the vehicle as compact JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@strawberry.type(description="One field of a hand-off and its value as sent.")
@described
class SharedValue:
    """
    Attributes:
        field: The field.
        value: Its value as sent (the phone masked for anyone but the customer's owner);
            VEHICLE as a JSON object: model and brand, and for an order configuration, price
            (yuan), payment_method and order_signed_on, or intended: true for a lead's intended
            model.
    """

    field: ShareField
    value: str


@strawberry.type(
    description="One hand-off of a customer's data to a partner: exactly which fields and the "
    "values as sent, to whom, for what, by whom and when. Kept for good; a consent withdrawn "
    "later stops later hand-offs, not this record."
)
@described
class CustomerDataShare(Node):
    """
    Attributes:
        customer_id: The customer whose data was handed over.
        purpose: What it was handed over for.
        fields: The fields handed over, in the order chosen.
        consent: The consent it relied on.
        shared_at: When it was handed over (UTC).
    """

    customer_id: strawberry.ID
    purpose: SharePurpose
    fields: list[ShareField] = strawberry.field(directives=[MaxItems(count=20)])
    consent: CustomerConsent
    shared_at: datetime
    _row: strawberry.Private[models.CustomerDataShare]

    @strawberry.field(
        description="Each field with its value as sent, in the order chosen. The phone is "
        "masked (138****1234) for anyone but the customer's owner, as Customer.phone is.",
        directives=[MaxItems(count=20)],
    )
    async def values(self, info: Info) -> list[SharedValue]:
        sent = dict(self._row.values_sent)
        phone = sent.get(service.ShareField.PHONE.value)
        if isinstance(phone, str):
            customer = await info.context.loaders.customer_by_id.load(self._row.customer_id)
            actor = info.context.actor
            if customer is None or actor is None or not can_see_phone(actor, customer):
                sent[service.ShareField.PHONE.value] = mask_phone(phone)
        return [
            SharedValue(field=service.ShareField(n), value=_text(sent.get(n)))
            for n in self._row.fields_sent
        ]

    @strawberry.field(description="The partner it went to.")
    async def partner(self, info: Info) -> Partner | None:
        try:
            row = await service.get_partner(info.context.require_actor(), self._row.partner_id)
        except NotFound:
            return None
        return Partner.from_model(row)

    @strawberry.field(description="Who handed it over.")
    async def shared_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._row.shared_by_id)

    @strawberry.field(description="The store it was handed over from.")
    async def store(self, info: Info) -> Store | None:
        return await loaded_store(info, self._row.store_id)

    @strawberry.field(
        description="The customer's recorded agreement the hand-off relied on: when, by whom, "
        "how obtained; null for a consent recorded before consents kept their history."
    )
    async def consent_record(self) -> ConsentRecord | None:
        found = await service.consent_event_of(self._row)
        if found is None:
            return None
        recorded_at, by, source = found
        return ConsentRecord(
            consent=service.Consent(self._row.consent),
            recorded_at=recorded_at,
            source=source,
            _recorded_by_id=by,
        )

    @classmethod
    def from_model(cls, s: models.CustomerDataShare) -> CustomerDataShare:
        return from_row(
            cls,
            s,
            customer_id=to_global_id("Customer", s.customer_id),
            fields=[service.ShareField(f) for f in s.fields_sent],
            _row=s,
        )


@strawberry.type(description="A consent the customer gave or withdrew, as recorded.")
@described
class ConsentChange:
    """
    Attributes:
        consent: Which consent.
        granted: true: given; false: withdrawn.
        source: How it was obtained or withdrawn, as recorded (e.g. 'signed form at showroom').
        recorded_at: When it was recorded (UTC).
    """

    consent: CustomerConsent
    granted: bool
    source: str
    recorded_at: datetime
    _recorded_by_id: strawberry.Private[int | None]

    @strawberry.field(description="Who recorded it.")
    async def recorded_by(self, info: Info) -> User | None:
        return await loaded_user(info, self._recorded_by_id)

    @classmethod
    def from_model(cls, e: models.CustomerEvent) -> ConsentChange:
        return cls(
            consent=service.Consent(str(e.data.get("consent"))),
            granted=e.data.get("granted") is True,
            source=str(e.data.get("source") or ""),
            recorded_at=e.created_at,
            _recorded_by_id=e.actor_id,
        )


@member_for(service.ConsentMissing)
@strawberry.type(
    description="Nothing was shared: the customer has not given (or has withdrawn) the consent "
    "this hand-off needs."
)
@described
class ConsentMissingError:
    """
    Attributes:
        message: Which consent is missing and what to do, in plain words.
        code: Always CONSENT_MISSING.
        consent: The consent the hand-off needs.
        withdrawn_at: When the customer withdrew it; null when it was never given.
    """

    message: str
    code: str
    consent: CustomerConsent
    withdrawn_at: datetime | None


PartnerResult = result_union(
    "PartnerResult", Partner | RefusedOrConflict, "The partner as saved, or why nothing was saved."
)
ShareResult = result_union(
    "ShareCustomerWithPartnerResult",
    CustomerDataShare | ConsentMissingError | RefusedOrConflict,
    "The record of the hand-off, or why nothing was shared.",
)


@strawberry.input(description="A new partner of the group.")
@described
class CreatePartnerInput:
    """
    Attributes:
        kind: What the partner does (it cannot change later).
        name: The partner's name, 1 to 120 characters, unique in the group.
        contact_name: The person to contact there.
        contact_phone: Their phone, up to 32 characters.
        contact_email: Their e-mail.
    """

    kind: PartnerKind
    name: str
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None


@strawberry.input(description="Change a partner; only the fields given change.")
@described
class UpdatePartnerInput:
    """
    Attributes:
        partner_id: The partner.
        name: A new name, unique in the group.
        contact_name: A new contact person; an empty string clears it.
        contact_phone: A new phone; an empty string clears it.
        contact_email: A new e-mail; an empty string clears it.
        active: false deactivates the partner (no more hand-offs or new referrals); true
            reactivates it.
        expected_version: The partner's version you saw; a stale one is a ConflictError.
    """

    partner_id: strawberry.ID
    name: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    active: bool | None = None
    expected_version: int | None = None


@strawberry.input(description="Hand a customer's data to a finance or insurance partner.")
@described
class ShareCustomerWithPartnerInput:
    """
    Attributes:
        customer_id: The customer (one you may change).
        partner_id: An active partner of the kind the purpose goes to.
        purpose: What for; it decides the consent needed and the partners it may go to.
        fields: Exactly the fields to hand over (at least one; each must be on the customer's
            record).
    """

    customer_id: strawberry.ID
    partner_id: strawberry.ID
    purpose: SharePurpose
    fields: list[ShareField]


global_ids(UpdatePartnerInput, partner_id="Partner")
global_ids(ShareCustomerWithPartnerInput, customer_id="Customer", partner_id="Partner")


async def _update_partner(actor: Actor, input: UpdatePartnerInput) -> PartnerResult:
    changes = to_args(input, service.PartnerChanges, partial=True)
    partner = await service.update_partner(
        actor, id_of(input, "partner_id"), changes, input.expected_version
    )
    return Partner.from_model(partner)


@strawberry.type
@described
class PartnerMutations:
    """
    Attributes:
        create_partner: Add a partner to the group (group administrators).
        share_customer_with_partner: Hand the chosen fields of a customer to a finance or
            insurance partner. Refused with ConsentMissingError, and nothing shared, unless the
            customer's consent for the purpose stands; otherwise recorded (which fields and
            values, to whom, by whom, when, on which consent) and audited.
        update_partner: Rename a partner, change its contact, deactivate or reactivate it (group
            administrators).
    """

    create_partner = mutation(
        PartnerResult,
        requires("partner", "manage"),
        input=(CreatePartnerInput, "The partner."),
        run=service.create_partner,
        answer=Partner.from_model,
    )

    update_partner = mutation(
        PartnerResult,
        requires("partner", "manage"),
        input=(UpdatePartnerInput, "The partner and what changes."),
        steps=_update_partner,
    )

    share_customer_with_partner = mutation(
        ShareResult,
        requires("data_share", "create"),
        input=(
            ShareCustomerWithPartnerInput,
            "The customer, the partner, the purpose, the fields.",
        ),
        run=service.share_with_partner,
        answer=CustomerDataShare.from_model,
    )


@strawberry.input(description="Narrow the partners; all given conditions must hold.")
@described
class PartnerFilter:
    """
    Attributes:
        kind: Only partners of this kind.
        active: true: only active partners; false: only deactivated ones.
    """

    kind: PartnerKind | None = None
    active: bool | None = None


@strawberry.type(description="One partner's referred leads taken in during the period.")
@described
class PartnerReferralRow:
    """
    Attributes:
        referred: Leads naming the partner as referrer taken in during the period.
        contacted: Of them, leads that had their first follow-up.
        test_driven: Of them, leads with a test drive done.
        ordered: Of them, leads with an order signed and not cancelled.
        conversion_percent: ordered / referred in percent, one decimal; null without referrals.
        partner: The referring partner.
    """

    referred: int
    contacted: int
    test_driven: int
    ordered: int
    conversion_percent: float | None
    partner: Partner


@strawberry.type(description="Partner referrals as a lead source.")
class PartnerReferralReport:
    rows: list[PartnerReferralRow] = strawberry.field(
        description="One row per partner that referred leads in the period or is active, most "
        "referrals first.",
        directives=[MaxItems(count=500)],
    )


PartnerReferralResult = result_union(
    "PartnerReferralResult",
    PartnerReferralReport | ValidationErrors | ForbiddenError,
    "The report, or why it cannot be shown.",
)


@strawberry.type
@described
class PartnerQueries:
    """
    Attributes:
        partners: The partners of your group, oldest first.
        customer_data_shares: What of a customer was handed to partners, newest first: the
            customer's record of consented sharing. Empty for a customer you may not see.
        customer_consent_history: The consents a customer gave or withdrew, newest first, with how
            each was obtained, who recorded it and when. Empty for a customer you may not see.
    """

    partners = listing(
        Partner,
        requires("partner", "read"),
        service.partners_of_group,
        order=Order("id"),
        filter=conditions(PartnerFilter, service.PartnerFilter),
    )

    customer_data_shares = listing(
        CustomerDataShare,
        requires("data_share", "read"),
        service.shares_of_customer,
        order=Order("shared_at", descending=True),
        customer_id=object_id("Customer", "The customer.", "customerId"),
    )

    customer_consent_history = listing(
        ConsentChange,
        requires("customer", "read"),
        service.consent_history,
        order=Order("id", descending=True),
        customer_id=object_id("Customer", "The customer.", "customerId"),
    )

    @strawberry.field(
        description="Per partner, the leads it referred that your stores took in during the "
        "period, down the funnel: contacted, test-driven, ordered, and the conversion.",
        extensions=[*requires("report", "read"), Answered()],
    )
    async def partner_referral_report(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="First local day.")],
        to: Annotated[date, strawberry.argument(description="Local day after the last one.")],
    ) -> PartnerReferralResult:
        rows = await service.partner_referral_report(info.context.require_actor(), from_, to)
        return PartnerReferralReport(
            rows=[
                from_row(PartnerReferralRow, r, partner=Partner.from_model(r.partner)) for r in rows
            ]
        )
