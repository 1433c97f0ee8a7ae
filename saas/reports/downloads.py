"""GET /reports/{id}.csv|xlsx: the stored file of a finished report run (or
export), streamed as the worker wrote it (from REPORT_STORAGE_DIR or the
REPORT_S3_BUCKET), never rebuilt here.

Two ways in, the same checks (the run's permission and tenant, as the API's)
and the same audit entry:
- with `Authorization: Bearer <token>`, as the API is called;
- with a signed link (`?user=&expires=&signature=`, `files { url }` of the run),
  which a browser tab, an e-mail or a chat message can open: it acts as the
  person it was made for, with their current permissions. An expired or
  changed link gets a 403 page that says so, not a stack trace.
"""

from __future__ import annotations

import hmac
import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from saas.audit import write
from saas.errors import SaasError
from saas.models import ReportFile, ReportRun, User
from saas.reports import runs, storage
from saas.reports.exports import EXPORT_KINDS
from saas.reports.repository import ReportFileRepository
from saas.settings import Settings
from saas.tenancy.actor import Actor
from saas.tenancy.auth import actor_for_user, client_address
from saas.tenancy.authz import Authorizer
from saas.tenancy.context import current_oem, current_tenant
from saas.tenancy.ratelimit import RateLimiter
from saas.tenancy.rls import tenant_transaction

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def download(request: Request) -> Response:
    actor: Actor | None = request.scope.get("state", {}).get("actor")
    fmt = request.path_params["fmt"]
    run_id = int(request.path_params["run_id"])
    settings: Settings = request.app.state.settings
    if actor is None and "signature" in request.query_params:
        return await _signed(request, settings, run_id, fmt)
    if actor is None:
        return JSONResponse({"error": "sign in first: send 'Authorization: Bearer <token>'"}, 401)
    if fmt not in TYPES:
        return JSONResponse({"error": "ask for .csv or .xlsx"}, 404)
    async with tenant_transaction(current_tenant(), current_oem()):
        found = await _run_and_file(actor, run_id, fmt)
        if found is not None and found[1] is not None:
            await _audit(actor, found[0], fmt, via=None)
    if found is None:
        return JSONResponse({"error": "no finished report run with this id"}, 404)
    run, file = found
    if file is None or not await storage.is_kept(settings, file.storage_key):
        return JSONResponse(
            {
                "error": "this run has no such file, or it is no longer kept "
                "(REPORT_RETENTION_DAYS): run the report again"
            },
            410,
        )
    return await _file(settings, run, file)


async def _signed(request: Request, settings: Settings, run_id: int, fmt: str) -> Response:
    """The link is checked (signature, then expiry) before the database is
    read, and every other refusal is the changed link's page: whoever holds no
    link learns nothing of which runs exist. The authorizer is refreshed
    first, so a role revoked in another process no longer opens anything."""
    limiter: RateLimiter | None = request.app.state.limiter
    if limiter is not None:  # no bearer token: the anonymous allowance of the address
        verdict = await limiter.hit(
            f"ip:{client_address(request.scope)}", settings.rate_limit_anonymous_per_minute
        )
        if not verdict.allowed:
            return _refused(
                f"too many requests; try again in {verdict.retry_after} seconds",
                status=429,
                headers={"retry-after": str(verdict.retry_after)},
            )
    query = request.query_params
    if fmt not in TYPES:
        return _refused(storage.TAMPERED)
    try:
        claim = storage.verify(
            settings,
            run_id=run_id,
            fmt=fmt,
            user=query.get("user", ""),
            expires=query.get("expires", ""),
            version=query.get("v", ""),
            signature=query.get("signature", ""),
        )
    except storage.LinkRefused as refused:
        return _refused(str(refused))
    authorizer: Authorizer = request.app.state.authorizer
    await authorizer.refresh()
    user = await User.get_or_none(id=claim.user_id, is_active=True)
    if user is None:
        return _refused(storage.TAMPERED)
    actor = await actor_for_user(user, authorizer)
    async with tenant_transaction(actor.tenant_id, actor.oem_id):
        found = await _run_and_file(actor, run_id, fmt, kept_only=False)
        run, file = found if found is not None else (None, None)
        if (
            run is None
            or file is None
            or not hmac.compare_digest(
                file.sha256[: storage.VERSION_CHARS].encode(), claim.version.encode()
            )
        ):
            return _refused(storage.TAMPERED)
        if file.purged_at is not None:
            return _refused("this file is no longer kept: run the report again", status=410)
        await _audit(actor, run, fmt, via="signed link")
    if not await storage.is_kept(settings, file.storage_key):
        return _refused("this file is no longer kept: run the report again", status=410)
    return await _file(settings, run, file)


async def _run_and_file(
    actor: Actor, run_id: int, fmt: str, *, kept_only: bool = True
) -> tuple[ReportRun, ReportFile | None] | None:
    """The finished run the actor may see, and its file in `fmt` (None when
    expired); None when there is no such run for this actor."""
    try:
        run = await runs.get_run(actor, run_id)
    except SaasError:
        return None
    if run.status != "done":
        return None
    files = ReportFileRepository(run.tenant_id).query().filter(run_id=run.id, format=fmt)
    if kept_only:
        files = files.filter(purged_at__isnull=True)
    return run, await files.first()


async def _audit(actor: Actor, run: ReportRun, fmt: str, *, via: str | None) -> None:
    await write(
        "download_export" if run.kind in EXPORT_KINDS else "download_report",
        fmt,
        actor=actor,
        object_type="ReportRun",
        object_id=str(run.id),
        details={"via": via} if via else None,
    )


async def _file(settings: Settings, run: ReportRun, file: ReportFile) -> Response:
    return await storage.response(
        settings,
        file.storage_key,
        TYPES[file.format],
        f"{run.kind}-{run.id}.{file.format}",
        {"cache-control": "private, no-store", "x-content-sha256": file.sha256},
    )


def _refused(reason: str, status: int = 403, headers: dict[str, str] | None = None) -> HTMLResponse:
    """A page a person reads in the browser tab the link opened."""
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Download link</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>This download cannot be opened</h1>
<p>{html.escape(reason[:1].upper() + reason[1:])}.</p>
<p>Open the report again in the app to get a new link: links are valid for a few minutes
and only for the person they were made for.</p>
<p lang="zh">此下载链接无效或已过期。请在系统中重新打开报表以获取新链接。</p>
</body></html>"""
    return HTMLResponse(page, status, headers={"cache-control": "no-store", **(headers or {})})
