"""The verified caller of a request: a person or an API key, with its grants."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from saas.tenancy.authz import Authorizer, Grant, role_permission_names
from saas.tenancy.roles import ADMINISTERED_ROLES, DomainKind, Role, parse_domain
from saas.tenancy.scoped import RowScope


class ActorKind(StrEnum):
    USER = "user"
    API_KEY = "api_key"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: int
    subject: str
    name: str
    tenant_id: int | None
    oem_id: int | None
    grants: tuple[Grant, ...]
    authorizer: Authorizer
    # API keys may narrow their role to a list of "resource:action"; None = whole role.
    scopes: frozenset[str] | None = None

    @property
    def user_id(self) -> int | None:
        return self.id if self.kind is ActorKind.USER else None

    def has_role(self, role: Role) -> bool:
        return any(g.role is role for g in self.grants)

    def _scope_allows(self, resource: str, action: str) -> bool:
        return self.scopes is None or f"{resource}:{action}" in self.scopes

    def effective_permissions(self) -> frozenset[str]:
        """Every "resource:action" this credential holds or could hand out: a
        scoped API key holds exactly its scopes; otherwise its roles'
        permissions plus those of the roles its roles administer. Nothing it
        creates or grants may reach beyond this set."""
        if self.scopes is not None:
            return self.scopes
        roles = {g.role for g in self.grants}
        for role in list(roles):
            roles |= ADMINISTERED_ROLES.get(role, frozenset())
        return frozenset(p for role in roles for p in role_permission_names(role))

    def can(self, resource: str, action: str, *, store_id: int | None = None) -> bool:
        """May the actor do `action` on `resource` in any of its domains, or, with
        `store_id`, in that store (through a store grant or a group-wide grant)?

        Only pass a `store_id` that was loaded through the tenant repository: the
        group-wide branch trusts that the store belongs to the actor's tenant.
        """
        if not self._scope_allows(resource, action):
            return False
        for grant in self.grants:
            if store_id is not None and grant.store_id not in (None, store_id):
                continue
            if store_id is not None and grant.role in _NON_TENANT_ROLES:
                continue
            if self.authorizer.allows(self.subject, grant.domain, resource, action):
                return True
        return False

    def store_ids_with(self, resource: str, action: str) -> frozenset[int] | None:
        """Stores where the actor may do this: None means every store of its
        tenant (a group-wide grant); an empty set means none."""
        if not self._scope_allows(resource, action):
            return frozenset()
        stores: set[int] = set()
        for grant in self.grants:
            kind, object_id = parse_domain(grant.domain)
            if not self.authorizer.allows(self.subject, grant.domain, resource, action):
                continue
            if kind is DomainKind.GROUP:
                return None
            if kind is DomainKind.STORE and object_id is not None:
                stores.add(object_id)
        return frozenset(stores)


_NON_TENANT_ROLES = frozenset({Role.OEM_DISTRIBUTOR, Role.PLATFORM_ADMIN})


def row_scope(actor: Actor, resource: str, action: str) -> RowScope:
    """Rows of `resource` the actor may `action`: every row in stores where it
    holds `<action>_any`, its own rows where it holds only `<action>`."""
    if actor.tenant_id is None:
        return RowScope(tenant_id=-1, store_ids=frozenset())
    any_stores = actor.store_ids_with(resource, f"{action}_any")
    if any_stores is None:
        return RowScope(actor.tenant_id, None)
    own_stores = actor.store_ids_with(resource, action)
    own = frozenset() if own_stores is None else own_stores - any_stores
    return RowScope(actor.tenant_id, any_stores, own_store_ids=own, owner_id=actor.user_id)
