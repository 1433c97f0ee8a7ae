"""People and machines that call the API, and what they may do."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import TimestampedModel


class User(TimestampedModel):
    """A person who logs in. Belongs to at most one dealer group or one OEM;
    platform operators belong to neither."""

    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    phone = fields.CharField(max_length=32, null=True)
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    dealer_group_id = fields.BigIntField(null=True, db_index=True)
    oem_id = fields.BigIntField(null=True, db_index=True)
    last_login_at = fields.DatetimeField(null=True)
    # The language of the person's report and export files (en, zh); null:
    # the browser's Accept-Language at each request.
    language = fields.CharField(max_length=8, null=True)

    class Meta:
        table = "app_user"


class RoleAssignment(TimestampedModel):
    """User -> role -> domain (`group:<id>`, `store:<id>`, `oem:<id>`, `platform`)."""

    user_id = fields.BigIntField(db_index=True)
    role = fields.CharField(max_length=32)
    domain = fields.CharField(max_length=64)
    dealer_group_id = fields.BigIntField(null=True, db_index=True)
    oem_id = fields.BigIntField(null=True)
    granted_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "role_assignment"
        unique_together = (("user_id", "role", "domain"),)


class AuthzRevision(TimestampedModel):
    """One row whose counter moves on every grant or revoke, so every API
    process notices and reloads its role assignments."""

    revision = fields.BigIntField(default=0)

    class Meta:
        table = "authz_revision"


class ApiKey(TimestampedModel):
    """A hashed secret for an OEM or integration client. Only the prefix is shown
    after creation."""

    name = fields.CharField(max_length=200)
    prefix = fields.CharField(max_length=16, unique=True)
    key_hash = fields.CharField(max_length=64, unique=True)
    dealer_group_id = fields.BigIntField(null=True, db_index=True)
    oem_id = fields.BigIntField(null=True, db_index=True)
    role = fields.CharField(max_length=32)
    domain = fields.CharField(max_length=64)
    # "resource:action" strings narrowing the role; empty means the whole role.
    scopes: list[str] = fields.JSONField(default=list)
    created_by_id = fields.BigIntField(null=True)
    last_used_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_key"


class RefreshToken(TimestampedModel):
    """A hashed refresh token. Rotated on every use; reusing a rotated token
    revokes its whole family (a stolen token is then worthless)."""

    user_id = fields.BigIntField(db_index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    family = fields.CharField(max_length=32, db_index=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "refresh_token"


class LoginThrottle(TimestampedModel):
    """Consecutive failed logins per e-mail address (known or not, so the
    throttle does not reveal which accounts exist)."""

    email = fields.CharField(max_length=254, unique=True)
    failures = fields.IntField(default=0)
    last_failure_at = fields.DatetimeField(null=True)
    locked_until = fields.DatetimeField(null=True)

    class Meta:
        table = "login_throttle"
