"""Suggest conflicting accounts when an article's claims are stored.

Candidates come from indexes, never a scan: claims of other articles, by other claimants,
published within two weeks, that share two of the new claim's key terms (a full-text
query over claims.search_vector, GIN) or a counted thing and one term (quantities.counts).
The relate engine then scores new-vs-candidate and new-vs-new pairs; pairs already linked
in any state (a dismissed pair included) are never suggested again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, selectinload

from app.dispute_models import ClaimLink, LinkKind, LinkState
from app.models import Claim
from app.relate import ClaimFacts, QuantityFacts
from app.services.relate_scoring import score_conflicts

logger = logging.getLogger("claimdesk.suggestions")

MAX_TERMS = 8  # the new claim's longest lexemes, paired: at most 28 AND-pairs in one query
PER_CLAIM = 8  # candidates per new claim, most recent first
MAX_CANDIDATES = 80  # per article: spaCy parses each candidate once (~11 ms cold)
WINDOW_DAYS = 14  # as app.relate.candidates.MAX_DAYS_APART

CANDIDATES_SQL = text(
    """
    SELECT c.id FROM claims c
    WHERE c.search_vector @@ to_tsquery('simple', :query)
      AND c.article_id <> :article_id AND c.deleted_at IS NULL
      AND lower(c.claimant) <> lower(:claimant)
      AND (CAST(:published AS timestamptz) IS NULL OR c.published_at IS NULL
           OR c.published_at BETWEEN CAST(:published AS timestamptz) - make_interval(days => :days)
                                 AND CAST(:published AS timestamptz) + make_interval(days => :days))
    ORDER BY c.published_at DESC NULLS LAST, c.id DESC
    LIMIT :limit
    """
)
COUNTED_SQL = text(
    """
    SELECT c.id FROM quantities q JOIN claims c ON c.id = q.claim_id
    WHERE q.counts = ANY(:counts) AND c.search_vector @@ to_tsquery('simple', :any_term)
      AND c.article_id <> :article_id AND c.deleted_at IS NULL
      AND lower(c.claimant) <> lower(:claimant)
    ORDER BY c.published_at DESC NULLS LAST, c.id DESC
    LIMIT :limit
    """
)


@dataclass(frozen=True)
class SuggestionRun:
    new_claims: int
    candidates: int
    suggested: int
    retrieve_ms: float
    score_ms: float


def lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def pair_query(terms: list[str]) -> str | None:
    """A tsquery matching claims that share at least two of `terms` (or the one term)."""
    chosen = sorted(set(terms), key=lambda t: (-len(t), t))[:MAX_TERMS]
    if len(chosen) < 2:
        return lexeme(chosen[0]) if chosen else None
    return " | ".join(f"({lexeme(a)} & {lexeme(b)})" for a, b in combinations(chosen, 2))


def claim_terms(session: Session, claim_ids: list[int]) -> dict[int, list[str]]:
    rows = session.execute(
        select(Claim.id, func.tsvector_to_array(Claim.search_vector)).where(Claim.id.in_(claim_ids))
    )
    return {
        claim_id: [t for t in terms if len(t) > 2 and not t.isdigit()] for claim_id, terms in rows
    }


def candidate_ids(session: Session, claim: Claim, terms: list[str]) -> set[int]:
    query = pair_query(terms)
    if query is None:
        return set()
    params: dict[str, Any] = {
        "article_id": claim.article_id, "claimant": claim.claimant, "limit": PER_CLAIM,
        "published": claim.published_at, "days": WINDOW_DAYS, "query": query,
    }
    found = set(session.scalars(CANDIDATES_SQL, params))
    counts = sorted({q.counts for q in claim.quantities if q.counts})
    if counts:
        any_term = " | ".join(lexeme(t) for t in terms[:MAX_TERMS])
        counted = {**params, "counts": counts, "any_term": any_term}
        found.update(session.scalars(COUNTED_SQL, counted))
    return found


def facts_of(claims: list[Claim]) -> list[ClaimFacts]:
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


def live_claims(session: Session, ids: list[int]) -> list[Claim]:
    return list(
        session.scalars(
            select(Claim).where(Claim.id.in_(ids), Claim.deleted_at.is_(None))
            .options(selectinload(Claim.quantities), selectinload(Claim.article))
            .order_by(Claim.id)
        )
    )


def suggest_for_article(session: Session, *, article_id: int) -> SuggestionRun:
    """Find and store suggested conflicts between this article's claims and all others."""
    started = time.perf_counter()
    new = list(
        session.scalars(
            select(Claim).where(Claim.article_id == article_id, Claim.deleted_at.is_(None))
            .options(selectinload(Claim.quantities), selectinload(Claim.article))
            .order_by(Claim.start)
        )
    )
    terms = claim_terms(session, [c.id for c in new])
    found: dict[int, int] = {}  # candidate -> how many new claims retrieved it
    for claim in new:
        for candidate in candidate_ids(session, claim, terms.get(claim.id, [])):
            found[candidate] = found.get(candidate, 0) + 1
    for claim in new:
        found.pop(claim.id, None)
    ranked = sorted(found, key=lambda c: (-found[c], -c))[:MAX_CANDIDATES]
    candidates = live_claims(session, ranked)
    retrieved = time.perf_counter()
    claims = new + candidates
    suggestions = score_conflicts(facts_of(claims)) if len(claims) > 1 else []
    stored = 0
    new_ids = {c.id for c in new}
    for s in suggestions:
        a, b = claims[s.first], claims[s.second]
        if a.id not in new_ids and b.id not in new_ids:
            continue  # both old: judged when the later of them arrived
        if a.actor_id is not None and a.actor_id == b.actor_id:
            continue
        stored += store_suggestion(session, a.id, b.id, s.score, list(s.reasons))
    session.flush()
    return SuggestionRun(
        new_claims=len(new), candidates=len(candidates), suggested=stored,
        retrieve_ms=(retrieved - started) * 1000, score_ms=(time.perf_counter() - retrieved) * 1000,
    )


def store_suggestion(
    session: Session, first: int, second: int, score: float, reasons: list[str]
) -> int:
    """Insert unless the pair is already linked (suggested, confirmed or dismissed)."""
    low, high = sorted((first, second))
    inserted = session.scalar(
        insert(ClaimLink)
        .values(
            first_claim_id=low, second_claim_id=high, kind=LinkKind.contradicts.value,
            made_by="suggester", state=LinkState.suggested.value, score=score, reasons=reasons,
        )
        .on_conflict_do_nothing(index_elements=["first_claim_id", "second_claim_id"])
        .returning(ClaimLink.id)
    )
    return 0 if inserted is None else 1


def suggest_quietly(session: Session, *, article_id: int) -> SuggestionRun | None:
    """Suggestions are a bonus on top of extraction: a failure is logged, never raised."""
    try:
        with session.begin_nested():
            return suggest_for_article(session, article_id=article_id)
    except Exception:
        logger.exception("suggesting conflicts for article %s failed", article_id)
        return None

