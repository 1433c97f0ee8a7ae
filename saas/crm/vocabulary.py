"""The words of the sales floor: grades, stages, statuses, channels, reasons."""

from __future__ import annotations

from enum import StrEnum


class IntentGrade(StrEnum):
    H = "H"  # may order within 7 days
    A = "A"  # within 15 days
    B = "B"  # within 30 days
    C = "C"  # within 2-3 months
    N = "N"  # not yet known


class LeadStatus(StrEnum):
    OPEN = "open"
    LOST_PENDING = "lost_pending"  # lost requested, waiting for a manager
    LOST = "lost"  # 战败, with a reason
    ORDERED = "ordered"  # O: contract signed, not delivered
    DELIVERED = "delivered"  # D
    CANCELLED = "cancelled"  # T: order cancelled
    RETURNED = "returned"  # an OEM lead the dealer sent back to the OEM


# Statuses that count towards a consultant's load when new leads are assigned
# (the partial index lead_load_by_store of migration 12 holds exactly these).
OPEN_FOR_LOAD = [LeadStatus.OPEN.value, LeadStatus.LOST_PENDING.value, LeadStatus.ORDERED.value]

# Statuses in which a customer's lead at a store takes in a new lead of the
# same customer there: the new one is a duplicate and merges into it.
OPEN_FOR_INTAKE = [LeadStatus.OPEN.value, LeadStatus.LOST_PENDING.value]

# Statuses in which a lead is worked and its cadence applies.
WORKED_STATUSES = frozenset({LeadStatus.OPEN})
CLOSED_STATUSES = frozenset(
    {LeadStatus.LOST, LeadStatus.DELIVERED, LeadStatus.CANCELLED, LeadStatus.RETURNED}
)

STATUS_GRADE = {
    LeadStatus.ORDERED: "O",
    LeadStatus.DELIVERED: "D",
    LeadStatus.CANCELLED: "T",
    LeadStatus.LOST: "F",
}


class FunnelStage(StrEnum):
    FIRST_CONTACT = "first_contact"
    NEEDS_ANALYSIS = "needs_analysis"
    VEHICLE_PRESENTATION = "vehicle_presentation"
    TEST_DRIVE = "test_drive"
    NEGOTIATION = "negotiation"
    CONTRACT = "contract"
    DELIVERY = "delivery"

    @property
    def rank(self) -> int:
        return list(FunnelStage).index(self)


class SourceChannel(StrEnum):
    WALK_IN = "walk_in"
    PHONE_IN = "phone_in"
    WEBSITE = "website"
    AUTO_SHOW = "auto_show"
    REFERRAL = "referral"
    THIRD_PARTY = "third_party"
    PROSPECTING = "prospecting"  # market development
    PARTNER_REFERRAL = "partner_referral"  # 助销
    OEM = "oem"  # distributed by the car maker


class FollowUpChannel(StrEnum):
    PHONE = "phone"
    WECHAT = "wechat"
    SMS = "sms"
    SHOWROOM_VISIT = "showroom_visit"
    EMAIL = "email"
    TEST_DRIVE = "test_drive"


class LostReason(StrEnum):
    BOUGHT_COMPETITOR = "bought_competitor"
    BOUGHT_ELSEWHERE = "bought_elsewhere"  # same brand, another dealer
    PRICE = "price"
    NO_LONGER_INTERESTED = "no_longer_interested"
    UNREACHABLE = "unreachable"
    FINANCING_DECLINED = "financing_declined"
    OTHER = "other"


class PaymentMethod(StrEnum):
    CASH = "cash"
    LOAN = "loan"
    LEASE = "lease"


class OrderStatus(StrEnum):
    SIGNED = "signed"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class TestDriveStatus(StrEnum):
    __test__ = False  # not a pytest test class
    SCHEDULED = "scheduled"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class TagKind(StrEnum):
    STATIC = "static"  # e.g. first car
    DYNAMIC = "dynamic"  # e.g. price sensitive


class ModelClass(StrEnum):
    SEDAN = "sedan"
    SUV = "suv"
    MPV = "mpv"
    NEV = "nev"
    PICKUP = "pickup"
    SPORTS = "sports"


class Purpose(StrEnum):
    FAMILY = "family"
    BUSINESS = "business"
    COMMUTE = "commute"
    OFF_ROAD = "off_road"
    REPLACEMENT = "replacement"
    OTHER = "other"


class ExpectedPurchase(StrEnum):
    WITHIN_7_DAYS = "within_7_days"
    WITHIN_15_DAYS = "within_15_days"
    WITHIN_30_DAYS = "within_30_days"
    WITHIN_3_MONTHS = "within_3_months"
    LATER = "later"
    UNKNOWN = "unknown"


class PurchasePotential(StrEnum):
    """How much the customer could buy, beside the intent grade (when)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class CreditRating(StrEnum):
    """A key customer's credit standing as the store judged it."""

    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"
