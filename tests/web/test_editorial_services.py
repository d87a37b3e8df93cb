"""Services under the pages: generic notes, the throttle window, the tag and history API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth import issue_api_token
from app.models import User
from app.services.notes import EmptyNote, add_note, notes_on
from app.services.throttle import record_failure, retry_after
from tests.conftest import csrf_of
from tests.factories import make_article, make_claim


def test_notes_work_for_any_entity_type(db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    edna: User = make_user("edna", "editor")
    add_note(db, entity_type="dispute", entity_id=5, user=edna, body="  Two sides agree on 40. ")
    add_note(db, entity_type="actor", entity_id=5, user=edna, body="Based in Osk.")
    [note] = notes_on(db, entity_type="dispute", entity_id=5)
    author = note.user.username if note.user else None
    assert (note.body, author) == ("Two sides agree on 40.", "edna")
    with pytest.raises(EmptyNote):
        add_note(db, entity_type="claim", entity_id=1, user=edna, body="   ")
    with pytest.raises(ValueError, match="cannot be kept on a user"):
        add_note(db, entity_type="user", entity_id=1, user=edna, body="x")


def test_throttle_counts_per_name_and_address_within_the_window(db: Session) -> None:
    now = datetime.now(UTC)
    for _ in range(4):
        record_failure(db, username="Edna", ip="10.0.0.1")
    assert retry_after(db, username="edna", ip="10.0.0.1", now=now) == 0
    record_failure(db, username="edna", ip="10.0.0.1")
    assert 890 <= retry_after(db, username="EDNA", ip="10.0.0.1", now=now) <= 901
    assert retry_after(db, username="edna", ip="10.0.0.2", now=now) == 0
    later = now + timedelta(minutes=15, seconds=5)
    assert retry_after(db, username="edna", ip="10.0.0.1", now=later) == 0


def test_api_history_includes_corrections(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import log_in

    claim = make_claim(db, make_article(db))
    make_user("edna", "editor")
    log_in(client, "edna")
    client.post(f"/claims/{claim.id}/delete",
                data={"csrf_token": csrf_of(client), "version": 1})
    client.post(f"/claims/{claim.id}/restore", data={"csrf_token": csrf_of(client)})
    token = issue_api_token(db, user=make_user("reader", "journalist"))
    events = client.get(f"/api/v1/claims/{claim.id}/history",
                        headers={"Authorization": f"Bearer {token}"}).json()
    assert [(e["action"], e["user"], e["version"]) for e in events] == [
        ("delete", "edna", 2), ("restore", "edna", 3)]
