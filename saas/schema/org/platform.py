"""createDealerGroup and createOem: the platform operator adds organisations."""

from __future__ import annotations

import strawberry

from saas.org import service
from saas.schema.described import described
from saas.schema.errors import ConflictError, ValidationErrors, result_union
from saas.schema.mutations import mutation
from saas.schema.org.types import DealerGroup, Oem
from saas.schema.permissions import requires
from saas.tenancy.actor import Actor


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


CreateDealerGroupResult = result_union(
    "CreateDealerGroupResult",
    DealerGroup | ValidationErrors | ConflictError,
    "The new dealer group, or why it was not created (ConflictError: the code is taken).",
)
CreateOemResult = result_union(
    "CreateOemResult",
    Oem | ValidationErrors | ConflictError,
    "The new OEM, or why it was not created (ConflictError: the code is taken).",
)


async def _create_dealer_group(
    _actor: Actor, input: CreateDealerGroupInput
) -> CreateDealerGroupResult:
    return DealerGroup.from_model(await service.create_dealer_group(input.code, input.name))


async def _create_oem(_actor: Actor, input: CreateOemInput) -> CreateOemResult:
    return Oem.from_model(await service.create_oem(input.code, input.name, input.brands))


@strawberry.type
@described
class PlatformMutations:
    """
    Attributes:
        create_dealer_group: Add a dealer group (a new tenant). Then create its first user and grant
            group_admin.
        create_oem: Add an OEM head office.
    """

    create_dealer_group = mutation(
        CreateDealerGroupResult,
        requires("tenant", "create"),
        input=(CreateDealerGroupInput, "The group's code and name."),
        steps=_create_dealer_group,
    )

    create_oem = mutation(
        CreateOemResult,
        requires("oem", "create"),
        input=(CreateOemInput, "The OEM's code, name and brands."),
        steps=_create_oem,
    )
