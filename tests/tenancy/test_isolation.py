"""Layer 1 and 2 through the API: a user of group A can neither read nor change
group B's stores, users or roles, whatever ids it sends."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from saas.models import RoleAssignment, Store, User
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_store, make_user


@dataclass
class World:
    token_a: str
    store_a: Store
    store_b: Store
    user_b: User
    admin_b: User
    assignment_b: RoleAssignment


@pytest.fixture
async def world(api: Api) -> World:
    group_a, group_b = await make_group("GROUP-A"), await make_group("GROUP-B")
    store_a = await make_store(group_a, "A-1")
    store_b = await make_store(group_b, "B-1")
    await make_user("admin@a.test", group=group_a, role=Role.GROUP_ADMIN)
    admin_b = await make_user("admin@b.test", group=group_b, role=Role.GROUP_ADMIN)
    user_b = await make_user("sales@b.test", group=group_b, role=Role.CONSULTANT, store=store_b)
    assignment_b = await RoleAssignment.get(user_id=user_b.id)
    return World(await api.login("admin@a.test"), store_a, store_b, user_b, admin_b, assignment_b)


async def test_store_list_and_lookup_show_only_own_stores(api: Api, world: World) -> None:
    data = await api.gql(
        """query($b: ID!) { stores { totalCount nodes { code } } store(id: $b) { code }
            me { stores { code } } }""",
        {"b": gid(world.store_b)},
        token=world.token_a,
    )
    assert data["stores"] == {"totalCount": 1, "nodes": [{"code": "A-1"}]}
    assert data["store"] is None
    assert data["me"]["stores"] == [{"code": "A-1"}]


async def test_user_list_and_lookup_show_only_own_users(api: Api, world: World) -> None:
    data = await api.gql(
        "query($b: ID!) { users { nodes { email } } user(id: $b) { email } }",
        {"b": gid(world.user_b)},
        token=world.token_a,
    )
    assert data["users"]["nodes"] == [{"email": "admin@a.test"}]
    assert data["user"] is None


async def test_cannot_grant_a_role_in_another_groups_store(api: Api, world: World) -> None:
    result = await _grant(api, world.token_a, user_id=world.user_b.id, store_id=world.store_b.id)
    assert result["__typename"] == "NotFoundError"


async def test_cannot_grant_own_store_role_to_another_groups_user(api: Api, world: World) -> None:
    result = await _grant(api, world.token_a, user_id=world.user_b.id, store_id=world.store_a.id)
    assert result == {"__typename": "NotFoundError", "resource": "user"}
    assert await RoleAssignment.filter(user_id=world.user_b.id).count() == 1


async def test_cannot_grant_a_group_role_in_another_group(api: Api, world: World) -> None:
    group_b_id = world.user_b.dealer_group_id
    result = await api.gql(
        """mutation($u: ID!, $g: ID!) { grantRole(input: {userId: $u, role: GROUP_EXECUTIVE,
            dealerGroupId: $g}) { __typename } }""",
        {"u": gid(world.user_b), "g": gid("DealerGroup", group_b_id)},
        token=world.token_a,
    )
    assert result["grantRole"]["__typename"] in {"ForbiddenError", "NotFoundError"}


async def test_cannot_revoke_another_groups_role(api: Api, world: World) -> None:
    result = await api.gql(
        "mutation($id: ID!) { revokeRole(input: {id: $id}) { __typename } }",
        {"id": gid(world.assignment_b)},
        token=world.token_a,
    )
    assert result["revokeRole"]["__typename"] == "NotFoundError"
    assert await RoleAssignment.filter(id=world.assignment_b.id).exists()


async def test_cannot_deactivate_another_groups_user(api: Api, world: World) -> None:
    result = await api.gql(
        "mutation($id: ID!) { setUserActive(input: {userId: $id, active: false}) { __typename } }",
        {"id": gid(world.admin_b)},
        token=world.token_a,
    )
    assert result["setUserActive"]["__typename"] == "NotFoundError"
    assert (await User.get(id=world.admin_b.id)).is_active


async def test_created_stores_and_users_land_in_the_callers_group(api: Api, world: World) -> None:
    # There is no argument to aim at another tenant; the token decides.
    created = await api.gql(
        """mutation { createStore(input: {code: "A-2", name: "Second", region: "East", city: "Suzhou"}) {
            __typename ... on Store { code } } }""",
        token=world.token_a,
    )
    assert created["createStore"] == {"__typename": "Store", "code": "A-2"}
    user = await api.gql(
        """mutation($g: ID!) { createUser(input: {email: "new@a.test", name: "New", password: "Sales-person-1",
            dealerGroupId: $g}) { __typename ... on ForbiddenError { message } } }""",
        {"g": gid("DealerGroup", world.user_b.dealer_group_id)},
        token=world.token_a,
    )
    assert user["createUser"]["__typename"] == "ForbiddenError"
    b_token = await api.login("admin@b.test")
    seen_by_b = await api.gql("{ stores { nodes { code } } }", token=b_token)
    assert seen_by_b["stores"]["nodes"] == [{"code": "B-1"}]


async def _grant(api: Api, token: str, *, user_id: int, store_id: int) -> dict:
    data = await api.gql(
        """mutation($u: ID!, $s: ID!) { grantRole(input: {userId: $u, role: CONSULTANT, storeId: $s}) {
            __typename ... on NotFoundError { resource } } }""",
        {"u": gid("User", user_id), "s": gid("Store", store_id)},
        token=token,
    )
    return data["grantRole"]  # type: ignore[no-any-return]
