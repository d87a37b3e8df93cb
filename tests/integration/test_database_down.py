"""While the database is unreachable, pages and the API answer 503 with a sentence, not 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.db import get_engine, get_read_sessionmaker, get_sessionmaker

CACHES = (get_settings, get_engine, get_sessionmaker, get_read_sessionmaker)


@pytest.fixture
def unreachable_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Port 9 on loopback: nothing listens there, the connection is refused at once.
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:9/claimdesk")
    monkeypatch.setenv("CLAIMDESK_PUBLIC_READ", "true")
    for cached in CACHES:
        cached.cache_clear()
    yield
    get_engine().dispose()
    for cached in CACHES:
        cached.cache_clear()


def test_pages_and_api_say_the_database_is_down(unreachable_database: None) -> None:
    from app.main import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        page = client.get("/claims")
        assert page.status_code == 503
        assert "The database is not answering right now" in page.text
        api = client.get("/api/v1/claims")
        assert api.status_code == 503
        assert api.json() == {
            "detail": "The database is not answering right now. Try again in a few seconds."
        }
        assert client.get("/healthz").status_code == 503
