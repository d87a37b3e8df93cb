"""The activity page: who changed what, filtered, keyset paged, and as formula-safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import get_settings
from app.models import AuditEvent, User
from app.services.audit import record
from tests.conftest import csrf_of
from tests.factories import make_article, make_claim


def post(client: TestClient, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False)


def test_filters_by_user_kind_and_date(editor_client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    claim = make_claim(db, make_article(db))
    post(editor_client, f"/claims/{claim.id}/edit",
         {"version": 1, "status": "contested", "tags": "harbour"})
    other: User = make_user("mira", "editor")
    old = record(db, user=other, entity_type="claim", entity_id=claim.id, action="status",
                 old="contested", new="refuted", entity_version=3)
    old.at = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    db.flush()
    everything = editor_client.get("/activity").text
    assert everything.count("<tr>") == 4  # header + three events
    by_mira = editor_client.get("/activity", params={"user": "mira"}).text
    assert by_mira.count("<tr>") == 2 and "refuted" in by_mira
    tags_only = editor_client.get("/activity", params={"action": "tags"}).text
    assert tags_only.count("<tr>") == 2 and "harbour" in tags_only
    january = editor_client.get("/activity", params={"date_from": "2026-01-01",
                                                      "date_to": "2026-01-31"}).text
    assert january.count("<tr>") == 2 and "05 Jan 2026" in january
    bad = editor_client.get("/activity", params={"action": "dance"})
    assert bad.status_code == 400


def test_keyset_pages_do_not_overlap(
    editor_client: TestClient, db: Session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    claim = make_claim(db, make_article(db))
    for n in range(5):
        record(db, user=None, entity_type="claim", entity_id=claim.id, action="note",
               new=f"note number {n}", entity_version=n + 2)
    db.flush()
    monkeypatch.setattr(get_settings(), "page_size", 2)
    seen: list[str] = []
    url = "/activity"
    while url:
        html = editor_client.get(url).text
        seen += [f"note number {n}" for n in range(5) if f"note number {n}" in html]
        marker = 'rel="next" hx-get="'
        url = html.split(marker)[1].split('"')[0].replace("&amp;", "&") if marker in html else ""
    assert sorted(seen) == [f"note number {n}" for n in range(5)]
    assert len(seen) == 5


def test_csv_export_has_the_same_filters_and_safe_cells(
    editor_client: TestClient, db: Session
) -> None:
    claim = make_claim(db, make_article(db))
    post(editor_client, f"/claims/{claim.id}/edit",
         {"version": 1, "note": "=HYPERLINK(\"http://evil.example\")"})
    post(editor_client, f"/claims/{claim.id}/edit", {"version": 2, "status": "refuted"})
    response = editor_client.get("/activity.csv", params={"action": "note"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["at", "user", "entity_type", "entity_id", "action", "old", "new", "version"]
    assert len(rows) == 2
    assert rows[1][1:] == ["edna", "claim", str(claim.id), "note", "",
                           "'=HYPERLINK(\"http://evil.example\")", "2"]


def test_restore_and_undo_from_activity(editor_client: TestClient, db: Session) -> None:
    claim = make_claim(db, make_article(db))
    post(editor_client, f"/claims/{claim.id}/delete", {"version": 1})
    html = editor_client.get("/activity").text
    assert f'action="/claims/{claim.id}/restore"' in html
    assert db.query(AuditEvent).filter_by(action="delete").count() == 1


def test_activity_needs_an_account(client: TestClient) -> None:
    assert client.get("/activity", follow_redirects=False).status_code == 303
    assert client.get("/activity.csv").status_code == 401
