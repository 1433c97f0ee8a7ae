"""Secrets: password hashing, access tokens, refresh tokens and API keys."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from saas.errors import StaleCredential, Unauthenticated

_hasher = PasswordHasher()
# Verifying against this keeps the timing of "no such user" like a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password-000")


def configure_password_hashing(time_cost: int, memory_kib: int) -> None:
    """Set the argon2 cost of new hashes (existing hashes carry their own
    parameters and keep verifying)."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
    _DUMMY_HASH = _hasher.hash("not-a-real-password-000")


API_KEY_PREFIX = "dcrm_"
_ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    tenant_id: int | None
    oem_id: int | None
    expires_at: datetime


def issue_access_token(
    secret: str,
    *,
    user_id: int,
    tenant_id: int | None,
    oem_id: int | None,
    lifetime: timedelta,
) -> tuple[str, datetime]:
    now = datetime.now(UTC)
    expires_at = now + lifetime
    claims = {
        "sub": str(user_id),
        "tid": tenant_id,
        "oid": oem_id,
        "typ": "access",
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM), expires_at


# Access tokens already verified, by (secret, token), with their expiry as
# PyJWT compares it: a client sends the same token on every request for its
# lifetime, and PyJWT's decode (key checks, base64 and claims validation)
# costs 0.15-0.3 ms a request. A token is kept only once its signature and
# claims passed; of those checks only the expiry can change with time, and it
# is checked again on every use.
# Oldest first: the oldest goes when it is full (an OrderedDict, whose
# popitem(last=False) stays O(1) where a dict's first key is found by
# skipping the slots of keys deleted before it).
_VERIFIED: OrderedDict[tuple[str, str], tuple[AccessClaims, int]] = OrderedDict()
MAX_VERIFIED = 4096


def read_access_token(secret: str, token: str) -> AccessClaims:
    """Verify signature, expiry and type; raise Unauthenticated with the reason."""
    verified = _VERIFIED.get((secret, token))
    if verified is not None:
        claims_kept, exp = verified
        if exp <= time.time():
            raise StaleCredential("the access token has expired; refresh it or log in again")
        return claims_kept
    found = _read_access_token(secret, token)
    if len(_VERIFIED) >= MAX_VERIFIED:
        _VERIFIED.popitem(last=False)
    _VERIFIED[secret, token] = found
    return found[0]


def _read_access_token(secret: str, token: str) -> tuple[AccessClaims, int]:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            options={"require": ["exp", "sub", "typ"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise StaleCredential("the access token has expired; refresh it or log in again") from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthenticated("the access token is invalid") from exc
    if claims.get("typ") != "access" or not str(claims["sub"]).isdigit():
        raise Unauthenticated("the access token is invalid")
    if any(
        claims.get(party) is not None and type(claims[party]) is not int for party in ("tid", "oid")
    ):
        raise Unauthenticated("the access token is invalid")
    found = AccessClaims(
        user_id=int(claims["sub"]),
        tenant_id=claims.get("tid"),
        oem_id=claims.get("oid"),
        expires_at=datetime.fromtimestamp(claims["exp"], UTC),
    )
    return found, int(claims["exp"])


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def new_api_key() -> tuple[str, str]:
    """Return (full key, prefix). Only the prefix and the hash are stored."""
    prefix = secrets.token_hex(4)
    return f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix


def api_key_prefix(key: str) -> str | None:
    if not key.startswith(API_KEY_PREFIX):
        return None
    prefix, _, secret = key.removeprefix(API_KEY_PREFIX).partition("_")
    return prefix if len(prefix) == 8 and secret else None
