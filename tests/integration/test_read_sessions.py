"""GET and HEAD requests read in autocommit and cannot write; exports still read in one
transaction; no request leaves a transaction open on a pooled connection.

The other web tests run each request inside the test's rolled-back transaction, so they never
see the sessions `get_session` really hands out. These run the app as served, on a database of
their own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import testing
from app.auth import create_user, issue_api_token
from app.config import get_settings
from app.db import (
    ReadOnlySessionError,
    get_engine,
    get_read_sessionmaker,
    get_sessionmaker,
    snapshot,
)
from app.models import Article, Claim, Role
from app.synthetic import load_synthetic

CACHES = (get_settings, get_engine, get_sessionmaker, get_read_sessionmaker)
CLAIMS = 120


@dataclass
class Served:
    url: str
    token: str
    statements: list[tuple[str, bool, Any]] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="module")
def served(database_url: str) -> Iterator[Served]:
    base = make_url(database_url).set(database="postgres").render_as_string(hide_password=False)
    name = f"claimdesk_reads_{os.getpid()}"
    url = testing.create_database(base, name)
    engine = create_engine(url)
    with Session(engine) as session:
        load_synthetic(session, claims=CLAIMS)
        user = create_user(session, username="desk", password="long enough", role=Role.editor)
        token = issue_api_token(session, user=user)
        session.commit()
    engine.dispose()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", testing.libpq(url))
        patch.delenv("DATABASE_REPLICA_URL", raising=False)
        for cached in CACHES:
            cached.cache_clear()
        yield Served(url, token)
        get_engine().dispose()
        for cached in CACHES:
            cached.cache_clear()
    testing.drop_database(base, name)


@pytest.fixture
def watched(served: Served) -> Iterator[Served]:
    """Record, for every statement the app sends: its text, whether the link was in
    autocommit, and the isolation level psycopg will BEGIN with."""

    def record(conn: Any, cursor: Any, statement: str, *args: object) -> None:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, psycopg.Connection)
        served.statements.append((statement, raw.autocommit, raw.isolation_level))

    served.statements.clear()
    event.listen(Engine, "before_cursor_execute", record)
    yield served
    event.remove(Engine, "before_cursor_execute", record)


def open_transactions(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        states = conn.scalars(
            text(
                "SELECT state FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
            )
        ).all()
    engine.dispose()
    return list(states)


def test_pages_read_in_autocommit(watched: Served) -> None:
    from app.main import create_app

    with TestClient(create_app()) as client:
        for path in ("/claims", "/claims?q=said", "/actors/1", "/articles/1", "/api/v1/claims"):
            assert client.get(path, headers=watched.headers).status_code == 200, path
        assert watched.statements, "no statement was recorded"
        sent = [s.split()[0].upper() for s, _, _ in watched.statements]
        assert "BEGIN" not in sent and "ROLLBACK" not in sent
        assert all(autocommit for _, autocommit, _ in watched.statements)
        assert open_transactions(watched.url) == []


def test_writes_still_run_in_a_transaction(watched: Served) -> None:
    from app.main import create_app

    with TestClient(create_app()) as client:
        made = client.post(
            "/api/v1/articles",
            headers=watched.headers,
            json={"text": "Harbour master Ina Roth said the ferry will sail at dawn.",
                  "title": "Ferry"},
        )
        assert made.status_code == 201, made.text
        writes = [s for s in watched.statements if s[0].lstrip().upper().startswith("INSERT")]
        assert writes and not any(autocommit for _, autocommit, _ in writes)
        assert open_transactions(watched.url) == []


def test_a_read_session_refuses_to_write(served: Served) -> None:
    with get_read_sessionmaker()() as session:
        session.add(Article(text="Never stored.", text_hash="never", title="Never"))
        with pytest.raises(ReadOnlySessionError):
            session.flush()
        session.rollback()
        with pytest.raises(ReadOnlySessionError):
            session.execute(update(Article).values(title="Overwritten"))
    engine = create_engine(served.url)
    with Session(engine) as check:
        assert check.scalar(select(func.count()).where(Article.title == "Never")) == 0
        assert check.scalar(select(func.count()).where(Article.title == "Overwritten")) == 0
    engine.dispose()


def test_exports_read_in_one_repeatable_read_transaction(watched: Served) -> None:
    """COPY sets a planner option with SET LOCAL, and the JSON and activity exports stream
    through server-side cursors: all need a transaction, which a GET's session does not start
    by itself."""
    from app.main import create_app

    engine = create_engine(watched.url)
    with Session(engine) as check:
        live = check.scalar(select(func.count()).select_from(Claim).where(
            Claim.deleted_at.is_(None)))
    engine.dispose()
    with TestClient(create_app()) as client:
        csv_body = client.get("/claims.csv", headers=watched.headers)
        assert csv_body.status_code == 200
        assert len(csv_body.text.strip().splitlines()) == live + 1  # the header line
        as_json = client.get("/claims.json", headers=watched.headers)
        assert as_json.status_code == 200 and len(as_json.json()) == live
        assert client.get("/claims.claimreview.json", headers=watched.headers).status_code == 200
        assert client.get("/activity.csv", headers=watched.headers).status_code == 200
    exports = [
        (autocommit, level) for statement, autocommit, level in watched.statements
        if statement.startswith(("COPY", "SET LOCAL", "DECLARE"))
    ]
    # psycopg declares a server-side cursor without going through SQLAlchemy's events, so
    # the COPY and its SET LOCAL stand for the exports here, and the 200s for the rest.
    assert exports, "no export statement was recorded"
    assert all(
        not autocommit and level == psycopg.IsolationLevel.REPEATABLE_READ
        for autocommit, level in exports
    )
    assert open_transactions(watched.url) == []


def test_snapshot_leaves_other_sessions_alone(served: Served) -> None:
    """On a write session (or a test's), `snapshot` neither ends the transaction nor changes
    its isolation."""
    with get_sessionmaker()() as session:
        before = session.scalar(text("SELECT txid_current()"))
        snapshot(session)
        assert session.scalar(text("SELECT txid_current()")) == before
        raw = session.connection().connection.dbapi_connection
        assert isinstance(raw, psycopg.Connection)
        assert raw.isolation_level != psycopg.IsolationLevel.REPEATABLE_READ
        assert not raw.autocommit
