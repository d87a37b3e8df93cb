"""Bulk changes: a selection or a whole filter, confirmed with a count, audited per claim."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEvent, Claim
from tests.conftest import csrf_of
from tests.factories import make_two_towns


def post(client: TestClient, url: str, data: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    form: dict[str, list[str]] = {"csrf_token": [csrf_of(client)]}
    for key, value in data:
        form.setdefault(key, []).append(value)
    return client.post(url, data=form, follow_redirects=False)


def test_selection_is_confirmed_then_tagged_per_claim(
    editor_client: TestClient, db: Session
) -> None:
    claims = make_two_towns(db)
    chosen = [claims["sail"].id, claims["pumps"].id]
    fields = [("ids", str(i)) for i in chosen] + [
        ("add_tags", "#Strike, harbour"), ("scope", "selected"), ("set_status", "")]
    preview = post(editor_client, "/claims/bulk", fields)
    assert preview.status_code == 200
    assert "This will change 2 claims:" in preview.text
    assert "add the tags <strong>harbour, strike</strong>" in preview.text
    assert db.scalars(select(AuditEvent)).all() == []  # nothing written before confirming
    done = post(editor_client, "/claims/bulk/apply", fields)
    assert done.status_code == 303
    assert done.headers["location"] == "/claims?changed=2"
    for claim_id in chosen:
        claim = db.get(Claim, claim_id)
        assert claim is not None
        db.refresh(claim)
        assert [t.name for t in claim.tags] == ["harbour", "strike"]
    events = db.scalars(select(AuditEvent).order_by(AuditEvent.entity_id)).all()
    assert sorted(e.entity_id for e in events) == sorted(chosen)
    assert {e.action for e in events} == {"tags"}
    assert "Changed 2 claims." in editor_client.get(done.headers["location"]).text


def test_everything_a_filter_matches(editor_client: TestClient, db: Session) -> None:
    claims = make_two_towns(db)
    fields = [("outlet", "Osk Tribune"), ("set_status", "unverifiable"), ("scope", "filter")]
    preview = post(editor_client, "/claims/bulk", fields)
    assert "This will change 2 claims:" in preview.text
    assert "set the status to <strong>unverifiable</strong>" in preview.text
    done = post(editor_client, "/claims/bulk/apply", fields)
    assert done.headers["location"] == "/claims?outlet=Osk+Tribune&changed=2"
    for claim in claims.values():
        db.refresh(claim)
    statuses = {name: c.status for name, c in claims.items()}
    assert statuses == {"pumps": "unreviewed", "cost": "contested",
                        "sail": "unverifiable", "doors": "unverifiable"}


def test_bulk_needs_a_change_and_a_selection(editor_client: TestClient, db: Session) -> None:
    make_two_towns(db)
    nothing = post(
        editor_client, "/claims/bulk", [("scope", "selected"), ("set_status", "refuted")]
    )
    assert nothing.status_code == 422
    assert "Select some claims first" in nothing.text
    no_change = post(editor_client, "/claims/bulk", [("scope", "filter")])
    assert "Choose a status to set or tags to add." in no_change.text


def test_journalists_cannot_bulk_edit(journalist_client: TestClient, db: Session) -> None:
    claims = make_two_towns(db)
    fields = [("ids", str(claims["sail"].id)), ("set_status", "refuted"), ("scope", "selected")]
    assert post(journalist_client, "/claims/bulk/apply", fields).status_code == 403
    db.refresh(claims["sail"])
    assert claims["sail"].status == "unreviewed"
