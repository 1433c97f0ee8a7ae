"""Exports of customers and leads as CSV/XLSX, written once in the background
and downloaded with the bearer token, or through the signed links of `files`."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated

import strawberry

from saas import models
from saas.errors import SaasError
from saas.reports import runs
from saas.reports.exports import EXPORT_KINDS, ExportKind, request_export
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import Refused, as_id, result_union
from saas.schema.inputs import global_ids, id_of
from saas.schema.limits import MaxItems
from saas.schema.mutations import mutation
from saas.schema.permissions import authenticated, requires
from saas.schema.relay import Node, from_row
from saas.schema.reports.files import LanguageEnum, ReportFile, files_of_run, language_of

ExportKindEnum = described_enum(
    ExportKind,
    name="ExportKind",
    description="What is exported.",
    values={
        "CUSTOMERS": "The customers you may see (exportCustomers).",
        "LEADS": "The leads you may see (exportLeads).",
    },
)


@strawberry.input(description="What to export: everything you may see, or of one store.")
@described
class ExportInput:
    """
    Attributes:
        store_id: Only this store's rows.
        language: The language of the files' headings; default: your Accept-Language
            (zh, en), else English.
    """

    store_id: strawberry.ID | None = None
    language: LanguageEnum | None = None


@strawberry.type(
    description="An export of the rows you may see, phones masked as the API shows them to you. "
    "Only you can fetch it; every download is audited."
)
@described
class Export(Node):
    """
    Attributes:
        kind: Customers or leads.
        status: queued, running, done or failed.
        progress: 0 to 100.
        row_count: Rows in the file, once done.
        truncated: True when the file holds only the first REPORT_MAX_ROWS rows.
        error: Why it failed; null unless failed.
        csv_url: GET with your bearer token (UTF-8 BOM, CRLF).
        xlsx_url: GET with your bearer token: labelled columns, frozen header, filter,
            phones and archive numbers as text, times in the store's time zone.
        created_at: When the export was requested (UTC, ISO-8601).
        finished_at: When it finished or failed (UTC); null while queued or running.
    """

    kind: ExportKindEnum
    status: str
    progress: int
    row_count: int | None
    truncated: bool
    error: str | None
    csv_url: str | None
    xlsx_url: str | None
    created_at: datetime
    finished_at: datetime | None
    _run_id: strawberry.Private[int]

    @strawberry.field(
        description="The CSV and XLSX files with signed links; empty until done and once expired.",
        directives=[MaxItems(count=2)],
    )
    async def files(self, info: Info) -> list[ReportFile]:
        return await files_of_run(info, self._run_id)

    @classmethod
    def from_model(cls, run: models.ReportRun) -> Export:
        done = run.status == "done"
        result = run.result or {}
        count = result.get("row_count")
        return from_row(
            cls,
            run,
            _run_id=run.id,
            row_count=count if done and isinstance(count, int) else None,
            truncated=bool(result.get("truncated")),
            csv_url=f"/reports/{run.id}.csv" if done else None,
            xlsx_url=f"/reports/{run.id}.xlsx" if done else None,
        )


ExportResult = result_union(
    "ExportResult",
    Export | Refused,
    "The export to follow (poll export(id)), or why it was refused.",
)


global_ids(ExportInput, store_id="Store")


async def _export(kind: ExportKind, info: Info, input: ExportInput) -> ExportResult:
    actor = info.context.require_actor()
    store_id = id_of(input, "store_id") if input.store_id else None
    language = await language_of(info, input.language)
    return Export.from_model(await request_export(actor, kind, store_id, language))


@strawberry.type
@described
class ExportMutations:
    """
    Attributes:
        export_customers: Export the customers you may see as CSV/XLSX (in the background).
        export_leads: Export the leads you may see as CSV/XLSX (in the background).
    """

    export_customers = mutation(
        ExportResult,
        requires("customer", "export"),
        input=(ExportInput, "Optionally, the one store to export."),
        request_steps=partial(_export, ExportKind.CUSTOMERS),
    )

    export_leads = mutation(
        ExportResult,
        requires("lead", "export"),
        input=(ExportInput, "Optionally, the one store to export."),
        request_steps=partial(_export, ExportKind.LEADS),
    )


@strawberry.type
class ExportQueries:
    @strawberry.field(
        description="One of your exports: status and download URLs; else null.",
        extensions=authenticated(),
    )
    async def export(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The export.")],
    ) -> Export | None:
        try:
            run = await runs.get_run(info.context.require_actor(), as_id(id, "Export"))
        except (SaasError, ValueError):
            return None
        return Export.from_model(run) if run.kind in EXPORT_KINDS else None
