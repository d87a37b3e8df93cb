"""Disputes in the browser: suggestions, confirming, the side-by-side page, CSV, filters."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dispute_models import ClaimLink, Dispute
from app.models import AuditEvent
from app.services.disputes import add_claim, create_dispute
from tests.conftest import csrf_of
from tests.disputes_support import make_suggested_pair


def confirm(client: TestClient, link: ClaimLink, **fields: str):  # type: ignore[no-untyped-def]
    data = {"csrf_token": csrf_of(client), "question": "How many fighters died at Dunmere?",
            "side_first": "", "side_second": "", **fields}
    return client.post(f"/disputes/suggestions/{link.id}/confirm", data=data,
                       follow_redirects=False)


def test_journalist_sees_suggestions_marked_but_cannot_confirm_or_dismiss(
    journalist_client: TestClient, db: Session
) -> None:
    _, _, link = make_suggested_pair(db)
    page = journalist_client.get("/disputes/suggestions")
    assert "Suggested, not confirmed" in page.text
    assert "40 vs 3 killed" in page.text
    assert "Confirm dispute" not in page.text
    assert confirm(journalist_client, link).status_code == 403
    dismissed = journalist_client.post(f"/disputes/suggestions/{link.id}/dismiss",
                                       data={"csrf_token": csrf_of(journalist_client)})
    assert dismissed.status_code == 403
    db.refresh(link)
    assert link.state == "suggested"


def test_editor_confirms_a_suggestion_into_a_new_dispute_with_two_columns(
    editor_client: TestClient, db: Session
) -> None:
    army, rebels, link = make_suggested_pair(db)
    sides = {army.id: "Velmont army", rebels.id: "Free Marsh Brigade"}
    first, second = sorted(sides)
    response = confirm(editor_client, link, side_first=sides[first], side_second=sides[second])
    assert response.status_code == 303
    page = editor_client.get(response.headers["location"])
    assert "How many fighters died at Dunmere?" in page.text
    headings = re.findall(r'<section class="side" aria-label="([^"]+)">', page.text)
    assert sorted(headings) == ["Free Marsh Brigade", "Velmont army"]
    assert f'href="/articles/{army.article_id}#claim-{army.id}"' in page.text
    assert "Harrow Courier" in page.text and "Velmont Post" in page.text
    db.refresh(link)
    assert link.state == "confirmed" and link.dispute_id is not None
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"created", "claim added", "suggestion confirmed"} <= actions


def test_confirm_into_an_existing_dispute(editor_client: TestClient, db: Session) -> None:
    _, _, link = make_suggested_pair(db)
    dispute = create_dispute(db, user=None, question="Who holds the Dunmere bridge?")
    response = confirm(editor_client, link, question="", dispute_id=str(dispute.id))
    assert response.headers["location"] == f"/disputes/{dispute.id}"
    db.refresh(dispute)
    assert len(dispute.members) == 2


def test_confirm_without_a_question_says_what_to_do(editor_client: TestClient, db: Session) -> None:
    _, _, link = make_suggested_pair(db)
    response = confirm(editor_client, link, question="  ")
    assert response.status_code == 422
    assert "needs a question" in response.text


def test_forms_without_the_csrf_token_are_refused(editor_client: TestClient, db: Session) -> None:
    _, _, link = make_suggested_pair(db)
    response = editor_client.post(f"/disputes/suggestions/{link.id}/dismiss", data={})
    assert response.status_code == 403
    assert "expired" in response.text


def test_dismissed_suggestion_leaves_the_page(editor_client: TestClient, db: Session) -> None:
    _, _, link = make_suggested_pair(db)
    response = editor_client.post(
        f"/disputes/suggestions/{link.id}/dismiss",
        data={"csrf_token": csrf_of(editor_client), "back": "/disputes/suggestions"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "No suggestions waiting" in editor_client.get("/disputes/suggestions").text
    db.refresh(link)
    assert link.state == "dismissed"
    again = editor_client.post(f"/disputes/suggestions/{link.id}/dismiss",
                               data={"csrf_token": csrf_of(editor_client)})
    assert again.status_code == 409


def test_htmx_dismiss_gets_the_list_back(editor_client: TestClient, db: Session) -> None:
    _, _, link = make_suggested_pair(db)
    response = editor_client.post(
        f"/disputes/suggestions/{link.id}/dismiss",
        data={"csrf_token": csrf_of(editor_client)}, headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="suggestion-list">')


def confirmed_dispute(db: Session) -> Dispute:
    army, rebels, _ = make_suggested_pair(db)
    dispute = create_dispute(db, user=None, question="How many fighters died at Dunmere?")
    add_claim(db, dispute=dispute, user=None, claim_id=army.id, side="Velmont army")
    add_claim(db, dispute=dispute, user=None, claim_id=rebels.id, side="=Free Marsh Brigade")
    return dispute


def test_dispute_page_shows_figures_and_a_timeline(client: TestClient, db: Session,
                                                   make_user) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import log_in

    make_user("jo", "journalist")
    log_in(client, "jo")
    dispute = confirmed_dispute(db)
    page = client.get(f"/disputes/{dispute.id}").text
    words = re.sub(r"<[^>]+>", "", page)
    assert "How many killed: from 3 to 40 (spread 37)" in page
    assert "oldest figure 40 fighters (Velmont army, 10 Nov 2026)" in words
    assert "newest three fighters (=Free Marsh Brigade, 12 Nov 2026)" in words
    assert '<svg class="timeline"' in page and "<title" in page
    assert "Save dispute" not in page  # journalists read, editors edit


def test_stale_dispute_edit_answers_409_with_the_changes(
    editor_client: TestClient, db: Session
) -> None:
    dispute = confirmed_dispute(db)
    old = dispute.version
    token = csrf_of(editor_client)
    first = editor_client.post(f"/disputes/{dispute.id}/edit", follow_redirects=False, data={
        "csrf_token": token, "version": str(old), "question": "Who lost more at Dunmere?",
        "status": "open"})
    assert first.status_code == 303
    second = editor_client.post(f"/disputes/{dispute.id}/edit", data={
        "csrf_token": token, "version": str(old), "status": "settled"})
    assert second.status_code == 409
    assert "Someone changed this dispute after you loaded it" in second.text
    assert "Who lost more at Dunmere?" in second.text
    db.refresh(dispute)
    assert dispute.status == "open"


def test_editor_changes_side_removes_and_adds_claims(
    editor_client: TestClient, db: Session
) -> None:
    dispute = confirmed_dispute(db)
    claim_id = dispute.members[1].claim_id
    token = csrf_of(editor_client)
    editor_client.post(f"/disputes/{dispute.id}/claims/{claim_id}/side", data={
        "csrf_token": token, "version": str(dispute.version), "side": "Brigade"})
    db.refresh(dispute)
    assert sorted(m.side for m in dispute.members) == ["Brigade", "Velmont army"]
    editor_client.post(f"/disputes/{dispute.id}/claims/{claim_id}/remove", data={
        "csrf_token": token, "version": str(dispute.version)})
    db.refresh(dispute)
    assert [m.side for m in dispute.members] == ["Velmont army"]
    editor_client.post(f"/disputes/{dispute.id}/claims", data={
        "csrf_token": token, "version": str(dispute.version), "claim_id": str(claim_id),
        "side": "Brigade"})
    db.refresh(dispute)
    assert len(dispute.members) == 2
    actions = [e.action for e in db.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "dispute", AuditEvent.entity_id == dispute.id))]
    assert actions.count("claim added") == 3
    assert "side changed" in actions and "claim removed" in actions


def test_dispute_csv_has_a_row_per_claim_with_safe_cells(
    journalist_client: TestClient, db: Session
) -> None:
    dispute = confirmed_dispute(db)
    response = journalist_client.get(f"/disputes/{dispute.id}.csv")
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == ("dispute_id,question,dispute_status,side,claim_id,claimant,outlet,"
                        "published_at,claim_status,content,article_url")
    assert len(lines) == 3
    assert ",'=Free Marsh Brigade," in response.text
    assert ",Velmont army," in response.text


def test_dispute_list_filters_by_status_outlet_and_claimant(
    journalist_client: TestClient, db: Session
) -> None:
    dispute = confirmed_dispute(db)
    other = create_dispute(db, user=None, question="Was the ferry late?")
    other.status = "settled"
    db.flush()
    everything = journalist_client.get("/disputes").text
    assert dispute.question in everything and other.question in everything
    settled = journalist_client.get("/disputes?status=settled").text
    assert other.question in settled and dispute.question not in settled
    by_outlet = journalist_client.get("/disputes?outlet=Velmont+Post").text
    assert dispute.question in by_outlet and other.question not in by_outlet
    actor_id = dispute.members[0].claim.actor_id
    by_actor = journalist_client.get(f"/disputes?actor={actor_id}").text
    assert dispute.question in by_actor and other.question not in by_actor
    later = journalist_client.get("/disputes?since=2026-11-20").text
    assert dispute.question not in later


def test_claim_and_claimant_pages_link_to_the_dispute(
    journalist_client: TestClient, db: Session
) -> None:
    dispute = confirmed_dispute(db)
    claim = dispute.members[0].claim
    link = f'<a href="/disputes/{dispute.id}">{dispute.question}</a>'
    assert link in journalist_client.get(f"/claims/{claim.id}").text
    assert link in journalist_client.get(f"/actors/{claim.actor_id}").text


def test_claim_page_shows_its_suggestions(editor_client: TestClient, db: Session) -> None:
    army, _, _ = make_suggested_pair(db)
    page = editor_client.get(f"/claims/{army.id}").text
    assert "Suggested conflicts" in page and "40 vs 3 killed" in page
    form = page[page.index('action="/disputes/suggestions/'):]
    token = csrf_of(editor_client)
    assert f'name="csrf_token" value="{token}"' in form[:400]  # the form can be sent


def test_editor_links_two_claims(editor_client: TestClient, db: Session) -> None:
    army, rebels, link = make_suggested_pair(db)
    response = editor_client.post(f"/claims/{army.id}/links", follow_redirects=False, data={
        "csrf_token": csrf_of(editor_client), "other_claim_id": str(rebels.id), "kind": "same"})
    assert response.status_code == 303
    db.refresh(link)
    assert (link.kind, link.made_by, link.state) == ("same", "editor", "confirmed")
    bad = editor_client.post(f"/claims/{army.id}/links", data={
        "csrf_token": csrf_of(editor_client), "other_claim_id": str(rebels.id), "kind": "likes"})
    assert bad.status_code == 422


def test_compare_aligns_two_articles_and_marks_the_conflict(
    journalist_client: TestClient, db: Session
) -> None:
    army, rebels, _ = make_suggested_pair(db)
    page = journalist_client.get(f"/compare?a={army.article_id}&b={rebels.article_id}").text
    assert "Pick two articles" not in page
    row = re.search(r'<tr class="conflict-row">(.*?)</tr>', page, re.S)
    assert row is not None, page
    assert "40 fighters were killed" in row.group(1) and "only three fighters" in row.group(1)
    assert "Conflict" in row.group(1)
    assert "Pick two articles" in journalist_client.get("/compare").text


def test_htmx_dismiss_on_a_claim_page_keeps_to_that_claim(
    editor_client: TestClient, db: Session
) -> None:
    army, _, link = make_suggested_pair(db)
    other_army, _, other = make_suggested_pair(db)
    response = editor_client.post(
        f"/disputes/suggestions/{link.id}/dismiss",
        data={"csrf_token": csrf_of(editor_client), "back": f"/claims/{army.id}"},
        headers={"HX-Request": "true"},
    )
    assert "No suggestions waiting" in response.text
    assert f"suggestion-{other.id}" not in response.text
    assert f"suggestion-{other.id}" in editor_client.get(f"/claims/{other_army.id}").text


def test_a_claims_suggestions_are_its_live_links_best_first(db: Session) -> None:
    """pending_suggestions for one claim reads claim_links alone and leaves out, in Python,
    the links whose other claim was deleted; the rest come best first, up to the limit."""
    from datetime import UTC, datetime

    from app.queries_disputes import pending_suggestions
    from tests.factories import make_claim

    army, rebels, link = make_suggested_pair(db)
    others = [make_claim(db, rebels.article, f"{n} bridges were shelled") for n in range(4)]
    for score, other in zip((0.9, 0.3, 0.8, 0.7), others, strict=True):
        low, high = sorted((army.id, other.id))
        db.add(ClaimLink(first_claim_id=low, second_claim_id=high, made_by="suggester",
                         state="suggested", kind="contradicts", score=score, reasons=[]))
    db.flush()
    others[2].deleted_at = datetime.now(UTC)  # the 0.8 one
    db.flush()
    found = pending_suggestions(db, claim_id=army.id, limit=3)
    assert [round(s.score or 0, 2) for s in found] == [0.9, 0.7, 0.61]
    assert pending_suggestions(db, claim_id=army.id, limit=10)[-1].score == 0.3
    assert link in pending_suggestions(db, claim_id=rebels.id)


def test_dispute_members_are_read_as_rows_in_two_statements(db: Session) -> None:
    """The page's and the CSV's members: live claims only, in the order they were added, each
    with its article, claimant (or none) and figures in the order the claim states them."""
    from datetime import UTC, datetime

    from app.queries_disputes import dispute_members
    from tests.factories import make_article, make_claim
    from tests.web.test_read_side_scale import Statements

    dispute = confirmed_dispute(db)
    article = make_article(db, title="Counts differ", outlet="Osk Tribune")
    unresolved = make_claim(db, article, "between 12 and 15 boats sank, then 2 more",
                            claimant="A harbour pilot",
                            quantities=(("12 and 15 boats", "sank"), ("2 more", "sank")))
    gone = make_claim(db, article, "no boats sank", claimant="A ferry clerk")
    add_claim(db, dispute=dispute, user=None, claim_id=unresolved.id, side="")
    add_claim(db, dispute=dispute, user=None, claim_id=gone.id, side="")
    gone.deleted_at = datetime.now(UTC)
    db.flush()
    with Statements(db) as sent:
        members = dispute_members(db, dispute.id)
    assert len(sent) == 2
    assert [m.side for m in members] == ["Velmont army", "=Free Marsh Brigade", ""]
    army, rebels, pilot = (m.claim for m in members)
    assert army.actor is not None and army.actor.name == "Velmont defence ministry"
    assert army.article.outlet == "Harrow Courier" and "Dunmere" in army.article.text
    assert [(q.text, q.low) for q in army.quantities] == [("40 fighters", 40)]
    assert rebels.content == "only three fighters were killed"
    assert pilot.actor is None and pilot.claimant == "A harbour pilot"
    assert [q.text for q in pilot.quantities] == ["12 and 15 boats", "2 more"]
    assert dispute_members(db, 0) == []
