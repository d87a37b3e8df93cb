"""Claimant profiles: what each source talks about in an article, pooled over its claims.

A dispute sets sources against each other on one question, so two sources whose
claims, taken together, dwell on the same things are likely on either side of it,
even when two single claims of theirs share few words. A source's pooled claims
give a steadier picture than any one claim.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from app.relate.facts import ClaimFacts, normalise_claimant
from app.relate.features import ClaimFeatures
from app.relate.signals import term_vector

Source = tuple[str, str]  # (article, normalised claimant)
MAX_STORY_TERM_HOLDERS = 50  # a term in more articles than this (and a tenth) is not compared
MAX_STORY_PARTNERS = 8  # an article is compared claim by claim with its 8 closest reports at most


def source_of(claim: ClaimFacts) -> Source:
    """The claimant of a claim within its article."""
    return claim.article, normalise_claimant(claim.claimant)


def claimant_profiles(
    claims: Sequence[ClaimFacts],
    features: Sequence[ClaimFeatures],
    idf: Mapping[str, float],
    context_weight: float,
) -> dict[Source, dict[str, float]]:
    """Unit-length pooled term vector of every source's claims."""
    totals: dict[Source, Counter[str]] = defaultdict(Counter)
    for claim, feature in zip(claims, features, strict=True):
        totals[source_of(claim)].update(term_vector(feature, idf, context_weight))
    profiles = {}
    for source, total in totals.items():
        length = math.sqrt(sum(w * w for w in total.values())) or 1.0
        profiles[source] = {term: weight / length for term, weight in total.items()}
    return profiles


class ProfileSimilarity:
    """Cosine of two sources' profiles, computed once per pair of sources."""

    def __init__(self, profiles: Mapping[Source, Mapping[str, float]]) -> None:
        self.profiles = profiles
        self.cache: dict[tuple[Source, Source], float] = {}

    def __call__(self, a: ClaimFacts, b: ClaimFacts) -> float:
        key = min(source_of(a), source_of(b)), max(source_of(a), source_of(b))
        if key not in self.cache:
            pa, pb = self.profiles.get(key[0], {}), self.profiles.get(key[1], {})
            small, large = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
            self.cache[key] = sum(w * large.get(t, 0.0) for t, w in small.items())
        return self.cache[key]


def article_profiles(
    claims: Sequence[ClaimFacts],
    features: Sequence[ClaimFeatures],
    idf: Mapping[str, float],
    context_weight: float,
) -> dict[str, dict[str, float]]:
    """Unit-length pooled term vector of every article's claims (what the article is about)."""
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for claim, feature in zip(claims, features, strict=True):
        totals[claim.article].update(term_vector(feature, idf, context_weight))
    profiles = {}
    for article, total in totals.items():
        length = math.sqrt(sum(w * w for w in total.values())) or 1.0
        profiles[article] = {term: weight / length for term, weight in total.items()}
    return profiles


def same_story_articles(
    claims: Sequence[ClaimFacts],
    features: Sequence[ClaimFeatures],
    idf: Mapping[str, float],
    context_weight: float,
    threshold: float,
) -> set[tuple[str, str]]:
    """Pairs of articles (sorted) whose pooled claims are alike: reports of one story.

    Several outlets covering one event quote the same sources on the same
    questions, so their claims pool into close profiles (cosine >= `threshold`),
    while articles on other stories share little beyond common words. A term held
    by most articles of a large batch adds little and is skipped, and each article
    keeps its `MAX_STORY_PARTNERS` closest reports, so a big batch on one subject
    stays near linear in the number of articles.
    """
    profiles = article_profiles(claims, features, idf, context_weight)
    postings: dict[str, list[str]] = defaultdict(list)
    for article in sorted(profiles):
        for term in profiles[article]:
            postings[term].append(article)
    cap = max(MAX_STORY_TERM_HOLDERS, len(profiles) // 10)
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for term, holders in postings.items():
        if len(holders) > cap:
            continue
        for position, first in enumerate(holders):
            for second in holders[position + 1:]:
                sums[(first, second)] += profiles[first][term] * profiles[second][term]
    partners: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (first, second), value in sums.items():
        if value >= threshold:
            partners[first].append((value, second))
            partners[second].append((value, first))
    stories = set()
    for article, found in partners.items():
        for _, other in sorted(found, key=lambda p: (-p[0], p[1]))[:MAX_STORY_PARTNERS]:
            stories.add((min(article, other), max(article, other)))
    return stories
