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
