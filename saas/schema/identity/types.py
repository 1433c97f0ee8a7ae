"""GraphQL types of people, roles, sessions and API keys."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from saas import models
from saas.org.service import stores_visible_to
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.inputs import converts
from saas.schema.limits import MaxItems
from saas.schema.org.types import DealerGroup, Oem, Store, loaded_dealer_group, loaded_oem
from saas.schema.relations import target
from saas.schema.relay import Node, decode_id, from_row, to_global_id
from saas.tenancy.roles import Role

# Built from Role at import: mypy cannot see the members of a functional Enum
# made from a comprehension, so RoleName is untyped here.
RoleName = described_enum(
    Enum("RoleName", {r.name: r.value for r in Role}),  # type: ignore[call-overload]
    description="The eight roles; see the role table in the README.",
    values={
        "CONSULTANT": "Sales consultant (销售顾问), held in a store: own customers and leads; "
        "logs follow-ups, test drives and orders.",
        "SHOWROOM_MANAGER": "Showroom manager (展厅经理), held in a store: everything in the "
        "store; assigns leads, decides lost requests, weekly H-list.",
        "SALES_MANAGER": "Sales manager (销售经理), held in a store: store-wide, sets "
        "consultants' targets, takes important customers.",
        "CUSTOMER_ADMIN": "Customer administrator (客户管理员), held in a store: enters and "
        "cleans customer records; no deals.",
        "GROUP_EXECUTIVE": "Dealer-group head office, held in a group: read-only across all "
        "stores of the group; store comparison.",
        "GROUP_ADMIN": "Dealer-group IT/admin, held in a group: stores, users, roles and "
        "settings of the group.",
        "OEM_DISTRIBUTOR": "OEM lead distributor, held in an OEM: distributes leads to "
        "franchised stores; sees only their distribution view and SLA reports.",
        "PLATFORM_ADMIN": "The SaaS operator, held on the platform: creates dealer groups and "
        "OEMs; no CRM data.",
    },
)


@converts(RoleName)
def _role(role: Any) -> Role:
    """The schema's own enum, as the services take it."""
    return Role(role.value)


@strawberry.type(
    description="A role held by a user in a domain (a store, a group, an OEM or the platform)."
)
@described
class RoleAssignment(Node):
    """
    Attributes:
        role: The role held.
        domain: store:<id>, group:<id>, oem:<id> or platform.
        created_at: When the role was granted (UTC, ISO-8601).
    """

    role: RoleName  # type: ignore[valid-type]
    domain: str
    created_at: datetime
    _store_id: strawberry.Private[int | None]

    @strawberry.field(description="The store, for store roles you can see.")
    async def store(self, info: Info) -> Store | None:
        if self._store_id is None:
            return None
        store = await info.context.loaders.store_by_id.load(self._store_id)
        return Store.from_model(store) if store else None

    @classmethod
    def from_model(cls, row: models.RoleAssignment) -> RoleAssignment:
        return cls._build(
            to_global_id("RoleAssignment", row.id), row.role, row.domain, row.created_at
        )

    @classmethod
    def from_api_key(cls, key: models.ApiKey) -> RoleAssignment:
        # An API key holds one role without a row of its own.
        return cls._build(to_global_id("ApiKeyRole", key.id), key.role, key.domain, key.created_at)

    @classmethod
    def _build(
        cls, id: strawberry.ID, role: str, domain: str, created_at: datetime
    ) -> RoleAssignment:
        kind, _, raw_id = domain.partition(":")
        return cls(
            id=id,
            role=RoleName(role),
            domain=domain,
            created_at=created_at,
            _store_id=int(raw_id) if kind == "store" else None,
        )


@target
@strawberry.type(description="A person who signs in.")
@described
class User(Node):
    """
    Attributes:
        email: Sign-in email, unique across the service.
        name: Display name.
        phone: The employee's phone as entered; null when not given.
        is_active: False once deactivated (setUserActive): the user cannot sign in and gets no new
            leads.
        last_login_at: When the user last signed in (UTC); null until the first login.
        language: The language of the user's report and export files (en, zh;
            setMyReportLanguage); null: the browser's at each request.
        created_at: When the account was created (UTC, ISO-8601).
    """

    email: str
    name: str
    phone: str | None
    is_active: bool
    last_login_at: datetime | None
    language: str | None
    created_at: datetime
    _dealer_group_id: strawberry.Private[int | None]
    _oem_id: strawberry.Private[int | None]

    @strawberry.field(description="The user's roles.", directives=[MaxItems(count=20)])
    async def roles(self, info: Info) -> list[RoleAssignment]:
        rows = await info.context.loaders.role_assignments_by_user_id.load(
            decode_id(self.id, "User")
        )
        return [RoleAssignment.from_model(r) for r in rows]

    @strawberry.field(description="The dealer group the user works for, if any.")
    async def dealer_group(self, info: Info) -> DealerGroup | None:
        return await loaded_dealer_group(info, self._dealer_group_id)

    @strawberry.field(description="The OEM the user works for, if any.")
    async def oem(self, info: Info) -> Oem | None:
        return await loaded_oem(info, self._oem_id)

    @classmethod
    def from_model(cls, user: models.User) -> User:
        return from_row(cls, user, _dealer_group_id=user.dealer_group_id, _oem_id=user.oem_id)


async def loaded_user(info: Info, user_id: int | None) -> User | None:
    """The user a row names (its owner, author, reviewer...) through the
    request's loader, so a page of rows reads its users at once; null when
    the row names nobody or the user is not visible."""
    if user_id is None:
        return None
    row = await info.context.loaders.user_by_id.load(user_id)
    return User.from_model(row) if row else None


@strawberry.type(description="An API key. The secret itself is shown only once, on creation.")
@described
class ApiKey(Node):
    """
    Attributes:
        name: A label chosen at creation, e.g. the integration's name.
        prefix: The visible start of the key, to recognise it.
        role: The role the key acts with.
        domain: Where the role applies: store:<id>, group:<id>, oem:<id> or platform.
        scopes: resource:action list; empty = the whole role.
        created_at: When the key was created (UTC, ISO-8601).
        last_used_at: When the key last authenticated a request (UTC, to the minute); null until
            first used.
        expires_at: When the key stops working (UTC); null for a key that does not expire.
        revoked_at: When the key was revoked (UTC); null while it works.
    """

    name: str
    prefix: str
    role: RoleName  # type: ignore[valid-type]
    domain: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_model(cls, key: models.ApiKey) -> ApiKey:
        return from_row(
            cls, key, prefix=f"dcrm_{key.prefix}", role=RoleName(key.role), scopes=list(key.scopes)
        )


@described_enum(
    description="Who is calling.",
    values={
        "USER": "A person signed in with a bearer JWT.",
        "API_KEY": "An OEM or integration client using an API key.",
    },
)
class ViewerKind(Enum):
    USER = "user"
    API_KEY = "api_key"


@strawberry.type(description="The caller of this request, its roles, stores and permissions.")
@described
class Viewer:
    """
    Attributes:
        kind: A signed-in person or an API key.
        user: Set when a person is signed in.
        api_key: Set when an API key is used.
        permissions: Every resource:action the caller holds somewhere, for showing or hiding UI.
    """

    kind: ViewerKind
    user: User | None
    api_key: ApiKey | None
    roles: list[RoleAssignment] = strawberry.field(
        description="Your role assignments (for an API key: its one role).",
        directives=[MaxItems(count=20)],
    )
    permissions: list[str]
    _tenant_id: strawberry.Private[int | None]
    _oem_id: strawberry.Private[int | None]

    @strawberry.field(description="Your dealer group, if any.")
    async def dealer_group(self, info: Info) -> DealerGroup | None:
        return await loaded_dealer_group(info, self._tenant_id)

    @strawberry.field(description="Your OEM, if any.")
    async def oem(self, info: Info) -> Oem | None:
        return await loaded_oem(info, self._oem_id)

    @strawberry.field(
        description="Stores you can see: all of your group's with a group-wide role (the first "
        "100 by code; all of them page by page: stores).",
        directives=[MaxItems(count=100)],
    )
    async def stores(self, info: Info) -> list[Store]:
        actor = info.context.require_actor()
        if actor.tenant_id is None:
            return []
        rows = await stores_visible_to(actor).query().order_by("code")
        return [Store.from_model(s) for s in rows]


@strawberry.type(description="A signed-in session: a short-lived access token and a refresh token.")
@described
class Session:
    """
    Attributes:
        access_token: Send as 'Authorization: Bearer <token>'.
        access_token_expires_at: When the access token stops working (UTC; 15 minutes after issue by
            default): refresh before then.
        refresh_token: Trade for a new session with refreshToken.
        refresh_token_expires_at: When the refresh token stops working (UTC; 30 days after issue by
            default); a refresh token works once: refreshing issues a new one.
        user: The signed-in user.
    """

    access_token: str
    access_token_expires_at: datetime
    refresh_token: str
    refresh_token_expires_at: datetime
    user: User
