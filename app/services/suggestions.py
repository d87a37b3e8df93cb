"""Suggest conflicting accounts when an article's claims are stored.

Candidates come from indexes, never a scan: claims of other articles, by other claimants,
published within two weeks, that share two of the new claim's key terms (a full-text
query over claims.search_vector) or a counted thing and one term (quantities.counts).
The window's newest claims are read once (ix_claims_newest) and most claims find their
PER_CLAIM matches there; the others go on below, by whichever index Postgres picks for
their terms (the GIN index when they are rare).
The relate engine then scores new-vs-candidate and new-vs-new pairs over the claims'
stored features (app/services/claim_features.py: nothing is parsed when every claim has
current ones); pairs already linked in any state (a dismissed pair included) are never
suggested again.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.dispute_models import LinkKind, LinkState
from app.services.claim_features import (
    FeatureRun,
    StoredClaim,
    facts_of,
    features_for,
    stored_claims,
)
from app.services.relate_scoring import score_conflicts

__all__ = ["facts_of", "suggest_for_article", "suggest_quietly"]

logger = logging.getLogger("claimdesk.suggestions")

MAX_TERMS = 8  # the new claim's longest lexemes, paired: at most 28 AND-pairs in one query
PER_CLAIM = 8  # candidates per new claim, most recent first
MAX_CANDIDATES = 80  # per article
WINDOW_DAYS = 14  # as app.relate.candidates.MAX_DAYS_APART
WALK = 400  # claims of a window read newest first, once, before the indexes take over

# The newest WALK claims of each window (one per distinct publication date among the new
# claims; usually the article's one), read once by ix_claims_newest and kept for all branches.
WALK_CTE = """walk_{k} AS MATERIALIZED (
    SELECT c.id, c.published_at, c.search_vector, c.claimant FROM claims c
    WHERE c.published_at BETWEEN :low_{k} AND :high_{k}
      AND c.deleted_at IS NULL AND c.article_id <> :article_id
    ORDER BY c.published_at DESC NULLS LAST, c.id DESC LIMIT :walk)"""
# What the walked claims count, looked up once for all the counted branches.
WALK_COUNTS_CTE = """walk_{k}_counts AS MATERIALIZED (
    SELECT q.claim_id, CAST(q.counts AS text) AS counts FROM quantities q
    WHERE q.claim_id IN (SELECT id FROM walk_{k}) AND q.counts IS NOT NULL)"""
# Where each window's walk ends (NULL when the walk covers the whole window), and whether any
# claim is undated: one round trip before the candidate statement.
EDGES_SQL = text(
    """
    SELECT u.undated, w.k, e.published_at, e.id
    FROM (SELECT EXISTS (SELECT 1 FROM claims WHERE published_at IS NULL
                         AND deleted_at IS NULL) AS undated) u
    LEFT JOIN unnest(CAST(:lows AS timestamptz[]), CAST(:highs AS timestamptz[]))
         WITH ORDINALITY AS w(low, high, k) ON true
    LEFT JOIN LATERAL (
        SELECT c.published_at, c.id FROM claims c
        WHERE c.published_at BETWEEN w.low AND w.high
          AND c.deleted_at IS NULL AND c.article_id <> :article_id
        ORDER BY c.published_at DESC NULLS LAST, c.id DESC OFFSET :walk - 1 LIMIT 1
    ) e ON true
    ORDER BY w.k
    """
)
# One branch per new claim (and per claim with counted quantities) in one UNION ALL. A dated
# claim's branch takes the first PER_CLAIM matches of its window's walk (newest first: the
# order the walk was stored in) and, only if it found fewer (Append under Limit runs a
# child only when the one before ran dry), the rest of the window by whatever index Postgres
# prefers for that claim's terms (the GIN index when they are rare), then undated claims.
# Left to itself, Postgres often picked the GIN index for common terms too, reading posting
# lists of thousands of claims (~5 ms a branch at 100k claims).
DATED_BRANCH = """
    (SELECT CAST(:claim_{i} AS bigint) AS claim_id, w.id FROM (
      (SELECT c.id FROM walk_{k} c
       WHERE {walk_match} AND lower(c.claimant) <> lower(:claimant_{i}) LIMIT :limit){rest}{undated}
     ) w LIMIT :limit)"""
REST_PART = """
      UNION ALL
      (SELECT c.id FROM claims c
       WHERE {match} AND c.published_at >= :low_{k}
         AND (c.published_at, c.id) < (CAST(:edge_at_{k} AS timestamptz), :edge_id_{k}){common}
       ORDER BY c.published_at DESC NULLS LAST, c.id DESC LIMIT :limit)"""
UNDATED_PART = """
      UNION ALL
      (SELECT c.id FROM claims c
       WHERE {match} AND c.published_at IS NULL{common}
       ORDER BY c.id DESC LIMIT :limit)"""
UNDATED_BRANCH = """
    (SELECT CAST(:claim_{i} AS bigint) AS claim_id, c.id FROM claims c
     WHERE {match}{common}
     ORDER BY c.published_at DESC NULLS LAST, c.id DESC LIMIT :limit)"""
COMMON = """
       AND c.article_id <> :article_id AND c.deleted_at IS NULL
       AND lower(c.claimant) <> lower(:claimant_{i})"""
# Two of the claim's terms.
TERMS_MATCH = "c.search_vector @@ to_tsquery('simple', :query_{i})"
# What the claim counts ("killed", "displaced") and one of its terms (in a walk: looked up in
# what the walked claims count).
COUNTED_MATCH = (
    "c.search_vector @@ to_tsquery('simple', :query_{i}) AND EXISTS (SELECT 1 FROM quantities q"
    " WHERE q.claim_id = c.id AND q.counts = ANY(CAST(:counts_{i} AS text[])))"
)
COUNTED_WALK_MATCH = (
    "c.search_vector @@ to_tsquery('simple', :query_{i}) AND c.id IN (SELECT claim_id FROM"
    " walk_{k}_counts WHERE counts = ANY(CAST(:counts_{i} AS text[])))"
)


@dataclass(frozen=True)
class Branch:
    """One candidate query: for `claim`, claims matching `query` (and counting `counts`)."""

    claim: StoredClaim
    query: str
    counts: tuple[str, ...] = ()


@dataclass(frozen=True)
class SuggestionRun:
    new_claims: int
    candidates: int
    suggested: int
    retrieve_ms: float  # candidate SQL and loading the claims
    score_ms: float  # features (stored, or analysed when missing) and pair scoring
    features_ms: float = 0.0  # of score_ms: reading stored features, parsing missing ones
    analysed: int = 0  # claims parsed by spaCy (features missing or stale)


def lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def key_terms(terms: list[str]) -> list[str]:
    return [t for t in terms if len(t) > 2 and not t.isdigit()]


def pair_query(terms: list[str]) -> str | None:
    """A tsquery matching claims that share at least two of `terms` (or the one term)."""
    chosen = sorted(set(terms), key=lambda t: (-len(t), t))[:MAX_TERMS]
    if len(chosen) < 2:
        return lexeme(chosen[0]) if chosen else None
    return " | ".join(f"({lexeme(a)} & {lexeme(b)})" for a, b in combinations(chosen, 2))


def branches(claims: list[StoredClaim]) -> list[Branch]:
    """The candidate queries of an article's claims: term pairs, and counted things."""
    found = []
    for claim in claims:
        terms = key_terms(claim.terms)
        query = pair_query(terms)
        if query is not None:
            found.append(Branch(claim, query))
        counts = sorted({q.counts for q in claim.facts.quantities or () if q.counts})
        if counts and terms:
            found.append(Branch(claim, " | ".join(lexeme(t) for t in terms[:MAX_TERMS]),
                                tuple(counts)))
    return found


@dataclass
class CandidatePlan:
    """The candidate statement of one article: its branches and their windows."""

    article_id: int
    branches: list[Branch]
    windows: list[tuple[datetime, datetime]]  # distinct (low, high) of the dated claims
    window_of: dict[int, int]  # branch number -> window number
    edges: dict[int, tuple[datetime, int]]  # window -> where its walk ends, if short of it
    undated: bool  # whether any live claim is undated


def plan_candidates(session: Session, claims: list[StoredClaim]) -> CandidatePlan:
    found = branches(claims)
    span = timedelta(days=WINDOW_DAYS)
    windows: list[tuple[datetime, datetime]] = []
    window_of: dict[int, int] = {}
    for i, branch in enumerate(found):
        if branch.claim.published_at is not None:
            window = (branch.claim.published_at - span, branch.claim.published_at + span)
            if window not in windows:
                windows.append(window)
            window_of[i] = windows.index(window)
    article_id = int(claims[0].facts.article) if claims else 0
    rows = session.execute(EDGES_SQL, {
        "lows": [low for low, _ in windows], "highs": [high for _, high in windows],
        "article_id": article_id, "walk": WALK,
    }).all()
    edges = {k - 1: (at, claim) for _, k, at, claim in rows if at is not None}
    return CandidatePlan(article_id, found, windows, window_of, edges, bool(rows[0][0]))


def candidates_sql(plan: CandidatePlan) -> str:
    ctes = [WALK_CTE.format(k=k) for k in range(len(plan.windows))]
    counted = {plan.window_of[i] for i, b in enumerate(plan.branches)
               if b.counts and i in plan.window_of}
    ctes += [WALK_COUNTS_CTE.format(k=k) for k in sorted(counted)]
    parts = []
    for i, branch in enumerate(plan.branches):
        match = (COUNTED_MATCH if branch.counts else TERMS_MATCH).format(i=i)
        common = COMMON.format(i=i)
        if i not in plan.window_of:
            parts.append(UNDATED_BRANCH.format(i=i, match=match, common=common))
            continue
        k = plan.window_of[i]
        walk_match = (COUNTED_WALK_MATCH if branch.counts else TERMS_MATCH).format(i=i, k=k)
        parts.append(DATED_BRANCH.format(
            i=i, k=k, walk_match=walk_match,
            rest=REST_PART.format(k=k, match=match, common=common) if k in plan.edges else "",
            undated=UNDATED_PART.format(match=match, common=common) if plan.undated else "",
        ))
    union = "\nUNION ALL".join(parts)
    return f"WITH {', '.join(ctes)}\n{union}" if ctes else union


def candidate_params(plan: CandidatePlan) -> dict[str, Any]:
    params: dict[str, Any] = {"article_id": plan.article_id, "limit": PER_CLAIM, "walk": WALK}
    for k, (low, high) in enumerate(plan.windows):
        params.update({f"low_{k}": low, f"high_{k}": high})
        if k in plan.edges:
            params.update({f"edge_at_{k}": plan.edges[k][0], f"edge_id_{k}": plan.edges[k][1]})
    for i, branch in enumerate(plan.branches):
        params.update({f"claim_{i}": branch.claim.id, f"query_{i}": branch.query,
                       f"claimant_{i}": branch.claim.facts.claimant})
        if branch.counts:
            params[f"counts_{i}"] = list(branch.counts)
    return params


def candidate_hits(session: Session, claims: list[StoredClaim]) -> dict[int, int]:
    """Candidate claim id -> how many of the article's queries retrieved it."""
    plan = plan_candidates(session, claims)
    if not plan.branches:
        return {}
    hits: dict[int, int] = {}
    for _, candidate in session.execute(text(candidates_sql(plan)), candidate_params(plan)):
        hits[candidate] = hits.get(candidate, 0) + 1
    return hits


def suggest_for_article(session: Session, *, article_id: int) -> SuggestionRun:
    """Find and store suggested conflicts between this article's claims and all others."""
    started = time.perf_counter()
    new = stored_claims(session, article_id=article_id)
    found = candidate_hits(session, new)
    for claim in new:
        found.pop(claim.id, None)
    ranked = sorted(found, key=lambda c: (-found[c], -c))[:MAX_CANDIDATES]
    candidates = stored_claims(session, ids=ranked)
    retrieved = time.perf_counter()
    claims = new + candidates
    run = FeatureRun()
    features = features_for(session, claims, run=run)
    featured = time.perf_counter()
    facts = [c.facts for c in claims]
    suggestions = score_conflicts(facts, features=features) if len(claims) > 1 else []
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
        features_ms=(featured - retrieved) * 1000, analysed=run.analysed,
    )


def link_values(first: int, second: int, score: float, reasons: list[str]) -> dict[str, Any]:
    low, high = sorted((first, second))
    return {"first_claim_id": low, "second_claim_id": high, "kind": LinkKind.contradicts.value,
            "made_by": "suggester", "state": LinkState.suggested.value, "score": score,
            "reasons": reasons}


# Arrays in, one statement out: its text is the same for any number of rows (a VALUES list
# of 150 rows took SQLAlchemy ~30 ms to compile, as long as the rest of a suggestion).
INSERT_LINKS = text(
    """
    INSERT INTO claim_links (first_claim_id, second_claim_id, kind, made_by, state, score,
                             reasons)
    SELECT * FROM unnest(CAST(:first AS bigint[]), CAST(:second AS bigint[]),
                         CAST(:kind AS text[]), CAST(:made_by AS text[]),
                         CAST(:state AS text[]), CAST(:score AS float8[]),
                         CAST(CAST(:reasons AS text[]) AS jsonb[]))
    ON CONFLICT (first_claim_id, second_claim_id) DO NOTHING
    RETURNING id
    """
)


def store_suggestions(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert in one statement, skipping pairs already linked (suggested, confirmed or
    dismissed): a dismissed pair is never suggested again."""
    if not rows:
        return 0
    columns = {
        "first": "first_claim_id", "second": "second_claim_id", "kind": "kind",
        "made_by": "made_by", "state": "state", "score": "score",
    }
    params: dict[str, list[Any]] = {
        name: [row[column] for row in rows] for name, column in columns.items()
    }
    params["reasons"] = [json.dumps(row["reasons"]) for row in rows]
    return len(session.execute(INSERT_LINKS, params).all())


def suggest_quietly(session: Session, *, article_id: int) -> SuggestionRun | None:
    """Suggestions are a bonus on top of extraction: a failure is logged, never raised."""
    try:
        with session.begin_nested():
            return suggest_for_article(session, article_id=article_id)
    except Exception:
        logger.exception("suggesting conflicts for article %s failed", article_id)
        return None

