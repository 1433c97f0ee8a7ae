"""Settings read from the environment (and an optional `.env` file)."""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "dev-insecure-secret-key-change-me-0123456789"
DEFAULT_DATABASE_URL = "sqlite://./data/saas.sqlite3"
# Where frontends usually run their dev servers (React/Next, Vite, Angular,
# Vue CLI): allowed in development when CORS_ALLOW_ORIGINS is not set.
DEVELOPMENT_ORIGINS = tuple(
    f"http://{host}:{port}"
    for port in (3000, 4173, 4200, 5173, 8080)
    for host in ("localhost", "127.0.0.1")
)
_ORIGIN = re.compile(r"https?://[a-z0-9.\-]+(:[0-9]{1,5})?|https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?")


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Environment = Field(
        Environment.DEVELOPMENT, description="development or production"
    )
    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB",
    )
    migration_database_url: str | None = Field(
        None,
        description=(
            "the role that owns the tables and runs `saas migrate` (it grants the "
            "DATABASE_URL role what the app needs); unset: DATABASE_URL itself"
        ),
    )
    reports_database_url: str | None = Field(
        None,
        description=(
            "postgres://... of a read replica that answers the report queries (as the "
            "DATABASE_URL role); unset: reports read the primary"
        ),
    )
    redis_url: str | None = Field(
        None,
        description="redis://HOST:PORT/DB; unset runs jobs in-process (embedded mode)",
    )
    secret_key: str = Field(DEFAULT_SECRET_KEY, description="signs access tokens")
    access_token_minutes: int = Field(15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(30, ge=1, le=365)
    password_hash_time_cost: int = Field(3, ge=1, description="argon2 iterations")
    password_hash_memory_kib: int = Field(65536, ge=8, description="argon2 memory per hash")
    login_max_failures: int = Field(5, ge=1, description="failures before an account is throttled")
    login_lockout_minutes: int = Field(15, ge=1)
    rate_limit_user_per_minute: int = Field(600, ge=1, description="requests per user")
    rate_limit_api_key_per_minute: int = Field(1200, ge=1, description="requests per API key")
    rate_limit_anonymous_per_minute: int = Field(
        30, ge=1, description="anonymous requests (logins) per client IP"
    )
    job_queue: str = Field("arq:queue", description="arq queue name (one per environment)")
    sla_warn_minutes: int = Field(
        120,
        ge=1,
        description="warn the owner of an OEM lead this long before its SLA breach, "
        "unless the OEM set its own warning lead time",
    )
    webhook_allow_private_networks: bool | None = Field(
        None,
        description="allow webhook URLs on loopback/private/link-local addresses; "
        "default: allowed in development, refused in production",
    )
    webhook_connect_timeout_seconds: float = Field(3.0, gt=0, le=30)
    webhook_read_timeout_seconds: float = Field(10.0, gt=0, le=60)
    webhook_retry_hours: float = Field(
        24.0, gt=0, description="retry a failing delivery with backoff for this long"
    )
    webhook_disable_after_hours: float = Field(
        72.0, gt=0, description="disable an endpoint whose deliveries fail this long"
    )
    event_retention_days: int = Field(
        30, ge=1, description="keep domain events and webhook delivery logs this long"
    )
    subscriptions_per_connection: int = Field(
        5, ge=1, le=100, description="live subscriptions one WebSocket may hold"
    )
    import_max_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="largest spreadsheet one import accepts, in bytes"
    )
    log_format: str = Field("text", description="text, or json (one object per line)")
    cors_allow_origins: str | None = Field(
        None,
        description="comma-separated origins (scheme://host[:port]) whose pages may call the API "
        "and open its WebSocket, or *; unset: none in production, local dev servers in development",
    )
    rate_limit_failed_auth_per_minute: int = Field(
        30,
        ge=1,
        description="password checks (held while they run, kept when they fail) and refused "
        "tokens or API keys per client IP; past it: LoginThrottled, or HTTP 429",
    )
    forwarded_allow_ips: str = Field(
        "",
        description="comma-separated IPs or CIDRs of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed, or *; empty: proxy headers are ignored",
    )
    job_lease_seconds: float = Field(
        30.0,
        ge=1,
        le=600,
        description="a running job's claim lasts this long and its worker renews it; "
        "another worker resumes the job this soon after its worker died",
    )
    worker_health_port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="`saas worker` answers /healthz, /readyz (503 while Redis is "
        "unreachable) and /metrics on this port (on HOST); unset: no endpoint",
    )
    worker_metrics_port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="`saas worker` answers /metrics (Prometheus) on this port (on HOST), for "
        "a scrape target apart from the health checks; WORKER_HEALTH_PORT serves /metrics too",
    )
    webhook_batch_size: int = Field(
        500, ge=1, le=10_000, description="events one webhooks.deliver job takes"
    )
    request_timeout_seconds: float = Field(
        15,
        gt=0,
        description="a GraphQL request still running after this long is stopped and rolled back "
        "(HTTP 503, code TIMEOUT)",
    )
    statement_timeout_seconds: float = Field(
        10,
        gt=0,
        description="PostgreSQL statement_timeout for each statement of a GraphQL request "
        "(jobs run without it)",
    )
    max_document_bytes: int = Field(
        100 * 1024,
        ge=1024,
        description="largest GraphQL document (the query text, comments included), in bytes; "
        "larger: HTTP 413, code DOCUMENT_TOO_LARGE",
    )
    trusted_documents_only: bool = Field(
        False,
        description="run registered (trusted) documents only: requests by documentId or APQ "
        "hash of a registered document, or the exact text of one; anything else is refused "
        "(HTTP 400, code TRUSTED_DOCUMENT_REQUIRED)",
    )
    compiled_documents: bool = Field(
        True,
        description="answer registered read documents that the compiler maps completely (the "
        "lead page and card, among others) with one SQL statement instead of the executor; "
        "the response's Server-Timing header says which ran",
    )
    apq_cache_bytes: int = Field(
        4 * 1024 * 1024,
        ge=0,
        description="bytes of query text one API process keeps for Apollo's automatic "
        "persisted queries (least recently used dropped first)",
    )
    report_storage_dir: Path = Field(
        Path("./data/reports"),
        description="where report and export files are written by the worker and read by "
        "downloads (a directory every API process and worker share)",
    )
    report_s3_bucket: str | None = Field(
        None,
        description="an S3-compatible bucket for report and export files instead of "
        "REPORT_STORAGE_DIR (credentials from the standard AWS_* variables)",
    )
    report_s3_endpoint_url: str | None = Field(
        None, description="the S3-compatible server's address (unset: AWS S3 itself)"
    )
    report_s3_region: str | None = Field(None, description="the bucket's region")
    report_retention_days: int = Field(
        7, ge=1, description="report and export files are deleted this long after they were built"
    )
    report_link_minutes: int = Field(
        15, ge=1, le=24 * 60, description="lifetime of a signed download link"
    )
    report_max_rows: int = Field(
        200_000,
        ge=1,
        le=1_000_000,
        description="most rows one export file holds (an XLSX sheet holds 1,048,576)",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    db_pool_max_size: int = Field(10, ge=1)
    db_statement_cache_size: int = Field(
        100,
        ge=0,
        description="prepared statements asyncpg keeps per connection; set 0 behind PgBouncer in "
        "transaction mode (before 1.21, or without its max_prepared_statements)",
    )

    @model_validator(mode="after")
    def _refuse_insecure_production(self) -> Settings:
        if self.environment is Environment.PRODUCTION:
            if self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < 32:
                raise ValueError(
                    "SECRET_KEY must be set to a random value of at least 32 characters "
                    "in production (the development default is refused)"
                )
            if self.database_url.startswith("sqlite"):
                raise ValueError("production needs a PostgreSQL DATABASE_URL, not SQLite")
        return self

    @model_validator(mode="after")
    def _check_origins(self) -> Settings:
        for origin in self.allowed_origins:
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"CORS_ALLOW_ORIGINS: {origin!r} is not an origin; write scheme://host[:port] "
                    "without a path or trailing slash, e.g. https://crm.example.com"
                )
        return self

    @model_validator(mode="after")
    def _check_forwarded_allow_ips(self) -> Settings:
        for entry in self.forwarded_allow_ips.split(","):
            entry = entry.strip()
            if not entry or entry == "*":
                continue
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"FORWARDED_ALLOW_IPS: {entry!r} is not an IP address or CIDR; write e.g. "
                    "10.0.0.5 or 10.0.0.0/8 (comma-separated), or *"
                ) from None
        return self

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """Origins whose pages may call the API (CORS) and open the WebSocket."""
        if self.cors_allow_origins is None:
            return () if self.is_production else DEVELOPMENT_ORIGINS
        return tuple(o.strip().lower() for o in self.cors_allow_origins.split(",") if o.strip())

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))

    @property
    def webhooks_allow_private(self) -> bool:
        if self.webhook_allow_private_networks is None:
            return not self.is_production
        return self.webhook_allow_private_networks

    @property
    def embedded_jobs(self) -> bool:
        return not self.redis_url

    @property
    def max_request_bytes(self) -> int:
        """The largest request body: an import's file in base64, plus room."""
        return self.import_max_bytes * 4 // 3 + 1024 * 1024

    @property
    def migration_url(self) -> str:
        return self.migration_database_url or self.database_url

    def sqlite_path(self) -> Path | None:
        if not self.database_url.startswith("sqlite://"):
            return None
        return Path(self.database_url.removeprefix("sqlite://"))


@lru_cache
def get_settings() -> Settings:
    return Settings()
