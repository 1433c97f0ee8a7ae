"""Settings read from the environment (and an optional `.env` file)."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "dev-insecure-secret-key-change-me-0123456789"
DEFAULT_DATABASE_URL = "sqlite://./data/saas.sqlite3"


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
        120, ge=1, description="warn the owner of an OEM lead this long before its SLA breach"
    )
    import_max_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="largest spreadsheet one import accepts, in bytes"
    )
    log_format: str = Field("text", description="text, or json (one object per line)")
    host: str = "127.0.0.1"
    port: int = 8000
    db_pool_max_size: int = Field(10, ge=1)

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

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))

    @property
    def embedded_jobs(self) -> bool:
        return not self.redis_url

    def sqlite_path(self) -> Path | None:
        if not self.database_url.startswith("sqlite://"):
            return None
        return Path(self.database_url.removeprefix("sqlite://"))


@lru_cache
def get_settings() -> Settings:
    return Settings()
