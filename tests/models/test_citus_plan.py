"""The Citus plan holds: the migrated schema, read back from PostgreSQL,
obeys Citus's rules for how each table is classified in
`saas.models.distribution` (no Citus here, so the rules are checked as Citus
states them):

- a distributed table's distribution column is NOT NULL, and every primary
  key and unique key (constraint or unique index) includes it;
- a foreign key between distributed tables joins co-located tables (the same
  distribution column) and carries the distribution column to itself;
- a distributed table may reference a reference table, never a local one;
- a reference table references reference tables only;
- a local table references local or reference tables, and nothing
  distributed references it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise import connections

from saas.models.distribution import DISTRIBUTION_COLUMN, Distribution, citus_plan
from saas.settings import Settings


@dataclass(frozen=True)
class Key:
    table: str
    name: str
    kind: str  # p (primary), u (unique), f (foreign)
    columns: tuple[str, ...]
    ref_table: str | None = None
    ref_columns: tuple[str, ...] = ()


def citus_problems(
    plan: dict[str, Distribution], not_null: dict[str, set[str]], keys: list[Key]
) -> list[str]:
    """Every way `keys` break Citus's rules under `plan`."""
    problems = []
    for table, kind in plan.items():
        column = DISTRIBUTION_COLUMN.get(kind)
        if column is not None and column not in not_null.get(table, set()):
            problems.append(f"{table}: distribution column {column} may be NULL")
    for key in keys:
        kind = plan[key.table]
        column = DISTRIBUTION_COLUMN.get(kind)
        label = f"{key.table}.{key.name} ({kind})"
        if key.kind in ("p", "u"):
            if column is not None and column not in key.columns:
                problems.append(f"{label}: {key.columns} lacks the distribution column {column}")
            continue
        assert key.ref_table is not None
        target = plan[key.ref_table]
        if target == "reference":
            continue
        if kind == "reference":
            problems.append(f"{label}: a reference table references {target} {key.ref_table}")
        elif kind == "local" and target != "local":
            problems.append(f"{label}: a local table references {target} {key.ref_table}")
        elif column is not None and target == "local":
            problems.append(f"{label}: a distributed table references local {key.ref_table}")
        elif column is not None and target != kind:
            problems.append(f"{label}: {key.ref_table} is distributed by another key ({target})")
        elif column is not None and (column, column) not in zip(
            key.columns, key.ref_columns, strict=True
        ):
            problems.append(f"{label}: does not carry {column} to {key.ref_table}.{column}")
    return problems


async def test_every_table_is_classified_and_the_keys_hold_under_citus(
    settings: Settings,
) -> None:
    conn = connections.get("default")
    _, tables = await conn.execute_query(
        "SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') "
        "AND relnamespace = 'public'::regnamespace"
    )
    plan = citus_plan()
    unclassified = {t["relname"] for t in tables} - set(plan)
    assert not unclassified, "classify every table in saas/models/distribution.py"
    _, columns = await conn.execute_query(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND is_nullable = 'NO'"
    )
    not_null: dict[str, set[str]] = {}
    for row in columns:
        not_null.setdefault(row["table_name"], set()).add(row["column_name"])
    live = {t["relname"] for t in tables}
    plan = {table: kind for table, kind in plan.items() if table in live}
    problems = citus_problems(plan, not_null, await live_keys())
    assert not problems, "\n".join(problems)


async def live_keys() -> list[Key]:
    """Primary, unique and foreign keys, and unique indexes that back no
    constraint (Citus treats them as unique keys)."""
    conn = connections.get("default")
    _, rows = await conn.execute_query(
        """
        SELECT rel.relname AS table_name, con.conname AS name, con.contype::text AS kind,
               ref.relname AS ref_table,
               ARRAY(SELECT att.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(n, i)
                     JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.n
                     ORDER BY k.i)::text[] AS columns,
               ARRAY(SELECT att.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(n, i)
                     JOIN pg_attribute att ON att.attrelid = con.confrelid AND att.attnum = k.n
                     ORDER BY k.i)::text[] AS ref_columns
        FROM pg_constraint con
        JOIN pg_class rel ON rel.oid = con.conrelid
        LEFT JOIN pg_class ref ON ref.oid = con.confrelid
        WHERE rel.relnamespace = 'public'::regnamespace AND con.contype IN ('p', 'u', 'f')
        UNION ALL
        SELECT rel.relname, idx.relname, 'u', NULL,
               ARRAY(SELECT att.attname FROM unnest(ind.indkey) WITH ORDINALITY AS k(n, i)
                     JOIN pg_attribute att ON att.attrelid = ind.indrelid AND att.attnum = k.n
                     ORDER BY k.i)::text[],
               ARRAY[]::text[]
        FROM pg_index ind
        JOIN pg_class rel ON rel.oid = ind.indrelid
        JOIN pg_class idx ON idx.oid = ind.indexrelid
        WHERE ind.indisunique AND rel.relnamespace = 'public'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ind.indexrelid)
        """
    )
    return [
        Key(
            table=r["table_name"],
            name=r["name"],
            kind=r["kind"],
            columns=tuple(r["columns"]),
            ref_table=r["ref_table"],
            ref_columns=tuple(r["ref_columns"]),
        )
        for r in rows
    ]


def test_the_rules_refuse_the_keys_citus_refuses() -> None:
    """The checker itself: the keys `distributed_lead` and `sla_event` had
    before migration 26 are refused, each for the reason Citus gives."""
    plan: dict[str, Distribution] = {
        "lead": "tenant",
        "store": "tenant",
        "distributed_lead": "oem",
        "sla_event": "oem",
        "oem": "reference",
        "app_user": "reference",
        "audit_log": "local",
    }
    not_null = {t: {"id", "tenant_id", "oem_id"} for t in plan}
    old = [
        Key("distributed_lead", "distributed_lead_pkey", "p", ("id",)),
        Key(
            "distributed_lead",
            "fk_lead",
            "f",
            ("tenant_id", "lead_id"),
            "lead",
            ("tenant_id", "id"),
        ),
        Key("sla_event", "sla_event_pkey", "p", ("id",)),
        Key("sla_event", "fk_dl", "f", ("distributed_lead_id",), "distributed_lead", ("id",)),
        Key("app_user", "fk_audit", "f", ("last_audit_id",), "audit_log", ("id",)),
        Key("lead", "fk_audit", "f", ("audit_id",), "audit_log", ("id",)),
    ]
    problems = citus_problems(plan, not_null, old)
    assert problems == [
        "distributed_lead.distributed_lead_pkey (oem): ('id',) lacks the distribution column oem_id",
        "distributed_lead.fk_lead (oem): lead is distributed by another key (tenant)",
        "sla_event.sla_event_pkey (oem): ('id',) lacks the distribution column oem_id",
        "sla_event.fk_dl (oem): does not carry oem_id to distributed_lead.oem_id",
        "app_user.fk_audit (reference): a reference table references local audit_log",
        "lead.fk_audit (tenant): a distributed table references local audit_log",
    ]
    new = [
        Key("distributed_lead", "distributed_lead_pkey", "p", ("oem_id", "id")),
        Key("distributed_lead", "fk_oem", "f", ("oem_id",), "oem", ("id",)),
        Key("sla_event", "sla_event_pkey", "p", ("oem_id", "id")),
        Key(
            "sla_event",
            "fk_dl",
            "f",
            ("oem_id", "distributed_lead_id"),
            "distributed_lead",
            ("oem_id", "id"),
        ),
        Key("audit_log", "fk_user", "f", ("actor_id",), "app_user", ("id",)),
    ]
    assert citus_problems(plan, not_null, new) == []
    assert citus_problems(plan, {"sla_event": {"id"}}, []) == [
        "lead: distribution column tenant_id may be NULL",
        "store: distribution column tenant_id may be NULL",
        "distributed_lead: distribution column oem_id may be NULL",
        "sla_event: distribution column oem_id may be NULL",
    ]
