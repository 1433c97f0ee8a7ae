"""Spreadsheet imports of customers and leads, and the result of every row."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import StoreModel


class ImportRun(StoreModel):
    """One uploaded file, parsed into `rows` when it arrives and taken in by
    the `crm.import_file` job in committed chunks; `processed` is where a
    crashed run resumes. A real (not dry) run of the same file into the same
    store has the same `dedup_key`, so sending it again returns this run."""

    kind = fields.CharField(max_length=16)  # customers | leads
    file_name = fields.CharField(max_length=200)
    content_sha256 = fields.CharField(max_length=64)
    dedup_key = fields.CharField(max_length=100, null=True)
    dry_run = fields.BooleanField(default=False)
    requested_by_id = fields.BigIntField(null=True)  # null: the command line
    rows: list[dict[str, object]] = fields.JSONField(default=list)
    total = fields.IntField()
    processed = fields.IntField(default=0)
    created = fields.IntField(default=0)
    merged = fields.IntField(default=0)
    rejected = fields.IntField(default=0)
    status = fields.CharField(max_length=8, default="queued")  # queued running done
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "import_run"
        unique_together = (("tenant_id", "id"), ("tenant_id", "dedup_key"))


class ImportRow(StoreModel):
    """What happened to one row: created, merged (a duplicate of an existing
    customer or lead, named by its ids) or rejected (with the column and why)."""

    import_run_id = fields.BigIntField()
    row_no = fields.IntField()  # as the spreadsheet numbers it: the header is row 1
    outcome = fields.CharField(max_length=8)
    customer_id = fields.BigIntField(null=True)
    lead_id = fields.BigIntField(null=True)
    column_name = fields.CharField(max_length=32, null=True)  # the template column to fix
    message = fields.TextField(null=True)

    tenant_refs = {"import_run_id": "ImportRun"}

    class Meta:
        table = "import_row"
        unique_together = (("tenant_id", "id"), ("tenant_id", "import_run_id", "row_no"))
