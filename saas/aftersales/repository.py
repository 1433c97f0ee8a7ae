"""Queries on after-sales tables."""

from __future__ import annotations

from typing import ClassVar

from saas.models import Complaint, InsurancePolicy, ReminderTask, ServiceRecord, Survey, Vehicle
from saas.tenancy.scoped import TenantRepository


class VehicleRepository(TenantRepository[Vehicle]):
    model = Vehicle


class ServiceRecordRepository(TenantRepository[ServiceRecord]):
    model = ServiceRecord


class InsurancePolicyRepository(TenantRepository[InsurancePolicy]):
    model = InsurancePolicy


class ComplaintRepository(TenantRepository[Complaint]):
    model = Complaint


class SurveyRepository(TenantRepository[Survey]):
    model = Survey


class ReminderTaskRepository(TenantRepository[ReminderTask]):
    model = ReminderTask
    owner_column: ClassVar[str | None] = "user_id"
