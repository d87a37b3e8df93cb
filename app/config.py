"""Settings from the environment (and a `.env` file), validated once at start."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "development-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Where Postgres is. Unset: an embedded server in `data_dir` (see app.db).
    database_url: str | None = None
    database_replica_url: str | None = None
    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("claimdesk")),
        alias="CLAIMDESK_DATA_DIR",
    )
    environment: str = Field(default="development", alias="CLAIMDESK_ENV")
    secret_key: str = Field(default=DEV_SECRET, alias="CLAIMDESK_SECRET_KEY")
    public_read: bool = Field(default=False, alias="CLAIMDESK_PUBLIC_READ")
    session_hours: int = Field(default=12, alias="CLAIMDESK_SESSION_HOURS")
    secure_cookies: bool = Field(default=False, alias="CLAIMDESK_SECURE_COOKIES")
    max_upload_bytes: int = Field(default=5_000_000, alias="CLAIMDESK_MAX_UPLOAD_BYTES")
    fetch_timeout: float = Field(default=10.0, alias="CLAIMDESK_FETCH_TIMEOUT")
    fetch_allow_private: bool = Field(default=False, alias="CLAIMDESK_FETCH_ALLOW_PRIVATE")
    page_size: int = Field(default=50, alias="CLAIMDESK_PAGE_SIZE")
    menu_cache_seconds: float = Field(default=10.0, alias="CLAIMDESK_MENU_CACHE_SECONDS")
    claimreview_author: str = Field(
        default="Claimdesk newsroom", alias="CLAIMDESK_CLAIMREVIEW_AUTHOR"
    )
    site_url: str | None = Field(default=None, alias="CLAIMDESK_SITE_URL")

    @model_validator(mode="after")
    def refuse_unsafe_secret(self) -> Settings:
        if self.environment != "development" and self.secret_key == DEV_SECRET:
            raise ValueError(
                "CLAIMDESK_SECRET_KEY must be set to a long random value outside development "
                f"(for example: {secrets.token_urlsafe(32)})"
            )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
