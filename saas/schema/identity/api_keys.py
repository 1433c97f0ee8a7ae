"""createApiKey and revokeApiKey."""

from __future__ import annotations

from datetime import datetime

import strawberry

from saas.identity import service
from saas.schema.described import described
from saas.schema.errors import (
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    result_union,
)
from saas.schema.identity.types import ApiKey, RoleName
from saas.schema.inputs import global_ids, renamed
from saas.schema.mutations import mutation
from saas.schema.permissions import requires


@strawberry.input(
    description=(
        "A new API key. Group admins issue group_executive or group_admin keys for "
        "their group; platform operators issue oem_distributor keys for an OEM."
    )
)
@described
class CreateApiKeyInput:
    """
    Attributes:
        name: What the key is for, e.g. 'OEM lead feed'.
        role: The role the key acts with: group_executive or group_admin (group admins), or
            oem_distributor (platform admins).
        scopes: Narrow the role to these resource:action permissions.
        oem_id: The OEM an oem_distributor key acts for; required for that role, ignored otherwise.
        expires_at: When the key stops working (UTC, must be in the future); null for a key that
            does not expire.
    """

    name: str
    role: RoleName
    scopes: list[str] = strawberry.field(default_factory=list)
    oem_id: strawberry.ID | None = None
    expires_at: datetime | None = None


@strawberry.input(description="The API key to revoke.")
@described
class RevokeApiKeyInput:
    """
    Attributes:
        id: The id of the API key to revoke.
    """

    id: strawberry.ID


@strawberry.type(description="The new key. Store `secret` now: it is never shown again.")
@described
class CreatedApiKey:
    """
    Attributes:
        api_key: The key's record, as listed later.
        secret: The whole key to send as 'Authorization: Bearer <secret>'; shown only in this
            answer.
    """

    api_key: ApiKey
    secret: str


CreateApiKeyResult = result_union(
    "CreateApiKeyResult",
    CreatedApiKey | ValidationErrors | ForbiddenError,
    "The new key and its secret, or why it was not issued.",
)
RevokeApiKeyResult = result_union(
    "RevokeApiKeyResult",
    ApiKey | NotFoundError | ValidationErrors,
    "The revoked key, or why it could not be revoked.",
)


global_ids(CreateApiKeyInput, oem_id="Oem")
global_ids(RevokeApiKeyInput, id="ApiKey")
renamed(RevokeApiKeyInput, api_key_id="id")


def _created(issued: service.IssuedApiKey) -> CreatedApiKey:
    return CreatedApiKey(api_key=ApiKey.from_model(issued.api_key), secret=issued.secret)


@strawberry.type
@described
class ApiKeyMutations:
    """
    Attributes:
        create_api_key: Issue an API key for an integration client.
        revoke_api_key: Revoke an API key at once; requests with it are refused from now on.
    """

    create_api_key = mutation(
        CreateApiKeyResult,
        requires("api_key", "create"),
        input=(CreateApiKeyInput, "Name, role, scopes and expiry of the new key."),
        run=service.create_api_key,
        answer=_created,
    )

    revoke_api_key = mutation(
        RevokeApiKeyResult,
        requires("api_key", "revoke"),
        input=(RevokeApiKeyInput, "The key to revoke."),
        run=service.revoke_api_key,
        answer=ApiKey.from_model,
    )
