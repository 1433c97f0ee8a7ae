"""Trusted documents: the GraphQL operations frontends registered, by the
SHA-256 of their text. Shared by every tenant (a frontend's operations are
the same for every dealer group), so no `tenant_id` and no row-level security."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import TimestampedModel


class TrustedDocument(TimestampedModel):
    """One registered operation. `document_id` is the lowercase hex SHA-256 of
    `body` exactly as registered (Apollo's persisted-query manifests and APQ
    hashes use the same id), so a row never changes: registering it again is
    a no-op."""

    document_id = fields.CharField(max_length=64, unique=True)
    # The operation's own name: the only operation label metrics ever carry.
    name = fields.CharField(max_length=100)
    # query, mutation or subscription
    operation = fields.CharField(max_length=12)
    body = fields.TextField()
    # The platform operator who registered it (null: `saas documents load`).
    registered_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "trusted_document"
