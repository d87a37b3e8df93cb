"""Hypothesis on ingest: whatever is pasted, uploaded or posted to the API, the answer is a
stored article or a 4xx with a sentence, never a 5xx, and a refusal changes nothing. Stored
articles then go through extraction, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth import create_user, issue_api_token
from app.models import Article, Claim, Role
from app.services import extraction
from tests.conftest import PASSWORD, log_in

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
# Text as people paste it, and as fuzzers do: quotes, control characters, NUL, other scripts.
TEXTS = st.one_of(
    st.text(max_size=400),
    st.text(
        alphabet=st.sampled_from(list('"“”‘’ \n\x00\x0b\r\t.,:said he Mr Ada Варга 東京')),
        max_size=400,
    ),
    st.lists(
        st.sampled_from(
            [
                "“The levee held,” said Ada Morrow, the engineer.",
                "Mr Adler said the fares would rise.",
                "<script>alert(1)</script>",
                "\x00",
                "'; DROP TABLE articles; --",
            ]
        ),
        max_size=6,
    ).map(" ".join),
)
FIELDS = st.one_of(st.none(), st.text(max_size=600))
NAMES = st.text(max_size=300)
MEDIA = st.sampled_from(
    [
        None,
        "text/plain",
        "text/html",
        "text/markdown",
        "application/pdf",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text/plain; charset=utf-16",
        "text/plain; charset=bogus",
        "multipart/mixed",
        "",
    ]
)
BYTES = st.one_of(
    st.binary(max_size=2000),
    TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from([b"%PDF-1.4 not really", b"PK\x03\x04 not a docx", b"\xff\xfe\x00h\x00i"]),
)


def articles(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Article)) or 0


def check_answer(status: int, body: str, before: int, db: Session) -> None:
    assert status < 500, body[:500]
    if status >= 400:
        assert body.strip(), "a refusal says why"
        assert articles(db) == before, "a refusal stores nothing"
    else:
        assert articles(db) >= before


@pytest.fixture
def api(isolated_app: FastAPI, db: Session) -> Iterator[TestClient]:
    user = create_user(db, username="fuzzapi", password=PASSWORD, role=Role.journalist)
    token = issue_api_token(db, user=user)
    with TestClient(isolated_app, headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


@pytest.fixture
def browser(isolated_app: FastAPI, db: Session) -> Iterator[TestClient]:
    create_user(db, username="fuzzweb", password=PASSWORD, role=Role.journalist)
    with TestClient(isolated_app) as client:
        log_in(client, "fuzzweb")
        yield client


def clean(value: str | None) -> str | None:
    """JSON cannot carry lone surrogates; everything else goes through as generated."""
    return value.encode("utf-8", "replace").decode() if value is not None else None


@FUZZ
@given(text=TEXTS, title=FIELDS, outlet=FIELDS, byline=FIELDS)
def test_api_ingest_stores_or_refuses(
    api: TestClient,
    db: Session,
    text: str,
    title: str | None,
    outlet: str | None,
    byline: str | None,
) -> None:
    before = articles(db)
    body = {
        "text": clean(text),
        "title": clean(title),
        "outlet": clean(outlet),
        "byline": clean(byline),
    }
    response = api.post("/api/v1/articles", json=body)
    check_answer(response.status_code, response.text, before, db)
    if response.status_code in (200, 201):
        stored = db.get(Article, response.json()["id"])
        assert stored is not None and stored.text.strip()
        assert "\x00" not in stored.text


@FUZZ
@given(text=TEXTS, title=NAMES, outlet=NAMES)
def test_pasted_text_stores_or_refuses(
    browser: TestClient, db: Session, text: str, title: str, outlet: str
) -> None:
    before = articles(db)
    response = browser.post(
        "/articles",
        data={
            "text": clean(text),
            "title": clean(title),
            "outlet": clean(outlet),
            "csrf_token": browser.cookies["cd_csrf"],
        },
        follow_redirects=False,
    )
    check_answer(response.status_code, response.text, before, db)
    if response.status_code < 400:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/articles/")


@FUZZ
@given(data=BYTES, filename=NAMES, media=MEDIA)
def test_uploads_store_or_refuse(
    browser: TestClient, db: Session, data: bytes, filename: str, media: str | None
) -> None:
    before = articles(db)
    name = clean(filename) or ""
    files = {"file": (name, data, media) if media is not None else (name, data)}
    response = browser.post(
        "/articles/upload",
        files=files,
        data={"csrf_token": browser.cookies["cd_csrf"]},
        follow_redirects=False,
    )
    check_answer(response.status_code, response.text, before, db)


def sessions_of(db: Session):  # type: ignore[no-untyped-def]
    @contextmanager
    def scope() -> Iterator[Session]:
        yield db
        db.commit()

    return scope


@FUZZ
@given(text=TEXTS)
def test_stored_articles_extract_with_valid_offsets(
    api: TestClient, db: Session, text: str
) -> None:
    response = api.post("/api/v1/articles", json={"text": clean(text)})
    if response.status_code != 201:
        return
    article_id = response.json()["id"]
    count = extraction.run_extraction(article_id=article_id, sessions=sessions_of(db))
    article = db.get(Article, article_id)
    assert article is not None and article.extraction_status == "done"
    claims = db.scalars(select(Claim).where(Claim.article_id == article_id)).all()
    assert count == len(claims)
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.content
