"""Claims are parsed for their relate features once, when stored; the suggester reads them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from app.models import Claim, ClaimFeatureRow
from app.relate.facts import ClaimFacts
from app.relate.features import ClaimFeatures, analyse_claims
from app.relate.stored import basis, features_from_json, version_tag
from app.services import claim_features, suggestions
from app.services.claim_features import read_back, stored_claims
from app.synthetic import load_synthetic
from tests.disputes_support import (
    cross_article_links,
    ingest_both,
    ingest_report,
    make_suggested_pair,
)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the claims spaCy analyses from now on (through the feature store)."""
    seen: list[str] = []

    def counting(claims: Sequence[ClaimFacts]) -> list[ClaimFeatures]:
        seen.extend(c.id for c in claims)
        return analyse_claims(claims)

    monkeypatch.setattr(claim_features, "analyse_claims", counting)
    return seen


def stored_rows(db: Session, article_id: int) -> dict[int, ClaimFeatureRow]:
    rows = db.scalars(
        select(ClaimFeatureRow).join(Claim, Claim.id == ClaimFeatureRow.claim_id)
        .where(Claim.article_id == article_id)
    )
    return {row.claim_id: row for row in rows}


def test_extraction_stores_every_claims_features(db: Session) -> None:
    article = ingest_report(db, "courier")
    claims = stored_claims(db, article_id=article.id)
    rows = stored_rows(db, article.id)
    assert claims and set(rows) == {c.id for c in claims}
    for claim in claims:
        row = rows[claim.id]
        assert row.version == version_tag() and row.basis == basis(claim.facts)
        assert features_from_json(row.features) == analyse_claims([claim.facts])[0]


def test_the_suggester_parses_no_claim_that_has_current_features(
    db: Session, parsed: list[str]
) -> None:
    courier, post = ingest_both(db)
    parsed.clear()
    db.execute(text("DELETE FROM claim_links"))
    run = suggestions.suggest_for_article(db, article_id=post.id)
    assert parsed == [] and run.analysed == 0
    assert run.candidates and cross_article_links(db, courier, post)


def test_stale_features_are_parsed_again_and_replaced(db: Session, parsed: list[str]) -> None:
    courier, post = ingest_both(db)
    old = list(stored_rows(db, courier.id))
    db.execute(update(ClaimFeatureRow).where(ClaimFeatureRow.claim_id.in_(old))
               .values(version="0.old"))
    parsed.clear()
    run = suggestions.suggest_for_article(db, article_id=post.id)
    assert parsed and {int(i) for i in parsed} <= set(old) and run.analysed == len(parsed)
    db.expire_all()
    rows = stored_rows(db, courier.id)  # the candidates among them are current again
    assert {rows[int(i)].version for i in parsed} == {version_tag()}


def test_an_edited_claim_is_parsed_again(db: Session, parsed: list[str]) -> None:
    courier, _post = ingest_both(db)
    claim = db.scalars(select(Claim).where(Claim.article_id == courier.id)).first()
    assert claim is not None
    claim.cue = "denied"
    db.flush()
    parsed.clear()
    suggestions.suggest_for_article(db, article_id=courier.id)
    assert parsed == [str(claim.id)]


def test_features_missing_entirely_are_computed_by_the_suggester(
    db: Session, parsed: list[str]
) -> None:
    _courier, post = ingest_both(db)
    db.execute(text("DELETE FROM claim_features"))
    parsed.clear()
    run = suggestions.suggest_for_article(db, article_id=post.id)
    assert run.analysed == len(parsed) > 0
    assert len(stored_rows(db, post.id)) == len(stored_claims(db, article_id=post.id))


def test_synthetic_claims_carry_features_equal_to_a_parse(db: Session) -> None:
    load_synthetic(db, claims=200)
    claims = stored_claims(db, ids=db.scalars(select(Claim.id)).all())
    assert len(claims) == 200 and all(c.stored is not None for c in claims)
    sample = claims[::10]
    for claim, parsed in zip(sample, analyse_claims([c.facts for c in sample]), strict=True):
        stored = features_from_json(claim.stored)
        assert stored is not None
        for name in (f.name for f in fields(ClaimFeatures)):
            if name != "entities":  # spaCy's NER takes some figures for entities
                assert getattr(stored, name) == getattr(parsed, name), (claim.facts, name)
        assert stored.entities <= parsed.entities


def test_the_compare_page_reads_stored_features_and_writes_none(
    journalist_client: TestClient, db: Session, parsed: list[str]
) -> None:
    army, rebels, _ = make_suggested_pair(db)
    url = f"/compare?a={army.article_id}&b={rebels.article_id}"
    assert "Conflict" in journalist_client.get(url).text
    assert parsed and not stored_rows(db, army.article_id)  # a GET parses, never stores
    for claim in (army, rebels):
        claim_features.store_article_features(db, article_id=claim.article_id)
    parsed.clear()
    assert "Conflict" in journalist_client.get(url).text
    assert parsed == []


def test_db_features_refreshes_missing_and_stale_features_in_batches(db: Session) -> None:
    article = ingest_report(db, "courier")
    ids = sorted(stored_rows(db, article.id))
    db.execute(update(ClaimFeatureRow).where(ClaimFeatureRow.claim_id == ids[0])
               .values(version="0.old"))
    db.execute(delete(ClaimFeatureRow).where(ClaimFeatureRow.claim_id == ids[-1]))
    analysed, after = claim_features.refresh_stale(db, batch=1)
    assert (analysed, after) == (1, ids[0])
    analysed, after = claim_features.refresh_stale(db, after=after, batch=100)
    assert (analysed, after) == (1, ids[-1])
    assert claim_features.refresh_stale(db, after=after) == (0, 0)
    db.expire_all()
    assert {row.version for row in stored_rows(db, article.id).values()} == {version_tag()}
    assert len(stored_rows(db, article.id)) == len(ids)


@pytest.mark.parametrize("number", [0.0, 2.0, -3.0, 1.5, 0.1, 999_999_999_999_999.0, 1e15, 1e20,
                                    2.5e-7, None])
def test_read_back_matches_postgres_json(db: Session, number: float | None) -> None:
    """Features analysed before the store carry the basis `stored_claims` will compute
    from the quantities' JSON: the numbers must read back the same, int or float."""
    (through_json,) = db.execute(
        text("SELECT json_build_array(CAST(:n AS double precision))"), {"n": number}
    ).scalar_one()
    assert read_back(number) == through_json
    assert type(read_back(number)) is type(through_json)
