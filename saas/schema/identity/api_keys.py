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
)
from saas.schema.identity.types import ApiKey, RoleName
from saas.schema.inputs import global_ids, renamed, to_args
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
    role: RoleName = strawberry.field(
        description="The role the key acts with: group_executive or group_admin (group admins), "
        "or oem_distributor (platform admins)."
    )
    scopes: list[str] = strawberry.field(
        default_factory=list,
        description="Narrow the role to these resource:action permissions.",
    )
    oem_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The OEM an oem_distributor key acts for; required for that role, ignored "
        "otherwise.",
    )
    expires_at: datetime | None = strawberry.field(
        default=None,
        description="When the key stops working (UTC, must be in the future); null for a key that"
        " does not expire.",
    )


@strawberry.input(description="The API key to revoke.")
class RevokeApiKeyInput:
    id: strawberry.ID = strawberry.field(description="The id of the API key to revoke.")


@strawberry.type(description="The new key. Store `secret` now: it is never shown again.")
class CreatedApiKey:
    api_key: ApiKey = strawberry.field(description="The key's record, as listed later.")
    secret: str = strawberry.field(
        description="The whole key to send as 'Authorization: Bearer <secret>'; shown only in "
        "this answer."
    )


CreateApiKeyResult = Annotated[
    CreatedApiKey | ValidationErrors | ForbiddenError,
    strawberry.union(
        "CreateApiKeyResult", description="The new key and its secret, or why it was not issued."
    ),
]
RevokeApiKeyResult = Annotated[
    ApiKey | NotFoundError | ValidationErrors,
    strawberry.union(
        "RevokeApiKeyResult", description="The revoked key, or why it could not be revoked."
    ),
]


global_ids(CreateApiKeyInput, oem_id="Oem")
global_ids(RevokeApiKeyInput, id="ApiKey")
renamed(RevokeApiKeyInput, api_key_id="id")


@strawberry.type
class ApiKeyMutations:
    @strawberry.mutation(
        description="Issue an API key for an integration client.",
        extensions=requires("api_key", "create"),
    )
    async def create_api_key(
        self,
        info: Info,
        input: Annotated[
            CreateApiKeyInput,
            strawberry.argument(description="Name, role, scopes and expiry of the new key."),
        ],
    ) -> CreateApiKeyResult:
        actor = info.context.require_actor()
        role = Role(input.role.value)  # RoleName is the schema's own enum
        issued = await to_args(input, service.create_api_key, actor, role=role)
        return CreatedApiKey(api_key=ApiKey.from_model(issued.api_key), secret=issued.secret)

    @strawberry.mutation(
        description="Revoke an API key at once; requests with it are refused from now on.",
        extensions=requires("api_key", "revoke"),
    )
    async def revoke_api_key(
        self,
        info: Info,
        input: Annotated[RevokeApiKeyInput, strawberry.argument(description="The key to revoke.")],
    ) -> RevokeApiKeyResult:
        actor = info.context.require_actor()
        key = await to_args(input, service.revoke_api_key, actor)
        return ApiKey.from_model(key)
