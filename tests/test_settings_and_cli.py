"""Settings from the environment, and the `saas` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from saas.settings import DEFAULT_SECRET_KEY, Settings

SAAS = str(Path(sys.executable).with_name("saas"))


def test_development_defaults_to_an_embedded_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "ENVIRONMENT", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url.startswith("sqlite://./data/")
    assert settings.embedded_jobs and not settings.is_production


def test_settings_come_from_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://app:pw@db:5432/saas")
    monkeypatch.setenv("REDIS_URL", "redis://redis:6379/0")
    monkeypatch.setenv("ACCESS_TOKEN_MINUTES", "5")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.is_postgres and not settings.embedded_jobs
    assert settings.access_token_minutes == 5


@pytest.mark.parametrize(
    ("secret", "database_url", "complaint"),
    [
        (DEFAULT_SECRET_KEY, "postgres://a:b@db/saas", "SECRET_KEY"),
        ("too-short", "postgres://a:b@db/saas", "SECRET_KEY"),
        ("x" * 40, "sqlite://./data/saas.sqlite3", "PostgreSQL"),
    ],
    ids=["default-secret", "short-secret", "sqlite"],
)
def test_production_refuses_unsafe_settings(secret: str, database_url: str, complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        Settings(
            _env_file=None, environment="production", secret_key=secret, database_url=database_url
        )  # type: ignore[call-arg]


def test_production_accepts_a_real_secret() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="production",
        secret_key="k" * 48,
        database_url="postgres://a:b@db/saas",
    )
    assert settings.is_production


@pytest.mark.parametrize(
    "command",
    [
        "serve",
        "worker",
        "migrate",
        "seed-demo",
        "create-tenant",
        "create-user",
        "settings",
        "documents",
    ],
)
def test_every_command_has_help(command: str) -> None:
    result = subprocess.run([SAAS, command, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert f"usage: saas {command}" in result.stdout


def test_seed_demo_refuses_production(tmp_path: Path) -> None:
    result = subprocess.run(
        [SAAS, "seed-demo"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={
            "ENVIRONMENT": "production",
            "SECRET_KEY": "s" * 40,
            "DATABASE_URL": "postgres://x:y@127.0.0.1:1/none",
        },
    )
    assert result.returncode != 0
    assert "refuses to run in production" in result.stderr


def test_bootstrap_a_tenant_and_its_admin_from_the_command_line(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite://{tmp_path}/cli.sqlite3", "PATH": "/usr/bin:/bin"}

    def saas(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [SAAS, *args], capture_output=True, text=True, check=False, cwd=tmp_path, env=env
        )

    assert "0_" in saas("migrate").stdout
    assert "none (up to date)" in saas("migrate").stdout
    created = saas("create-tenant", "--code", "north", "--name", "North Motors")
    assert created.returncode == 0 and "dealer group NORTH created with id 1" in created.stdout
    weak = saas("create-user", "--email", "it@north.test", "--name", "IT", "--password", "short",
                "--dealer-group-id", "1", "--role", "group_admin")  # fmt: skip
    assert weak.returncode != 0
    assert "at least 10 characters" in weak.stderr
    admin = saas("create-user", "--email", "it@north.test", "--name", "IT", "--password", "North-admin-1",
                 "--dealer-group-id", "1", "--role", "group_admin")  # fmt: skip
    assert admin.returncode == 0, admin.stderr
    assert "user it@north.test created with id 1 as group_admin" in admin.stdout


def test_show_and_change_a_groups_settings_from_the_command_line(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite://{tmp_path}/cli.sqlite3", "PATH": "/usr/bin:/bin"}

    def saas(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [SAAS, *args], capture_output=True, text=True, check=False, cwd=tmp_path, env=env
        )

    saas("migrate")
    saas("create-tenant", "--code", "north", "--name", "North Motors")
    shown = saas("settings", "--dealer-group-id", "1")
    assert "cadence.A.first_within_hours = 72.0" in shown.stdout.splitlines()
    changed = saas("settings", "--dealer-group-id", "1", "--set", "cadence.A.first_within_hours=48",
                   "--set", "thank_you.template=Hi {customer}, see you at {store}")  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.splitlines() == [
        "changed cadence.A.first_within_hours: 72.0 -> 48.0",
        'changed thank_you.template: "Dear {customer}, thank you for visiting {store} today." '
        '-> "Hi {customer}, see you at {store}"',
    ]
    refused = saas("settings", "--dealer-group-id", "1", "--set", "morning_list_hour=7",
                   "--set", "complaint_escalation_hours=-1")  # fmt: skip
    assert refused.returncode != 0
    assert "complaint_escalation_hours: must be more than 0" in refused.stderr
    shown = saas("settings", "--dealer-group-id", "1").stdout.splitlines()
    assert "cadence.A.first_within_hours = 48.0" in shown and "morning_list_hour = 8" in shown


def test_load_the_demo_frontends_trusted_documents_from_the_command_line(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite://{tmp_path}/cli.sqlite3", "PATH": "/usr/bin:/bin"}
    manifest = Path(__file__).resolve().parents[1] / "documents" / "manifest.json"

    def saas(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [SAAS, *args], capture_output=True, text=True, check=False, cwd=tmp_path, env=env
        )

    saas("migrate")
    loaded = saas("documents", "load", str(manifest))
    assert loaded.returncode == 0, loaded.stderr
    lines = loaded.stdout.splitlines()
    count = len(json.loads(manifest.read_text())["operations"])
    assert lines[-1] == f"{count} operations: {count} registered, 0 already known"
    assert any(line.endswith("mutation     Login") for line in lines)
    assert saas("documents", "load", str(manifest)).stdout.splitlines()[-1] == (
        f"{count} operations: 0 registered, {count} already known"
    )
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"format": "apollo-persisted-query-manifest", "version": 1, "operations": '
        '[{"id": "00", "name": "Nope", "type": "query", "body": "query Nope { nope }"}]}'
    )
    refused = saas("documents", "load", str(broken))
    assert refused.returncode != 0
    assert "operations.0.id: is not the SHA-256 of the body" in refused.stderr
    assert "operations.0.body: does not validate" in refused.stderr
