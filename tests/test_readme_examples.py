"""Every GraphQL example in the README runs as pasted against the demo that
`make run` serves: one operation per block, as the user the block names on
its first line (`# as <e-mail>`, or `# anonymous`), with the variables of the
```json block right after it, if any. Blocks run in the README's order, so a
later block may use what an earlier one created (the demo's ids are the same
on every fresh `make run`). Any GraphQL error, or an error member of a
mutation's result union, fails the test."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from saas.demo import DEMO_PASSWORD
from tests.test_embedded import server, workdir  # noqa: F401 - the demo server fixtures

pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```graphql\n(.*?)```(?:\s*```json\n(.*?)```)?", re.S)
# Result-union members that mean the example did not do what the text says.
FAILED_MEMBER = re.compile(r"(Error|Errors|InvalidCredentials|LoginThrottled)$")


@dataclass
class Example:
    line: int
    caller: str | None
    query: str
    variables: dict[str, Any]


def examples() -> list[Example]:
    text = README.read_text()
    found = []
    for match in BLOCK.finditer(text):
        query, variables = match.group(1), match.group(2)
        first = query.splitlines()[0].strip()
        caller = re.fullmatch(r"# as (\S+@\S+)", first)
        assert caller or first == "# anonymous", (
            f"README line {text[: match.start()].count(chr(10)) + 1}: a ```graphql block opens "
            "with `# as <e-mail>` or `# anonymous`"
        )
        found.append(
            Example(
                line=text[: match.start()].count("\n") + 1,
                caller=caller.group(1) if caller else None,
                query=query,
                variables=json.loads(variables) if variables else {},
            )
        )
    return found


def failed_members(data: Any) -> Iterator[Any]:
    if isinstance(data, dict):
        if FAILED_MEMBER.search(str(data.get("__typename", ""))):
            yield data
        for value in data.values():
            yield from failed_members(value)
    elif isinstance(data, list):
        for value in data:
            yield from failed_members(value)


def test_the_readme_has_examples_for_each_part_of_the_api() -> None:
    blocks = examples()
    assert len(blocks) >= 12
    operations = "\n".join(b.query for b in blocks)
    for field in ("login", "leads(", "node(", "logFollowUp", "distributeLead", "dailyReport"):
        assert field in operations, field


def test_every_readme_example_runs_against_the_demo(server: str) -> None:  # noqa: F811
    tokens: dict[str, str] = {}

    def token(email: str) -> str:
        if email not in tokens:
            body = httpx.post(
                f"{server}/graphql",
                json={
                    "query": "mutation($i: LoginInput!) { login(input: $i) { ... on Session { accessToken } } }",
                    "variables": {"i": {"email": email, "password": DEMO_PASSWORD}},
                },
                timeout=30,
            ).json()
            tokens[email] = body["data"]["login"]["accessToken"]
        return tokens[email]

    for example in examples():
        headers = {"authorization": f"Bearer {token(example.caller)}"} if example.caller else {}
        response = httpx.post(
            f"{server}/graphql",
            json={"query": example.query, "variables": example.variables},
            headers=headers,
            timeout=60,
        )
        where = f"README line {example.line} as {example.caller or 'anonymous'}"
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, f"{where}: {body}"
        failed = list(failed_members(body["data"]))
        assert not failed, f"{where}: {failed}"
        if "customerMessages" in body["data"]:
            # The demo thanks its showroom visits: the message log shows them.
            assert body["data"]["customerMessages"]["totalCount"] > 0, where
