"""registerTrustedDocuments and trustedDocuments: the platform operator
registers the operations frontends may send by id, and lists them."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from graphql import DocumentNode, GraphQLSchema, validate

from saas.documents import service
from saas.errors import ValidationFailed
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.documents.types import TrustedDocument
from saas.schema.errors import ValidationErrors, result_union
from saas.schema.limits import MaxItems
from saas.schema.mutations import mutation
from saas.schema.pagination import Order
from saas.schema.permissions import requires
from saas.schema.reads import listing

MAX_DOCUMENTS = 500


def schema_problems(schema: GraphQLSchema) -> Callable[[DocumentNode], list[str]]:
    """Why a document would not validate against `schema` (empty: it does)."""

    def problems(document: DocumentNode) -> list[str]:
        return [error.message for error in validate(schema, document)]

    return problems


@strawberry.input(description="One operation to register, as a persisted-query manifest lists it.")
@described
class TrustedDocumentInput:
    """
    Attributes:
        body: The operation's text, exactly as the frontend sends it (one named operation, with
            the fragments it uses).
        id: The manifest's id of it, checked against the SHA-256 of `body` when given.
        name: The manifest's name of it, checked against the operation's own name when given.
    """

    body: str
    id: str | None = None
    name: str | None = None


@strawberry.input(description="Operations to register, all or none.")
@described
class RegisterTrustedDocumentsInput:
    """
    Attributes:
        documents: The operations (at most 500 per call); ones already registered are kept as they
            are.
    """

    documents: list[TrustedDocumentInput]


@strawberry.type(description="What registering the operations did.")
@described
class TrustedDocumentsRegistered:
    """
    Attributes:
        created: How many of them were new.
    """

    created: int
    documents: list[TrustedDocument] = strawberry.field(
        description="Every operation of the call, registered now or before, in input order "
        "(an operation given twice, once).",
        directives=[MaxItems(count=MAX_DOCUMENTS, input_sized=True)],
    )


RegisterTrustedDocumentsResult = result_union(
    "RegisterTrustedDocumentsResult",
    TrustedDocumentsRegistered | ValidationErrors,
    "The registered operations, or what is wrong with the ones given "
    "(nothing was registered then).",
)


@strawberry.type
@described
class TrustedDocumentQueries:
    """
    Attributes:
        trusted_documents: The registered operations (trusted documents), oldest first.
    """

    trusted_documents = listing(
        TrustedDocument,
        requires("trusted_document", "read"),
        lambda actor: service.documents_query(),
        order=Order("id"),
    )


async def _register(
    info: Info, input: RegisterTrustedDocumentsInput
) -> RegisterTrustedDocumentsResult:
    if len(input.documents) > MAX_DOCUMENTS:
        raise ValidationFailed.one(
            "documents", f"register at most {MAX_DOCUMENTS} operations per call"
        )
    actor = info.context.require_actor()
    registration = await service.register_documents(
        [service.NewDocument(body=d.body, document_id=d.id, name=d.name) for d in input.documents],
        validate=schema_problems(info.schema._schema),
        registered_by_id=actor.user_id,
        max_bytes=info.context.settings.max_document_bytes,
    )
    if info.context.documents is not None:
        info.context.documents.forget_unknown([d.document_id for d in registration.documents])
    rows = await service.documents_by_id([d.document_id for d in registration.documents])
    return TrustedDocumentsRegistered(
        created=registration.created,
        documents=[TrustedDocument.from_model(row) for row in rows],
    )


@strawberry.type
@described
class TrustedDocumentMutations:
    """
    Attributes:
        register_trusted_documents: Register operations frontends may then send by documentId or by
            Apollo's persisted-query hash (with TRUSTED_DOCUMENTS_ONLY, the only ones the API runs).
            Each must validate against this schema; `saas documents load FILE` does the same from a
            manifest file.
    """

    register_trusted_documents = mutation(
        RegisterTrustedDocumentsResult,
        requires("trusted_document", "register"),
        input=(RegisterTrustedDocumentsInput, "The operations to register."),
        request_steps=_register,
    )
