"""createDealerGroup and createOem: the platform operator adds organisations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.org import service
from saas.schema.described import described
from saas.schema.errors import ConflictError, ValidationErrors
from saas.schema.org.types import DealerGroup, Oem
from saas.schema.permissions import requires


@strawberry.input(description="A new dealer group (tenant).")
@described
class CreateDealerGroupInput:
    """
    Attributes:
        code: 2-32 characters A-Z, 0-9, '-', '_'; unique.
        name: Display name of the group (required).
    """

    code: str
    name: str


@strawberry.input(description="A new OEM head office.")
@described
class CreateOemInput:
    """
    Attributes:
        code: 2-32 characters A-Z, 0-9, '-', '_'; unique.
        name: Display name of the OEM (required).
        brands: Brands whose leads it distributes.
    """

    code: str
    name: str
    brands: list[str]


CreateDealerGroupResult = Annotated[
    DealerGroup | ValidationErrors | ConflictError,
    strawberry.union(
        "CreateDealerGroupResult",
        description=(
            "The new dealer group, or why it was not created (ConflictError: the code is taken)."
        ),
    ),
]
CreateOemResult = Annotated[
    Oem | ValidationErrors | ConflictError,
    strawberry.union(
        "CreateOemResult",
        description="The new OEM, or why it was not created (ConflictError: the code is taken).",
    ),
]


@strawberry.type
class PlatformMutations:
    @strawberry.mutation(
        description=(
            "Add a dealer group (a new tenant). Then create its first user and grant group_admin."
        ),
        extensions=requires("tenant", "create"),
    )
    async def create_dealer_group(
        self,
        input: Annotated[
            CreateDealerGroupInput, strawberry.argument(description="The group's code and name.")
        ],
    ) -> CreateDealerGroupResult:
        return DealerGroup.from_model(await service.create_dealer_group(input.code, input.name))

    @strawberry.mutation(
        description="Add an OEM head office.",
        extensions=requires("oem", "create"),
    )
    async def create_oem(
        self,
        input: Annotated[
            CreateOemInput, strawberry.argument(description="The OEM's code, name and brands.")
        ],
    ) -> CreateOemResult:
        return Oem.from_model(await service.create_oem(input.code, input.name, input.brands))
