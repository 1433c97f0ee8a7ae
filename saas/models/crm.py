"""The sales CRM: customers, leads, follow-ups, test drives, orders, and their
histories. Every table belongs to one tenant (dealer group)."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import CustomerModel, LeadModel, StoreModel, TenantModel


class Customer(TenantModel):
    """A customer archive (客户档案). The normalised phone is unique per tenant."""

    store_id = fields.BigIntField()
    archive_no = fields.CharField(max_length=48)
    owner_id = fields.BigIntField(null=True)
    name = fields.CharField(max_length=100)
    phone = fields.CharField(max_length=20)  # E.164
    wechat = fields.CharField(max_length=64, null=True)
    gender = fields.CharField(max_length=8, null=True)
    birthday = fields.DateField(null=True)
    city = fields.CharField(max_length=64, null=True)
    occupation = fields.CharField(max_length=64, null=True)
    income_band = fields.CharField(max_length=16, null=True)
    # needs: model class, budget, purpose, focus points, expected purchase time
    model_class = fields.CharField(max_length=16, null=True)
    budget_min = fields.IntField(null=True)
    budget_max = fields.IntField(null=True)
    purpose = fields.CharField(max_length=32, null=True)
    focus_points: list[str] = fields.JSONField(default=list)
    expected_purchase = fields.CharField(max_length=16, null=True)
    consent_marketing = fields.BooleanField(default=False)
    consent_share_finance = fields.BooleanField(default=False)
    consent_share_insurance = fields.BooleanField(default=False)
    merged_into_id = fields.BigIntField(null=True)
    # Set by the monthly classification job.
    value_tier = fields.CharField(max_length=1, null=True)  # A B C
    lifecycle = fields.CharField(max_length=12, null=True)  # high_value potential general lost
    classified_at = fields.DatetimeField(null=True)
    purchase_potential = fields.CharField(max_length=8, null=True)  # high medium low
    # Key customers only (value tier A or an open important lead).
    credit_rating = fields.CharField(max_length=12, null=True)
    credit_rating_basis = fields.CharField(max_length=500, null=True)
    credit_rated_on = fields.DateField(null=True)
    credit_rated_by_id = fields.BigIntField(null=True)
    version = fields.IntField(default=1)
    updated_at = fields.DatetimeField(auto_now=True)

    tenant_refs = {"store_id": "Store", "merged_into_id": "Customer"}

    class Meta:
        table = "customer"
        unique_together = (("tenant_id", "id"), ("tenant_id", "phone"), ("tenant_id", "archive_no"))
        indexes = (("tenant_id", "store_id", "owner_id"),)


class CustomerTag(CustomerModel):
    """A tag on a customer; removal keeps the row (removed_at) as history."""

    tag = fields.CharField(max_length=48)
    kind = fields.CharField(max_length=8)  # static | dynamic
    added_by_id = fields.BigIntField(null=True)
    removed_at = fields.DatetimeField(null=True)
    removed_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "customer_tag"
        unique_together = (("tenant_id", "id"),)
        indexes = (("tenant_id", "customer_id"),)


class CustomerEvent(CustomerModel):
    """Append-only history of a customer: consents, tags, merges, phone reveals."""

    kind = fields.CharField(max_length=32)
    actor_id = fields.BigIntField(null=True)
    data: dict[str, object] = fields.JSONField(default=dict)

    class Meta:
        table = "customer_event"
        unique_together = (("tenant_id", "id"),)
        indexes = (("tenant_id", "customer_id", "kind"),)


class Lead(CustomerModel):
    """A customer's buying intent at one store (潜客)."""

    owner_id = fields.BigIntField(null=True)
    source_channel = fields.CharField(max_length=24)
    vehicle_model_id = fields.BigIntField(null=True)
    budget_min = fields.IntField(null=True)
    budget_max = fields.IntField(null=True)
    expected_purchase_date = fields.DateField(null=True)
    intent_grade = fields.CharField(max_length=1)  # H A B C N
    status = fields.CharField(max_length=16)  # open lost_pending lost ordered delivered cancelled
    stage = fields.CharField(max_length=24)
    is_important = fields.BooleanField(default=False)
    # Distributed by an OEM (directly, or an existing lead the OEM's lead joined).
    is_distributed = fields.BooleanField(default=False)
    next_follow_up_at = fields.DatetimeField(null=True)
    next_follow_up_reason = fields.CharField(max_length=200, null=True)
    cadence_due_at = fields.DatetimeField(null=True)
    # min(next_follow_up_at, cadence_due_at) while open: the "due"/"overdue" filter
    due_at = fields.DatetimeField(null=True)
    first_follow_up_at = fields.DatetimeField(null=True)
    last_follow_up_at = fields.DatetimeField(null=True)
    follow_up_count = fields.IntField(default=0)
    lost_reason = fields.CharField(max_length=32, null=True)
    lost_note = fields.CharField(max_length=500, null=True)
    # bought_competitor: whose car the customer bought instead
    lost_competitor_brand = fields.CharField(max_length=60, null=True)
    lost_competitor_model = fields.CharField(max_length=80, null=True)
    lost_requested_by_id = fields.BigIntField(null=True)
    # The partner who referred the buyer (source partner_referral); null otherwise.
    referred_by_partner_id = fields.BigIntField(null=True)
    closed_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=1)
    updated_at = fields.DatetimeField(auto_now=True)
    # Taken in at this owner event or campaign: the campaign report counts it.
    campaign_id = fields.BigIntField(null=True)

    tenant_refs = {"campaign_id": "Campaign", "referred_by_partner_id": "Partner"}

    class Meta:
        table = "lead"
        unique_together = (("tenant_id", "id"),)
        indexes = (
            ("tenant_id", "store_id", "status", "due_at"),
            ("tenant_id", "owner_id", "status", "due_at"),
            ("tenant_id", "customer_id"),
        )


class LeadAssignment(StoreModel):
    """Who owned a lead from when, why, and who decided (history)."""

    lead_id = fields.BigIntField()
    from_user_id = fields.BigIntField(null=True)
    to_user_id = fields.BigIntField()
    reason = fields.CharField(max_length=300)
    is_automatic = fields.BooleanField(default=False)
    assigned_by_id = fields.BigIntField(null=True)

    tenant_refs = {"lead_id": "Lead"}

    class Meta:
        table = "lead_assignment"
        unique_together = (("tenant_id", "id"),)
        indexes = (("tenant_id", "lead_id"), ("tenant_id", "store_id", "to_user_id"))


class LeadEvent(StoreModel):
    """Append-only history of a lead: stage moves, grade changes, next-date
    moves, lost requests and decisions, order milestones."""

    lead_id = fields.BigIntField()
    kind = fields.CharField(max_length=32)
    actor_id = fields.BigIntField(null=True)
    from_value = fields.CharField(max_length=64, null=True)
    to_value = fields.CharField(max_length=64, null=True)
    reason = fields.CharField(max_length=300, null=True)
    data: dict[str, object] = fields.JSONField(default=dict)

    tenant_refs = {"lead_id": "Lead"}

    class Meta:
        table = "lead_event"
        unique_together = (("tenant_id", "id"),)
        indexes = (("tenant_id", "lead_id", "kind"),)


class FollowUp(LeadModel):
    """One contact with the customer about a lead (跟进记录)."""

    user_id = fields.BigIntField(null=True)
    channel = fields.CharField(max_length=16)
    happened_at = fields.DatetimeField()
    content = fields.TextField()
    result = fields.CharField(max_length=200, null=True)
    grade_before = fields.CharField(max_length=1, null=True)
    grade_after = fields.CharField(max_length=1, null=True)
    stage_before = fields.CharField(max_length=24, null=True)
    stage_after = fields.CharField(max_length=24, null=True)
    next_follow_up_at = fields.DatetimeField(null=True)
    next_follow_up_reason = fields.CharField(max_length=200, null=True)
    is_automatic = fields.BooleanField(default=False)
    # When the lead was due before this follow-up: on time if happened_at <= it.
    due_at_before = fields.DatetimeField(null=True)

    class Meta:
        table = "follow_up"
        unique_together = (("tenant_id", "id"),)
        indexes = (
            ("tenant_id", "customer_id"),
            ("tenant_id", "lead_id", "happened_at"),
            ("tenant_id", "store_id", "happened_at"),
        )


class TestDrive(LeadModel):
    """A scheduled or completed test drive."""

    vehicle_model_id = fields.BigIntField()
    consultant_id = fields.BigIntField(null=True)
    scheduled_at = fields.DatetimeField()
    status = fields.CharField(max_length=16)  # scheduled done no_show cancelled
    completed_at = fields.DatetimeField(null=True)
    feedback = fields.TextField(null=True)

    class Meta:
        table = "test_drive"
        unique_together = (("tenant_id", "id"),)
        indexes = (
            ("tenant_id", "customer_id"),
            ("tenant_id", "lead_id"),
            ("tenant_id", "store_id", "scheduled_at"),
        )


class Order(LeadModel):
    """A vehicle order: signed (O) -> delivered (D), or cancelled (T)."""

    vehicle_model_id = fields.BigIntField()
    configuration = fields.CharField(max_length=300, null=True)
    price = fields.DecimalField(max_digits=12, decimal_places=2)
    payment_method = fields.CharField(max_length=8)  # cash loan lease
    deposit = fields.DecimalField(max_digits=12, decimal_places=2, default=0)
    status = fields.CharField(max_length=12)  # signed delivered cancelled
    signed_at = fields.DatetimeField()
    delivered_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    cancel_reason = fields.CharField(max_length=300, null=True)
    consultant_id = fields.BigIntField(null=True)

    class Meta:
        table = "vehicle_order"
        unique_together = (("tenant_id", "id"),)
        indexes = (
            ("tenant_id", "customer_id"),
            ("tenant_id", "lead_id"),
            ("tenant_id", "store_id", "status"),
        )


class ConsultantProductLine(StoreModel):
    """Series a consultant sells in a store: the first rule of auto-assignment."""

    user_id = fields.BigIntField()
    series = fields.CharField(max_length=64)

    class Meta:
        table = "consultant_product_line"
        unique_together = (("tenant_id", "id"), ("tenant_id", "store_id", "user_id", "series"))


class StoreCounter(StoreModel):
    """Per-store sequences (customer archive numbers)."""

    name = fields.CharField(max_length=32)
    value = fields.BigIntField(default=0)

    class Meta:
        table = "store_counter"
        unique_together = (("tenant_id", "id"), ("tenant_id", "store_id", "name"))


class CustomerMessage(CustomerModel):
    """A message sent to a customer (a thank-you after a showroom visit), kept
    once per event (the key) so that managers can see what customers were told."""

    lead_id = fields.BigIntField(null=True)
    # The showroom visit (or other follow-up) the message answers.
    follow_up_id = fields.BigIntField(null=True)
    # The consultant on whose behalf it went out (who logged the visit).
    user_id = fields.BigIntField(null=True)
    kind = fields.CharField(max_length=32)  # thank_you
    channel = fields.CharField(max_length=8)  # sms wechat
    recipient = fields.CharField(max_length=64)
    text = fields.TextField()
    sent_at = fields.DatetimeField()
    # What sent it: the job (crm.thank_you, or the sweep that caught a lost one).
    trigger = fields.CharField(max_length=40)
    dedup_key = fields.CharField(max_length=128)

    tenant_refs = {"lead_id": "Lead", "follow_up_id": "FollowUp"}

    class Meta:
        table = "customer_message"
        unique_together = (("tenant_id", "id"), ("tenant_id", "dedup_key"))
        indexes = (
            ("tenant_id", "store_id", "sent_at"),
            ("tenant_id", "customer_id", "sent_at"),
            ("tenant_id", "follow_up_id"),
        )


class CustomerCard(LeadModel):
    """The customer card of a lead as of its first contact: the grade, the next
    follow-up and its reason as the consultant filled them in, and its review:
    drafted -> signed by the showroom manager -> entered by the customer
    administrator, or returned with a comment and drafted again."""

    # The lead's owner when the card was drafted: whose card it is.
    consultant_id = fields.BigIntField(null=True)
    intent_grade = fields.CharField(max_length=1)
    next_follow_up_at = fields.DatetimeField()
    next_follow_up_reason = fields.CharField(max_length=200)
    first_contact_at = fields.DatetimeField()
    state = fields.CharField(max_length=12)  # drafted signed returned entered
    # When the card reached its current state: the age of a queue entry.
    state_since = fields.DatetimeField()
    submitted_at = fields.DatetimeField()
    submitted_by_id = fields.BigIntField(null=True)
    signed_at = fields.DatetimeField(null=True)
    signed_by_id = fields.BigIntField(null=True)
    returned_at = fields.DatetimeField(null=True)
    returned_by_id = fields.BigIntField(null=True)
    return_comment = fields.CharField(max_length=500, null=True)
    entered_at = fields.DatetimeField(null=True)
    entered_by_id = fields.BigIntField(null=True)
    version = fields.IntField(default=1)

    class Meta:
        table = "customer_card"
        unique_together = (("tenant_id", "id"), ("tenant_id", "lead_id"))
        indexes = (("tenant_id", "store_id", "state", "state_since"),)


class Campaign(TenantModel):
    """An owner event or campaign (auto show, test-drive day, owner trip, care
    event) of one store or of the whole group (`store_id` null): when, what it
    cost, and the customer segment it invites, stored as chosen."""

    store_id = fields.BigIntField(null=True)
    kind = fields.CharField(max_length=16)  # auto_show test_drive_day owner_trip care_event
    name = fields.CharField(max_length=100)
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    cost = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    status = fields.CharField(max_length=8)  # planned open closed
    # The target segment: every condition given must hold.
    segment_tags: list[str] = fields.JSONField(default=list)
    segment_value_tier = fields.CharField(max_length=1, null=True)
    segment_lifecycle = fields.CharField(max_length=12, null=True)
    segment_vehicle_model_id = fields.BigIntField(null=True)
    segment_store_id = fields.BigIntField(null=True)
    # The last invitation run: when, and how many of the segment it left out
    # because their consent does not allow marketing contact.
    invited_at = fields.DatetimeField(null=True)
    skipped_for_consent = fields.IntField(default=0)
    created_by_id = fields.BigIntField(null=True)
    version = fields.IntField(default=1)
    updated_at = fields.DatetimeField(auto_now=True)

    tenant_refs = {"store_id": "Store", "segment_store_id": "Store"}

    class Meta:
        table = "campaign"
        unique_together = (("tenant_id", "id"),)
        indexes = (("tenant_id", "store_id", "starts_at"),)


class CampaignInvitation(CustomerModel):
    """A customer invited to a campaign (once), the answer (RSVP) and whether
    they came. `store_id` is the customer's store: its consultants follow it up."""

    campaign_id = fields.BigIntField()
    rsvp = fields.CharField(max_length=8, null=True)  # yes no maybe
    rsvp_at = fields.DatetimeField(null=True)
    attended = fields.BooleanField(default=False)
    attended_at = fields.DatetimeField(null=True)
    recorded_by_id = fields.BigIntField(null=True)

    tenant_refs = {"campaign_id": "Campaign"}

    class Meta:
        table = "campaign_invitation"
        unique_together = (("tenant_id", "id"), ("tenant_id", "campaign_id", "customer_id"))
        indexes = (("tenant_id", "campaign_id", "store_id"),)
