"""After-sales: vehicles owned, service and insurance, complaints, surveys, and
the consultants' reminder tasks."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import CustomerModel


class Vehicle(CustomerModel):
    vin = fields.CharField(max_length=17, null=True)  # null until known
    vehicle_model_id = fields.BigIntField(null=True)
    model_name = fields.CharField(max_length=128)
    purchase_date = fields.DateField()
    price = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    payment_method = fields.CharField(max_length=8, null=True)
    # this_store | group_store | elsewhere | used
    purchase_channel = fields.CharField(max_length=12)
    order_id = fields.BigIntField(null=True)

    class Meta:
        table = "vehicle"
        unique_together = (("tenant_id", "id"), ("tenant_id", "vin"))
        indexes = (("tenant_id", "customer_id"),)


class ServiceRecord(CustomerModel):
    vehicle_id = fields.BigIntField()
    kind = fields.CharField(max_length=12)  # maintenance | repair
    service_date = fields.DateField()
    mileage_km = fields.IntField()
    content = fields.TextField()
    cost = fields.DecimalField(max_digits=12, decimal_places=2)

    tenant_refs = {"vehicle_id": "Vehicle"}

    class Meta:
        table = "service_record"
        unique_together = (("tenant_id", "id"),)
        indexes = (
            ("tenant_id", "customer_id"),
            ("tenant_id", "vehicle_id", "service_date"),
        )


class InsurancePolicy(CustomerModel):
    vehicle_id = fields.BigIntField()
    insurer = fields.CharField(max_length=100)
    start_date = fields.DateField()
    expiry_date = fields.DateField()
    premium = fields.DecimalField(max_digits=12, decimal_places=2)
    renewed = fields.BooleanField(default=False)
    shared_with_insurer = fields.BooleanField(default=False)

    tenant_refs = {"vehicle_id": "Vehicle"}

    class Meta:
        table = "insurance_policy"
        unique_together = (("tenant_id", "id"),)
        indexes = (
            ("tenant_id", "customer_id"),
            ("tenant_id", "expiry_date"),
        )


class Complaint(CustomerModel):
    channel = fields.CharField(max_length=16)
    severity = fields.CharField(max_length=8)  # low medium high critical
    owner_id = fields.BigIntField(null=True)
    status = fields.CharField(max_length=12, default="open")  # open in_progress resolved closed
    description = fields.TextField()
    resolution = fields.TextField(null=True)
    # 0 for A-tier customers: handled first.
    priority = fields.IntField(default=1)
    resolved_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    escalated_at = fields.DatetimeField(null=True)

    class Meta:
        table = "complaint"
        unique_together = (("tenant_id", "id"),)
        indexes = (
            ("tenant_id", "customer_id"),
            ("tenant_id", "store_id", "status", "priority"),
        )


class Survey(CustomerModel):
    kind = fields.CharField(max_length=8)  # delivery | service
    consultant_id = fields.BigIntField(null=True)
    product_score = fields.IntField()
    attitude_score = fields.IntField()
    after_sales_score = fields.IntField()
    comment = fields.TextField(null=True)

    class Meta:
        table = "survey"
        unique_together = (("tenant_id", "id"),)
        indexes = (
            ("tenant_id", "customer_id"),
            ("tenant_id", "store_id", "created_at"),
        )


class ReminderTask(CustomerModel):
    """A reminder in a consultant's task list; the key keeps it to one per event."""

    user_id = fields.BigIntField()
    kind = fields.CharField(max_length=20)
    due_date = fields.DateField()
    title = fields.CharField(max_length=200)
    dedup_key = fields.CharField(max_length=128)
    status = fields.CharField(max_length=8, default="open")  # open done
    result = fields.TextField(null=True)
    done_at = fields.DatetimeField(null=True)

    class Meta:
        table = "reminder_task"
        unique_together = (("tenant_id", "id"), ("tenant_id", "dedup_key"))
        indexes = (("tenant_id", "user_id", "status", "due_date"),)
