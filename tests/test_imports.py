"""Imports sit at module top, where readers and import-linter see them. One
inside a function says why in a comment right above it (redis only with
REDIS_URL, openpyxl only for XLSX files); `saas/cli.py` says so once, for all
its commands."""

from __future__ import annotations

import ast
from pathlib import Path

SAAS = Path(__file__).resolve().parents[1] / "saas"
SAYS_SO_ONCE = {SAAS / "cli.py"}


def _unexplained(path: Path, root: Path = SAAS.parent) -> list[str]:
    """Imports inside functions whose block has no comment right above it."""
    lines = path.read_text().splitlines()
    found = []
    for function in ast.walk(ast.parse("\n".join(lines), str(path))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        imports = [n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)]
        covered = {i for n in imports for i in range(n.lineno, (n.end_lineno or n.lineno) + 1)}
        for node in imports:
            above = node.lineno - 1
            while above > 0 and (above in covered or not lines[above - 1].strip()):
                above -= 1
            if not lines[above - 1].strip().startswith("#"):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return sorted(set(found))


def test_imports_inside_functions_say_why() -> None:
    offenders = []
    for path in sorted(SAAS.rglob("*.py")):
        if path not in SAYS_SO_ONCE:
            offenders += _unexplained(path)
    assert not offenders, (
        "move these imports to the module's top, or say above them why they wait:\n"
        + "\n".join(offenders)
    )


def test_the_check_catches_an_unexplained_import(tmp_path: Path) -> None:
    module = tmp_path / "lazy.py"
    module.write_text(
        "def f():\n"
        "    import json\n"
        "    return json\n"
        "\n"
        "def g():\n"
        "    # Only for XLSX files: openpyxl is slow to import.\n"
        "    import openpyxl\n"
        "    from openpyxl import chart\n"
        "\n"
        "    return openpyxl, chart\n"
    )
    assert _unexplained(module, tmp_path) == ["lazy.py:2"]
