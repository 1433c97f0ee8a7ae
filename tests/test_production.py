"""Production mode: no GraphiQL, no internals in unexpected errors, and no
start with a database role that would bypass row-level security."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from saas.app import create_app
from saas.settings import Settings
from saas.tenancy.roles import Role
from tests.conftest import ADMIN_DSN
from tests.factories import make_group, make_user


def _production(settings: Settings) -> Settings:
    data = settings.model_dump() | {"environment": "production", "secret_key": "p" * 48}
    return Settings(_env_file=None, **data)  # type: ignore[call-arg]


async def test_no_graphiql_and_unexpected_errors_are_masked(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    app = create_app(_production(settings), run_jobs=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://prod"
    ) as client:
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        login = await client.post(
            "/graphql",
            json={
                "query": 'mutation { login(input: {email: "admin@a.test", password: "Test-password-42"}) { ... on Session { accessToken } } }'
            },
        )
        token = login.json()["data"]["login"]["accessToken"]

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("secret internals: connection string postgres://app:pw@db")

        monkeypatch.setattr("saas.org.service.stores_visible_to", broken)
        body = (
            await client.post(
                "/graphql",
                json={"query": "{ stores { nodes { id } } }"},
                headers={"authorization": f"Bearer {token}"},
            )
        ).json()
        error = body["errors"][0]
        assert error["message"].startswith("Unexpected error (request ")
        assert (
            error["extensions"]["code"] == "INTERNAL"
            and error["extensions"]["requestId"] in error["message"]
        )
        assert "secret" not in str(body)
        # No hints about field names either.
        typo = (
            await client.post(
                "/graphql",
                json={"query": "{ storez { nodes { id } } }"},
                headers={"authorization": f"Bearer {token}"},
            )
        ).json()
        assert "Did you mean" not in typo["errors"][0]["message"]
        # Expected errors keep their code and message.
        denied = (
            await client.post(
                "/graphql",
                json={"query": "{ dealerGroups { nodes { id } } }"},
                headers={"authorization": f"Bearer {token}"},
            )
        ).json()
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def _superuser_url(settings: Settings) -> str:
    database = settings.database_url.rsplit("/", 1)[1]
    return ADMIN_DSN.replace("postgresql://", "postgres://").rsplit("/", 1)[0] + f"/{database}"


@pytest.mark.parametrize(
    ("role", "problem"),
    [("superuser", "is a superuser"), ("table owner", "owns")],
)
def test_production_refuses_a_role_that_could_bypass_rls(
    settings: Settings, tmp_path: Path, role: str, problem: str
) -> None:
    assert settings.migration_database_url
    url = _superuser_url(settings) if role == "superuser" else settings.migration_database_url
    saas = str(Path(sys.executable).with_name("saas"))
    result = subprocess.run(
        [saas, "serve", "--port", "1"],
        env={"ENVIRONMENT": "production", "SECRET_KEY": "p" * 48, "DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "row-level security could be bypassed" in result.stderr
    assert problem in result.stderr
