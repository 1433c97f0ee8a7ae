"""Print the role x permission table from policies/policy.csv as Markdown
(`python -m saas.tenancy.policy_table`); the README embeds it."""

from __future__ import annotations

import sys
from pathlib import Path

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


def write_readme(path: Path) -> None:
    """Replace the table between the README's roles-table markers."""
    text = path.read_text()
    start, end = "<!-- roles-table:start -->", "<!-- roles-table:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{markdown()}\n{end}{tail}")


if __name__ == "__main__":
    if "--write-readme" in sys.argv:
        write_readme(Path("README.md"))
    else:
        print(markdown())
