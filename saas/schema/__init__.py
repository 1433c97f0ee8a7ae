"""The GraphQL schema, composed from the domains' query and mutation classes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import graphql.pyutils.did_you_mean  # noqa: F401 - the module, not the function
import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, MaskErrors, SchemaExtension
from strawberry.types import ExecutionContext

from saas.audit import Audited, request_id
from saas.schema.aftersales.complaints import ComplaintMutations
from saas.schema.aftersales.queries import AftersalesQueries
from saas.schema.aftersales.surveys import SurveyMutations
from saas.schema.aftersales.tasks import TaskMutations
from saas.schema.aftersales.vehicles import VehicleMutations
from saas.schema.audit import AuditQueries
from saas.schema.crm.campaigns import CampaignMutations, CampaignQueries
from saas.schema.crm.cards import CustomerCardMutations, CustomerCardQueries
from saas.schema.crm.catalog import CatalogMutations
from saas.schema.crm.customers import CustomerMutations
from saas.schema.crm.follow_ups import FollowUpMutations
from saas.schema.crm.leads import LeadMutations
from saas.schema.crm.messages import CustomerMessageQueries
from saas.schema.crm.partners import PartnerMutations, PartnerQueries
from saas.schema.crm.queries import CrmQueries
from saas.schema.crm.sales import SalesMutations
from saas.schema.crm.win_back import WinBackMutations, WinBackQueries
from saas.schema.direct import DirectExecutor, install_direct_resolvers, install_plain_fields
from saas.schema.documents.register import TrustedDocumentMutations, TrustedDocumentQueries
from saas.schema.errors import (
    CLIENT_ERROR_CODES,
    Attempted,
    RaisedErrorCodes,
    WithoutSavepoint,
    is_client_error,
)
from saas.schema.exports import ExportMutations, ExportQueries
from saas.schema.identity.api_keys import ApiKeyMutations
from saas.schema.identity.queries import IdentityQueries
from saas.schema.identity.roles import RoleMutations
from saas.schema.identity.session import SessionMutations
from saas.schema.identity.users import UserMutations
from saas.schema.imports import ImportMutations, ImportQueries
from saas.schema.limits import install_list_caps, limit_extensions
from saas.schema.live import LiveSubscriptions
from saas.schema.management.coaching import SuccessPlanMutations, SuccessPlanQueries
from saas.schema.management.meetings import WeeklyMeetingMutations, WeeklyMeetingQueries
from saas.schema.node import NodeQueries
from saas.schema.notifications import NotificationMutations, NotificationQueries
from saas.schema.oem.distribute import DistributionMutations
from saas.schema.oem.queries import OemQueries
from saas.schema.oem.sla_settings import OemSlaMutations, OemSlaQueries
from saas.schema.org.create_store import CreateStoreMutation
from saas.schema.org.platform import PlatformMutations
from saas.schema.org.queries import PlatformQueries, StoreQueries
from saas.schema.org.settings import GroupSettingsMutations, GroupSettingsQueries
from saas.schema.reports.comparisons import ComparisonReportQueries
from saas.schema.reports.daily import DailyReportQueries
from saas.schema.reports.files import ReportLanguageMutations
from saas.schema.reports.lost import LostReportQueries
from saas.schema.reports.pipeline import PipelineReportQueries
from saas.schema.reports.runs import ReportRunMutations, ReportRunQueries
from saas.schema.reports.targets import TargetMutations, TargetQueries
from saas.schema.reports.tiers import TierReportQueries
from saas.schema.scalars import SCALAR_OVERRIDES
from saas.schema.webhooks.endpoints import WebhookMutations
from saas.schema.webhooks.queries import WebhookQueries

log = logging.getLogger("saas.errors")


@strawberry.type(description="Read the CRM.")
class Query(
    NodeQueries,
    IdentityQueries,
    StoreQueries,
    GroupSettingsQueries,
    PlatformQueries,
    CrmQueries,
    CustomerMessageQueries,
    CustomerCardQueries,
    CampaignQueries,
    PartnerQueries,
    WinBackQueries,
    OemQueries,
    OemSlaQueries,
    NotificationQueries,
    DailyReportQueries,
    TargetQueries,
    PipelineReportQueries,
    ComparisonReportQueries,
    TierReportQueries,
    LostReportQueries,
    ReportRunQueries,
    WeeklyMeetingQueries,
    AftersalesQueries,
    AuditQueries,
    WebhookQueries,
    ImportQueries,
    ExportQueries,
    SuccessPlanQueries,
    TrustedDocumentQueries,
):
    pass


@strawberry.type(
    description="Change the CRM. Each mutation takes one input and returns a result union."
)
class Mutation(
    SessionMutations,
    UserMutations,
    RoleMutations,
    ApiKeyMutations,
    CreateStoreMutation,
    GroupSettingsMutations,
    PlatformMutations,
    CustomerMutations,
    LeadMutations,
    FollowUpMutations,
    CustomerCardMutations,
    CampaignMutations,
    PartnerMutations,
    WinBackMutations,
    SalesMutations,
    CatalogMutations,
    DistributionMutations,
    OemSlaMutations,
    NotificationMutations,
    TargetMutations,
    ReportRunMutations,
    WeeklyMeetingMutations,
    VehicleMutations,
    ComplaintMutations,
    SurveyMutations,
    TaskMutations,
    WebhookMutations,
    ImportMutations,
    ExportMutations,
    SuccessPlanMutations,
    TrustedDocumentMutations,
    ReportLanguageMutations,
):
    pass


@strawberry.type(
    description="Live events over WebSocket (graphql-transport-ws); authenticate in "
    "connection_init with {authorization: 'Bearer <access token or API key>'}."
)
class Subscription(LiveSubscriptions):
    pass


def _should_mask(error: object) -> bool:
    extensions = getattr(error, "extensions", None) or {}
    original = getattr(error, "original_error", None)
    if original is None:
        return False  # parse and validation errors are about the query itself
    return extensions.get("code") not in CLIENT_ERROR_CODES


class MaskWithRequestId(MaskErrors):
    """The generic message carries the request id; `SaasSchema.process_errors`
    logged the original error with the same id, so support can find it."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        rid = request_id.get()
        return GraphQLError(
            f"Unexpected error (request {rid}).",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL", "requestId": rid},
        )


class SaasSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log each error once: a client's mistake (a bad document, variables
        of the wrong type, a refused input) at INFO without a traceback, which
        an operator need not act on; anything else at ERROR with its traceback
        and the request id the masked message shows."""
        for error in errors:
            if is_client_error(error):
                log.info("request error: %s", error.message)
            else:
                log.error(
                    "unexpected error (request %s): %s",
                    request_id.get(),
                    error.message,
                    exc_info=error.original_error,
                )


def _extend_every_mutation() -> None:
    """Every mutation runs in a savepoint that turns its typed failures into
    members of its result union (unless marked WithoutSavepoint), inside one
    audit entry for the request."""
    for field in Mutation.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        if not any(isinstance(e, Attempted | WithoutSavepoint) for e in field.extensions):
            field.extensions.append(Attempted())
        if not any(isinstance(e, Audited) for e in field.extensions):
            field.extensions.append(Audited())


def build_schema(*, production: bool = False, traced: bool = False) -> strawberry.Schema:
    """The schema; `traced` adds a span per operation and resolver (tracing on,
    `saas.tracing`), without argument values: they may be personal data."""
    _extend_every_mutation()
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = list(
        limit_extensions()
    )
    if traced:
        # Only with tracing on: the extension loads OpenTelemetry's API.
        from strawberry.extensions.tracing import OpenTelemetryExtension

        extensions.append(lambda: OpenTelemetryExtension(arg_filter=lambda args, info: {}))
    if production:
        # No "did you mean" hints about the schema's field names (a module
        # constant, which mypy cannot see through sys.modules).
        sys.modules["graphql.pyutils.did_you_mean"].MAX_LENGTH = 0  # type: ignore[attr-defined]
        extensions.append(DisableIntrospection)
        extensions.append(
            lambda: MaskWithRequestId(
                should_mask_error=_should_mask, error_message="Unexpected error."
            )
        )
    # Last, so that it runs first when the operation ends: before the masking.
    extensions.append(RaisedErrorCodes)
    built = SaasSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=DirectExecutor,
    )
    install_direct_resolvers(built)
    install_plain_fields(built)
    install_list_caps(built)
    return built


schema = build_schema()
