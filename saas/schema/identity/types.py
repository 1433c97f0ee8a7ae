"""GraphQL types of people, roles, sessions and API keys."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from saas import models
from saas.schema.context import Info
from saas.schema.org.types import DealerGroup, Oem, Store
from saas.schema.relay import Node, decode_id, to_global_id
from saas.tenancy.roles import Role

RoleName = strawberry.enum(
    Enum("RoleName", {r.name: r.value for r in Role}),  # type: ignore[misc]
    description="The eight roles; see the role table in the README.",
)


@strawberry.type(
    description="A role held by a user in a domain (a store, a group, an OEM or the platform)."
)
class RoleAssignment(Node):
    role: RoleName  # type: ignore[valid-type]
    domain: str = strawberry.field(description="store:<id>, group:<id>, oem:<id> or platform.")
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
            role=RoleName(role),  # type: ignore[operator]
            domain=domain,
            created_at=created_at,
            _store_id=int(raw_id) if kind == "store" else None,
        )


@strawberry.type(description="A person who signs in.")
class User(Node):
    email: str
    name: str
    phone: str | None
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime
    _dealer_group_id: strawberry.Private[int | None]
    _oem_id: strawberry.Private[int | None]

    @strawberry.field(description="The user's roles.")
    async def roles(self, info: Info) -> list[RoleAssignment]:
        rows = await info.context.loaders.role_assignments_by_user_id.load(
            decode_id(self.id, "User")
        )
        return [RoleAssignment.from_model(r) for r in rows]

    @strawberry.field(description="The dealer group the user works for, if any.")
    async def dealer_group(self, info: Info) -> DealerGroup | None:
        if self._dealer_group_id is None:
            return None
        group = await info.context.loaders.dealer_group_by_id.load(self._dealer_group_id)
        return DealerGroup.from_model(group) if group else None

    @strawberry.field(description="The OEM the user works for, if any.")
    async def oem(self, info: Info) -> Oem | None:
        if self._oem_id is None:
            return None
        oem = await info.context.loaders.oem_by_id.load(self._oem_id)
        return Oem.from_model(oem) if oem else None

    @classmethod
    def from_model(cls, user: models.User) -> User:
        return cls(
            id=to_global_id("User", user.id),
            email=user.email,
            name=user.name,
            phone=user.phone,
            is_active=user.is_active,
            last_login_at=user.last_login_at,
            created_at=user.created_at,
            _dealer_group_id=user.dealer_group_id,
            _oem_id=user.oem_id,
        )


@strawberry.type(description="An API key. The secret itself is shown only once, on creation.")
class ApiKey(Node):
    name: str
    prefix: str = strawberry.field(description="The visible start of the key, to recognise it.")
    role: RoleName  # type: ignore[valid-type]
    domain: str
    scopes: list[str] = strawberry.field(
        description="resource:action list; empty = the whole role."
    )
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_model(cls, key: models.ApiKey) -> ApiKey:
        return cls(
            id=to_global_id("ApiKey", key.id),
            name=key.name,
            prefix=f"dcrm_{key.prefix}",
            role=RoleName(key.role),  # type: ignore[operator]
            domain=key.domain,
            scopes=list(key.scopes),
            created_at=key.created_at,
            last_used_at=key.last_used_at,
            expires_at=key.expires_at,
            revoked_at=key.revoked_at,
        )


@strawberry.enum(description="Who is calling.")
class ViewerKind(Enum):
    USER = "user"
    API_KEY = "api_key"


@strawberry.type(description="The caller of this request, its roles, stores and permissions.")
class Viewer:
    kind: ViewerKind
    user: User | None = strawberry.field(description="Set when a person is signed in.")
    api_key: ApiKey | None = strawberry.field(description="Set when an API key is used.")
    roles: list[RoleAssignment]
    permissions: list[str] = strawberry.field(
        description="Every resource:action the caller holds somewhere, for showing or hiding UI."
    )
    _tenant_id: strawberry.Private[int | None]
    _oem_id: strawberry.Private[int | None]

    @strawberry.field(description="Your dealer group, if any.")
    async def dealer_group(self, info: Info) -> DealerGroup | None:
        if self._tenant_id is None:
            return None
        group = await info.context.loaders.dealer_group_by_id.load(self._tenant_id)
        return DealerGroup.from_model(group) if group else None

    @strawberry.field(description="Your OEM, if any.")
    async def oem(self, info: Info) -> Oem | None:
        if self._oem_id is None:
            return None
        oem = await info.context.loaders.oem_by_id.load(self._oem_id)
        return Oem.from_model(oem) if oem else None

    @strawberry.field(description="Stores you can see: all of your group's with a group-wide role.")
    async def stores(self, info: Info) -> list[Store]:
        from saas.org.service import stores_visible_to

        actor = info.context.require_actor()
        if actor.tenant_id is None:
            return []
        rows = await stores_visible_to(actor).query().order_by("code")
        return [Store.from_model(s) for s in rows]


@strawberry.type(description="A signed-in session: a short-lived access token and a refresh token.")
class Session:
    access_token: str = strawberry.field(description="Send as 'Authorization: Bearer <token>'.")
    access_token_expires_at: datetime
    refresh_token: str = strawberry.field(description="Trade for a new session with refreshToken.")
    refresh_token_expires_at: datetime
    user: User
