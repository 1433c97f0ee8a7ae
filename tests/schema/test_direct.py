"""`@direct` resolvers: graphql-core calls them without strawberry's wrapper,
so the schema must refuse one that a guard or an argument would be skipped
for, and give it nothing of `info` but the context."""

from __future__ import annotations

import pytest
import strawberry
from strawberry.permission import BasePermission

from saas.schema import build_schema
from saas.schema.direct import ContextOnly, direct, install_direct_resolvers


class Never(BasePermission):
    message = "never"

    def has_permission(self, source: object, info: object, **kwargs: object) -> bool:
        return False


def _schema(field: object) -> strawberry.Schema:
    @strawberry.type
    class Query:
        value: str = field  # type: ignore[assignment]

    return strawberry.Schema(query=Query)


def test_the_app_schema_calls_its_direct_resolvers_itself() -> None:
    schema = build_schema()
    lead = schema._schema.type_map["Lead"]
    assert lead.fields["customer"].resolve.__qualname__.startswith("_call")  # type: ignore[attr-defined]
    assert not lead.fields["followUps"].resolve.__qualname__.startswith("_call")  # type: ignore[attr-defined]


def test_a_guarded_or_parameterised_field_cannot_be_direct() -> None:
    @direct
    def guarded(root: object) -> str:
        return "secret"

    @direct
    def parameterised(root: object, n: int) -> str:
        return str(n)

    with pytest.raises(TypeError, match="no arguments and no guards"):
        install_direct_resolvers(
            _schema(strawberry.field(resolver=guarded, permission_classes=[Never]))
        )
    with pytest.raises(TypeError, match="no arguments and no guards"):
        install_direct_resolvers(_schema(strawberry.field(resolver=parameterised)))


def test_a_direct_resolver_sees_the_context_and_nothing_else() -> None:
    seen: list[object] = []

    @direct
    def value(root: object, info: strawberry.Info) -> str:
        seen.append(info.context)
        return getattr(info, "field_name", "no field name")

    schema = _schema(strawberry.field(resolver=value))
    assert install_direct_resolvers(schema) == 1
    result = schema.execute_sync("{ value }", context_value="ctx")
    assert result.data == {"value": "no field name"} and seen == ["ctx"]
    assert not hasattr(ContextOnly("ctx"), "selected_fields")
