"""Where report and export files live, and the signed links that open them.

Files sit under REPORT_STORAGE_DIR (`./data/reports` by default, a directory
every API process and worker share) as `<tenant>/<run>/<kind>-<run>.<format>`,
or, when REPORT_S3_BUCKET is set, in that S3-compatible bucket under the same
key (the worker writes them to a scratch directory, then uploads them); the
`report_file` row keeps the key, size, row count, checksum and expiry.
Downloads stream the file from where it is kept; the purge deletes it there.

A signed link lets a browser tab, an e-mail or a chat message open a file
without a bearer header. It names the run, the format, the person it was made
for and its expiry, and carries an HMAC of those and of the file's checksum
under a key derived from SECRET_KEY: changing any of them, or rebuilding the
file, breaks it. The download then acts as that person, with their current
permissions (a link does not outlive a revoked role or a deactivated user),
and is audited like any other download.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import iterate_in_threadpool
from starlette.responses import FileResponse, Response, StreamingResponse

from saas.settings import Settings

PURPOSE = b"saas report download link v1:"
SCRATCH = Path(tempfile.gettempdir()) / "saas-reports"
CHUNK = 1 << 20
_clients: dict[tuple[str | None, str | None], Any] = {}


def _client(settings: Settings) -> Any:
    """An S3 client for the configured server (one per process: making one is
    slow); credentials come from the standard AWS_* variables."""
    where = (settings.report_s3_endpoint_url, settings.report_s3_region)
    if where not in _clients:
        # boto3 loads only where a bucket is configured (it is slow to import).
        import boto3

        _clients[where] = boto3.client("s3", endpoint_url=where[0], region_name=where[1])
    return _clients[where]


def storage_key(tenant_id: int, run_id: int, kind: str, fmt: str) -> str:
    return f"{tenant_id}/{run_id}/{kind}-{run_id}.{fmt}"


def run_directory(settings: Settings, tenant_id: int, run_id: int) -> Path:
    """Where the worker writes a run's files: the storage itself, or with a
    bucket a scratch directory they are uploaded from (`keep`)."""
    root = settings.report_storage_dir if settings.report_s3_bucket is None else SCRATCH
    return root / str(tenant_id) / str(run_id)


async def keep(settings: Settings, path: Path, key: str) -> None:
    """Store a file the worker wrote: with a bucket, upload it under `key` and
    drop the scratch copy; without one it is already in place."""
    bucket = settings.report_s3_bucket
    if bucket is None:
        return
    try:
        await asyncio.to_thread(_client(settings).upload_file, str(path), bucket, key)
    finally:
        path.unlink(missing_ok=True)
        _remove_empty(path)


async def is_kept(settings: Settings, key: str) -> bool:
    """Whether the stored file is there (a purge, or an operator, may have deleted it)."""
    bucket = settings.report_s3_bucket
    if bucket is None:
        return path_of(settings, key).is_file()
    client = _client(settings)
    try:
        await asyncio.to_thread(client.head_object, Bucket=bucket, Key=key)
    except client.exceptions.ClientError as error:
        if str(error.response.get("Error", {}).get("Code")) in {"404", "NoSuchKey", "NotFound"}:
            return False
        raise
    return True


async def response(
    settings: Settings, key: str, media_type: str, filename: str, headers: dict[str, str]
) -> Response:
    """The stored file as a download: from the directory, or streamed from
    the bucket in chunks (never held whole in the API's memory)."""
    bucket = settings.report_s3_bucket
    if bucket is None:
        return FileResponse(
            path_of(settings, key), media_type=media_type, filename=filename, headers=headers
        )
    found = await asyncio.to_thread(_client(settings).get_object, Bucket=bucket, Key=key)
    chunks: Iterator[bytes] = found["Body"].iter_chunks(CHUNK)
    disposition = {
        "content-disposition": f'attachment; filename="{filename}"',
        "content-length": str(found["ContentLength"]),
    }
    return StreamingResponse(
        iterate_in_threadpool(chunks), media_type=media_type, headers={**headers, **disposition}
    )


def path_of(settings: Settings, key: str) -> Path:
    """The file of a stored key; refuses a key that would leave the storage."""
    root = settings.report_storage_dir.resolve()
    path = (root / key).resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"storage key {key!r} leaves the report storage")
    return path


async def delete(settings: Settings, key: str) -> None:
    bucket = settings.report_s3_bucket
    if bucket is not None:
        await asyncio.to_thread(_client(settings).delete_object, Bucket=bucket, Key=key)
        return
    path = path_of(settings, key)
    path.unlink(missing_ok=True)
    _remove_empty(path)


def _remove_empty(path: Path) -> None:
    """Drop the run's and the tenant's directories once they hold nothing."""
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
    """What a valid signed link stands for: the run's file in `fmt` whose
    SHA-256 starts with `version`, for `user_id`."""

    run_id: int
    fmt: str
    user_id: int
    version: str


# A rebuilt file (a retried run) has another SHA-256: its old links refuse.
VERSION_CHARS = 16
TAMPERED = "this link is not valid: it has been changed, or it is no longer yours to open"


def sign(
    settings: Settings,
    *,
    run_id: int,
    fmt: str,
    user_id: int,
    sha256: str,
    now: datetime | None = None,
) -> Link:
    """A link to the file for `user_id`, valid REPORT_LINK_MINUTES. It names
    the file's version so that it can be checked before the database is read."""
    expires_at = (now or datetime.now(UTC)) + timedelta(minutes=settings.report_link_minutes)
    expires = int(expires_at.timestamp())
    version = sha256[:VERSION_CHARS]
    signature = _mac(settings, run_id, fmt, user_id, expires, version)
    query = urlencode({"user": user_id, "expires": expires, "v": version, "signature": signature})
    return Link(f"/reports/{run_id}.{fmt}?{query}", datetime.fromtimestamp(expires, UTC))


def _number(text: str) -> int | None:
    """Only ASCII digits: `²` passes isdigit() but not int()."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def verify(
    settings: Settings,
    *,
    run_id: int,
    fmt: str,
    user: str,
    expires: str,
    version: str,
    signature: str,
    now: datetime | None = None,
) -> LinkClaim:
    """The claim of a link whose signature holds and that has not expired;
    else `LinkRefused`: one answer for any changed or malformed link, another
    for an authentic one past its time. Reads no database, so a refusal says
    nothing of whether the run exists."""
    user_id, until = _number(user), _number(expires)
    if user_id is None or until is None or not version.isascii():
        raise LinkRefused(TAMPERED)
    expected = _mac(settings, run_id, fmt, user_id, until, version).encode()
    if not hmac.compare_digest(expected, signature.encode("utf-8", "replace")):
        raise LinkRefused(TAMPERED)
    if until <= (now or datetime.now(UTC)).timestamp():
        at = datetime.fromtimestamp(until, UTC)
        raise LinkRefused(f"this link expired at {at:%Y-%m-%d %H:%M} UTC")
    return LinkClaim(run_id, fmt, user_id, version)


def _mac(
    settings: Settings, run_id: int, fmt: str, user_id: int, expires: int, version: str
) -> str:
    key = hashlib.sha256(PURPOSE + settings.secret_key.encode()).digest()
    message = f"{run_id}\n{fmt}\n{user_id}\n{expires}\n{version}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
