"""Every role x every permission of policies/policy.csv, against the matrix a
reader of DESIGN.md expects. Changing the policy means changing this table."""

from __future__ import annotations

import pytest

from saas.tenancy.actor import Actor, ActorKind
from saas.tenancy.authz import Authorizer, Grant, new_enforcer, role_permissions
from saas.tenancy.roles import DOMAIN_KIND_OF_ROLE, Role, domain_name

SELLING = {
    "store:read", "customer:read", "customer:create", "customer:update",
    "lead:read", "lead:create", "lead:update", "follow_up:read", "follow_up:create",
    "test_drive:read", "test_drive:create", "test_drive:update",
    "order:read", "order:create", "order:update", "target:read", "notification:read",
    "customer:export", "lead:export", "customer_card:read", "customer_card:submit",
    "meeting_action:read", "meeting_action:update",
    "campaign:read", "campaign:record",
    "partner:read", "data_share:create", "data_share:read",
    "lost_report:read", "win_back:read",
    "success_plan:read", "success_plan:track",
    "report_language:set",
}  # fmt: skip
MANAGING = SELLING | {
    "customer:read_any",
    "customer:update_any",
    "lead:read_any",
    "lead:update_any",
    "product_line:set",
    "user:read", "customer:merge", "customer:reveal_phone",
    "lead:assign", "lead:approve_lost", "report:read", "report:request",
    "customer:import", "lead:import", "customer_message:read",
    "settings:read", "customer_card:read_any",
    "weekly_meeting:read", "weekly_meeting:manage", "meeting_action:read_any",
    "meeting_action:update_any", "campaign:manage", "lead:reopen",
    "coaching:read", "success_plan:read_any", "success_plan:hold", "success_plan:review",
    "success_plan:track_any",
}  # fmt: skip

EXPECTED: dict[Role, set[str]] = {
    Role.CONSULTANT: SELLING,
    Role.SHOWROOM_MANAGER: MANAGING | {"customer_card:sign"},
    Role.SALES_MANAGER: MANAGING | {"target:set"},
    Role.CUSTOMER_ADMIN: {
        "store:read",
        "customer:read",
        "customer:create",
        "customer:update",
        "customer:merge",
        "customer:read_any",
        "customer:update_any",
        "customer:reveal_phone",
        "customer:import",
        "customer:export",
        "notification:read",
        "customer_card:read",
        "customer_card:read_any",
        "customer_card:enter",
        "partner:read",
        "report_language:set",
    },
    Role.GROUP_EXECUTIVE: {
        "store:read",
        "user:read",
        "customer:read",
        "customer:read_any",
        "lead:read",
        "lead:read_any",
        "customer:export",
        "lead:export",
        "follow_up:read",
        "test_drive:read",
        "order:read",
        "target:read",
        "report:read",
        "report:request",
        "notification:read",
        "customer_message:read",
        "customer_card:read",
        "customer_card:read_any",
        "weekly_meeting:read",
        "meeting_action:read",
        "meeting_action:read_any",
        "campaign:read",
        "partner:read",
        "lost_report:read",
        "win_back:read",
        "coaching:read",
        "success_plan:read",
        "success_plan:read_any",
        "report_language:set",
    },
    Role.GROUP_ADMIN: {
        "store:read",
        "store:create",
        "store:update",
        "user:read",
        "user:create",
        "user:update",
        "role:read",
        "role:grant",
        "role:revoke",
        "api_key:read",
        "api_key:create",
        "api_key:revoke",
        "settings:read",
        "settings:update",
        "audit_log:read",
        "notification:read",
        "webhook:read",
        "webhook:manage",
        "partner:read",
        "partner:manage",
        "campaign:read",
        "campaign:manage",
    },
    Role.OEM_DISTRIBUTOR: {
        "distribution:read",
        "distribution:create",
        "distribution:redistribute",
        "sla_report:read",
        "sla_settings:read",
        "sla_settings:update",
        "webhook:read",
        "webhook:manage",
        "notification:read",
    },
    Role.PLATFORM_ADMIN: {
        "tenant:read",
        "tenant:create",
        "oem:read",
        "oem:create",
        "vehicle_model:create",
        "user:read",
        "user:create",
        "role:read",
        "role:grant",
        "role:revoke",
        "api_key:read",
        "api_key:create",
        "api_key:revoke",
        "trusted_document:read",
        "trusted_document:register",
    },
}

ALL_PERMISSIONS = sorted(
    {f"{r}:{a}" for perms in role_permissions().values() for r, a in perms}
    | set().union(*EXPECTED.values())
)
CASES = [(role, perm) for role in Role for perm in ALL_PERMISSIONS]


def _actor(role: Role) -> Actor:
    """An actor holding just `role`, in a domain of the right kind (id 7)."""
    authorizer = Authorizer()
    domain = domain_name(DOMAIN_KIND_OF_ROLE[role], 7)
    authorizer.load([("user:1", role.value, domain)])
    return Actor(
        kind=ActorKind.USER,
        id=1,
        subject="user:1",
        name="tester",
        tenant_id=7,
        oem_id=None,
        grants=(Grant(role, domain),),
        authorizer=authorizer,
    )


@pytest.mark.parametrize(
    ("role", "permission"),
    CASES,
    ids=[
        f"{role.value}-{'may' if perm in EXPECTED[role] else 'may-not'}-{perm}"
        for role, perm in CASES
    ],
)
def test_role_permission(role: Role, permission: str) -> None:
    resource, action = permission.split(":")
    assert _actor(role).can(resource, action) is (permission in EXPECTED[role])


def test_a_role_grants_nothing_in_a_domain_it_was_not_given() -> None:
    actor = _actor(Role.CONSULTANT)  # consultant in store:7
    assert actor.can("lead", "create", store_id=7)
    assert not actor.can("lead", "create", store_id=8)
    assert actor.store_ids_with("lead", "read") == frozenset({7})


def test_a_group_role_covers_every_store_of_the_group() -> None:
    actor = _actor(Role.GROUP_EXECUTIVE)
    assert actor.can("lead", "read", store_id=123)
    assert actor.store_ids_with("lead", "read") is None
    assert not actor.can("lead", "update", store_id=123)


def test_the_authorizer_answers_as_the_casbin_model_does() -> None:
    """The indexed check gives casbin's own answer for every subject, domain,
    resource and action of a small network (two roles in one store, a group
    role, an OEM role, and domains nobody holds)."""
    rules = [
        ("user:1", "consultant", "store:7"),
        ("user:1", "customer_admin", "store:7"),
        ("user:2", "showroom_manager", "store:8"),
        ("user:3", "group_executive", "group:7"),
        ("apikey:4", "oem_distributor", "oem:2"),
    ]
    authorizer = Authorizer()
    authorizer.load(rules)
    enforcer = new_enforcer()
    enforcer.add_grouping_policies([list(rule) for rule in rules])
    permissions = [p.split(":") for p in ALL_PERMISSIONS]
    domains = ["store:7", "store:8", "group:7", "group:8", "oem:2", "platform"]
    for subject in ("user:1", "user:2", "user:3", "apikey:4", "user:9"):
        for domain in domains:
            for resource, action in permissions:
                expected = enforcer.enforce(subject, domain, resource, action)
                assert authorizer.allows(subject, domain, resource, action) is expected, (
                    subject, domain, resource, action,
                )  # fmt: skip
