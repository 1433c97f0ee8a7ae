"""Print the role x permission table from policies/policy.csv as Markdown
(`python -m saas.tenancy.policy_table`); the README embeds it."""

from __future__ import annotations

from saas.tenancy.authz import role_permissions
from saas.tenancy.roles import DOMAIN_KIND_OF_ROLE, Role


def markdown() -> str:
    table = role_permissions()
    permissions = sorted({p for perms in table.values() for p in perms})
    roles = list(Role)
    header = "| resource:action | " + " | ".join(r.value for r in roles) + " |"
    kinds = "| granted in | " + " | ".join(DOMAIN_KIND_OF_ROLE[r].value for r in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    rows = [
        f"| {resource}:{action} | "
        + " | ".join("✓" if (resource, action) in table[r] else "" for r in roles)
        + " |"
        for resource, action in permissions
    ]
    return "\n".join([header, rule, kinds, *rows])


if __name__ == "__main__":
    print(markdown())
