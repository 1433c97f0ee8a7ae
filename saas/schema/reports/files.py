"""The files a report run (or export) was written to, with signed links a
browser can open, and the language files are written in (setMyReportLanguage)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from saas import models
from saas.identity import service as identity
from saas.reports import storage
from saas.reports.labels import Language, pick_language
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.enums import described_enum
from saas.schema.errors import NotFoundError, ValidationErrors, result_union
from saas.schema.identity.types import User
from saas.schema.inputs import converts
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.schema.relay import from_row

LanguageEnum = described_enum(
    Language,
    name="ReportLanguage",
    description="The language of a report file's headings, sheet names and words.",
    values={"EN": "English.", "ZH": "Simplified Chinese (简体中文)."},
)


async def language_of(info: Info, asked: Language | None) -> Language:
    """The language asked for, else the caller's own (setMyReportLanguage),
    else their browser's `Accept-Language`, else English."""
    if asked is not None:
        return Language(asked)
    actor = info.context.require_actor()
    own = (await identity.get_self(actor)).language if actor.user_id is not None else None
    return pick_language(own, info.context.request.headers.get("accept-language"))


@strawberry.input(description="The language of your report and export files.")
@described
class SetMyReportLanguageInput:
    """
    Attributes:
        language: ZH or EN; null: your browser's Accept-Language at each request.
    """

    language: LanguageEnum | None = None


SetMyReportLanguageResult = result_union(
    "SetMyReportLanguageResult",
    User | ValidationErrors | NotFoundError,
    "You, with the language set; NotFoundError for an API key (not a person).",
)


@converts(LanguageEnum)
def _language(language: Language) -> str:
    """The language as a person's setting stores it (its code)."""
    return Language(language).value


@strawberry.type
@described
class ReportLanguageMutations:
    """
    Attributes:
        set_my_report_language: Choose the language of your report and export files (headings,
            sheet names, words); a request's own `language` still wins.
    """

    set_my_report_language = mutation(
        SetMyReportLanguageResult,
        requires("report_language", "set"),
        input=(SetMyReportLanguageInput, "The language, or null."),
        run=identity.set_language,
        answer=User.from_model,
    )


@strawberry.type(
    description="A file the report's job wrote once (downloads stream it as it is). "
    "Kept until expiresAt (REPORT_RETENTION_DAYS)."
)
@described
class ReportFile:
    """
    Attributes:
        format: xlsx or csv.
        language: The language of its headings (en, zh).
        size_bytes: Its size in bytes.
        row_count: Data rows of its (first) sheet.
        sha256: Its SHA-256 checksum, in hex; also sent as the X-Content-SHA256 header.
        expires_at: When it is deleted (UTC).
        url: A signed link to it for you, without a bearer header (a browser tab, an e-mail,
            a chat message); valid until urlExpiresAt, and audited like any download. Null
            for an API key (links are made for people).
        url_expires_at: When the link stops working (REPORT_LINK_MINUTES after it was made).
    """

    format: str
    language: str
    size_bytes: int
    row_count: int
    sha256: str
    expires_at: datetime
    url: str | None
    url_expires_at: datetime | None

    @classmethod
    def from_model(cls, info: Info, file: models.ReportFile) -> ReportFile:
        user_id = info.context.require_actor().user_id
        link = (
            storage.sign(
                info.context.settings,
                run_id=file.run_id,
                fmt=file.format,
                user_id=user_id,
                sha256=file.sha256,
            )
            if user_id is not None
            else None
        )
        return from_row(
            cls,
            file,
            url=link.url if link else None,
            url_expires_at=link.expires_at if link else None,
        )


async def files_of_run(info: Info, run_id: int) -> list[ReportFile]:
    """The files a report run (an export is one) was written to, linked for the caller."""
    rows = await info.context.loaders.report_files_by_run_id.load(run_id)
    return [ReportFile.from_model(info, f) for f in rows]
