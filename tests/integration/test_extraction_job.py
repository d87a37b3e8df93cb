"""Extraction as the worker runs it: claims stored in one go, failures recorded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select
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
