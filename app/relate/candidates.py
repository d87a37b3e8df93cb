"""Candidate pairs: which claims are worth comparing at all.

Comparing every pair is quadratic in the number of claims; instead claims of one
article are always compared (an article holds tens of claims), and claims of
different articles only when they share an informative key term or entity.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from app.relate.facts import ClaimFacts
from app.relate.features import ClaimFeatures

MIN_SHARED_TERMS = 2
MAX_DAYS_APART = 14  # articles published further apart are not compared


def inverse_document_frequency(features: Sequence[ClaimFeatures]) -> dict[str, float]:
    """IDF of every key term over the claims given (smoothed, always >= 1)."""
    counts: dict[str, int] = defaultdict(int)
    for feature in features:
        for term in feature.terms | feature.entities | feature.context_terms:
            counts[term] += 1
    total = len(features)
    return {term: 1.0 + math.log((total + 1) / (df + 1)) for term, df in counts.items()}


def blocking_terms(feature: ClaimFeatures) -> frozenset[str]:
    """The terms a claim is indexed under for cross-article comparison."""
    return feature.terms | feature.entities


def candidate_pairs(
    claims: Sequence[ClaimFacts],
    features: Sequence[ClaimFeatures],
    max_term_share: float = 0.1,
) -> set[tuple[int, int]]:
    """Index pairs (i < j) to score: same article, or shared informative terms.

    A term held by more than `max_term_share` of all claims (and more than a
    handful) is too common to block on.
    """
    pairs = _same_article_pairs(claims)
    postings: dict[str, list[int]] = defaultdict(list)
    for index, feature in enumerate(features):
        for term in blocking_terms(feature):
            postings[term].append(index)
    cap = max(8, int(max_term_share * len(claims)))
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for holders in postings.values():
        if len(holders) > cap:
            continue
        for position, first in enumerate(holders):
            for second in holders[position + 1:]:
                if claims[first].article != claims[second].article:
                    shared[(first, second)] += 1
    pairs.update(
        (first, second)
        for (first, second), count in shared.items()
        if count >= MIN_SHARED_TERMS and close_in_time(claims[first], claims[second])
    )
    return pairs


def close_in_time(a: ClaimFacts, b: ClaimFacts, max_days: int = MAX_DAYS_APART) -> bool:
    """Whether two claims' articles could report one story (unknown dates always could)."""
    if a.published is None or b.published is None:
        return True
    return abs((a.published - b.published).days) <= max_days


def _same_article_pairs(claims: Sequence[ClaimFacts]) -> set[tuple[int, int]]:
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        by_article[claim.article].append(index)
    return {
        (first, second)
        for members in by_article.values()
        for position, first in enumerate(members)
        for second in members[position + 1:]
    }
