"""API keys: issued once, hashed, scoped, revocable."""

from __future__ import annotations

from saas.models import ApiKey
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
