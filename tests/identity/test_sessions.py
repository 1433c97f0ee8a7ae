"""Login, refresh, logout, expired and tampered tokens, throttling."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import httpx
import jwt

from saas.app import create_app
from saas.documents.service import document_id_of
from saas.models import RoleAssignment, Store, User
from saas.settings import Settings
from saas.tenancy.authz import bump_revision
from saas.tenancy.credentials import issue_access_token
from saas.tenancy.rls import system_transaction
from saas.tenancy.roles import Role
from tests.conftest import Api, table_locked
from tests.factories import PASSWORD, gid, make_group, make_store, make_user

LOGIN = """mutation($input: LoginInput!) { login(input: $input) {
  __typename
  ... on Session { accessToken refreshToken accessTokenExpiresAt user { email } }
  ... on InvalidCredentials { message }
  ... on LoginThrottled { message retryAfterSeconds } } }"""
REFRESH = """mutation($t: String!) { refreshToken(input: {refreshToken: $t}) {
  __typename ... on Session { accessToken refreshToken } ... on InvalidRefreshToken { message } } }"""
LOGOUT = "mutation($t: String!) { logout(input: {refreshToken: $t}) { ok } }"
CREATE_STORE = (
    'mutation { createStore(input: {code: "GONE-1", name: "x", region: "r", city: "c"}) '
    "{ __typename } }"
)
ME = "{ me { kind user { email } roles { role domain store { code } } permissions } }"


async def _consultant() -> None:
    group = await make_group()
    store = await make_store(group, "SH-1")
    await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)


async def _login(api: Api, email: str, password: str) -> dict:
    data = await api.gql(LOGIN, {"input": {"email": email, "password": password}})
    return data["login"]


async def test_login_then_me_shows_roles_stores_and_permissions(api: Api) -> None:
    await _consultant()
    session = await _login(api, "  Ann@A.test ", PASSWORD)
    assert session["__typename"] == "Session"
    assert session["user"]["email"] == "ann@a.test"
    me = (await api.gql(ME, token=session["accessToken"]))["me"]
    assert me["kind"] == "USER"
    assert me["roles"] == [
        {"role": "CONSULTANT", "domain": me["roles"][0]["domain"], "store": {"code": "SH-1"}}
    ]
    assert "lead:create" in me["permissions"] and "lead:assign" not in me["permissions"]


async def test_wrong_password_and_unknown_email_get_the_same_generic_error(api: Api) -> None:
    await _consultant()
    wrong = await _login(api, "ann@a.test", "Not-the-password-1")
    unknown = await _login(api, "nobody@a.test", PASSWORD)
    assert (
        wrong
        == unknown
        == {"__typename": "InvalidCredentials", "message": "wrong e-mail or password"}
    )


async def test_repeated_failures_throttle_the_account_even_with_the_right_password(
    api: Api, settings: Settings
) -> None:
    await _consultant()
    for _ in range(settings.login_max_failures):
        assert (await _login(api, "ann@a.test", "Wrong-password-9"))[
            "__typename"
        ] == "InvalidCredentials"
    throttled = await _login(api, "ann@a.test", PASSWORD)
    assert throttled["__typename"] == "LoginThrottled"
    assert 0 < throttled["retryAfterSeconds"] <= settings.login_lockout_minutes * 60 + 1
    # Another account is not affected.
    group = await make_group("GROUP-B")
    await make_user("bob@b.test", group=group, role=Role.GROUP_ADMIN)
    assert (await _login(api, "bob@b.test", PASSWORD))["__typename"] == "Session"


async def test_a_successful_login_resets_the_failure_count(api: Api, settings: Settings) -> None:
    await _consultant()
    for _ in range(settings.login_max_failures - 1):
        await _login(api, "ann@a.test", "Wrong-password-9")
    assert (await _login(api, "ann@a.test", PASSWORD))["__typename"] == "Session"
    for _ in range(settings.login_max_failures - 1):
        await _login(api, "ann@a.test", "Wrong-password-9")
    assert (await _login(api, "ann@a.test", PASSWORD))["__typename"] == "Session"


async def test_refresh_rotates_and_a_reused_refresh_token_ends_the_session(api: Api) -> None:
    await _consultant()
    first = await _login(api, "ann@a.test", PASSWORD)
    second = (await api.gql(REFRESH, {"t": first["refreshToken"]}))["refreshToken"]
    assert second["__typename"] == "Session"
    assert second["refreshToken"] != first["refreshToken"]
    assert (await api.gql(ME, token=second["accessToken"]))["me"]["user"]["email"] == "ann@a.test"
    # The old token was rotated away: presenting it again looks like theft...
    reused = (await api.gql(REFRESH, {"t": first["refreshToken"]}))["refreshToken"]
    assert reused["__typename"] == "InvalidRefreshToken"
    # ...so the whole family is revoked, including the newest token.
    newest = (await api.gql(REFRESH, {"t": second["refreshToken"]}))["refreshToken"]
    assert newest["__typename"] == "InvalidRefreshToken"


async def test_logout_revokes_the_refresh_token(api: Api) -> None:
    await _consultant()
    session = await _login(api, "ann@a.test", PASSWORD)
    assert (await api.gql(LOGOUT, {"t": session["refreshToken"]}))["logout"]["ok"] is True
    after = (await api.gql(REFRESH, {"t": session["refreshToken"]}))["refreshToken"]
    assert after["__typename"] == "InvalidRefreshToken"
    # Logging out twice, or with garbage, is harmless.
    assert (await api.gql(LOGOUT, {"t": "garbage"}))["logout"]["ok"] is True


async def test_an_expired_access_token_gets_401_with_a_code(api: Api, settings: Settings) -> None:
    await _consultant()
    token, _ = issue_access_token(
        settings.secret_key, user_id=1, tenant_id=1, oem_id=None, lifetime=timedelta(seconds=-5)
    )
    response = await api.post(ME, token=token)
    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "expired" in error["message"]


async def test_an_access_token_that_served_requests_is_refused_once_it_expires(
    api: Api, settings: Settings
) -> None:
    await _consultant()
    user = await User.get(email="ann@a.test")
    token, expires_at = issue_access_token(
        settings.secret_key,
        user_id=user.id,
        tenant_id=user.dealer_group_id,
        oem_id=None,
        lifetime=timedelta(seconds=5),  # two requests in it, on a busy host too
    )
    assert (await api.post(ME, token=token)).status_code == 200
    # Read again (the server keeps what it verified), then past its expiry.
    assert (await api.post(ME, token=token)).status_code == 200
    await asyncio.sleep(max(0.0, expires_at.timestamp() - time.time()) + 0.05)
    response = await api.post(ME, token=token)
    assert response.status_code == 401
    assert "expired" in response.json()["errors"][0]["message"]


async def test_a_tampered_or_foreign_token_gets_401(api: Api, settings: Settings) -> None:
    await _consultant()
    token = await api.login("ann@a.test")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["tid"] = 999  # claim another tenant
    forged = jwt.encode(claims, "someone-elses-secret-key-of-enough-length", algorithm="HS256")
    for bad in (forged, token[:-3] + "abc", "not-a-jwt"):
        response = await api.post(ME, token=bad)
        assert response.status_code == 401, bad
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_whose_tenant_no_longer_matches_the_user_is_refused(
    api: Api, settings: Settings
) -> None:
    await _consultant()
    token, _ = issue_access_token(
        settings.secret_key, user_id=1, tenant_id=2, oem_id=None, lifetime=timedelta(minutes=5)
    )
    assert (await api.post(ME, token=token)).status_code == 401


async def test_a_malformed_authorization_header_gets_401(api: Api) -> None:
    response = await api.client.post(
        "/graphql", json={"query": ME}, headers={"authorization": "Basic dXNlcjpwYXNz"}
    )
    assert response.status_code == 401
    assert "Bearer" in response.json()["errors"][0]["message"]


async def test_protected_fields_without_a_token_say_unauthenticated(api: Api) -> None:
    for query in (
        ME,
        "{ stores { nodes { id } } }",
        'mutation { createStore(input: {code: "X1", name: "x", region: "r", city: "c"}) { __typename } }',
    ):
        errors = await api.errors(query)
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED", query
        assert "Traceback" not in str(errors)


async def test_a_deactivated_user_is_locked_out_at_once(api: Api) -> None:
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    user = await make_user("leaver@a.test", group=group)
    admin_token = await api.login("admin@a.test")
    leaver = await _login(api, "leaver@a.test", PASSWORD)
    result = await api.gql(
        "mutation($id: ID!) { setUserActive(input: {userId: $id, active: false}) { __typename ... on User { isActive } } }",
        {"id": gid(user)},
        token=admin_token,
    )
    assert result["setUserActive"] == {"__typename": "User", "isActive": False}
    assert (await api.post(ME, token=leaver["accessToken"])).status_code == 401
    assert (await api.gql(REFRESH, {"t": leaver["refreshToken"]}))["refreshToken"][
        "__typename"
    ] == "InvalidRefreshToken"
    assert (await _login(api, "leaver@a.test", PASSWORD))["__typename"] == "InvalidCredentials"


async def test_an_account_deactivated_elsewhere_is_refused_on_its_next_request(
    api: Api,
) -> None:
    """Another process (an admin's request on another worker, the CLI) turns the
    account off: the token that just served a request is refused at once, and
    what it sends next changes nothing."""
    group = await make_group()
    await make_user("leaver@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("leaver@a.test")
    assert (await api.post(ME, token=token)).status_code == 200
    async with system_transaction():
        await User.filter(email="leaver@a.test").update(is_active=False)
    response = await api.post(ME, token=token)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "no longer active" in error["message"]
    response = await api.post(CREATE_STORE, token=token)
    assert response.status_code == 401
    async with system_transaction():
        assert not await Store.filter(code="GONE-1").exists()


async def test_roles_revoked_elsewhere_hold_from_the_next_request(api: Api) -> None:
    """Another process revokes a role (the assignment gone, the revision
    counter bumped in its transaction): this process's next request from the
    same token no longer has the role's permissions; the group's other admin
    keeps them."""
    group = await make_group()
    admin = await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    await make_user("other@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("admin@a.test")
    created = await api.gql(CREATE_STORE, token=token)
    assert created["createStore"]["__typename"] == "Store"
    async with system_transaction():
        await RoleAssignment.filter(user_id=admin.id).delete()
        await bump_revision()
    errors = await api.errors(CREATE_STORE.replace("GONE-1", "GONE-2"), token=token)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    async with system_transaction():
        assert not await Store.filter(code="GONE-2").exists()
    other = await api.login("other@a.test")
    created = await api.gql(CREATE_STORE.replace("GONE-1", "GONE-3"), token=other)
    assert created["createStore"]["__typename"] == "Store"


async def _deactivated_token(api: Api) -> str:
    group = await make_group()
    await make_user("leaver@a.test", group=group, role=Role.GROUP_ADMIN)
    token = await api.login("leaver@a.test")
    async with system_transaction():
        await User.filter(email="leaver@a.test").update(is_active=False)
    return token


def _refused(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "no longer active" in error["message"]


async def test_a_deactivated_account_is_refused_before_a_malformed_request_is_answered(
    api: Api,
) -> None:
    """An empty body, a body that is not JSON or a batch would be answered
    400; the account's token is refused first, as for any request."""
    token = await _deactivated_token(api)
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    for body in (b"", b"{not json", b'[{"query": "{ me { kind } }"}]'):
        _refused(await api.client.post("/graphql", content=body, headers=headers))


async def test_a_deactivated_account_cannot_keep_an_apq_text_or_learn_a_hash_is_unknown(
    api: Api,
) -> None:
    """Apollo's persisted queries: the unknown hash (PersistedQueryNotFound)
    and the text sent with its hash are both refused 401, and the text is
    not kept: the hash stays unknown to everyone."""
    token = await _deactivated_token(api)
    headers = {"authorization": f"Bearer {token}"}
    text = "{ __typename }"
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": document_id_of(text)}}
    _refused(await api.client.post("/graphql", json={"extensions": persisted}, headers=headers))
    _refused(
        await api.client.post(
            "/graphql", json={"query": text, "extensions": persisted}, headers=headers
        )
    )
    response = await api.client.post("/graphql", json={"extensions": persisted})
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_deactivated_account_is_refused_before_nul_in_its_variables_is(
    api: Api,
) -> None:
    """A NUL byte in the variables is answered BAD_USER_INPUT before anything
    runs; a refused account hears 401 instead, and nothing is written."""
    token = await _deactivated_token(api)
    mutation = """mutation($code: String!) { createStore(input: {code: $code, name: "x",
        region: "r", city: "c"}) { __typename } }"""
    _refused(await api.post(mutation, {"code": "GONE-\x00"}, token=token))
    async with system_transaction():
        assert not await Store.filter(code__startswith="GONE").exists()


async def test_a_caller_whose_account_cannot_be_read_in_time_hears_timeout(
    settings: Settings,
) -> None:
    """The user row is locked by another transaction past statement_timeout:
    the request is stopped and answered 503 TIMEOUT, as any statement over
    its limit is (not a 500)."""
    group = await make_group()
    await make_user("boss@a.test", group=group, role=Role.GROUP_ADMIN)
    app = create_app(settings.model_copy(update={"statement_timeout_seconds": 0.5}), run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        api = Api(client)
        token = await api.login("boss@a.test")
        async with table_locked("app_user"):
            response = await asyncio.wait_for(api.post(ME, token=token), 10)
        assert response.status_code == 503, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
        assert (await api.post(ME, token=token)).status_code == 200
