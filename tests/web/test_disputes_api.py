"""/api/v1/disputes: list, detail, create, add a claim, confirm and dismiss suggestions."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth import issue_api_token
from tests.disputes_support import make_suggested_pair


def bearer(db: Session, make_user, role: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {issue_api_token(db, user=make_user(role, role))}"}


def test_editor_creates_lists_and_reads_a_dispute(client: TestClient, db: Session,
                                                  make_user) -> None:  # type: ignore[no-untyped-def]
    army, rebels, _ = make_suggested_pair(db)
    editor = bearer(db, make_user, "editor")
    created = client.post("/api/v1/disputes", headers=editor, json={
        "question": "How many fighters died at Dunmere?", "claim_ids": [army.id]})
    assert created.status_code == 201
    body = created.json()
    assert [c["claim_id"] for c in body["claims"]] == [army.id]
    assert body["claims"][0]["reader_url"] == f"/articles/{army.article_id}#claim-{army.id}"
    added = client.post(f"/api/v1/disputes/{body['id']}/claims", headers=editor,
                        json={"claim_id": rebels.id, "side": "Brigade",
                              "version": body["version"]})
    assert added.status_code == 200
    assert {c["side"] for c in added.json()["claims"]} == {"", "Brigade"}
    listed = client.get("/api/v1/disputes?status=open", headers=editor).json()
    assert [(d["question"], d["claims"], d["claimants"]) for d in listed] == [
        ("How many fighters died at Dunmere?", 2, 2)]
    assert client.get(f"/api/v1/disputes/{body['id']}", headers=editor).json()["version"] == 3


def test_stale_version_answers_409(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    army, rebels, _ = make_suggested_pair(db)
    editor = bearer(db, make_user, "editor")
    body = client.post("/api/v1/disputes", headers=editor,
                       json={"question": "Who holds the bridge?", "claim_ids": [army.id]}).json()
    stale = client.post(f"/api/v1/disputes/{body['id']}/claims", headers=editor,
                        json={"claim_id": rebels.id, "version": body["version"] - 1})
    assert stale.status_code == 409
    assert "Someone changed this dispute" in stale.json()["detail"]
    assert [c["action"] for c in stale.json()["changes"]] == ["claim added"]


def test_journalists_read_suggestions_but_only_editors_decide(
    client: TestClient, db: Session, make_user  # type: ignore[no-untyped-def]
) -> None:
    _, _, link = make_suggested_pair(db)
    journalist = bearer(db, make_user, "journalist")
    listed = client.get("/api/v1/disputes/suggestions", headers=journalist).json()
    assert [(s["id"], s["state"], s["reasons"][-1]) for s in listed] == [
        (link.id, "suggested", "40 vs 3 killed")]
    assert client.post(f"/api/v1/disputes/suggestions/{link.id}/confirm", headers=journalist,
                       json={"question": "Q?"}).status_code == 403
    assert client.post(f"/api/v1/disputes/suggestions/{link.id}/dismiss",
                       headers=journalist).status_code == 403
    assert client.post("/api/v1/disputes", headers=journalist,
                       json={"question": "Q?"}).status_code == 403
    editor = bearer(db, make_user, "editor")
    confirmed = client.post(f"/api/v1/disputes/suggestions/{link.id}/confirm", headers=editor,
                            json={"question": "How many died?", "side_first": "A",
                                  "side_second": "B"})
    assert confirmed.status_code == 200
    assert sorted(c["side"] for c in confirmed.json()["claims"]) == ["A", "B"]
    assert client.get("/api/v1/disputes/suggestions", headers=editor).json() == []
    again = client.post(f"/api/v1/disputes/suggestions/{link.id}/dismiss", headers=editor)
    assert again.status_code == 409


def test_dismiss_over_the_api(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    _, _, link = make_suggested_pair(db)
    editor = bearer(db, make_user, "editor")
    response = client.post(f"/api/v1/disputes/suggestions/{link.id}/dismiss", headers=editor)
    assert response.json()["state"] == "dismissed"
    assert client.get("/api/v1/disputes/999999", headers=editor).status_code == 404
