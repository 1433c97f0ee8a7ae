"""Customer mutations: create, update, consents, tags, phone reveal, merge."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from saas.crm import customers as service
from saas.crm.vocabulary import TagKind as TagKindValue
from saas.schema.crm.types import (
    CreditRating,
    Customer,
    CustomerTag,
    ExpectedPurchase,
    ModelClass,
    PurchasePotential,
    Purpose,
    TagKind,
)
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    Refused,
    ValidationErrors,
    answers,
    result_union,
)
from saas.schema.inputs import converts, global_ids, id_of, renamed
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.schema.relay import to_global_id
from saas.tenancy.actor import Actor


@strawberry.type(
    description="The phone number belongs to an existing customer; nothing was created."
)
@described
class DuplicateCustomer:
    """
    Attributes:
        message: What to show: the phone already belongs to this archive.
        customer_id: The existing customer.
        archive_no: The existing customer's archive number, to find it.
    """

    message: str
    customer_id: strawberry.ID
    archive_no: str


@answers(service.DuplicateCustomerError)
def _duplicate(exc: service.DuplicateCustomerError) -> DuplicateCustomer:
    return DuplicateCustomer(
        message=exc.message,
        customer_id=to_global_id("Customer", exc.customer.id),
        archive_no=exc.customer.archive_no,
    )


@strawberry.input(
    description="Customer data. Phone numbers are stored in E.164 (China by default)."
)
@described
class CustomerInput:
    """
    Attributes:
        name: Full name, at most 100 characters; required on create, cannot be cleared.
        phone: Mobile number in any common format (e.g. 138 0013 8000 or +86...); stored in E.164
            and unique in the dealer group (DuplicateCustomer). Required on create, cannot be
            cleared.
        wechat: WeChat id.
        gender: male, female or other.
        birthday: Date of birth (YYYY-MM-DD), in the past.
        city: City of residence.
        occupation: Occupation.
        income_band: <100k, 100-200k, 200-500k, 500k-1m or >1m (yuan a year).
        model_class: Kind of vehicle wanted.
        budget_min: Lowest budget in whole yuan, positive.
        budget_max: Highest budget in whole yuan, positive and not below budgetMin.
        purpose: What the car is for.
        focus_points: What matters to the customer, e.g. power, fuel use, tech, safety; null or []
            clears.
        expected_purchase: When the customer expects to buy.
        purchase_potential: High, medium or low, beside the intent grade; null clears (not judged).
    """

    name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    wechat: str | None = strawberry.UNSET
    gender: str | None = strawberry.UNSET
    birthday: date | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    occupation: str | None = strawberry.UNSET
    income_band: str | None = strawberry.UNSET
    model_class: ModelClass | None = strawberry.UNSET
    budget_min: int | None = strawberry.UNSET
    budget_max: int | None = strawberry.UNSET
    purpose: Purpose | None = strawberry.UNSET
    focus_points: list[str] | None = strawberry.UNSET
    expected_purchase: ExpectedPurchase | None = strawberry.UNSET
    purchase_potential: PurchasePotential | None = strawberry.UNSET


@converts(CustomerInput)
def customer_fields(data: CustomerInput | None) -> service.CustomerFields:
    fields = service.CustomerFields()
    if data is None:
        return fields
    for name in service.CustomerFields.__dataclass_fields__:
        if name == "given":
            continue
        value: Any = getattr(data, name, strawberry.UNSET)
        if value is strawberry.UNSET:
            continue
        if hasattr(value, "value"):
            value = value.value
        setattr(fields, name, value)
        fields.given.add(name)
    return fields


@strawberry.input(description="A new customer archive in a store.")
@described
class CreateCustomerInput:
    """
    Attributes:
        store_id: The store the archive belongs to (one you may create customers in).
        customer: The customer's data; name and phone are required.
        owner_id: Owning consultant; a consultant creating it owns it by default.
    """

    store_id: strawberry.ID
    customer: CustomerInput
    owner_id: strawberry.ID | None = None


@strawberry.input(
    description="Change a customer's data; only the fields given change (null clears)."
)
@described
class UpdateCustomerInput:
    """
    Attributes:
        customer_id: The customer to change.
        customer: The fields to change; fields left out stay as they are.
        expected_version: The customer's version you saw; a stale one is a ConflictError.
    """

    customer_id: strawberry.ID
    customer: CustomerInput
    expected_version: int | None = None


@strawberry.input(description="Consents given or withdrawn, with where they came from.")
@described
class SetCustomerConsentsInput:
    """
    Attributes:
        customer_id: The customer who gave or withdrew consent.
        marketing: true: agreed to marketing contact; false: withdrawn; null: unchanged.
        share_with_finance_partners: true: agreed to sharing with partner banks; false: withdrawn;
            null: unchanged.
        share_with_insurers: true: agreed to sharing with partner insurers; false: withdrawn; null:
            unchanged.
        source: e.g. 'signed form at showroom', 'WeChat opt-in'.
    """

    customer_id: strawberry.ID
    marketing: bool | None = None
    share_with_finance_partners: bool | None = None
    share_with_insurers: bool | None = None
    source: str


@strawberry.input(description="Add a tag to a customer.")
@described
class TagCustomerInput:
    """
    Attributes:
        customer_id: The customer to tag.
        tag: The tag, 1 to 48 characters, e.g. `first car`.
        kind: Static (a fact) or dynamic (a behaviour); static by default.
    """

    customer_id: strawberry.ID
    tag: str
    kind: TagKind = TagKindValue.STATIC


@strawberry.input(description="Remove a tag from a customer (kept in its history).")
@described
class UntagCustomerInput:
    """
    Attributes:
        customer_id: The customer to untag.
        tag: The current tag to remove; NotFoundError when the customer does not carry it.
    """

    customer_id: strawberry.ID
    tag: str


@strawberry.input(description="Show a customer's full phone number (recorded).")
@described
class RevealCustomerPhoneInput:
    """
    Attributes:
        customer_id: The customer whose number to show.
    """

    customer_id: strawberry.ID


@strawberry.input(description="Fold a duplicate archive into the one to keep.")
@described
class MergeCustomersInput:
    """
    Attributes:
        keep_id: The archive that stays.
        merge_id: The duplicate archive to fold into keepId; it stays as a pointer (mergedIntoId).
        reason: Why these are the same person (required, kept in history).
    """

    keep_id: strawberry.ID
    merge_id: strawberry.ID
    reason: str


@strawberry.input(description="A key customer's credit rating with its basis and date.")
@described
class RateCustomerCreditInput:
    """
    Attributes:
        customer_id: The customer to rate: a key customer (value tier A, or an open lead marked
            important); any other customer is a ValidationErrors on customerId saying why.
        rating: The rating.
        basis: What the rating is based on (e.g. 'bank statement seen, owns two properties');
            required, at most 500 characters.
        rated_on: The day the rating was made; not in the future.
        expected_version: The customer's version you saw; a stale one is a ConflictError.
    """

    customer_id: strawberry.ID
    rating: CreditRating
    basis: str
    rated_on: date
    expected_version: int | None = None


@strawberry.type(description="The full phone number; this reveal was recorded.")
@described
class RevealedPhone:
    """
    Attributes:
        customer_id: The customer.
        phone: The full number in E.164, unmasked.
    """

    customer_id: strawberry.ID
    phone: str


CustomerResult = result_union(
    "CustomerResult",
    Customer
    | ValidationErrors
    | NotFoundError
    | ForbiddenError
    | ConflictError
    | DuplicateCustomer,
    "The customer as saved, or why nothing was saved.",
)
CustomerTagResult = result_union(
    "CustomerTagResult", CustomerTag | Refused, "The tag as saved, or why nothing changed."
)
RevealCustomerPhoneResult = result_union(
    "RevealCustomerPhoneResult",
    RevealedPhone | Refused,
    "The full number, or why it may not be shown.",
)


global_ids(CreateCustomerInput, store_id="Store", owner_id="User")
global_ids(UpdateCustomerInput, customer_id="Customer")
global_ids(SetCustomerConsentsInput, customer_id="Customer")
global_ids(TagCustomerInput, customer_id="Customer")
global_ids(UntagCustomerInput, customer_id="Customer")
global_ids(RevealCustomerPhoneInput, customer_id="Customer")
global_ids(RateCustomerCreditInput, customer_id="Customer")
global_ids(MergeCustomersInput, keep_id="Customer", merge_id="Customer")
# The services take the customer's fields as `data`.
renamed(CreateCustomerInput, data="customer")
renamed(UpdateCustomerInput, data="customer")


async def _set_customer_consents(actor: Actor, input: SetCustomerConsentsInput) -> CustomerResult:
    changes = {
        name: value
        for name, value in (
            ("marketing", input.marketing),
            ("share_finance", input.share_with_finance_partners),
            ("share_insurance", input.share_with_insurers),
        )
        if value is not None
    }
    customer = await service.set_consents(actor, id_of(input, "customer_id"), changes, input.source)
    return Customer.from_model(customer)


async def _reveal_customer_phone(
    actor: Actor, input: RevealCustomerPhoneInput
) -> RevealCustomerPhoneResult:
    customer_id = id_of(input, "customer_id")
    phone = await service.reveal_phone(actor, customer_id)
    return RevealedPhone(customer_id=to_global_id("Customer", customer_id), phone=phone)


@strawberry.type
@described
class CustomerMutations:
    """
    Attributes:
        create_customer: Create a customer archive.
        update_customer: Change a customer's data.
        tag_customer: Tag a customer.
        untag_customer: Remove a tag (kept in history).
        rate_customer_credit: Rate a key customer's credit (rating, basis, date); who rated is kept
            and the change is in the customer's history and the audit log.
        merge_customers: Merge a duplicate customer into another: leads, follow-ups, test drives,
            orders, tags and history move over; the merged archive points to the kept one.
        set_customer_consents: Record consents given or withdrawn (time and source kept).
        reveal_customer_phone: Show a customer's full phone number. Recorded for anyone but the
            owner.
    """

    create_customer = mutation(
        CustomerResult,
        requires("customer", "create"),
        input=(CreateCustomerInput, "The store, the customer's data and optionally the owner."),
        run=service.create_customer,
        answer=Customer.from_model,
    )

    update_customer = mutation(
        CustomerResult,
        requires("customer", "update"),
        input=(UpdateCustomerInput, "The customer and the fields to change."),
        run=service.update_customer,
        answer=Customer.from_model,
    )

    set_customer_consents = mutation(
        CustomerResult,
        requires("customer", "update"),
        input=(
            SetCustomerConsentsInput,
            "The customer, the consents that changed and their source.",
        ),
        steps=_set_customer_consents,
    )

    tag_customer = mutation(
        CustomerTagResult,
        requires("customer", "update"),
        input=(TagCustomerInput, "The customer and the tag."),
        run=service.tag_customer,
        answer=CustomerTag.from_model,
    )

    untag_customer = mutation(
        CustomerTagResult,
        requires("customer", "update"),
        input=(UntagCustomerInput, "The customer and the tag to remove."),
        run=service.untag_customer,
        answer=CustomerTag.from_model,
    )

    reveal_customer_phone = mutation(
        RevealCustomerPhoneResult,
        requires("customer", "read"),
        input=(RevealCustomerPhoneInput, "The customer whose number to show."),
        steps=_reveal_customer_phone,
    )

    rate_customer_credit = mutation(
        CustomerResult,
        requires("customer", "update"),
        input=(RateCustomerCreditInput, "The key customer, the rating, its basis and date."),
        run=service.rate_credit,
        answer=Customer.from_model,
    )

    merge_customers = mutation(
        CustomerResult,
        requires("customer", "merge"),
        input=(MergeCustomersInput, "The archive to keep, the duplicate and why."),
        run=service.merge_customers,
        answer=Customer.from_model,
    )
