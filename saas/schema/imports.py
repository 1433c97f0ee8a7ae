"""Bulk import of customers and leads: `importFile` queues a spreadsheet,
`importRun` follows it row by row."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated

import strawberry

from saas import models
from saas.errors import ValidationFailed
from saas.imports import service
from saas.imports.service import ImportKind, Outcome
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import (
    Refused,
    result_union,
)
from saas.schema.inputs import global_ids, renamed, to_args
from saas.schema.mutations import mutation
from saas.schema.pagination import After, Before, Connection, Last, Page, first_help, paginate
from saas.schema.permissions import authenticated
from saas.schema.reads import lookup
from saas.schema.relay import Node, from_row, optional_global_id, to_global_id

ROWS_PAGE_SIZE = 50  # a run's rows are small and often read in one go

ImportKindEnum = described_enum(
    ImportKind,
    name="ImportKind",
    description="What each row of the file becomes.",
    values={
        "CUSTOMERS": "Each row is a customer archive (needs customer:import in the store).",
        "LEADS": "Each row is a lead with its customer (needs lead:import in the store).",
    },
)
ImportOutcomeEnum = described_enum(
    Outcome,
    name="ImportOutcome",
    description="CREATED; MERGED: a duplicate (same phone) of an existing customer or open "
    "lead, which is kept as it was; REJECTED: nothing written, see the message.",
    values={
        "CREATED": "A new customer (and, for leads, a new lead) was written.",
        "MERGED": "A duplicate (same phone) of an existing customer or open lead; the existing "
        "one is kept as it was.",
        "REJECTED": "Nothing was written; `column` and `message` say what to fix.",
    },
)


@strawberry.input(
    description="A CSV (UTF-8, GBK/GB18030) or XLSX file of customers or leads for one store. "
    "Headers in English or Chinese; the template is in the README."
)
@described
class ImportFileInput:
    """
    Attributes:
        kind: Customers or leads.
        store_id: The store the rows belong to.
        file_name: e.g. customers.xlsx (shown in the run; an .xlsx is read as a workbook).
        content_base64: The file's bytes, base64-encoded; at most IMPORT_MAX_BYTES before encoding.
        dry_run: Check every row and report what would happen; write nothing.
    """

    kind: ImportKindEnum
    store_id: strawberry.ID
    file_name: str
    content_base64: str
    dry_run: bool = False


@strawberry.type(description="What happened to one row of the file.")
@described
class ImportRowResult:
    """
    Attributes:
        row: Row number as the spreadsheet shows it (header = 1).
        outcome: Created, merged or rejected.
        customer_id: The customer created or matched (null in a dry run).
        lead_id: The lead created or matched (null in a dry run).
        column: The template column to fix (name, phone, grade …) of a rejected row.
        message: Why it was rejected or merged.
    """

    row: int
    outcome: ImportOutcomeEnum
    customer_id: strawberry.ID | None
    lead_id: strawberry.ID | None
    column: str | None
    message: str | None

    @classmethod
    def from_model(cls, row: models.ImportRow) -> ImportRowResult:
        return from_row(
            cls,
            row,
            row=row.row_no,
            customer_id=optional_global_id("Customer", row.customer_id or None),
            lead_id=optional_global_id("Lead", row.lead_id or None),
            column=row.column_name,
        )


@strawberry.type(description="An import of a spreadsheet, taken in by a background job.")
@described
class ImportRun(Node):
    """
    Attributes:
        kind: Customers or leads.
        store_id: The store the rows belong to.
        file_name: The file name as sent.
        dry_run: true when the run only checked the rows and wrote nothing.
        status: queued, running or done.
        total: Data rows in the file (blank rows not counted).
        processed: Rows handled so far.
        created: Rows that created a customer or lead (would have, in a dry run).
        merged: Rows that matched an existing customer or open lead.
        rejected: Rows that wrote nothing (see rows(outcome: REJECTED)).
        created_at: When the file was taken in (UTC, ISO-8601).
        finished_at: When the last row was handled (UTC); null while queued or running.
    """

    kind: ImportKindEnum
    store_id: strawberry.ID
    file_name: str
    dry_run: bool
    status: str
    total: int
    processed: int
    created: int
    merged: int
    rejected: int
    created_at: datetime
    finished_at: datetime | None
    _row: strawberry.Private[models.ImportRun]

    @strawberry.field(description="Processed rows in %.")
    def progress_percent(self) -> float:
        return round(100 * self.processed / self.total, 1) if self.total else 100.0

    @strawberry.field(description="Per-row results in file order, optionally of one outcome.")
    async def rows(
        self,
        first: Annotated[
            int | None, strawberry.argument(description=first_help(ROWS_PAGE_SIZE))
        ] = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        outcome: Annotated[
            ImportOutcomeEnum | None,
            strawberry.argument(description="Only rows with this outcome."),
        ] = None,
    ) -> Connection[ImportRowResult]:
        qs = service.row_results(self._row, outcome)
        return await paginate(
            qs, Page(first, after, last, before), ImportRowResult.from_model, default=ROWS_PAGE_SIZE
        )

    @classmethod
    def from_model(cls, run: models.ImportRun) -> ImportRun:
        return from_row(
            cls,
            run,
            store_id=to_global_id("Store", run.store_id),
            _row=run,
        )


ImportFileResult = result_union(
    "ImportFileResult",
    ImportRun | Refused,
    "The queued run (or the earlier run of the same file), or why the file was refused.",
)


def decode_content(text: str, max_bytes: int) -> bytes:
    if len(text) > (max_bytes + 2) // 3 * 4 + 4:
        raise ValidationFailed.one("content", f"the file is larger than {max_bytes:,} bytes")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed.one("content", "is not valid base64") from None


global_ids(ImportFileInput, store_id="Store")
# The service takes the decoded file as `content`.
renamed(ImportFileInput, content="content_base64")


async def _import_file(info: Info, input: ImportFileInput) -> ImportFileResult:
    actor = info.context.require_actor()
    max_bytes = info.context.settings.import_max_bytes
    content = decode_content(input.content_base64, max_bytes)
    run = await to_args(input, service.start_import, actor, content=content, max_bytes=max_bytes)
    return ImportRun.from_model(run)


@strawberry.type
@described
class ImportMutations:
    """
    Attributes:
        import_file: Import customers or leads from a spreadsheet in the background (needs
            customer:import or lead:import in the store). The same file sent again returns the
            first run and imports nothing new.
    """

    import_file = mutation(
        ImportFileResult,
        authenticated(),
        input=(ImportFileInput, "The file, its kind and its store."),
        request_steps=_import_file,
    )


@strawberry.type
@described
class ImportQueries:
    """
    Attributes:
        import_run: An import you sent, or of a store where you may import; else null.
    """

    import_run = lookup(ImportRun, authenticated(), "The import.", service.get_import)
