"""Queries on after-sales tables."""

from __future__ import annotations

from typing import ClassVar

from saas.models import Complaint, InsurancePolicy, ReminderTask, ServiceRecord, Survey, Vehicle
from saas.tenancy.scoped import TenantRepository


class VehicleRepository(TenantRepository[Vehicle]): ...


class ServiceRecordRepository(TenantRepository[ServiceRecord]): ...


class InsurancePolicyRepository(TenantRepository[InsurancePolicy]): ...


class ComplaintRepository(TenantRepository[Complaint]): ...


class SurveyRepository(TenantRepository[Survey]): ...


class ReminderTaskRepository(TenantRepository[ReminderTask]):
    owner_column: ClassVar[str | None] = "user_id"
