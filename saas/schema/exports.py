"""Exports of customers and leads as CSV/XLSX, built in the background and
downloaded (with the bearer token) from the URLs the export carries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from saas import models
from saas.errors import SaasError
from saas.reports import runs
from saas.reports.exports import EXPORT_KINDS, ExportKind, request_export
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    ForbiddenError,
    NotFoundError,
    ValidationErrors,
    as_id,
)
from saas.schema.inputs import global_ids, id_of
from saas.schema.permissions import authenticated, requires
from saas.schema.relay import Node, to_global_id

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
    """

    store_id: strawberry.ID | None = None


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
        error: Why it failed; null unless failed.
        csv_url: GET with your bearer token (UTF-8 BOM).
        xlsx_url: GET with your bearer token.
        created_at: When the export was requested (UTC, ISO-8601).
        finished_at: When it finished or failed (UTC); null while queued or running.
    """

    kind: ExportKindEnum
    status: str
    progress: int
    row_count: int | None
    error: str | None
    csv_url: str | None
    xlsx_url: str | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_model(cls, run: models.ReportRun) -> Export:
        done = run.status == "done"
        rows = (run.result or {}).get("rows")
        return cls(
            id=to_global_id("Export", run.id),
            kind=ExportKind(run.kind),
            status=run.status,
            progress=run.progress,
            row_count=len(rows) if done and isinstance(rows, list) else None,
            error=run.error,
            csv_url=f"/reports/{run.id}.csv" if done else None,
            xlsx_url=f"/reports/{run.id}.xlsx" if done else None,
            created_at=run.created_at,
            finished_at=run.finished_at,
        )


ExportResult = Annotated[
    Export | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union(
        "ExportResult",
        description=("The export to follow (poll export(id)), or why it was refused."),
    ),
]


global_ids(ExportInput, store_id="Store")


async def _export(info: Info, kind: ExportKind, input: ExportInput) -> ExportResult:
    actor = info.context.require_actor()
    store_id = id_of(input, "store_id") if input.store_id else None
    return Export.from_model(await request_export(actor, kind, store_id))


@strawberry.type
class ExportMutations:
    @strawberry.mutation(
        description="Export the customers you may see as CSV/XLSX (in the background).",
        extensions=requires("customer", "export"),
    )
    async def export_customers(
        self,
        info: Info,
        input: Annotated[
            ExportInput, strawberry.argument(description="Optionally, the one store to export.")
        ],
    ) -> ExportResult:
        return await _export(info, ExportKind.CUSTOMERS, input)

    @strawberry.mutation(
        description="Export the leads you may see as CSV/XLSX (in the background).",
        extensions=requires("lead", "export"),
    )
    async def export_leads(
        self,
        info: Info,
        input: Annotated[
            ExportInput, strawberry.argument(description="Optionally, the one store to export.")
        ],
    ) -> ExportResult:
        return await _export(info, ExportKind.LEADS, input)


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
