"""Adding an article by its address, over real HTTP from a server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import get_settings
from app.models import Article

PAGE = b"""<!doctype html><html><head><title>Bridge tolls to double | Riverside Gazette</title>
<meta name="author" content="Hana Orlov"><meta property="og:site_name" content="Riverside Gazette">
<meta property="article:published_time" content="2026-10-02T09:30:00+00:00"></head>
<body><nav>Home | Sport | Weather</nav><article><h1>Bridge tolls to double</h1>
<p>The county transport board said on Thursday that tolls on the Old Mill bridge would double
from January, a rise it blamed on repair costs.</p>
<p>\xe2\x80\x9cDrivers have had a bargain for twenty years,\xe2\x80\x9d said Colm Reyes, the
board's finance chief. Business owners said the rise would drive shoppers away.</p>
</article><footer>Share this article</footer></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/bridge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def allow_local_fetch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CLAIMDESK_FETCH_ALLOW_PRIVATE", "true")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("CLAIMDESK_FETCH_ALLOW_PRIVATE")
    get_settings.cache_clear()


def fetch(client: TestClient, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return client.post(
        "/articles/fetch", data={"url": url, "csrf_token": client.cookies["cd_csrf"]}, **kwargs
    )


def count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Article)) or 0


def test_fetch_stores_main_text_and_metadata(
    journalist_client: TestClient, db: Session, site: str, allow_local_fetch: None
) -> None:
    response = fetch(journalist_client, f"{site}/bridge", follow_redirects=False)
    assert response.status_code == 303
    article = db.scalars(select(Article)).one()
    assert article.title == "Bridge tolls to double"
    assert article.outlet == "Riverside Gazette"
    assert article.published_at is not None and article.published_at.year == 2026
    assert "said Colm Reyes" in article.text
    assert "Sport | Weather" not in article.text
    again = fetch(journalist_client, f"{site}/bridge#comments", follow_redirects=False)
    assert again.headers["location"].endswith("?duplicate=1")
    assert count(db) == 1


def test_missing_page_is_reported(
    journalist_client: TestClient, db: Session, site: str, allow_local_fetch: None
) -> None:
    response = fetch(journalist_client, f"{site}/gone")
    assert response.status_code == 404
    assert "not found" in response.text
    assert count(db) == 0


def test_private_addresses_are_refused_by_default(
    journalist_client: TestClient, db: Session, site: str
) -> None:
    response = fetch(journalist_client, f"{site}/bridge")
    assert response.status_code == 400
    assert "does not fetch pages from private or local addresses" in response.text
    assert count(db) == 0
