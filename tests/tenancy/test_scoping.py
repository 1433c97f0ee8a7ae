"""Layer 2: tenant models are queried only through the scoped repositories."""

from __future__ import annotations

import ast
from pathlib import Path

from saas.models import tenant_models

SAAS = Path(__file__).resolve().parents[2] / "saas"
ALLOWED = {SAAS / "tenancy" / "scoped.py"}
QUERY_METHODS = {
    "all", "filter", "exclude", "get", "get_or_none", "get_or_create", "create",
    "bulk_create", "bulk_update", "update_or_create", "first", "annotate", "raw",
    "select_for_update", "exists", "in_bulk", "update_from_dict",
}  # fmt: skip


def _violations(path: Path, names: set[str], root: Path = SAAS.parent) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in QUERY_METHODS
            and isinstance(node.value, ast.Name | ast.Attribute)
        ):
            target = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
            if target in names:
                found.append(f"{path.relative_to(root)}:{node.lineno} {target}.{node.attr}")
    return found


def test_only_repositories_query_tenant_models() -> None:
    names = {m.__name__ for m in tenant_models()}
    offenders = []
    for path in SAAS.rglob("*.py"):
        if path in ALLOWED or path.name == "repository.py":
            continue
        offenders += _violations(path, names)
    assert not offenders, "query tenant models through a TenantRepository:\n" + "\n".join(offenders)


def test_the_check_catches_a_direct_query(tmp_path: Path) -> None:
    module = tmp_path / "rogue.py"
    module.write_text(
        "from saas import models\nfrom saas.models import Store\n"
        "async def f():\n    await models.Store.filter(id=1)\n    return await Store.all()\n"
    )
    assert _violations(module, {"Store"}, tmp_path) == [
        "rogue.py:4 Store.filter",
        "rogue.py:5 Store.all",
    ]
