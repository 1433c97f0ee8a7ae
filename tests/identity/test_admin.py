"""Group admins manage users and roles; the platform admin adds organisations."""

from __future__ import annotations

from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import PASSWORD, gid, make_group, make_oem, make_store, make_user, pk

CREATE_USER = """mutation($input: CreateUserInput!) { createUser(input: $input) {
  __typename ... on User { id email dealerGroup { code } }
  ... on ValidationErrors { errors { path message } }
  ... on ConflictError { message } ... on NotFoundError { resource } ... on ForbiddenError { message } } }"""
GRANT = """mutation($input: GrantRoleInput!) { grantRole(input: $input) {
  __typename ... on RoleAssignment { id role domain store { code } }
  ... on ValidationErrors { errors { path message } }
  ... on NotFoundError { resource id } ... on ConflictError { message } ... on ForbiddenError { message } } }"""


async def _admin(api: Api) -> tuple[str, int]:
    group = await make_group("GROUP-A")
    store = await make_store(group, "SH-1")
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    return await api.login("admin@a.test"), store.id


async def test_bad_user_input_names_each_field(api: Api) -> None:
    token, _ = await _admin(api)
    result = (
        await api.gql(
            CREATE_USER,
            {"input": {"email": "not-an-email", "name": " ", "password": "short"}},
            token=token,
        )
    )["createUser"]
    assert result["__typename"] == "ValidationErrors"
    assert {tuple(e["path"]): e["message"] for e in result["errors"]} == {
        ("input", "email"): "is not a valid e-mail address (expected name@example.com)",
        ("input", "name"): "is required",
        ("input", "password"): "must be at least 10 characters long",
    }
    weak = (
        await api.gql(
            CREATE_USER,
            {"input": {"email": "x@a.test", "name": "X", "password": "onlyletters"}},
            token=token,
        )
    )["createUser"]
    assert weak["errors"] == [
        {"path": ["input", "password"], "message": "must contain both letters and digits"}
    ]


async def test_duplicate_email_is_a_conflict(api: Api) -> None:
    token, _ = await _admin(api)
    result = (
        await api.gql(
            CREATE_USER,
            {"input": {"email": "ADMIN@a.test", "name": "Again", "password": PASSWORD}},
            token=token,
        )
    )["createUser"]
    assert result == {
        "__typename": "ConflictError",
        "message": "a user with e-mail admin@a.test already exists",
    }


async def test_a_granted_role_works_on_the_next_request_and_a_revoked_one_stops(api: Api) -> None:
    token, store_id = await _admin(api)
    created = (
        await api.gql(
            CREATE_USER,
            {"input": {"email": "amy@a.test", "name": "Amy", "password": PASSWORD}},
            token=token,
        )
    )["createUser"]
    amy = await api.login("amy@a.test")
    assert (await api.errors("{ stores { nodes { code } } }", token=amy))[0]["extensions"][
        "code"
    ] == "FORBIDDEN"

    granted = (
        await api.gql(
            GRANT,
            {
                "input": {
                    "userId": created["id"],
                    "role": "CONSULTANT",
                    "storeId": gid("Store", store_id),
                }
            },
            token=token,
        )
    )["grantRole"]
    assert granted["__typename"] == "RoleAssignment"
    assert granted["store"] == {"code": "SH-1"}
    assert (await api.gql("{ stores { nodes { code } } }", token=amy))["stores"]["nodes"] == [
        {"code": "SH-1"}
    ]

    again = (
        await api.gql(
            GRANT,
            {
                "input": {
                    "userId": created["id"],
                    "role": "CONSULTANT",
                    "storeId": gid("Store", store_id),
                }
            },
            token=token,
        )
    )["grantRole"]
    assert again["__typename"] == "ConflictError"

    revoked = await api.gql(
        "mutation($id: ID!) { revokeRole(input: {id: $id}) { __typename ... on RevokedRole { role } } }",
        {"id": granted["id"]},
        token=token,
    )
    assert revoked["revokeRole"] == {"__typename": "RevokedRole", "role": "CONSULTANT"}
    assert (await api.errors("{ stores { nodes { code } } }", token=amy))[0]["extensions"][
        "code"
    ] == "FORBIDDEN"


async def test_grant_needs_a_store_for_store_roles_and_refuses_unknown_stores(api: Api) -> None:
    token, _ = await _admin(api)
    user = await make_user("bo@a.test", group=(await make_group("GROUP-Z")))
    own = (await api.gql("{ users { nodes { id email } } }", token=token))["users"]["nodes"]
    admin_id = own[0]["id"]
    missing = (
        await api.gql(GRANT, {"input": {"userId": admin_id, "role": "CONSULTANT"}}, token=token)
    )["grantRole"]
    assert missing["errors"] == [
        {"path": ["input", "storeId"], "message": "consultant is granted in a store"}
    ]
    unknown = (
        await api.gql(
            GRANT,
            {"input": {"userId": admin_id, "role": "CONSULTANT", "storeId": gid("Store", 99999)}},
            token=token,
        )
    )["grantRole"]
    assert unknown == {
        "__typename": "NotFoundError",
        "resource": "store",
        "id": gid("Store", 99999),
    }
    bad_id = (
        await api.gql(
            GRANT,
            {"input": {"userId": "abc", "role": "CONSULTANT", "storeId": gid("Store", 1)}},
            token=token,
        )
    )["grantRole"]
    assert bad_id["errors"] == [
        {
            "path": ["input", "userId"],
            "message": "this is not a user id; pass the id of a user as the API gave it",
        }
    ]
    platform_only = (
        await api.gql(GRANT, {"input": {"userId": admin_id, "role": "PLATFORM_ADMIN"}}, token=token)
    )["grantRole"]
    assert platform_only["__typename"] == "ForbiddenError"
    assert user.id  # a user of another group exists but stays invisible


async def test_an_unknown_role_is_rejected_by_the_schema(api: Api) -> None:
    token, store_id = await _admin(api)
    errors = await api.errors(
        GRANT,
        {"input": {"userId": "1", "role": "OWNER", "storeId": gid("Store", store_id)}},
        token=token,
    )
    assert "OWNER" in errors[0]["message"]


async def test_consultants_cannot_manage_users_or_roles(api: Api) -> None:
    group = await make_group()
    store = await make_store(group)
    await make_user("c@a.test", group=group, role=Role.CONSULTANT, store=store)
    token = await api.login("c@a.test")
    errors = await api.errors(
        CREATE_USER,
        {"input": {"email": "x@a.test", "name": "X", "password": PASSWORD}},
        token=token,
    )
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert errors[0]["message"] == "you need the permission user:create"


async def test_platform_admin_onboards_a_dealer_group_and_an_oem(api: Api) -> None:
    await make_user("ops@platform.test", role=Role.PLATFORM_ADMIN)
    token = await api.login("ops@platform.test")
    group = await api.gql(
        'mutation { createDealerGroup(input: {code: "newgroup", name: "New Group"}) { __typename ... on DealerGroup { id code } } }',
        token=token,
    )
    assert group["createDealerGroup"]["code"] == "NEWGROUP"
    dup = await api.gql(
        'mutation { createDealerGroup(input: {code: "NEWGROUP", name: "Again"}) { __typename } }',
        token=token,
    )
    assert dup["createDealerGroup"]["__typename"] == "ConflictError"
    oem = await api.gql(
        'mutation { createOem(input: {code: "HX", name: "Huaxia", brands: []}) { __typename ... on ValidationErrors { errors { path message } } } }',
        token=token,
    )
    assert oem["createOem"]["errors"] == [
        {"path": ["input", "brands"], "message": "name at least one brand"}
    ]
    first_admin = (
        await api.gql(
            CREATE_USER,
            {
                "input": {
                    "email": "boss@new.test",
                    "name": "Boss",
                    "password": PASSWORD,
                    "dealerGroupId": group["createDealerGroup"]["id"],
                }
            },
            token=token,
        )
    )["createUser"]
    assert first_admin["dealerGroup"] == {"code": "NEWGROUP"}
    granted = (
        await api.gql(
            GRANT,
            {
                "input": {
                    "userId": first_admin["id"],
                    "role": "GROUP_ADMIN",
                    "dealerGroupId": group["createDealerGroup"]["id"],
                }
            },
            token=token,
        )
    )["grantRole"]
    assert granted["domain"] == f"group:{pk(group['createDealerGroup']['id'])}"
    boss = await api.login("boss@new.test")
    assert (
        "store:create" in (await api.gql("{ me { permissions } }", token=boss))["me"]["permissions"]
    )
    # The platform admin sees no CRM data.
    assert (await api.errors("{ stores { nodes { id } } }", token=token))[0]["extensions"][
        "code"
    ] == "FORBIDDEN"
    listed = await api.gql("{ dealerGroups { nodes { code } } oems { totalCount } }", token=token)
    assert listed["dealerGroups"]["nodes"] == [{"code": "NEWGROUP"}]


async def test_oem_distributor_is_granted_only_for_its_own_oem(api: Api) -> None:
    oem_a, oem_b = await make_oem("OEM-A"), await make_oem("OEM-B")
    await make_user("ops@platform.test", role=Role.PLATFORM_ADMIN)
    person = await make_user("desk@oem-a.test", oem=oem_a)
    token = await api.login("ops@platform.test")
    wrong = (
        await api.gql(
            GRANT,
            {
                "input": {
                    "userId": gid(person),
                    "role": "OEM_DISTRIBUTOR",
                    "oemId": gid(oem_b),
                }
            },
            token=token,
        )
    )["grantRole"]
    assert wrong["__typename"] == "ValidationErrors"
    right = (
        await api.gql(
            GRANT,
            {
                "input": {
                    "userId": gid(person),
                    "role": "OEM_DISTRIBUTOR",
                    "oemId": gid(oem_a),
                }
            },
            token=token,
        )
    )["grantRole"]
    assert right["domain"] == f"oem:{oem_a.id}"
