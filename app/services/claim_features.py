"""Claims' relate features, stored in claim_features so each claim is parsed once.

The worker analyses an article's claims right after storing them (`store_article_features`);
the suggester then reads the stored features of the new claims and of their candidates
(`features_for`) and analyses only claims whose features are missing or stale (stored
before this migration, by an older FEATURES_VERSION, or for a claim since edited), storing
what it computed. Pages that only read (compare) use stored features without writing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.extract import ExtractedClaim
from app.models import Claim
from app.relate import ClaimFacts, QuantityFacts
from app.relate.features import ClaimFeatures, analyse_claims
from app.relate.stored import basis, features_from_json, features_to_json, version_tag

logger = logging.getLogger("claimdesk.claim_features")


def facts_of(claims: list[Claim]) -> list[ClaimFacts]:
    """What the relate engine needs of ORM claims (quantities and article loaded)."""
    return [
        ClaimFacts(
            id=str(c.id),
            article=str(c.article_id),
            claimant=c.claimant,
            content=c.content,
            sentence=c.article.text[c.sentence_start : c.sentence_end],
            cue=c.cue,
            quantities=tuple(
                QuantityFacts(text=q.text, low=q.low, high=q.high, counts=q.counts, unit=q.unit,
                              approx=q.approx)
                for q in c.quantities
            ) or None,
            published=c.published_at.date() if c.published_at else None,
            start=c.start,
        )
        for c in claims
    ]


def read_back(number: float | None) -> float | None:
    """A double precision as `stored_claims` reads it back through JSON: Postgres writes a
    whole number under 10**15 without a decimal point, so it comes back an int (and the
    basis, which holds the quantities as JSON, tells 2 from 2.0)."""
    if number is not None and float(number).is_integer() and abs(number) < 1e15:
        return int(number)
    return number


def extracted_facts(text: str, claim: ExtractedClaim) -> ClaimFacts:
    """What `stored_claims` will read back of an extracted claim once it is stored (the
    same cuts and quantity order), so features analysed before the store match its basis."""
    quantities = sorted(claim.quantities, key=lambda q: q.start)
    return ClaimFacts(
        id="",
        article="",
        claimant=(claim.claimant or "Unknown")[:300],
        content=claim.content,
        sentence=text[claim.sentence_start : claim.sentence_end],
        cue=claim.cue[:100],
        quantities=tuple(
            QuantityFacts(text=q.text[:200], low=read_back(q.low), high=read_back(q.high),
                          counts=q.counts, unit=q.unit, approx=q.approx)
            for q in quantities
        ) or None,
        start=claim.start,
    )


def analyse_extracted(
    text: str, claims: Sequence[ExtractedClaim]
) -> list[tuple[ClaimFacts, ClaimFeatures]] | None:
    """Facts and features of an article's new claims, analysed before they are stored (no
    lock held); the facts give the stored basis. A failure is logged and gives None: the
    claims are then analysed after the store."""
    try:
        facts = [extracted_facts(text, claim) for claim in claims]
        return list(zip(facts, analyse_claims(facts), strict=True))
    except Exception:
        logger.exception("analysing the features of new claims failed")
        return None


@dataclass(frozen=True)
class StoredClaim:
    """A live claim as the suggester reads it: facts, terms and stored features (if any)."""

    id: int
    actor_id: int | None
    published_at: datetime | None
    facts: ClaimFacts
    terms: list[str]  # lexemes of its search_vector
    stored: Any  # claim_features.features when version and basis are current, else None


# One round trip for claims with their sentence, quantities, lexemes and stored features.
# The sentence is cut from the article in SQL, so no article text travels.
CLAIMS_SQL = """
    SELECT c.id, c.article_id, c.actor_id, c.claimant, c.content, c.cue, c.start,
           c.published_at,
           substr(a.text, c.sentence_start + 1, greatest(c.sentence_end - c.sentence_start, 0)),
           tsvector_to_array(c.search_vector),
           (SELECT json_agg(json_build_array(q.text, q.low, q.high, q.counts, q.unit, q.approx)
                            ORDER BY q.start, q.id)
            FROM quantities q WHERE q.claim_id = c.id),
           f.version, f.basis, f.features
    FROM claims c
    JOIN articles a ON a.id = c.article_id
    LEFT JOIN claim_features f ON f.claim_id = c.id
    WHERE c.deleted_at IS NULL AND {where}
    ORDER BY {order}"""


def stored_claims(session: Session, *, ids: Iterable[int] = (),
                  article_id: int | None = None) -> list[StoredClaim]:
    """Live claims by id (in id order) or of one article (in text order)."""
    if article_id is not None:
        sql = CLAIMS_SQL.format(where="c.article_id = :article_id", order="c.start, c.id")
        params: dict[str, Any] = {"article_id": article_id}
    else:
        sql = CLAIMS_SQL.format(where="c.id = ANY(CAST(:ids AS bigint[]))", order="c.id")
        params = {"ids": sorted(set(ids))}
        if not params["ids"]:
            return []
    tag = version_tag()
    found = []
    for (claim_id, article, actor_id, claimant, content, cue, start, published, sentence, terms,
         quantities, version, fingerprint, features) in session.execute(text(sql), params):
        facts = ClaimFacts(
            id=str(claim_id), article=str(article), claimant=claimant, content=content,
            sentence=sentence or "", cue=cue,
            quantities=tuple(
                QuantityFacts(text=q[0], low=q[1], high=q[2], counts=q[3], unit=q[4],
                              approx=bool(q[5]))
                for q in quantities
            ) if quantities else None,
            published=published.date() if published else None, start=start,
        )
        current = version == tag and fingerprint == basis(facts)
        found.append(StoredClaim(id=claim_id, actor_id=actor_id, published_at=published,
                                 facts=facts, terms=list(terms or []),
                                 stored=features if current else None))
    return found


@dataclass
class FeatureRun:
    """What `features_for` did: how many claims it read from storage and how many it parsed."""

    loaded: int = 0
    analysed: int = 0


def features_for(
    session: Session, claims: Sequence[StoredClaim], *, store: bool = True,
    run: FeatureRun | None = None,
) -> list[ClaimFeatures]:
    """Features of `claims`: stored ones where current, the rest analysed (and stored)."""
    run = run if run is not None else FeatureRun()
    result: list[ClaimFeatures | None] = [
        features_from_json(c.stored) if c.stored is not None else None for c in claims
    ]
    missing = [i for i, features in enumerate(result) if features is None]
    run.loaded += len(claims) - len(missing)
    if missing:
        analysed = analyse_claims([claims[i].facts for i in missing])
        run.analysed += len(missing)
        for i, features in zip(missing, analysed, strict=True):
            result[i] = features
        if store:
            save_features(session, [(claims[i].id, claims[i].facts, result[i]) for i in missing])
    return [features for features in result if features is not None]


# One statement text for any number of rows (SQLAlchemy compiles a VALUES list per size).
UPSERT_FEATURES = text(
    """
    INSERT INTO claim_features (claim_id, version, basis, features)
    SELECT id, :version, basis, CAST(features AS json)
    FROM unnest(CAST(:ids AS bigint[]), CAST(:bases AS text[]), CAST(:features AS text[]))
         AS n(id, basis, features)
    ON CONFLICT (claim_id) DO UPDATE
    SET version = excluded.version, basis = excluded.basis, features = excluded.features
    """
)


def save_features(
    session: Session, rows: Iterable[tuple[int, ClaimFacts, ClaimFeatures | None]]
) -> int:
    """Insert or replace stored features, in claim order (two workers storing overlapping
    claims lock their rows in one order)."""
    tag = version_tag()
    kept = sorted(
        ((claim_id, facts, features) for claim_id, facts, features in rows
         if features is not None),
        key=lambda row: row[0],
    )
    if not kept:
        return 0
    session.execute(UPSERT_FEATURES, {
        "ids": [claim_id for claim_id, _, _ in kept],
        "bases": [basis(facts) for _, facts, _ in kept],
        "features": [json.dumps(features_to_json(features), separators=(",", ":"))
                     for _, _, features in kept],
        "version": tag,
    })
    return len(kept)


STALE_SQL = text(
    """
    SELECT c.id FROM claims c LEFT JOIN claim_features f ON f.claim_id = c.id
    WHERE c.id > :after AND c.deleted_at IS NULL
      AND (f.claim_id IS NULL OR f.version <> :version)
    ORDER BY c.id LIMIT :batch
    """
)


def refresh_stale(session: Session, *, after: int = 0, batch: int = 500) -> tuple[int, int]:
    """Analyse and store one batch of claims (ids above `after`) whose features are missing
    or of another version. Returns (claims analysed, last id looked at; 0 when done)."""
    ids = list(session.scalars(STALE_SQL, {"after": after, "version": version_tag(),
                                           "batch": batch}))
    if not ids:
        return 0, 0
    run = FeatureRun()
    features_for(session, stored_claims(session, ids=ids), run=run)
    return run.analysed, ids[-1]


def store_article_features(session: Session, *, article_id: int) -> FeatureRun:
    """Analyse and store the features of an article's claims that lack current ones."""
    run = FeatureRun()
    features_for(session, stored_claims(session, article_id=article_id), run=run)
    return run


def store_features_quietly(session: Session, *, article_id: int) -> FeatureRun | None:
    """Stored features only spare later parsing: a failure is logged, never raised (the
    suggester analyses what it does not find)."""
    try:
        with session.begin_nested():
            return store_article_features(session, article_id=article_id)
    except Exception:
        logger.exception("storing claim features for article %s failed", article_id)
        return None


def orm_features(session: Session, claims: list[Claim], *, store: bool = False
                 ) -> list[ClaimFeatures]:
    """Features of ORM claims (the compare page): stored where current, else analysed."""
    stored = {c.id: c.stored for c in stored_claims(session, ids=[claim.id for claim in claims])}
    rows = [
        StoredClaim(id=claim.id, actor_id=claim.actor_id, published_at=claim.published_at,
                    facts=facts, terms=[], stored=stored.get(claim.id))
        for claim, facts in zip(claims, facts_of(claims), strict=True)
    ]
    return features_for(session, rows, store=store)
