"""The `saas` command: serve, worker, migrate, seed-demo, create-tenant, create-user,
import, settings, documents."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from saas.errors import SaasError
from saas.settings import get_settings

# Each command imports what it needs inside its own function, deliberately,
# for start-up speed: `saas --help` loads neither the app, the schema nor
# uvicorn, and a command pays only for its own imports.


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from saas.app import create_app
    from saas.observability import uvicorn_log_config
    from saas.tracing import shutdown_tracing

    settings = get_settings()
    if args.migrate:
        # A log line, not a print: JSON like every other line under LOG_FORMAT=json.
        announce = logging.getLogger("saas.migrate").info
        _run(_migrate_and_seed(seed=args.seed_demo, announce=announce))
    # Proxy headers only from the proxies named in FORWARDED_ALLOW_IPS: from
    # anyone else X-Forwarded-For would choose the caller's rate-limit bucket.
    proxies = [p.strip() for p in settings.forwarded_allow_ips.split(",") if p.strip()]
    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        log_level="info",
        # uvicorn's start-up and access lines go through our handler (JSON
        # under LOG_FORMAT=json), not uvicorn's own plain-text ones.
        log_config=uvicorn_log_config(),
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )
    shutdown_tracing()


async def _migrate_and_seed(*, seed: bool, announce: Callable[[str], None] = print) -> None:
    from saas.migrate import migrate

    settings = get_settings()
    applied = await migrate(settings)
    announce(f"migrations applied: {', '.join(applied) or 'none (up to date)'}")
    if seed:
        from saas.demo import seed_demo

        await _with_db(seed_demo, print_logins=True)


def _worker(args: argparse.Namespace) -> None:
    from saas.jobs.worker import run_workers

    settings = get_settings()
    if not settings.redis_url:
        sys.exit("error: REDIS_URL is not set (without it `saas serve` runs the jobs in-process)")
    asyncio.run(run_workers(settings, burst=args.burst))


def _migrate(args: argparse.Namespace) -> None:
    _run(_migrate_and_seed(seed=False))


def _seed_demo(args: argparse.Namespace) -> None:
    from saas.demo import seed_demo

    if get_settings().is_production:
        sys.exit("seed-demo refuses to run in production: demo passwords are public")
    _run(_with_db(seed_demo, print_logins=True))


def _create_tenant(args: argparse.Namespace) -> None:
    from saas.org.service import create_dealer_group

    async def run() -> None:
        group = await create_dealer_group(args.code, args.name)
        print(f"dealer group {group.code} created with id {group.id}")

    _run(_with_db(run))


def _create_user(args: argparse.Namespace) -> None:
    from saas.identity.service import NewUser, grant_initial_role, register_user
    from saas.tenancy.roles import Role

    password = args.password or getpass.getpass("password: ")

    async def run() -> None:
        user = await register_user(
            NewUser(email=args.email, name=args.name, password=password),
            dealer_group_id=args.dealer_group_id,
            oem_id=args.oem_id,
        )
        if args.role:
            await grant_initial_role(user, Role(args.role), store_id=args.store_id)
        print(
            f"user {user.email} created with id {user.id}"
            + (f" as {args.role}" if args.role else "")
        )

    _run(_with_db(run))


def _import(args: argparse.Namespace) -> None:
    from pathlib import Path

    from saas.db import close_db, init_db
    from saas.imports.service import ImportKind, Outcome, create_import, row_results, run_import
    from saas.org.repository import StoreRepository
    from saas.schema.relay import to_global_id
    from saas.tenancy.rls import tenant_transaction

    path = Path(args.file)
    if not path.is_file():
        sys.exit(f"error: no file {path}")
    content = path.read_bytes()
    group_id = args.dealer_group_id

    async def run() -> None:
        await init_db(get_settings())
        try:
            async with tenant_transaction(group_id):
                store = await StoreRepository(group_id).get(args.store_id)
                if store is None:
                    sys.exit(f"error: store {args.store_id} is not in dealer group {group_id}")
                batch = await create_import(
                    store, ImportKind(args.kind), path.name, content,
                    max_bytes=get_settings().import_max_bytes, dry_run=args.dry_run,
                    requested_by_id=None, queue=False,
                )  # fmt: skip
            print(f"import {batch.id}: {batch.total:,} rows of {path.name}", file=sys.stderr)
            done = await run_import(group_id, batch.id, on_progress=ProgressBar(batch.processed))
            assert done is not None
            print(file=sys.stderr)  # end the progress line
            async with tenant_transaction(group_id):
                rejected = await row_results(done, Outcome.REJECTED).order_by("id").limit(50)
        finally:
            await close_db()
        print(
            f"{'dry run: ' if done.dry_run else ''}{done.created:,} created, "
            f"{done.merged:,} merged as duplicates, {done.rejected:,} rejected (import {done.id})"
        )
        for row in rejected:
            print(f"row {row.row_no}: {row.column_name or 'row'}: {row.message}")
        if done.rejected > len(rejected):
            run_id = to_global_id("ImportRun", done.id)
            more = done.rejected - len(rejected)
            print(f'... and {more:,} more: query importRun(id: "{run_id}")')

    _run(run())


def _settings(args: argparse.Namespace) -> None:
    import json

    from saas import wiring
    from saas.db import close_db, init_db
    from saas.models import DealerGroup
    from saas.org.settings import load_group_settings, update_group_settings
    from saas.tenancy.rls import tenant_transaction

    changes: dict[str, Any] = {}
    for item in args.set or []:
        path, equals, text = item.partition("=")
        if not equals:
            sys.exit(f"error: --set {item}: write SETTING=VALUE, e.g. morning_list_hour=7")
        try:
            changes[path.strip()] = json.loads(text)
        except ValueError:
            changes[path.strip()] = text  # plain text, e.g. a template

    async def run() -> None:
        wiring.install()
        await init_db(get_settings())
        try:
            async with tenant_transaction(args.dealer_group_id):
                if not await DealerGroup.exists(id=args.dealer_group_id):
                    sys.exit(f"error: there is no dealer group {args.dealer_group_id}")
                if changes:
                    update = await update_group_settings(args.dealer_group_id, changes, actor=None)
                    for c in update.changes:
                        print(
                            f"changed {c.setting}: {json.dumps(c.before)} -> {json.dumps(c.after)}"
                        )
                    if not update.changes:
                        print("nothing changed")
                settings = await load_group_settings(args.dealer_group_id)
        finally:
            await close_db()
        if not changes:
            for path, value in settings.flat().items():
                shown = list(value) if isinstance(value, tuple) else value
                print(f"{path} = {json.dumps(shown, ensure_ascii=False)}")

    _run(run())


def _documents_load(args: argparse.Namespace) -> None:
    import json
    from pathlib import Path

    from saas.documents.service import manifest_documents, register_documents
    from saas.schema import build_schema
    from saas.schema.documents.register import schema_problems

    try:
        manifest = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        sys.exit(f"error: {args.file}: {exc}")
    if not isinstance(manifest, dict):
        sys.exit(f"error: {args.file}: not a persisted-query manifest (a JSON object)")
    documents = manifest_documents(manifest)
    schema = build_schema(production=get_settings().is_production)

    async def run() -> Any:
        return await register_documents(
            documents,
            validate=schema_problems(schema._schema),
            registered_by_id=None,
            max_bytes=get_settings().max_document_bytes,
            label="operations",
        )

    registration = _run(_with_db(run))
    for document in registration.documents:
        print(f"{document.document_id}  {document.operation:<12} {document.name}")
    total, created = len(registration.documents), registration.created
    print(f"{total} operations: {created} registered, {total - created} already known")


class ProgressBar:
    """`[#########.....................] 4,500/10,000  1,180 rows/s, 5 s left`
    on stderr, redrawn in place after each committed chunk. The rate counts
    the rows taken in since the bar started (a resumed run's earlier rows
    are not this run's work)."""

    def __init__(self, processed: int = 0) -> None:
        import time

        self.started, self.first = time.monotonic(), processed

    def __call__(self, batch: Any) -> None:
        import time

        now = time.monotonic()
        width = 30
        done = width * batch.processed // max(batch.total, 1)
        elapsed = max(now - self.started, 1e-9)
        rate = (batch.processed - self.first) / elapsed
        left = (batch.total - batch.processed) / rate if rate > 0 else 0.0
        sys.stderr.write(
            f"\r[{'#' * done}{'.' * (width - done)}] {batch.processed:,}/{batch.total:,}"
            f"  {rate:,.0f} rows/s, {_duration(left)} left "
        )
        sys.stderr.flush()


def _duration(seconds: float) -> str:
    """`45 s`, `3 min 05 s`, `1 h 02 min`."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


async def _with_db(fn: Callable[..., Awaitable[Any]], **kwargs: Any) -> Any:
    from saas import wiring
    from saas.db import close_db, init_db
    from saas.tenancy.rls import system_transaction

    wiring.install()
    await init_db(get_settings())
    try:
        async with system_transaction():
            return await fn(**kwargs)
    finally:
        await close_db()


def _run(coro: Awaitable[Any]) -> Any:
    try:
        return asyncio.run(coro)  # type: ignore[arg-type]
    except SaasError as exc:
        sys.exit(f"error: {exc.message}")


def build_parser() -> argparse.ArgumentParser:
    from saas.tenancy.roles import Role

    parser = argparse.ArgumentParser(
        prog="saas",
        description="Dealer CRM SaaS: GraphQL backend for dealer groups and OEMs.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the API (and, without REDIS_URL, the jobs)")
    serve.add_argument("--host", help="bind address (default HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default PORT or 8000)")
    serve.add_argument("--migrate", action="store_true", help="apply migrations first")
    serve.add_argument("--seed-demo", action="store_true", help="with --migrate: load demo data")
    serve.set_defaults(func=_serve)

    worker = sub.add_parser("worker", help="run the arq job worker against REDIS_URL")
    worker.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    worker.set_defaults(func=_worker)

    migrate = sub.add_parser("migrate", help="apply database migrations (aerich)")
    migrate.set_defaults(func=_migrate)

    seed = sub.add_parser("seed-demo", help="load demo organisations and users (development only)")
    seed.set_defaults(func=_seed_demo)

    tenant = sub.add_parser("create-tenant", help="create a dealer group (tenant)")
    tenant.add_argument("--code", required=True, help="short unique code, e.g. HUADONG")
    tenant.add_argument("--name", required=True)
    tenant.set_defaults(func=_create_tenant)

    user = sub.add_parser("create-user", help="create a user, optionally with a first role")
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--password", help="prompted for when omitted")
    user.add_argument("--dealer-group-id", type=int, help="the user's dealer group")
    user.add_argument("--oem-id", type=int, help="the user's OEM")
    user.add_argument("--role", choices=[r.value for r in Role], help="grant this role")
    user.add_argument("--store-id", type=int, help="store of a store role")
    user.set_defaults(func=_create_user)

    imports = sub.add_parser(
        "import", help="import customers or leads from a CSV or XLSX file into a store"
    )
    imports.add_argument("file", help="a .csv (UTF-8 or GBK) or .xlsx file; see the README")
    imports.add_argument("--dealer-group-id", type=int, required=True)
    imports.add_argument("--store-id", type=int, required=True)
    imports.add_argument("--kind", choices=["customers", "leads"], default="leads")
    imports.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    imports.set_defaults(func=_import)

    group_settings = sub.add_parser(
        "settings",
        help="show a dealer group's settings, or change some (kept in its settings history)",
    )
    group_settings.add_argument("--dealer-group-id", type=int, required=True)
    group_settings.add_argument(
        "--set",
        action="append",
        metavar="SETTING=VALUE",
        help="e.g. cadence.A.first_within_hours=48 or sla_breach.reassign=true (JSON values; "
        "plain text for text); repeat for several, applied together or not at all",
    )
    group_settings.set_defaults(func=_settings)

    documents = sub.add_parser(
        "documents", help="trusted documents: the operations frontends may send by id"
    )
    documents_sub = documents.add_subparsers(dest="documents_command", required=True)
    load = documents_sub.add_parser(
        "load", help="register the operations of a persisted-query manifest (all or none)"
    )
    load.add_argument(
        "file",
        help="an Apollo persisted-query manifest (JSON), e.g. saas/schema/documents/manifest.json",
    )
    load.set_defaults(func=_documents_load)
    return parser


def main(argv: list[str] | None = None) -> None:
    from saas.observability import configure_logging

    configure_logging(json_logs=get_settings().log_format.lower() == "json")
    args = build_parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
