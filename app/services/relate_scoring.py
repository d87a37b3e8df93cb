"""Pair scoring over stored claims, wrapping app.relate.

`app.relate.suggest_conflicts` parses every claim it is given with spaCy (~4-15 ms a claim).
Callers with a database pass the claims' stored features (app/services/claim_features.py);
without them, features are kept per process (keyed by claim id and content) and only claims
never seen before are parsed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from app.relate import DEFAULT_SETTINGS, ClaimFacts, RelateSettings, Suggestion
from app.relate.features import ClaimFeatures, analyse_claims
from app.relate.suggest import PairScore, score_pairs, suggest_conflicts

CACHE_SIZE = 50_000
_cache: OrderedDict[tuple[str, str, str], ClaimFeatures] = OrderedDict()


def cached_features(claims: Sequence[ClaimFacts]) -> list[ClaimFeatures]:
    keys = [(c.id, c.content, c.context) for c in claims]
    missing = [c for c, key in zip(claims, keys, strict=True) if key not in _cache]
    for claim, features in zip(missing, analyse_claims(missing) if missing else [], strict=True):
        _cache[(claim.id, claim.content, claim.context)] = features
    found = []
    for key in keys:
        _cache.move_to_end(key)
        found.append(_cache[key])
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return found


def clear_feature_cache() -> None:
    _cache.clear()


def forget_features(claim_ids: set[str]) -> None:
    for key in [k for k in _cache if k[0] in claim_ids]:
        del _cache[key]


def score_conflicts(
    claims: Sequence[ClaimFacts],
    settings: RelateSettings = DEFAULT_SETTINGS,
    min_score: float | None = None,
    features: Sequence[ClaimFeatures] | None = None,
) -> list[Suggestion]:
    """app.relate.suggest_conflicts over `features` (one per claim) or cached ones."""
    if features is None:
        features = cached_features(claims)
    return suggest_conflicts(claims, settings, min_score, features=features)


def pair_scores(
    claims: Sequence[ClaimFacts], features: Sequence[ClaimFeatures] | None = None
) -> dict[tuple[int, int], PairScore]:
    """Topic overlap and disagreement evidence of every candidate pair (the compare page)."""
    if features is None:
        features = cached_features(claims)
    return score_pairs(claims, features, DEFAULT_SETTINGS)
