"""graphql-schema-linter's description rules on the committed schema.graphql
(which another test keeps equal to the code's schema): every type, field,
argument, input field and enum value is documented for frontend developers."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.peers.node import PEERS, run_node

pytestmark = pytest.mark.slow

RULES = (
    "types-have-descriptions",
    "fields-have-descriptions",
    "arguments-have-descriptions",
    "input-object-values-have-descriptions",
    "enum-values-have-descriptions",
)


def test_graphql_schema_linter_finds_every_element_described() -> None:
    schema = PEERS.parent.parent / "schema.graphql"
    done = run_node(
        "node_modules/graphql-schema-linter/lib/cli.js",
        "--rules",
        ",".join(RULES),
        "--format",
        "json",
        str(schema),
    )
    assert done.stdout, done.stderr
    errors = json.loads(done.stdout)["errors"]
    by_rule = Counter(e["rule"] for e in errors)
    print(f"graphql-schema-linter: {len(errors)} errors {dict(by_rule)}")
    assert not errors, f"graphql-schema-linter: {len(errors)} errors {dict(by_rule)}\n" + "\n".join(
        f"  schema.graphql:{e['location']['line']} {e['rule']}: {e['message']}" for e in errors[:50]
    )
    assert done.returncode == 0, done.stderr
