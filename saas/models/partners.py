"""Partners of a dealer group (banks, finance and insurance companies,
alliance agents who refer buyers) and the record of every hand-off of a
customer's data to one of them. Both tables belong to one tenant."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import CustomerModel, TenantModel


class Partner(TenantModel):
    """A partner of the whole group (not of one store); deactivated, never deleted,
    so the shares and referrals that name it keep their meaning."""

    kind = fields.CharField(max_length=16)  # bank finance insurance alliance_agent
    name = fields.CharField(max_length=120)
    contact_name = fields.CharField(max_length=100, null=True)
    contact_phone = fields.CharField(max_length=32, null=True)
    contact_email = fields.CharField(max_length=200, null=True)
    is_active = fields.BooleanField(default=True)
    created_by_id = fields.BigIntField(null=True)
    version = fields.IntField(default=1)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "partner"
        unique_together = (("tenant_id", "id"), ("tenant_id", "name"))
        indexes = (("tenant_id", "kind", "is_active"),)


class CustomerDataShare(CustomerModel):
    """One hand-off of a customer's data to a partner: which fields, the values
    as sent, for what, to whom, by whom and when, and the consent it relied on.
    Append-only: a revoked consent stops later shares, it does not unsay this one."""

    partner_id = fields.BigIntField()
    purpose = fields.CharField(max_length=24)  # loan_application lease_application insurance_quote
    fields_sent: list[str] = fields.JSONField(default=list)
    values_sent: dict[str, object] = fields.JSONField(default=dict)
    consent = fields.CharField(max_length=24)  # share_finance | share_insurance
    # The customer_event that recorded the consent (who, when, how obtained);
    # null for a consent recorded before consents kept their history.
    consent_event_id = fields.BigIntField(null=True)
    shared_by_id = fields.BigIntField(null=True)
    shared_at = fields.DatetimeField()

    tenant_refs = {"partner_id": "Partner", "consent_event_id": "CustomerEvent"}

    class Meta:
        table = "customer_data_share"
        unique_together = (("tenant_id", "id"),)
        indexes = (("tenant_id", "customer_id", "shared_at"), ("tenant_id", "partner_id"))
