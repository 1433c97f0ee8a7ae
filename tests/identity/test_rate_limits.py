"""Rate limits: per user and per client IP for anonymous calls, shared in
Redis, in-process when Redis is absent or down, with a clear 429."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import jwt
import pytest
import redis.asyncio as redis

from saas.app import create_app
from saas.models import LoginThrottle
from saas.settings import Settings
from saas.tenancy.credentials import api_key_prefix
from saas.tenancy.ratelimit import InProcessLimiter, RateLimiter
from saas.tenancy.roles import Role
from tests.conftest import REDIS_URL
from tests.factories import PASSWORD, make_group, make_user

LOGIN = (
    'mutation { login(input: {email: "nobody@x.cn", password: "nothing-here-1"}) { __typename } }'
)


def _limited(settings: Settings, **changes: object) -> Settings:
    data = settings.model_dump() | {"job_queue": f"rl-{secrets.token_hex(4)}"} | changes
    return Settings(_env_file=None, **data)  # type: ignore[call-arg]


async def test_anonymous_calls_per_ip_and_users_are_limited(settings: Settings) -> None:
    group = await make_group()
    await make_user("ann@a.test", group=group, role=Role.GROUP_ADMIN)
    app = create_app(
        _limited(settings, rate_limit_anonymous_per_minute=3, rate_limit_user_per_minute=4),
        run_jobs=False,
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://rl"
    ) as client:
        login = await client.post(
            "/graphql",
            json={
                "query": f'mutation {{ login(input: {{email: "ann@a.test", password: "{PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}'
            },
        )
        token = login.json()["data"]["login"]["accessToken"]
        statuses = [
            (await client.post("/graphql", json={"query": LOGIN})).status_code for _ in range(3)
        ]
        assert statuses == [200, 200, 429]
        refused = await client.post("/graphql", json={"query": LOGIN})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        headers = {"authorization": f"Bearer {token}"}
        user = [
            (
                await client.post("/graphql", json={"query": "{ me { kind } }"}, headers=headers)
            ).status_code
            for _ in range(5)
        ]
        assert user == [200, 200, 200, 200, 429]
    await app.state.jobs.close()


async def test_without_redis_the_limit_is_kept_in_process() -> None:
    down = RateLimiter("redis://127.0.0.1:1/0")  # nothing listens there
    verdicts = [await down.hit("user:1", 2) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    await down.close()
    local = InProcessLimiter()
    assert (await local.hit("k", 1, now=0.0)).allowed and not (
        await local.hit("k", 1, now=30.0)
    ).allowed
    assert (await local.hit("k", 1, now=61.0)).allowed  # the window slid on


# -- one limiter rule, both backends ------------------------------------------


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["redis", "in-process"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[tuple[RateLimiter, Clock]]:
    clock = Clock()
    url = REDIS_URL if request.param == "redis" else None
    shared = RateLimiter(url, prefix=f"rl-test-{secrets.token_hex(4)}", clock=clock)
    yield shared, clock
    await shared.close()


async def test_a_steady_client_at_the_limit_rate_always_gets_through(
    limiter: tuple[RateLimiter, Clock],
) -> None:
    shared, clock = limiter
    passed = []
    for _ in range(50):  # 5 a minute, one every 12 s, for 10 minutes
        passed.append((await shared.hit("user:1", 5)).allowed)
        clock.now += 12
    assert all(passed)


async def test_refused_requests_do_not_extend_the_window_and_retry_after_is_true(
    limiter: tuple[RateLimiter, Clock],
) -> None:
    """The reported run: 5 a minute, one request every 2 s for 150 s."""
    shared, clock = limiter
    start = clock.now
    passed_at, retry_afters = [], []
    for step in range(75):
        verdict = await shared.hit("user:1", 5)
        if verdict.allowed:
            passed_at.append(step * 2)
        else:
            retry_afters.append((step * 2, verdict.retry_after))
        clock.now += 2
    assert passed_at == [0, 2, 4, 6, 8, 60, 62, 64, 66, 68, 120, 122, 124, 126, 128]
    # Each refusal names the moment the oldest counted request leaves the window.
    for at, retry in retry_afters:
        oldest = max(p for p in passed_at if p <= at and p % 60 == 0)
        assert retry == oldest + 60 - at, (at, retry)
    # A burst is refused with a Retry-After after which a request passes.
    clock.now = start + 1000
    assert all([(await shared.hit("burst", 3)).allowed for _ in range(3)])
    clock.now += 10.5
    refused = await shared.hit("burst", 3)
    assert not refused.allowed and refused.retry_after == 50  # 49.5 s, rounded up
    clock.now += refused.retry_after - 1
    assert not (await shared.hit("burst", 3)).allowed
    clock.now += 1
    assert (await shared.hit("burst", 3)).allowed


async def test_concurrent_hits_never_pass_more_than_the_limit(
    limiter: tuple[RateLimiter, Clock],
) -> None:
    shared, _ = limiter
    verdicts = await asyncio.gather(*(shared.hit("login:x", 5) for _ in range(40)))
    assert sum(v.allowed for v in verdicts) == 5


# -- logins and credentials: every check counted, per e-mail and per client ---

ALIASED = "mutation {{ {} }}".format(
    " ".join(
        f'a{i}: login(input: {{email: "{{email}}", password: "wrong-password-{i}"}}) '
        "{ __typename }"
        for i in range(30)
    )
)


def _aliased(email: str) -> str:
    return ALIASED.replace("{email}", email)


async def test_aliased_logins_are_each_counted(settings: Settings) -> None:
    group = await make_group()
    await make_user("ann@a.test", group=group)
    app = create_app(_limited(settings, rate_limit_failed_auth_per_minute=10), run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://rl"
    ) as client:
        # Per e-mail: LOGIN_MAX_FAILURES password checks, then throttled.
        one = (await client.post("/graphql", json={"query": _aliased("ann@a.test")})).json()
        kinds = [one["data"][f"a{i}"]["__typename"] for i in range(30)]
        assert kinds == ["InvalidCredentials"] * settings.login_max_failures + [
            "LoginThrottled"
        ] * (30 - settings.login_max_failures)
        # Per client address: 10 password checks a minute whatever the e-mails.
        spread = " ".join(
            f'a{i}: login(input: {{email: "u{i}@a.test", password: "wrong-password"}}) '
            "{ __typename ... on LoginThrottled { retryAfterSeconds } }"
            for i in range(30)
        )
        body = (await client.post("/graphql", json={"query": f"mutation {{ {spread} }}"})).json()
        answers = [body["data"][f"a{i}"] for i in range(30)]
        checked = 10 - settings.login_max_failures
        assert [a["__typename"] for a in answers] == ["InvalidCredentials"] * checked + [
            "LoginThrottled"
        ] * (30 - checked)
        assert all(0 < a["retryAfterSeconds"] <= 60 for a in answers[checked:])
    await app.state.jobs.close()


async def test_concurrent_wrong_passwords_get_only_the_allowed_checks(settings: Settings) -> None:
    group = await make_group()
    await make_user("ann@a.test", group=group)
    app = create_app(_limited(settings), run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://rl"
    ) as client:
        query = (
            'mutation { login(input: {email: "ann@a.test", password: "wrong-password"}) '
            "{ __typename } }"
        )
        responses = await asyncio.gather(
            *(client.post("/graphql", json={"query": query}) for _ in range(20))
        )
    kinds = sorted(r.json()["data"]["login"]["__typename"] for r in responses)
    assert kinds.count("InvalidCredentials") == settings.login_max_failures
    assert kinds.count("LoginThrottled") == 20 - settings.login_max_failures
    throttle = await LoginThrottle.get(email="ann@a.test")
    assert throttle.failures == settings.login_max_failures
    await app.state.jobs.close()


async def test_a_login_sent_with_a_valid_token_is_still_counted(settings: Settings) -> None:
    """A bearer token does not move logins into its holder's request bucket:
    password checks still count per e-mail and per client address."""
    group = await make_group()
    await make_user("ann@a.test", group=group, role=Role.GROUP_ADMIN)
    await make_user("bob@a.test", group=group)
    per_client = settings.login_max_failures + 2
    app = create_app(
        _limited(settings, rate_limit_failed_auth_per_minute=per_client), run_jobs=False
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://rl"
    ) as client:
        login = await client.post(
            "/graphql",
            json={
                "query": f'mutation {{ login(input: {{email: "ann@a.test", password: "{PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}'
            },
        )
        headers = {"authorization": f"Bearer {login.json()['data']['login']['accessToken']}"}

        async def guess(email: str) -> str:
            query = f'mutation {{ login(input: {{email: "{email}", password: "wrong"}}) {{ __typename }} }}'
            response = await client.post("/graphql", json={"query": query}, headers=headers)
            if response.status_code == 429:
                return "429"
            return response.json()["data"]["login"]["__typename"]  # type: ignore[no-any-return]

        # Per e-mail.
        tries = settings.login_max_failures + 1
        assert [await guess("bob@a.test") for _ in range(tries)] == [
            "InvalidCredentials"
        ] * settings.login_max_failures + ["LoginThrottled"]
        # Per client address (the success and the throttled attempt gave their
        # slots back): then even the valid token is not checked from here.
        assert [await guess(f"u{i}@a.test") for i in range(3)] == [
            "InvalidCredentials",
            "InvalidCredentials",
            "429",
        ]
    await app.state.jobs.close()


async def test_refused_api_keys_and_tokens_are_limited_per_client(settings: Settings) -> None:
    group = await make_group()
    await make_user("ann@a.test", group=group, role=Role.GROUP_ADMIN)
    app = create_app(_limited(settings, rate_limit_failed_auth_per_minute=5), run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://rl"
    ) as client:
        login = await client.post(
            "/graphql",
            json={
                "query": f'mutation {{ login(input: {{email: "ann@a.test", password: "{PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}'
            },
        )
        valid = login.json()["data"]["login"]["accessToken"]
        # Valid credentials do not use up the address's allowance.
        for _ in range(10):
            ok = await client.post(
                "/graphql",
                json={"query": "{ me { kind } }"},
                headers={"authorization": f"Bearer {valid}"},
            )
            assert ok.status_code == 200
        statuses = []
        for _ in range(8):
            made_up = f"dcrm_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"
            response = await client.post(
                "/graphql",
                json={"query": "{ me { kind } }"},
                headers={"authorization": f"Bearer {made_up}"},
            )
            statuses.append(response.status_code)
        assert statuses == [401] * 5 + [429] * 3
        assert 0 < int(response.headers["retry-after"]) <= 60
        assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # Past the limit even a valid credential is not checked from this address.
        refused = await client.post(
            "/graphql",
            json={"query": "{ me { kind } }"},
            headers={"authorization": f"Bearer {valid}"},
        )
        assert refused.status_code == 429
    await app.state.jobs.close()


async def test_credentials_we_issued_that_went_stale_do_not_lock_the_address_out(
    settings: Settings,
) -> None:
    """A showroom behind one address whose access tokens all expire at once
    (or whose API key was revoked) gets 401s telling it to refresh, never a
    429 that would block its colleagues' valid tokens."""
    group = await make_group()
    ann = await make_user("ann@a.test", group=group, role=Role.GROUP_ADMIN)
    limited = _limited(settings, rate_limit_failed_auth_per_minute=3)
    app = create_app(limited, run_jobs=False)
    expired = jwt.encode(
        {"sub": str(ann.id), "tid": group.id, "typ": "access", "exp": int(time.time()) - 60},
        limited.secret_key,
        algorithm="HS256",
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://rl"
    ) as client:
        statuses = [
            (
                await client.post(
                    "/graphql",
                    json={"query": "{ me { kind } }"},
                    headers={"authorization": f"Bearer {expired}"},
                )
            ).status_code
            for _ in range(8)
        ]
        assert statuses == [401] * 8
        login = await client.post(
            "/graphql",
            json={
                "query": f'mutation {{ login(input: {{email: "ann@a.test", password: "{PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}'
            },
        )
        valid = login.json()["data"]["login"]["accessToken"]
        ok = await client.post(
            "/graphql",
            json={"query": "{ me { kind } }"},
            headers={"authorization": f"Bearer {valid}"},
        )
        assert ok.status_code == 200
    await app.state.jobs.close()


@pytest.mark.parametrize("redis_url", [REDIS_URL, None], ids=["redis", "in-process"])
async def test_a_guarded_hit_counts_only_while_the_address_has_allowance(
    redis_url: str | None,
) -> None:
    """A request with an access token: its address's refused credentials
    (the guard, only looked at) and its user's count, in one call."""
    limiter = RateLimiter(redis_url, prefix=f"rl-guard-{secrets.token_hex(4)}")
    try:
        assert (await limiter.hit_guarded("user:1", 2, "authfail:ip", 1)).allowed
        assert (await limiter.hit_guarded("user:1", 2, "authfail:ip", 1)).allowed
        over = await limiter.hit_guarded("user:1", 2, "authfail:ip", 1)
        assert not over.allowed and 1 <= over.retry_after <= 60
        assert (await limiter.peek("authfail:ip", 1)).allowed, "the guard counted nothing"
        await limiter.hit("authfail:ip", 1)  # one refused credential from the address
        refused = await limiter.hit_guarded("user:2", 5, "authfail:ip", 1)
        assert not refused.allowed
        assert (await limiter.peek("user:2", 1)).allowed, "refused by the guard: not counted"
    finally:
        await limiter.close()


CREATE_KEY = """mutation { createApiKey(input: {name: "feed", role: GROUP_ADMIN}) {
  ... on CreatedApiKey { secret } } }"""


async def _redis_commands(prefix: str, request: Callable[[], Awaitable[object]]) -> list[str]:
    """The Redis commands naming a key under `prefix` that `request` sent,
    as the server saw them (MONITOR; a script's own commands left out)."""
    watcher = redis.Redis.from_url(REDIS_URL)
    marker = redis.Redis.from_url(REDIS_URL)
    end = f"end-of-request-{secrets.token_hex(4)}"
    seen: list[str] = []
    try:
        async with watcher.monitor() as monitor:
            await request()
            await marker.echo(end)
            async for event in monitor.listen():
                command = str(event["command"])
                if end in command:
                    break
                if prefix in command and event.get("client_type") != "lua":
                    seen.append(command)
    finally:
        await watcher.aclose()
        await marker.aclose()
    return seen


async def test_a_request_with_an_api_key_counts_itself_in_one_redis_round_trip(
    settings: Settings,
) -> None:
    """An API key's request checks its address's refused credentials and
    counts itself against the key (named by its prefix) in one script call,
    as an access token's does; a made-up key with a real key's prefix is
    refused (401) without using up that key's allowance, and only the key's
    holder learns that it is over its limit."""
    group = await make_group()
    await make_user("ann@a.test", group=group, role=Role.GROUP_ADMIN)
    limited = _limited(settings, rate_limit_api_key_per_minute=3)
    app = create_app(limited, run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://rl"
    ) as client:

        async def call(token: str) -> httpx.Response:
            return await client.post(
                "/graphql",
                json={"query": "{ me { kind } }"},
                headers={"authorization": f"Bearer {token}"},
            )

        login = await client.post(
            "/graphql",
            json={
                "query": f'mutation {{ login(input: {{email: "ann@a.test", password: "{PASSWORD}"}}) {{ ... on Session {{ accessToken }} }} }}'
            },
        )
        access = login.json()["data"]["login"]["accessToken"]
        created = await client.post(
            "/graphql", json={"query": CREATE_KEY}, headers={"authorization": f"Bearer {access}"}
        )
        secret = created.json()["data"]["createApiKey"]["secret"]
        prefix = api_key_prefix(secret)
        assert prefix is not None
        made_up = f"dcrm_{prefix}_{secrets.token_urlsafe(32)}"

        answers: list[httpx.Response] = []

        async def first() -> None:
            answers.append(await call(secret))

        commands = await _redis_commands(f"{limited.job_queue}:rate:", first)
        assert answers[0].status_code == 200
        assert answers[0].json()["data"]["me"]["kind"] == "API_KEY"
        assert len(commands) == 1, commands
        assert "EVALSHA" in commands[0].upper() and f"apikey-prefix:{prefix}" in commands[0]
        # Access tokens too: one call.
        by_token = await _redis_commands(f"{limited.job_queue}:rate:", lambda: call(access))
        assert len(by_token) == 1, by_token

        # Made-up keys naming the real prefix: refused, not counted against it.
        assert [(await call(made_up)).status_code for _ in range(3)] == [401] * 3
        assert [(await call(secret)).status_code for _ in range(3)] == [200, 200, 429]
        over = await call(secret)
        assert over.status_code == 429
        assert over.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert 0 < int(over.headers["retry-after"]) <= 60
        # The key is over its limit; a guess with its prefix still gets 401.
        assert (await call(made_up)).status_code == 401
    await app.state.jobs.close()
