"""Corrections: another claimant, a better span, delete/restore, a missed claim, assignment;
and all of them survive re-extraction of the article."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extract import ExtractedClaim
from app.models import Article, Claim, User
from app.services.extraction import store_claims
from tests.conftest import csrf_of
from tests.factories import MARRENPORT_TEXT, make_actor, make_article, make_claim


def post(client: TestClient, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False)


def extracted(text: str, content: str, claimant: str) -> ExtractedClaim:
    start = text.index(content)
    return ExtractedClaim(
        claimant=claimant, claimant_kind="person", mention=claimant, mention_start=0,
        mention_end=len(claimant), content=content, start=start, end=start + len(content),
        cue="said", kind="indirect", sentence_start=0, sentence_end=len(text),
    )


def test_reassign_to_another_claimant_by_name(editor_client: TestClient, db: Session) -> None:
    claim = make_claim(db, make_article(db), actor=make_actor(db))
    board = make_actor(db, "Harbour Board of Marrenport", kind="organisation")
    done = post(editor_client, f"/claims/{claim.id}/claimant",
                {"version": 1, "claimant": "Harbour Board of Marrenport"})
    assert done.status_code == 303 and done.headers["location"] == f"/claims/{claim.id}"
    db.refresh(claim)
    assert (claim.actor_id, claim.claimant, claim.origin) == (board.id, board.name, "corrected")
    history = editor_client.get(f"/api/v1/claims/{claim.id}/history").json()
    assert [(e["action"], e["old"]["name"], e["new"]["name"]) for e in history] == [
        ("claimant", "Ilse Varga", "Harbour Board of Marrenport")]


def test_span_is_reread_from_the_article_and_must_stay_inside(
    editor_client: TestClient, db: Session
) -> None:
    article = make_article(db)
    claim = make_claim(db, article)
    start = MARRENPORT_TEXT.index("the old pumping station")
    end = MARRENPORT_TEXT.index(" by spring")
    outside = post(editor_client, f"/claims/{claim.id}/span",
                   {"version": 1, "start": start, "end": len(MARRENPORT_TEXT) + 5})
    assert outside.status_code == 422
    assert "stay inside the article" in outside.text
    done = post(editor_client, f"/claims/{claim.id}/span",
                {"version": 1, "start": start, "end": end})
    assert done.status_code == 303
    db.refresh(claim)
    assert claim.content == "the old pumping station would be replaced"
    assert MARRENPORT_TEXT[claim.sentence_start:claim.sentence_end].startswith("Mayor Ilse Varga")


def test_delete_hides_the_claim_and_restore_brings_it_back(
    editor_client: TestClient, db: Session
) -> None:
    claim = make_claim(db, make_article(db))
    assert post(editor_client, f"/claims/{claim.id}/delete", {"version": 1}).status_code == 303
    page = editor_client.get(f"/claims/{claim.id}")
    assert "This claim was deleted as false" in page.text and "Restore this claim" in page.text
    assert claim.content not in editor_client.get("/claims").text
    assert post(editor_client, f"/claims/{claim.id}/restore", {}).status_code == 303
    db.refresh(claim)
    assert claim.deleted_at is None and claim.version == 3
    assert claim.content in editor_client.get("/claims").text


def test_readers_do_not_see_deleted_claims(
    client: TestClient, db: Session, make_user
) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import log_in

    claim = make_claim(db, make_article(db))
    make_user("edna", "editor")
    make_user("jo", "journalist")
    log_in(client, "edna")
    post(client, f"/claims/{claim.id}/delete", {"version": 1})
    log_in(client, "jo")
    assert client.get(f"/claims/{claim.id}").status_code == 404


def test_add_a_missed_claim_from_the_reader(editor_client: TestClient, db: Session) -> None:
    article = make_article(db)
    reader = editor_client.get(f"/articles/{article.id}").text
    assert 'id="add-claim"' in reader and "Add a claim the extractor missed" in reader
    words = "water had reached their doors twice this month"
    start = MARRENPORT_TEXT.index(words)
    done = post(editor_client, f"/articles/{article.id}/claims", {
        "start": start + 3, "end": start + 3 + len(words), "quote": words,
        "claimant": "Residents of Lower Quay", "kind": "indirect", "cue": "told reporters",
    })
    assert done.status_code == 303
    claim = db.scalars(select(Claim).where(Claim.origin == "editor")).one()
    assert (claim.start, claim.content, claim.claimant, claim.cue) == (
        start, words, "Residents of Lower Quay", "told reporters")
    bad = post(editor_client, f"/articles/{article.id}/claims",
               {"start": 10, "end": 5, "claimant": "x", "kind": "direct"})
    assert bad.status_code == 422


def test_assigned_claims_are_on_my_home_page_and_filter(
    editor_client: TestClient, db: Session, make_user
) -> None:  # type: ignore[no-untyped-def]
    claim = make_claim(db, make_article(db))
    other = make_claim(db, make_article(db), "residents of Lower Quay told reporters")
    edna = db.scalars(select(User).where(User.username == "edna")).one()
    assert post(editor_client, f"/claims/{claim.id}/assign",
                {"version": 1, "assignee": edna.id}).status_code == 303
    home = editor_client.get("/").text
    assert "Assigned to you" in home and f'href="/claims/{claim.id}"' in home
    mine = editor_client.get("/claims?assigned=me").text
    assert claim.content in mine and other.content not in mine


def test_corrections_survive_reextraction(db: Session) -> None:
    article: Article = make_article(db)
    store_claims(db, article=article, version="v1", claims=[
        extracted(MARRENPORT_TEXT, "the old pumping station would be replaced by spring",
                  "Ilse Varga"),
        extracted(MARRENPORT_TEXT, "repairs would cost 4 million crowns", "The harbour board"),
    ])
    pumps, cost = db.scalars(select(Claim).where(Claim.article_id == article.id)
                             .order_by(Claim.start)).all()
    pumps.status, pumps.origin = "refuted", "corrected"
    cost.origin = "corrected"
    cost.deleted_at = cost.created_at
    db.flush()
    store_claims(db, article=article, version="v2", claims=[
        extracted(MARRENPORT_TEXT, "the old pumping station would be replaced", "Ilse Varga"),
        extracted(MARRENPORT_TEXT, "repairs would cost 4 million crowns", "The harbour board"),
        extracted(MARRENPORT_TEXT, "water had reached their doors twice this month",
                  "Residents of Lower Quay"),
    ])
    rows = db.execute(select(Claim.content, Claim.origin, Claim.status, Claim.deleted_at.is_(None))
                      .where(Claim.article_id == article.id).order_by(Claim.start)).all()
    assert [tuple(r) for r in rows] == [
        ("the old pumping station would be replaced by spring", "corrected", "refuted", True),
        ("repairs would cost 4 million crowns", "corrected", "unreviewed", False),
        ("water had reached their doors twice this month", "extractor", "unreviewed", True),
    ]


def test_editing_an_extractor_claim_marks_it_corrected(
    editor_client: TestClient, db: Session
) -> None:
    claim = make_claim(db, make_article(db))
    assert claim.origin == "extractor"
    post(editor_client, f"/claims/{claim.id}/edit", {"version": 1, "status": "supported"})
    db.refresh(claim)
    assert claim.origin == "corrected"


def test_reextraction_credits_a_merged_duplicate_to_its_survivor(
    editor_client: TestClient, db: Session
) -> None:
    from app.models import Actor
    from app.services.actors import find_or_create_actor

    article = make_article(db)
    varga = find_or_create_actor(db, name="Ilse Varga", kind="person", article_id=article.id)
    dupe = find_or_create_actor(db, name="I. Varga", kind="person", article_id=article.id)
    post(editor_client, f"/actors/{varga.id}/merge", {"duplicate": dupe.id})
    store_claims(db, article=article, version="v3", claims=[
        extracted(MARRENPORT_TEXT, "the old pumping station would be replaced by spring",
                  "I. Varga"),
    ])
    claim = db.scalars(select(Claim).where(Claim.article_id == article.id)).one()
    assert claim.actor_id == varga.id
    assert db.get(Actor, dupe.id).merged_into_id == varga.id  # type: ignore[union-attr]
