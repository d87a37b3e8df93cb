"""Test databases: a fresh database on TEST_DATABASE_URL's server, or an embedded one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import PROJECT_ROOT
from app.db import embedded_postgres_url, sqlalchemy_url


def server_url() -> str:
    """A URL on a Postgres server the tests may create databases on."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        return sqlalchemy_url(url)
    data_dir = Path(
        os.environ.get("CLAIMDESK_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="cd-test-")
    )
    return sqlalchemy_url(embedded_postgres_url(data_dir))


def create_database(base_url: str, name: str) -> str:
    """Drop and create `name` on base_url's server, migrate it, and return its URL."""
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    migrate(url)
    return url


def drop_database(base_url: str, name: str) -> None:
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def libpq(url: str) -> str:
    """A SQLAlchemy URL as other processes take it in DATABASE_URL."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    if url:
        config.attributes["url"] = url
    return config


def migrate(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")
