"""Logins, sessions, users, role grants and API keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from secrets import token_hex
from typing import Any, TypeVar

from tortoise.expressions import F, Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from saas.errors import (
    Conflict,
    FieldProblem,
    Forbidden,
    NotFound,
    Throttled,
    Unauthenticated,
    ValidationFailed,
)
from saas.models import ApiKey, DealerGroup, LoginThrottle, Oem, RefreshToken, RoleAssignment, User
from saas.org.repository import StoreRepository
from saas.settings import Settings
from saas.tenancy.actor import Actor
from saas.tenancy.authz import bump_revision, role_permission_names
from saas.tenancy.credentials import (
    hash_password,
    issue_access_token,
    new_api_key,
    new_refresh_token,
    sha256,
    verify_password,
)
from saas.tenancy.ratelimit import RateLimiter, failed_auth_key
from saas.tenancy.roles import DOMAIN_KIND_OF_ROLE, DomainKind, Role, domain_name
from saas.validation import check_email, check_password, check_required, normalise_email

M = TypeVar("M", bound=Model)

WRONG_CREDENTIALS = "wrong e-mail or password"


@dataclass(frozen=True)
class Session:
    user: User
    access_token: str
    access_token_expires_at: datetime
    refresh_token: str
    refresh_token_expires_at: datetime


# -- sessions -----------------------------------------------------------------


async def login(
    settings: Settings,
    email: str,
    password: str,
    *,
    limiter: RateLimiter | None = None,
    client: str | None = None,
) -> Session:
    """Check credentials. Each password check is counted before it runs, per
    e-mail address (known or not) and, with a `limiter`, per client address:
    aliases in one request and concurrent requests cannot get more checks than
    LOGIN_MAX_FAILURES per e-mail (until a success) or
    RATE_LIMIT_FAILED_AUTH_PER_MINUTE per client address (a success gives its
    slot back). The caller must commit even when this raises, so counts stick."""
    email = normalise_email(email)
    now = datetime.now(UTC)
    slot = None
    if limiter is not None and client is not None:
        slot = await limiter.hit(
            failed_auth_key(client), settings.rate_limit_failed_auth_per_minute
        )
        if not slot.allowed:
            raise Throttled(
                "too many failed sign-ins from your network; "
                f"try again in {slot.retry_after} seconds",
                slot.retry_after,
            )
    try:
        await _reserve_password_check(settings, email, now)
    except Throttled:
        if slot is not None and limiter is not None and client is not None:
            await limiter.release(failed_auth_key(client), slot)
        raise
    user = await User.get_or_none(email=email)
    if not verify_password(user.password_hash if user else None, password) or not (
        user and user.is_active
    ):
        raise Unauthenticated(WRONG_CREDENTIALS)
    await LoginThrottle.filter(email=email).delete()
    if slot is not None and limiter is not None and client is not None:
        await limiter.release(failed_auth_key(client), slot)
    await User.filter(id=user.id).update(last_login_at=now)
    return await _start_session(settings, user, family=token_hex(16))


async def _reserve_password_check(settings: Settings, email: str, now: datetime) -> None:
    """Count a password check for `email` as a failure before it runs (a
    success deletes the count), or raise Throttled while the address is locked.
    The increment is one conditional UPDATE whose row lock is held until the
    request commits, so concurrent attempts on one address are counted one
    after the other and the one reaching LOGIN_MAX_FAILURES locks the rest out."""
    await LoginThrottle.get_or_create(email=email)
    counted = (
        await LoginThrottle.filter(email=email)
        .filter(Q(locked_until=None) | Q(locked_until__lte=now))
        .update(failures=F("failures") + 1, last_failure_at=now)
    )
    throttle = await LoginThrottle.get(email=email)
    if not counted:
        locked_until = throttle.locked_until or now
        retry = int((locked_until - now).total_seconds()) + 1
        raise Throttled(
            f"too many failed logins for this account; try again in {retry} seconds", retry
        )
    if throttle.failures >= settings.login_max_failures:
        await LoginThrottle.filter(id=throttle.id).update(
            locked_until=now + timedelta(minutes=settings.login_lockout_minutes)
        )


async def _start_session(settings: Settings, user: User, family: str) -> Session:
    access, access_expires = issue_access_token(
        settings.secret_key,
        user_id=user.id,
        tenant_id=user.dealer_group_id,
        oem_id=user.oem_id,
        lifetime=timedelta(minutes=settings.access_token_minutes),
    )
    refresh = new_refresh_token()
    refresh_expires = datetime.now(UTC) + timedelta(days=settings.refresh_token_days)
    await RefreshToken.create(
        user_id=user.id,
        token_hash=sha256(refresh),
        family=family,
        expires_at=refresh_expires,
    )
    return Session(user, access, access_expires, refresh, refresh_expires)


async def refresh_session(settings: Settings, refresh_token: str) -> Session:
    """Rotate a refresh token. Presenting one that was already rotated or
    revoked revokes its whole family: whoever holds a copy is logged out."""
    now = datetime.now(UTC)
    token = await RefreshToken.get_or_none(token_hash=sha256(refresh_token))
    if token is None:
        raise Unauthenticated("the refresh token is invalid; log in again")
    if token.revoked_at is not None:
        await RefreshToken.filter(family=token.family, revoked_at=None).update(revoked_at=now)
        raise Unauthenticated("the refresh token was already used or revoked; log in again")
    if token.expires_at <= now:
        raise Unauthenticated("the refresh token has expired; log in again")
    user = await User.get_or_none(id=token.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("this account is no longer active")
    await RefreshToken.filter(id=token.id).update(revoked_at=now)
    return await _start_session(settings, user, family=token.family)


async def logout(refresh_token: str) -> None:
    """Revoke the session the refresh token belongs to. Unknown tokens are ignored."""
    token = await RefreshToken.get_or_none(token_hash=sha256(refresh_token))
    if token is not None:
        await RefreshToken.filter(family=token.family, revoked_at=None).update(
            revoked_at=datetime.now(UTC)
        )


async def purge_expired_sessions(now: datetime | None = None) -> int:
    """Delete refresh tokens past expiry and stale login throttles. Idempotent."""
    now = now or datetime.now(UTC)
    deleted = await RefreshToken.filter(expires_at__lt=now).delete()
    await LoginThrottle.filter(
        locked_until__lt=now - timedelta(days=1),
        last_failure_at__lt=now - timedelta(days=1),
    ).delete()
    return deleted


# -- users --------------------------------------------------------------------


@dataclass
class NewUser:
    email: str
    name: str
    password: str
    phone: str | None = None


def _of_own_group(actor: Actor, model: type[M], refusal: str) -> QuerySet[M]:
    """Rows of `model` the actor may see and manage: its own dealer group's, or
    every one for the platform; Forbidden (`refusal`) for an account of neither."""
    if actor.has_role(Role.PLATFORM_ADMIN):
        return model.all()
    if actor.tenant_id is None:
        raise Forbidden(refusal)
    return model.filter(dealer_group_id=actor.tenant_id)


async def _one(rows: QuerySet[M], pk: int, what: str) -> M:
    """Row `pk` among `rows`, else NotFound naming `what`."""
    row = await rows.get_or_none(id=pk)
    if row is None:
        raise NotFound(what, pk)
    return row


def users_of(actor: Actor) -> QuerySet[User]:
    """Users the actor may list: its own dealer group's, or any for the platform."""
    return _of_own_group(actor, User, "this account cannot list users")


async def get_user(actor: Actor, user_id: int) -> User:
    return await _one(users_of(actor), user_id, "user")


async def create_user(
    actor: Actor,
    new: NewUser,
    *,
    dealer_group_id: int | None = None,
    oem_id: int | None = None,
) -> User:
    """Group admins create users of their own group; the platform admin creates
    users of any group, of an OEM, or platform operators (neither given)."""
    if not actor.has_role(Role.PLATFORM_ADMIN):
        if dealer_group_id not in (None, actor.tenant_id) or oem_id is not None:
            raise Forbidden("you can only create users of your own dealer group")
        dealer_group_id = actor.tenant_id
    if dealer_group_id is not None and oem_id is not None:
        raise ValidationFailed.one("oem_id", "a user belongs to a dealer group or an OEM")
    return await register_user(new, dealer_group_id=dealer_group_id, oem_id=oem_id)


async def register_user(
    new: NewUser, *, dealer_group_id: int | None = None, oem_id: int | None = None
) -> User:
    """Create a user after validating the input (no permission check: CLI, seed)."""
    email = normalise_email(new.email)
    problems = [
        p
        for p in (
            check_email("email", email),
            check_required("name", new.name),
            check_password("password", new.password, email),
        )
        if p
    ]
    if problems:
        raise ValidationFailed(problems)
    if dealer_group_id is not None and not await DealerGroup.filter(id=dealer_group_id).exists():
        raise NotFound("dealer group", dealer_group_id)
    if oem_id is not None and not await Oem.filter(id=oem_id).exists():
        raise NotFound("OEM", oem_id)
    if await User.filter(email=email).exists():
        raise Conflict(f"a user with e-mail {email} already exists")
    return await User.create(
        email=email,
        name=new.name.strip(),
        phone=new.phone,
        password_hash=hash_password(new.password),
        dealer_group_id=dealer_group_id,
        oem_id=oem_id,
    )


async def set_user_active(actor: Actor, user_id: int, active: bool) -> User:
    user = await get_user(actor, user_id)
    if user.id == actor.user_id and not active:
        raise ValidationFailed.one("active", "you cannot deactivate your own account")
    user.is_active = active
    await user.save(update_fields=["is_active"])
    if not active:
        await RefreshToken.filter(user_id=user.id, revoked_at=None).update(
            revoked_at=datetime.now(UTC)
        )
    return user


# -- roles --------------------------------------------------------------------


@dataclass
class RoleTarget:
    """Where a role is granted: a store for store roles, a dealer group for group
    roles (the actor's own unless the platform admin names one), an OEM for
    oem_distributor, nothing for platform_admin."""

    store_id: int | None = None
    dealer_group_id: int | None = None
    oem_id: int | None = None


async def resolve_domain(actor: Actor, user: User, role: Role, target: RoleTarget) -> str:
    kind = DOMAIN_KIND_OF_ROLE[role]
    is_platform = actor.has_role(Role.PLATFORM_ADMIN)
    if kind is DomainKind.STORE:
        if target.store_id is None:
            raise ValidationFailed.one("store_id", f"{role.value} is granted in a store")
        if actor.tenant_id is None:
            raise Forbidden("store roles are granted by the dealer group's admin")
        if await StoreRepository(actor.tenant_id).get(target.store_id) is None:
            raise NotFound("store", target.store_id)
        _require_same_group(user, actor.tenant_id)
        return domain_name(kind, target.store_id)
    if kind is DomainKind.GROUP:
        group_id = target.dealer_group_id if is_platform else actor.tenant_id
        if group_id is None:
            raise ValidationFailed.one("dealer_group_id", "name the dealer group")
        if not is_platform and target.dealer_group_id not in (None, actor.tenant_id):
            raise Forbidden("you can only grant roles in your own dealer group")
        _require_same_group(user, group_id)
        return domain_name(kind, group_id)
    if not is_platform:
        raise Forbidden(f"only the platform admin grants {role.value}")
    if kind is DomainKind.OEM:
        if target.oem_id is None or user.oem_id != target.oem_id:
            raise ValidationFailed.one("oem_id", "name the OEM the user belongs to")
        return domain_name(kind, target.oem_id)
    if user.dealer_group_id is not None or user.oem_id is not None:
        raise ValidationFailed.one(
            "user_id",
            "platform_admin is only for users outside dealer groups and OEMs",
        )
    return domain_name(kind)


def _require_same_group(user: User, group_id: int) -> None:
    if user.dealer_group_id != group_id:
        raise NotFound("user", user.id)


def require_within_own_permissions(actor: Actor, conferred: frozenset[str], what: str) -> None:
    """Refuse to create or grant `conferred` permissions beyond the actor's
    effective permissions (its role and scopes): a narrowed API key cannot
    mint a wider key or grant a wider role, whoever would end up using it."""
    beyond = sorted(conferred - actor.effective_permissions())
    if beyond:
        raise Forbidden(
            f"you cannot {what} with permissions you do not hold yourself: {', '.join(beyond)}"
        )


async def grant_role(actor: Actor, user_id: int, role: Role, target: RoleTarget) -> RoleAssignment:
    require_within_own_permissions(actor, role_permission_names(role), f"grant {role.value}")
    user = await get_user(actor, user_id)
    domain = await resolve_domain(actor, user, role, target)
    if await RoleAssignment.filter(user_id=user.id, role=role.value, domain=domain).exists():
        raise Conflict(f"{user.email} already has {role.value} in {domain}")
    assignment = await RoleAssignment.create(
        user_id=user.id,
        role=role.value,
        domain=domain,
        dealer_group_id=user.dealer_group_id,
        oem_id=user.oem_id,
        granted_by_id=actor.user_id,
    )
    await bump_revision()
    return assignment


async def revoke_role(actor: Actor, assignment_id: int) -> RoleAssignment:
    assignment = await _one(role_assignments_of(actor), assignment_id, "role assignment")
    if assignment.user_id == actor.user_id and assignment.role in (
        Role.GROUP_ADMIN.value,
        Role.PLATFORM_ADMIN.value,
    ):
        raise ValidationFailed.one("assignment_id", "you cannot revoke your own admin role")
    await RoleAssignment.filter(id=assignment.id).delete()
    await bump_revision()
    return assignment


def role_assignments_of(actor: Actor) -> QuerySet[RoleAssignment]:
    return _of_own_group(actor, RoleAssignment, "this account cannot manage roles")


# -- API keys -----------------------------------------------------------------


@dataclass(frozen=True)
class IssuedApiKey:
    api_key: ApiKey
    secret: str


async def create_api_key(
    actor: Actor,
    name: str,
    role: Role,
    scopes: list[str],
    *,
    oem_id: int | None = None,
    expires_at: datetime | None = None,
) -> IssuedApiKey:
    """Group admins issue keys for their group's integrations (group or store
    roles are not allowed: a key acts group-wide as group_executive or
    group_admin); the platform admin issues OEM keys (oem_distributor)."""
    problem = check_required("name", name)
    if problem:
        raise ValidationFailed([problem])
    kind = DOMAIN_KIND_OF_ROLE[role]
    if kind is DomainKind.OEM:
        if not actor.has_role(Role.PLATFORM_ADMIN):
            raise Forbidden("OEM keys are issued by the platform admin")
        if oem_id is None or not await Oem.filter(id=oem_id).exists():
            raise ValidationFailed.one("oem_id", "name an existing OEM")
        owner: dict[str, Any] = {"oem_id": oem_id, "dealer_group_id": None}
        domain = domain_name(kind, oem_id)
    elif kind is DomainKind.GROUP:
        if actor.tenant_id is None:
            raise Forbidden("dealer group keys are issued by the group's admin")
        owner = {"oem_id": None, "dealer_group_id": actor.tenant_id}
        domain = domain_name(kind, actor.tenant_id)
    else:
        raise ValidationFailed.one("role", "API keys act as a group or OEM role")
    allowed = role_permission_names(role)
    unknown = [s for s in scopes if s not in allowed]
    if unknown:
        raise ValidationFailed(
            [
                FieldProblem(
                    ("scopes", str(i)),
                    f"{s} is not a permission of {role.value}",
                )
                for i, s in enumerate(scopes)
                if s in unknown
            ]
        )
    # No scopes means the whole role.
    require_within_own_permissions(actor, frozenset(scopes) or allowed, f"issue a {role.value} key")
    if expires_at is not None and expires_at <= datetime.now(UTC):
        raise ValidationFailed.one("expires_at", "must be in the future")
    secret, prefix = new_api_key()
    key = await ApiKey.create(
        name=name.strip(),
        prefix=prefix,
        key_hash=sha256(secret),
        role=role.value,
        domain=domain,
        scopes=sorted(set(scopes)),
        created_by_id=actor.user_id,
        expires_at=expires_at,
        **owner,
    )
    await bump_revision()
    return IssuedApiKey(key, secret)


def api_keys_of(actor: Actor) -> QuerySet[ApiKey]:
    return _of_own_group(actor, ApiKey, "this account cannot manage API keys")


async def revoke_api_key(actor: Actor, api_key_id: int) -> ApiKey:
    key = await _one(api_keys_of(actor), api_key_id, "API key")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        await key.save(update_fields=["revoked_at"])
        await bump_revision()
    return key


async def get_self(actor: Actor) -> User:
    user = await User.get_or_none(id=actor.id) if actor.user_id is not None else None
    if user is None:
        raise NotFound("user", actor.id)
    return user


async def set_language(actor: Actor, language: str | None) -> User:
    """The language the person's report and export files are written in
    (None: their browser's, request by request)."""
    user = await get_self(actor)
    user.language = language
    await user.save(update_fields=["language"])
    return user


async def role_rows_of_self(actor: Actor) -> list[RoleAssignment]:
    return await RoleAssignment.filter(user_id=actor.id).order_by("id")


async def get_own_api_key(actor: Actor) -> ApiKey:
    key = await ApiKey.get_or_none(id=actor.id) if actor.user_id is None else None
    if key is None:
        raise NotFound("API key", actor.id)
    return key


def search_users(qs: QuerySet[User], search: str | None) -> QuerySet[User]:
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(email__icontains=search))
    return qs


async def grant_initial_role(
    user: User, role: Role, *, store_id: int | None = None
) -> RoleAssignment:
    """Grant a role without an acting user (CLI bootstrap, demo seed). The
    domain follows from the user's organisation; store roles need the store."""
    kind = DOMAIN_KIND_OF_ROLE[role]
    if kind is DomainKind.STORE:
        if store_id is None or user.dealer_group_id is None:
            raise ValidationFailed.one("storeId", f"{role.value} needs a store of the user's group")
        if await StoreRepository(user.dealer_group_id).get(store_id) is None:
            raise NotFound("store", store_id)
        domain = domain_name(kind, store_id)
    elif kind is DomainKind.GROUP:
        if user.dealer_group_id is None:
            raise ValidationFailed.one("dealerGroupId", f"{role.value} needs a dealer group user")
        domain = domain_name(kind, user.dealer_group_id)
    elif kind is DomainKind.OEM:
        if user.oem_id is None:
            raise ValidationFailed.one("oemId", f"{role.value} needs an OEM user")
        domain = domain_name(kind, user.oem_id)
    else:
        domain = domain_name(kind)
    assignment, _ = await RoleAssignment.get_or_create(
        user_id=user.id,
        role=role.value,
        domain=domain,
        defaults={"dealer_group_id": user.dealer_group_id, "oem_id": user.oem_id},
    )
    await bump_revision()
    return assignment


SELLING_ROLES = (Role.CONSULTANT, Role.SHOWROOM_MANAGER, Role.SALES_MANAGER)


async def store_staff(
    tenant_id: int, store_id: int, roles: tuple[Role, ...] = SELLING_ROLES
) -> dict[int, tuple[User, set[Role]]]:
    """Active users holding one of `roles` in the store: user id -> (user, roles)."""
    rows = await RoleAssignment.filter(
        dealer_group_id=tenant_id, domain=f"store:{store_id}", role__in=[r.value for r in roles]
    ).values_list("user_id", "role")
    held: dict[int, set[Role]] = {}
    for user_id, role in rows:
        held.setdefault(user_id, set()).add(Role(role))
    users = await User.filter(id__in=list(held), dealer_group_id=tenant_id, is_active=True)
    return {u.id: (u, held[u.id]) for u in users}


async def staff_of_stores(
    tenant_id: int, store_ids: set[int], roles: tuple[Role, ...]
) -> dict[int, dict[int, set[Role]]]:
    """`store_staff` for many stores of a tenant in two queries, ids only:
    store id -> active user id -> the roles of `roles` held there."""
    domains = {f"store:{store_id}": store_id for store_id in store_ids}
    rows = await RoleAssignment.filter(
        dealer_group_id=tenant_id, domain__in=list(domains), role__in=[r.value for r in roles]
    ).values_list("user_id", "domain", "role")
    active = set(
        await User.filter(
            id__in={r[0] for r in rows}, dealer_group_id=tenant_id, is_active=True
        ).values_list("id", flat=True)
    )
    staff: dict[int, dict[int, set[Role]]] = {store_id: {} for store_id in store_ids}
    for user_id, domain, role in rows:
        if user_id in active:
            staff[domains[domain]].setdefault(user_id, set()).add(Role(role))
    return staff


async def managers_of_stores(
    stores: set[tuple[int, int]], roles: tuple[Role, ...]
) -> dict[tuple[int, int], list[int]]:
    """Active holders of `roles` in each (tenant, store), in two queries for all
    of them: the SLA sweep notifies the managers of many stores at once."""
    if not stores:
        return {}
    domains = {f"store:{store_id}": (tenant_id, store_id) for tenant_id, store_id in stores}
    rows = await RoleAssignment.filter(
        domain__in=list(domains), role__in=[r.value for r in roles]
    ).values_list("user_id", "domain", "dealer_group_id")
    active = set(
        await User.filter(id__in={r[0] for r in rows}, is_active=True).values_list(
            "id", "dealer_group_id"
        )
    )
    held: dict[tuple[int, int], list[int]] = {}
    for user_id, domain, group_id in sorted(rows):
        tenant_id, store_id = domains[domain]
        if group_id == tenant_id and (user_id, tenant_id) in active:
            users = held.setdefault((tenant_id, store_id), [])
            if user_id not in users:
                users.append(user_id)
    return held


async def users_by_ids(tenant_id: int, ids: list[int]) -> dict[int, User]:
    return {u.id: u for u in await User.filter(id__in=ids, dealer_group_id=tenant_id)}


async def group_admins(tenant_id: int) -> list[int]:
    """Active group admins of a dealer group (who hears about its integrations)."""
    holders = await RoleAssignment.filter(
        dealer_group_id=tenant_id, domain=f"group:{tenant_id}", role=Role.GROUP_ADMIN.value
    ).values_list("user_id", flat=True)
    # values_list(flat=True) yields values; tortoise types them as tuples.
    return list(
        await User.filter(  # type: ignore[arg-type]
            id__in=list(holders), dealer_group_id=tenant_id, is_active=True
        ).values_list("id", flat=True)
    )


async def get_role_assignment(actor: Actor, assignment_id: int) -> RoleAssignment:
    """A role assignment the actor may manage, of a user it may see."""
    assignment = await _one(role_assignments_of(actor), assignment_id, "role assignment")
    await get_user(actor, assignment.user_id)
    return assignment


async def get_api_key(actor: Actor, api_key_id: int) -> ApiKey:
    """An API key the actor may manage, or its own key."""
    if actor.user_id is None and actor.id == api_key_id:
        return await get_own_api_key(actor)
    key = await _one(api_keys_of(actor), api_key_id, "API key")
    return key
