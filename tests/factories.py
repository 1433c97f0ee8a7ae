"""Small async helpers that create organisations and users through the services,
inside a system transaction (as the CLI does)."""

from __future__ import annotations

from datetime import datetime

from saas.crm.leads import LeadIntake
from saas.identity.service import NewUser, grant_initial_role, register_user
from saas.models import DealerGroup, Oem, Store, User, VehicleModel
from saas.org.service import StoreFields, create_dealer_group, create_oem, create_store
from saas.schema.relay import from_global_id, to_global_id
from saas.tenancy.actor import Actor
from saas.tenancy.authz import Authorizer
from saas.tenancy.rls import system_transaction, tenant_transaction
from saas.tenancy.roles import Role

PASSWORD = "Test-password-42"


def gid(obj: object, pk: int | None = None) -> str:
    """The GraphQL global id of a row (its model's name is the GraphQL type's),
    or of `obj` = a type name and `pk`: gid(lead), gid("Export", run.id)."""
    if isinstance(obj, str):
        assert pk is not None
        return str(to_global_id(obj, pk))
    return str(to_global_id(type(obj).__name__, obj.id))  # type: ignore[attr-defined]


def pk(global_id: str) -> int:
    """The database id inside a global id the API returned."""
    return from_global_id(global_id)[1]


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


async def make_vehicle_model(
    brand: str = "Huaxia", series: str = "Aurora", name: str | None = None, model_class: str = "suv"
) -> VehicleModel:
    from saas.crm.catalog import create_vehicle_model

    async with system_transaction():
        return await create_vehicle_model(brand, series, name or f"{series} 2.0T", model_class)


async def actor_for(user: User) -> Actor:
    """The Actor a request by `user` would carry (for calling services directly)."""
    from saas.tenancy.auth import actor_for_user

    authorizer = Authorizer()
    await authorizer.refresh()
    return await actor_for_user(user, authorizer)


async def make_lead(
    user: User,
    store: Store,
    *,
    name: str = "Wang Fang",
    phone: str = "13800138000",
    grade: str = "N",
    channel: str = "walk_in",
    vehicle_model: VehicleModel | None = None,
    now: datetime | None = None,
    **extra: object,
) -> LeadIntake:
    """A lead taken in by `user` through the service, in a tenant transaction."""
    from saas.crm.customers import CustomerFields
    from saas.crm.leads import NewLead, create_lead
    from saas.crm.vocabulary import IntentGrade, SourceChannel

    actor = await actor_for(user)
    async with tenant_transaction(store.tenant_id):
        return await create_lead(
            actor,
            NewLead(
                store_id=store.id,
                customer=CustomerFields(name=name, phone=phone),
                source_channel=SourceChannel(channel),
                intent_grade=IntentGrade(grade),
                vehicle_model_id=vehicle_model.id if vehicle_model else None,
                **extra,  # type: ignore[arg-type]
            ),
            now=now,
        )
