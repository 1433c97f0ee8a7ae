"""Registering trusted documents and finding them again by id.

A trusted document is one GraphQL operation a frontend ships with, registered
ahead of time by the SHA-256 of its text (the id Apollo's persisted-query
manifests and its APQ link use). With `TRUSTED_DOCUMENTS_ONLY` the API runs
nothing else, so an attacker cannot send a query no frontend would; and the
metrics name an operation only by a registered name, so a client cannot grow
their labels without bound.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, parse
from tortoise.queryset import QuerySet

from saas.db import insert_many
from saas.errors import FieldProblem, NotFound, ValidationFailed
from saas.models import TrustedDocument

APOLLO_MANIFEST_FORMAT = "apollo-persisted-query-manifest"
_HEX_ID = re.compile(r"[0-9a-f]{64}")
# Unknown ids are remembered this long, so that ad-hoc queries do not cost a
# lookup each; a document registered in another process is found after it.
NEGATIVE_SECONDS = 5.0
_NEGATIVE_ENTRIES = 10_000


def document_id_of(body: str) -> str:
    """The id of a document's text: the lowercase hex SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(body.encode()).hexdigest()


def normalise_id(given: str) -> str | None:
    """`abc…` or `sha256:abc…` (GraphQL over HTTP's persisted documents) as the
    bare lowercase hex id, or None when it is not a SHA-256 id."""
    value = given.strip().lower().removeprefix("sha256:")
    return value if _HEX_ID.fullmatch(value) else None


@dataclass(frozen=True)
class Document:
    """A registered operation: its id, its operation's name and type, its text."""

    document_id: str
    name: str
    operation: str
    body: str


@dataclass(frozen=True)
class NewDocument:
    """One operation to register. `document_id` and `name`, when given (as a
    manifest gives them), must agree with the text."""

    body: str
    document_id: str | None = None
    name: str | None = None
    operation: str | None = None


@dataclass(frozen=True)
class Registration:
    """What registering a set of documents did: every document of the set
    (new or already known) and how many were new."""

    documents: list[Document]
    created: int


def manifest_documents(manifest: Mapping[str, Any]) -> list[NewDocument]:
    """The operations of an Apollo persisted-query manifest (what
    `generate-persisted-query-manifest` writes: `{"format":
    "apollo-persisted-query-manifest", "version": 1, "operations": [{"id",
    "name", "type", "body"}]}`)."""
    if manifest.get("format") != APOLLO_MANIFEST_FORMAT or manifest.get("version") != 1:
        raise ValidationFailed.one(
            "format",
            f'a manifest starts with "format": "{APOLLO_MANIFEST_FORMAT}", "version": 1',
        )
    operations = manifest.get("operations")
    if not isinstance(operations, list):
        raise ValidationFailed.one("operations", "must be a list of operations")
    documents: list[NewDocument] = []
    problems: list[FieldProblem] = []
    for index, entry in enumerate(operations):
        body = entry.get("body") if isinstance(entry, dict) else None
        if not isinstance(body, str):
            problems.append(FieldProblem.at(f"operations[{index}].body", "must be the text"))
            continue
        documents.append(
            NewDocument(
                body=body,
                document_id=str(entry["id"]) if entry.get("id") is not None else None,
                name=str(entry["name"]) if entry.get("name") is not None else None,
                operation=str(entry["type"]) if entry.get("type") is not None else None,
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return documents


def _checked(
    entry: NewDocument,
    at: str,
    validate: Callable[[DocumentNode], list[str]],
    max_bytes: int,
    problems: list[FieldProblem],
) -> Document | None:
    """The document `entry` registers, or None with what is wrong added to `problems`."""
    if len(entry.body.encode()) > max_bytes:
        problems.append(FieldProblem.at(f"{at}.body", f"is over {max_bytes} bytes"))
        return None
    try:
        node = parse(entry.body)
    except GraphQLError as exc:
        problems.append(FieldProblem.at(f"{at}.body", f"does not parse: {exc.message}"))
        return None
    operations = [d for d in node.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].name is None:
        problems.append(
            FieldProblem.at(
                f"{at}.body",
                "must hold exactly one operation, with a name (the name metrics show)",
            )
        )
        return None
    name, operation = operations[0].name.value, operations[0].operation.value
    document_id = document_id_of(entry.body)
    if len(name) > 100:
        problems.append(FieldProblem.at(f"{at}.body", "the operation's name is too long"))
    if entry.document_id is not None and normalise_id(entry.document_id) != document_id:
        problems.append(
            FieldProblem.at(f"{at}.id", f"is not the SHA-256 of the body (that is {document_id})")
        )
    if entry.name is not None and entry.name != name:
        problems.append(FieldProblem.at(f"{at}.name", f"the body's operation is named {name!r}"))
    if entry.operation is not None and entry.operation != operation:
        problems.append(FieldProblem.at(f"{at}.type", f"the body's operation is a {operation}"))
    problems.extend(
        FieldProblem.at(f"{at}.body", f"does not validate: {message}") for message in validate(node)
    )
    return Document(document_id, name, operation, entry.body)


async def register_documents(
    entries: Sequence[NewDocument],
    *,
    validate: Callable[[DocumentNode], list[str]],
    registered_by_id: int | None,
    max_bytes: int,
    label: str = "documents",
) -> Registration:
    """Register every operation of `entries`, all or nothing: each must parse,
    hold one named operation, validate against the schema (`validate` gives
    the problems) and agree with its given id and name. A document already
    registered stays as it was (its id is its text), so loading a manifest
    again is harmless. Problems are named `<label>[i].body` and so on."""
    problems: list[FieldProblem] = []
    checked = [
        _checked(entry, f"{label}[{index}]", validate, max_bytes, problems)
        for index, entry in enumerate(entries)
    ]
    if not entries:
        problems.append(FieldProblem.at(label, "give at least one operation"))
    if problems:
        raise ValidationFailed(problems)
    documents = list({d.document_id: d for d in checked if d is not None}.values())
    now = datetime.now(UTC)
    created = await insert_many(
        "trusted_document",
        ("created_at", "document_id", "name", "operation", "body", "registered_by_id"),
        [(now, d.document_id, d.name, d.operation, d.body, registered_by_id) for d in documents],
        returning_ids=True,
    )
    return Registration(documents=documents, created=len(created))


class DocumentCache:
    """Registered documents by id, for the request path. A document never
    changes once registered (its id is its text's hash), so a found one is
    kept for the life of the process; an unknown id is remembered for
    NEGATIVE_SECONDS, so that refused ids cost no lookup each."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._known: dict[str, Document] = {}
        self._unknown: OrderedDict[str, float] = OrderedDict()

    async def find(self, document_id: str) -> Document | None:
        found = self._known.get(document_id)
        if found is not None:
            return found
        until = self._unknown.get(document_id)
        if until is not None and until > self.clock():
            return None
        rows = await TrustedDocument.filter(document_id=document_id).values_list(
            "name", "operation", "body"
        )
        if not rows:
            self._unknown[document_id] = self.clock() + NEGATIVE_SECONDS
            self._unknown.move_to_end(document_id)
            while len(self._unknown) > _NEGATIVE_ENTRIES:
                self._unknown.popitem(last=False)
            return None
        name, operation, body = rows[0]
        found = self._known[document_id] = Document(document_id, name, operation, body)
        self._unknown.pop(document_id, None)
        return found

    def known(self, document_id: str) -> Document | None:
        """A document this process has already loaded, without asking the
        database: for the ad-hoc texts of a server that runs them anyway."""
        return self._known.get(document_id)

    async def load_all(self) -> int:
        """Load every registered document (at start); returns how many."""
        rows = await TrustedDocument.all().values_list("document_id", "name", "operation", "body")
        for document_id, name, operation, body in rows:
            self._known[document_id] = Document(document_id, name, operation, body)
        return len(rows)

    def forget_unknown(self, document_ids: Sequence[str]) -> None:
        """Look these ids up again next time: this process just registered
        them (kept only once found in the database, after the commit)."""
        for document_id in document_ids:
            self._unknown.pop(document_id, None)


async def get_document(pk: int) -> TrustedDocument:
    """One registered document by its row id (for node(id:))."""
    row = await TrustedDocument.get_or_none(id=pk)
    if row is None:
        raise NotFound("trusted document", pk)
    return row


def documents_query() -> QuerySet[TrustedDocument]:
    """Every registered document, for the paged list."""
    return TrustedDocument.all()


async def documents_by_id(document_ids: Sequence[str]) -> list[TrustedDocument]:
    """The registered rows of `document_ids`, in that order."""
    rows = {r.document_id: r for r in await TrustedDocument.filter(document_id__in=document_ids)}
    return [rows[i] for i in document_ids if i in rows]
