"""Where report and export files live, and the signed links that open them.

Files sit under REPORT_STORAGE_DIR (`./data/reports` by default, a directory
every API process and worker share) as `<tenant>/<run>/<kind>-<run>.<format>`;
the `report_file` row keeps the key, size, row count, checksum and expiry.

A signed link lets a browser tab, an e-mail or a chat message open a file
without a bearer header. It names the run, the format, the person it was made
for and its expiry, and carries an HMAC of those and of the file's checksum
under a key derived from SECRET_KEY: changing any of them, or rebuilding the
file, breaks it. The download then acts as that person, with their current
permissions (a link does not outlive a revoked role or a deactivated user),
and is audited like any other download.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from saas.settings import Settings

PURPOSE = b"saas report download link v1:"


def storage_key(tenant_id: int, run_id: int, kind: str, fmt: str) -> str:
    return f"{tenant_id}/{run_id}/{kind}-{run_id}.{fmt}"


def run_directory(settings: Settings, tenant_id: int, run_id: int) -> Path:
    return settings.report_storage_dir / str(tenant_id) / str(run_id)


def path_of(settings: Settings, key: str) -> Path:
    """The file of a stored key; refuses a key that would leave the storage."""
    root = settings.report_storage_dir.resolve()
    path = (root / key).resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"storage key {key!r} leaves the report storage")
    return path


def delete(settings: Settings, key: str) -> None:
    path = path_of(settings, key)
    path.unlink(missing_ok=True)
    for parent in (path.parent, path.parent.parent):
        try:
            parent.rmdir()  # only when empty
        except OSError:
            break


@dataclass(frozen=True)
class Link:
    url: str
    expires_at: datetime


class LinkRefused(Exception):
    """Why a signed link does not open (shown to the person who clicked it)."""


@dataclass(frozen=True)
class LinkClaim:
    """What a valid signed link stands for."""

    run_id: int
    fmt: str
    user_id: int


def sign(
    settings: Settings,
    *,
    run_id: int,
    fmt: str,
    user_id: int,
    sha256: str,
    now: datetime | None = None,
) -> Link:
    """A link to the file for `user_id`, valid REPORT_LINK_MINUTES."""
    expires_at = (now or datetime.now(UTC)) + timedelta(minutes=settings.report_link_minutes)
    expires = int(expires_at.timestamp())
    signature = _mac(settings, run_id, fmt, user_id, expires, sha256)
    query = urlencode({"user": user_id, "expires": expires, "signature": signature})
    return Link(f"/reports/{run_id}.{fmt}?{query}", datetime.fromtimestamp(expires, UTC))


def verify(
    settings: Settings,
    *,
    run_id: int,
    fmt: str,
    user: str,
    expires: str,
    signature: str,
    sha256: str,
    now: datetime | None = None,
) -> LinkClaim:
    """The claim of a link whose signature holds and that has not expired;
    else `LinkRefused` saying which."""
    if not (user.isdigit() and expires.isdigit() and len(expires) < 12):
        raise LinkRefused("this link is incomplete or has been changed")
    expected = _mac(settings, run_id, fmt, int(user), int(expires), sha256)
    if not hmac.compare_digest(expected, signature):
        raise LinkRefused("this link is not valid: it has been changed, or the file was rebuilt")
    if int(expires) <= (now or datetime.now(UTC)).timestamp():
        at = datetime.fromtimestamp(int(expires), UTC)
        raise LinkRefused(f"this link expired at {at:%Y-%m-%d %H:%M} UTC")
    return LinkClaim(run_id, fmt, int(user))


def _mac(settings: Settings, run_id: int, fmt: str, user_id: int, expires: int, sha256: str) -> str:
    key = hashlib.sha256(PURPOSE + settings.secret_key.encode()).digest()
    message = f"{run_id}\n{fmt}\n{user_id}\n{expires}\n{sha256}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
