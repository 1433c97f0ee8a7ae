"""Every tenant table can be distributed by tenant (Citus): it carries
tenant_id, and its primary key, unique keys and foreign keys to other tenant
tables all include tenant_id. Checked on the models and on the live schema."""

from __future__ import annotations

import pytest
from tortoise import connections
from tortoise.fields.relational import ForeignKeyFieldInstance, OneToOneFieldInstance

from saas.models import TenantModel, tenant_models
from saas.settings import Settings

TENANT_TABLES = {m._meta.db_table for m in tenant_models()}


@pytest.mark.parametrize("model", tenant_models(), ids=lambda m: m.__name__)
def test_tenant_model_declares_tenant_inclusive_keys(model: type[TenantModel]) -> None:
    meta = model._meta
    assert "tenant_id" in meta.fields_map, f"{model.__name__} has no tenant_id"
    unique = [tuple(u) for u in meta.unique_together]
    assert ("tenant_id", "id") in unique, f"{model.__name__} needs unique_together (tenant_id, id)"
    for fields in unique:
        assert "tenant_id" in fields, f"{model.__name__} unique {fields} lacks tenant_id"
    for name, field in meta.fields_map.items():
        assert not (field.unique and name not in ("id",)), (
            f"{model.__name__}.{name} is unique on its own; make it unique with tenant_id"
        )
        if isinstance(field, ForeignKeyFieldInstance | OneToOneFieldInstance):
            assert not issubclass(field.related_model, TenantModel), (
                f"{model.__name__}.{name}: reference tenant tables through tenant_refs "
                "(composite (tenant_id, x_id) foreign keys), not a single-column FK"
            )
    for column, target in model.tenant_refs.items():
        assert column in meta.fields_map, f"{model.__name__}.tenant_refs names unknown {column}"
        assert target in {m.__name__ for m in tenant_models()}, target


async def test_live_schema_keys_include_tenant_id(settings: Settings) -> None:
    conn = connections.get("default")
    _, constraints = await conn.execute_query(
        """
        SELECT rel.relname AS table_name, con.conname, con.contype::text AS contype,
               ref.relname AS ref_table,
               ARRAY(SELECT att.attname FROM unnest(con.conkey) AS k(n)
                     JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.n
               )::text[] AS columns
        FROM pg_constraint con
        JOIN pg_class rel ON rel.oid = con.conrelid
        LEFT JOIN pg_class ref ON ref.oid = con.confrelid
        WHERE rel.relname = ANY($1::text[]) AND con.contype IN ('p', 'u', 'f')
        """,
        [sorted(TENANT_TABLES)],
    )
    by_table: dict[str, list[dict[str, object]]] = {t: [] for t in TENANT_TABLES}
    for row in constraints:
        by_table[row["table_name"]].append(dict(row))
    for table, rows in by_table.items():
        primary = [r for r in rows if r["contype"] == "p"]
        assert primary and "tenant_id" in primary[0]["columns"], f"{table}: primary key"
        for row in rows:
            if row["contype"] == "u":
                assert "tenant_id" in row["columns"], f"{table}.{row['conname']}"
            if row["contype"] == "f" and row["ref_table"] in TENANT_TABLES:
                assert "tenant_id" in row["columns"], f"{table}.{row['conname']}"
