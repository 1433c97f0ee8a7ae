"""Every element of the schema tells a frontend developer what it means: the
printed schema (and GraphiQL's docs) are the API's documentation."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    is_specified_scalar_type,
)

from saas.schema import build_schema, schema


def undocumented(graphql_schema: GraphQLSchema) -> list[str]:
    """Each type, field, argument, input field and enum value without a
    description, by its schema coordinate (`Type.field(arg:)`)."""
    missing: list[str] = []

    def check(coordinate: str, description: str | None) -> None:
        if not (description or "").strip():
            missing.append(coordinate)

    for name, named in sorted(graphql_schema.type_map.items()):
        if name.startswith("__") or is_specified_scalar_type(named):
            continue
        check(name, named.description)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                check(f"{name}.{field_name}", field.description)
                for arg_name, arg in field.args.items():
                    check(f"{name}.{field_name}({arg_name}:)", arg.description)
        elif isinstance(named, GraphQLInputObjectType):
            for field_name, input_field in named.fields.items():
                check(f"{name}.{field_name}", input_field.description)
        elif isinstance(named, GraphQLEnumType):
            for value_name, value in named.values.items():
                check(f"{name}.{value_name}", value.description)
    return missing


def test_every_schema_element_is_described() -> None:
    missing = undocumented(schema._schema)
    assert not missing, f"{len(missing)} undocumented schema elements:\n" + "\n".join(missing)


def test_the_production_schema_is_described_alike() -> None:
    assert undocumented(build_schema(production=True)._schema) == undocumented(schema._schema)


def test_root_operations_and_their_arguments_are_walked() -> None:
    """The walk covers the root types, their arguments and interfaces: an
    undocumented one would be listed."""
    covered = {
        "Query",
        "Mutation",
        "Subscription",
    }
    assert covered <= set(schema._schema.type_map)
    query = schema._schema.query_type
    assert query is not None and any(f.args for f in query.fields.values())
