"""Which document a request runs: its text, a registered document's id
(`documentId`, GraphQL over HTTP's persisted documents), or Apollo's APQ hash
(`extensions.persistedQuery`); and, with TRUSTED_DOCUMENTS_ONLY, the refusal
of anything that is not a registered document.

APQ as Apollo Client's persisted-queries link expects it: a hash it has not
seen answers `PersistedQueryNotFound` (HTTP 200, code
PERSISTED_QUERY_NOT_FOUND, not cacheable), and the client sends the text with
the hash once, which this process keeps (bounded by bytes) for later requests.
A registered document's hash is always found, in every process.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from strawberry.http import GraphQLRequestData

from saas.documents.service import Document, DocumentCache, document_id_of, normalise_id
from saas.schema.http import RequestRefused
from saas.settings import Settings

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
TRUSTED_DOCUMENT_REQUIRED = "TRUSTED_DOCUMENT_REQUIRED"
# The metrics' operation label of a document nobody registered: one value,
# whatever operationName the client sent.
UNREGISTERED = "unregistered"


@dataclass
class OperationRequest(GraphQLRequestData):
    """A request whose document is known: `registered` is the trusted
    document it runs (its name labels the metrics), None for ad-hoc text."""

    registered: Document | None = None

    @property
    def label(self) -> str:
        return self.registered.name if self.registered is not None else UNREGISTERED


class PersistedQueries:
    """APQ texts by hash, least recently used dropped first, bounded by the
    bytes they hold (a client chooses the texts; it cannot grow the process)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    def get(self, sha256: str) -> str | None:
        text = self._texts.get(sha256)
        if text is not None:
            self._texts.move_to_end(sha256)
        return text

    def put(self, sha256: str, text: str) -> None:
        size = len(text.encode())
        if size > self.max_bytes or sha256 in self._texts:
            return
        self._texts[sha256] = text
        self._bytes += size
        while self._bytes > self.max_bytes:
            _, dropped = self._texts.popitem(last=False)
            self._bytes -= len(dropped.encode())


def _not_found() -> RequestRefused:
    # Apollo's link retries with the text on exactly this message or code;
    # 200 and no-cache, as Apollo Server answers it (a cache must not keep it).
    return RequestRefused(
        200,
        PERSISTED_QUERY_NOT_FOUND,
        "PersistedQueryNotFound",
        headers={"cache-control": "private, no-cache, must-revalidate"},
    )


def _trusted_only() -> RequestRefused:
    return RequestRefused(
        400,
        TRUSTED_DOCUMENT_REQUIRED,
        "this API runs registered operations only: send the operation's documentId (or Apollo's "
        "extensions.persistedQuery.sha256Hash) of a document in the trusted-document manifest",
    )


class DocumentResolver:
    """Turns a request's JSON (or GET parameters) into the operation to run."""

    def __init__(self, settings: Settings, cache: DocumentCache | None = None) -> None:
        self.trusted_only = settings.trusted_documents_only
        self.cache = cache or DocumentCache()
        self.apq = PersistedQueries(settings.apq_cache_bytes)

    async def resolve(
        self,
        query: str | None,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        extensions: dict[str, Any] | None,
        document_id: str | None,
        before_keeping: Callable[[], Awaitable[None]] | None = None,
    ) -> OperationRequest:
        """`before_keeping`: awaited before an APQ text is kept (it raises
        to refuse the request, and nothing is kept)."""
        persisted = (extensions or {}).get("persistedQuery")
        registered: Document | None
        if document_id is not None:
            registered = await self._by_document_id(document_id, query)
        elif persisted is not None:
            registered, query = await self._by_hash(persisted, query, before_keeping)
        elif query is not None and self.trusted_only:
            registered = await self.cache.find(document_id_of(query))
        elif query is not None:
            # Ad-hoc text runs anyway: only the name of a document this
            # process knows, for the metrics, and no database lookup.
            registered = self.cache.known(document_id_of(query))
        else:
            registered = None  # no document at all: the view says what to send
        if registered is not None:
            query = registered.body
        elif self.trusted_only and query is not None:
            raise _trusted_only()
        return OperationRequest(
            query=query,
            variables=variables,
            operation_name=operation_name,
            extensions=extensions,
            registered=registered,
        )

    async def _by_document_id(self, given: str, query: str | None) -> Document:
        if query is not None:
            raise RequestRefused(
                400, "BAD_REQUEST", 'send either "query" or "documentId", not both'
            )
        document_id = normalise_id(given)
        found = await self.cache.find(document_id) if document_id is not None else None
        if found is None:
            raise RequestRefused(
                400,
                PERSISTED_QUERY_NOT_FOUND,
                f"no trusted document has the id {given[:80]!r}; register it first "
                "(saas documents load, or registerTrustedDocuments)",
            )
        return found

    async def _by_hash(
        self,
        persisted: Any,
        query: str | None,
        before_keeping: Callable[[], Awaitable[None]] | None = None,
    ) -> tuple[Document | None, str | None]:
        """Apollo's automatic persisted queries: `{"version": 1, "sha256Hash": ...}`."""
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise RequestRefused(
                400,
                PERSISTED_QUERY_NOT_SUPPORTED,
                'extensions.persistedQuery must be {"version": 1, "sha256Hash": "<hex>"}',
            )
        sha256 = normalise_id(str(persisted.get("sha256Hash") or ""))
        if sha256 is None:
            raise RequestRefused(
                400, "BAD_REQUEST", "extensions.persistedQuery.sha256Hash must be 64 hex digits"
            )
        if query is not None and document_id_of(query) != sha256:
            raise RequestRefused(400, "BAD_REQUEST", "provided sha does not match query")
        registered = self.cache.known(sha256)
        if registered is None and query is None and not self.trusted_only:
            # A text this process keeps for APQ: no lookup on the hot path.
            kept = self.apq.get(sha256)
            if kept is not None:
                return None, kept
        if registered is None:
            registered = await self.cache.find(sha256)
        if registered is not None or self.trusted_only:
            if registered is None and query is None:
                raise _not_found()
            return registered, query
        if query is None:
            query = self.apq.get(sha256)
            if query is None:
                raise _not_found()
        else:
            if before_keeping is not None:
                await before_keeping()
            self.apq.put(sha256, query)
        return None, query
