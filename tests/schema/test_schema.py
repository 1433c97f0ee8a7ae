"""The exported schema stays in step with the code, and every root field
declares who may call it."""

from __future__ import annotations

from pathlib import Path

import pytest

from saas.schema import schema
from saas.schema.permissions import MARKER_DIRECTIVES

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_graphql_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text()
    assert committed.strip() == schema.as_str().strip(), (
        "schema.graphql is out of date: run `make schema` and commit it"
    )


def _root_fields() -> list[tuple[str, object]]:
    fields = []
    for root in (schema.query, schema.mutation, schema.subscription):
        definition = root.__strawberry_definition__  # type: ignore[union-attr]
        fields += [(f"{definition.name}.{f.python_name}", f) for f in definition.fields]
    return fields


@pytest.mark.parametrize(("name", "field"), _root_fields(), ids=[n for n, _ in _root_fields()])
def test_every_root_field_declares_its_permission(name: str, field: object) -> None:
    markers = [d for d in field.directives if isinstance(d, MARKER_DIRECTIVES)]  # type: ignore[attr-defined]
    assert markers, f"{name} has no permission class and no @public/@authenticated marker"


def test_every_root_field_and_argument_is_described() -> None:
    missing = []
    for name, field in _root_fields():
        if not field.description:  # type: ignore[attr-defined]
            missing.append(name)
        missing += [
            f"{name}({a.python_name})"
            for a in field.arguments  # type: ignore[attr-defined]
            if not a.description and a.python_name != "input"
        ]
    assert not missing, f"undocumented fields or arguments: {missing}"
