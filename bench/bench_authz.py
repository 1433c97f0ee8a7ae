"""Authorization checks at 500 stores x 20 users (10,000 subjects, each a
role in one store) plus group and OEM roles: the plain casbin enforcer
against the indexed Authorizer the API uses. No database.

    .venv/bin/python bench/bench_authz.py [--stores 500] [--users 20]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import percentiles, report
from saas.tenancy.authz import Authorizer, new_enforcer, role_permissions

STORE_ROLES = ["consultant"] * 16 + [
    "showroom_manager",
    "sales_manager",
    "customer_admin",
    "consultant",
]


def rules(stores: int, users: int) -> list[tuple[str, str, str]]:
    out = []
    for store in range(1, stores + 1):
        for i in range(users):
            out.append(
                (f"user:{store * 100 + i}", STORE_ROLES[i % len(STORE_ROLES)], f"store:{store}")
            )
    for group in range(1, stores // 10 + 1):
        out.append((f"user:{10_000_000 + group}", "group_executive", f"group:{group}"))
    return out


def measure(check, cases: list[tuple[str, str, str, str]]) -> tuple[list[float], float]:  # type: ignore[no-untyped-def]
    samples = []
    started = time.perf_counter()
    for case in cases:
        t0 = time.perf_counter()
        check(*case)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples, time.perf_counter() - started


def main(stores: int, users: int, checks: int) -> None:
    assigned = rules(stores, users)
    rng = random.Random(3)
    permissions = sorted({p for perms in role_permissions().values() for p in perms})
    cases = []
    for _ in range(checks):
        subject, _, domain = rng.choice(assigned)
        if rng.random() < 0.2:  # someone else's store
            domain = f"store:{rng.randrange(1, stores + 1)}"
        resource, action = rng.choice(permissions)
        cases.append((subject, domain, resource, action))

    started = time.perf_counter()
    enforcer = new_enforcer()
    enforcer.add_grouping_policies([list(r) for r in assigned])
    casbin_load = time.perf_counter() - started
    started = time.perf_counter()
    authorizer = Authorizer()
    authorizer.load(assigned)
    indexed_load = time.perf_counter() - started

    casbin_samples, _ = measure(enforcer.enforce, cases[: max(200, checks // 20)])
    indexed_samples, _ = measure(authorizer.allows, cases)
    mismatches = sum(
        enforcer.enforce(*c) != authorizer.allows(*c) for c in cases[: max(200, checks // 20)]
    )
    report(
        "authz",
        f"{stores}x{users}",
        [
            {
                "checker": "casbin Enforcer (before)",
                "checks": len(casbin_samples),
                **percentiles(casbin_samples),
                "load s": round(casbin_load, 2),
            },
            {
                "checker": "Authorizer, role templates (after)",
                "checks": len(indexed_samples),
                **percentiles(indexed_samples),
                "load s": round(indexed_load, 2),
            },
        ],
        assignments=len(assigned),
        mismatches=mismatches,
        targets={"p99_ms": "< 0.3"},
    )
    assert mismatches == 0, "the Authorizer disagrees with casbin"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--stores", type=int, default=500)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--checks", type=int, default=20_000)
    a = parser.parse_args()
    main(a.stores, a.users, a.checks)
