"""node(id:) and nodes(ids:): refetch any object by its global id.

Each type name dispatches to the read path of that type's own root field (or,
for types without one, to a service function written the same way), behind
the same permission, so tenancy, store and OEM scope and casbin rules are
exactly those of the field. Whatever the reason an object is not returned
(another tenant's, missing, not permitted, malformed id), the answer is the
same null.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError

from saas import audit
from saas.aftersales import service as aftersales
from saas.crm import campaigns, cards, catalog, messages, partners, sales
from saas.crm.access import visible_customer, visible_lead
from saas.crm.follow_ups import visible_follow_up
from saas.documents import service as documents
from saas.errors import NotFound, SaasError
from saas.identity import service as identity
from saas.imports import service as imports
from saas.management import coaching, meetings
from saas.notify import service as notify
from saas.oem.imports import get_import
from saas.oem.queries import get_distributed
from saas.org import service as org
from saas.reports import runs
from saas.reports.exports import EXPORT_KINDS
from saas.schema.aftersales.types import (
    Complaint,
    InsurancePolicy,
    ReminderTask,
    ServiceRecord,
    Survey,
    Vehicle,
)
from saas.schema.audit import AuditEntry
from saas.schema.context import Info
from saas.schema.crm.campaigns import Campaign, CampaignInvitation
from saas.schema.crm.cards import CustomerCard
from saas.schema.crm.messages import CustomerMessage
from saas.schema.crm.partners import CustomerDataShare, Partner
from saas.schema.crm.types import Customer, FollowUp, Lead, Order, TestDrive, VehicleModel
from saas.schema.documents.types import TrustedDocument
from saas.schema.exports import Export
from saas.schema.identity.types import ApiKey, RoleAssignment, User
from saas.schema.imports import ImportRun
from saas.schema.limits import MaxItems
from saas.schema.management.coaching import SuccessPlan
from saas.schema.management.meetings import MeetingAction, WeeklyMeeting
from saas.schema.notifications import Notification
from saas.schema.oem.types import DistributedLead, DistributionImport
from saas.schema.org.types import DealerGroup, Oem, Store
from saas.schema.permissions import authenticated
from saas.schema.relay import Node, from_global_id, from_row
from saas.schema.reports.runs import ReportRun
from saas.schema.webhooks.types import WebhookDelivery, WebhookEndpoint
from saas.tenancy.actor import Actor
from saas.webhooks import service as webhooks

MAX_NODES = 100


@dataclass(frozen=True)
class Reader:
    """How to read one type: the permission its root field needs (None: any
    signed-in caller) and the read path, which raises SaasError when the
    caller may not see the object."""

    permission: tuple[str, str] | None
    read: Callable[[Actor, int], Awaitable[Node]]


async def _export(actor: Actor, pk: int) -> Export:
    run = await runs.get_run(actor, pk)
    if run.kind not in EXPORT_KINDS:
        raise NotFound("export", pk)
    return Export.from_model(run)


async def _report_run(actor: Actor, pk: int) -> ReportRun:
    return ReportRun.from_model(await runs.get_run(actor, pk))


async def _api_key(actor: Actor, pk: int) -> Any:
    """The caller's own key (as `me` shows it), or one of the keys that
    apiKeys lists, with its permission."""
    if not (actor.user_id is None and actor.id == pk) and not actor.can("api_key", "read"):
        raise NotFound("API key", pk)
    return await identity.get_api_key(actor, pk)


async def _api_key_role(actor: Actor, pk: int) -> RoleAssignment:
    return RoleAssignment.from_api_key(await _api_key(actor, pk))


def _via(
    permission: tuple[str, str] | None,
    read: Callable[[Actor, int], Awaitable[Any]],
    convert: Callable[[Any], Node],
) -> Reader:
    async def read_and_convert(actor: Actor, pk: int) -> Node:
        return convert(await read(actor, pk))

    return Reader(permission, read_and_convert)


READERS: dict[str, Reader] = {
    # Types with a root field of their own: that field's permission and read path.
    "Lead": _via(("lead", "read"), visible_lead, Lead.from_model),
    "Customer": _via(("customer", "read"), visible_customer, Customer.from_model),
    "User": _via(("user", "read"), identity.get_user, User.from_model),
    "Store": _via(("store", "read"), org.get_store, Store.from_model),
    "DistributedLead": _via(("distribution", "read"), get_distributed, DistributedLead.from_model),
    "DistributionImport": _via(("distribution", "read"), get_import, DistributionImport.from_model),
    "ReportRun": Reader(("report", "read"), _report_run),
    "Export": Reader(None, _export),
    "ImportRun": _via(None, imports.get_import, ImportRun.from_model),
    # Types listed by a connection or shown inside another object: the list's
    # permission and scope, one row of it.
    "FollowUp": _via(("follow_up", "read"), visible_follow_up, FollowUp.from_model),
    "TestDrive": _via(("lead", "read"), sales.visible_test_drive, TestDrive.from_model),
    "Order": _via(("lead", "read"), sales.visible_order, Order.from_model),
    "VehicleModel": _via(
        None, lambda actor, pk: catalog.get_vehicle_model(pk), VehicleModel.from_model
    ),
    "CustomerCard": _via(("customer_card", "read"), cards.visible_card, CustomerCard.from_model),
    "WeeklyMeeting": _via(
        ("weekly_meeting", "read"), meetings.visible_meeting, WeeklyMeeting.from_model
    ),
    "MeetingAction": _via(
        ("meeting_action", "read"), meetings.visible_action, MeetingAction.from_model
    ),
    "Campaign": _via(("campaign", "read"), campaigns.visible_campaign, Campaign.from_model),
    "CampaignInvitation": _via(
        ("campaign", "read"), campaigns.visible_invitation, CampaignInvitation.from_model
    ),
    "Partner": _via(("partner", "read"), partners.get_partner, Partner.from_model),
    "CustomerDataShare": _via(
        ("data_share", "read"), partners.visible_share, CustomerDataShare.from_model
    ),
    "CustomerMessage": _via(
        ("customer_message", "read"), messages.visible_message, CustomerMessage.from_model
    ),
    "Notification": _via(
        ("notification", "read"), notify.get_notification, Notification.from_model
    ),
    "AuditEntry": _via(
        ("audit_log", "read"),
        lambda actor, pk: audit.audit_entry(actor.tenant_id, pk),
        AuditEntry.from_model,
    ),
    "WebhookEndpoint": _via(
        ("webhook", "read"), webhooks.owned_endpoint, WebhookEndpoint.from_model
    ),
    "WebhookDelivery": _via(
        ("webhook", "read"), webhooks.owned_delivery, WebhookDelivery.from_model
    ),
    "ApiKey": _via(None, _api_key, ApiKey.from_model),
    "ApiKeyRole": Reader(None, _api_key_role),
    "RoleAssignment": _via(
        ("user", "read"), identity.get_role_assignment, RoleAssignment.from_model
    ),
    "DealerGroup": _via(None, org.visible_dealer_group, DealerGroup.from_model),
    "Oem": _via(None, org.visible_oem, Oem.from_model),
    "TrustedDocument": _via(
        ("trusted_document", "read"),
        lambda actor, pk: documents.get_document(pk),
        TrustedDocument.from_model,
    ),
    "Vehicle": _via(("customer", "read"), aftersales.visible_vehicle, Vehicle.from_model),
    "ServiceRecord": _via(
        ("customer", "read"),
        aftersales.visible_service_record,
        lambda row: from_row(ServiceRecord, row),
    ),
    "InsurancePolicy": _via(
        ("customer", "read"),
        aftersales.visible_insurance_policy,
        lambda row: from_row(InsurancePolicy, row),
    ),
    "Survey": _via(
        ("customer", "read"), aftersales.visible_survey, lambda row: from_row(Survey, row)
    ),
    "Complaint": _via(("customer", "read"), aftersales.visible_complaint, Complaint.from_model),
    "ReminderTask": _via(("notification", "read"), aftersales.own_task, ReminderTask.from_model),
    "SuccessPlan": _via(("success_plan", "read"), coaching.visible_plan, SuccessPlan.from_model),
}


async def read_node(actor: Actor, global_id: object) -> Node | None:
    """The object behind `global_id` if the caller may read it, else None."""
    try:
        type_name, pk = from_global_id(global_id)
    except ValueError:
        return None
    reader = READERS[type_name]
    if reader.permission is not None and not actor.can(*reader.permission):
        return None
    try:
        return await reader.read(actor, pk)
    except SaasError:
        return None


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="Any object by its global id, under the same permissions as the field "
        "that lists or returns it; null when it does not exist or you may not see it.",
        extensions=authenticated(),
    )
    async def node(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="A global id, as the API gave it.")
        ],
    ) -> Node | None:
        return await read_node(info.context.require_actor(), id)

    @strawberry.field(
        description=f"Several objects by their global ids (at most {MAX_NODES}), in the order "
        "asked; null for each one that does not exist or you may not see.",
        extensions=authenticated(),
        directives=[MaxItems(count=MAX_NODES, input_sized=True)],
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description="Global ids, as the API gave them."),
        ],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise GraphQLError(
                f"ask for at most {MAX_NODES} ids at a time ({len(ids)} given)",
                extensions={"code": "BAD_USER_INPUT"},
            )
        actor = info.context.require_actor()
        # One after the other: the request's transaction runs on one connection.
        return [await read_node(actor, i) for i in ids]
