"""Adding and reading articles through the browser forms and the JSON API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.models import Article

SAMPLE = (
    "Harbour works to close for a month\n\n"
    "The port authority said on Monday that the eastern quay would close for repairs.\n\n"
    "\u201cWe have no choice,\u201d said Mira Castell, the authority's director."
)


def article_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Article)) or 0


def queued_jobs(db: Session) -> int:
    return (
        db.scalar(
            text("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'extract_article'")
        )
        or 0
    )


def test_paste_form_stores_article_and_queues_extraction(
    journalist_client: TestClient, db: Session
) -> None:
    before = queued_jobs(db)
    response = journalist_client.post(
        "/articles",
        data={
            "text": SAMPLE,
            "outlet": "Quayside Post",
            "csrf_token": journalist_client.cookies["cd_csrf"],
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    article = db.scalars(select(Article)).one()
    assert response.headers["location"] == f"/articles/{article.id}"
    assert article.outlet == "Quayside Post"
    assert article.title == "Harbour works to close for a month"
    assert article.extraction_status == "queued"
    assert queued_jobs(db) == before + 1
    page = journalist_client.get(f"/articles/{article.id}")
    assert "Waiting for a worker" in page.text
    assert 'hx-trigger="every 1s"' in page.text


def test_same_text_twice_answers_with_the_existing_article(
    journalist_client: TestClient, db: Session
) -> None:
    token = journalist_client.cookies["cd_csrf"]
    first = journalist_client.post(
        "/articles", data={"text": SAMPLE, "csrf_token": token}, follow_redirects=False
    )
    again = journalist_client.post(
        "/articles",
        data={"text": "  " + SAMPLE.replace("\u201c", '"') + "\n", "csrf_token": token},
        follow_redirects=False,
    )
    assert again.headers["location"] == first.headers["location"] + "?duplicate=1"
    assert article_count(db) == 1
    assert "already in Claimdesk" in journalist_client.get(again.headers["location"]).text


def test_empty_paste_is_refused_and_nothing_stored(
    journalist_client: TestClient, db: Session
) -> None:
    response = journalist_client.post(
        "/articles", data={"text": "   \n  ", "csrf_token": journalist_client.cookies["cd_csrf"]}
    )
    assert response.status_code == 422
    assert "has no readable text" in response.text
    assert article_count(db) == 0


def test_upload_of_unknown_type_is_415_with_accepted_types(
    journalist_client: TestClient, db: Session
) -> None:
    response = journalist_client.post(
        "/articles/upload",
        files={"file": ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")},
        data={"csrf_token": journalist_client.cookies["cd_csrf"]},
    )
    assert response.status_code == 415
    assert ".docx" in response.text
    assert article_count(db) == 0


def test_upload_of_text_file(journalist_client: TestClient, db: Session) -> None:
    response = journalist_client.post(
        "/articles/upload",
        files={"file": ("harbour.txt", SAMPLE.encode(), "text/plain")},
        data={"csrf_token": journalist_client.cookies["cd_csrf"]},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert db.scalars(select(Article)).one().source_kind == "txt"


def test_upload_of_non_utf8_bytes_is_explained(journalist_client: TestClient, db: Session) -> None:
    response = journalist_client.post(
        "/articles/upload",
        files={
            "file": ("old.txt", "Caf\u00e9 owners said prices rose.".encode("cp1252"), "text/plain")
        },
        data={"csrf_token": journalist_client.cookies["cd_csrf"]},
    )
    assert response.status_code == 422
    assert "UTF-8" in response.text
    assert article_count(db) == 0


def test_write_forms_need_login(client: TestClient, db: Session) -> None:
    response = client.post("/articles", data={"text": SAMPLE}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert article_count(db) == 0


def test_unknown_article_is_404_page(journalist_client: TestClient) -> None:
    response = journalist_client.get("/articles/999999")
    assert response.status_code == 404
    assert "There is no article 999999" in response.text


def test_api_creates_then_dedupes(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    from app.auth import issue_api_token

    token = issue_api_token(db, user=make_user("bot", "journalist"))
    headers = {"Authorization": f"Bearer {token}"}
    body = {
        "text": SAMPLE,
        "title": "Quay closure",
        "outlet": "Quayside Post",
        "published_at": "2026-11-20T08:00:00+00:00",
        "url": "https://quayside.example/quay?utm_source=x",
    }
    created = client.post("/api/v1/articles", json=body, headers=headers)
    assert created.status_code == 201
    assert created.json()["extraction_status"] == "queued"
    same_url = client.post(
        "/api/v1/articles",
        json={**body, "text": SAMPLE + " More."},
        headers=headers,
    )
    assert same_url.status_code == 200
    assert same_url.json() == {
        "id": created.json()["id"],
        "extraction_status": "queued",
        "duplicate": True,
    }
    detail = client.get(f"/api/v1/articles/{created.json()['id']}", headers=headers).json()
    assert detail["title"] == "Quay closure" and detail["published_at"].startswith("2026-11-20")
    assert article_count(db) == 1


def test_api_refuses_empty_body_with_reason(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    from app.auth import issue_api_token

    token = issue_api_token(db, user=make_user("bot", "journalist"))
    response = client.post(
        "/api/v1/articles", json={"title": "x"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
    assert "Give the article's `text`" in response.json()["detail"]
    assert (
        client.get(
            "/api/v1/articles/424242", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 404
    )


def test_api_write_needs_token(client: TestClient, db: Session) -> None:
    assert client.post("/api/v1/articles", json={"text": SAMPLE}).status_code == 401
    assert article_count(db) == 0


def test_articles_list_counts_claims(journalist_client: TestClient, db: Session) -> None:
    from app.models import Claim

    article = Article(
        text=SAMPLE, text_hash="h-list", title="Harbour works", outlet="Quayside Post"
    )
    db.add(article)
    db.flush()
    db.add(
        Claim(
            article_id=article.id,
            claimant="Mira Castell",
            content="We have no choice,",
            start=0,
            end=5,
            sentence_start=0,
            sentence_end=5,
            kind="direct",
        )
    )
    db.flush()
    page = journalist_client.get("/articles")
    assert page.status_code == 200
    assert "Harbour works" in page.text
    assert f'<a href="/claims?article_id={article.id}">1</a>' in page.text
