"""createUser and setUserActive."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.identity import service
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    parse_id,
)
from saas.schema.identity.types import User
from saas.schema.permissions import requires


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


CreateUserResult = Annotated[
    User | ValidationErrors | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("CreateUserResult", description="The new user, or why it was not created."),
]
SetUserActiveResult = Annotated[
    User | ValidationErrors | NotFoundError,
    strawberry.union("SetUserActiveResult", description="The user as changed, or why not."),
]


@strawberry.type
class UserMutations:
    @strawberry.mutation(
        description="Create a user (then grant it roles with grantRole).",
        extensions=requires("user", "create"),
    )
    async def create_user(
        self,
        info: Info,
        input: Annotated[
            CreateUserInput,
            strawberry.argument(
                description="The new user's e-mail, name, password and organisation."
            ),
        ],
    ) -> CreateUserResult:
        actor = info.context.require_actor()
        new = service.NewUser(
            email=input.email,
            name=input.name,
            password=input.password,
            phone=input.phone,
        )
        user = await service.create_user(
            actor,
            new,
            dealer_group_id=parse_id(input.dealer_group_id, "input.dealerGroupId", "DealerGroup")
            if input.dealer_group_id is not None
            else None,
            oem_id=parse_id(input.oem_id, "input.oemId", "Oem")
            if input.oem_id is not None
            else None,
        )
        return User.from_model(user)

    @strawberry.mutation(
        description="Activate or deactivate a user of your dealer group.",
        extensions=requires("user", "update"),
    )
    async def set_user_active(
        self,
        info: Info,
        input: Annotated[
            SetUserActiveInput,
            strawberry.argument(description="The user and whether they may sign in."),
        ],
    ) -> SetUserActiveResult:
        actor = info.context.require_actor()
        user_id = parse_id(input.user_id, "input.userId", "User")
        return User.from_model(await service.set_user_active(actor, user_id, input.active))
