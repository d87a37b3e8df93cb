"""Editors change a claim's status, tags and notes in place, from the table or its page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import AuditEvent, Claim
from tests.conftest import csrf_of
from tests.factories import make_article, make_claim, make_two_towns

HX = {"HX-Request": "true"}


def post(client: TestClient, url: str, data: dict[str, object], **kw: object):  # type: ignore[no-untyped-def]
    body = {"csrf_token": csrf_of(client), **data}
    return client.post(url, data=body, follow_redirects=False, **kw)  # type: ignore[arg-type]


def test_row_form_without_js_saves_and_goes_back(editor_client: TestClient, db: Session) -> None:
    claim = make_claim(db, make_article(db))
    response = post(editor_client, f"/claims/{claim.id}/edit", {
        "version": 1, "status": "contested", "tags": "#Flood  Defences, flood defences, Harbour",
        "fragment": "row", "next": "/claims?status=unreviewed",
    })
    assert response.status_code == 303
    assert response.headers["location"] == "/claims?status=unreviewed"
    db.refresh(claim)
    assert (claim.status, [t.name for t in claim.tags], claim.version) == (
        "contested", ["flood defences", "harbour"], 2,
    )
    assert claim.origin == "corrected"


def test_row_form_as_the_page_writes_it_saves_without_js(
    editor_client: TestClient, db: Session
) -> None:
    """Submit exactly the fields a browser without htmx would: the row form's own hidden
    inputs (its CSRF token included) and a changed status. Nothing is added by the test."""
    claim = make_claim(db, make_article(db))
    html = editor_client.get("/claims?status=unreviewed").text
    form = re.search(
        rf'<form method="post" action="/claims/{claim.id}/edit".*?</form>', html, re.S
    )
    assert form is not None
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form[0]))
    assert fields["csrf_token"] == editor_client.cookies["cd_csrf"]
    fields = {k: v.replace("&amp;", "&") for k, v in fields.items()}
    response = editor_client.post(
        f"/claims/{claim.id}/edit",
        data={**fields, "status": "supported", "tags": ""},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/claims?status=unreviewed"
    db.refresh(claim)
    assert claim.status == "supported"


def test_row_form_with_htmx_returns_the_updated_row(editor_client: TestClient, db: Session) -> None:
    claim = make_claim(db, make_article(db))
    response = post(editor_client, f"/claims/{claim.id}/edit",
                    {"version": 1, "status": "refuted", "tags": "", "fragment": "row"}, headers=HX)
    assert response.status_code == 200
    html = response.text.strip()
    assert html.startswith(f'<tr id="claim-row-{claim.id}"')
    assert '<option value="refuted" selected>' in html
    assert 'name="version" value="2"' in html
    assert "<html" not in html


def test_claims_table_gives_editors_a_form_per_row_and_keys_help(
    editor_client: TestClient, db: Session
) -> None:
    claims = make_two_towns(db)
    html = editor_client.get("/claims").text
    assert f'action="/claims/{claims["sail"].id}/edit"' in html
    assert "<kbd>j</kbd>/<kbd>k</kbd>" in html and "<kbd>x</kbd> select" in html
    assert "Nobody has independent access to check it; this is not the same as false." in html


def test_journalists_see_no_edit_forms_and_cannot_post(
    journalist_client: TestClient, db: Session
) -> None:
    claim = make_claim(db, make_article(db))
    assert "/edit" not in journalist_client.get("/claims").text
    refused = post(
        journalist_client, f"/claims/{claim.id}/edit", {"version": 1, "status": "refuted"}
    )
    assert refused.status_code == 403
    db.refresh(claim)
    assert claim.status == "unreviewed"


def test_stale_form_shows_what_changed_and_reapplies(
    editor_client: TestClient, db: Session
) -> None:
    claim = make_claim(db, make_article(db))
    post(editor_client, f"/claims/{claim.id}/edit", {"version": 1, "status": "supported"})
    stale = post(editor_client, f"/claims/{claim.id}/edit",
                 {"version": 1, "status": "refuted", "tags": "harbour"})
    assert stale.status_code == 409
    html = stale.text
    assert "Someone changed this claim after you loaded it" in html
    assert "You had version 1; it is now at version 2" in html
    assert re.search(r"<strong>edna</strong> status: unreviewed → supported", html)
    assert '<input type="hidden" name="version" value="2">' in html
    assert "Re-apply my change" in html
    db.refresh(claim)
    assert claim.status == "supported"
    again = post(editor_client, f"/claims/{claim.id}/edit",
                 {"version": 2, "status": "refuted", "tags": "harbour"})
    assert again.status_code == 303
    db.refresh(claim)
    assert (claim.status, claim.version) == ("refuted", 3)


def test_stale_htmx_edit_goes_to_the_notice_area(editor_client: TestClient, db: Session) -> None:
    claim = make_claim(db, make_article(db))
    post(editor_client, f"/claims/{claim.id}/edit", {"version": 1, "status": "supported"})
    stale = post(editor_client, f"/claims/{claim.id}/edit",
                 {"version": 1, "status": "refuted", "fragment": "row"}, headers=HX)
    assert stale.status_code == 409
    assert stale.headers["HX-Retarget"] == "#notice"
    assert stale.text.strip().startswith('<section class="conflict" role="alert">')


def test_claim_page_review_panel_notes_and_history(editor_client: TestClient, db: Session) -> None:
    claim = make_claim(db, make_article(db))
    post(editor_client, f"/claims/{claim.id}/edit",
         {"version": 1, "status": "unverifiable", "note": "No one can reach the pumping station."})
    html = editor_client.get(f"/claims/{claim.id}").text
    assert "No one can reach the pumping station." in html
    assert "<strong>edna</strong> status: unreviewed → unverifiable" in html
    assert "<strong>edna</strong> note:" in html
    fragment = post(editor_client, f"/claims/{claim.id}/edit",
                    {"version": 2, "status": "refuted", "fragment": "claim"}, headers=HX)
    assert fragment.text.strip().startswith('<section id="editorial"')
    assert "status: unverifiable → refuted" in fragment.text


def test_empty_note_and_bad_status_say_what_is_wrong(
    editor_client: TestClient, db: Session
) -> None:
    claim = make_claim(db, make_article(db))
    bad = post(editor_client, f"/claims/{claim.id}/edit", {"version": 1, "status": "fake"})
    assert bad.status_code == 422
    assert "&#39;fake&#39; is not a status" in bad.text
    empty = post(editor_client, f"/claims/{claim.id}/notes", {"version": 1, "note": "  "})
    assert empty.status_code == 422
    assert "A note cannot be empty." in empty.text
    assert db.query(AuditEvent).filter_by(entity_id=claim.id).count() == 0


def test_tag_suggestions_complete_the_last_tag(editor_client: TestClient, db: Session) -> None:
    claims = make_two_towns(db)
    for name, tags in (("sail", "strike, harbour"), ("pumps", "harbour"), ("cost", "money")):
        claim: Claim = claims[name]
        post(editor_client, f"/claims/{claim.id}/edit", {"version": 1, "tags": tags})
    options = editor_client.get("/tags", params={"tags": "money, HA"}, headers=HX).text
    assert options.strip() == '<option value="money, harbour"></option>'
    after_comma = editor_client.get("/tags", params={"tags": "money, "}, headers=HX).text
    assert '<option value="money, harbour"></option>' in after_comma
    assert '<option value="money, strike"></option>' in after_comma
    page = editor_client.get("/tags").text
    assert page.index("#harbour") < page.index("#money")  # most used first
    api = editor_client.get("/api/v1/tags", params={"prefix": "s"})
    assert api.json() == ["strike"]


def test_a_claimants_table_is_editable_in_place_too(editor_client: TestClient, db: Session) -> None:
    from tests.factories import make_actor

    varga = make_actor(db)
    claim = make_claim(db, make_article(db), actor=varga)
    page = editor_client.get(f"/actors/{varga.id}").text
    assert f'action="/claims/{claim.id}/edit"' in page
    assert 'class="select-row"' not in page  # bulk selection lives on the claims table
    row = post(editor_client, f"/claims/{claim.id}/edit", {
        "version": 1, "status": "misleading", "fragment": "row-without-claimant",
        "next": f"/actors/{varga.id}"}, headers=HX).text.strip()
    assert row.startswith(f'<tr id="claim-row-{claim.id}"')
    assert 'data-label="Claimant"' not in row and '<option value="misleading" selected>' in row
