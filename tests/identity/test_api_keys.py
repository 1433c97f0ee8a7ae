"""API keys: issued once, hashed, scoped, revocable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from saas.models import ApiKey, RoleAssignment
from saas.tenancy.authz import role_permission_names
from saas.tenancy.credentials import sha256
from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_oem, make_store, make_user, pk

CREATE = """mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  __typename
  ... on CreatedApiKey { secret apiKey { id prefix role domain scopes } }
  ... on ValidationErrors { errors { path message } }
  ... on ForbiddenError { message } } }"""
REVOKE = "mutation($id: ID!) { revokeApiKey(input: {id: $id}) { __typename ... on ApiKey { revokedAt } } }"
ME = "{ me { kind apiKey { prefix } roles { role domain } permissions dealerGroup { code } oem { code } } }"


async def test_platform_admin_issues_an_oem_key_that_authenticates(api: Api) -> None:
    oem = await make_oem("HUAXIA")
    await make_user("ops@platform.test", role=Role.PLATFORM_ADMIN)
    token = await api.login("ops@platform.test")
    created = (
        await api.gql(
            CREATE,
            {"input": {"name": "Lead feed", "role": "OEM_DISTRIBUTOR", "oemId": gid(oem)}},
            token=token,
        )
    )["createApiKey"]
    assert created["__typename"] == "CreatedApiKey"
    secret = created["secret"]
    assert secret.startswith(created["apiKey"]["prefix"] + "_")
    stored = await ApiKey.get(id=pk(created["apiKey"]["id"]))
    assert stored.key_hash == sha256(secret) and secret not in str(stored.__dict__)

    me = (await api.gql(ME, token=secret))["me"]
    assert me["kind"] == "API_KEY"
    assert me["oem"] == {"code": "HUAXIA"} and me["dealerGroup"] is None
    assert "distribution:create" in me["permissions"]
    # An OEM key has no business with stores.
    errors = await api.errors("{ stores { nodes { id } } }", token=secret)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_scopes_narrow_a_key_and_unknown_scopes_are_rejected(api: Api) -> None:
    group = await make_group()
    await make_store(group, "S-1")
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("admin@a.test")
    bad = (
        await api.gql(
            CREATE,
            {
                "input": {
                    "name": "BI",
                    "role": "GROUP_EXECUTIVE",
                    "scopes": ["store:read", "lead:assign"],
                }
            },
            token=token,
        )
    )["createApiKey"]
    assert bad["__typename"] == "ValidationErrors"
    assert bad["errors"] == [
        {
            "path": ["input", "scopes", "1"],
            "message": "lead:assign is not a permission of group_executive",
        }
    ]
    good = (
        await api.gql(
            CREATE,
            {"input": {"name": "BI", "role": "GROUP_EXECUTIVE", "scopes": ["user:read"]}},
            token=token,
        )
    )["createApiKey"]
    secret = good["secret"]
    assert (await api.gql(ME, token=secret))["me"]["permissions"] == ["user:read"]
    assert (await api.errors("{ stores { nodes { id } } }", token=secret))[0]["extensions"][
        "code"
    ] == "FORBIDDEN"
    assert (await api.gql("{ users { totalCount } }", token=secret))["users"]["totalCount"] == 1


async def test_a_revoked_key_is_refused_at_once(api: Api) -> None:
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("admin@a.test")
    created = (
        await api.gql(CREATE, {"input": {"name": "ERP", "role": "GROUP_EXECUTIVE"}}, token=token)
    )["createApiKey"]
    assert (await api.post(ME, token=created["secret"])).status_code == 200
    revoked = (await api.gql(REVOKE, {"id": created["apiKey"]["id"]}, token=token))["revokeApiKey"]
    assert revoked["revokedAt"] is not None
    response = await api.post(ME, token=created["secret"])
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "the API key has been revoked"


async def test_a_made_up_key_is_refused(api: Api) -> None:
    response = await api.post(ME, token="dcrm_abcdef12_" + "x" * 43)
    assert response.status_code == 401


async def test_group_admins_cannot_issue_oem_keys_or_see_other_groups_keys(api: Api) -> None:
    oem = await make_oem()
    group_a, group_b = await make_group("GROUP-A"), await make_group("GROUP-B")
    await make_user("admin@a.test", group=group_a, role=Role.GROUP_ADMIN)
    await make_user("admin@b.test", group=group_b, role=Role.GROUP_ADMIN)
    token_a, token_b = await api.login("admin@a.test"), await api.login("admin@b.test")
    denied = (
        await api.gql(
            CREATE,
            {"input": {"name": "x", "role": "OEM_DISTRIBUTOR", "oemId": gid(oem)}},
            token=token_a,
        )
    )["createApiKey"]
    assert denied["__typename"] == "ForbiddenError"
    created = (
        await api.gql(CREATE, {"input": {"name": "ERP", "role": "GROUP_EXECUTIVE"}}, token=token_a)
    )["createApiKey"]
    listed_b = await api.gql("{ apiKeys { totalCount nodes { id } } }", token=token_b)
    assert listed_b["apiKeys"] == {"totalCount": 0, "nodes": []}
    revoke_b = (await api.gql(REVOKE, {"id": created["apiKey"]["id"]}, token=token_b))[
        "revokeApiKey"
    ]
    assert revoke_b["__typename"] == "NotFoundError"
    assert (await api.post(ME, token=created["secret"])).status_code == 200


# -- a credential never confers more than it holds ---------------------------

GRANT = """mutation($input: GrantRoleInput!) { grantRole(input: $input) {
  __typename ... on ForbiddenError { message } } }"""

ALL_GROUP_ADMIN = sorted(role_permission_names(Role.GROUP_ADMIN))


async def _group_admin_key(api: Api, token: str, scopes: list[str] | None) -> str:
    """A group_admin key issued by the (unrestricted) group admin: `scopes`
    None = no scopes (the whole role)."""
    created = (
        await api.gql(
            CREATE,
            {"input": {"name": "creator", "role": "GROUP_ADMIN", "scopes": scopes or []}},
            token=token,
        )
    )["createApiKey"]
    assert created["__typename"] == "CreatedApiKey", created
    return created["secret"]  # type: ignore[no-any-return]


# (creator's scopes or None for unrestricted, new key's role, new key's scopes, issued?)
KEY_CASES = [
    # The reported case: a key narrowed to api_key:create mints an unrestricted one.
    (["api_key:create"], "GROUP_ADMIN", [], False),
    (["api_key:create"], "GROUP_ADMIN", ["api_key:create"], True),
    (["api_key:create"], "GROUP_ADMIN", ["api_key:create", "audit_log:read"], False),
    (["api_key:create"], "GROUP_ADMIN", ["user:read"], False),
    (["api_key:create"], "GROUP_EXECUTIVE", [], False),
    (["api_key:create", "store:read"], "GROUP_EXECUTIVE", ["store:read"], True),
    (["api_key:create", "store:read"], "GROUP_EXECUTIVE", ["lead:read_any"], False),
    (["api_key:create", "audit_log:read"], "GROUP_ADMIN", ["audit_log:read"], True),
    # A key whose scopes name every permission of its role holds the whole role.
    (ALL_GROUP_ADMIN, "GROUP_ADMIN", [], True),
    (ALL_GROUP_ADMIN, "GROUP_EXECUTIVE", [], False),
    # Unrestricted group admin keys issue what the group admin administers.
    (None, "GROUP_ADMIN", [], True),
    (None, "GROUP_EXECUTIVE", [], True),
    (None, "GROUP_EXECUTIVE", ["lead:read_any"], True),
]


def _label(case: tuple[object, ...]) -> str:
    creator, role, scopes, issued = case
    creator_label = "unrestricted" if creator is None else "+".join(creator)[:40]  # type: ignore[arg-type]
    wanted = "+".join(scopes) or "all"  # type: ignore[arg-type]
    return f"{creator_label}-key-{'issues' if issued else 'may-not-issue'}-{role}-{wanted}"


@pytest.mark.parametrize("case", KEY_CASES, ids=[_label(c) for c in KEY_CASES])
async def test_a_key_issues_only_keys_within_its_own_permissions(
    api: Api, case: tuple[list[str] | None, str, list[str], bool]
) -> None:
    """Rule: the new key's permissions (its scopes, or its whole role when it
    has none) must be a subset of the creator's effective permissions (a
    scoped key: exactly its scopes)."""
    creator_scopes, role, scopes, issued = case
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    creator = await _group_admin_key(api, await api.login("admin@a.test"), creator_scopes)
    result = (
        await api.gql(
            CREATE, {"input": {"name": "minted", "role": role, "scopes": scopes}}, token=creator
        )
    )["createApiKey"]
    if issued:
        assert result["__typename"] == "CreatedApiKey", result
        assert result["apiKey"]["scopes"] == sorted(scopes)
        return
    assert result["__typename"] == "ForbiddenError", result
    assert "permissions you do not hold yourself" in result["message"]
    assert await ApiKey.filter(name="minted").count() == 0


async def test_a_narrowed_key_cannot_reach_the_audit_log_or_users_through_a_new_key(
    api: Api,
) -> None:
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    narrowed = await _group_admin_key(api, await api.login("admin@a.test"), ["api_key:create"])
    assert (await api.errors("{ users { nodes { id } } }", token=narrowed))[0]["extensions"][
        "code"
    ] == "FORBIDDEN"
    minted = (
        await api.gql(
            CREATE, {"input": {"name": "wide", "role": "GROUP_ADMIN", "scopes": []}}, token=narrowed
        )
    )["createApiKey"]
    assert minted["__typename"] == "ForbiddenError"
    assert "audit_log:read" in minted["message"] and "user:read" in minted["message"]


# (creator's scopes or None, role granted, granted?)
GRANT_CASES = [
    (["role:grant"], "GROUP_ADMIN", False),
    (["role:grant"], "CONSULTANT", False),
    (["role:grant", "user:create"], "GROUP_EXECUTIVE", False),
    (ALL_GROUP_ADMIN, "GROUP_ADMIN", True),
    (ALL_GROUP_ADMIN, "SHOWROOM_MANAGER", False),
    (None, "GROUP_ADMIN", True),
    (None, "CONSULTANT", True),
]


@pytest.mark.parametrize(
    "case",
    GRANT_CASES,
    ids=[
        f"{'unrestricted' if c is None else '+'.join(c)[:40]}-key-"
        f"{'grants' if ok else 'may-not-grant'}-{role}"
        for c, role, ok in GRANT_CASES
    ],
)
async def test_a_key_grants_only_roles_within_its_own_permissions(
    api: Api, case: tuple[list[str] | None, str, bool]
) -> None:
    creator_scopes, role, granted = case
    group = await make_group()
    store = await make_store(group, "S-1")
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    target = await make_user("new@a.test", group=group)
    key = await _group_admin_key(api, await api.login("admin@a.test"), creator_scopes)
    wanted = {"userId": gid(target), "role": role}
    if role in ("CONSULTANT", "SHOWROOM_MANAGER"):
        wanted["storeId"] = gid(store)
    result = (await api.gql(GRANT, {"input": wanted}, token=key))["grantRole"]
    if granted:
        assert result["__typename"] == "RoleAssignment", result
    else:
        assert result["__typename"] == "ForbiddenError", result
        assert "permissions you do not hold yourself" in result["message"]
        assert await RoleAssignment.filter(user_id=target.id).count() == 0


async def test_people_grant_the_roles_they_administer_and_nothing_more(api: Api) -> None:
    """The same rule for people: a group admin staffs its group (group and store
    roles) but cannot grant the OEM or platform roles, whose permissions it does
    not hold."""
    group = await make_group()
    store = await make_store(group, "S-1")
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    target = await make_user("new@a.test", group=group)
    token = await api.login("admin@a.test")
    for role, extra in (("SALES_MANAGER", {"storeId": gid(store)}), ("GROUP_EXECUTIVE", {})):
        result = (
            await api.gql(GRANT, {"input": {"userId": gid(target), "role": role, **extra}}, token)
        )["grantRole"]
        assert result["__typename"] == "RoleAssignment", (role, result)
    for role in ("PLATFORM_ADMIN", "OEM_DISTRIBUTOR"):
        result = (await api.gql(GRANT, {"input": {"userId": gid(target), "role": role}}, token))[
            "grantRole"
        ]
        assert result["__typename"] == "ForbiddenError", (role, result)


async def test_a_busy_key_records_its_last_use_to_the_minute(api: Api) -> None:
    """Each use is not an UPDATE: a key used again within the minute keeps
    the time of its first use in that minute; later, the new time."""
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("admin@a.test")
    created = (
        await api.gql(CREATE, {"input": {"name": "BI", "role": "GROUP_EXECUTIVE"}}, token=token)
    )["createApiKey"]
    key_id, secret = pk(created["apiKey"]["id"]), created["secret"]
    await api.gql("{ me { kind } }", token=secret)
    first = (await ApiKey.get(id=key_id)).last_used_at
    assert first is not None
    await api.gql("{ me { kind } }", token=secret)
    assert (await ApiKey.get(id=key_id)).last_used_at == first
    await ApiKey.filter(id=key_id).update(last_used_at=first - timedelta(minutes=2))
    await api.gql("{ me { kind } }", token=secret)
    assert (await ApiKey.get(id=key_id)).last_used_at > first  # type: ignore[operator]
