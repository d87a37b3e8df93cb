"""The synthetic archive looks like extracted data: offsets exact, proportions plausible."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Actor, Article, Claim
from app.synthetic import load_synthetic


def test_synthetic_claims_point_at_their_text(db: Session) -> None:
    sizes = load_synthetic(db, claims=450)
    assert (sizes.claims, sizes.articles) == (450, 22)
    assert db.scalar(select(func.count()).select_from(Claim)) == 450
    assert db.scalar(select(func.count()).select_from(Article)) == 22
    rows = db.execute(
        select(
            Article.text,
            Claim.start,
            Claim.end,
            Claim.content,
            Claim.mention,
            Claim.mention_start,
            Claim.mention_end,
        ).join(Claim.article)
    ).all()
    for body, start, end, content, mention, m_start, m_end in rows:
        assert body[start:end] == content
        assert body[m_start:m_end] == mention
    top = db.execute(
        text("SELECT count(*) FROM claims GROUP BY actor_id ORDER BY 1 DESC LIMIT 1")
    ).scalar_one()
    assert top > 450 / db.scalar(select(func.count()).select_from(Actor))  # a long tail
    statuses = dict(
        db.execute(text("SELECT status, count(*) FROM claims GROUP BY 1")).tuples().all()
    )
    assert statuses["unreviewed"] > 450 * 0.6
    # searchable like real claims
    assert (
        db.scalar(
            text(
                "SELECT count(*) FROM claims WHERE search_vector @@ "
                "websearch_to_tsquery('english', 'evacuated')"
            )
        )
        > 0
    )


def test_claims_carry_their_articles_outlet(db: Session) -> None:
    article = Article(
        text="The pier is safe, the harbour board said.",
        text_hash="pier",
        title="Pier",
        outlet="Quay Post",
    )
    db.add(article)
    db.flush()
    claim = Claim(
        article_id=article.id,
        claimant="The harbour board",
        content="The pier is safe",
        start=0,
        end=16,
        sentence_start=0,
        sentence_end=41,
        kind="indirect",
    )
    db.add(claim)
    db.flush()
    assert db.scalar(select(Claim.outlet).where(Claim.id == claim.id)) == "Quay Post"
    article.outlet = "Quay Post & Echo"
    db.flush()
    assert db.scalar(select(Claim.outlet).where(Claim.id == claim.id)) == "Quay Post & Echo"


def test_a_bulk_load_puts_back_every_index_and_foreign_key(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big load drops the claims' and articles' secondary indexes and the foreign keys of
    claims and claim_features, and adds them back (checked) once the rows are in."""
    from app import synthetic

    def schema() -> tuple[list[str], list[str]]:
        indexes = db.execute(text(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN ('claims', 'articles') ORDER BY 1"
        )).scalars().all()
        keys = db.execute(text(
            "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' ORDER BY 1"
        )).scalars().all()
        return list(indexes), list(keys)

    before = schema()
    assert any("fk_claims_article_id_articles" in k for k in before[1])
    monkeypatch.setattr(synthetic, "BULK_LOAD", 100)
    dropped: list[str] = []
    real_load_rows = synthetic.load_rows

    def load_rows(session: Session, **kwargs: int) -> object:
        dropped.extend(k for k in before[1] if k not in schema()[1])  # what the load ran without
        return real_load_rows(session, **kwargs)

    monkeypatch.setattr(synthetic, "load_rows", load_rows)
    load_synthetic(db, claims=200)
    assert {k.split()[1] for k in dropped} >= {
        "fk_claims_article_id_articles", "fk_claims_actor_id_actors",
        "fk_claim_features_claim_id_claims",
    }
    assert schema() == before
    orphan = "UPDATE claims SET article_id = -1 WHERE id = (SELECT min(id) FROM claims)"
    with pytest.raises(IntegrityError), db.begin_nested():  # and they hold again
        db.execute(text(orphan))
