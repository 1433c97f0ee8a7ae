"""The nested fields of the sales CRM's types, each declared once (see
`saas.schema.relations`): `saas.schema.crm.types` builds their resolvers,
`saas.schema.compiled.maps.leads` their SQL, and the lead page primes them."""

from __future__ import annotations

from saas.schema.relations import Relation

# Users belong to a dealer group by `dealer_group_id`, not `tenant_id`.
_USERS = "dealer_group_id"

LEAD_CUSTOMER = Relation(
    "Lead",
    "customer",
    "Customer",
    "customer_by_id",
    key="customer_id",
    description="The customer.",
)
LEAD_OWNER = Relation(
    "Lead",
    "owner",
    "User",
    "user_by_id",
    key="owner_id",
    group_column=_USERS,
    description="The consultant (or manager) who owns the lead.",
)
LEAD_STORE = Relation(
    "Lead",
    "store",
    "Store",
    "store_by_id",
    key="store_id",
    description="The store.",
)
LEAD_LAST_FOLLOW_UP = Relation(
    "Lead",
    "lastFollowUp",
    "FollowUp",
    "last_follow_up_by_lead_id",
    key="id",
    column="lead_id",
    order=("-id",),
    description="The latest follow-up.",
)
LEAD_FOLLOW_UPS = Relation(
    "Lead",
    "followUps",
    "FollowUp",
    "follow_ups_by_lead_id",
    key="id",
    column="lead_id",
    many=True,
    order=("happened_at", "id"),
    limit=50,
    direct=False,
    description="Follow-ups, oldest first (the first 50; all of them, newest first, page by "
    "page: followUps(filter: {leadId})).",
)
CUSTOMER_STORE = Relation(
    "Customer",
    "store",
    "Store",
    "store_by_id",
    key="store_id",
    direct=False,
    description="The customer's store.",
)
CUSTOMER_OWNER = Relation(
    "Customer",
    "owner",
    "User",
    "user_by_id",
    key="owner_id",
    group_column=_USERS,
    direct=False,
    description="The consultant who owns the customer.",
)
# The loader reads every tag (tagHistory shows them too); the field, current ones.
CUSTOMER_TAGS = Relation(
    "Customer",
    "tags",
    "CustomerTag",
    "tags_by_customer_id",
    key="id",
    column="customer_id",
    many=True,
    order=("id",),
    limit=10,
    current=("removed_at",),
    description="Current tags (the first 10).",
)
FOLLOW_UP_USER = Relation(
    "FollowUp",
    "user",
    "User",
    "user_by_id",
    key="user_id",
    group_column=_USERS,
    direct=False,
    description="Who followed up.",
)
