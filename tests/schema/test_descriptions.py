"""Every element of the schema tells a frontend developer what it means: the
printed schema (and GraphiQL's docs) are the API's documentation."""

from __future__ import annotations

import re
from enum import Enum, StrEnum
from typing import Annotated

import pytest
import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    is_specified_scalar_type,
)

from saas.schema import schema
from saas.schema.described import described
from saas.schema.enums import described_enum


def undocumented(graphql_schema: GraphQLSchema) -> list[str]:
    """Each type, field, argument, input field and enum value without a
    description, by its schema coordinate (`Type.field(arg:)`). Introspection
    types and the built-in scalars are the spec's, not ours."""
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


def _paging_or_object_id(coordinate: str, graphql_schema: GraphQLSchema) -> bool:
    """Elements that the Relay work documents: PageInfo, the generic Edge and
    Connection fields, and object types' `id` (carried by the Node interface)."""
    type_name = coordinate.split(".")[0]
    if type_name == "PageInfo" or type_name.endswith("Edge"):
        return True
    if re.fullmatch(r"\w+Connection\.(edges|pageInfo)", coordinate):
        return True
    if re.fullmatch(r"\w+Connection\.\w+\((first|after|last|before):\)", coordinate):
        return True
    named = graphql_schema.type_map.get(type_name)
    return coordinate.endswith(".id") and isinstance(named, GraphQLObjectType)


def test_every_schema_element_is_described() -> None:
    missing = undocumented(schema._schema)
    assert not missing, f"{len(missing)} undocumented schema elements:\n" + "\n".join(missing)


def test_every_element_but_paging_and_object_ids_is_described() -> None:
    missing = [
        m for m in undocumented(schema._schema) if not _paging_or_object_id(m, schema._schema)
    ]
    assert not missing, f"{len(missing)} undocumented schema elements:\n" + "\n".join(missing)


def test_the_walk_lists_every_kind_of_undocumented_element() -> None:
    """Types, object and interface fields, root fields and their arguments,
    input fields and enum values are all checked; built-ins are not."""
    sdl = """
        "Documented."
        interface Node { id: ID! }
        type Lead implements Node { id: ID! grade: Grade }
        enum Grade { H A }
        input LeadInput { grade: Grade }
        type Query { lead(id: ID!): Lead  leads(filter: LeadInput): [Lead!]! }
        type Mutation { touch(input: LeadInput): Lead }
        type Subscription { leadEvents(storeId: ID): Lead }
    """
    assert undocumented(build_schema(sdl)) == [
        "Grade",
        "Grade.H",
        "Grade.A",
        "Lead",
        "Lead.id",
        "Lead.grade",
        "LeadInput",
        "LeadInput.grade",
        "Mutation",
        "Mutation.touch",
        "Mutation.touch(input:)",
        "Node.id",
        "Query",
        "Query.lead",
        "Query.lead(id:)",
        "Query.leads",
        "Query.leads(filter:)",
        "Subscription",
        "Subscription.leadEvents",
        "Subscription.leadEvents(storeId:)",
    ]


def test_enum_value_descriptions_reach_the_printed_schema() -> None:
    printed = schema.as_str()
    assert (
        '  """\n  May order within 7 days. First follow-up within 24 hours, then at least once '
        'every 2 days.\n  """\n  H\n' in printed
    )


class _Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


def _fresh_colour() -> type[Enum]:
    return Enum("Colour", {m.name: m.value for m in _Colour})  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"RED": "Red."}, r"undescribed values \['BLUE'\]"),
        ({"RED": "Red.", "BLUE": "Blue.", "GREEN": "Green."}, r"unknown values \['GREEN'\]"),
        ({"RED": "Red.", "BLUE": " "}, r"empty descriptions for \['BLUE'\]"),
    ],
    ids=["missing", "unknown", "empty"],
)
def test_described_enum_refuses_an_incomplete_mapping(
    values: dict[str, str], complaint: str
) -> None:
    with pytest.raises(TypeError, match=complaint):
        described_enum(_fresh_colour(), description="Paint.", values=values)


Colour = described_enum(
    _fresh_colour(), description="Paint.", values={"RED": "Warm.", "BLUE": "Cold."}
)


@strawberry.type
class _ColourQuery:
    @strawberry.field(description="The colour given.")
    def colour(
        self,
        given: Annotated[Colour, strawberry.argument(description="Echoed.")],  # type: ignore[valid-type]
    ) -> Colour:  # type: ignore[valid-type]
        return given


def test_described_enum_describes_each_value_and_keeps_them_working() -> None:
    small = strawberry.Schema(query=_ColourQuery)
    colour = small._schema.type_map["Colour"]
    assert isinstance(colour, GraphQLEnumType)
    assert {n: v.description for n, v in colour.values.items()} == {
        "RED": "Warm.",
        "BLUE": "Cold.",
    }
    result = small.execute_sync("{ colour(given: BLUE) }")
    assert result.errors is None and result.data == {"colour": "BLUE"}


def _with_doc(doc: str) -> type:
    class Visit:
        __doc__ = doc
        note: str
        kept: str | None = None
        _row: strawberry.Private[int]

    return Visit


@pytest.mark.parametrize(
    ("doc", "complaint"),
    [
        ("Attributes:\n    note: What was said.", r"kept has no description"),
        (
            "Attributes:\n    note: What was said.\n    kept: Kept.\n    color: Red.",
            r"names no field \['color'\]",
        ),
        ("A visit.", r"no `Attributes:` section"),
        (
            "Attributes:\n    note: One.\n    note: Two.\n    kept: Kept.",
            r"note is described twice",
        ),
    ],
    ids=["missing", "unknown", "no-section", "twice"],
)
def test_described_refuses_a_field_without_one_description(doc: str, complaint: str) -> None:
    with pytest.raises(TypeError, match=complaint):
        described(_with_doc(doc))


@strawberry.type(description="A visit.")
@described
class Visit:
    """Prose for Python readers only.

    Attributes:
        note: What was said, in the consultant's words; continued
            on a second line.
        kept: Kept when given.
    """

    note: str
    kept: str | None = None


@strawberry.type
class _VisitQuery:
    @strawberry.field(description="A visit.")
    def visit(self) -> Visit:
        return Visit(note="hello")


def test_described_puts_docstring_descriptions_on_the_fields_and_keeps_defaults() -> None:
    small = strawberry.Schema(query=_VisitQuery)
    visit = small._schema.type_map["Visit"]
    assert isinstance(visit, GraphQLObjectType)
    assert visit.description == "A visit."
    assert {n: f.description for n, f in visit.fields.items()} == {
        "note": "What was said, in the consultant's words; continued on a second line.",
        "kept": "Kept when given.",
    }
    result = small.execute_sync("{ visit { note kept } }")
    assert result.errors is None and result.data == {"visit": {"note": "hello", "kept": None}}
