"""With DATABASE_REPLICA_URL set, pages read from the replica and writes go to the primary."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import testing
from app.auth import create_user, issue_api_token
from app.config import get_settings
from app.db import get_engine, get_read_sessionmaker, get_sessionmaker
from app.models import Article, Role

CACHES = (get_settings, get_engine, get_sessionmaker, get_read_sessionmaker)


def seeded(url: str, title: str) -> str:
    engine = create_engine(url)
    with Session(engine) as session:
        user = create_user(session, username="reader", password="long enough", role=Role.editor)
        token = issue_api_token(session, user=user)
        session.add(Article(text=f"{title} body.", text_hash=title, title=title))
        session.commit()
    engine.dispose()
    return token


@pytest.fixture
def primary_and_replica(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, str, str]]:
    base = make_url(database_url).set(database="postgres").render_as_string(hide_password=False)
    names = [f"claimdesk_primary_{os.getpid()}", f"claimdesk_replica_{os.getpid()}"]
    primary, replica = (testing.create_database(base, n) for n in names)
    token = seeded(primary, "On the primary")
    # A real replica copies the primary; here the copy differs so the test can tell them apart.
    engine = create_engine(replica)
    with Session(engine) as session:
        from app.auth import digest
        from app.models import ApiToken

        user = create_user(session, username="reader", password="long enough", role=Role.editor)
        session.add(ApiToken(user_id=user.id, token_hash=digest(token)))
        session.add(Article(text="Replica body.", text_hash="replica", title="On the replica"))
        session.commit()
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", testing.libpq(primary))
    monkeypatch.setenv("DATABASE_REPLICA_URL", testing.libpq(replica))
    for cached in CACHES:
        cached.cache_clear()
    yield primary, replica, token
    for cached in CACHES:
        cached.cache_clear()
    for name in names:
        testing.drop_database(base, name)


def test_reads_from_replica_writes_to_primary(primary_and_replica: tuple[str, str, str]) -> None:
    from app.main import create_app

    primary, replica, token = primary_and_replica
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app()) as client:
        titles = [
            a["title"] for a in client.get("/api/v1/articles", headers=headers).json()["items"]
        ]
        assert titles == ["On the replica"]
        created = client.post(
            "/api/v1/articles",
            headers=headers,
            json={"text": "Mayor Ivo Benn said the tram will run.", "title": "New"},
        )
        assert created.status_code == 201
    get_engine().dispose()
    replica_sessions = get_read_sessionmaker()
    assert replica_sessions is not None
    replica_sessions.kw["bind"].dispose()
    for url, expected in ((primary, 2), (replica, 1)):
        engine = create_engine(url)
        with Session(engine) as session:
            assert session.scalar(select(func.count()).select_from(Article)) == expected
        engine.dispose()
