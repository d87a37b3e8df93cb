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
from typing import Any, cast

from sqlalchemy import Table, func, select, text
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

# Per claim: the most recent claims of other articles and claimants in the window that match
# its term pairs. One branch per claim in a UNION ALL, so each branch is planned with its own
# tsquery and date (the GIN index ANDed with the date index), in one round trip.
CANDIDATE_BRANCH = """
    (SELECT CAST(:claim_{i} AS bigint) AS claim_id, c.id FROM claims c
     WHERE c.search_vector @@ to_tsquery('simple', :query_{i})
       AND c.article_id <> :article_id AND c.deleted_at IS NULL
       AND lower(c.claimant) <> lower(:claimant_{i}){window}
     ORDER BY c.published_at DESC NULLS LAST, c.id DESC
     LIMIT :limit)"""
WINDOW = """
       AND (c.published_at IS NULL OR c.published_at BETWEEN
            CAST(:published_{i} AS timestamptz) - make_interval(days => :days)
            AND CAST(:published_{i} AS timestamptz) + make_interval(days => :days))"""


def candidates_sql(claims: list[Claim]) -> str:
    return "\nUNION ALL".join(
        CANDIDATE_BRANCH.format(i=i, window=WINDOW.format(i=i) if c.published_at else "")
        for i, c in enumerate(claims)
    )


# Claims counting the same thing ("killed", "displaced") and sharing a term.
COUNTED_SQL = text(
    """
    SELECT n.claim_id, c.id
    FROM unnest(CAST(:claim_ids AS bigint[]), CAST(:counts AS text[]),
                CAST(:any_terms AS text[]), CAST(:claimants AS text[]))
         AS n(claim_id, counts, any_term, claimant)
    CROSS JOIN LATERAL (
        SELECT c.id FROM quantities q JOIN claims c ON c.id = q.claim_id
        WHERE q.counts = ANY(string_to_array(n.counts, '|'))
          AND c.search_vector @@ to_tsquery('simple', n.any_term)
          AND c.article_id <> :article_id AND c.deleted_at IS NULL
          AND lower(c.claimant) <> lower(n.claimant)
        ORDER BY c.published_at DESC NULLS LAST, c.id DESC
        LIMIT :limit
    ) c
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


def candidate_params(claims: list[Claim], terms: dict[int, list[str]]) -> dict[str, Any]:
    """Bind parameters of candidates_sql(claims) for the claims that have a term query."""
    params: dict[str, Any] = {
        "article_id": claims[0].article_id if claims else 0, "days": WINDOW_DAYS,
        "limit": PER_CLAIM,
    }
    for i, claim in enumerate(claims):
        params.update({f"claim_{i}": claim.id, f"query_{i}": pair_query(terms[claim.id]),
                       f"claimant_{i}": claim.claimant, f"published_{i}": claim.published_at})
    return params


def queried(claims: list[Claim], terms: dict[int, list[str]]) -> list[Claim]:
    return [c for c in claims if pair_query(terms.get(c.id, [])) is not None]


def counted_params(claims: list[Claim], terms: dict[int, list[str]]) -> dict[str, Any]:
    kept = [
        (c, "|".join(sorted({q.counts for q in c.quantities if q.counts})), terms.get(c.id, []))
        for c in claims
    ]
    kept = [(c, counts, t) for c, counts, t in kept if counts and t]
    return {
        "claim_ids": [c.id for c, _, _ in kept], "counts": [counts for _, counts, _ in kept],
        "any_terms": [" | ".join(lexeme(x) for x in t[:MAX_TERMS]) for _, _, t in kept],
        "claimants": [c.claimant for c, _, _ in kept],
        "article_id": claims[0].article_id if claims else 0, "limit": PER_CLAIM,
    }


def candidate_hits(session: Session, claims: list[Claim]) -> dict[int, int]:
    """Candidate claim id -> how many of `claims` retrieved it (two indexed statements)."""
    terms = claim_terms(session, [c.id for c in claims])
    hits: dict[int, int] = {}
    searched = queried(claims, terms)
    statements = [(COUNTED_SQL, counted_params(claims, terms))]
    if searched:
        statements.append((text(candidates_sql(searched)), candidate_params(searched, terms)))
    for sql, params in statements:
        if params.get("claim_ids") == []:
            continue
        for _, candidate in session.execute(sql, params):
            hits[candidate] = hits.get(candidate, 0) + 1
    return hits


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
    found = candidate_hits(session, new)
    for claim in new:
        found.pop(claim.id, None)
    ranked = sorted(found, key=lambda c: (-found[c], -c))[:MAX_CANDIDATES]
    candidates = live_claims(session, ranked)
    retrieved = time.perf_counter()
    claims = new + candidates
    suggestions = score_conflicts(facts_of(claims)) if len(claims) > 1 else []
    new_ids = {c.id for c in new}
    rows = [
        link_values(claims[s.first].id, claims[s.second].id, s.score, list(s.reasons))
        for s in suggestions
        if {claims[s.first].id, claims[s.second].id} & new_ids  # both old: judged before
        and (claims[s.first].actor_id is None
             or claims[s.first].actor_id != claims[s.second].actor_id)
    ]
    stored = store_suggestions(session, rows)
    return SuggestionRun(
        new_claims=len(new), candidates=len(candidates), suggested=stored,
        retrieve_ms=(retrieved - started) * 1000, score_ms=(time.perf_counter() - retrieved) * 1000,
    )


def link_values(first: int, second: int, score: float, reasons: list[str]) -> dict[str, Any]:
    low, high = sorted((first, second))
    return {"first_claim_id": low, "second_claim_id": high, "kind": LinkKind.contradicts.value,
            "made_by": "suggester", "state": LinkState.suggested.value, "score": score,
            "reasons": reasons}


def store_suggestions(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert in one statement, skipping pairs already linked (suggested, confirmed or
    dismissed): a dismissed pair is never suggested again."""
    if not rows:
        return 0
    table = cast(Table, ClaimLink.__table__)
    inserted = session.execute(
        insert(table)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["first_claim_id", "second_claim_id"])
        .returning(table.c.id)
    ).all()
    return len(inserted)


def suggest_quietly(session: Session, *, article_id: int) -> SuggestionRun | None:
    """Suggestions are a bonus on top of extraction: a failure is logged, never raised."""
    try:
        with session.begin_nested():
            return suggest_for_article(session, article_id=article_id)
    except Exception:
        logger.exception("suggesting conflicts for article %s failed", article_id)
        return None

