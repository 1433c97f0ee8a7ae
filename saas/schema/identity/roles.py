"""grantRole and revokeRole."""

from __future__ import annotations

import strawberry

from saas import models
from saas.identity import service
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    result_union,
)
from saas.schema.identity.types import RoleAssignment, RoleName
from saas.schema.inputs import global_ids, renamed, to_args
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.schema.relay import to_global_id
from saas.tenancy.actor import Actor


@strawberry.input(
    description=(
        "Grant a role. Store roles (consultant, showroom_manager, sales_manager, "
        "customer_admin) need storeId; group roles apply to your dealer group; "
        "oem_distributor needs oemId and platform_admin nothing (platform operators only)."
    )
)
@described
class GrantRoleInput:
    """
    Attributes:
        user_id: The user who gets the role.
        role: The role to grant.
        store_id: The store of a store role (consultant, showroom_manager, sales_manager,
            customer_admin); leave null for other roles.
        dealer_group_id: Platform operators: the group of a group role.
        oem_id: The OEM of an oem_distributor role (platform operators); leave null for other roles.
    """

    user_id: strawberry.ID
    role: RoleName
    store_id: strawberry.ID | None = None
    dealer_group_id: strawberry.ID | None = None
    oem_id: strawberry.ID | None = None


@strawberry.input(description="The role assignment to remove.")
@described
class RevokeRoleInput:
    """
    Attributes:
        id: The id of the role assignment (RoleAssignment.id) to remove.
    """

    id: strawberry.ID


@strawberry.type(description="The role assignment was removed.")
@described
class RevokedRole:
    """
    Attributes:
        id: The global id the revoked role assignment had; it answers nothing any more.
        role: The role that was removed.
        domain: Where it applied: store:<id>, group:<id>, oem:<id> or platform.
    """

    id: strawberry.ID
    role: RoleName
    domain: str


GrantRoleResult = result_union(
    "GrantRoleResult",
    RoleAssignment | ValidationErrors | NotFoundError | ConflictError | ForbiddenError,
    "The new role assignment, or why it was not granted.",
)
RevokeRoleResult = result_union(
    "RevokeRoleResult",
    RevokedRole | ValidationErrors | NotFoundError,
    "The removed assignment, or why it could not be removed.",
)


global_ids(
    GrantRoleInput, user_id="User", store_id="Store", dealer_group_id="DealerGroup", oem_id="Oem"
)
global_ids(RevokeRoleInput, id="RoleAssignment")
renamed(RevokeRoleInput, assignment_id="id")


def _revoked(row: models.RoleAssignment) -> RevokedRole:
    return RevokedRole(
        id=to_global_id("RoleAssignment", row.id), role=RoleName(row.role), domain=row.domain
    )


async def _grant_role(actor: Actor, input: GrantRoleInput) -> GrantRoleResult:
    target = to_args(input, service.RoleTarget, partial=True)  # where the role is granted
    row = await to_args(input, service.grant_role, actor, target=target, partial=True)
    return RoleAssignment.from_model(row)


@strawberry.type
@described
class RoleMutations:
    """
    Attributes:
        revoke_role: Remove a role assignment. Takes effect on the next request.
        grant_role: Grant a role to a user of your dealer group. Takes effect on the next request.
    """

    grant_role = mutation(
        GrantRoleResult,
        requires("role", "grant"),
        input=(GrantRoleInput, "Who gets which role where."),
        steps=_grant_role,
    )

    revoke_role = mutation(
        RevokeRoleResult,
        requires("role", "revoke"),
        input=(RevokeRoleInput, "The role assignment to remove."),
        run=service.revoke_role,
        answer=_revoked,
    )
