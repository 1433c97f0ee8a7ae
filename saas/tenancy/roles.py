"""The eight roles and the kind of domain each is granted in."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CONSULTANT = "consultant"
    SHOWROOM_MANAGER = "showroom_manager"
    SALES_MANAGER = "sales_manager"
    CUSTOMER_ADMIN = "customer_admin"
    GROUP_EXECUTIVE = "group_executive"
    GROUP_ADMIN = "group_admin"
    OEM_DISTRIBUTOR = "oem_distributor"
    PLATFORM_ADMIN = "platform_admin"


class DomainKind(StrEnum):
    STORE = "store"
    GROUP = "group"
    OEM = "oem"
    PLATFORM = "platform"


DOMAIN_KIND_OF_ROLE: dict[Role, DomainKind] = {
    Role.CONSULTANT: DomainKind.STORE,
    Role.SHOWROOM_MANAGER: DomainKind.STORE,
    Role.SALES_MANAGER: DomainKind.STORE,
    Role.CUSTOMER_ADMIN: DomainKind.STORE,
    Role.GROUP_EXECUTIVE: DomainKind.GROUP,
    Role.GROUP_ADMIN: DomainKind.GROUP,
    Role.OEM_DISTRIBUTOR: DomainKind.OEM,
    Role.PLATFORM_ADMIN: DomainKind.PLATFORM,
}


STORE_ROLES = frozenset(r for r, k in DOMAIN_KIND_OF_ROLE.items() if k is DomainKind.STORE)

# The roles a role's holder may hand out (grantRole, createApiKey), besides
# what its own permissions cover: the group admin staffs its group, the
# platform admin sets up organisations. Where (which group, store or OEM) is
# checked by the identity service.
ADMINISTERED_ROLES: dict[Role, frozenset[Role]] = {
    Role.GROUP_ADMIN: STORE_ROLES | {Role.GROUP_EXECUTIVE, Role.GROUP_ADMIN},
    Role.PLATFORM_ADMIN: frozenset(Role),
}


def domain_name(kind: DomainKind, object_id: int | None = None) -> str:
    return kind.value if kind is DomainKind.PLATFORM else f"{kind.value}:{object_id}"


# Looked up by value on every permission check of a request (not rebuilt each time).
_DOMAIN_KINDS: dict[str, DomainKind] = {kind.value: kind for kind in DomainKind}


def parse_domain(domain: str) -> tuple[DomainKind, int | None]:
    """`store:12` -> (STORE, 12); `platform` -> (PLATFORM, None). ValueError otherwise."""
    if domain == DomainKind.PLATFORM.value:
        return DomainKind.PLATFORM, None
    name, _, raw_id = domain.partition(":")
    kind = _DOMAIN_KINDS.get(name)
    if kind is None or not raw_id.isdigit():
        raise ValueError(f"not a domain: {domain!r}")
    return kind, int(raw_id)
