"""Engine, sessions and the embedded Postgres used when DATABASE_URL is unset."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import psycopg
from fastapi import Depends, Request
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from starlette.concurrency import run_in_threadpool

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


READ_METHODS = ("GET", "HEAD")


class ReadOnlySessionError(RuntimeError):
    """A GET or HEAD request tried to write: a read session runs each statement on its own."""


def _refuse_flush(session: Session, flush_context: object, instances: object) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReadOnlySessionError("a read session (GET or HEAD) cannot write")


def _refuse_dml(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise ReadOnlySessionError("a read session (GET or HEAD) cannot write")


@lru_cache
def get_read_sessionmaker() -> sessionmaker[Session]:
    """Sessions for GET and HEAD: on the read replica (DATABASE_REPLICA_URL) when one is
    configured, else on the primary's pool, and in autocommit.

    A page is a few single statements that only read. In a transaction each request also sent
    BEGIN and, when the session closed, ROLLBACK: two more round trips to Postgres, and about
    a tenth of the CPU a simple page costs in the app. In autocommit each statement is its own
    snapshot, and closing the session sends nothing, so it can happen without a worker thread.
    Writes are refused (`ReadOnlySessionError`) rather than committed one statement at a time.
    An export that must read in one transaction asks for it (`snapshot`)."""
    url = get_settings().database_replica_url
    engine = make_engine(sqlalchemy_url(url)) if url else get_engine()
    maker = sessionmaker(
        bind=engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
    )
    event.listen(maker, "before_flush", _refuse_flush)
    event.listen(maker, "do_orm_execute", _refuse_dml)
    return maker


def snapshot(session: Session) -> None:
    """Read what follows in one REPEATABLE READ transaction: for an export that streams
    through a server-side cursor (which needs a transaction), sets `SET LOCAL` options, or
    must see one state of the database from its first row to its last.

    On a read session in autocommit this ends the (empty) autocommit use of its connection
    and starts the transaction; on any other session (a write, a test's) it does nothing."""
    bind = session.get_bind()
    if not isinstance(bind, Engine):
        return
    if bind.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        return
    session.commit()  # nothing to commit: releases the autocommit connection
    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def rows_of(session: Session) -> Connection:
    """The session's connection, for a statement whose result is rows, not ORM objects.

    `Session.execute` passes every statement through the ORM's preparation and result
    handling, about 0.4 ms of CPU a statement here even for a SELECT of plain columns (a
    claims page's count and rows: 2.8 against 2.0 ms with its connection's checkout).
    Changes not yet flushed are flushed first, as `Session.execute` would."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection()


def _closes_without_io(session: Session) -> bool:
    """True when closing the session sends nothing to Postgres: no connection yet, or one in
    autocommit with no transaction open (psycopg skips a ROLLBACK when the link is idle)."""
    if not session.in_transaction():
        return True
    try:
        raw = session.connection().connection.dbapi_connection
    except SQLAlchemyError:  # e.g. the link broke mid-request: let close() sort it out
        return False
    return (
        isinstance(raw, psycopg.Connection)
        and raw.autocommit
        and raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    )


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request; the handler owns the transaction and commits it.

    Reads (GET/HEAD) get a read session (`get_read_sessionmaker`); writes the primary's.
    Async, with no I/O of its own: a sync dependency cost a worker-thread hop to open the
    session and another to close it (each ~0.2 ms of CPU on a 2-core machine). A close that
    has something to roll back still runs in a worker thread."""
    reading = request.method in READ_METHODS
    session = (get_read_sessionmaker() if reading else get_sessionmaker())()
    try:
        yield session
    finally:
        if reading and _closes_without_io(session):
            session.close()
        else:
            await run_in_threadpool(session.close)


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
