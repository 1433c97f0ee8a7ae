"""The README and docker-compose.yml stay true to the code."""

from __future__ import annotations

import re
from pathlib import Path

from saas.settings import Settings
from saas.tenancy.policy_table import markdown

ROOT = Path(__file__).resolve().parents[1]


def test_readme_role_table_matches_the_policy_file() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("<!-- roles-table:start -->")[1].split("<!-- roles-table:end -->")[0]
    assert section.strip() == markdown(), "regenerate with: python -m saas.tenancy.policy_table"


def test_readme_opens_with_the_two_commands() -> None:
    first_block = (ROOT / "README.md").read_text().split("```sh")[1].split("```")[0]
    assert "make run" in first_block and "make test" in first_block


def test_every_documented_and_composed_variable_is_a_setting() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    readme = (ROOT / "README.md").read_text()
    configuration = readme.split("## Configuration")[1].split("\n## ")[0]
    first_cells = re.findall(r"^\| (`[^|]+)\|", configuration, re.M)
    documented = {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cell)}
    compose = (ROOT / "docker-compose.yml").read_text()
    app_env = compose.split("x-app-env: &app-env")[1].split("\n\n")[0]
    composed = set(re.findall(r"^  ([A-Z][A-Z0-9_]*):", app_env, re.M))
    assert composed and composed <= fields, composed - fields
    assert documented <= fields, documented - fields
    assert fields <= documented, f"undocumented settings: {fields - documented}"
