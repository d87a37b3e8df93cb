"""Saved views: a named claims-table address on the user's own home page, deletable."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import SavedView
from tests.conftest import csrf_of, log_in


def post(client: TestClient, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False)


def test_save_find_and_delete_a_view(
    client: TestClient, db: Session, make_user
) -> None:  # type: ignore[no-untyped-def]
    make_user("jo", "journalist")
    make_user("kai", "journalist")
    log_in(client, "jo")
    saved = post(client, "/views", {
        "name": "Contested, last 7 days, Ledger",
        "address": "/claims?status=contested&days=7&outlet=Marrenport+Ledger&cursor=abc&q=",
    })
    assert saved.status_code == 303
    home = client.get("/").text
    assert ('<a href="/claims?outlet=Marrenport+Ledger&amp;status=contested&amp;days=7">'
            "Contested, last 7 days, Ledger</a>") in home
    log_in(client, "kai")
    assert "Contested, last 7 days" not in client.get("/").text
    view = db.scalars(select(SavedView)).one()
    assert post(client, f"/views/{view.id}/delete", {}).status_code == 404  # not kai's
    log_in(client, "jo")
    assert post(client, f"/views/{view.id}/delete", {}).status_code == 303
    assert "Contested, last 7 days" not in client.get("/").text


def test_a_view_must_be_a_claims_address_with_valid_filters(
    journalist_client: TestClient,
) -> None:
    elsewhere = post(journalist_client, "/views", {"name": "x", "address": "/admin/users"})
    assert elsewhere.status_code == 422
    bad = post(journalist_client, "/views", {"name": "x", "address": "/claims?status=maybe"})
    assert bad.status_code == 400
    assert "must be one of" in bad.text
