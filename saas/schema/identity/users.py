"""createUser and setUserActive."""

from __future__ import annotations

import strawberry

from saas.identity import service
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    result_union,
)
from saas.schema.identity.types import User
from saas.schema.inputs import global_ids, to_args
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.tenancy.actor import Actor


@strawberry.input(description="A new user. Group admins create users of their own group.")
@described
class CreateUserInput:
    """
    Attributes:
        email: Sign-in e-mail; must not belong to another user (ConflictError).
        name: Display name.
        password: At least 10 characters, letters and digits.
        phone: The employee's phone; optional.
        dealer_group_id: Platform operators: the user's dealer group.
        oem_id: Platform operators: the user's OEM.
    """

    email: str
    name: str
    password: str
    phone: str | None = None
    dealer_group_id: strawberry.ID | None = None
    oem_id: strawberry.ID | None = None


@strawberry.input(description="Activate or deactivate a user; deactivating ends their sessions.")
@described
class SetUserActiveInput:
    """
    Attributes:
        user_id: The user to change.
        active: true to let the user sign in again, false to block sign-in and end their sessions.
    """

    user_id: strawberry.ID
    active: bool


CreateUserResult = result_union(
    "CreateUserResult",
    User | ValidationErrors | ConflictError | NotFoundError | ForbiddenError,
    "The new user, or why it was not created.",
)
SetUserActiveResult = result_union(
    "SetUserActiveResult",
    User | ValidationErrors | NotFoundError,
    "The user as changed, or why not.",
)


global_ids(CreateUserInput, dealer_group_id="DealerGroup", oem_id="Oem")
global_ids(SetUserActiveInput, user_id="User")


async def _create_user(actor: Actor, input: CreateUserInput) -> CreateUserResult:
    new = to_args(input, service.NewUser, partial=True)  # the rest: where the user belongs
    user = await to_args(input, service.create_user, actor, new=new, partial=True)
    return User.from_model(user)


@strawberry.type
@described
class UserMutations:
    """
    Attributes:
        set_user_active: Activate or deactivate a user of your dealer group.
        create_user: Create a user (then grant it roles with grantRole).
    """

    create_user = mutation(
        CreateUserResult,
        requires("user", "create"),
        input=(CreateUserInput, "The new user's e-mail, name, password and organisation."),
        steps=_create_user,
    )

    set_user_active = mutation(
        SetUserActiveResult,
        requires("user", "update"),
        input=(SetUserActiveInput, "The user and whether they may sign in."),
        run=service.set_user_active,
        answer=User.from_model,
    )
