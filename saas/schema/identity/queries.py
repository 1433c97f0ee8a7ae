"""Queries on the caller, users and API keys."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.identity import service
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.identity.types import ApiKey, RoleAssignment, User, Viewer, ViewerKind
from saas.schema.lookups import lookup
from saas.schema.pagination import Connection, Page, paged, paginate
from saas.schema.permissions import authenticated, requires
from saas.tenancy.actor import ActorKind
from saas.tenancy.authz import role_permissions


@strawberry.type
@described
class IdentityQueries:
    """
    Attributes:
        user: One user you may see, or null.
    """

    @strawberry.field(
        description="Who you are: user or API key, roles, stores and permissions.",
        extensions=authenticated(),
    )
    async def me(self, info: Info) -> Viewer:
        actor = info.context.require_actor()
        perms = role_permissions()
        held = {f"{r}:{a}" for g in actor.grants for r, a in perms[g.role]}
        if actor.scopes is not None:
            held &= actor.scopes
        common = {
            "permissions": sorted(held),
            "_tenant_id": actor.tenant_id,
            "_oem_id": actor.oem_id,
        }
        if actor.kind is ActorKind.USER:
            user = await service.get_self(actor)
            rows = await service.role_rows_of_self(actor)
            return Viewer(
                kind=ViewerKind.USER,
                user=User.from_model(user),
                api_key=None,
                roles=[RoleAssignment.from_model(r) for r in rows],
                **common,  # type: ignore[arg-type]
            )
        key = await service.get_own_api_key(actor)
        return Viewer(
            kind=ViewerKind.API_KEY,
            user=None,
            api_key=ApiKey.from_model(key),
            roles=[RoleAssignment.from_api_key(key)],
            **common,  # type: ignore[arg-type]
        )

    @strawberry.field(
        description="Users of your dealer group (every user, for platform operators).",
        extensions=requires("user", "read"),
    )
    @paged
    async def users(
        self,
        info: Info,
        page: Page,
        search: Annotated[
            str | None,
            strawberry.argument(description="Part of the name or e-mail, any case."),
        ] = None,
    ) -> Connection[User]:
        qs = service.search_users(service.users_of(info.context.require_actor()), search)
        return await paginate(qs, page, User.from_model)

    user = lookup(User, requires("user", "read"), "The user's id.", service.get_user)

    @strawberry.field(
        description="API keys of your dealer group (every key, for platform operators).",
        extensions=requires("api_key", "read"),
    )
    @paged
    async def api_keys(
        self,
        info: Info,
        page: Page,
    ) -> Connection[ApiKey]:
        qs = service.api_keys_of(info.context.require_actor())
        return await paginate(qs, page, ApiKey.from_model)
