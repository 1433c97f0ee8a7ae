"""A nested field is declared once (`saas.schema.relations.Relation`): the
compiled read path's object and list fields, the executor's resolvers and
the lead page's priming all derive from the same declarations."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type

import saas.schema.compiled.maps  # noqa: F401  (registers the type maps)
from saas.crm.customers import tag_customer
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.vocabulary import FollowUpChannel, TagKind
from saas.models import Lead
from saas.schema import build_schema
from saas.schema.compiled.mapping import TYPES, Many, One
from saas.schema.crm.types import Lead as LeadType
from saas.schema.direct import ContextOnly, DirectResolver
from saas.schema.limits import CappedResolver
from saas.schema.loaders import Loaders
from saas.schema.relations import RELATIONS, Relation, prime
from saas.tenancy.rls import tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.crm.test_showroom_day import count_queries
from tests.factories import actor_for, make_group, make_lead, make_store, make_user

SCHEMA = build_schema()


def _resolver(parent: str, field: str) -> Any:
    """The function the app's schema resolves `parent.field` with."""
    definition = SCHEMA.get_type_by_name(parent)
    for found in definition.fields:  # type: ignore[union-attr]
        if SCHEMA.config.name_converter.get_graphql_name(found) == field:
            return found.base_resolver.wrapped_func if found.base_resolver else None
    raise AssertionError(f"{parent}.{field} is not in the schema")


def _resolver_relation(parent: str, field: str) -> Relation | None:
    return getattr(_resolver(parent, field), "__saas_relation__", None)


def _compiled_nested_fields() -> list[tuple[str, str, One | Many]]:
    return [
        (type_name, field, found)
        for type_name, type_map in TYPES.items()
        for field, found in type_map.fields.items()
        if isinstance(found, One | Many)
    ]


@pytest.mark.parametrize(
    ("parent", "field", "found"),
    _compiled_nested_fields(),
    ids=[f"{parent}.{field}" for parent, field, _ in _compiled_nested_fields()],
)
def test_a_compiled_nested_field_and_its_executor_resolver_share_one_declaration(
    parent: str, field: str, found: One | Many
) -> None:
    relation = found.relation
    assert (relation.parent, relation.name) == (parent, field)
    assert isinstance(found, Many) is relation.many
    assert _resolver_relation(parent, field) is relation
    graphql_field = SCHEMA._schema.type_map[parent].fields[field]  # type: ignore[union-attr]
    assert get_named_type(graphql_field.type).name == relation.target


def test_every_relation_is_resolved_from_its_declaration_and_compiled_where_its_type_is() -> None:
    assert len(_compiled_nested_fields()) >= 9
    for (parent, field), relation in RELATIONS.items():
        assert _resolver_relation(parent, field) is relation, f"{parent}.{field}"
        graphql_type = SCHEMA._schema.type_map[parent]
        assert isinstance(graphql_type, GraphQLObjectType)
        resolve = graphql_type.fields[field].resolve
        inner = resolve.inner if isinstance(resolve, CappedResolver) else resolve
        assert isinstance(inner, DirectResolver) is relation.direct, f"{parent}.{field}"
        if isinstance(resolve, CappedResolver):
            assert resolve.cap == relation.limit
        if parent in TYPES:
            compiled = TYPES[parent].fields.get(field)
            assert isinstance(compiled, One | Many) and compiled.relation is relation


def test_a_list_relation_without_its_cap_is_refused() -> None:
    with pytest.raises(ValueError, match="order and limit"):
        Relation("Lead", "unbounded", "FollowUp", "follow_ups_by_lead_id", key="id",
                 description="-", many=True, order=("id",))  # fmt: skip
    assert ("Lead", "unbounded") not in RELATIONS


DEEP = """query($n: Int!) { leads(first: $n) { nodes { id
  customer { name owner { name } store { code } tags { tag } }
  owner { name } store { code }
  lastFollowUp { content user { name } }
  followUps { content user { name } } } } }"""


async def test_a_lead_page_primes_its_nested_fields_two_levels_deep(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    group = await make_group()
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    now = datetime.now(UTC)
    actor = await actor_for(ann)
    for i in range(15):
        intake = await make_lead(
            ann, store, phone=f"1390000{i:04d}", name=f"Customer {i}", now=now - timedelta(hours=1)
        )
        if i % 3 == 0:
            async with tenant_transaction(group.id):
                await log_follow_up(
                    actor,
                    NewFollowUp(
                        intake.lead.id, FollowUpChannel.PHONE, f"call {i}",
                        next_follow_up_at=now + timedelta(days=2), next_follow_up_reason="visit",
                    ),
                    now=now - timedelta(minutes=i),
                )  # fmt: skip
                await tag_customer(actor, intake.customer.id, f"tag {i}", TagKind.STATIC)
    boss = await api.login("boss@a.test")
    await api.gql("{ me { kind } }", token=boss)  # load role assignments once
    counts, pages = {}, {}
    for size in (5, 15):  # at most ~120 nodes a lead (QUERY_TOO_COSTLY)
        with count_queries() as queries:
            pages[size] = await api.gql(DEEP, {"n": size}, boss)
        counts[size] = len(queries)
    assert counts[5] == counts[15], counts
    nodes = pages[15]["leads"]["nodes"]
    assert len(nodes) == 15
    followed = [n for n in nodes if n["followUps"]]
    assert len(followed) == 5
    assert all(
        n["lastFollowUp"]["user"] == {"name": ann.name} == n["followUps"][0]["user"]
        and n["customer"]["owner"] == {"name": ann.name}
        and n["customer"]["store"] == {"code": "SH-1"}
        and len(n["customer"]["tags"]) == 1
        for n in followed
    )
    assert all(
        n["lastFollowUp"] is None and n["customer"]["tags"] == []
        for n in nodes
        if not n["followUps"]
    )
    # Primed before the executor walks the page: every nested field of the
    # selection, two levels down, answers at once (no awaitable), with one
    # query per loader and level.
    async with tenant_transaction(group.id):
        rows = await Lead.filter(tenant_id=group.id).order_by("id")
        loaders = Loaders(group.id)
        wanted = {"customer": {"owner", "store", "tags"}, "owner": set(), "store": set(),
                  "lastFollowUp": {"user"}, "followUps": {"user"}}  # fmt: skip
        with count_queries() as queries:
            await prime(loaders, "Lead", rows, wanted)
    # Customers, users, stores, last follow-ups, follow-ups; then the tags
    # (the users and the store one level down are held already).
    assert len(queries) == 6, queries
    info = ContextOnly(SimpleNamespace(loaders=loaders))

    def resolve(parent: str, field: str, source: object) -> object:
        value = _resolver(parent, field)(source, info)
        assert not inspect.isawaitable(value), f"{parent}.{field}"
        return value

    for row in rows:
        for field, below in wanted.items():
            value = resolve("Lead", field, LeadType.from_model(row))
            for item in value if isinstance(value, list) else [value]:
                for name in below:
                    if item is not None:
                        resolve(type(item).__name__, name, item)
    # A later `load` of a primed key (tagHistory, a rating's author) answers
    # the primed rows without a query.
    tagged = rows[0]  # the first lead made: its customer tagged "tag 0"
    async with tenant_transaction(group.id):
        with count_queries() as queries:
            author = await loaders.user_by_id.load(ann.id)
            tags = await loaders.tags_by_customer_id.load(tagged.customer_id)
    assert queries == []
    assert author is not None and author.name == ann.name
    assert [t.tag for t in tags] == ["tag 0"]
