"""casbin behind one small object: who holds which role where, and what a role may do.

Role -> permission rules come from `policies/policy.csv`. Subject -> role ->
domain assignments come from the database (users' role assignments and API
keys). Every API process keeps them in memory and reloads when the
`authz_revision` counter, bumped in the same transaction as each grant or
revoke, has moved.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import casbin
from tortoise.expressions import F

from saas.models import ApiKey, AuthzRevision, RoleAssignment
from saas.tenancy.roles import DomainKind, Role, parse_domain

POLICY_DIR = Path(__file__).resolve().parent.parent.parent / "policies"
MODEL_PATH = POLICY_DIR / "model.conf"
POLICY_PATH = POLICY_DIR / "policy.csv"


@dataclass(frozen=True)
class Grant:
    role: Role
    domain: str

    @property
    def store_id(self) -> int | None:
        kind, object_id = parse_domain(self.domain)
        return object_id if kind is DomainKind.STORE else None


def user_subject(user_id: int) -> str:
    return f"user:{user_id}"


def api_key_subject(api_key_id: int) -> str:
    return f"apikey:{api_key_id}"


def new_enforcer() -> casbin.Enforcer:
    return casbin.Enforcer(str(MODEL_PATH), str(POLICY_PATH))


@cache
def role_permissions() -> dict[Role, frozenset[tuple[str, str]]]:
    """Role -> {(resource, action)} as written in policy.csv."""
    table: dict[Role, set[tuple[str, str]]] = {role: set() for role in Role}
    for role, resource, action in new_enforcer().get_policy():
        table[Role(role)].add((resource, action))
    return {role: frozenset(perms) for role, perms in table.items()}


def role_permission_names(role: Role) -> frozenset[str]:
    """A role's permissions as "resource:action" (the form of API key scopes)."""
    return frozenset(f"{resource}:{action}" for resource, action in role_permissions()[role])


class Authorizer:
    """Answers `allows` from two in-memory indexes instead of evaluating
    casbin's matcher per call: role -> {(resource, action)} read once from
    policy.csv (the rules are the same in every domain: role templates), and
    (subject, domain) -> roles from the assignments. Equivalent to the casbin
    model's `g(r.sub, p.sub, r.dom) && r.obj == p.obj && r.act == p.act` (no role
    inherits another), at constant cost however many stores and users there are.
    """

    def __init__(self) -> None:
        self._grants: dict[str, tuple[Grant, ...]] = {}
        self._roles: dict[tuple[str, str], tuple[Role, ...]] = {}
        self._revision: int | None = None
        self._lock = asyncio.Lock()

    async def refresh(self, revision: int | None = None) -> None:
        """Reload assignments if any process changed them since the last load.
        `revision`: the counter as the caller just read it (authentication reads
        it in the statement that loads the user or API key)."""
        if revision is None:
            row = await AuthzRevision.get_or_none(id=1)
            revision = row.revision if row else 0
        if revision == self._revision:
            return
        async with self._lock:
            if revision == self._revision:
                return
            rules = [
                (user_subject(user_id), role, domain)
                for user_id, role, domain in await RoleAssignment.all().values_list(
                    "user_id", "role", "domain"
                )
            ]
            rules += [
                (api_key_subject(key_id), role, domain)
                for key_id, role, domain in await ApiKey.filter(revoked_at=None).values_list(
                    "id", "role", "domain"
                )
            ]
            self.load(rules)
            self._revision = revision

    def load(self, rules: Iterable[tuple[str, str, str]]) -> None:
        """Replace the assignments with (subject, role, domain) rules."""
        grants: dict[str, list[Grant]] = defaultdict(list)
        roles: dict[tuple[str, str], list[Role]] = defaultdict(list)
        for subject, role, domain in dict.fromkeys(rules):
            grants[subject].append(Grant(Role(role), domain))
            roles[(subject, domain)].append(Role(role))
        self._grants = {subject: tuple(g) for subject, g in grants.items()}
        self._roles = {key: tuple(r) for key, r in roles.items()}

    def grants(self, subject: str) -> tuple[Grant, ...]:
        return self._grants.get(subject, ())

    def allows(self, subject: str, domain: str, resource: str, action: str) -> bool:
        permissions = role_permissions()
        wanted = (resource, action)
        return any(wanted in permissions[role] for role in self._roles.get((subject, domain), ()))


async def bump_revision() -> None:
    """Call in the transaction that grants or revokes, so other processes reload."""
    await AuthzRevision.filter(id=1).update(revision=F("revision") + 1)
