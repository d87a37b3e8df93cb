"""PATCH /api/v1/claims/{id}: roles, versions, tags, notes, history."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth import issue_api_token
from app.models import Actor, Article, Claim
from app.services.claims import normalise_tags

TEXT = "The harbour master said the quay was safe."


def a_claim(db: Session) -> Claim:
    article = Article(text=TEXT, text_hash="h-edit", title="Quay", extraction_status="done")
    actor = Actor(name="Oona Bright", name_key="oona bright", kind="person")
    db.add_all([article, actor])
    db.flush()
    claim = Claim(
        article_id=article.id,
        actor_id=actor.id,
        claimant="Oona Bright",
        content="the quay was safe",
        start=24,
        end=41,
        sentence_start=0,
        sentence_end=len(TEXT),
        cue="said",
        kind="indirect",
    )
    db.add(claim)
    db.flush()
    return claim


def bearer(db: Session, make_user, role: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {issue_api_token(db, user=make_user(role, role))}"}


def test_only_editors_may_patch(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    claim = a_claim(db)
    body = {"status": "contested", "version": 1}
    assert client.patch(f"/api/v1/claims/{claim.id}", json=body).status_code == 401
    journalist = bearer(db, make_user, "journalist")
    refused = client.patch(f"/api/v1/claims/{claim.id}", json=body, headers=journalist)
    assert refused.status_code == 403
    assert "needs the editor role" in refused.json()["detail"]
    editor = bearer(db, make_user, "editor")
    ok = client.patch(f"/api/v1/claims/{claim.id}", json=body, headers=editor)
    assert ok.status_code == 200
    assert ok.json() == {
        "id": claim.id,
        "version": 2,
        "status": "contested",
        "tags": [],
        "claimant": "Oona Bright",
        "actor_id": claim.actor_id,
    }


def test_stale_version_is_409_with_what_changed(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    claim = a_claim(db)
    editor = bearer(db, make_user, "editor")
    client.patch(
        f"/api/v1/claims/{claim.id}", json={"status": "refuted", "version": 1}, headers=editor
    )
    stale = client.patch(
        f"/api/v1/claims/{claim.id}", json={"status": "supported", "version": 1}, headers=editor
    )
    assert stale.status_code == 409
    body = stale.json()
    assert "you had version 1, it is now at 2" in body["detail"]
    assert body["current"]["status"] == "refuted"
    assert [(c["action"], c["old"], c["new"], c["user"]) for c in body["changes"]] == [
        ("status", "unreviewed", "refuted", "editor")
    ]
    db.refresh(claim)
    assert (claim.status, claim.version) == ("refuted", 2)


def test_tags_are_normalised_and_notes_kept_in_history(
    client: TestClient, db: Session, make_user
) -> None:  # type: ignore[no-untyped-def]
    claim = a_claim(db)
    editor = bearer(db, make_user, "editor")
    response = client.patch(
        f"/api/v1/claims/{claim.id}",
        json={
            "tags": ["#Casualty  Figures", "casualty figures", " Harbour "],
            "note": "Check with the coastguard.",
            "version": 1,
        },
        headers=editor,
    )
    assert response.json()["tags"] == ["casualty figures", "harbour"]
    events = client.get(f"/api/v1/claims/{claim.id}/history", headers=editor).json()
    assert [(e["action"], e["new"]) for e in events] == [
        ("tags", ["casualty figures", "harbour"]),
        ("note", "Check with the coastguard."),
    ]
    assert all(e["version"] == 2 for e in events)


def test_bad_status_and_unknown_claim(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    claim = a_claim(db)
    editor = bearer(db, make_user, "editor")
    bad = client.patch(
        f"/api/v1/claims/{claim.id}", json={"status": "fake", "version": 1}, headers=editor
    )
    assert bad.status_code == 422
    assert "'fake' is not a status" in bad.json()["detail"]
    db.refresh(claim)
    assert claim.version == 1
    missing = client.patch("/api/v1/claims/999999", json={"version": 1}, headers=editor)
    assert missing.status_code == 404


def test_normalise_tags() -> None:
    assert normalise_tags(["  #A  b ", "a B", "", "#"]) == ["a b"]
