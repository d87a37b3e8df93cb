"""Extraction as the worker runs it: claims stored in one go, failures recorded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, event, select
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


def real_sessions(connection: Connection):  # type: ignore[no-untyped-def]
    """Like app.db.session_scope (commit, or roll back on error), inside the test's transaction."""

    @contextmanager
    def scope() -> Iterator[Session]:
        session = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    return scope


def crash_on_third_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    real = extraction.claim_row
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> Claim:
        calls["n"] += 1
        if calls["n"] == 3:
            raise MemoryError("worker killed while storing claims")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extraction, "claim_row", flaky)


def claim_spans(db: Session, article_id: int) -> list[tuple[int, int]]:
    db.expire_all()
    rows = db.execute(select(Claim.start, Claim.end).where(Claim.article_id == article_id))
    return sorted((start, end) for start, end in rows)


def six_claim_article(db: Session) -> Article:
    text = "\n\n".join(
        f"\u201cThe fare will rise by {n} crowns,\u201d said Tomas Adler, the director."
        for n in range(6)
    )
    article = store_article(db, parsed=read_pasted(text), user=None).article
    db.commit()
    return article


def test_crash_while_storing_leaves_no_half_written_claims(
    db: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = six_claim_article(db)
    crash_on_third_claim(monkeypatch)
    with pytest.raises(MemoryError):
        extraction.run_extraction(article_id=article.id, sessions=real_sessions(connection))
    assert claim_spans(db, article.id) == []  # two claims were added, then rolled back


def test_crash_during_reextraction_keeps_the_previous_claims(
    db: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = six_claim_article(db)
    extraction.run_extraction(article_id=article.id, sessions=real_sessions(connection))
    before = claim_spans(db, article.id)
    assert len(before) >= 3
    crash_on_third_claim(monkeypatch)
    monkeypatch.setattr(extraction, "suggest_quietly", lambda *a, **k: None)
    with pytest.raises(MemoryError):
        extraction.run_extraction(article_id=article.id, sessions=real_sessions(connection))
    assert claim_spans(db, article.id) == before
