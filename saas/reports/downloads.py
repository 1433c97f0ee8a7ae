"""GET /reports/{id}.csv|xlsx: a finished report run (or export) as a file,
for a caller who may see the run (same permission and tenant checks as the
API); every download is audited."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from saas.audit import write
from saas.errors import SaasError
from saas.reports import runs
from saas.reports.exports import EXPORT_KINDS
from saas.tenancy.context import current_oem, current_tenant
from saas.tenancy.rls import tenant_transaction

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def download(request: Request) -> Response:
    actor = request.scope.get("state", {}).get("actor")
    if actor is None:
        return JSONResponse({"error": "sign in first: send 'Authorization: Bearer <token>'"}, 401)
    fmt = request.path_params["fmt"]
    if fmt not in TYPES:
        return JSONResponse({"error": "ask for .csv or .xlsx"}, 404)
    async with tenant_transaction(current_tenant(), current_oem()):
        try:
            run = await runs.get_run(actor, int(request.path_params["run_id"]))
        except SaasError:
            run = None
    if run is None or run.status != "done" or not run.result:
        return JSONResponse({"error": "no finished report run with this id"}, 404)
    async with tenant_transaction(current_tenant(), current_oem()):
        await write(
            "download_export" if run.kind in EXPORT_KINDS else "download_report",
            fmt,
            actor=actor,
            object_type="ReportRun",
            object_id=str(run.id),
        )
    body = runs.to_csv(run.result) if fmt == "csv" else runs.to_xlsx(run.result)
    name = f"{run.kind}-{run.id}.{fmt}"
    return Response(
        body,
        media_type=TYPES[fmt],
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
