"""Two reports of one invented clash: extraction suggests the conflict across them."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from app.dispute_models import ClaimLink
from app.models import Claim
from app.services import extraction, suggestions
from app.services.claim_features import stored_claims
from app.services.disputes import dismiss_suggestion
from tests.disputes_support import cross_article_links, ingest_both, ingest_report, sessions_of


def test_extraction_suggests_the_bridge_dispute_across_two_outlets(db: Session) -> None:
    courier, post = ingest_both(db)
    links = cross_article_links(db, courier, post)
    assert links, "no conflict suggested between the army's and the brigade's accounts"
    best = links[0]
    pair = {db.get(Claim, best.first_claim_id), db.get(Claim, best.second_claim_id)}
    claimants = {c.claimant for c in pair if c}
    assert len(claimants) == 2
    assert best.made_by == "suggester" and best.state == "suggested"
    assert best.score and best.score > 0 and best.reasons
    assert any("bridge" in c.content.lower() or "fighters" in c.content.lower()
               for c in pair if c)


def test_suggestions_never_pair_a_claimant_with_itself(db: Session) -> None:
    ingest_both(db)
    for link in db.scalars(select(ClaimLink)):
        a, b = db.get(Claim, link.first_claim_id), db.get(Claim, link.second_claim_id)
        assert a and b and a.claimant.lower() != b.claimant.lower()


def test_a_dismissed_pair_is_never_suggested_again(db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    courier, post = ingest_both(db)
    editor = make_user("edna", "editor")
    links = cross_article_links(db, courier, post)
    dismissed = links[0]
    pair = (dismissed.first_claim_id, dismissed.second_claim_id)
    dismiss_suggestion(db, link_id=dismissed.id, user=editor)
    db.flush()
    suggestions.suggest_for_article(db, article_id=post.id)
    suggestions.suggest_for_article(db, article_id=courier.id)
    rows = db.scalars(
        select(ClaimLink).where(ClaimLink.first_claim_id == pair[0],
                                ClaimLink.second_claim_id == pair[1])
    ).all()
    assert [r.state for r in rows] == ["dismissed"]


def test_a_failing_suggester_does_not_fail_extraction(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(session: Session, *, article_id: int) -> None:
        raise RuntimeError("relate engine fell over")

    monkeypatch.setattr(suggestions, "suggest_for_article", broken)
    article = ingest_report(db, "courier")
    db.refresh(article)
    assert article.extraction_status == "done"
    assert db.scalars(select(Claim).where(Claim.article_id == article.id)).all()
    assert extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))


def test_disputes_and_dismissals_survive_re_extraction(db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    from app.services.disputes import confirm_suggestion

    courier, post = ingest_both(db)
    editor = make_user("edna", "editor")
    confirmed, dismissed = cross_article_links(db, courier, post)[:2]
    dispute = confirm_suggestion(db, link_id=confirmed.id, user=editor, question="Who won?")
    dismiss_suggestion(db, link_id=dismissed.id, user=editor)
    dismissed_pair = (dismissed.first_claim_id, dismissed.second_claim_id)
    db.flush()
    for article in (courier, post):
        extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    db.refresh(dispute)
    assert len(dispute.members) == 2
    states = db.scalars(
        select(ClaimLink.state).where(ClaimLink.first_claim_id == dismissed_pair[0],
                                      ClaimLink.second_claim_id == dismissed_pair[1])
    ).all()
    assert states == ["dismissed"]
    contents = {
        (db.get(Claim, link.first_claim_id).content, db.get(Claim, link.second_claim_id).content)  # type: ignore[union-attr]
        for link in cross_article_links(db, courier, post)
        if link.state == "suggested"
    }
    first, second = db.get(Claim, dismissed_pair[0]), db.get(Claim, dismissed_pair[1])
    assert first and second and (first.content, second.content) not in contents


def test_undated_claims_are_suggested_and_suggest_from_undated_articles(db: Session) -> None:
    courier, post = ingest_both(db)
    db.execute(text("DELETE FROM claim_links"))
    db.execute(update(Claim).where(Claim.article_id == courier.id).values(published_at=None))
    assert suggestions.suggest_for_article(db, article_id=post.id).suggested  # dated, undated
    db.execute(text("DELETE FROM claim_links"))
    assert suggestions.suggest_for_article(db, article_id=courier.id).suggested  # undated
    assert cross_article_links(db, courier, post)


def test_the_window_walk_and_the_index_part_find_the_same_candidates(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    courier, post = ingest_both(db)
    new = stored_claims(db, article_id=post.id)
    walked = suggestions.candidate_hits(db, new)  # the walk covers the whole window
    assert walked and set(walked) <= {c.id for c in stored_claims(db, article_id=courier.id)}
    for walk in (1, 2):  # the walk ends early: the rest of the window comes from the indexes
        monkeypatch.setattr(suggestions, "WALK", walk)
        plan = suggestions.plan_candidates(db, new)
        assert plan.edges and "UNION ALL" in suggestions.candidates_sql(plan)
        assert suggestions.candidate_hits(db, new) == walked
