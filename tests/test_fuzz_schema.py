"""Schema-wide fuzzing with hypothesis-graphql: every query and mutation field,
with generated selections and hostile argument values, sent over real HTTP as
the users of dealer group A (group admin, sales manager, consultant) and an
OEM distributing to A. Group B is seeded with marker values; no answer may
carry one, crash (HTTP 500), leak a stack trace or an exception class, or
fail with an error code that is not documented, and group B's rows stay as
they were.

The tests of this module share one seeded world (`shared_database`): each
field's run builds on what the runs before it wrote, as a real tenant's data
grows; an actor the fuzzer locked out (deactivated, role revoked, throttled)
is replaced by a fresh user of the same role before the next field.

CI runs a few examples per field with a fixed seed; a longer, random run:
`FUZZ_EXAMPLES=200 .venv/bin/pytest tests/test_fuzz_schema.py -q -s` (examples per
field; `-s` prints how the operations ended).
"""

from __future__ import annotations

import builtins
import json
import os
import re
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from saas.app import create_app
from saas.models import User, tenant_models
from saas.schema import build_schema
from saas.settings import Settings
from saas.tenancy.authz import role_permissions
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api, empty_database
from tests.factories import (
    make_group,
    make_lead,
    make_oem,
    make_store,
    make_user,
    make_vehicle_model,
)

pytestmark = [pytest.mark.slow, pytest.mark.shared_database]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None  # None: the CI default below
CI_EXAMPLES = 5

# Group B's marker values: none of them may ever reach a user of group A.
MARK = "Zqxleak"
B_PHONE = "13975310864"
B_VIN = "WVZXLEAKB12345678"
B_MARKERS = (MARK.lower(), B_PHONE, "139****0864", B_VIN.lower())

SCHEMA = graphql.build_schema(build_schema().as_str())
QUERY_FIELDS = sorted(SCHEMA.query_type.fields)  # type: ignore[union-attr]
MUTATION_FIELDS = sorted(SCHEMA.mutation_type.fields)  # type: ignore[union-attr]

# Every error code the API documents (README, "GraphQL API"); anything else,
# or an execution error without a code, is an unexpected exception: a bug.
DOCUMENTED_CODES = {
    "UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "RATE_LIMITED",
    "QUERY_TOO_COSTLY", "DOCUMENT_TOO_LARGE", "TIMEOUT",
    "SERVICE_UNAVAILABLE", "UNSUPPORTED_MEDIA_TYPE",
    "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST",
}  # fmt: skip
RESULT_TYPES = {name for name in SCHEMA.type_map if name.endswith(("Error", "Errors"))}
LEAKED_INTERNALS = re.compile(
    r"Traceback|File \"|NoneType|asyncpg|tortoise|object has no attribute|\b("
    + "|".join(
        name
        for name, value in vars(builtins).items()
        if isinstance(value, type) and issubclass(value, BaseException) and name not in RESULT_TYPES
    )
    + r"|IntegrityError|OperationalError|DataError|DoesNotExist|InvalidTextRepresentation)\b"
)

# --- hostile values ------------------------------------------------------------

HOSTILE_TEXT = [
    "", " ", "\u202e", "'; DROP TABLE lead; --", '" OR 1=1 --', "%", "_", "\\", "../../etc/passwd",
    "<script>alert(1)</script>", "😀" * 50, "a" * 10_000, "null", "NaN", "-1", "0",
    "99999999999999999999", "+86 138 0013 8000", "１３８００１３８０００", "\n\r\t", "${jndi:ldap://x}",
    "\x00", "a\x00b", "Zqx", "leak", "7531", "139753", "SH-", "*", "%%", "{}", "[]",
]  # fmt: skip
HOSTILE_IDS = [
    "0", "-1", "", " 1", "1 ", "1.5", "1e3", "0x10", "١", "²", str(2**63 - 1), str(2**63),
    "9" * 40, "-9223372036854775808", "null", "\x00",
]  # fmt: skip
HOSTILE_DATES = [
    "", "2026-13-45", "2026-02-30", "0000-01-01", "9999-12-31", "99999-01-01", "-2026-01-01",
    "20261122", "today", "2026-11-22T10:00:00", "\x00",
]  # fmt: skip
HOSTILE_DATETIMES = [
    "", "2026-11-22", "2026-11-22T25:61:00+08:00", "2026-11-22T10:00:00",
    "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00", "2026-11-22T10:00:00+99:00",
    "1e10", "now", "\x00",
]  # fmt: skip
HOSTILE_DECIMALS = [
    "", "NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-999", "-0", "-5", "0.0000000001",
    "9" * 40, "1,5", "12 000", "0x10", "\x00",
]  # fmt: skip


def _text() -> st.SearchStrategy[graphql.ValueNode]:
    plain = st.text(st.characters(codec="utf-8", min_codepoint=1, exclude_categories=["Cs"]))
    return st.one_of(plain, plain, st.sampled_from(HOSTILE_TEXT)).map(nodes.String)


MAX_SEEDED_ID = 24


def _ids() -> st.SearchStrategy[graphql.ValueNode]:
    """Mostly the ids of seeded rows, of both groups (identities restart at 1),
    sometimes nonsense, as a string or an integer literal."""
    real = st.integers(1, MAX_SEEDED_ID)
    return st.one_of(
        real.map(nodes.String),
        real.map(nodes.String),
        real.map(nodes.Int),
        st.sampled_from(HOSTILE_IDS).map(nodes.String),
        st.integers(-(2**70), 2**70).map(nodes.Int),
    )


def _dates() -> st.SearchStrategy[graphql.ValueNode]:
    near = st.dates(date(2025, 1, 1), date(2027, 12, 31))
    return st.one_of(
        near.map(lambda d: nodes.String(d.isoformat())),
        st.dates().map(lambda d: nodes.String(d.isoformat())),
        st.sampled_from(HOSTILE_DATES).map(nodes.String),
    )


def _datetimes() -> st.SearchStrategy[graphql.ValueNode]:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    near = st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC)).map(
        lambda d: nodes.String(d.isoformat())
    )
    soon = st.integers(1, 20 * 24).map(
        lambda h: nodes.String((now + timedelta(hours=h)).isoformat())
    )
    return st.one_of(near, soon, st.sampled_from(HOSTILE_DATETIMES).map(nodes.String))


def _decimals() -> st.SearchStrategy[graphql.ValueNode]:
    money = st.decimals(0, 2_000_000, places=2).map(lambda d: nodes.String(str(d)))
    wild = st.decimals(allow_nan=True, allow_infinity=True).map(lambda d: nodes.String(str(d)))
    return st.one_of(money, wild, st.sampled_from(HOSTILE_DECIMALS).map(nodes.String))


SCALARS = {
    "ID": _ids(),
    "String": _text(),
    "Date": _dates(),
    "DateTime": _datetimes(),
    "Decimal": _decimals(),
}
# Page sizes: mostly small, so nested connections stay within the node budget
# and the resolvers run; now and then out of range.
FIRST = st.one_of(
    st.integers(1, 5),
    st.integers(1, 5),
    st.integers(1, 5),
    st.sampled_from([0, -1, 100, 101, 2**31 - 1]),
)
AFTER = st.one_of(
    st.none(), st.none(), st.none(), st.sampled_from(["", "MQ==", "bm9wZQ==", "\u202e"])
)


class _PageArguments(graphql.Visitor):
    """Rewrite `first`/`after` of every connection with values drawn here."""

    def __init__(self, draw: st.DrawFn) -> None:
        super().__init__()
        self.draw = draw

    def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> Any:
        if node.name.value == "first":
            return graphql.ArgumentNode(name=node.name, value=nodes.Int(self.draw(FIRST)))
        if node.name.value == "after":
            after = self.draw(AFTER)
            return (
                graphql.REMOVE
                if after is None
                else graphql.ArgumentNode(name=node.name, value=nodes.String(after))
            )
        return None


class _ToVariables(graphql.Visitor):
    """Move some argument values into variables: values sent as variables are
    coerced (and checked, e.g. for NUL) on another path than literals."""

    def __init__(self, draw: st.DrawFn, types: graphql.TypeInfo) -> None:
        super().__init__()
        self.draw, self.types = draw, types
        self.variables: dict[str, Any] = {}
        self.definitions: list[graphql.VariableDefinitionNode] = []

    def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> Any:
        argument = self.types.get_argument()
        if argument is None or not self.draw(st.booleans()):
            return None
        variable = graphql.VariableNode(name=graphql.NameNode(value=f"v{len(self.variables)}"))
        self.variables[variable.name.value] = graphql.value_from_ast_untyped(node.value)
        self.definitions.append(
            graphql.VariableDefinitionNode(
                variable=variable, type=graphql.parse_type(str(argument.type))
            )
        )
        return graphql.ArgumentNode(name=node.name, value=variable)


_STRATEGIES: dict[str, st.SearchStrategy[graphql.DocumentNode]] = {}


@st.composite
def operations(draw: st.DrawFn, name: str) -> tuple[str, dict[str, Any]]:
    """One generated operation on the root field `name`, and its variables."""
    if name not in _STRATEGIES:
        _STRATEGIES[name] = from_schema(
            SCHEMA, fields=[name], custom_scalars=SCALARS, print_ast=lambda document: document
        )
    document = graphql.visit(draw(_STRATEGIES[name]), _PageArguments(draw))
    types = graphql.TypeInfo(SCHEMA)
    hoist = _ToVariables(draw, types)
    document = graphql.visit(document, graphql.TypeInfoVisitor(types, hoist))
    operation = document.definitions[0]
    operation = graphql.OperationDefinitionNode(
        operation=operation.operation,  # type: ignore[attr-defined]
        variable_definitions=tuple(hoist.definitions),
        directives=(),
        selection_set=operation.selection_set,  # type: ignore[attr-defined]
    )
    return graphql.print_ast(operation), hoist.variables


# --- the seeded world ----------------------------------------------------------


@dataclass
class Actor:
    email: str
    role: Role
    token: str | None = None


class World:
    """Group A's actors and an HTTP client of the app; group B's rows as seeded."""

    def __init__(self, client: httpx.AsyncClient, a: dict[str, Any], b: dict[str, Any]) -> None:
        self.client = client
        self.group_a, self.store_a, self.oem_a = a["group"], a["store"], a["oem"]
        self.group_b = b["group"]
        self.actors = {role: Actor(user.email, role) for role, user in a["users"].items()}
        self.b_rows: dict[str, Any] = {}
        self.replaced = 0
        self.outcomes: Counter[str] = Counter()

    def __repr__(self) -> str:
        return "World(group A, group B)"

    async def login(self, actor: Actor) -> None:
        actor.token = await Api(self.client).login(actor.email)

    async def check_actors(self) -> None:
        """Replace every actor the fuzzer locked out with a fresh user."""
        for role, actor in self.actors.items():
            response = await self.client.post(
                "/graphql", json={"query": "{ me { permissions } }"}, headers=_auth(actor.token)
            )
            me = (response.json().get("data") or {}).get("me") or {}
            granted = {tuple(p.split(":", 1)) for p in me.get("permissions", [])}
            if response.status_code == 200 and granted >= role_permissions()[role]:
                continue
            self.replaced += 1
            email = f"{role.value}.{self.replaced}@a.test"
            await make_user(
                email,
                group=None if role is Role.OEM_DISTRIBUTOR else self.group_a,
                oem=self.oem_a if role is Role.OEM_DISTRIBUTOR else None,
                role=role,
                store=self.store_a if role in (Role.CONSULTANT, Role.SALES_MANAGER) else None,
            )
            self.actors[role] = replacement = Actor(email, role)
            await self.login(replacement)


def _auth(token: str | None) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"} if token else {}


async def _seed_group(code: str, mark: str, phone: str, vin: str, model: Any) -> dict[str, Any]:
    """A store with a group admin, a sales manager and a consultant; an OEM
    desk sending leads to it; two leads with a follow-up, a test drive, an
    order delivered with a VIN; after-sales rows and reminder tasks."""
    from saas.crm.follow_ups import NewFollowUp, log_follow_up
    from saas.crm.sales import NewOrder, deliver_order, schedule_test_drive, sign_order
    from saas.crm.vocabulary import FollowUpChannel, PaymentMethod
    from saas.identity.service import create_api_key
    from saas.oem.distribution import distribute
    from saas.oem.types import LeadOrder
    from saas.tenancy.rls import tenant_transaction
    from tests.factories import actor_for

    domain = code.lower()
    group = await make_group(f"{code}-{mark}".upper(), f"{mark} Motors {code}")
    store = await make_store(
        group, f"{code}-{mark}".upper(), name=f"{mark} showroom", brands=["Huaxia"]
    )
    oem = await make_oem(f"OEM-{code}-{mark}".upper(), ["Huaxia"])
    users = {
        Role.GROUP_ADMIN: await make_user(f"admin@{domain}.test", group=group, role=Role.GROUP_ADMIN),
        Role.SALES_MANAGER: await make_user(f"manager@{domain}.test", group=group, role=Role.SALES_MANAGER, store=store),
        Role.CONSULTANT: await make_user(f"consultant@{domain}.test", group=group, role=Role.CONSULTANT, store=store),
        Role.OEM_DISTRIBUTOR: await make_user(f"desk@{domain}.test", oem=oem, role=Role.OEM_DISTRIBUTOR),
    }  # fmt: skip
    seller = users[Role.CONSULTANT]
    first = await make_lead(
        seller, store, name=f"{mark} Wang", phone=phone, grade="A", vehicle_model=model
    )
    bought = await make_lead(seller, store, name=f"{mark} Li", phone=f"+86 {phone[:-1]}1", grade="H", vehicle_model=model)  # fmt: skip
    actor = await actor_for(seller)
    soon = datetime.now(UTC) + timedelta(days=2)
    async with tenant_transaction(group.id):
        await log_follow_up(
            actor,
            NewFollowUp(first.lead.id, FollowUpChannel.PHONE, f"{mark} asked about the Aurora",
                        next_follow_up_at=soon, next_follow_up_reason=f"{mark} test drive"),
        )  # fmt: skip
        await schedule_test_drive(actor, first.lead.id, model.id, soon)
        order = await sign_order(actor, NewOrder(bought.lead.id, model.id, Decimal(230000), PaymentMethod.CASH))  # fmt: skip
        await deliver_order(actor, order.id, vin=vin)
        await create_api_key(
            await actor_for(users[Role.GROUP_ADMIN]), f"{mark} key", Role.GROUP_EXECUTIVE, []
        )
    async with system_transaction():
        await distribute(
            await actor_for(users[Role.OEM_DISTRIBUTOR]),
            LeadOrder(
                f"{mark}-REF-1", f"{mark} Zhao", f"{phone[:-1]}2", "Huaxia", store_id=store.id
            ),
        )
    return {"group": group, "store": store, "oem": oem, "users": users}


async def _rows_of(group_id: int) -> dict[str, Any]:
    async with system_transaction():
        rows = {
            model._meta.db_table: await model.filter(tenant_id=group_id).order_by("id").values()
            for model in tenant_models()
        }
        rows["user"] = await User.filter(dealer_group_id=group_id).order_by("id").values()
    return rows


@pytest.fixture(scope="module")
async def world(database: Settings) -> AsyncIterator[World]:
    from saas.demo import seed_aftersales

    await empty_database(database)
    model = await make_vehicle_model()
    a = await _seed_group("A", "Alpha", "13800138000", "WAUZZZ8V5KA123456", model)
    b = await _seed_group("B", MARK, B_PHONE, B_VIN, model)
    async with system_transaction():
        await seed_aftersales()
    app = create_app(database, run_jobs=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        world = World(client, a, b)
        for actor in world.actors.values():
            await world.login(actor)
        world.b_rows = await _rows_of(b["group"].id)
        # The generated ids reach every row of group B.
        assert max(r["id"] for rows in world.b_rows.values() for r in rows) <= MAX_SEEDED_ID
        yield world


# --- who calls what --------------------------------------------------------------


def _callers(name: str, root: graphql.GraphQLObjectType) -> list[Role | None]:
    """The roles of group A's actors that may call the field; a group admin
    (refused) when none may; anonymous callers too for public fields."""
    directives = {d.name.value: d for d in root.fields[name].ast_node.directives}  # type: ignore[union-attr]
    if "public" in directives:
        return [None, Role.CONSULTANT, Role.OEM_DISTRIBUTOR]
    actors = [Role.GROUP_ADMIN, Role.SALES_MANAGER, Role.CONSULTANT, Role.OEM_DISTRIBUTOR]
    if "authenticated" in directives:
        return actors  # type: ignore[return-value]
    needed = directives["requiresPermission"]
    permission = tuple(graphql.value_from_ast_untyped(a.value) for a in needed.arguments)
    allowed = [role for role in actors if permission in role_permissions()[role]]
    return allowed or [Role.GROUP_ADMIN]  # type: ignore[return-value]


FIELDS = [(name, SCHEMA.query_type) for name in QUERY_FIELDS] + [
    (name, SCHEMA.mutation_type) for name in MUTATION_FIELDS
]


# --- the checks -----------------------------------------------------------------


def check_answer(query: str, response: httpx.Response) -> str:
    """What every answer must satisfy, whatever was asked; returns how the
    operation ended: "resolved" (it ran) or "refused: <code>"."""
    context = f"\n{query}\n--> {response.status_code} {response.text[:1500]}"
    assert response.status_code < 500 or response.status_code == 503, context
    text = response.text.lower()
    for marker in B_MARKERS:
        assert marker not in text or marker in query.lower(), f"group B's {marker!r}" + context
    leaked = LEAKED_INTERNALS.search(response.text)
    assert leaked is None, f"internals: {leaked.group(0) if leaked else ''}" + context
    body = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        # Every error, before or during execution, has one of the documented codes.
        assert code in DOCUMENTED_CODES, f"undocumented error {error}" + context
    refusals = [
        (error.get("extensions") or {}).get("code") or "invalid request"
        for error in body.get("errors") or []
        if (error.get("extensions") or {}).get("code") not in ("NOT_FOUND", "CONFLICT")
    ]
    return f"refused: {refusals[0]}" if refusals else "resolved"


@pytest.mark.parametrize(("name", "root"), FIELDS, ids=[name for name, _ in FIELDS])
@settings(
    max_examples=EXAMPLES or CI_EXAMPLES,
    derandomize=EXAMPLES is None,
    database=None,
    deadline=None,
    # No shrinking: the world changes under the examples, and the failing
    # operation is printed whole anyway.
    phases=[Phase.explicit, Phase.generate],
    # The world is module-scoped on purpose (see the docstring); the only
    # function-scoped fixture is the database cleaner, which skips this module.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_fuzz_field(world: World, name: str, root: graphql.GraphQLObjectType, data: st.DataObject) -> None:  # fmt: skip
    role = data.draw(st.sampled_from(_callers(name, root)), label="caller")
    query, variables = data.draw(operations(name), label="operation")
    token = world.actors[role].token if role is not None else None
    response = await world.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=_auth(token)
    )
    outcome = check_answer(f"{query}\n{json.dumps(variables)}", response)
    event(outcome)
    world.outcomes[outcome] += 1


@pytest.fixture(autouse=True)
async def _after_each_field(world: World) -> AsyncIterator[None]:
    yield
    assert await _rows_of(world.group_b.id) == world.b_rows, "group B's rows changed"
    await world.check_actors()


def test_most_operations_get_past_the_limits_and_run(world: World) -> None:
    """Generated operations are shaped (page sizes, ids, callers) so that most
    of them really run their resolvers instead of being refused up front."""
    total = sum(world.outcomes.values())
    if total < len(FIELDS):
        pytest.skip("only part of the fuzz run was selected")
    print(
        f"\nfuzz: {total} operations, {world.replaced} actors replaced: {world.outcomes.most_common()}"
    )
    assert world.outcomes["resolved"] / total > 0.5, world.outcomes
