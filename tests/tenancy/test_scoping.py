"""Layer 2: tenant models are queried only through the scoped repositories, the
OEM's distribution rows by `oem_id` only through an `OemRepository`, and
distributed leads only through `saas/oem/repository.py` (the OEM's side and
the dealer group's side)."""

from __future__ import annotations

import ast
from pathlib import Path

from saas.models import __models__, tenant_models

SAAS = Path(__file__).resolve().parents[2] / "saas"
ALLOWED = {SAAS / "tenancy" / "scoped.py"}
DISTRIBUTED_LEAD_SCOPES = SAAS / "oem" / "repository.py"
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


def _oem_violations(path: Path, names: set[str], root: Path = SAAS.parent) -> list[str]:
    """Queries on an OEM model that filter by `oem_id` by hand."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_METHODS
            and isinstance(node.func.value, ast.Name | ast.Attribute)
            and any(k.arg == "oem_id" for k in node.keywords)
        ):
            value = node.func.value
            target = value.id if isinstance(value, ast.Name) else value.attr
            if target in names:
                found.append(f"{path.relative_to(root)}:{node.lineno} {target}.{node.func.attr}")
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


def test_only_oem_repositories_scope_oem_rows() -> None:
    names = {m.__name__ for m in __models__ if m.__module__ == "saas.models.oem"}
    assert {"DistributedLead", "OemRoutingRule", "DistributionImport"} <= names
    offenders = []
    for path in SAAS.rglob("*.py"):
        if path in ALLOWED or path.name == "repository.py":
            continue
        offenders += _oem_violations(path, names)
    assert not offenders, "scope OEM rows through an OemRepository:\n" + "\n".join(offenders)


def test_the_check_catches_an_oem_filter_by_hand(tmp_path: Path) -> None:
    module = tmp_path / "rogue.py"
    module.write_text(
        "from saas.models import DistributedLead\n"
        "async def f(oem_id):\n"
        "    await DistributedLead.filter(id=1)\n"
        "    return await DistributedLead.filter(oem_id=oem_id, status='active')\n"
    )
    assert _oem_violations(module, {"DistributedLead"}, tmp_path) == [
        "rogue.py:4 DistributedLead.filter"
    ]


def test_only_the_oem_repositories_query_distributed_leads() -> None:
    """The OEM reaches its distributed leads through `OemLeadRepository`, a
    dealer group through `DealerLeadRepository`; nothing else queries them."""
    offenders = []
    for path in SAAS.rglob("*.py"):
        if path in ALLOWED or path == DISTRIBUTED_LEAD_SCOPES:
            continue
        offenders += _violations(path, {"DistributedLead"})
    assert not offenders, "query distributed leads through saas/oem/repository.py:\n" + "\n".join(
        offenders
    )


def test_the_check_catches_a_dealer_side_query_by_hand(tmp_path: Path) -> None:
    module = tmp_path / "rogue.py"
    module.write_text(
        "from saas.models import DistributedLead\n"
        "async def f(lead):\n"
        "    return await DistributedLead.get_or_none(\n"
        "        tenant_id=lead.tenant_id, lead_id=lead.id, status='active'\n"
        "    )\n"
    )
    assert _violations(module, {"DistributedLead"}, tmp_path) == [
        "rogue.py:3 DistributedLead.get_or_none"
    ]
