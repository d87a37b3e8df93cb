"""Extraction as the worker runs it: claims stored in one go, failures recorded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.extract import ExtractedClaim
from app.ingest.readers import read_pasted
from app.models import Actor, Article, Claim
from app.services import extraction
from app.services.articles import store_article

TEXT = (
    "Ferry fares to rise in spring\n\n"
    "\u201cThe old prices cannot last,\u201d said Tomas Adler, "
    "the ferry company's chief executive.\n\n"
    "Commuters disagreed. \u201cThis is a tax on islanders,\u201d said Ines Varga, "
    "who chairs the riders' group."
)


def sessions_of(db: Session):  # type: ignore[no-untyped-def]
    @contextmanager
    def scope() -> Iterator[Session]:
        yield db
        db.commit()

    return scope


def stored_article(db: Session) -> Article:
    return store_article(db, parsed=read_pasted(TEXT), user=None).article


def test_extraction_stores_claims_with_exact_offsets_and_actors(db: Session) -> None:
    article = stored_article(db)
    count = extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    db.refresh(article)
    claims = db.scalars(
        select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)
    ).all()
    assert count == len(claims) >= 2
    assert article.extraction_status == "done"
    assert article.extractor_version
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.content
    assert [c.content for c in claims][:2] == [
        "The old prices cannot last,",
        "This is a tax on islanders,",
    ]
    names = set(db.scalars(select(Actor.name)))
    assert {"Tomas Adler", "Ines Varga"} <= names


def test_reextraction_replaces_claims_and_keeps_editor_ones(db: Session) -> None:
    article = stored_article(db)
    extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    db.add(
        Claim(
            article_id=article.id,
            claimant="Desk",
            content="Ferry",
            start=0,
            end=5,
            sentence_start=0,
            sentence_end=5,
            kind="indirect",
            origin="editor",
        )
    )
    db.flush()
    extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    origins = sorted(db.scalars(select(Claim.origin).where(Claim.article_id == article.id)))
    assert origins.count("editor") == 1
    assert origins.count("extractor") >= 2


def test_failed_extraction_is_recorded_and_leaves_no_claims(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = stored_article(db)

    class Broken:
        version = "broken"

        def extract(self, text: str) -> list[ExtractedClaim]:
            raise RuntimeError("parser ran out of memory")

    monkeypatch.setattr(extraction, "get_extractor", lambda: Broken())
    with pytest.raises(RuntimeError):
        extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    db.refresh(article)
    assert article.extraction_status == "failed"
    assert article.extraction_error == "RuntimeError: parser ran out of memory"
    assert db.scalars(select(Claim).where(Claim.article_id == article.id)).all() == []


def test_missing_article_is_a_no_op(db: Session) -> None:
    assert extraction.run_extraction(article_id=987654, sessions=sessions_of(db)) is None


def test_a_claim_under_an_editors_claim_is_skipped_and_makes_no_claimant(db: Session) -> None:
    article = stored_article(db)
    adler_quote = TEXT.index("The old prices")
    db.add(
        Claim(
            article_id=article.id,
            claimant="Desk",
            content="The old prices",
            start=adler_quote,
            end=adler_quote + len("The old prices"),
            sentence_start=adler_quote,
            sentence_end=adler_quote + 14,
            kind="direct",
            origin="editor",
        )
    )
    db.flush()
    extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    claimants = set(db.scalars(select(Claim.claimant).where(Claim.article_id == article.id)))
    assert claimants == {"Desk", "Ines Varga"}
    names = set(db.scalars(select(Actor.name)))
    assert "Ines Varga" in names
    assert "Tomas Adler" not in names  # his only claim lay under the editor's: no claimant


def test_storing_locks_its_claimants_in_one_order(db: Session) -> None:
    """Claimant rows are created and locked (by name key) before any claim is written, so
    the claim-count triggers of two workers never lock shared claimants in opposite orders."""
    article = stored_article(db)
    seen: list[str] = []

    @event.listens_for(db.get_bind(), "before_cursor_execute")
    def record(conn, cursor, statement, params, context, many):  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split()))

    try:
        extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", record)
    lock = next(i for i, s in enumerate(seen) if "FOR NO KEY UPDATE" in s and "actors" in s)
    first_claim = next(i for i, s in enumerate(seen) if s.startswith("INSERT INTO claims"))
    assert lock < first_claim
    assert "ORDER BY actors.name_key" in seen[lock]
