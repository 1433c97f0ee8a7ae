"""Sales targets per consultant (or store) per month."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import StoreModel, TenantModel


class SalesTarget(StoreModel):
    """The five monthly targets. `user_id` null = an explicit store target
    (otherwise a store's target is the sum of its consultants')."""

    user_id = fields.BigIntField(null=True)
    month = fields.DateField()  # first day of the month
    contacts = fields.IntField(default=0)
    prospecting = fields.IntField(default=0)
    revisits = fields.IntField(default=0)
    test_drives = fields.IntField(default=0)
    sold = fields.IntField(default=0)
    set_by_id = fields.BigIntField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sales_target"
        unique_together = (("tenant_id", "id"), ("tenant_id", "store_id", "user_id", "month"))


class ReportRun(TenantModel):
    """A report computed in the background; its result is kept as a table."""

    kind = fields.CharField(max_length=32)
    params: dict[str, object] = fields.JSONField(default=dict)
    store_id = fields.BigIntField(null=True)
    requested_by_id = fields.BigIntField()
    status = fields.CharField(max_length=8, default="queued")  # queued running done failed
    progress = fields.IntField(default=0)
    # {"title", "columns": [...], "rows": [[...]], "chart": {"label_column", "value_columns"}}
    result: dict[str, object] | None = fields.JSONField(null=True)
    error = fields.TextField(null=True)
    attempts = fields.IntField(default=0)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "report_run"
        unique_together = (("tenant_id", "id"),)
        indexes = (("tenant_id", "requested_by_id"),)


class ReportFile(TenantModel):
    """A file (XLSX or CSV) a report run's job wrote once to the report storage:
    downloads stream it as it is, never rebuild it. The file itself lives under
    `storage_key` (REPORT_STORAGE_DIR); this row keeps what a download and the
    retention purge need to know about it."""

    run_id = fields.BigIntField()
    format = fields.CharField(max_length=8)  # xlsx, csv
    language = fields.CharField(max_length=8)  # en, zh: the labels it was written in
    storage_key = fields.CharField(max_length=300)
    size_bytes = fields.BigIntField()
    row_count = fields.IntField()  # data rows of its (first) sheet
    sha256 = fields.CharField(max_length=64)
    expires_at = fields.DatetimeField()
    purged_at = fields.DatetimeField(null=True)  # deleted from storage after expiring

    tenant_refs = {"run_id": "ReportRun"}

    class Meta:
        table = "report_file"
        unique_together = (("tenant_id", "id"), ("tenant_id", "run_id", "format"))
        indexes = (("expires_at",),)
