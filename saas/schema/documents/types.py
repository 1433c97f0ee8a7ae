"""TrustedDocument: a registered operation, as the platform operator lists it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from saas import models
from saas.schema.described import described
from saas.schema.relay import Node, from_row


@strawberry.type(
    description="A GraphQL operation a frontend registered: requests may name it by "
    "documentId or by Apollo's persisted-query hash instead of sending its text."
)
@described
class TrustedDocument(Node):
    """
    Attributes:
        document_id: The lowercase hex SHA-256 of `body`: send it as `documentId` (or
            `sha256:<id>`), or as Apollo's `extensions.persistedQuery.sha256Hash`.
        name: The operation's name, the label metrics count it under.
        operation: query, mutation or subscription.
        body: The operation's text exactly as registered.
        created_at: When it was registered (UTC, ISO-8601).
    """

    document_id: str
    name: str
    operation: str
    body: str
    created_at: datetime

    @classmethod
    def from_model(cls, row: models.TrustedDocument) -> TrustedDocument:
        return from_row(cls, row)
