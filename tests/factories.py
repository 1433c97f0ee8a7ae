"""Small async helpers that create organisations and users through the services,
inside a system transaction (as the CLI does)."""

from __future__ import annotations

from saas.identity.service import NewUser, grant_initial_role, register_user
from saas.models import DealerGroup, Oem, Store, User
from saas.org.service import StoreFields, create_dealer_group, create_oem, create_store
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role

PASSWORD = "Test-password-42"


async def make_group(code: str = "GROUP-A", name: str | None = None) -> DealerGroup:
    async with system_transaction():
        return await create_dealer_group(code, name or f"{code} Motors")


async def make_oem(code: str = "OEM-A", brands: list[str] | None = None) -> Oem:
    async with system_transaction():
        return await create_oem(code, f"{code} Auto", brands or ["Huaxia"])


async def make_store(
    group: DealerGroup, code: str = "STORE-1", *, city: str = "Shanghai", **fields: object
) -> Store:
    async with system_transaction():
        return await create_store(
            group.id,
            StoreFields(
                code=code,
                name=fields.pop("name", f"{code} showroom"),  # type: ignore[arg-type]
                region=fields.pop("region", "East China"),  # type: ignore[arg-type]
                city=city,
                **fields,  # type: ignore[arg-type]
            ),
        )


async def make_user(
    email: str,
    *,
    group: DealerGroup | None = None,
    oem: Oem | None = None,
    role: Role | None = None,
    store: Store | None = None,
    password: str = PASSWORD,
) -> User:
    async with system_transaction():
        user = await register_user(
            NewUser(email=email, name=email.split("@")[0].title(), password=password),
            dealer_group_id=group.id if group else None,
            oem_id=oem.id if oem else None,
        )
        if role is not None:
            await grant_initial_role(user, role, store_id=store.id if store else None)
        return user
