"""Queries on the caller, users and API keys."""

from __future__ import annotations

import strawberry

from saas.identity import service
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.identity.types import ApiKey, RoleAssignment, User, Viewer, ViewerKind
from saas.schema.permissions import authenticated, requires
from saas.schema.reads import Arg, listing, lookup
from saas.tenancy.actor import ActorKind
from saas.tenancy.authz import role_permissions


@strawberry.type
@described
class IdentityQueries:
    """
    Attributes:
        users: Users of your dealer group (every user, for platform operators).
        user: One user you may see, or null.
        api_keys: API keys of your dealer group (every key, for platform operators).
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

    users = listing(
        User,
        requires("user", "read"),
        lambda actor, search: service.search_users(service.users_of(actor), search),
        search=Arg(str | None, "Part of the name or e-mail, any case."),
    )
    user = lookup(User, requires("user", "read"), "The user's id.", service.get_user)

    api_keys = listing(ApiKey, requires("api_key", "read"), service.api_keys_of)
