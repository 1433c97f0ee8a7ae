"""Rate limits: per user and per client IP for anonymous calls, shared in
Redis, in-process when Redis is absent or down, with a clear 429."""

from __future__ import annotations

import secrets

import httpx

from saas.app import create_app
from saas.settings import Settings
from saas.tenancy.ratelimit import InProcessLimiter, RateLimiter
from saas.tenancy.roles import Role
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
