"""The lead page and card: Lead with its customer (masked phone, tags), owner,
store and follow-ups, as `saas.schema.crm.types` shows them; the root fields
`leads`, `lead(id)` and `node(id)` for a Lead."""

from __future__ import annotations

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

from saas.crm.access import lead_scope
from saas.crm.repository import LeadRepository
from saas.crm.vocabulary import STATUS_GRADE, LeadStatus
from saas.schema.compiled import sql
from saas.schema.compiled.mapping import (
    NOW,
    USER_ID,
    Column,
    Computed,
    EnumColumn,
    GlobalId,
    Statement,
    Timestamp,
    TypeMap,
    register,
    register_root,
    related,
)
from saas.schema.compiled.roots import (
    AnyOf,
    ConnectionRoot,
    IdIs,
    LookupRoot,
    NodeReader,
    NodeRoot,
    Scoped,
    register_node,
)
from saas.schema.crm import relations
from saas.schema.crm.queries import ORDERS

_CODES = "'{" + ",".join(str(c) for c in sorted(COUNTRY_CODE_TO_REGION_CODE)) + "}'::int[]"


def _national_number(phone: str) -> str:
    """`saas.crm.phones._national_number`'s fast path: the digits after the
    first known country code of an E.164 number; NULL where it parses."""
    digits = f"substr({phone}, 2)"
    branches = " ".join(
        f"WHEN substr({digits}, 1, {n})::int = ANY({_CODES}) THEN substr({digits}, {n + 1})"
        for n in (1, 2, 3)
    )
    return f"CASE WHEN {phone} !~ '^\\+[0-9]+$' THEN NULL {branches} ELSE NULL END"


def masked_phone(phone: str) -> str:
    """`mask_phone`: 3 first and 4 last digits of the national number kept
    (the first only, up to 7 digits); a number only the parser reads is an
    anomaly (the executor answers)."""
    # OFFSET 0 keeps the national number a subquery computed once: flattened,
    # its country-code lookups ran for each of the six times it is read
    # (4.3 µs a phone, 0.9 µs so).
    return (
        "(SELECT CASE WHEN x.n IS NULL THEN "
        f"{sql.anomaly(phone)} "
        "WHEN length(x.n) <= 7 THEN left(x.n, 1) || repeat('*', length(x.n) - 1) "
        "ELSE left(x.n, 3) || repeat('*', length(x.n) - 7) || right(x.n, 4) END "
        f"FROM (SELECT {_national_number(phone)} AS n OFFSET 0) x)"
    )


def _owns(statement: Statement, row: str) -> str:
    """`can_see_phone`: the caller owns the customer."""
    return f'coalesce({row}."owner_id" = {statement.slot(USER_ID, "bigint")}, false)'


def _phone(statement: Statement, row: str) -> str:
    phone = f'{row}."phone"'
    return f"CASE WHEN {_owns(statement, row)} THEN {phone} ELSE {masked_phone(phone)} END"


def _overdue(statement: Statement, row: str) -> str:
    return (
        f'({row}."status" = {sql.literal(LeadStatus.OPEN.value)} AND {row}."due_at" '
        f'IS NOT NULL AND {row}."due_at" < {statement.slot(NOW, "timestamptz")})'
    )


def _status_grade(statement: Statement, row: str) -> str:
    whens = " ".join(
        f"WHEN {sql.literal(status.value)} THEN {sql.literal(grade)}"
        for status, grade in STATUS_GRADE.items()
    )
    return f'CASE {row}."status" {whens} ELSE {row}."intent_grade" END'


def _date(statement: Statement, row: str) -> str:
    return f"to_char({row}.\"expected_purchase_date\", 'YYYY-MM-DD')"


USER = TypeMap("User", "app_user", {"id": GlobalId("User"), "name": Column("name")})
STORE = TypeMap(
    "Store",
    "store",
    {"id": GlobalId("Store"), "code": Column("code"), "name": Column("name")},
)
CUSTOMER_TAG = TypeMap(
    "CustomerTag",
    "customer_tag",
    {
        "tag": Column("tag"),
        "kind": EnumColumn("kind"),
        "addedAt": Timestamp("created_at"),
        "removedAt": Timestamp("removed_at"),
    },
)
CUSTOMER = TypeMap(
    "Customer",
    "customer",
    {
        "id": GlobalId("Customer"),
        "archiveNo": Column("archive_no"),
        "name": Column("name"),
        "city": Column("city"),
        "phone": Computed(_phone),
        "phoneMasked": Computed(lambda statement, row: f"NOT {_owns(statement, row)}"),
        "wechat": Column("wechat"),
        "gender": Column("gender"),
        "occupation": Column("occupation"),
        "incomeBand": Column("income_band"),
        "valueTier": Column("value_tier"),
        "lifecycle": Column("lifecycle"),
        "classifiedAt": Timestamp("classified_at"),
        "purchasePotential": EnumColumn("purchase_potential"),
        "version": Column("version"),
        "createdAt": Timestamp("created_at"),
        "updatedAt": Timestamp("updated_at"),
        "mergedIntoId": GlobalId("Customer", "merged_into_id"),
        "store": related(relations.CUSTOMER_STORE, joined=True),
        "owner": related(relations.CUSTOMER_OWNER),
        "tags": related(relations.CUSTOMER_TAGS),
    },
)
FOLLOW_UP = TypeMap(
    "FollowUp",
    "follow_up",
    {
        "id": GlobalId("FollowUp"),
        "channel": EnumColumn("channel"),
        "happenedAt": Timestamp("happened_at"),
        "content": Column("content"),
        "result": Column("result"),
        "gradeBefore": EnumColumn("grade_before"),
        "gradeAfter": EnumColumn("grade_after"),
        "stageBefore": EnumColumn("stage_before"),
        "stageAfter": EnumColumn("stage_after"),
        "nextFollowUpAt": Timestamp("next_follow_up_at"),
        "nextFollowUpReason": Column("next_follow_up_reason"),
        "leadId": GlobalId("Lead", "lead_id"),
        "user": related(relations.FOLLOW_UP_USER),
    },
)
LEAD = TypeMap(
    "Lead",
    "lead",
    {
        "id": GlobalId("Lead"),
        "sourceChannel": EnumColumn("source_channel"),
        "intentGrade": EnumColumn("intent_grade"),
        "status": EnumColumn("status"),
        "stage": EnumColumn("stage"),
        "isImportant": Column("is_important"),
        "budgetMin": Column("budget_min"),
        "budgetMax": Column("budget_max"),
        "expectedPurchaseDate": Computed(_date),
        "nextFollowUpAt": Timestamp("next_follow_up_at"),
        "nextFollowUpReason": Column("next_follow_up_reason"),
        "cadenceDueAt": Timestamp("cadence_due_at"),
        "dueAt": Timestamp("due_at"),
        "firstFollowUpAt": Timestamp("first_follow_up_at"),
        "lastFollowUpAt": Timestamp("last_follow_up_at"),
        "followUpCount": Column("follow_up_count"),
        "lostReason": EnumColumn("lost_reason"),
        "lostNote": Column("lost_note"),
        "closedAt": Timestamp("closed_at"),
        "version": Column("version"),
        "createdAt": Timestamp("created_at"),
        "campaignId": GlobalId("Campaign", "campaign_id"),
        "statusGrade": Computed(_status_grade),
        "overdue": Computed(_overdue),
        # The lead's customer, owner, store and follow-ups within its dealer
        # group (the executor's loaders read them by the caller's group: the
        # same rows). Stores, a small table, are joined to a list's rows.
        "customer": related(relations.LEAD_CUSTOMER),
        "owner": related(relations.LEAD_OWNER),
        "store": related(relations.LEAD_STORE, joined=True),
        "lastFollowUp": related(relations.LEAD_LAST_FOLLOW_UP),
        "followUps": related(relations.LEAD_FOLLOW_UPS),
    },
)

register(USER, STORE, CUSTOMER_TAG, CUSTOMER, FOLLOW_UP, LEAD)

VISIBLE_LEADS = Scoped(LeadRepository, lead_scope)

register_root(
    "leads",
    ConnectionRoot(
        node_type="Lead",
        permission_needed=("lead", "read"),
        rows=VISIBLE_LEADS,
        orders={order.value: sort for order, sort in ORDERS.items()},
        filters={
            "storeId": IdIs("store_id", "Store"),
            "ownerId": IdIs("owner_id", "User"),
            "campaignId": IdIs("campaign_id", "Campaign"),
            "grades": AnyOf("intent_grade"),
            "stages": AnyOf("stage"),
            "statuses": AnyOf("status"),
            "sourceChannels": AnyOf("source_channel"),
        },
    ),
)
register_root("lead", LookupRoot("Lead", ("lead", "read"), VISIBLE_LEADS))
register_root("node", NodeRoot())
register_node("Lead", NodeReader(("lead", "read"), VISIBLE_LEADS))
