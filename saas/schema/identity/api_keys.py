"""createApiKey and revokeApiKey."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from saas.identity import service
from saas.schema.context import Info
from saas.schema.errors import (
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    attempt,
    parse_id,
)
from saas.schema.identity.types import ApiKey, RoleName
from saas.schema.permissions import requires
from saas.tenancy.roles import Role


@strawberry.input(
    description=(
        "A new API key. Group admins issue group_executive or group_admin keys for "
        "their group; platform operators issue oem_distributor keys for an OEM."
    )
)
class CreateApiKeyInput:
    name: str = strawberry.field(description="What the key is for, e.g. 'OEM lead feed'.")
    role: RoleName  # type: ignore[valid-type]
    scopes: list[str] = strawberry.field(
        default_factory=list,
        description="Narrow the role to these resource:action permissions.",
    )
    oem_id: strawberry.ID | None = None
    expires_at: datetime | None = None


@strawberry.input(description="The API key to revoke.")
class RevokeApiKeyInput:
    id: strawberry.ID


@strawberry.type(description="The new key. Store `secret` now: it is never shown again.")
class CreatedApiKey:
    api_key: ApiKey
    secret: str


CreateApiKeyResult = Annotated[
    CreatedApiKey | ValidationErrors | ForbiddenError,
    strawberry.union("CreateApiKeyResult"),
]
RevokeApiKeyResult = Annotated[
    ApiKey | NotFoundError | ValidationErrors, strawberry.union("RevokeApiKeyResult")
]


@strawberry.type
class ApiKeyMutations:
    @strawberry.mutation(
        description="Issue an API key for an integration client.",
        extensions=requires("api_key", "create"),
    )
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyResult:
        actor = info.context.require_actor()

        async def run() -> CreatedApiKey:
            issued = await service.create_api_key(
                actor,
                input.name,
                Role(input.role.value),
                input.scopes,
                oem_id=parse_id(input.oem_id, "input.oemId", "Oem")
                if input.oem_id is not None
                else None,
                expires_at=input.expires_at,
            )
            return CreatedApiKey(api_key=ApiKey.from_model(issued.api_key), secret=issued.secret)

        return await attempt(run)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Revoke an API key at once; requests with it are refused from now on.",
        extensions=requires("api_key", "revoke"),
    )
    async def revoke_api_key(self, info: Info, input: RevokeApiKeyInput) -> RevokeApiKeyResult:
        actor = info.context.require_actor()

        async def run() -> ApiKey:
            key = await service.revoke_api_key(actor, parse_id(input.id, "input.id", "ApiKey"))
            return ApiKey.from_model(key)

        return await attempt(run)  # type: ignore[return-value]
