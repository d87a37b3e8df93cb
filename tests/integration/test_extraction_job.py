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


@contextmanager
def crash_on_third_claim() -> Iterator[None]:
    """Fail as a killed worker would, once the new claims are written (uncommitted)."""
    written: list[int] = []

    def crash(mapper: object, connection: Connection, claim: Claim) -> None:
        written.append(claim.id)
        if len(written) == 3:
            raise MemoryError("worker killed while storing claims")

    event.listen(Claim, "after_insert", crash)
    try:
        yield
    finally:
        event.remove(Claim, "after_insert", crash)


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
    db: Session, connection: Connection
) -> None:
    article = six_claim_article(db)
    with crash_on_third_claim(), pytest.raises(MemoryError):
        extraction.run_extraction(article_id=article.id, sessions=real_sessions(connection))
    assert claim_spans(db, article.id) == []  # the claims were written, then rolled back


def test_crash_during_reextraction_keeps_the_previous_claims(
    db: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = six_claim_article(db)
    extraction.run_extraction(article_id=article.id, sessions=real_sessions(connection))
    before = claim_spans(db, article.id)
    assert len(before) >= 3
    monkeypatch.setattr(extraction, "suggest_quietly", lambda *a, **k: None)
    with crash_on_third_claim(), pytest.raises(MemoryError):
        extraction.run_extraction(article_id=article.id, sessions=real_sessions(connection))
    assert claim_spans(db, article.id) == before


ADLER_AGAIN = (
    TEXT + "\n\nMr Adler said the company had waited four years before raising any fare."
)


def test_storing_takes_a_few_statements_however_many_claims(db: Session) -> None:
    """The claimants' rows stay locked until the claims commit, and another worker storing
    an article by the same people waits for that: so the store is a fixed handful of
    statements, not a round trip or three per claim."""
    statements = []
    article = six_claim_article(db)

    @event.listens_for(db.get_bind(), "before_cursor_execute")
    def record(conn, cursor, statement, params, context, many):  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split())[:40])

    try:
        count = extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", record)
    assert count == 6
    for table in ("INSERT INTO claims", "INSERT INTO actors", "INSERT INTO actor_aliases",
                  "INSERT INTO claim_features"):
        assert sum(s.startswith(table) for s in statements) <= 1, table
    assert sum(s.startswith("SELECT actors.") for s in statements) <= 2


def test_aliases_and_merged_claimants_are_kept_when_stored(db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    from app.services.actor_edits import merge_actors

    article = store_article(db, parsed=read_pasted(ADLER_AGAIN), user=None).article
    extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    adler = db.scalars(select(Actor).where(Actor.name == "Tomas Adler")).one()
    assert {a.alias_key for a in adler.aliases} == {"mr adler"}  # once, though said twice
    assert adler.claim_count == 2
    keep = Actor(name="Tomáš Adler", name_key="tomáš adler", kind="person", version=1)
    db.add(keep)
    db.flush()
    merge_actors(db, keep=keep, duplicate=adler, user=make_user())
    db.commit()
    extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))  # again
    db.expire_all()
    by_adler = db.scalars(
        select(Claim.actor_id).where(
            Claim.article_id == article.id, Claim.claimant == "Tomas Adler"
        )
    ).all()
    assert by_adler == [keep.id, keep.id]  # a merged duplicate speaks as its survivor
    assert (keep.claim_count, adler.claim_count) == (2, 0)
    assert "mr adler" in {a.alias_key for a in keep.aliases}


def test_features_are_analysed_once_and_stored_with_the_claims(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each new claim is parsed for its features before the store, and they commit with it:
    nothing is left for the later passes (the stored basis matches what they read back)."""
    from app.services import claim_features

    parsed: list[str] = []
    real = claim_features.analyse_claims

    def counting(claims):  # type: ignore[no-untyped-def]
        parsed.extend(claim.content for claim in claims)
        return real(claims)

    monkeypatch.setattr(claim_features, "analyse_claims", counting)
    article = store_article(
        db, parsed=read_pasted(ADLER_AGAIN + "\n\nThe union said 300 of its 1,200 members "
                               "had signed, and that 40 more would sign by Friday."),
        user=None,
    ).article
    count = extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    assert count and len(parsed) == count  # once each, none again after the store
    stored = claim_features.stored_claims(db, article_id=article.id)
    assert len(stored) == count
    assert all(claim.stored is not None for claim in stored)  # current: version and basis
    assert any(claim.facts.quantities for claim in stored)
    again = claim_features.store_article_features(db, article_id=article.id)
    assert (again.loaded, again.analysed) == (count, 0)
