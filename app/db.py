"""Engine, sessions and the embedded Postgres used when DATABASE_URL is unset."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings

EMBEDDED_ENV = "CLAIMDESK_EMBEDDED_URL"


def embedded_postgres_url(data_dir: Path) -> str:
    """Start (or join) the bundled Postgres in `data_dir` and return its URL."""
    import pgserver  # heavy import, only when needed

    pgdata = data_dir / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
    _keep_alive.append(server)
    uri: str = server.get_uri()
    return uri


_keep_alive: list[Any] = []


def sqlalchemy_url(url: str) -> str:
    """Use the psycopg 3 driver whatever scheme the URL was given with."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def resolve_database_url() -> str:
    settings = get_settings()
    if settings.database_url:
        return sqlalchemy_url(settings.database_url)
    # A parent process (claimdesk serve) shares its embedded server with children.
    if os.environ.get(EMBEDDED_ENV):
        return sqlalchemy_url(os.environ[EMBEDDED_ENV])
    url = embedded_postgres_url(settings.data_dir)
    os.environ[EMBEDDED_ENV] = url
    return sqlalchemy_url(url)


def libpq_url(url: str) -> str:
    """The same URL as plain libpq understands it (psql, pg_dump, procrastinate)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


# Every page is a handful of small indexed reads. Postgres's JIT compiles any plan whose
# estimate passes jit_above_cost (a capped count, a sort feeding LIMIT 51) and pays tens to
# hundreds of milliseconds for it; parallel workers cost a process start each (~20 ms for a
# search finding nothing). Neither pays off for this workload with many clients at once.
# psycopg prepares a statement run five times on a connection, and Postgres may then switch
# it to a generic plan, made without the parameters' values: one plan for a search word in
# every tenth claim and for a word in none, for one claimant id and for 500. Those values
# decide the right plan here, so each execution is planned with its own (~0.3 ms).
SESSION_OPTIONS = (
    "-c jit=off -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_custom_plan"
)


def make_engine(url: str) -> Engine:
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        connect_args={"options": SESSION_OPTIONS},
    )


@lru_cache
def get_engine() -> Engine:
    return make_engine(resolve_database_url())


@lru_cache
def get_sessionmaker() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


@lru_cache
def get_replica_sessionmaker() -> sessionmaker[Session] | None:
    """Sessions on the read replica (DATABASE_REPLICA_URL), when one is configured."""
    url = get_settings().database_replica_url
    if not url:
        return None
    return sessionmaker(bind=make_engine(sqlalchemy_url(url)), expire_on_commit=False)


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; the handler owns the transaction and commits it.

    Reads (GET/HEAD) go to the replica when one is configured; writes always to the primary."""
    replica = get_replica_sessionmaker() if request.method in ("GET", "HEAD") else None
    session = (replica or get_sessionmaker())()
    try:
        yield session
    finally:
        session.close()  # anything the handler did not commit is rolled back


SessionDep = Annotated[Session, Depends(get_session)]


@contextmanager
def session_scope() -> Iterator[Session]:
    """A transaction for CLI commands and jobs: commit on success, roll back on error."""
    session = get_sessionmaker()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
