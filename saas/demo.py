"""Demo data for development: one OEM, two dealer groups with stores in
different cities, and a user for every role. Safe to run twice."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from saas.aftersales.reminders import run_reminders
from saas.aftersales.repository import (
    ComplaintRepository,
    InsurancePolicyRepository,
    ServiceRecordRepository,
    SurveyRepository,
    VehicleRepository,
)
from saas.crm.campaigns import (
    CampaignChanges,
    CampaignKind,
    CampaignStatus,
    NewCampaign,
    Rsvp,
    Segment,
    create_campaign,
    invite_segment,
    record_attendance,
    record_rsvp,
    update_campaign,
)
from saas.crm.cards import enter_card, return_card, sign_card, submit_card
from saas.crm.catalog import create_vehicle_model
from saas.crm.customers import CustomerFields, set_consents
from saas.crm.follow_ups import NewFollowUp, log_follow_up
from saas.crm.leads import LeadIntake, NewLead, create_lead, decide_lost, request_lost
from saas.crm.partners import (
    PartnerKind,
    ShareField,
    SharePurpose,
    create_partner,
    share_with_partner,
)
from saas.crm.reminders import thank_you
from saas.crm.repository import (
    CampaignInvitationRepository,
    CustomerEventRepository,
    CustomerRepository,
    CustomerTagRepository,
    LeadEventRepository,
    LeadRepository,
    OrderRepository,
)
from saas.crm.sales import (
    NewOrder,
    complete_test_drive,
    deliver_order,
    schedule_test_drive,
    sign_order,
)
from saas.crm.tiers import classify
from saas.crm.vocabulary import (
    FollowUpChannel,
    FunnelStage,
    IntentGrade,
    LeadStatus,
    LostReason,
    OrderStatus,
    PaymentMethod,
    SourceChannel,
    TestDriveStatus,
)
from saas.events.repository import settle_all
from saas.identity.service import NewUser, grant_initial_role, register_user
from saas.management.coaching import (
    NewAction,
    coaching_candidates,
    complete_action,
    local_today,
    record_one_to_one,
    review_plan,
    week_of,
)
from saas.management.meetings import (
    ActionStatus,
    add_action,
    archive_meeting,
    change_action_status,
    open_meeting,
    week_start_of,
)
from saas.management.repository import MeetingActionRepository
from saas.models import CampaignInvitation, DealerGroup, Oem, SuccessPlan, User, VehicleModel
from saas.models import Store as StoreModel
from saas.oem.distribution import distribute
from saas.oem.sla import sweep
from saas.oem.types import LeadOrder
from saas.org.service import StoreFields, create_dealer_group, create_oem, create_store
from saas.org.settings import ValueTiers
from saas.reports.service import set_target
from saas.tenancy.actor import Actor
from saas.tenancy.auth import actor_for_user
from saas.tenancy.authz import Authorizer
from saas.tenancy.roles import Role

THANKED_AFTER = timedelta(minutes=10)
DEMO_PASSWORD = "Demo-pass-2026"
WEEKDAYS = {d: ["09:00", "18:30"] for d in ("mon", "tue", "wed", "thu", "fri")}
WEEKEND = {d: ["09:30", "20:00"] for d in ("sat", "sun")}


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    group: str | None = None  # dealer group code
    store: str | None = None  # store code, for store roles
    oem: bool = False


GROUPS = {
    "EASTSTAR": (
        "Eastern Star Auto Group",
        [
            StoreFields(
                "SH-PUDONG",
                "Eastern Star Huaxia Pudong",
                "East China",
                "Shanghai",
                brands=["Huaxia", "Huaxia EV"],
                opening_hours=WEEKDAYS | WEEKEND,
            ),
            StoreFields(
                "HZ-XIHU",
                "Eastern Star Huaxia Xihu",
                "East China",
                "Hangzhou",
                brands=["Huaxia"],
                opening_hours=WEEKDAYS | WEEKEND,
            ),
            StoreFields(
                "SZ-GUSU",
                "Eastern Star Nordwind Suzhou",
                "East China",
                "Suzhou",
                brands=["Nordwind"],
                opening_hours=WEEKDAYS,
            ),
        ],
    ),
    "PEARLRIVER": (
        "Pearl River Motors",
        [
            StoreFields(
                "GZ-TIANHE",
                "Pearl River Huaxia Tianhe",
                "South China",
                "Guangzhou",
                brands=["Huaxia", "Huaxia EV"],
                opening_hours=WEEKDAYS | WEEKEND,
            ),
            StoreFields(
                "SZ-NANSHAN",
                "Pearl River Huaxia EV Nanshan",
                "South China",
                "Shenzhen",
                brands=["Huaxia EV"],
                opening_hours=WEEKDAYS | WEEKEND,
            ),
        ],
    ),
}

USERS = [
    DemoUser("platform@demo.dealercrm.cn", "Platform Operator", Role.PLATFORM_ADMIN),
    DemoUser(
        "distributor@huaxia-auto.demo",
        "Li Na (Huaxia lead desk)",
        Role.OEM_DISTRIBUTOR,
        oem=True,
    ),
    DemoUser("admin@eaststar.demo", "Zhou Min (IT admin)", Role.GROUP_ADMIN, "EASTSTAR"),
    DemoUser(
        "exec@eaststar.demo",
        "Chen Gang (group sales director)",
        Role.GROUP_EXECUTIVE,
        "EASTSTAR",
    ),
    DemoUser(
        "showroom.pudong@eaststar.demo",
        "Wang Lei",
        Role.SHOWROOM_MANAGER,
        "EASTSTAR",
        "SH-PUDONG",
    ),
    DemoUser(
        "sales.pudong@eaststar.demo",
        "Liu Yang",
        Role.SALES_MANAGER,
        "EASTSTAR",
        "SH-PUDONG",
    ),
    DemoUser(
        "records.pudong@eaststar.demo",
        "Sun Li",
        Role.CUSTOMER_ADMIN,
        "EASTSTAR",
        "SH-PUDONG",
    ),
    DemoUser("zhang.wei@eaststar.demo", "Zhang Wei", Role.CONSULTANT, "EASTSTAR", "SH-PUDONG"),
    DemoUser(
        "huang.jing@eaststar.demo",
        "Huang Jing",
        Role.CONSULTANT,
        "EASTSTAR",
        "SH-PUDONG",
    ),
    DemoUser("xu.tao@eaststar.demo", "Xu Tao", Role.CONSULTANT, "EASTSTAR", "HZ-XIHU"),
    DemoUser(
        "showroom.xihu@eaststar.demo",
        "Ma Jun",
        Role.SHOWROOM_MANAGER,
        "EASTSTAR",
        "HZ-XIHU",
    ),
    DemoUser("admin@pearlriver.demo", "He Ping (IT admin)", Role.GROUP_ADMIN, "PEARLRIVER"),
    DemoUser(
        "showroom.tianhe@pearlriver.demo",
        "Lin Fang",
        Role.SHOWROOM_MANAGER,
        "PEARLRIVER",
        "GZ-TIANHE",
    ),
    DemoUser(
        "guo.qiang@pearlriver.demo",
        "Guo Qiang",
        Role.CONSULTANT,
        "PEARLRIVER",
        "GZ-TIANHE",
    ),
]


async def seed_demo(print_logins: bool = False) -> bool:
    """Create the demo data unless it exists. Returns True when it was created.
    Runs inside a system transaction (see `saas.tenancy.rls`)."""
    if await Oem.filter(code="HUAXIA").exists():
        if print_logins:
            _print_logins()
        return False
    oem = await create_oem("HUAXIA", "Huaxia Auto Sales Co.", ["Huaxia", "Huaxia EV"])
    groups: dict[str, DealerGroup] = {}
    store_ids: dict[str, int] = {}
    for code, (name, stores) in GROUPS.items():
        groups[code] = await create_dealer_group(code, name)
        for fields in stores:
            store = await create_store(groups[code].id, fields)
            store_ids[store.code] = store.id
    for demo in USERS:
        user: User = await register_user(
            NewUser(email=demo.email, name=demo.name, password=DEMO_PASSWORD),
            dealer_group_id=groups[demo.group].id if demo.group else None,
            oem_id=oem.id if demo.oem else None,
        )
        await grant_initial_role(
            user, demo.role, store_id=store_ids[demo.store] if demo.store else None
        )
    await seed_showrooms(store_ids)
    await seed_oem_distribution(oem.id, store_ids)
    await seed_aftersales()
    await seed_customer_cards(store_ids["SH-PUDONG"])
    await seed_purchase_potential()
    await seed_weekly_meetings(store_ids["SH-PUDONG"])
    await seed_campaigns(store_ids["SH-PUDONG"])
    await seed_partners(store_ids["SH-PUDONG"])
    await seed_lost_reasons(store_ids)
    await seed_success_plans(store_ids["SH-PUDONG"])
    # The seeded past is history: live subscribers and webhooks must not
    # receive it as news the first time the outbox catch-up runs.
    await settle_all([group.id for group in groups.values()], datetime.now(UTC))
    if print_logins:
        _print_logins()
    return True


CATALOGUE = [
    ("Huaxia", "Aurora", "Aurora 1.5T Comfort", "suv"),
    ("Huaxia", "Aurora", "Aurora 2.0T Luxury", "suv"),
    ("Huaxia", "Meridian", "Meridian 1.5T", "sedan"),
    ("Huaxia EV", "Volt", "Volt 520 Long Range", "nev"),
    ("Huaxia EV", "Volt", "Volt 650 Performance", "nev"),
    ("Nordwind", "Fjord", "Fjord 2.0T AWD", "suv"),
]
SURNAMES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
    "Luo",
    "Gao",
]
GIVEN = [
    "Wei",
    "Fang",
    "Na",
    "Min",
    "Jing",
    "Lei",
    "Jun",
    "Yang",
    "Yan",
    "Tao",
    "Ming",
    "Chao",
    "Xiu",
    "Hui",
    "Qiang",
    "Ping",
    "Gang",
    "Hong",
    "Li",
    "Bo",
]
CONTACTS = [
    "introduced the range and current offers",
    "customer compared prices with a rival dealer",
    "sent brochure and finance options on WeChat",
    "customer asked about trade-in of their old car",
    "discussed colours and delivery times",
    "invited the family for a weekend visit",
]
LEADS_PER_STORE = {
    "SH-PUDONG": 140,
    "HZ-XIHU": 70,
    "SZ-GUSU": 30,
    "GZ-TIANHE": 70,
    "SZ-NANSHAN": 40,
}


def _person_name(rng: random.Random) -> str:
    """A customer's name: surname, then given name."""
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


async def _new_customer_lead(
    seller: Actor,
    store: StoreModel,
    name: str,
    phone: str,
    now: datetime,
    customer: CustomerFields | None = None,
    **lead: Any,
) -> LeadIntake:
    """A new customer of `store` (`name`, the store's city, and what
    `customer` says besides) and their lead, taken in by `seller` at `now`.
    Callers draw the made-up name before the rest, as the demo always has:
    its data, and so the README's ids, follow the order of the draws."""
    fields = replace(customer or CustomerFields(), name=name, phone=phone, city=store.city)
    return await create_lead(seller, NewLead(store_id=store.id, customer=fields, **lead), now=now)


@dataclass
class _Staff:
    """A dealer group's users, by e-mail and by id, and how to act as one."""

    by_email: dict[str, User]
    by_id: dict[int, User]
    authorizer: Authorizer

    @classmethod
    async def of(cls, tenant_id: int) -> _Staff:
        authorizer = Authorizer()
        await authorizer.refresh()
        users = await User.filter(dealer_group_id=tenant_id)
        return cls({u.email: u for u in users}, {u.id: u for u in users}, authorizer)

    async def actor(self, user: User) -> Actor:
        return await actor_for_user(user, self.authorizer)


async def seed_showrooms(store_ids: dict[str, int], *, seed: int = 2026) -> None:
    """A living showroom per store: customers and leads across grades and
    stages, with follow-up histories, test drives, orders and lost leads,
    spread over the last 60 days. Deterministic for a given seed."""
    rng = random.Random(seed)
    models = [await create_vehicle_model(*row) for row in CATALOGUE]
    authorizer = Authorizer()
    await authorizer.refresh()
    actors = {u.email: await actor_for_user(u, authorizer) for u in await User.all()}
    now = datetime.now(UTC).replace(microsecond=0)
    phone_no = 0
    for code, count in LEADS_PER_STORE.items():
        store = await StoreModel.filter(id=store_ids[code]).first()
        assert store is not None
        sellers = [actors[u.email] for u in USERS if u.store == code and u.role is Role.CONSULTANT]
        managers = [
            actors[u.email] for u in USERS if u.store == code and u.role is Role.SHOWROOM_MANAGER
        ]
        if not sellers:
            continue
        boss = managers[0] if managers else sellers[0]
        sold = [m for m in models if m.brand in store.brands]
        for _ in range(count):
            phone_no += 1
            seller = rng.choice(sellers)
            created = now - timedelta(days=rng.uniform(0.2, 60))
            model = rng.choice(sold)
            intake = await _new_customer_lead(
                seller,
                store,
                _person_name(rng),
                f"139{store.id:02d}{phone_no:06d}",
                created,
                CustomerFields(
                    model_class=model.model_class,
                    budget_min=rng.choice([100, 150, 200]) * 1000,
                    budget_max=rng.choice([250, 300, 400]) * 1000,
                ),
                source_channel=rng.choice(list(SourceChannel)[:-1]),
                intent_grade=rng.choice(list(IntentGrade)),
                vehicle_model_id=model.id,
            )
            lead = intake.lead
            moment = created
            stages = list(FunnelStage)[1:5]
            for step in range(rng.choice([0, 1, 1, 2, 3, 4])):
                moment = moment + timedelta(hours=rng.uniform(4, 96))
                if moment >= now:
                    break
                stage = stages[min(step, len(stages) - 1)] if rng.random() < 0.6 else None
                follow_up, lead = await log_follow_up(
                    seller,
                    NewFollowUp(
                        lead_id=lead.id,
                        channel=rng.choice(list(FollowUpChannel)[:5]),
                        content=rng.choice(CONTACTS),
                        happened_at=moment,
                        intent_grade=rng.choice(list(IntentGrade)) if rng.random() < 0.3 else None,
                        stage=stage
                        if stage and stage.rank > FunnelStage(lead.stage).rank
                        else None,
                        next_follow_up_at=moment + timedelta(days=rng.uniform(1, 6)),
                        next_follow_up_reason=rng.choice(
                            [
                                "send a quote",
                                "invite for a test drive",
                                "check financing",
                                "call back",
                            ]
                        ),
                    ),
                    now=moment,
                )
                if follow_up.channel == FollowUpChannel.SHOWROOM_VISIT:
                    # As the thank-you job would have, shortly after the visit.
                    await thank_you(store.tenant_id, follow_up.id, moment + THANKED_AFTER)
            recent = now - timedelta(hours=rng.uniform(1, 48))
            if rng.random() < 0.65 and recent > max(moment, created):
                # Most leads are being worked: a recent contact with a date ahead.
                moment = recent
                _, lead = await log_follow_up(
                    seller,
                    NewFollowUp(
                        lead_id=lead.id,
                        channel=FollowUpChannel.PHONE,
                        content=rng.choice(CONTACTS),
                        happened_at=moment,
                        next_follow_up_at=now + timedelta(days=rng.uniform(0.2, 5)),
                        next_follow_up_reason="call back as agreed",
                    ),
                    now=now,
                )
            roll = rng.random()
            if roll < 0.15 and lead.follow_up_count:
                drive = await schedule_test_drive(
                    seller, lead.id, model.id, moment + timedelta(hours=2)
                )
                await complete_test_drive(
                    seller,
                    drive.id,
                    TestDriveStatus.DONE,
                    "liked the ride and the cabin",
                    now=moment,
                )
                order = await sign_order(
                    seller,
                    NewOrder(
                        lead.id,
                        model.id,
                        Decimal(rng.randrange(150, 320) * 1000),
                        rng.choice(list(PaymentMethod)),
                        Decimal(5000),
                    ),
                    now=moment,
                )
                if rng.random() < 0.6:
                    await deliver_order(seller, order.id, now=min(now, moment + timedelta(days=7)))
            elif roll < 0.25 and lead.follow_up_count:
                await request_lost(seller, lead.id, rng.choice(list(LostReason)[:6]), "")
                if rng.random() < 0.7:
                    await decide_lost(boss, lead.id, True, "agreed", now=now)


def _print_logins() -> None:
    print(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for demo in USERS:
        where = demo.store or demo.group or ("OEM HUAXIA" if demo.oem else "platform")
        print(f"  {demo.email:<36} {demo.role.value:<17} {where}")
    print()


async def seed_oem_distribution(oem_id: int, store_ids: dict[str, int], *, seed: int = 7) -> None:
    """The OEM's lead desk at work: 60 leads over the last ten days, routed to
    the franchised stores; most are called within 24 hours, some late, some
    not at all; the SLA sweep then marks the breaches."""
    rng = random.Random(seed)
    authorizer = Authorizer()
    await authorizer.refresh()
    users = {u.id: u for u in await User.all()}
    desk = next(u for u in users.values() if u.oem_id == oem_id)
    oem_actor = await actor_for_user(desk, authorizer)
    now = datetime.now(UTC).replace(microsecond=0)
    cities = [
        ("Shanghai", "Huaxia"),
        ("Hangzhou", "Huaxia"),
        ("Guangzhou", "Huaxia"),
        ("Shenzhen", "Huaxia EV"),
        ("Shanghai", "Huaxia EV"),
    ]
    for i in range(60):
        city, brand = rng.choice(cities)
        received = now - timedelta(hours=rng.uniform(3, 240))
        sent = await distribute(
            oem_actor,
            LeadOrder(
                f"HX-2026-{i + 1:05d}",
                _person_name(rng),
                f"137{i:08d}",
                brand,
                city=city,
            ),
            now=received,
        )
        row = sent.distributed
        roll = rng.random()
        delay = timedelta(hours=rng.uniform(0.3, 20) if roll < 0.75 else rng.uniform(25, 60))
        if roll > 0.9 or received + delay >= now or row.lead_id is None:
            continue  # never called (yet)
        lead = await LeadRepository(row.tenant_id).get(row.lead_id)
        if lead is None or lead.owner_id is None or lead.follow_up_count:
            continue
        seller = await actor_for_user(users[lead.owner_id], authorizer)
        await log_follow_up(
            seller,
            NewFollowUp(
                lead.id,
                FollowUpChannel.PHONE,
                "called about the OEM enquiry",
                happened_at=received + delay,
                next_follow_up_at=received + delay + timedelta(days=2),
                next_follow_up_reason="invite to the showroom",
            ),
            now=received + delay,
        )
    await sweep(now)


async def seed_aftersales() -> None:
    """Delivered customers come back: a service, an insurance policy expiring
    soon, a survey, the odd complaint; then the reminder job runs once."""
    today = datetime.now(UTC).date()
    for group in await DealerGroup.all():
        vehicles = await VehicleRepository(group.id).query().order_by("id")
        for i, v in enumerate(vehicles):
            common = {"store_id": v.store_id, "customer_id": v.customer_id}
            serviced = max(v.purchase_date, today - timedelta(days=40))
            await ServiceRecordRepository(group.id).create(
                vehicle_id=v.id,
                kind="maintenance",
                service_date=serviced,
                mileage_km=3000 + 500 * i,
                content="first maintenance: oil, filters, inspection",
                cost=Decimal(680),
                **common,
            )
            await InsurancePolicyRepository(group.id).create(
                vehicle_id=v.id,
                insurer=["PICC", "Ping An", "CPIC"][i % 3],
                start_date=v.purchase_date,
                expiry_date=today + timedelta(days=10 + i),
                premium=Decimal(4800 + 100 * i),
                **common,
            )
            await SurveyRepository(group.id).create(
                kind="delivery",
                product_score=8 + i % 3,
                attitude_score=9 - i % 2,
                after_sales_score=8,
                comment="smooth handover",
                **common,
            )
            if i % 4 == 0:
                await ComplaintRepository(group.id).create(
                    channel="phone",
                    severity="medium",
                    description="navigation map update failed",
                    **common,
                )
        await run_reminders(group.id, today)


CREDIT_BASES = [
    "bank statement seen; salary paid into the same account for six years",
    "owns the flat he lives in; pays the current car loan on time",
    "company owner; business licence and tax receipts shown",
]


async def seed_purchase_potential(*, seed: int = 18) -> None:
    """Value tiers from the monthly classification, a purchase potential on
    most customers, and a credit rating on the key (tier A) ones."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    for group in await DealerGroup.all().order_by("id"):
        await classify(group.id, now, ValueTiers())
        customers = await CustomerRepository(group.id).query().order_by("id")
        for customer in customers:
            if customer.value_tier == "A":
                potential: str | None = "high"
            else:
                potential = rng.choice(["high", "medium", "medium", "low", None])
            values: dict[str, object] = {"purchase_potential": potential}
            if customer.value_tier == "A":
                values |= {
                    "credit_rating": rng.choice(["excellent", "good"]),
                    "credit_rating_basis": rng.choice(CREDIT_BASES),
                    "credit_rated_on": (now - timedelta(days=rng.randint(1, 30))).date(),
                    "credit_rated_by_id": customer.owner_id,
                }
                await CustomerEventRepository(group.id).create(
                    customer_id=customer.id,
                    store_id=customer.store_id,
                    kind="credit_rated",
                    actor_id=customer.owner_id,
                    data={
                        "rating": values["credit_rating"],
                        "basis": values["credit_rating_basis"],
                        "rated_on": str(values["credit_rated_on"]),
                    },
                )
            await CustomerRepository(group.id).query().filter(id=customer.id).update(**values)


CARDS_SEEDED = 12
RETURN_COMMENTS = [
    "the grade looks too low: she asked for a quote, make it A",
    "give the next follow-up a concrete reason (which model, what offer)",
]


async def seed_customer_cards(store_id: int) -> None:
    """Customer cards of one store at every step of their sign-off: the
    twelve leads with the latest first contact at least two days ago get a
    card an hour after it; by turns it waits for the showroom manager, was
    signed and waits for the customer administrator, was entered, or was
    returned with a comment. Some waited over a day, so the daily report and
    the queues show late cards."""
    now = datetime.now(UTC)
    store = await StoreModel.get(id=store_id)
    leads = (
        await LeadRepository(store.tenant_id)
        .query()
        .filter(
            store_id=store_id,
            status=LeadStatus.OPEN.value,
            owner_id__isnull=False,
            first_follow_up_at__lte=now - timedelta(days=2),
            next_follow_up_at__isnull=False,
            next_follow_up_reason__isnull=False,
        )
        .order_by("-first_follow_up_at", "id")
        .limit(CARDS_SEEDED)
    )
    staff = await _Staff.of(store.tenant_id)
    manager = await staff.actor(staff.by_email["showroom.pudong@eaststar.demo"])
    records = await staff.actor(staff.by_email["records.pudong@eaststar.demo"])
    for i, lead in enumerate(leads):
        if lead.owner_id is None or lead.first_follow_up_at is None:
            continue  # the query leaves none out; this tells mypy
        seller = await staff.actor(staff.by_id[lead.owner_id])
        submitted = lead.first_follow_up_at + timedelta(hours=1)
        card = await submit_card(seller, lead.id, now=submitted)
        # Every fourth card still waits for signing; the others were signed
        # within hours, or (every third) the next day.
        step = i % 4
        if step == 0:
            continue
        if step == 3:
            await return_card(
                manager, card.id, RETURN_COMMENTS[i % 2], now=submitted + timedelta(hours=3)
            )
            continue
        signed = submitted + timedelta(hours=30 if i % 3 == 0 else 3)
        await sign_card(manager, card.id, now=signed)
        if step == 2:
            await enter_card(records, card.id, now=signed + timedelta(hours=2))


PAST_ANALYSIS = (
    "Weekend walk-ins waited over a day for their first call (two consultants off on Sunday); "
    "test drives fell against the week before; three H leads went without a follow-up on "
    "their due day."
)
CURRENT_ANALYSIS = (
    "First contact within 24h is better since the weekend call rota; the Volt test-drive car "
    "was out for two days, so EV test drives lag; lost leads mostly on price against the "
    "competitor's year-end offer."
)


async def seed_weekly_meetings(store_id: int, *, seed: int = 19) -> None:
    """The store's weekly management meetings: last week's, archived with its
    figures frozen and its actions followed up (one done, one in progress, one
    past its deadline), and this week's, open, with a few actions of which one
    is overdue."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    store = await StoreModel.get(id=store_id)
    zone = ZoneInfo(store.timezone)
    today = now.astimezone(zone).date()
    monday = week_start_of(today)
    staff = await _Staff.of(store.tenant_id)
    by_email = staff.by_email
    manager_user = by_email["showroom.pudong@eaststar.demo"]
    manager = await staff.actor(manager_user)
    consultants = [by_email["zhang.wei@eaststar.demo"], by_email["huang.jing@eaststar.demo"]]
    sales = by_email["sales.pudong@eaststar.demo"]
    attendees = [manager_user.id, sales.id, *(c.id for c in consultants)]

    def local(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), zone).astimezone(UTC)

    # Last week's meeting, held on its Friday.
    last_monday = monday - timedelta(days=7)
    past = await open_meeting(
        manager, store.id, last_monday, local(last_monday + timedelta(days=4), 17), attendees,
        PAST_ANALYSIS, now=now,
    )  # fmt: skip
    plan = [
        ("weekend walk-ins wait over a day for the first call",
         "first contact within 24h share >= 95%", 1, "done"),
        ("test drives down on the week before", "test drives >= 12 a week", 3, "in_progress"),
        ("H leads missed on their due day", "H leads followed up on time = 100%", 2, "open"),
    ]  # fmt: skip
    first_owner = rng.randrange(len(consultants))
    for i, (defect, measure, days, status) in enumerate(plan):
        owner = consultants[(first_owner + i) % len(consultants)]
        action = await add_action(
            manager, past.id, defect, measure, owner.id,
            last_monday + timedelta(days=4 + days), now=local(last_monday + timedelta(days=4), 18),
        )  # fmt: skip
        seller = await staff.actor(owner)
        if status in ("in_progress", "done"):
            action = await change_action_status(
                seller, action.id, ActionStatus.IN_PROGRESS,
                "started: agreed with the team at the morning huddle",
                now=local(last_monday + timedelta(days=5), 10),
            )  # fmt: skip
        if status == "done":
            await change_action_status(
                seller, action.id, ActionStatus.DONE,
                "weekend call rota in place; 96% contacted within 24h",
                now=min(now, local(monday, 12)),
            )  # fmt: skip
    # Archived once the week was over, before this week's meeting.
    await archive_meeting(manager, past.id, now=min(now - timedelta(minutes=20), local(monday, 8)))

    # This week's meeting, open; its first action is overdue.
    current = await open_meeting(
        manager, store.id, monday, min(now - timedelta(minutes=10), local(monday, 9)),
        attendees, CURRENT_ANALYSIS, now=now,
    )  # fmt: skip
    current_plan = [
        ("Volt test-drive car out of service", "EV test drives >= 5 this week", -1),
        ("lost leads on price", "lost reason recorded with the competitor's offer = 100%", 4),
        ("EV leads slow to a second visit", "EV revisits >= 30% of EV leads", 6),
    ]
    for i, (defect, measure, days) in enumerate(current_plan):
        deadline = max(monday, today + timedelta(days=days))
        action = await add_action(
            manager, current.id, defect, measure, consultants[i % 2].id, deadline, now=now
        )
        if days < 0 and deadline >= today:
            # On the plan's first day nothing of its week is late yet: the demo
            # backdates the deadline, as for an action carried over.
            late = today + timedelta(days=days)
            await MeetingActionRepository(store.tenant_id).update(
                action,
                deadline=late,
                due_at=datetime.combine(late + timedelta(days=1), time(), zone).astimezone(UTC),
            )


CAMPAIGN_TAG = "family"


async def seed_campaigns(store_id: int, *, seed: int = 21) -> None:
    """A past test-drive day at one store: a "family" segment of its
    customers, most of whom gave marketing consent (the others were left out
    of the invitation), answers, attendance, two leads taken in on the day
    (one drove and ordered), and its cost; closed since. The day is the one
    on which the showroom seed took in a lead that went on to drive and order:
    that lead and the store's next lead of the day came from the event (no
    new leads, so the ids the README's examples create stay as they were)."""
    rng = random.Random(seed)
    store = await StoreModel.get(id=store_id)
    tenant_id = store.tenant_id
    staff = await _Staff.of(tenant_id)
    manager = await staff.actor(staff.by_email["showroom.pudong@eaststar.demo"])
    now = datetime.now(UTC)
    leads = LeadRepository(tenant_id).query().filter(store_id=store_id)
    ordered = set(
        await OrderRepository(tenant_id)
        .query()
        .filter(store_id=store_id, status__in=[OrderStatus.SIGNED, OrderStatus.DELIVERED])
        .values_list("lead_id", flat=True)
    )
    candidates = await leads.filter(
        id__in=list(ordered),
        created_at__lte=now - timedelta(days=7),
        created_at__gte=now - timedelta(days=45),
    ).order_by("created_at", "id")
    if not candidates:
        return
    buyer = candidates[len(candidates) // 2]
    other = (
        await leads.filter(created_at__gt=buyer.created_at)
        .exclude(id__in=list(ordered))
        .order_by("created_at", "id")
        .first()
    )
    starts = buyer.created_at - timedelta(hours=1)

    customers = await CustomerRepository(tenant_id).query().filter(store_id=store_id).order_by("id")
    family = rng.sample(customers, 14)
    for customer in family:
        await CustomerTagRepository(tenant_id).create(
            customer_id=customer.id,
            store_id=store_id,
            tag=CAMPAIGN_TAG,
            kind="static",
            added_by_id=customer.owner_id,
        )
    consenting = [c.id for c in family[:10]]
    await (
        CustomerRepository(tenant_id)
        .query()
        .filter(id__in=consenting)
        .update(consent_marketing=True)
    )
    for customer_id in consenting:
        await CustomerEventRepository(tenant_id).create(
            customer_id=customer_id,
            store_id=store_id,
            kind="consent",
            actor_id=None,
            data={"consent": "marketing", "granted": True, "source": "signed at the showroom"},
        )
    campaign = await create_campaign(
        manager,
        NewCampaign(
            kind=CampaignKind.TEST_DRIVE_DAY,
            name="Family test-drive day",
            starts_at=starts,
            ends_at=starts + timedelta(hours=8),
            store_id=store_id,
            cost=Decimal("8000.00"),
            segment=Segment(tags=[CAMPAIGN_TAG]),
        ),
    )
    await invite_segment(manager, campaign.id, now=starts - timedelta(days=7))
    invitations = (
        await CampaignInvitationRepository(tenant_id)
        .query()
        .filter(campaign_id=campaign.id)
        .order_by("id")
    )
    # Each invited customer's own consultant records its answer and attendance
    # (a consultant reads only its own customers); the manager those of
    # customers without an owner.
    owners = dict(
        await CustomerRepository(tenant_id)
        .query()
        .filter(id__in=[i.customer_id for i in invitations])
        .values_list("id", "owner_id")
    )
    recorders: dict[int, Actor] = {}
    for owner_id in set(owners.values()):
        if owner_id in staff.by_id:
            recorders[owner_id] = await staff.actor(staff.by_id[owner_id])

    def recorder(invitation: CampaignInvitation) -> Actor:
        return recorders.get(owners.get(invitation.customer_id) or 0, manager)

    answers = [Rsvp.YES] * 6 + [Rsvp.MAYBE] * 2 + [Rsvp.NO]
    for invitation, answer in zip(invitations, answers, strict=False):
        await record_rsvp(
            recorder(invitation), invitation.id, answer, now=starts - timedelta(days=3)
        )
    await update_campaign(manager, campaign.id, CampaignChanges(status=CampaignStatus.OPEN))
    for invitation in invitations[:4] + invitations[6:7]:
        await record_attendance(
            recorder(invitation), invitation.id, True, now=starts + timedelta(hours=1)
        )
    event_leads = [buyer.id] + ([other.id] if other else [])
    await (
        LeadRepository(tenant_id).query().filter(id__in=event_leads).update(campaign_id=campaign.id)
    )
    await update_campaign(manager, campaign.id, CampaignChanges(status=CampaignStatus.CLOSED))


PARTNERS = [
    (PartnerKind.BANK, "Bank of Pudong", "Qian Li (car loans desk)", "021 5888 0101"),
    (PartnerKind.INSURANCE, "Anxin Property Insurance", "Sun Hui", "021 6100 2020"),
    (PartnerKind.ALLIANCE_AGENT, "Lujiazui Homes estate agency", "Ma Jun", "138 1777 3030"),
]


async def seed_partners(store_id: int, *, seed: int = 22) -> None:
    """The Shanghai group's partners (a bank, an insurer, an estate agent), three
    buyers the estate agent referred to the Pudong store in the last days (one
    contacted), and a loan application for that one, handed to the bank now
    with the buyer's consent recorded just before."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    store = await StoreModel.get(id=store_id)
    staff = await _Staff.of(store.tenant_id)
    admin = await staff.actor(staff.by_email["admin@eaststar.demo"])
    seller = await staff.actor(staff.by_email["zhang.wei@eaststar.demo"])
    partners = [
        await create_partner(admin, kind, name, contact, phone, None)
        for kind, name, contact, phone in PARTNERS
    ]
    bank, agent = partners[0], partners[2]
    aurora = await VehicleModel.filter(series="Aurora", is_active=True).order_by("id").first()
    referred = []
    for i in range(3):
        intake = await _new_customer_lead(
            seller,
            store,
            _person_name(rng),
            f"137220{i:05d}",
            now - timedelta(days=3 - i, hours=rng.randint(1, 6)),
            source_channel=SourceChannel.PARTNER_REFERRAL,
            intent_grade=IntentGrade.B,
            vehicle_model_id=aurora.id if aurora else None,
            note="referred by the estate agent: bought a flat nearby, needs a family car",
            referred_by_partner_id=agent.id,
        )
        referred.append(intake)
    first = referred[0]
    contacted = now - timedelta(days=2)
    await log_follow_up(
        seller,
        NewFollowUp(
            first.lead.id,
            FollowUpChannel.PHONE,
            "called: wants the Aurora on a loan, asked us to apply with the bank",
            happened_at=contacted,
            next_follow_up_at=contacted + timedelta(days=3),
            next_follow_up_reason="tell the customer the bank's answer",
        ),
        now=contacted,
    )
    await set_consents(
        seller, first.customer.id, {"share_finance": True}, "signed consent form at the showroom"
    )
    await share_with_partner(
        seller,
        first.customer.id,
        bank.id,
        SharePurpose.LOAN_APPLICATION,
        [ShareField.NAME, ShareField.PHONE, ShareField.CITY, ShareField.VEHICLE],
    )


COMPETITORS = [
    ("Nordwind", "Fjord 2.0T AWD"),
    ("Solaris", "S7 Hybrid"),
    ("Solaris", "S5 1.5T"),
    ("Kestrel", "K5 Turbo"),
]
# Lost requests the showroom manager refused: (reason, the consultant's note,
# the manager's answer); the proposal of a slower grade is applied on some.
REFUSED = [
    (LostReason.PRICE, "wants 8,000 off; we cannot match", "offer the year-end package first"),
    (LostReason.FINANCING_DECLINED, "bank declined the loan", "try the captive finance lease"),
    (LostReason.NO_LONGER_INTERESTED, "postponed to next year", "keep in touch monthly"),
    (LostReason.BOUGHT_COMPETITOR, "signed with a rival dealer", "the order is not delivered yet"),
]
REFUSALS_PER_STORE = {"SH-PUDONG": 6, "HZ-XIHU": 3}


async def seed_lost_reasons(store_ids: dict[str, int], *, seed: int = 24) -> None:
    """Enough for the lost-reason analysis to say something: the demo's leads
    lost to a competitor name the brand and model bought (on the lead and in
    its lost request), and some lost requests of two stores were refused by
    the showroom manager and the lead sent back to follow-up (the report's
    returned leads), a few with the slower grade the consultant proposed.
    Creates no lead or customer, so the demo's ids stay as they were."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    authorizer = Authorizer()
    await authorizer.refresh()
    for group in await DealerGroup.all().order_by("id"):
        leads, events = LeadRepository(group.id), LeadEventRepository(group.id)
        lost_to_rivals = (
            await leads.query()
            .filter(lost_reason=LostReason.BOUGHT_COMPETITOR.value)
            .order_by("id")
        )
        for lead in lost_to_rivals:
            brand, model = rng.choice(COMPETITORS)
            await (
                leads.query()
                .filter(id=lead.id)
                .update(lost_competitor_brand=brand, lost_competitor_model=model)
            )
            request = (
                await events.query()
                .filter(lead_id=lead.id, kind="lost_requested")
                .order_by("-id")
                .first()
            )
            if request is not None:
                data = dict(request.data or {})
                data |= {"competitor_brand": brand, "competitor_model": model}
                await events.query().filter(id=request.id).update(data=data)
    users = {u.id: u for u in await User.all()}
    by_email = {u.email: u for u in users.values()}
    for code, count in REFUSALS_PER_STORE.items():
        store = await StoreModel.get(id=store_ids[code])
        boss = next(u for u in USERS if u.store == code and u.role is Role.SHOWROOM_MANAGER)
        manager = await actor_for_user(by_email[boss.email], authorizer)
        candidates = (
            await LeadRepository(store.tenant_id)
            .query()
            .filter(
                store_id=store.id,
                status=LeadStatus.OPEN.value,
                owner_id__isnull=False,
                follow_up_count__gte=1,
            )
            .order_by("id")
        )
        for i, lead in enumerate(rng.sample(list(candidates), min(count, len(candidates)))):
            if lead.owner_id is None:
                continue  # the query leaves none out; this tells mypy
            seller = await actor_for_user(users[lead.owner_id], authorizer)
            reason, note, answer = REFUSED[i % len(REFUSED)]
            brand, model = rng.choice(COMPETITORS)
            slower = IntentGrade.C if lead.intent_grade != IntentGrade.C.value else IntentGrade.N
            propose = i % 3 == 0
            await request_lost(
                seller,
                lead.id,
                reason,
                note,
                proposed_grade=slower if propose else None,
                competitor_brand=brand if reason is LostReason.BOUGHT_COMPETITOR else None,
                competitor_model=model if reason is LostReason.BOUGHT_COMPETITOR else None,
            )
            await decide_lost(manager, lead.id, False, answer, apply_proposal=propose, now=now)


SUCCESS_PLAN_GOALS = [
    "every lead followed up by the time it is due",
    "two more test drives a week",
    "a quote within a day of every showroom visit",
    "no H lead left without a planned next follow-up",
]
SUCCESS_PLAN_OUTCOMES = [
    "follow-ups on time most days; the test drive goal is met",
    "every H lead called back within a day; keep the morning list",
    "quotes go out the same day now; revisits are still low",
]
SUCCESS_PLAN_ACTIONS = [
    "plan tomorrow's calls before leaving the showroom",
    "go through the overdue list with the showroom manager every morning",
    "invite every A lead to a test drive on the next call",
    "send the quote on WeChat right after each visit",
    "shadow a colleague's customer calls for one afternoon",
]


async def seed_success_plans(store_id: int, *, seed: int = 20) -> None:
    """Monthly targets for the store's consultants and seven weeks of
    one-to-ones, each with one of the two consultants the product ranked
    weakest the week before: closed plans, one reviewed whose next review is
    overdue, no one-to-one two weeks ago (the week coachingWeeks flags), and
    last week's plan for the consultant ranked weakest that week."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    store = await StoreModel.get(id=store_id)
    staff = await _Staff.of(store.tenant_id)
    by_email = staff.by_email
    manager = await staff.actor(by_email["showroom.pudong@eaststar.demo"])
    sales = await staff.actor(by_email["sales.pudong@eaststar.demo"])
    consultants = [
        by_email[u.email] for u in USERS if u.store == store.code and u.role is Role.CONSULTANT
    ]
    today = local_today(store, now)
    monday = today - timedelta(days=today.weekday())
    months = sorted({(monday - timedelta(weeks=w)).replace(day=1) for w in range(9)})
    for month in months:
        for consultant in consultants:
            await set_target(
                sales,
                store.id,
                consultant.id,
                month,
                {
                    "contacts": rng.randrange(80, 120, 5),
                    "prospecting": rng.randint(4, 8),
                    "revisits": rng.randint(8, 14),
                    "test_drives": rng.randint(6, 10),
                    "sold": rng.randint(3, 5),
                },
            )

    def local(weeks_ago: int, weekday: int, hour: int) -> datetime:
        day = monday - timedelta(weeks=weeks_ago) + timedelta(days=weekday)
        return datetime.combine(day, time(hour), ZoneInfo(store.timezone))

    async def hold(
        weeks_ago: int, weekday: int, pick: int, figures_week: str | None = None
    ) -> SuccessPlan:
        """A one-to-one at 17:00 with the weakest consultant (pick 0) or the
        second weakest (pick 1) of the week before, or of `figures_week`."""
        held_at = local(weeks_ago, weekday, 17)
        week = figures_week or week_of(held_at.date() - timedelta(weeks=1))
        _, _, ranked = await coaching_candidates(manager, store.id, week, now=held_at)
        held_on = held_at.date()
        return await record_one_to_one(
            manager,
            store.id,
            ranked[min(pick, len(ranked) - 1)].consultant.id,
            rng.sample(SUCCESS_PLAN_GOALS, 2),
            [
                NewAction(what, held_on + timedelta(days=2 + 3 * i))
                for i, what in enumerate(rng.sample(SUCCESS_PLAN_ACTIONS, 3))
            ],
            held_on + timedelta(days=14),
            held_at=held_at,
            figures_week=week,
            now=held_at + timedelta(hours=1),
        )

    for weeks_ago in (7, 6, 5, 4):
        closed = await hold(weeks_ago, rng.randint(0, 4), weeks_ago % 2)
        for number in range(1, rng.randint(2, 3) + 1):
            await complete_action(manager, closed.id, number, now=local(weeks_ago - 1, 4, 10))
        await review_plan(
            manager,
            closed.id,
            rng.choice(SUCCESS_PLAN_OUTCOMES),
            close=True,
            now=local(weeks_ago - 2, 1, 17),
        )
    reviewed = await hold(3, 2, 1)
    await complete_action(manager, reviewed.id, 1, now=local(2, 0, 10))
    await review_plan(
        manager,
        reviewed.id,
        "the morning overdue list works; quotes still come late",
        local(1, 5, 0).date(),
        now=local(1, 1, 17),
    )
    # Two weeks ago nobody held a one-to-one. Last week's, on Saturday, is
    # about the week itself: its weakest consultant.
    last_week = await hold(1, 5, 0, week_of(monday - timedelta(weeks=1)))
    seller = await staff.actor(next(c for c in consultants if c.id == last_week.consultant_id))
    await complete_action(seller, last_week.id, 1, now=local(1, 6, 11))
