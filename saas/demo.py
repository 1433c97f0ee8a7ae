"""Demo data for development: one OEM, two dealer groups with stores in
different cities, and a user for every role. Safe to run twice."""

from __future__ import annotations

from dataclasses import dataclass

from saas.identity.service import NewUser, grant_initial_role, register_user
from saas.models import DealerGroup, Oem, User
from saas.org.service import StoreFields, create_dealer_group, create_oem, create_store
from saas.tenancy.roles import Role

DEMO_PASSWORD = "Demo-pass-2026"
WEEKDAYS = {d: ["09:00", "18:30"] for d in ("mon", "tue", "wed", "thu", "fri")}
WEEKEND = {d: ["09:30", "20:00"] for d in ("sat", "sun")}


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    group: str | None = None  # dealer group code
    store: str | None = None  # store code, for store roles
    oem: bool = False


GROUPS = {
    "EASTSTAR": (
        "Eastern Star Auto Group",
        [
            StoreFields(
                "SH-PUDONG",
                "Eastern Star Huaxia Pudong",
                "East China",
                "Shanghai",
                brands=["Huaxia", "Huaxia EV"],
                opening_hours=WEEKDAYS | WEEKEND,
            ),
            StoreFields(
                "HZ-XIHU",
                "Eastern Star Huaxia Xihu",
                "East China",
                "Hangzhou",
                brands=["Huaxia"],
                opening_hours=WEEKDAYS | WEEKEND,
            ),
            StoreFields(
                "SZ-GUSU",
                "Eastern Star Nordwind Suzhou",
                "East China",
                "Suzhou",
                brands=["Nordwind"],
                opening_hours=WEEKDAYS,
            ),
        ],
    ),
    "PEARLRIVER": (
        "Pearl River Motors",
        [
            StoreFields(
                "GZ-TIANHE",
                "Pearl River Huaxia Tianhe",
                "South China",
                "Guangzhou",
                brands=["Huaxia", "Huaxia EV"],
                opening_hours=WEEKDAYS | WEEKEND,
            ),
            StoreFields(
                "SZ-NANSHAN",
                "Pearl River Huaxia EV Nanshan",
                "South China",
                "Shenzhen",
                brands=["Huaxia EV"],
                opening_hours=WEEKDAYS | WEEKEND,
            ),
        ],
    ),
}

USERS = [
    DemoUser("platform@demo.dealercrm.cn", "Platform Operator", Role.PLATFORM_ADMIN),
    DemoUser(
        "distributor@huaxia-auto.demo",
        "Li Na (Huaxia lead desk)",
        Role.OEM_DISTRIBUTOR,
        oem=True,
    ),
    DemoUser("admin@eaststar.demo", "Zhou Min (IT admin)", Role.GROUP_ADMIN, "EASTSTAR"),
    DemoUser(
        "exec@eaststar.demo",
        "Chen Gang (group sales director)",
        Role.GROUP_EXECUTIVE,
        "EASTSTAR",
    ),
    DemoUser(
        "showroom.pudong@eaststar.demo",
        "Wang Lei",
        Role.SHOWROOM_MANAGER,
        "EASTSTAR",
        "SH-PUDONG",
    ),
    DemoUser(
        "sales.pudong@eaststar.demo",
        "Liu Yang",
        Role.SALES_MANAGER,
        "EASTSTAR",
        "SH-PUDONG",
    ),
    DemoUser(
        "records.pudong@eaststar.demo",
        "Sun Li",
        Role.CUSTOMER_ADMIN,
        "EASTSTAR",
        "SH-PUDONG",
    ),
    DemoUser("zhang.wei@eaststar.demo", "Zhang Wei", Role.CONSULTANT, "EASTSTAR", "SH-PUDONG"),
    DemoUser(
        "huang.jing@eaststar.demo",
        "Huang Jing",
        Role.CONSULTANT,
        "EASTSTAR",
        "SH-PUDONG",
    ),
    DemoUser("xu.tao@eaststar.demo", "Xu Tao", Role.CONSULTANT, "EASTSTAR", "HZ-XIHU"),
    DemoUser(
        "showroom.xihu@eaststar.demo",
        "Ma Jun",
        Role.SHOWROOM_MANAGER,
        "EASTSTAR",
        "HZ-XIHU",
    ),
    DemoUser("admin@pearlriver.demo", "He Ping (IT admin)", Role.GROUP_ADMIN, "PEARLRIVER"),
    DemoUser(
        "showroom.tianhe@pearlriver.demo",
        "Lin Fang",
        Role.SHOWROOM_MANAGER,
        "PEARLRIVER",
        "GZ-TIANHE",
    ),
    DemoUser(
        "guo.qiang@pearlriver.demo",
        "Guo Qiang",
        Role.CONSULTANT,
        "PEARLRIVER",
        "GZ-TIANHE",
    ),
]


async def seed_demo(print_logins: bool = False) -> bool:
    """Create the demo data unless it exists. Returns True when it was created.
    Runs inside a system transaction (see `saas.tenancy.rls`)."""
    if await Oem.filter(code="HUAXIA").exists():
        if print_logins:
            _print_logins()
        return False
    oem = await create_oem("HUAXIA", "Huaxia Auto Sales Co.", ["Huaxia", "Huaxia EV"])
    groups: dict[str, DealerGroup] = {}
    store_ids: dict[str, int] = {}
    for code, (name, stores) in GROUPS.items():
        groups[code] = await create_dealer_group(code, name)
        for fields in stores:
            store = await create_store(groups[code].id, fields)
            store_ids[store.code] = store.id
    for demo in USERS:
        user: User = await register_user(
            NewUser(email=demo.email, name=demo.name, password=DEMO_PASSWORD),
            dealer_group_id=groups[demo.group].id if demo.group else None,
            oem_id=oem.id if demo.oem else None,
        )
        await grant_initial_role(
            user, demo.role, store_id=store_ids[demo.store] if demo.store else None
        )
    if print_logins:
        _print_logins()
    return True


def _print_logins() -> None:
    print(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for demo in USERS:
        where = demo.store or demo.group or ("OEM HUAXIA" if demo.oem else "platform")
        print(f"  {demo.email:<36} {demo.role.value:<17} {where}")
    print()
