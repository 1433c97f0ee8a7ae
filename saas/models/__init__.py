"""All Tortoise models, in one module list for Tortoise and aerich."""

from saas.models.aftersales import (
    Complaint,
    InsurancePolicy,
    ReminderTask,
    ServiceRecord,
    Survey,
    Vehicle,
)
from saas.models.audit import AuditEntry
from saas.models.base import TenantModel, TimestampedModel
from saas.models.catalog import VehicleModel
from saas.models.crm import (
    ConsultantProductLine,
    Customer,
    CustomerCard,
    CustomerEvent,
    CustomerMessage,
    CustomerTag,
    FollowUp,
    Lead,
    LeadAssignment,
    LeadEvent,
    Order,
    StoreCounter,
    TestDrive,
)
from saas.models.documents import TrustedDocument
from saas.models.events import DomainEvent, WebhookDelivery, WebhookEndpoint
from saas.models.identity import (
    ApiKey,
    AuthzRevision,
    LoginThrottle,
    RefreshToken,
    RoleAssignment,
    User,
)
from saas.models.imports import ImportRow, ImportRun
from saas.models.notify import JobRequest, Notification
from saas.models.oem import DistributedLead, DistributionImport, OemRoutingRule, SlaEvent
from saas.models.org import DealerGroup, Oem, Store
from saas.models.reports import ReportRun, SalesTarget

__models__: list[type[TimestampedModel]] = [
    Oem,
    DealerGroup,
    Store,
    User,
    RoleAssignment,
    AuthzRevision,
    ApiKey,
    RefreshToken,
    LoginThrottle,
    VehicleModel,
    Customer,
    CustomerTag,
    CustomerEvent,
    Lead,
    LeadAssignment,
    LeadEvent,
    FollowUp,
    TestDrive,
    Order,
    ConsultantProductLine,
    StoreCounter,
    DistributedLead,
    SlaEvent,
    OemRoutingRule,
    Notification,
    JobRequest,
    DistributionImport,
    SalesTarget,
    ReportRun,
    Vehicle,
    ServiceRecord,
    InsurancePolicy,
    Complaint,
    Survey,
    ReminderTask,
    AuditEntry,
    DomainEvent,
    WebhookEndpoint,
    WebhookDelivery,
    ImportRun,
    ImportRow,
    CustomerMessage,
    CustomerCard,
    TrustedDocument,
]

__all__ = [
    "ApiKey",
    "AuditEntry",
    "AuthzRevision",
    "Complaint",
    "ConsultantProductLine",
    "Customer",
    "CustomerCard",
    "CustomerEvent",
    "CustomerMessage",
    "CustomerTag",
    "DealerGroup",
    "DistributedLead",
    "DistributionImport",
    "DomainEvent",
    "FollowUp",
    "ImportRow",
    "ImportRun",
    "InsurancePolicy",
    "JobRequest",
    "Lead",
    "LeadAssignment",
    "LeadEvent",
    "LoginThrottle",
    "Notification",
    "Oem",
    "OemRoutingRule",
    "Order",
    "RefreshToken",
    "ReminderTask",
    "ReportRun",
    "RoleAssignment",
    "SalesTarget",
    "ServiceRecord",
    "SlaEvent",
    "Store",
    "StoreCounter",
    "Survey",
    "TenantModel",
    "TestDrive",
    "TimestampedModel",
    "TrustedDocument",
    "User",
    "Vehicle",
    "VehicleModel",
    "WebhookDelivery",
    "WebhookEndpoint",
]


def tenant_models() -> list[type[TenantModel]]:
    return [m for m in __models__ if issubclass(m, TenantModel)]
