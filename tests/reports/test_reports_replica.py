"""REPORTS_DATABASE_URL sends report queries to a read replica: with it set
to a second database (a copy of the primary taken before the latest lead,
like a replica a little behind), the daily report counts what the replica
holds, while the rest of the API keeps reading and writing the primary."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest

from saas.app import create_app
from saas.db import close_db, db, init_db
from saas.reports.runs import run_report
from saas.settings import Environment, Settings
from saas.tenancy.rls import reports_replica, tenant_transaction
from saas.tenancy.roles import Role
from tests.conftest import ADMIN_DSN, Api
from tests.factories import gid, make_group, make_lead, make_store, make_user, pk

DAILY = """query($s: ID!, $d: Date!) { dailyReport(storeId: $s, day: $d) {
  ... on DailyReport { totals { newLeads } } } }"""
LEADS = "{ leads { totalCount } }"
REQUEST = """mutation($input: RequestReportInput!) { requestReport(input: $input) {
  ... on ReportRun { id } } }"""
RUN = "query($id: ID!) { reportRun(id: $id) { status columns rows } }"


async def test_reports_read_from_the_replica_and_the_rest_from_the_primary(
    api: Api, settings: Settings
) -> None:
    group = await make_group("GROUP-A")
    store = await make_store(group, "SH-1", brands=["Huaxia"])
    ann = await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=store)
    await make_user("sam@a.test", group=group, role=Role.SALES_MANAGER, store=store)
    now = datetime.now(UTC)
    day = now.astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()
    await make_lead(ann, store, now=now)
    async with replica_of(settings) as replica_url:
        await make_lead(ann, store, name="Li Na", phone="13900139000", now=now)  # not copied
        sam = await api.login("sam@a.test")
        primary = (await api.gql(DAILY, {"s": gid(store), "d": day}, sam))["dailyReport"]
        assert primary["totals"]["newLeads"] == 2

        with_replica = settings.model_copy(update={"reports_database_url": replica_url})
        await close_db()
        await init_db(with_replica)
        try:
            app = create_app(with_replica, run_jobs=False)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                routed = Api(c)
                sam = await routed.login("sam@a.test")
                report = await routed.gql(DAILY, {"s": gid(store), "d": day}, sam)
                assert report["dailyReport"]["totals"]["newLeads"] == 1  # the replica's figure
                # Everything but reports reads the primary.
                assert (await routed.gql(LEADS, token=sam))["leads"]["totalCount"] == 2
                # A report run computes on the replica and records on the primary.
                run = (await routed.gql(REQUEST, {"input": {"kind": "DAILY_REPORT", "storeId": gid(store), "day": day}}, sam))["requestReport"]  # fmt: skip
                async with tenant_transaction(group.id):
                    assert await run_report(group.id, pk(run["id"]), with_replica) == "done"
                done = (await routed.gql(RUN, {"id": run["id"]}, sam))["reportRun"]
                assert done["status"] == "done"
                assert done["rows"][-1][:2] == ["total", "1"]  # the replica's figure
                # The request's time limit holds on the replica too.
                async with (
                    tenant_transaction(group.id, statement_timeout_ms=4321),
                    reports_replica(),
                ):
                    _, shown = await db().execute_query("SHOW statement_timeout")
                assert shown[0]["statement_timeout"] == "4321ms"
        finally:
            await close_db()
            await init_db(settings)


async def test_production_refuses_a_replica_role_that_could_bypass_rls(settings: Settings) -> None:
    """Report queries run on the replica as REPORTS_DATABASE_URL's role: a
    superuser or the tables' owner there would read every dealer group's rows,
    so production refuses to start, as for DATABASE_URL."""
    assert settings.migration_database_url
    async with replica_of(settings) as replica_url:
        replica = urlsplit(replica_url)
        superuser = urlsplit(ADMIN_DSN)._replace(scheme="postgres", path=replica.path).geturl()
        owner = urlsplit(settings.migration_database_url)._replace(path=replica.path).geturl()
        try:
            for url, problem in [(superuser, "is a superuser"), (owner, "owns")]:
                production = settings.model_copy(
                    update={"environment": Environment.PRODUCTION, "reports_database_url": url}
                )
                app = create_app(production, run_jobs=False)
                with pytest.raises(RuntimeError, match="row-level security could be bypassed") as refused:  # fmt: skip
                    async with app.router.lifespan_context(app):
                        pass
                assert "REPORTS_DATABASE_URL: database role" in str(refused.value)
                assert problem in str(refused.value)
                await close_db()
        finally:
            await close_db()
            await init_db(settings)


@asynccontextmanager
async def replica_of(settings: Settings) -> AsyncIterator[str]:
    """A second database holding a copy of the primary (pg_dump), reached as
    the application's role; yields its URL."""
    primary = urlsplit(settings.database_url)
    name = primary.path.lstrip("/") + "_replica"
    admin = await asyncpg.connect(ADMIN_DSN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0]
    try:
        dump = await asyncio.create_subprocess_shell(
            f"pg_dump --no-sync '{base}/{primary.path.lstrip('/')}'"
            f" | psql -q -v ON_ERROR_STOP=1 '{base}/{name}' >/dev/null"
        )
        assert await dump.wait() == 0
        yield primary._replace(path=f"/{name}").geturl()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
