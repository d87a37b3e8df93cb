"""Oversized bodies are refused while they stream in, before they are read whole.

The app is called over raw ASGI with a body that never ends (or a Content-Length that says
a gigabyte): the answer is a 413 with the app's sentence, and only about the limit's worth of
bytes was ever taken from the client."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth import create_user, issue_api_token
from app.config import get_settings
from app.models import Article, Role
from tests.conftest import run_async

CHUNK = 64 * 1024


@pytest.fixture
def token(db: Session) -> str:
    user = create_user(db, username="uploader", password="uploading-password", role=Role.editor)
    return issue_api_token(db, user=user)


class Endless:
    """An ASGI receive() that hands out chunks for ever and counts what was taken."""

    def __init__(self, first: bytes = b"") -> None:
        self.first = first
        self.taken = 0

    def chunks(self) -> Iterator[bytes]:
        if self.first:
            yield self.first
        while True:
            yield b"a" * CHUNK

    async def __call__(self) -> dict[str, object]:
        if not hasattr(self, "_it"):
            self._it = self.chunks()
        chunk = next(self._it)
        self.taken += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}


def call(app: FastAPI, path: str, headers: dict[str, str], receive: Endless) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, object]] = []

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    run_async(lambda: app(scope, receive, send))  # type: ignore[arg-type]
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")  # type: ignore[misc]
    return int(status), body  # type: ignore[call-overload]


def articles(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Article)) or 0


def test_endless_upload_is_cut_off_at_the_limit(app: FastAPI, db: Session, token: str) -> None:
    limit = get_settings().max_upload_bytes
    before = articles(db)
    head = (
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n"
    )
    receive = Endless(head)
    status, body = call(
        app,
        "/articles/upload",
        {
            "authorization": f"Bearer {token}",
            "content-type": "multipart/form-data; boundary=XyZ",
            "transfer-encoding": "chunked",
        },
        receive,
    )
    assert status == 413
    assert b"MB limit" in body
    assert receive.taken <= limit + 64 * 1024 + 2 * CHUNK  # stopped at the limit, not the end
    assert articles(db) == before


def test_declared_gigabyte_is_refused_unread(app: FastAPI, token: str) -> None:
    receive = Endless()
    status, body = call(
        app,
        "/api/v1/articles",
        {
            "authorization": f"Bearer {token}",
            "content-type": "application/json",
            "content-length": str(10**9),
        },
        receive,
    )
    assert status == 413
    assert json.loads(body)["detail"].startswith("That is more than the")
    assert receive.taken == 0


def test_unauthenticated_upload_is_not_spooled_either(app: FastAPI) -> None:
    """Forms are parsed before the route's auth check: the limit must hold for anyone."""
    receive = Endless(
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\n\r\n'
    )
    status, _ = call(
        app,
        "/articles/upload",
        {"content-type": "multipart/form-data; boundary=XyZ", "transfer-encoding": "chunked"},
        receive,
    )
    assert status in (401, 303, 413)
    assert receive.taken <= get_settings().max_upload_bytes + 64 * 1024 + 2 * CHUNK
